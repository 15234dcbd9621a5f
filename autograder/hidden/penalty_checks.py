"""What the hidden checks of the penalty parts (``test_l1``, ``test_l2``, ``test_elastic_net``) share:
weight sets in every form the contract allows, and value and gradient checks against the reference."""

import numpy as np

from checks.framework import Fail, array, close, number

from .support import diagnosed


def weight_sets():
    rng = np.random.default_rng(1111)
    return [
        ("one 2-D array", rng.standard_normal((4, 3))),
        ("a list of three arrays", [rng.standard_normal((3, 2)), rng.standard_normal(5), rng.standard_normal((2, 2, 2))]),
        ("a tuple of two arrays", (rng.standard_normal((2, 3)), rng.standard_normal((3, 1)))),
        ("exact zeros", np.array([[0.0, 1.5], [-2.0, 0.0]])),
        ("float32 weights", [rng.standard_normal((3, 3)).astype(np.float32)]),
        ("a nested list as one array", [[1.0, -1.0], [2.0, 0.5]]),
    ]


def _arrays(weights):
    if isinstance(weights, (list, tuple)) and all(isinstance(w, np.ndarray) for w in weights):
        return [np.asarray(w, dtype=np.float64) for w in weights]
    return [np.asarray(weights, dtype=np.float64)]


def _diagnoses(name, ref):
    def first_only(weights, lam, *rest):
        ws = _arrays(weights)
        return getattr(ref.penalties, name)(ws[0], lam, *rest)

    def no_lam(weights, lam, *rest):
        return getattr(ref.penalties, name)(weights, 1.0, *rest)

    out = [(first_only, "only the first array of the list counts: sum over every array"),
           (no_lam, "lam is missing: multiply by the strength")]
    if name == "l1":
        out.append((lambda w, lam: ref.penalties.l2(w, lam), "this is the L2 penalty: L1 sums |w|"))
        out.append((lambda w, lam: lam * sum(np.sum(a) for a in _arrays(w)), "the absolute value is missing"))
    if name == "l2":
        out.append((lambda w, lam: 2 * ref.penalties.l2(w, lam), "the 1/2 is missing: lam / 2 times the sum of w**2"))
    if name == "elastic_net":
        out.append((lambda w, lam, r: ref.penalties.elastic_net(w, lam, 1 - r),
                    "l1_ratio weighs the wrong term: it multiplies the L1 part"))
        out.append((lambda w, lam, r: lam * (r * sum(np.abs(a).sum() for a in _arrays(w))
                                             + (1 - r) * sum((a * a).sum() for a in _arrays(w))),
                    "the L2 part is missing its 1/2"))
    return out


def _value_check(lib, ref, cases, name, extra=()):
    fn, ref_fn = getattr(lib.penalties, name), getattr(ref.penalties, name)
    for case, weights in weight_sets():
        for lam in (0.3, 0.0):
            args = (weights, lam, *extra)
            with cases.case(f"{case}, lam = {lam:g}"):
                value = number(fn(*args), name)
                try:
                    close(value, ref_fn(*args), f"{name} of {case} with lam = {lam:g}")
                except Fail:
                    text = diagnosed(value, args, {}, _diagnoses(name, ref))
                    if text:
                        raise Fail(f"{name} of {case} is not right: {text}") from None
                    raise
    cases.verdict()


def _grad_check(lib, ref, cases, name, extra=()):
    fn, ref_fn = getattr(lib.penalties, name + "_grad"), getattr(ref.penalties, name + "_grad")
    for case, weights in weight_sets():
        with cases.case(case):
            got, want = fn(weights, 0.3, *extra), ref_fn(weights, 0.3, *extra)
            if isinstance(want, np.ndarray):
                close(array(got, f"{name}_grad", shape=want.shape), want, f"{name}_grad of {case}")
                continue
            if type(got) is not type(want) or len(got) != len(want):
                raise Fail(f"{name}_grad of {case} must return a {type(want).__name__} of {len(want)} "
                           f"arrays (the structure it was given), but returned {type(got).__name__}"
                           + (f" of {len(got)} items" if isinstance(got, (list, tuple)) else ""))
            for i, (g, w) in enumerate(zip(got, want)):
                close(array(g, f"{name}_grad", shape=w.shape), w, f"{name}_grad of {case}, array {i}")
    cases.verdict()
