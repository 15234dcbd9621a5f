"""Public checks for ``penalties.l2`` and ``penalties.l2_grad``."""

import numpy as np

from checks.framework import Fail, array, check, close, number

W = [np.array([[1.0, -2.0], [0.0, 3.0]]), np.array([-0.5])]
# sum of w**2 over both arrays: 1 + 4 + 0 + 9 + 0.25 = 14.25; lam / 2 times that, lam = 0.1: 0.7125
# gradient lam * w


@check("l2.public_value")
def test_l2_value(lib):
    """l2 of a list of two arrays, worked out by hand (note the 1/2)."""
    close(number(lib.penalties.l2(W, 0.1), "l2"), 0.7125, "l2([[[1, -2], [0, 3]], [-0.5]], lam=0.1)", reveal=True)


@check("l2.public_grad")
def test_l2_grad(lib):
    """l2_grad of the same list: lam * w for each array."""
    grads = lib.penalties.l2_grad(W, 0.1)
    if not isinstance(grads, list) or len(grads) != 2:
        raise Fail("l2_grad of a list of 2 arrays must return a list of 2 arrays")
    close(array(grads[0], "l2_grad", shape=(2, 2)), [[0.1, -0.2], [0.0, 0.3]], "l2_grad(...)[0]", reveal=True)
    close(array(grads[1], "l2_grad", shape=(1,)), [-0.05], "l2_grad(...)[1]", reveal=True)
