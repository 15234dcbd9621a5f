"""Public checks for ``losses.hinge`` and ``losses.hinge_grad``."""

import numpy as np

from checks.framework import array, check, close, number

S = np.array([0.5, -2.0, 3.0, 0.2])
Y = np.array([1.0, 1.0, -1.0, -1.0])
# margins y s = 0.5, -2, -3, -0.2; max(0, 1 - y s) = 0.5, 3, 4, 1.2; mean 8.7 / 4 = 2.175
# every margin is below 1, so each gradient is -y / N: [-1, -1, 1, 1] / 4


@check("hinge.public_value")
def test_hinge_value(lib):
    """hinge of a small example worked out by hand, and 0 for well-classified points."""
    close(number(lib.losses.hinge(S, Y), "hinge"), 2.175, "hinge([0.5, -2, 3, 0.2], [1, 1, -1, -1])",
          n=4, reveal=True)
    close(number(lib.losses.hinge(np.array([2.0, -3.0]), np.array([1.0, -1.0])), "hinge"), 0.0,
          "hinge([2, -3], [1, -1]) (both beyond the margin)", reveal=True)


@check("hinge.public_grad")
def test_hinge_grad(lib):
    """hinge_grad of the same example, and 0 for points beyond the margin."""
    close(array(lib.losses.hinge_grad(S, Y), "hinge_grad", shape=(4,)), [-0.25, -0.25, 0.25, 0.25],
          "hinge_grad([0.5, -2, 3, 0.2], [1, 1, -1, -1])", n=4, reveal=True)
    close(array(lib.losses.hinge_grad(np.array([2.0, -3.0]), np.array([1.0, -1.0])), "hinge_grad", shape=(2,)),
          [0.0, 0.0], "hinge_grad([2, -3], [1, -1])", reveal=True)
