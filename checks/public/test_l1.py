"""Public checks for ``penalties.l1`` and ``penalties.l1_grad``."""

import numpy as np

from checks.framework import array_list, check, close, number
from checks.hints import FIRST_ONLY, L1_GRAD_AT_ZERO, L1_GRAD_IS_L2, L1_IS_L2, L1_NO_ABS, NO_LAM

W = [np.array([[1.0, -2.0], [0.0, 3.0]]), np.array([-0.5])]
# sum of |w| over both arrays: 1 + 2 + 0 + 3 + 0.5 = 6.5; with lam = 0.1 the penalty is 0.65
# gradient lam * sign(w), 0 where w is exactly 0


@check("l1.public_value")
def test_l1_value(lib):
    """l1 of a list of two arrays, worked out by hand."""
    close(number(lib.penalties.l1(W, 0.1), "l1"), 0.65, "l1([[[1, -2], [0, 3]], [-0.5]], lam=0.1)", reveal=True,
          diagnoses=[(L1_IS_L2, 0.7125), (FIRST_ONLY, 0.6), (NO_LAM, 6.5), (L1_NO_ABS, 0.15)])


@check("l1.public_grad")
def test_l1_grad(lib):
    """l1_grad of the same list: one gradient array per weight array, 0 where w is exactly 0."""
    grads = array_list(lib.penalties.l1_grad(W, 0.1), "l1_grad", W, first_only=FIRST_ONLY)
    for i, (g, w) in enumerate(zip(grads, W)):
        close(g, 0.1 * np.sign(w), f"l1_grad(...)[{i}]", reveal=True,
              diagnoses=[(L1_GRAD_IS_L2, 0.1 * w), (NO_LAM, np.sign(w)),
                         (L1_GRAD_AT_ZERO, np.where(w >= 0, 0.1, -0.1)), (L1_GRAD_AT_ZERO, np.where(w > 0, 0.1, -0.1))])
