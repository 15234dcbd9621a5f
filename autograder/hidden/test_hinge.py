"""Hidden checks for ``losses.hinge`` and ``losses.hinge_grad``."""

import numpy as np

from checks.framework import check
from checks.hints import HINGE_GRAD_UNMASKED, HINGE_KINK, HINGE_NO_CLIP, HINGE_ZERO_MARGIN

from .support import exact_cases, gen, grad_cases, value_cases, vectorized_cases


def samples():
    rng = np.random.default_rng(808)
    signs = lambda shape: np.where(rng.random(shape) < 0.5, -1.0, 1.0)  # noqa: E731
    return [
        ("1-D scores", (2 * rng.standard_normal(40), signs(40)), {}, 40),
        ("a 2-D batch", (rng.standard_normal((5, 4)), signs((5, 4))), {}, 20),
        ("mostly beyond the margin", (3 + rng.random(10), np.ones(10)), {}, 10),
        ("float32 scores", ((2 * rng.standard_normal(12)).astype(np.float32), signs(12)), {}, 12),
        ("labels as a list", (np.array([0.3, -0.4, 2.0]), [1, -1, -1]), {}, 3),
    ]


def kink_samples():
    """Scores that put y s exactly on the margin, 1 (integer scores do that often)."""
    rng = np.random.default_rng(809)
    y = np.where(rng.random(30) < 0.5, -1.0, 1.0)
    return [
        ("integer scores, many exactly on the margin", (rng.integers(-2, 3, 30) * 1.0, y), {}, 30),
        ("scores of exactly +-1", (np.array([[1.0, -1.0, 1.0], [-1.0, 1.0, 0.5]]),
                                   np.array([[1.0, -1.0, -1.0], [-1.0, 1.0, 1.0]])), {}, 6),
    ]


def _m(s, y):
    return np.asarray(y, dtype=np.float64) * np.asarray(s, dtype=np.float64)


VALUE_DIAGNOSES = [
    (HINGE_NO_CLIP, lambda s, y: np.mean(1 - _m(s, y))),
    (HINGE_ZERO_MARGIN, lambda s, y: np.mean(np.maximum(0, -_m(s, y)))),
]
GRAD_DIAGNOSES = [
    (HINGE_GRAD_UNMASKED, lambda s, y: -np.asarray(y, dtype=np.float64) / np.size(s)),
    (HINGE_KINK, lambda s, y: np.where(_m(s, y) <= 1, -np.asarray(y, dtype=np.float64), 0.0) / np.size(s)),
]


@check("hinge.values")
def test_hinge_values(lib, ref, cases):
    """hinge matches the mean of max(0, 1 - y s) on several shapes and dtypes, margins of exactly 1
    included."""
    value_cases(lib, cases, "losses", "hinge", ref.losses.hinge, samples() + kink_samples(),
                diagnoses=VALUE_DIAGNOSES)
    cases.verdict()


@check("hinge.grad")
def test_hinge_grad(lib, ref, cases):
    """hinge_grad matches central differences away from the kink, and is 0 where y s is exactly 1."""
    grad_cases(lib, cases, "losses", "hinge_grad", ref.losses.hinge, samples(), diagnoses=GRAD_DIAGNOSES)
    exact_cases(lib, cases, "losses", "hinge_grad", ref.losses.hinge_grad, kink_samples(), diagnoses=GRAD_DIAGNOSES)
    cases.verdict()


@check("hinge.vectorized")
def test_hinge_vectorized(lib, ref, cases):
    """hinge and hinge_grad use whole-array operations."""
    vectorized_cases(lib, cases, "losses", [("hinge", ref.losses.hinge), ("hinge_grad", ref.losses.hinge_grad)],
                     [gen("uniform", 13), gen("signs", 14)])
    cases.verdict()
