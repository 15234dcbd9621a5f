"""Hidden checks for ``losses.binary_cross_entropy_with_logits`` and its gradient."""

import numpy as np

from checks.framework import array, check, close, finite, number

from .support import gen, grad_cases, value_cases, vectorized_cases

NAME = "binary_cross_entropy_with_logits"


def samples():
    rng = np.random.default_rng(505)
    return [
        ("hard targets", (3 * rng.standard_normal(40), (rng.random(40) < 0.5) * 1.0), {}, 40),
        ("soft targets", (2 * rng.standard_normal((4, 5)), rng.random((4, 5))), {}, 20),
        ("3-D arrays", (rng.standard_normal((2, 2, 3)), (rng.random((2, 2, 3)) < 0.5) * 1.0), {}, 12),
        ("float32 inputs", ((4 * rng.standard_normal(10)).astype(np.float32),
                            (rng.random(10) < 0.5).astype(np.float32)), {}, 10),
        ("large logits", (np.array([30.0, -30.0, 45.0, -45.0]), np.array([0.0, 1.0, 1.0, 0.0])), {}, 4),
    ]


@check("bce_logits.values")
def test_bce_logits_values(lib, ref, cases):
    """binary_cross_entropy_with_logits matches PyTorch's on several shapes, dtypes and targets."""
    value_cases(lib, cases, "losses", NAME, ref.losses.binary_cross_entropy_with_logits, samples())
    cases.verdict()


@check("bce_logits.grad")
def test_bce_logits_grad(lib, ref, cases):
    """binary_cross_entropy_with_logits_grad matches central differences of the loss."""
    grad_cases(lib, cases, "losses", NAME + "_grad", ref.losses.binary_cross_entropy_with_logits,
               samples()[:4], diagnoses=[
                   (lambda z, y: (np.asarray(y, float) - 1 / (1 + np.exp(-np.asarray(z, float)))) / np.size(z),
                    "the sign is flipped: the gradient is (sigmoid(z) - y) / N"),
               ])
    cases.verdict()


@check("bce_logits.extremes")
def test_bce_logits_extremes(lib, ref, cases):
    """At logits of +-1000 the loss and gradient are finite and right (no exp overflow)."""
    z = np.array([1000.0, -1000.0, 1000.0, -1000.0, 700.0, -750.0])
    y = np.array([0.0, 1.0, 1.0, 0.0, 0.25, 0.5])
    with cases.case("loss"):
        value = number(lib.losses.binary_cross_entropy_with_logits(z, y), NAME)
        finite(value, NAME, "at logits of +-1000")
        close(value, ref.losses.binary_cross_entropy_with_logits(z, y), f"{NAME} at logits of +-1000",
              hint="write it so that exp never sees a large positive number, e.g. with |z|")
    with cases.case("gradient"):
        grad = array(lib.losses.binary_cross_entropy_with_logits_grad(z, y), NAME + "_grad", shape=(6,))
        finite(grad, NAME + "_grad", "at logits of +-1000")
        close(grad, ref.losses.binary_cross_entropy_with_logits_grad(z, y), f"{NAME}_grad at logits of +-1000")
    cases.verdict()


@check("bce_logits.vectorized")
def test_bce_logits_vectorized(lib, ref, cases):
    """binary_cross_entropy_with_logits and its gradient use whole-array operations."""
    vectorized_cases(lib, cases, "losses", [(NAME, ref.losses.binary_cross_entropy_with_logits),
                                            (NAME + "_grad", ref.losses.binary_cross_entropy_with_logits_grad)],
                     [gen("uniform", 9), gen("binary", 10)])
    cases.verdict()
