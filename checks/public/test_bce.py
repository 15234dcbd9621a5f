"""Public checks for ``losses.binary_cross_entropy`` and its gradient."""

import numpy as np

from checks.framework import array, check, close, finite, known_factor, number
from checks.hints import BCE_LOGIT_GRAD, BCE_NO_CLAMP, BCE_NO_FLOOR, BCE_SWAPPED, bce_clipped_values, bce_floor_grads

P = np.array([0.9, 0.2, 0.5, 0.6])
Y = np.array([1.0, 0.0, 1.0, 0.0])
# terms -log(0.9), -log(0.8), -log(0.5), -log(0.4); their mean:
VALUE = -(np.log(0.9) + np.log(0.8) + np.log(0.5) + np.log(0.4)) / 4
SWAPPED = -(np.log(0.1) + np.log(0.2) + np.log(0.5) + np.log(0.6)) / 4      # y multiplying log(1 - p)
# gradient (p - y) / (p (1 - p)) / N: -0.1/0.09, 0.2/0.16, -0.5/0.25, 0.6/0.24, each / 4
GRAD = np.array([-0.1 / 0.09, 0.2 / 0.16, -0.5 / 0.25, 0.6 / 0.24]) / 4


@check("bce.public_value")
def test_bce_value(lib):
    """binary_cross_entropy of a small example worked out by hand."""
    close(number(lib.losses.binary_cross_entropy(P, Y), "binary_cross_entropy"), VALUE,
          "binary_cross_entropy([0.9, 0.2, 0.5, 0.6], [1, 0, 1, 0])", n=4, reveal=True,
          diagnoses=[(BCE_SWAPPED, SWAPPED)])


@check("bce.public_grad")
def test_bce_grad(lib):
    """binary_cross_entropy_grad of the same example."""
    grad = array(lib.losses.binary_cross_entropy_grad(P, Y), "binary_cross_entropy_grad", shape=(4,))
    close(grad, GRAD, "binary_cross_entropy_grad([0.9, 0.2, 0.5, 0.6], [1, 0, 1, 0])", n=4, reveal=True,
          diagnoses=[(BCE_LOGIT_GRAD, (P - Y) / 4)])


# At p = 0 and p = 1 (notebook 02): each log is clamped at -100, so a certain wrong prediction
# costs exactly 100 and a certain right one 0: the mean of 100, 100, 0, 0 is 50. The gradient's
# denominator p (1 - p) is kept from falling below 1e-12: at p = 0 with y = 1 it is
# (0 - 1) / 1e-12 / N = -2.5e11, and 0 where p = y.
P_EDGE = np.array([0.0, 1.0, 0.0, 1.0])
Y_EDGE = np.array([1.0, 0.0, 0.0, 1.0])


@check("bce.public_extremes")
def test_bce_at_zero_and_one(lib):
    """At p = 0 and p = 1 the loss follows PyTorch (each log clamped at -100: 100 for a certain
    wrong prediction, 0 for a certain right one) and so does the gradient (its denominator
    p (1 - p) floored at 1e-12). (A mistake in the mean, such as a sum, is left to the checks
    above: here the expectations follow your function's scale on the example above.)"""
    scale = known_factor(number(lib.losses.binary_cross_entropy(P, Y), "binary_cross_entropy"), VALUE, 4) or 1.0
    what = "binary_cross_entropy([0, 1, 0, 1], [1, 0, 0, 1])"
    value = number(lib.losses.binary_cross_entropy(P_EDGE, Y_EDGE), "binary_cross_entropy")
    finite(value, what, hint=BCE_NO_CLAMP)
    close(value, 50.0 * scale, what, n=4, reveal=True, diagnoses=bce_clipped_values(P_EDGE, Y_EDGE))
    grad = array(lib.losses.binary_cross_entropy_grad(P, Y), "binary_cross_entropy_grad", shape=(4,))
    scale = known_factor(grad, GRAD, 4) or 1.0
    what = "binary_cross_entropy_grad([0, 1, 0, 1], [1, 0, 0, 1])"
    grad = array(lib.losses.binary_cross_entropy_grad(P_EDGE, Y_EDGE), "binary_cross_entropy_grad", shape=(4,))
    finite(grad, what, hint=BCE_NO_FLOOR)
    close(grad, scale * np.array([-1e12, 1e12, 0.0, 0.0]) / 4, what, n=4, reveal=True,
          diagnoses=bce_floor_grads(P_EDGE, Y_EDGE))
