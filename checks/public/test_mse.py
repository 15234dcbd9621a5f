"""Public checks for ``losses.mse`` and ``losses.mse_grad``."""

import numpy as np

from checks.framework import array, check, close, number
from checks.gradients import numerical_gradient
from checks.hints import MSE_ABS
from checks.speed import SIZE, check_speed
from checks.wire import Generated

Y_PRED = np.array([1.0, 2.0, 4.0, -1.0])
Y_TRUE = np.array([1.0, 0.0, 1.0, 1.0])
# errors 0, 2, 3, -2 -> squares 0, 4, 9, 4 -> mean 17 / 4 (absolute values: mean 7 / 4)


@check("mse.public_value")
def test_mse_value(lib):
    """mse of a small example worked out by hand."""
    value = number(lib.losses.mse(Y_PRED, Y_TRUE), "mse")
    close(value, 17 / 4, "mse([1, 2, 4, -1], [1, 0, 1, 1])", n=4, reveal=True, diagnoses=[(MSE_ABS, 7 / 4)])


@check("mse.public_grad")
def test_mse_grad_matches_differences(lib):
    """mse_grad agrees with central differences of the true mean squared error."""
    rng = np.random.default_rng(0)
    y_pred, y_true = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    grad = array(lib.losses.mse_grad(y_pred, y_true), "mse_grad", shape=(4, 3))
    expected = numerical_gradient(lambda p: np.mean((p - y_true) ** 2), y_pred)
    close(grad, expected, "mse_grad on a (4, 3) example", rtol=1e-5, atol=1e-8, n=12, reveal=True)


def _mse(p, t):
    return float(np.mean((p - t) ** 2))


def _mse_grad(p, t):
    return 2.0 * (p - t) / p.size


@check("mse.public_vectorized")
def test_mse_is_vectorized(lib):
    """mse and mse_grad take about as long as whole-array NumPy code on big arrays (a Python
    loop over the elements takes ten to a hundred times longer)."""
    inputs = [Generated("uniform", 1, (SIZE,)), Generated("uniform", 2, (SIZE,))]
    for name, formula in (("mse", _mse), ("mse_grad", _mse_grad)):
        check_speed(lib, f"losses.{name}", formula, inputs)
