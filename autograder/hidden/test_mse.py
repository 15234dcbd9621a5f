"""Hidden checks for ``losses.mse`` and ``losses.mse_grad``."""

import numpy as np

from checks.framework import Hint, check
from checks.hints import MSE_ABS

from .support import gen, grad_cases, value_cases, vectorized_cases

MSE_ROWS = Hint("mse.rows", "it divides by the number of rows, not by the number of elements")


def samples():
    rng = np.random.default_rng(101)
    return [
        ("1-D arrays", (rng.standard_normal(50), rng.standard_normal(50)), {}, 50),
        ("a 2-D batch", (3 * rng.standard_normal((8, 5)), rng.standard_normal((8, 5))), {}, 40),
        ("3-D arrays", (rng.standard_normal((2, 3, 4)), rng.standard_normal((2, 3, 4))), {}, 24),
        ("float32 inputs", (rng.standard_normal(20).astype(np.float32),
                            rng.standard_normal(20).astype(np.float32)), {}, 20),
        ("Python lists of ints", ([3, -1, 4, 1, 5], [2, 7, 1, 8, 2]), {}, 5),
        ("a single element", (np.array([2.5]), np.array([-1.0])), {}, 1),
    ]


def _d(p, t):
    return np.asarray(p, dtype=np.float64) - np.asarray(t, dtype=np.float64)


@check("mse.values")
def test_mse_values(lib, ref, cases):
    """mse matches the mean squared error on several shapes and dtypes."""
    value_cases(lib, cases, "losses", "mse", ref.losses.mse, samples(),
                diagnoses=[(MSE_ABS, lambda p, t: np.mean(np.abs(_d(p, t))))])
    cases.verdict()


@check("mse.grad")
def test_mse_grad(lib, ref, cases):
    """mse_grad matches central differences of the mean squared error."""
    grad_cases(lib, cases, "losses", "mse_grad", ref.losses.mse, samples(),
               diagnoses=[(MSE_ROWS, lambda p, t: 2 * _d(p, t) / len(_d(p, t)))])
    cases.verdict()


@check("mse.vectorized")
def test_mse_vectorized(lib, ref, cases):
    """mse and mse_grad use whole-array operations (fast on big arrays)."""
    vectorized_cases(lib, cases, "losses", [("mse", ref.losses.mse), ("mse_grad", ref.losses.mse_grad)],
                     [gen("uniform", 1), gen("uniform", 2)])
    cases.verdict()
