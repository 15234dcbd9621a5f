"""Hidden checks for ``losses.kl_divergence`` and ``losses.kl_divergence_grad``."""

import numpy as np

from checks.framework import Fail, Hint, array, check, close, diagnose, known_factor, number
from checks.hints import KL_ALL_ENTRIES, KL_GRAD_WRT_P, KL_GRAD_ZEROS, KL_REVERSED, KL_ZERO_RULE

from .support import exact_cases, gen, grad_cases, value_cases, vectorized_cases

KL_MASKS_Q = Hint("kl.masks_q", "terms where q = 0 are dropped, but only p = 0 makes a term 0: where q = 0 "
                                "and p > 0 the divergence is infinite")
KL_EPS = Hint("kl.eps", "a small eps is added inside the log (or to q): it changes the value where q is "
                        "tiny, and hides the infinite divergence where q = 0 and p > 0")


def samples():
    rng = np.random.default_rng(1010)
    return [
        ("one distribution", (rng.dirichlet(np.ones(6)), rng.dirichlet(np.ones(6))), {}, 1),
        ("a batch of 5 rows", (rng.dirichlet(np.ones(4), 5), rng.dirichlet(np.ones(4), 5)), {}, 5),
        ("a peaked p", (rng.dirichlet(0.2 * np.ones(5), 3), rng.dirichlet(np.ones(5), 3)), {}, 3),
        ("float32 rows", (rng.dirichlet(np.ones(3), 4).astype(np.float32),
                          rng.dirichlet(np.ones(3), 4).astype(np.float32)), {}, 4),
    ]


def extreme_samples():
    """Probabilities so small that an eps added to them, or a log of their ratio computed
    carelessly, changes the result."""
    return [
        ("a tiny q where p is not", (np.array([[0.4, 0.5, 0.1], [0.3, 0.3, 0.4], [0.2, 0.2, 0.6]]),
                                     np.array([[0.5, 1e-200, 0.5], [0.2, 0.8 - 1e-30, 1e-30], [0.3, 0.3, 0.4]])),
         {}, 3),
        ("a tiny p", (np.array([1e-300, 0.5, 0.5]), np.array([0.25, 0.25, 0.5])), {}, 1),
    ]


def _factors(p, q):
    return [(1.0 / np.shape(p)[-1], KL_ALL_ENTRIES)]


def _eps_values(p, q):
    p, q = np.asarray(p, dtype=np.float64), np.asarray(q, dtype=np.float64)
    rows = 1 if p.ndim == 1 else len(p)
    out = []
    with np.errstate(divide="ignore", invalid="ignore"):
        for eps in (1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-12, 1e-15, 1e-16):
            out.append((KL_EPS, np.sum(np.where(p > 0, p * np.log(p / (q + eps)), 0.0)) / rows))
            out.append((KL_EPS, np.sum(p * np.log((p + eps) / (q + eps))) / rows))
            out.append((KL_EPS, np.sum(np.where(p > 0, p * (np.log(p + eps) - np.log(q + eps)), 0.0)) / rows))
    return out


def _value_diagnoses(ref):
    return [(KL_REVERSED, lambda p, q: ref.losses.kl_divergence(q, p))]


@check("kl.values")
def test_kl_values(lib, ref, cases):
    """kl_divergence matches KL(p || q), for one distribution and for a batch of rows, tiny
    probabilities included."""
    value_cases(lib, cases, "losses", "kl_divergence", ref.losses.kl_divergence, samples(),
                diagnoses=_value_diagnoses(ref), factors=_factors)
    exact_cases(lib, cases, "losses", "kl_divergence", ref.losses.kl_divergence, extreme_samples(),
                diagnoses=lambda p, q: _eps_values(p, q) + [(KL_REVERSED, ref.losses.kl_divergence(q, p))],
                factors=_factors)
    cases.verdict()


