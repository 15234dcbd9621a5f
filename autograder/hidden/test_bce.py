"""Hidden checks for ``losses.binary_cross_entropy`` and its gradient."""

import numpy as np

from checks.framework import check
from checks.hints import BCE_LOGIT_GRAD, BCE_NO_CLAMP, BCE_NO_FLOOR, BCE_SWAPPED, bce_clipped_values, bce_floor_grads

from .support import exact_cases, gen, grad_cases, rounding_atol, value_cases, vectorized_cases


def samples():
    rng = np.random.default_rng(404)
    return [
        ("hard targets", (rng.uniform(0.05, 0.95, 40), (rng.random(40) < 0.5) * 1.0), {}, 40),
        ("soft targets", (rng.uniform(0.05, 0.95, (5, 4)), rng.random((5, 4))), {}, 20),
        ("3-D arrays", (rng.uniform(0.1, 0.9, (2, 3, 2)), (rng.random((2, 3, 2)) < 0.5) * 1.0), {}, 12),
        ("float32 inputs", (rng.uniform(0.05, 0.95, 10).astype(np.float32),
                            (rng.random(10) < 0.5).astype(np.float32)), {}, 10),
        ("confident predictions", (np.array([0.999, 0.001, 0.999, 0.001]), np.array([1.0, 0.0, 0.0, 1.0])), {}, 4),
    ]


def extreme_samples():
    """Probabilities of exactly 0 and 1, and so close to them that p (1 - p) falls below the
    floor of 1e-12 or a log below the clamp of -100."""
    return [
        ("certain predictions, right and wrong", (np.array([0.0, 1.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0, 1.0])),
         {}, 4),
        ("near-certain predictions",
         (np.array([1e-30, 1 - 1e-15, 1e-200, 1e-9, 1 - 1e-9, 1e-14, 1 - 1e-14]),
          np.array([1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0])), {}, 7),
        ("soft targets at the extremes", (np.array([0.0, 1.0, 1e-20, 1 - 1e-12, 1e-7]),
                                          np.array([0.3, 0.6, 0.5, 0.25, 0.9])), {}, 5),
    ]


def _ordinary(p, y):
    """Ordinary probabilities shaped like ``p``, with the same targets (see ``exact_cases``)."""
    return (np.random.default_rng(405).uniform(0.2, 0.8, np.shape(p)), y), {}


def _swapped(p, y):
    p, y = np.asarray(p, float), np.asarray(y, float)
    with np.errstate(divide="ignore"):
        return np.mean(-(y * np.maximum(np.log1p(-p), -100) + (1 - y) * np.maximum(np.log(p), -100)))


@check("bce.values")
def test_bce_values(lib, ref, cases):
    """binary_cross_entropy matches PyTorch's on hard and soft targets, several shapes and dtypes."""
    value_cases(lib, cases, "losses", "binary_cross_entropy", ref.losses.binary_cross_entropy, samples(),
                diagnoses=[(BCE_SWAPPED, _swapped)])
    cases.verdict()


@check("bce.grad")
def test_bce_grad(lib, ref, cases):
    """binary_cross_entropy_grad matches central differences of the loss."""
    grad_cases(lib, cases, "losses", "binary_cross_entropy_grad", ref.losses.binary_cross_entropy,
               samples()[:4], diagnoses=[(BCE_LOGIT_GRAD, lambda p, y: (np.asarray(p, float) - y) / np.size(p))])
    cases.verdict()


@check("bce.extremes")
def test_bce_extremes(lib, ref, cases):
    """At probabilities of exactly 0 and 1, and next to them, the loss and the gradient are
    PyTorch's values (each log clamped at -100; the gradient's denominator floored at 1e-12),
    compared by value within what rounding the input allows."""
    exact_cases(lib, cases, "losses", "binary_cross_entropy", ref.losses.binary_cross_entropy, extreme_samples(),
                diagnoses=bce_clipped_values, nonfinite=BCE_NO_CLAMP, calibrate=_ordinary)
    exact_cases(lib, cases, "losses", "binary_cross_entropy_grad", ref.losses.binary_cross_entropy_grad,
                extreme_samples(), diagnoses=bce_floor_grads, nonfinite=BCE_NO_FLOOR,
                atol=rounding_atol(ref.losses.binary_cross_entropy_grad, domain=(0.0, 1.0)), calibrate=_ordinary)
    cases.verdict()


@check("bce.vectorized")
def test_bce_vectorized(lib, ref, cases):
    """binary_cross_entropy and its gradient use whole-array operations."""
    vectorized_cases(lib, cases, "losses", [("binary_cross_entropy", ref.losses.binary_cross_entropy),
                                            ("binary_cross_entropy_grad", ref.losses.binary_cross_entropy_grad)],
                     [gen("prob", 7), gen("binary", 8)])
    cases.verdict()
