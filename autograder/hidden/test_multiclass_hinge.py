"""Hidden checks for ``losses.multiclass_hinge`` and its gradient."""

import numpy as np

from checks.framework import check
from checks.hints import (
    MCH_GRAD_MINUS_ONE,
    MCH_GRAD_NO_CORRECT,
    MCH_KINK,
    MCH_MARGIN_IGNORED,
    MCH_OVER_C,
    MCH_WITH_CORRECT,
)

from .support import exact_cases, gen, grad_cases, value_cases, vectorized_cases

NAME = "multiclass_hinge"


def samples():
    rng = np.random.default_rng(909)
    return [
        ("6 examples, 4 classes", (2 * rng.standard_normal((6, 4)), rng.integers(0, 4, 6)), {}, 6),
        ("margin = 0.5", (rng.standard_normal((5, 3)), rng.integers(0, 3, 5)), {"margin": 0.5}, 5),
        ("margin = 3", (rng.standard_normal((4, 5)), rng.integers(0, 5, 4)), {"margin": 3.0}, 4),
        ("all correct by a wide margin", (np.eye(3)[[0, 1, 2, 1]] * 10, np.array([0, 1, 2, 1])), {}, 4),
        ("labels as a list", (rng.standard_normal((3, 3)), [2, 2, 0]), {}, 3),
    ]


def kink_samples():
    """Integer scores: ties between classes, and margins s_j - s_y + margin of exactly 0."""
    rng = np.random.default_rng(910)
    return [
        ("integer scores with ties", (rng.integers(0, 3, (8, 4)) * 1.0, rng.integers(0, 4, 8)), {}, 8),
        ("margins of exactly 0 (margin = 2)", (rng.integers(0, 4, (5, 5)) * 1.0, rng.integers(0, 5, 5)),
         {"margin": 2.0}, 5),
        ("margin = 0 with ties", (rng.integers(0, 2, (6, 3)) * 1.0, rng.integers(0, 3, 6)), {"margin": 0.0}, 6),
    ]


def _margins(scores, y, margin=1.0):
    s = np.asarray(scores, dtype=np.float64)
    rows, labels = np.arange(len(s)), np.asarray(y)
    return s - s[rows, labels][:, None] + margin, rows, labels


def _grad(scores, y, margin=1.0, kink=False, correct="count"):
    m, rows, labels = _margins(scores, y, margin)
    active = (m >= 0 if kink else m > 0).astype(float)
    active[rows, labels] = 0.0
    if correct == "count":
        active[rows, labels] = -active.sum(axis=1)
    elif correct == "one":
        active[rows, labels] = -(active.sum(axis=1) > 0)
    return active / len(m)


def _value_diagnoses(ref):
    return [
        (MCH_WITH_CORRECT, lambda s, y, margin=1.0: ref.losses.multiclass_hinge(s, y, margin) + margin),
        (MCH_OVER_C, lambda s, y, margin=1.0: ref.losses.multiclass_hinge(s, y, margin) / np.shape(s)[1]),
        (MCH_MARGIN_IGNORED, lambda s, y, margin=1.0: ref.losses.multiclass_hinge(s, y, 1.0)),
    ]


GRAD_DIAGNOSES = [
    (MCH_GRAD_NO_CORRECT, lambda s, y, margin=1.0: _grad(s, y, margin, correct="zero")),
    (MCH_GRAD_MINUS_ONE, lambda s, y, margin=1.0: _grad(s, y, margin, correct="one")),
    (MCH_KINK, lambda s, y, margin=1.0: _grad(s, y, margin, kink=True)),
    (MCH_MARGIN_IGNORED, lambda s, y, margin=1.0: _grad(s, y, 1.0)),
]


@check("multiclass_hinge.values")
def test_multiclass_hinge_values(lib, ref, cases):
    """multiclass_hinge matches the CS231n SVM loss for several margins and shapes, ties included."""
    value_cases(lib, cases, "losses", NAME, ref.losses.multiclass_hinge, samples() + kink_samples(),
                diagnoses=_value_diagnoses(ref))
    cases.verdict()


@check("multiclass_hinge.grad")
def test_multiclass_hinge_grad(lib, ref, cases):
    """multiclass_hinge_grad matches central differences, the correct class's column included, and
    counts no margin of exactly 0."""
    grad_cases(lib, cases, "losses", NAME + "_grad", ref.losses.multiclass_hinge, samples(),
               diagnoses=GRAD_DIAGNOSES)
    exact_cases(lib, cases, "losses", NAME + "_grad", ref.losses.multiclass_hinge_grad, kink_samples(),
                diagnoses=GRAD_DIAGNOSES)
    cases.verdict()


@check("multiclass_hinge.vectorized")
def test_multiclass_hinge_vectorized(lib, ref, cases):
    """multiclass_hinge and its gradient use whole-array operations (no loop over rows)."""
    n = 100_000
    vectorized_cases(lib, cases, "losses", [(NAME, ref.losses.multiclass_hinge),
                                            (NAME + "_grad", ref.losses.multiclass_hinge_grad)],
                     [gen("uniform", 15, (n, 10)), gen("labels", 16, (n,), classes=10)])
    cases.verdict()
