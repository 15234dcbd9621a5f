"""Public checks for ``losses.mse`` and ``losses.mse_grad``."""

import numpy as np

from checks.framework import array, check, close, number
from checks.gradients import numerical_gradient

Y_PRED = np.array([1.0, 2.0, 4.0, -1.0])
Y_TRUE = np.array([1.0, 0.0, 1.0, 1.0])
# errors 0, 2, 3, -2 -> squares 0, 4, 9, 4 -> mean 17 / 4


@check("mse.public_value")
def test_mse_value(lib):
    """mse of a small example worked out by hand."""
    value = number(lib.losses.mse(Y_PRED, Y_TRUE), "mse")
    close(value, 17 / 4, "mse([1, 2, 4, -1], [1, 0, 1, 1])", n=4, reveal=True)


@check("mse.public_grad")
def test_mse_grad_matches_differences(lib):
    """mse_grad agrees with central differences of the true mean squared error."""
    rng = np.random.default_rng(0)
    y_pred, y_true = rng.standard_normal((3, 2)), rng.standard_normal((3, 2))
    grad = array(lib.losses.mse_grad(y_pred, y_true), "mse_grad", shape=(3, 2))
    expected = numerical_gradient(lambda p: np.mean((p - y_true) ** 2), y_pred)
    close(grad, expected, "mse_grad on a (3, 2) example", rtol=1e-5, atol=1e-8, n=6, reveal=True)
