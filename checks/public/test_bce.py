"""Public checks for ``losses.binary_cross_entropy`` and its gradient."""

import numpy as np

from checks.framework import array, check, close, number

P = np.array([0.9, 0.2, 0.5, 0.6])
Y = np.array([1.0, 0.0, 1.0, 0.0])
# terms -log(0.9), -log(0.8), -log(0.5), -log(0.4); their mean:
VALUE = -(np.log(0.9) + np.log(0.8) + np.log(0.5) + np.log(0.4)) / 4
# gradient (p - y) / (p (1 - p)) / N: -0.1/0.09, 0.2/0.16, -0.5/0.25, 0.6/0.24, each / 4
GRAD = np.array([-0.1 / 0.09, 0.2 / 0.16, -0.5 / 0.25, 0.6 / 0.24]) / 4


@check("bce.public_value")
def test_bce_value(lib):
    """binary_cross_entropy of a small example worked out by hand."""
    close(number(lib.losses.binary_cross_entropy(P, Y), "binary_cross_entropy"), VALUE,
          "binary_cross_entropy([0.9, 0.2, 0.5, 0.6], [1, 0, 1, 0])", n=4, reveal=True)


@check("bce.public_grad")
def test_bce_grad(lib):
    """binary_cross_entropy_grad of the same example."""
    grad = array(lib.losses.binary_cross_entropy_grad(P, Y), "binary_cross_entropy_grad", shape=(4,))
    close(grad, GRAD, "binary_cross_entropy_grad([0.9, 0.2, 0.5, 0.6], [1, 0, 1, 0])", n=4, reveal=True)
