"""Hidden checks for ``losses.mae`` and ``losses.mae_grad``."""

import numpy as np

from checks.framework import check

from .support import exact_case, gen, grad_cases, value_cases, vectorized_cases


def samples():
    rng = np.random.default_rng(202)
    return [
        ("1-D arrays", (rng.standard_normal(40), rng.standard_normal(40)), {}, 40),
        ("a 2-D batch", (rng.standard_normal((6, 4)), 2 * rng.standard_normal((6, 4))), {}, 24),
        ("3-D arrays", (rng.standard_normal((2, 2, 3)), rng.standard_normal((2, 2, 3))), {}, 12),
        ("float32 inputs", (rng.standard_normal(15).astype(np.float32), np.zeros(15, np.float32)), {}, 15),
        ("Python lists", ([1.5, -2.0, 0.25], [0.0, 1.0, 1.0]), {}, 3),
    ]


def _mse(p, t):
    return np.mean((np.asarray(p, float) - np.asarray(t, float)) ** 2)


@check("mae.values")
def test_mae_values(lib, ref, cases):
    """mae matches the mean absolute error on several shapes and dtypes."""
    value_cases(lib, cases, "losses", "mae", ref.losses.mae, samples(),
                diagnoses=[(_mse, "it squares the residuals: MAE takes their absolute value")])
    cases.verdict()


@check("mae.grad")
def test_mae_grad(lib, ref, cases):
    """mae_grad matches central differences, and is 0 where prediction and target are equal."""
    grad_cases(lib, cases, "losses", "mae_grad", ref.losses.mae, samples())
    y_true = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    y_pred = np.array([1.0, 2.5, 3.0, 3.0, 5.0])      # three exact ties
    exact_case(lib, cases, "exact ties", "losses", "mae_grad", (y_pred, y_true),
               np.array([0.0, 1.0, 0.0, -1.0, 0.0]) / 5,
               "mae_grad where some predictions equal their targets (the gradient there is 0)", n=5)
    cases.verdict()


@check("mae.vectorized")
def test_mae_vectorized(lib, ref, cases):
    """mae and mae_grad use whole-array operations (fast on big arrays)."""
    vectorized_cases(lib, cases, "losses", [("mae", ref.losses.mae), ("mae_grad", ref.losses.mae_grad)],
                     [gen("uniform", 3), gen("uniform", 4)])
    cases.verdict()
