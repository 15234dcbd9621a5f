"""Hidden checks for ``losses.mae`` and ``losses.mae_grad``."""

import numpy as np

from checks.framework import check
from checks.hints import MAE_GRAD_MSE, MAE_NO_ABS, MAE_SQUARED, MAE_TIES

from .support import exact_cases, gen, grad_cases, value_cases, vectorized_cases


def samples():
    rng = np.random.default_rng(202)
    return [
        ("1-D arrays", (rng.standard_normal(40), rng.standard_normal(40)), {}, 40),
        ("a 2-D batch", (rng.standard_normal((6, 4)), 2 * rng.standard_normal((6, 4))), {}, 24),
        ("3-D arrays", (rng.standard_normal((2, 2, 3)), rng.standard_normal((2, 2, 3))), {}, 12),
        ("float32 inputs", (rng.standard_normal(15).astype(np.float32), np.zeros(15, np.float32)), {}, 15),
        ("Python lists", ([1.5, -2.0, 0.25], [0.0, 1.0, 1.0]), {}, 3),
    ]


def tie_samples():
    """Integer predictions and targets: many residuals are exactly 0 (the kink of |d|)."""
    rng = np.random.default_rng(203)
    return [
        ("integer values with ties", (rng.integers(-2, 3, 30).astype(float), rng.integers(-2, 3, 30)), {}, 30),
        ("a 2-D batch of counts with ties", (rng.integers(0, 3, (4, 5)), rng.integers(0, 3, (4, 5)).astype(float)),
         {}, 20),
    ]


def _d(p, t):
    return np.asarray(p, dtype=np.float64) - np.asarray(t, dtype=np.float64)


GRAD_DIAGNOSES = [
    (MAE_TIES, lambda p, t: np.where(_d(p, t) >= 0, 1.0, -1.0) / _d(p, t).size),
    (MAE_TIES, lambda p, t: np.where(_d(p, t) > 0, 1.0, -1.0) / _d(p, t).size),
    (MAE_TIES, lambda p, t: np.copysign(1.0, _d(p, t)) / _d(p, t).size),
    (MAE_GRAD_MSE, lambda p, t: 2 * _d(p, t) / _d(p, t).size),
]


@check("mae.values")
def test_mae_values(lib, ref, cases):
    """mae matches the mean absolute error on several shapes and dtypes, ties included."""
    value_cases(lib, cases, "losses", "mae", ref.losses.mae, samples() + tie_samples(), diagnoses=[
        (MAE_SQUARED, lambda p, t: np.mean(_d(p, t) ** 2)),
        (MAE_NO_ABS, lambda p, t: np.mean(_d(p, t))),
    ])
    cases.verdict()


@check("mae.grad")
def test_mae_grad(lib, ref, cases):
    """mae_grad matches central differences away from the kink, and is exactly 0 where prediction and
    target are equal."""
    grad_cases(lib, cases, "losses", "mae_grad", ref.losses.mae, samples(), diagnoses=GRAD_DIAGNOSES)
    exact_cases(lib, cases, "losses", "mae_grad", ref.losses.mae_grad, tie_samples(), diagnoses=GRAD_DIAGNOSES)
    cases.verdict()


@check("mae.vectorized")
def test_mae_vectorized(lib, ref, cases):
    """mae and mae_grad use whole-array operations (fast on big arrays)."""
    vectorized_cases(lib, cases, "losses", [("mae", ref.losses.mae), ("mae_grad", ref.losses.mae_grad)],
                     [gen("uniform", 3), gen("uniform", 4)])
    cases.verdict()
