"""Public checks for ``penalties.l1`` and ``penalties.l1_grad``."""

import numpy as np

from checks.framework import Fail, array, check, close, number

W = [np.array([[1.0, -2.0], [0.0, 3.0]]), np.array([-0.5])]
# sum of |w| over both arrays: 1 + 2 + 0 + 3 + 0.5 = 6.5; with lam = 0.1 the penalty is 0.65
# gradient lam * sign(w), 0 where w is exactly 0


@check("l1.public_value")
def test_l1_value(lib):
    """l1 of a list of two arrays, worked out by hand."""
    close(number(lib.penalties.l1(W, 0.1), "l1"), 0.65, "l1([[[1, -2], [0, 3]], [-0.5]], lam=0.1)", reveal=True)


@check("l1.public_grad")
def test_l1_grad(lib):
    """l1_grad of the same list: one gradient array per weight array."""
    grads = lib.penalties.l1_grad(W, 0.1)
    if not isinstance(grads, list) or len(grads) != 2:
        raise Fail("l1_grad of a list of 2 arrays must return a list of 2 arrays")
    close(array(grads[0], "l1_grad", shape=(2, 2)), [[0.1, -0.1], [0.0, 0.1]], "l1_grad(...)[0]", reveal=True)
    close(array(grads[1], "l1_grad", shape=(1,)), [-0.1], "l1_grad(...)[1]", reveal=True)
