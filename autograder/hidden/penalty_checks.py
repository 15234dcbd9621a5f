"""What the hidden checks of the penalty parts (``test_l1``, ``test_l2``, ``test_elastic_net``) share:
weight sets in every form the contract allows (exact zeros included), and value and gradient checks
against the reference, with the diagnoses of each penalty."""

import numpy as np

from checks.framework import Fail, array, array_list, close, number
from checks.hints import (
    EN_GRAD_AT_ZERO,
    EN_GRAD_NO_RATIO,
    EN_GRAD_TWO_W,
    EN_NO_HALF,
    EN_RATIO_IGNORED,
    EN_RATIO_SWAPPED,
    FIRST_ONLY,
    L1_GRAD_AT_ZERO,
    L1_GRAD_IS_L2,
    L1_IS_L2,
    L1_NO_ABS,
    L2_GRAD_IS_L1,
    NO_LAM,
)


def weight_sets():
    rng = np.random.default_rng(1111)
    return [
        ("one 2-D array", rng.standard_normal((4, 3))),
        ("a list of three arrays",
         [rng.standard_normal((3, 2)), rng.standard_normal(5), rng.standard_normal((2, 2, 2))]),
        ("a tuple of two arrays", (rng.standard_normal((2, 3)), rng.standard_normal((3, 1)))),
        ("exact zeros", np.array([[0.0, 1.5], [-2.0, 0.0]])),
        ("a list with exact zeros", [np.array([0.0, -1.0, 0.0]), np.array([[2.0, 0.0], [0.0, -0.5]])]),
        ("float32 weights", [rng.standard_normal((3, 3)).astype(np.float32)]),
        ("a nested list as one array", [[1.0, -1.0], [2.0, 0.5]]),
    ]


def _arrays(weights):
    if isinstance(weights, (list, tuple)) and all(isinstance(w, np.ndarray) for w in weights):
        return [np.asarray(w, dtype=np.float64) for w in weights]
    return [np.asarray(weights, dtype=np.float64)]


def _sum(f, weights):
    return sum(float(np.sum(f(a))) for a in _arrays(weights))


def value_diagnoses(name, ref):
    """(hint, wrong formula of (weights, lam, *extra)) for the penalty ``name``."""
    fn = getattr(ref.penalties, name)
    out = [(FIRST_ONLY, lambda w, lam, *r: fn(_arrays(w)[0], lam, *r) if len(_arrays(w)) > 1 else 1 / 0),
           (NO_LAM, lambda w, lam, *r: fn(w, 1.0, *r))]
    if name == "l1":
        out += [(L1_IS_L2, lambda w, lam: ref.penalties.l2(w, lam)),
                (L1_NO_ABS, lambda w, lam: lam * _sum(lambda a: a, w))]
    if name == "elastic_net":
        out += [(EN_RATIO_SWAPPED, lambda w, lam, r: lam * ((1 - r) * _sum(np.abs, w) + r / 2 * _sum(np.square, w))),
                (EN_NO_HALF, lambda w, lam, r: lam * (r * _sum(np.abs, w) + (1 - r) * _sum(np.square, w))),
                (EN_RATIO_IGNORED, lambda w, lam, r: fn(w, lam, 0.5))]
    return out


def grad_diagnoses(name, weights, lam, extra):
    """(hint, wrong gradient of each array) for the penalty ``name``: lists of arrays."""
    ws = _arrays(weights)
    if name == "l1":
        return [(L1_GRAD_IS_L2, [lam * w for w in ws]), (NO_LAM, [np.sign(w) for w in ws]),
                (L1_GRAD_AT_ZERO, [np.where(w >= 0, lam, -lam) for w in ws]),
                (L1_GRAD_AT_ZERO, [np.where(w > 0, lam, -lam) for w in ws])]
    if name == "l2":
        return [(L2_GRAD_IS_L1, [lam * np.sign(w) for w in ws]), (NO_LAM, [w for w in ws]),
                (FIRST_ONLY, [lam * ws[0]] + [np.zeros_like(w) for w in ws[1:]])]
    (r,) = extra
    return [(EN_GRAD_NO_RATIO, [lam * (r * np.sign(w) + w) for w in ws]),
            (EN_GRAD_TWO_W, [lam * (r * np.sign(w) + 2 * (1 - r) * w) for w in ws]),
            (EN_GRAD_AT_ZERO, [lam * (r * np.where(w >= 0, 1.0, -1.0) + (1 - r) * w) for w in ws]),
            (EN_RATIO_IGNORED, [lam * (0.5 * np.sign(w) + 0.5 * w) for w in ws]),
            (NO_LAM, [r * np.sign(w) + (1 - r) * w for w in ws])]


def value_check(lib, ref, cases, name, extra=()):
    fn, ref_fn = getattr(lib.penalties, name), getattr(ref.penalties, name)
    for case, weights in weight_sets():
        for lam in (0.3, 0.0):
            args = (weights, lam, *extra)
            with cases.case(f"{case}, lam = {lam:g}" + (f", l1_ratio = {extra[0]:g}" if extra else "")):
                diagnoses = [(h, lambda wrong=wrong, args=args: wrong(*args))
                             for h, wrong in value_diagnoses(name, ref)]
                close(number(fn(*args), name), ref_fn(*args), f"{name} of {case} with lam = {lam:g}",
                      diagnoses=diagnoses)
    cases.verdict()


def grad_check(lib, ref, cases, name, extra=()):
    fn, ref_fn = getattr(lib.penalties, name + "_grad"), getattr(ref.penalties, name + "_grad")
    for case, weights in weight_sets():
        with cases.case(case + (f", l1_ratio = {extra[0]:g}" if extra else "")):
            got, want = fn(weights, 0.3, *extra), ref_fn(weights, 0.3, *extra)
            wrong = grad_diagnoses(name, weights, 0.3, extra)
            if isinstance(want, np.ndarray):
                close(array(got, f"{name}_grad", shape=want.shape), want, f"{name}_grad of {case}",
                      diagnoses=[(h, w[0]) for h, w in wrong])
                continue
            if isinstance(want, tuple) and isinstance(got, tuple):
                got = list(got)
            elif type(got) is not type(want):
                raise Fail(f"{name}_grad of {case} must return a {type(want).__name__} of {len(want)} arrays "
                           f"(the structure it was given), but returned {type(got).__name__}")
            got = array_list(got, f"{name}_grad", list(want), first_only=FIRST_ONLY)
            for i, (g, w) in enumerate(zip(got, want)):
                close(g, w, f"{name}_grad of {case}, array {i}", diagnoses=[(h, v[i]) for h, v in wrong])
    cases.verdict()
