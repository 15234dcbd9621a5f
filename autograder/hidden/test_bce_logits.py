"""Hidden checks for ``losses.binary_cross_entropy_with_logits`` and its gradient."""

import numpy as np

from checks.framework import Hint, check
from checks.hints import BCEL_CLAMPED, BCEL_GRAD_PROB, BCEL_OVERFLOW, BCEL_ZY_SIGN

from .support import exact_cases, gen, grad_cases, rounding_atol, value_cases, vectorized_cases

NAME = "binary_cross_entropy_with_logits"
BCEL_GRAD_CLIPPED = Hint("bce_logits.grad_clipped", "the sigmoid is kept away from 0 and 1 (clipped): "
                                                    "sigmoid(z) - y needs no clipping, and at large |z| it "
                                                    "must reach 0 and 1")


def samples():
    rng = np.random.default_rng(505)
    return [
        ("hard targets", (3 * rng.standard_normal(40), (rng.random(40) < 0.5) * 1.0), {}, 40),
        ("soft targets", (2 * rng.standard_normal((4, 5)), rng.random((4, 5))), {}, 20),
        ("3-D arrays", (rng.standard_normal((2, 2, 3)), (rng.random((2, 2, 3)) < 0.5) * 1.0), {}, 12),
        ("float32 inputs", ((4 * rng.standard_normal(10)).astype(np.float32),
                            (rng.random(10) < 0.5).astype(np.float32)), {}, 10),
    ]


def extreme_samples():
    """Logits where the sigmoid rounds to exactly 0 or 1 (|z| > 37), where exp overflows
    (|z| > 709), and where the probability loss's clamp at -100 would bite (|z| > 100)."""
    return [
        ("logits of +-30 and +-45", (np.array([30.0, -30.0, 45.0, -45.0]), np.array([0.0, 1.0, 1.0, 0.0])), {}, 4),
        ("logits of +-1000, 700 and -750", (np.array([1000.0, -1000.0, 1000.0, -1000.0, 700.0, -750.0]),
                                           np.array([0.0, 1.0, 1.0, 0.0, 0.25, 0.5])), {}, 6),
        ("logits of +-150 with soft targets", (np.array([150.0, -150.0, 120.0]), np.array([0.1, 0.7, 1.0])), {}, 3),
    ]


def _ordinary(z, y):
    """Ordinary logits shaped like ``z``, with the same targets (see ``exact_cases``)."""
    return (np.random.default_rng(506).standard_normal(np.shape(z)), y), {}


def _sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def _through_probabilities(ref):
    def wrong(z, y):
        with np.errstate(over="ignore"):
            return ref.losses.binary_cross_entropy(_sigmoid(z), y)
    return wrong


def _zy_sign(z, y):
    z, y = np.asarray(z, dtype=np.float64), np.asarray(y, dtype=np.float64)
    return np.mean(np.maximum(z, 0) + z * y + np.log1p(np.exp(-np.abs(z))))


def _clipped_sigmoid_grads(z, y):
    s, y = _sigmoid(z), np.asarray(y, dtype=np.float64)
    return [(BCEL_GRAD_CLIPPED, (np.clip(s, eps, 1 - eps) - y) / s.size)
            for eps in (1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-12, 1e-15)]


def _grad_diagnoses(z, y):
    s, y = _sigmoid(z), np.asarray(y, dtype=np.float64)
    with np.errstate(all="ignore"):
        return [(BCEL_GRAD_PROB, (s - y) / (s * (1 - s)) / s.size)] + _clipped_sigmoid_grads(z, y)


@check("bce_logits.values")
def test_bce_logits_values(lib, ref, cases):
    """binary_cross_entropy_with_logits matches PyTorch's on several shapes, dtypes and targets."""
    value_cases(lib, cases, "losses", NAME, ref.losses.binary_cross_entropy_with_logits, samples(),
                diagnoses=[(BCEL_CLAMPED, _through_probabilities(ref)), (BCEL_ZY_SIGN, _zy_sign)])
    cases.verdict()


@check("bce_logits.grad")
def test_bce_logits_grad(lib, ref, cases):
    """binary_cross_entropy_with_logits_grad matches central differences of the loss."""
    grad_cases(lib, cases, "losses", NAME + "_grad", ref.losses.binary_cross_entropy_with_logits, samples(),
               diagnoses=[(BCEL_GRAD_PROB, lambda z, y: _grad_diagnoses(z, y)[0][1])])
    cases.verdict()


@check("bce_logits.extremes")
def test_bce_logits_extremes(lib, ref, cases):
    """At logits where the sigmoid rounds to 0 or 1, or exp overflows, the loss and the gradient are
    finite and right, compared by value (no overflow, no clamp borrowed from probabilities)."""
    exact_cases(lib, cases, "losses", NAME, ref.losses.binary_cross_entropy_with_logits, extreme_samples(),
                diagnoses=[(BCEL_CLAMPED, _through_probabilities(ref)), (BCEL_ZY_SIGN, _zy_sign)],
                nonfinite=BCEL_OVERFLOW, calibrate=_ordinary)
    exact_cases(lib, cases, "losses", NAME + "_grad", ref.losses.binary_cross_entropy_with_logits_grad,
                extreme_samples(), diagnoses=_grad_diagnoses, nonfinite=BCEL_OVERFLOW,
                atol=rounding_atol(ref.losses.binary_cross_entropy_with_logits_grad, floor=1e-15), calibrate=_ordinary)
    cases.verdict()


@check("bce_logits.vectorized")
def test_bce_logits_vectorized(lib, ref, cases):
    """binary_cross_entropy_with_logits and its gradient use whole-array operations."""
    vectorized_cases(lib, cases, "losses", [(NAME, ref.losses.binary_cross_entropy_with_logits),
                                            (NAME + "_grad", ref.losses.binary_cross_entropy_with_logits_grad)],
                     [gen("uniform", 9), gen("binary", 10)])
    cases.verdict()

