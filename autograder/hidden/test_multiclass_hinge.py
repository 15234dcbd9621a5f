"""Hidden checks for ``losses.multiclass_hinge`` and its gradient."""

import numpy as np

from checks.framework import check

from .support import gen, grad_cases, value_cases, vectorized_cases

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


def _diagnoses(ref):
    def with_correct_class(scores, y, margin=1.0):
        return ref.losses.multiclass_hinge(scores, y, margin) + margin

    def over_classes(scores, y, margin=1.0):
        return ref.losses.multiclass_hinge(scores, y, margin) / np.shape(scores)[1]

    return [
        (with_correct_class, "the correct class is counted too (it adds the margin to every row): "
                             "sum over j != y_i only"),
        (over_classes, "it also divides by the number of classes (PyTorch's multi_margin_loss does; "
                       "this course follows CS231n and averages over rows only)"),
    ]


@check("multiclass_hinge.values")
def test_multiclass_hinge_values(lib, ref, cases):
    """multiclass_hinge matches the CS231n SVM loss for several margins and shapes."""
    value_cases(lib, cases, "losses", NAME, ref.losses.multiclass_hinge, samples(), diagnoses=_diagnoses(ref))
    cases.verdict()


@check("multiclass_hinge.grad")
def test_multiclass_hinge_grad(lib, ref, cases):
    """multiclass_hinge_grad matches central differences, the correct class's column included."""
    grad_cases(lib, cases, "losses", NAME + "_grad", ref.losses.multiclass_hinge, samples())
    cases.verdict()


@check("multiclass_hinge.vectorized")
def test_multiclass_hinge_vectorized(lib, ref, cases):
    """multiclass_hinge and its gradient use whole-array operations (no loop over rows)."""
    n = 100_000
    vectorized_cases(lib, cases, "losses", [(NAME, ref.losses.multiclass_hinge),
                                            (NAME + "_grad", ref.losses.multiclass_hinge_grad)],
                     [gen("uniform", 15, (n, 10)), gen("labels", 16, (n,), classes=10)])
    cases.verdict()
