"""Hidden checks for ``losses.softmax`` and ``losses.log_softmax``."""

import numpy as np

from checks.framework import check
from checks.hints import LOG_SOFTMAX_UNDERFLOW, SOFTMAX_COLUMNS, SOFTMAX_KEEPDIMS, SOFTMAX_OVERFLOW, SOFTMAX_WHOLE

from .support import exact_cases


def samples():
    rng = np.random.default_rng(606)
    return [
        ("a 1-D vector", (2 * rng.standard_normal(7),), {}, None),
        ("a 2-D batch (rows are examples)", (3 * rng.standard_normal((5, 4)),), {}, None),
        ("a square 2-D batch", (rng.standard_normal((4, 4)),), {}, None),
        ("a 3-D array", (rng.standard_normal((2, 3, 5)),), {}, None),
        ("float32 logits", (rng.standard_normal((3, 6)).astype(np.float32),), {}, None),
        ("ties, and a row of equal logits", (np.array([[2.0, 2.0, 1.0, -1.0], [0.5, 0.5, 0.5, 0.5],
                                                       [-3.0, 4.0, 4.0, 4.0], [1.0, 0.0, 1.0, 0.0]]),), {}, None),
        ("logits of one row shifted by 50", (rng.standard_normal((2, 3)) + np.array([[50.0], [-50.0]]),), {}, None),
    ]


def extreme_samples():
    return [
        ("logits of +-1000", (np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -999.0], [800.0, 800.0, 799.0]]),),
         {}, None),
        ("a row spread over 1500", (np.array([[700.0, -800.0, 0.0, 10.0]]),), {}, None),
    ]


def _exp_rows(z, axis=-1, keepdims=True, whole=False, log=False):
    """softmax (or, stably, log_softmax) normalized along ``axis``, over the whole array, or with
    reductions that drop their axis: what the known mistakes compute."""
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(all="ignore"):
        m = np.max(z) if whole else np.max(z, axis=axis, keepdims=keepdims)
        e = np.exp(z - m)
        total = np.sum(e) if whole else np.sum(e, axis=axis, keepdims=keepdims)
        return z - m - np.log(total) if log else e / total


def _columns(z, log=False):
    if np.ndim(z) < 2:
        raise ValueError("a 1-D input has one axis only")
    return _exp_rows(z, axis=0, log=log)


def _diagnoses(log):
    return [
        (SOFTMAX_COLUMNS, lambda z: _columns(z, log)),
        (SOFTMAX_WHOLE, lambda z: _exp_rows(z, whole=True, log=log)),
        (SOFTMAX_KEEPDIMS, lambda z: _exp_rows(z, keepdims=False, log=log)),
    ]


def _log_of_softmax(z):
    with np.errstate(divide="ignore"):
        return np.log(_exp_rows(z))


def _log_underflow(z):
    """log of the softmax, as is and with the usual floors against log 0."""
    out = [(LOG_SOFTMAX_UNDERFLOW, _log_of_softmax(z))]
    return out + [(LOG_SOFTMAX_UNDERFLOW, np.log(np.maximum(_exp_rows(z), eps)))
                  for eps in (1e-300, 1e-200, 1e-100, 1e-50, 1e-30, 1e-20, 1e-16, 1e-15, 1e-12, 1e-10, 1e-8)]


@check("softmax.softmax_values")
def test_softmax_values(lib, ref, cases):
    """softmax matches the softmax along the last axis for 1-D, 2-D and 3-D inputs, ties included."""
    exact_cases(lib, cases, "losses", "softmax", ref.losses.softmax, samples(), diagnoses=_diagnoses(False))
    cases.verdict()


@check("softmax.log_softmax_values")
def test_log_softmax_values(lib, ref, cases):
    """log_softmax matches the log of the softmax along the last axis for 1-D, 2-D and 3-D inputs."""
    exact_cases(lib, cases, "losses", "log_softmax", ref.losses.log_softmax, samples(), diagnoses=_diagnoses(True))
    cases.verdict()


@check("softmax.stability")
def test_softmax_stability(lib, ref, cases):
    """softmax and log_softmax stay finite and right at logits of +-1000 (the log-sum-exp trick)."""
    exact_cases(lib, cases, "losses", "softmax", ref.losses.softmax, extreme_samples(), diagnoses=_diagnoses(False),
                nonfinite=SOFTMAX_OVERFLOW)
    exact_cases(lib, cases, "losses", "log_softmax", ref.losses.log_softmax, extreme_samples(),
                diagnoses=lambda z: _log_underflow(z) + [(h, lambda f=f: f(z)) for h, f in _diagnoses(True)],
                nonfinite=SOFTMAX_OVERFLOW)
    cases.verdict()
