"""Hidden checks for ``losses.binary_cross_entropy`` and its gradient."""

import numpy as np

from checks.framework import Fail, array, check, close, finite, number

from .support import gen, grad_cases, value_cases, vectorized_cases


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


def _swapped(p, y):
    p, y = np.asarray(p, float), np.asarray(y, float)
    return np.mean(-(y * np.log(1 - p) + (1 - y) * np.log(p)))


@check("bce.values")
def test_bce_values(lib, ref, cases):
    """binary_cross_entropy matches PyTorch's on hard and soft targets, several shapes and dtypes."""
    value_cases(lib, cases, "losses", "binary_cross_entropy", ref.losses.binary_cross_entropy, samples(),
                diagnoses=[(_swapped, "log(p) and log(1 - p) are swapped: y multiplies log(p)")])
    cases.verdict()


@check("bce.grad")
def test_bce_grad(lib, ref, cases):
    """binary_cross_entropy_grad matches central differences of the loss."""
    grad_cases(lib, cases, "losses", "binary_cross_entropy_grad", ref.losses.binary_cross_entropy,
               samples()[:4], diagnoses=[
                   (lambda p, y: (np.asarray(p, float) - y) / np.size(p),
                    "(p - y) / N is the gradient with respect to the LOGITS; with respect to p it is "
                    "(p - y) / (p (1 - p)) / N"),
               ])
    cases.verdict()


@check("bce.extremes")
def test_bce_extremes(lib, cases):
    """At probabilities of exactly 0 and 1 the loss follows PyTorch (each log clamped at -100) and
    the gradient stays finite."""
    p = np.array([0.0, 1.0, 0.0, 1.0])
    y = np.array([1.0, 0.0, 0.0, 1.0])
    with cases.case("loss of a certain wrong prediction"):
        value = number(lib.losses.binary_cross_entropy(p[:2], y[:2]), "binary_cross_entropy")
        finite(value, "binary_cross_entropy", "at p = 0 or p = 1")
        close(value, 100.0, "binary_cross_entropy of a certain wrong prediction",
              hint="PyTorch clamps each log at -100, so each such term is 100")
    with cases.case("loss of a certain right prediction"):
        value = number(lib.losses.binary_cross_entropy(p[2:], y[2:]), "binary_cross_entropy")
        finite(value, "binary_cross_entropy", "at p = 0 with y = 0, or p = 1 with y = 1 (0 times log 0?)")
        close(value, 0.0, "binary_cross_entropy of a certain right prediction")
    with cases.case("gradient at 0 and 1"):
        grad = array(lib.losses.binary_cross_entropy_grad(p, y), "binary_cross_entropy_grad", shape=(4,))
        finite(grad, "binary_cross_entropy_grad", "at p = 0 or p = 1 (keep the denominator away from 0)")
        if not (grad[0] < 0 < grad[1]):
            raise Fail("binary_cross_entropy_grad at certain wrong predictions should push p towards y")
    cases.verdict()


@check("bce.vectorized")
def test_bce_vectorized(lib, ref, cases):
    """binary_cross_entropy and its gradient use whole-array operations."""
    vectorized_cases(lib, cases, "losses", [("binary_cross_entropy", ref.losses.binary_cross_entropy),
                                            ("binary_cross_entropy_grad", ref.losses.binary_cross_entropy_grad)],
                     [gen("prob", 7), gen("binary", 8)])
    cases.verdict()
