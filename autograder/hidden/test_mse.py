"""Hidden checks for ``losses.mse`` and ``losses.mse_grad``."""

import numpy as np

from checks.framework import array, check, close, number
from checks.gradients import numerical_gradient

from .support import big_inputs, expect_vectorized


def _cases():
    rng = np.random.default_rng(101)
    yield "1-D arrays", rng.standard_normal(50), rng.standard_normal(50)
    yield "a 2-D batch", 3 * rng.standard_normal((8, 5)), rng.standard_normal((8, 5))
    yield "3-D arrays", rng.standard_normal((2, 3, 4)), rng.standard_normal((2, 3, 4))
    yield "float32 inputs", rng.standard_normal(20).astype(np.float32), rng.standard_normal(20).astype(np.float32)
    yield "Python lists of ints", [3, -1, 4, 1, 5], [2, 7, 1, 8, 2]
    yield "a single element", np.array([2.5]), np.array([-1.0])


@check("mse.values")
def test_mse_values(lib, ref, cases):
    """mse matches the mean squared error on several shapes and dtypes."""
    for name, y_pred, y_true in _cases():
        with cases.case(name):
            value = number(lib.losses.mse(y_pred, y_true), "mse")
            close(value, ref.losses.mse(y_pred, y_true), f"mse on {name}", n=np.size(y_pred))
    cases.verdict()


@check("mse.grad")
def test_mse_grad(lib, cases):
    """mse_grad matches central differences of the mean squared error."""
    for name, y_pred, y_true in _cases():
        with cases.case(name):
            y_pred = np.asarray(y_pred, dtype=np.float64)
            y_true = np.asarray(y_true, dtype=np.float64)
            grad = array(lib.losses.mse_grad(y_pred, y_true), "mse_grad", shape=y_pred.shape)
            expected = numerical_gradient(lambda p: np.mean((p - y_true) ** 2), y_pred)
            close(grad, expected, f"mse_grad on {name}", rtol=1e-5, atol=1e-8, n=y_pred.size)
    cases.verdict()


@check("mse.vectorized")
def test_mse_vectorized(lib, ref, cases):
    """mse and mse_grad use whole-array operations (fast on a million elements)."""
    y_pred, y_true = big_inputs(7, "normal", "normal")
    for name, ref_fn in (("mse", ref.losses.mse), ("mse_grad", ref.losses.mse_grad)):
        with cases.case(name):
            expect_vectorized(lib, f"losses.{name}", ref_fn, [y_pred, y_true])
    cases.verdict()
