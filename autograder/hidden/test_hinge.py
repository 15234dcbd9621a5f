"""Hidden checks for ``losses.hinge`` and ``losses.hinge_grad``."""

import numpy as np

from checks.framework import check

from .support import gen, grad_cases, value_cases, vectorized_cases


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


def _no_clip(s, y):
    return np.mean(1 - np.asarray(y, float) * np.asarray(s, float))


def _zero_margin(s, y):
    return np.mean(np.maximum(0, -np.asarray(y, float) * np.asarray(s, float)))


@check("hinge.values")
def test_hinge_values(lib, ref, cases):
    """hinge matches the mean of max(0, 1 - y s) on several shapes and dtypes."""
    value_cases(lib, cases, "losses", "hinge", ref.losses.hinge, samples(), diagnoses=[
        (_no_clip, "points beyond the margin count negatively: take max(0, 1 - y s)"),
        (_zero_margin, "the margin is missing: it is max(0, 1 - y s), not max(0, -y s)"),
    ])
    cases.verdict()


@check("hinge.grad")
def test_hinge_grad(lib, ref, cases):
    """hinge_grad matches central differences (at points away from the kink)."""
    grad_cases(lib, cases, "losses", "hinge_grad", ref.losses.hinge, samples(), diagnoses=[
        (lambda s, y: -np.asarray(y, float) / np.size(s) + 0 * np.asarray(s, float),
         "points beyond the margin (y s > 1) have gradient 0"),
    ])
    cases.verdict()


@check("hinge.vectorized")
def test_hinge_vectorized(lib, ref, cases):
    """hinge and hinge_grad use whole-array operations."""
    vectorized_cases(lib, cases, "losses", [("hinge", ref.losses.hinge), ("hinge_grad", ref.losses.hinge_grad)],
                     [gen("uniform", 13), gen("signs", 14)])
    cases.verdict()
