"""Public checks for ``penalties.l2`` and ``penalties.l2_grad``."""

import numpy as np

from checks.framework import array_list, check, close, number
from checks.hints import FIRST_ONLY, L2_GRAD_IS_L1, NO_LAM

W = [np.array([[1.0, -2.0], [0.0, 3.0]]), np.array([-0.5])]
# sum of w**2 over both arrays: 1 + 4 + 0 + 9 + 0.25 = 14.25; lam / 2 times that, lam = 0.1: 0.7125
# gradient lam * w


@check("l2.public_value")
def test_l2_value(lib):
    """l2 of a list of two arrays, worked out by hand (note the 1/2)."""
    close(number(lib.penalties.l2(W, 0.1), "l2"), 0.7125, "l2([[[1, -2], [0, 3]], [-0.5]], lam=0.1)", reveal=True,
          diagnoses=[(FIRST_ONLY, 0.7), (NO_LAM, 7.125)])


@check("l2.public_grad")
def test_l2_grad(lib):
    """l2_grad of the same list: lam * w for each array."""
    grads = array_list(lib.penalties.l2_grad(W, 0.1), "l2_grad", W, first_only=FIRST_ONLY)
    for i, (g, w) in enumerate(zip(grads, W)):
        diagnoses = [(L2_GRAD_IS_L1, 0.1 * np.sign(w)), (NO_LAM, w)]
        if i:                                   # the arrays after the first left without gradient
            diagnoses.append((FIRST_ONLY, np.zeros_like(w)))
        close(g, 0.1 * w, f"l2_grad(...)[{i}]", reveal=True, diagnoses=diagnoses)
