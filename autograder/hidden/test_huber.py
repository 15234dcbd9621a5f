"""Hidden checks for ``losses.huber`` and ``losses.huber_grad``."""

import numpy as np

from checks.framework import check
from checks.hints import (
    HUBER_BOUNDARY,
    HUBER_DELTA_IGNORED,
    HUBER_GRAD_MAE,
    HUBER_GRAD_UNCLIPPED,
    HUBER_NO_HALF,
    HUBER_NO_OFFSET,
)

from .support import exact_cases, gen, grad_cases, value_cases, vectorized_cases


def samples():
    rng = np.random.default_rng(303)
    wide = 3 * rng.standard_normal(60)             # residuals on both sides of every delta
    return [
        ("the default delta", (wide, np.zeros(60)), {}, 60),
        ("delta = 0.3", (wide, np.zeros(60)), {"delta": 0.3}, 60),
        ("delta = 2.5", (rng.standard_normal((5, 6)) * 3, rng.standard_normal((5, 6))), {"delta": 2.5}, 30),
        ("delta = 10 (all quadratic)", (rng.standard_normal(20), rng.standard_normal(20)), {"delta": 10.0}, 20),
        ("float32 inputs", (wide.astype(np.float32), np.ones(60, np.float32)), {"delta": 1.5}, 60),
    ]


def boundary_samples():
    """Residuals exactly at |d| = delta (the switch between the two branches), as integer data
    and round deltas give them."""
    rng = np.random.default_rng(304)
    return [
        ("residuals of exactly +-delta (delta = 0.5)",
         (np.array([0.5, -0.5, 1.5, 0.25, -0.5, 2.0, 0.5, -1.0]), np.zeros(8)), {"delta": 0.5}, 8),
        ("integer residuals, delta = 2", (rng.integers(-4, 5, 24).astype(float), rng.integers(-1, 2, 24)),
         {"delta": 2.0}, 24),
        ("integer residuals, the default delta", (rng.integers(-3, 4, (4, 5)).astype(float), np.zeros((4, 5))),
         {}, 20),
    ]


def _d(p, t):
    return np.asarray(p, dtype=np.float64) - np.asarray(t, dtype=np.float64)


def _huber(p, t, delta=1.0, quad=0.5, offset=0.5, inside=None, outside=None):
    d = _d(p, t)
    a = np.abs(d)
    inside = a <= delta if inside is None else inside(a, delta)
    outside = ~inside if outside is None else outside(a, delta)
    return np.mean(np.where(inside, quad * d * d, 0.0) + np.where(outside, delta * (a - offset * delta), 0.0))


def _grad(p, t, delta=1.0, inside=None, outside=None):
    d = _d(p, t)
    a = np.abs(d)
    inside = a <= delta if inside is None else inside(a, delta)
    outside = ~inside if outside is None else outside(a, delta)
    return (np.where(inside, d, 0.0) + np.where(outside, delta * np.sign(d), 0.0)) / d.size


def _both(a, delta):
    return a >= delta


def _strictly_inside(a, delta):
    return a < delta


def _strictly_outside(a, delta):
    return a > delta


VALUE_DIAGNOSES = [
    (HUBER_NO_HALF, lambda p, t, delta=1.0: _huber(p, t, delta, quad=1.0)),
    (HUBER_NO_OFFSET, lambda p, t, delta=1.0: _huber(p, t, delta, offset=0.0)),
    (HUBER_DELTA_IGNORED, lambda p, t, delta=1.0: _huber(p, t, 1.0)),
    (HUBER_BOUNDARY, lambda p, t, delta=1.0: _huber(p, t, delta, outside=_both)),
    (HUBER_BOUNDARY, lambda p, t, delta=1.0: _huber(p, t, delta, inside=_strictly_inside, outside=_strictly_outside)),
]
GRAD_DIAGNOSES = [
    (HUBER_GRAD_MAE, lambda p, t, delta=1.0: np.sign(_d(p, t)) / _d(p, t).size),
    (HUBER_GRAD_UNCLIPPED, lambda p, t, delta=1.0: _d(p, t) / _d(p, t).size),
    (HUBER_BOUNDARY, lambda p, t, delta=1.0: _grad(p, t, delta, outside=_both)),
    (HUBER_BOUNDARY, lambda p, t, delta=1.0: _grad(p, t, delta, inside=_strictly_inside, outside=_strictly_outside)),
]


@check("huber.values")
def test_huber_values(lib, ref, cases):
    """huber matches the Huber loss for several deltas, shapes and dtypes, residuals of exactly
    +-delta included."""
    value_cases(lib, cases, "losses", "huber", ref.losses.huber, samples() + boundary_samples(),
                diagnoses=VALUE_DIAGNOSES)
    cases.verdict()


@check("huber.grad")
def test_huber_grad(lib, ref, cases):
    """huber_grad matches central differences of the Huber loss, and is exactly delta sign(d) / N
    where |d| = delta."""
    grad_cases(lib, cases, "losses", "huber_grad", ref.losses.huber, samples(), diagnoses=GRAD_DIAGNOSES)
    exact_cases(lib, cases, "losses", "huber_grad", ref.losses.huber_grad, boundary_samples(),
                diagnoses=GRAD_DIAGNOSES)
    cases.verdict()


@check("huber.vectorized")
def test_huber_vectorized(lib, ref, cases):
    """huber and huber_grad use whole-array operations (fast on big arrays)."""
    vectorized_cases(lib, cases, "losses", [("huber", ref.losses.huber), ("huber_grad", ref.losses.huber_grad)],
                     [gen("uniform", 5), gen("uniform", 6)])
    cases.verdict()