def _no_zero_rule(p, q):
    p, q = np.asarray(p, dtype=np.float64), np.asarray(q, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.sum(p * np.log(p / q)) / (1 if p.ndim == 1 else len(p))


@check("kl.zeros")
def test_kl_zeros(lib, ref, cases):
    """Zeros in p count as 0 (0 log 0 = 0), even where q is 0 too; q = 0 where p > 0 is infinite.
    (A mistake in the mean over rows is left to the other checks: here the expectations follow the
    student's scale on ordinary rows of the same shape.)"""
    p = np.array([[0.5, 0.5, 0.0, 0.0], [0.0, 0.2, 0.8, 0.0], [0.1, 0.0, 0.3, 0.6]])
    q = np.array([[0.4, 0.4, 0.2, 0.0], [0.1, 0.3, 0.6, 0.0], [0.25, 0.25, 0.25, 0.25]])
    rng = np.random.default_rng(1011)
    p_plain, q_plain = rng.dirichlet(np.ones(4), 3), rng.dirichlet(np.ones(4), 3)
    with cases.case("zeros in p"):
        scale = known_factor(number(lib.losses.kl_divergence(p_plain, q_plain), "kl_divergence"),
                             ref.losses.kl_divergence(p_plain, q_plain), 3, _factors(p, q)) or 1.0
        close(number(lib.losses.kl_divergence(p, q), "kl_divergence"), scale * ref.losses.kl_divergence(p, q),
              "kl_divergence with zeros in p (0 log 0 counts as 0)",
              diagnoses=[(KL_ZERO_RULE, _no_zero_rule(p, q)), (KL_REVERSED, ref.losses.kl_divergence(q, p))])
    with cases.case("gradient with zeros in p"):
        scale = known_factor(array(lib.losses.kl_divergence_grad(p_plain, q_plain), "kl_divergence_grad", shape=(3, 4)),
                             ref.losses.kl_divergence_grad(p_plain, q_plain), 3) or 1.0
        grad = array(lib.losses.kl_divergence_grad(p, q), "kl_divergence_grad", shape=p.shape)
        with np.errstate(divide="ignore", invalid="ignore"):
            no_where = -p / q / 3
        close(grad, scale * ref.losses.kl_divergence_grad(p, q), "kl_divergence_grad with zeros in p",
              diagnoses=[(KL_GRAD_ZEROS, no_where)])
    with cases.case("q = 0 where p > 0"):
        p1, q1 = np.array([0.5, 0.5, 0.0]), np.array([1.0, 0.0, 0.0])
        value = number(lib.losses.kl_divergence(p1, q1), "kl_divergence")
        if np.isfinite(value):
            hint = diagnose(value, np.inf, diagnoses=[(KL_MASKS_Q, 0.5 * np.log(0.5))] + _eps_values(p1, q1))
            raise Fail("kl_divergence is finite where q is 0 but p is not; there it is infinite"
                       + (f": {hint}" if hint else ""))
        close(value, np.inf, "kl_divergence where q is 0 but p is not (it is infinite)")
    cases.verdict()


@check("kl.grad")
def test_kl_grad(lib, ref, cases):
    """kl_divergence_grad matches central differences with respect to q (the second argument)."""
    def wrt_p(p, q):
        p, q = np.asarray(p, dtype=np.float64), np.asarray(q, dtype=np.float64)
        return (np.log(p / q) + 1) / (1 if p.ndim == 1 else len(p))

    grad_cases(lib, cases, "losses", "kl_divergence_grad", ref.losses.kl_divergence, samples(), wrt=1,
               diagnoses=[(KL_GRAD_WRT_P, wrt_p)])
    cases.verdict()


@check("kl.vectorized")
def test_kl_vectorized(lib, ref, cases):
    """kl_divergence and its gradient use whole-array operations."""
    n = 100_000
    vectorized_cases(lib, cases, "losses", [("kl_divergence", ref.losses.kl_divergence),
                                            ("kl_divergence_grad", ref.losses.kl_divergence_grad)],
                     [gen("simplex", 17, (n, 10)), gen("simplex", 18, (n, 10))])
    cases.verdict()
