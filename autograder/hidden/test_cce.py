"""Hidden checks for ``losses.categorical_cross_entropy`` and its gradient."""

import numpy as np

from checks.framework import array, check, close, finite, number

from .support import gen, grad_cases, value_cases, vectorized_cases

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


def _diagnoses(ref):
    def smooth_c_minus_1(logits, y, label_smoothing=0.0):
        logits = np.asarray(logits, float)
        n, c = logits.shape
        t = np.eye(c)[np.asarray(y)] if np.ndim(y) == 1 else np.asarray(y, float)
        t = (1 - label_smoothing) * t + label_smoothing / (c - 1) * (1 - t)
        return -np.sum(t * ref.losses.log_softmax(logits)) / n

    def no_smoothing(logits, y, label_smoothing=0.0):
        return ref.losses.categorical_cross_entropy(logits, y)

    return [
        (lambda logits, y, label_smoothing=0.0: ref.losses.categorical_cross_entropy(logits, y, label_smoothing)
         / np.shape(logits)[1], "it is averaged over all N x C entries: average over the N rows only"),
        (smooth_c_minus_1, "label smoothing spreads eps over the OTHER C - 1 classes here; PyTorch "
                           "mixes in eps / C for every class, the true one included"),
        (no_smoothing, "label_smoothing is ignored"),
    ]


@check("cce.labels")
def test_cce_labels(lib, ref, cases):
    """categorical_cross_entropy with integer labels matches PyTorch's cross_entropy."""
    value_cases(lib, cases, "losses", NAME, ref.losses.categorical_cross_entropy, _label_samples(),
                diagnoses=_diagnoses(ref))
    cases.verdict()


@check("cce.probabilities")
def test_cce_probabilities(lib, ref, cases):
    """categorical_cross_entropy with probability rows as targets matches PyTorch's."""
    value_cases(lib, cases, "losses", NAME, ref.losses.categorical_cross_entropy, _prob_samples(),
                diagnoses=_diagnoses(ref))
    cases.verdict()


@check("cce.smoothing")
def test_cce_smoothing(lib, ref, cases):
    """categorical_cross_entropy with label smoothing matches PyTorch's (eps / C to every class)."""
    value_cases(lib, cases, "losses", NAME, ref.losses.categorical_cross_entropy, _smooth_samples(),
                diagnoses=_diagnoses(ref)[1:])
    cases.verdict()


@check("cce.grad")
def test_cce_grad(lib, ref, cases):
    """categorical_cross_entropy_grad matches central differences, for labels, probabilities and
    label smoothing."""
    samples = _label_samples()[:2] + _prob_samples()[:1] + _smooth_samples()[:2]
    grad_cases(lib, cases, "losses", NAME + "_grad", ref.losses.categorical_cross_entropy, samples)
    cases.verdict()


@check("cce.extremes")
def test_cce_extremes(lib, ref, cases):
    """At logits of +-1000 the loss and its gradient are finite and right."""
    logits = np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 500.0], [0.0, 0.0, 1000.0]])
    labels = np.array([2, 0, 2])
    with cases.case("loss"):
        value = number(lib.losses.categorical_cross_entropy(logits, labels), NAME)
        finite(value, NAME, "at logits of +-1000")
        close(value, ref.losses.categorical_cross_entropy(logits, labels), f"{NAME} at logits of +-1000",
              hint="use log_softmax (z - max - log sum exp), not log(softmax(z))")
    with cases.case("gradient"):
        grad = array(lib.losses.categorical_cross_entropy_grad(logits, labels), NAME + "_grad", shape=(3, 3))
        finite(grad, NAME + "_grad", "at logits of +-1000")
        close(grad, ref.losses.categorical_cross_entropy_grad(logits, labels), f"{NAME}_grad at logits of +-1000")
    cases.verdict()


@check("cce.vectorized")
def test_cce_vectorized(lib, ref, cases):
    """categorical_cross_entropy and its gradient use whole-array operations."""
    n = 100_000
    vectorized_cases(lib, cases, "losses", [(NAME, ref.losses.categorical_cross_entropy),
                                            (NAME + "_grad", ref.losses.categorical_cross_entropy_grad)],
                     [gen("uniform", 11, (n, 10)), gen("labels", 12, (n,), classes=10)])
    cases.verdict()
