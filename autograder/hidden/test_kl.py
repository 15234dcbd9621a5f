"""Hidden checks for ``losses.kl_divergence`` and ``losses.kl_divergence_grad``."""

import numpy as np

from checks.framework import array, check, close, finite, number

from .support import gen, grad_cases, value_cases, vectorized_cases


def samples():
    rng = np.random.default_rng(1010)
    return [
        ("one distribution", (rng.dirichlet(np.ones(6)), rng.dirichlet(np.ones(6))), {}, 1),
        ("a batch of 5 rows", (rng.dirichlet(np.ones(4), 5), rng.dirichlet(np.ones(4), 5)), {}, 5),
        ("a peaked p", (rng.dirichlet(0.2 * np.ones(5), 3), rng.dirichlet(np.ones(5), 3)), {}, 3),
        ("float32 rows", (rng.dirichlet(np.ones(3), 4).astype(np.float32),
                          rng.dirichlet(np.ones(3), 4).astype(np.float32)), {}, 4),
    ]


def _diagnoses(ref):
    def log_q_over_p(p, q):
        p, q = np.asarray(p, float), np.asarray(q, float)
        return np.sum(p * np.log(q / p)) / (1 if p.ndim == 1 else len(p))

    def all_entries(p, q):
        return ref.losses.kl_divergence(p, q) / np.shape(p)[-1]

    def summed_rows(p, q):
        return ref.losses.kl_divergence(p, q) * (1 if np.ndim(p) == 1 else len(p))

    return [
        (lambda p, q: ref.losses.kl_divergence(q, p),
         "this is KL(q || p): the arguments are reversed (p is the true distribution, q the model's)"),
        (log_q_over_p, "the sign is flipped: it is p log(p / q), not p log(q / p)"),
        (all_entries, "it is averaged over all entries: sum over each row, then average over rows"),
        (summed_rows, "the rows are summed: average them (PyTorch's reduction='batchmean')"),
    ]


@check("kl.values")
def test_kl_values(lib, ref, cases):
    """kl_divergence matches KL(p || q), for one distribution and for a batch of rows."""
    value_cases(lib, cases, "losses", "kl_divergence", ref.losses.kl_divergence, samples(),
                diagnoses=_diagnoses(ref))
    cases.verdict()


@check("kl.zeros")
def test_kl_zeros(lib, ref, cases):
    """Zeros in p count as 0 (0 log 0 = 0), even where q is 0 too; q = 0 where p > 0 is infinite."""
    p = np.array([[0.5, 0.5, 0.0, 0.0], [0.0, 0.2, 0.8, 0.0]])
    q = np.array([[0.4, 0.4, 0.2, 0.0], [0.1, 0.3, 0.6, 0.0]])
    with cases.case("zeros in p"):
        value = number(lib.losses.kl_divergence(p, q), "kl_divergence")
        finite(value, "kl_divergence", "where p has zeros (0 log 0 must count as 0)")
        close(value, ref.losses.kl_divergence(p, q), "kl_divergence with zeros in p")
    with cases.case("gradient with zeros in p"):
        grad = array(lib.losses.kl_divergence_grad(p, q), "kl_divergence_grad", shape=p.shape)
        finite(grad, "kl_divergence_grad", "where p (and q) have zeros")
        close(grad, ref.losses.kl_divergence_grad(p, q), "kl_divergence_grad with zeros in p")
    with cases.case("q = 0 where p > 0"):
        value = number(lib.losses.kl_divergence(np.array([0.5, 0.5]), np.array([1.0, 0.0])), "kl_divergence")
        close(value, np.inf, "kl_divergence where q is 0 but p is not (it is infinite)")
    cases.verdict()


@check("kl.grad")
def test_kl_grad(lib, ref, cases):
    """kl_divergence_grad matches central differences with respect to q (the second argument)."""
    grad_cases(lib, cases, "losses", "kl_divergence_grad", ref.losses.kl_divergence, samples(), wrt=1,
               diagnoses=[
                   (lambda p, q: (np.log(np.asarray(p, float) / q) + 1) / (1 if np.ndim(p) == 1 else len(p)),
                    "this is the gradient with respect to p; the function asks for the gradient with respect to q"),
               ])
    cases.verdict()


@check("kl.vectorized")
def test_kl_vectorized(lib, ref, cases):
    """kl_divergence and its gradient use whole-array operations."""
    n = 100_000
    vectorized_cases(lib, cases, "losses", [("kl_divergence", ref.losses.kl_divergence),
                                            ("kl_divergence_grad", ref.losses.kl_divergence_grad)],
                     [gen("simplex", 17, (n, 10)), gen("simplex", 18, (n, 10))])
    cases.verdict()
