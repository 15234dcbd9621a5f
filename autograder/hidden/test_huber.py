"""Hidden checks for ``losses.huber`` and ``losses.huber_grad``."""

import numpy as np

from checks.framework import check

from .support import gen, grad_cases, value_cases, vectorized_cases


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


def _d(p, t):
    return np.asarray(p, float) - np.asarray(t, float)


def _no_half(p, t, delta=1.0):
    d = _d(p, t)
    return np.mean(np.where(np.abs(d) <= delta, d * d, delta * (np.abs(d) - 0.5 * delta)))


def _linear_without_offset(p, t, delta=1.0):
    d = _d(p, t)
    return np.mean(np.where(np.abs(d) <= delta, 0.5 * d * d, delta * np.abs(d)))


def _delta_ignored(p, t, delta=1.0):
    d = _d(p, t)
    return np.mean(np.where(np.abs(d) <= 1.0, 0.5 * d * d, np.abs(d) - 0.5))


@check("huber.values")
def test_huber_values(lib, ref, cases):
    """huber matches the Huber loss for several deltas, shapes and dtypes."""
    value_cases(lib, cases, "losses", "huber", ref.losses.huber, samples(), diagnoses=[
        (_no_half, "the quadratic part is missing its 0.5 (it should be 0.5 d**2)"),
        (_linear_without_offset, "the linear part should be delta * (|d| - 0.5 delta), so that the "
                                 "two parts meet at |d| = delta"),
        (_delta_ignored, "delta is ignored: the loss always switches at 1"),
    ])
    cases.verdict()


@check("huber.grad")
def test_huber_grad(lib, ref, cases):
    """huber_grad matches central differences of the Huber loss."""
    grad_cases(lib, cases, "losses", "huber_grad", ref.losses.huber, samples(), diagnoses=[
        (lambda p, t, delta=1.0: np.sign(_d(p, t)) / _d(p, t).size,
         "it is the MAE gradient: inside the band the gradient is d / N"),
        (lambda p, t, delta=1.0: 2 * _d(p, t) / _d(p, t).size,
         "it is the MSE gradient: outside the band the gradient is delta * sign(d) / N"),
    ])
    cases.verdict()


@check("huber.vectorized")
def test_huber_vectorized(lib, ref, cases):
    """huber and huber_grad use whole-array operations (fast on big arrays)."""
    vectorized_cases(lib, cases, "losses", [("huber", ref.losses.huber), ("huber_grad", ref.losses.huber_grad)],
                     [gen("uniform", 5), gen("uniform", 6)])
    cases.verdict()
