"""Hidden checks for ``losses.softmax`` and ``losses.log_softmax``."""

import numpy as np

from checks.framework import Fail, array, check, close, finite


def samples():
    rng = np.random.default_rng(606)
    return [
        ("a 1-D vector", 2 * rng.standard_normal(7)),
        ("a 2-D batch (rows are examples)", 3 * rng.standard_normal((5, 4))),
        ("a square 2-D batch", rng.standard_normal((4, 4))),
        ("a 3-D array", rng.standard_normal((2, 3, 5))),
        ("float32 logits", rng.standard_normal((3, 6)).astype(np.float32)),
        ("logits of one row shifted by 50", rng.standard_normal((2, 3)) + np.array([[50.0], [-50.0]])),
    ]


def _run(lib, ref, cases, name):
    fn, ref_fn = getattr(lib.losses, name), getattr(ref.losses, name)
    for case, z in samples():
        with cases.case(case):
            out = array(fn(z), name, shape=np.shape(z))
            expected = ref_fn(z)
            if name == "softmax" and not np.allclose(out.sum(axis=-1), 1.0, atol=1e-9):
                sums_axis0 = out.ndim > 1 and np.allclose(out.sum(axis=0), 1.0)
                why = ("its columns sum to 1: normalize along the LAST axis (each row is one example)"
                       if sums_axis0 else "its rows do not sum to 1 along the last axis")
                raise Fail(f"softmax on {case}: {why}")
            close(out, expected, f"{name} on {case}")
    cases.verdict()


@check("softmax.softmax_values")
def test_softmax_values(lib, ref, cases):
    """softmax matches the softmax along the last axis for 1-D, 2-D and 3-D inputs."""
    _run(lib, ref, cases, "softmax")


@check("softmax.log_softmax_values")
def test_log_softmax_values(lib, ref, cases):
    """log_softmax matches the log of the softmax along the last axis for 1-D, 2-D and 3-D inputs."""
    _run(lib, ref, cases, "log_softmax")


@check("softmax.stability")
def test_softmax_stability(lib, ref, cases):
    """softmax and log_softmax stay finite and right at logits of +-1000 (the log-sum-exp trick)."""
    z = np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -999.0], [800.0, 800.0, 799.0]])
    for name in ("softmax", "log_softmax"):
        with cases.case(name):
            out = array(getattr(lib.losses, name)(z), name, shape=z.shape)
            hint = "subtract each row's maximum before exp" if name == "softmax" else \
                "compute z - max - log(sum(exp(z - max))) rather than log(softmax(z))"
            finite(out, name, "at logits of +-1000")
            close(out, getattr(ref.losses, name)(z), f"{name} at logits of +-1000", hint=hint)
    cases.verdict()
