"""Hidden checks for ``losses.categorical_cross_entropy`` and its gradient."""

import numpy as np

from checks.framework import check
from checks.hints import CCE_MEAN_ALL, CCE_NO_SMOOTHING, CCE_SMOOTH_OTHERS, CCE_UNSTABLE

from .support import exact_cases, gen, grad_cases, value_cases, vectorized_cases

NAME = "categorical_cross_entropy"


def _label_samples():
    rng = np.random.default_rng(707)
    return [
        ("8 examples, 5 classes", (2 * rng.standard_normal((8, 5)), rng.integers(0, 5, 8)), {}, 8),
        ("3 examples, 2 classes", (rng.standard_normal((3, 2)), np.array([1, 0, 1])), {}, 3),
        ("one example", (rng.standard_normal((1, 4)), np.array([3])), {}, 1),
        ("labels as a list", (rng.standard_normal((4, 3)), [0, 2, 1, 2]), {}, 4),
        ("float32 logits", (rng.standard_normal((6, 3)).astype(np.float32), rng.integers(0, 3, 6)), {}, 6),
    ]


def _prob_samples():
    rng = np.random.default_rng(708)
    return [
        ("soft targets", (rng.standard_normal((6, 4)), rng.dirichlet(np.ones(4), 6)), {}, 6),
        ("one-hot rows", (rng.standard_normal((5, 3)), np.eye(3)[[0, 2, 1, 1, 0]]), {}, 5),
    ]


def _smooth_samples():
    rng = np.random.default_rng(709)
    logits, labels = 2 * rng.standard_normal((7, 5)), rng.integers(0, 5, 7)
    return [
        ("label_smoothing = 0.1", (logits, labels), {"label_smoothing": 0.1}, 7),
        ("label_smoothing = 0.4", (logits, labels), {"label_smoothing": 0.4}, 7),
        ("label_smoothing = 0.2 on probability rows", (logits, rng.dirichlet(np.ones(5), 7)),
         {"label_smoothing": 0.2}, 7),
    ]


def _extreme_samples():
    return [
        ("logits of +-1000", (np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 500.0], [0.0, 0.0, 1000.0]]),
                              np.array([2, 0, 2])), {}, 3),
        ("logits of +-800", (np.array([[800.0, -800.0, 0.0, 1.0], [-5.0, 700.0, -700.0, 2.0],
                                       [0.0, 0.0, 0.0, -900.0]]), np.array([1, 2, 3])), {}, 3),
    ]


def _ordinary(logits, y, **kwargs):
    """Ordinary logits shaped like ``logits``, with the same targets (see ``exact_cases``)."""
    return (np.random.default_rng(710).standard_normal(np.shape(logits)), y), kwargs


def _targets(logits, y, eps, others=False):
    n, c = np.shape(logits)
    t = np.eye(c)[np.asarray(y)] if np.ndim(y) == 1 else np.asarray(y, dtype=np.float64)
    if others:
        return (1 - eps) * t + eps / (c - 1) * (1 - t)
    return (1 - eps) * t + eps / c


def _softmax(logits):
    z = np.asarray(logits, dtype=np.float64)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _value(ref, others=False, smoothing=True):
    def wrong(logits, y, label_smoothing=0.0):
        t = _targets(logits, y, label_smoothing if smoothing else 0.0, others)
        return -np.sum(t * ref.losses.log_softmax(logits)) / np.shape(logits)[0]
    return wrong


def _grad(others=False, smoothing=True):
    def wrong(logits, y, label_smoothing=0.0):
        t = _targets(logits, y, label_smoothing if smoothing else 0.0, others)
        return (_softmax(logits) - t) / np.shape(logits)[0]
    return wrong


def _factors(logits, y, label_smoothing=0.0):
    return [(1.0 / np.shape(logits)[1], CCE_MEAN_ALL)]


def _value_diagnoses(ref):
    return [(CCE_SMOOTH_OTHERS, _value(ref, others=True)), (CCE_NO_SMOOTHING, _value(ref, smoothing=False))]


GRAD_DIAGNOSES = [(CCE_SMOOTH_OTHERS, _grad(others=True)), (CCE_NO_SMOOTHING, _grad(smoothing=False))]


@check("cce.labels")
def test_cce_labels(lib, ref, cases):
    """categorical_cross_entropy with integer labels matches PyTorch's cross_entropy."""
    value_cases(lib, cases, "losses", NAME, ref.losses.categorical_cross_entropy, _label_samples(),
                diagnoses=_value_diagnoses(ref), factors=_factors)
    cases.verdict()


@check("cce.probabilities")
def test_cce_probabilities(lib, ref, cases):
    """categorical_cross_entropy with probability rows as targets matches PyTorch's."""
    value_cases(lib, cases, "losses", NAME, ref.losses.categorical_cross_entropy, _prob_samples(),
                diagnoses=_value_diagnoses(ref), factors=_factors)
    cases.verdict()


@check("cce.smoothing")
def test_cce_smoothing(lib, ref, cases):
    """categorical_cross_entropy with label smoothing matches PyTorch's (eps / C to every class)."""
    value_cases(lib, cases, "losses", NAME, ref.losses.categorical_cross_entropy, _smooth_samples(),
                diagnoses=_value_diagnoses(ref), factors=_factors)
    cases.verdict()


@check("cce.grad")
def test_cce_grad(lib, ref, cases):
    """categorical_cross_entropy_grad matches central differences, for labels, probabilities and
    label smoothing."""
    samples = _label_samples()[:2] + _prob_samples()[:1] + _smooth_samples()
    grad_cases(lib, cases, "losses", NAME + "_grad", ref.losses.categorical_cross_entropy, samples,
               diagnoses=GRAD_DIAGNOSES, factors=_factors)
    cases.verdict()


@check("cce.extremes")
def test_cce_extremes(lib, ref, cases):
    """At logits of +-1000 the loss and its gradient are finite and right, compared by value."""
    exact_cases(lib, cases, "losses", NAME, ref.losses.categorical_cross_entropy, _extreme_samples(),
                nonfinite=CCE_UNSTABLE, factors=_factors, calibrate=_ordinary)
    exact_cases(lib, cases, "losses", NAME + "_grad", ref.losses.categorical_cross_entropy_grad,
                _extreme_samples(), nonfinite=CCE_UNSTABLE, factors=_factors, calibrate=_ordinary)
    cases.verdict()


@check("cce.vectorized")
def test_cce_vectorized(lib, ref, cases):
    """categorical_cross_entropy and its gradient use whole-array operations."""
    n = 100_000
    vectorized_cases(lib, cases, "losses", [(NAME, ref.losses.categorical_cross_entropy),
                                            (NAME + "_grad", ref.losses.categorical_cross_entropy_grad)],
                     [gen("uniform", 11, (n, 10)), gen("labels", 12, (n,), classes=10)])
    cases.verdict()
