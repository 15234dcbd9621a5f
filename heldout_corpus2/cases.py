"""The inputs and call sequences the harness tries, part by part: only what the contract allows.

Runs inside the harness's subprocess, against one built ``course_lib`` (the reference or one with a
body swapped in). ``observe(part, lib)`` returns ``{case_id: observation}``; the parent compares
the candidate's observations with the reference's (``compare.py``).

A case id is ``<function>/<input>`` for the stateless parts ("mse_grad/3d") and a scenario name
for the stateful ones ("Dropout/train-2d-p0.3"). Observations are plain values: what the function
returned (floats, arrays, lists/tuples of arrays) or, for the random Dropout, verdicts that any
correct implementation satisfies whatever mask it draws (every element is 0 or x / (1 - p), the
kept fraction is within six standard errors of 1 - p, backward uses the same mask, ...).

Each case may carry its own tolerances (``TOL[case_id] = (rtol, atol)``): tiny-valued results are
compared with ``atol = 0`` so that a loss of 4e-18 is not "equal" to 0, and ill-conditioned ones
(a large offset with a small spread) with the accuracy that any correct method reaches there.
"""

from __future__ import annotations

import copy
import math
import warnings

import numpy as np

DEFAULT_TOL = (1e-10, 1e-13)
TOL: dict[str, tuple[float, float]] = {}


def _tol(case_id, rtol=None, atol=None):
    r, a = DEFAULT_TOL
    TOL[case_id] = (r if rtol is None else rtol, a if atol is None else atol)


class Raised:
    """An exception a call raised, as plain data."""

    def __init__(self, exc):
        self.type = type(exc).__name__
        self.message = str(exc)[:300]

    def __repr__(self):
        return f"raised {self.type}: {self.message}"

    def __eq__(self, other):
        return isinstance(other, Raised) and other.type == self.type


WARNINGS: dict[str, list[str]] = {}


def call(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except Exception as exc:  # the candidate's failures are observations
        return Raised(exc)


def watched(case_id, fn, *args, **kwargs):
    """``call``, recording the warnings the call emits under ``WARNINGS[case_id]``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = call(fn, *args, **kwargs)
    if caught:
        WARNINGS[case_id] = sorted({f"{w.category.__name__}: {w.message}" for w in caught})
    return result


def _rng(seed):
    return np.random.default_rng(seed)


# --------------------------------------------------------------------------------------------
# Stateless losses: input sets per part
# --------------------------------------------------------------------------------------------

def _pairs_regression(kind):
    """(input_id, args, kwargs, tol) for mse/mae/huber."""
    r = _rng(1)
    sets = [
        ("0d", (np.array(1.5), np.array(-0.25)), {}),
        ("python-floats", (2.0, 0.5), {}),
        ("1d", (r.normal(size=7), r.normal(size=7)), {}),
        ("2d", (r.normal(size=(4, 3)) * 2, r.normal(size=(4, 3))), {}),
        ("2d-column", (r.normal(size=(5, 1)), r.normal(size=(5, 1))), {}),
        ("2d-square", (r.normal(size=(3, 3)) * 3, r.normal(size=(3, 3))), {}),
        ("3d", (r.normal(size=(2, 3, 4)) * 2, r.normal(size=(2, 3, 4))), {}),
        ("nested-list", ([[1.0, 2.0, -3.0], [0.5, 0.0, 4.0]], [[1.0, 0.0, -1.0], [2.0, 0.0, 1.0]]), {}),
        ("int-lists", ([1, 2, 3, 4], [1, 0, 5, 4]), {}),
        ("exact-ties", (np.array([1.0, 2.0, -3.0, 0.0, 5.0, 0.0]), np.array([1.0, 1.0, -3.0, 0.0, 4.0, 2.0])), {}),
        ("all-equal", (np.arange(6.0).reshape(2, 3), np.arange(6.0).reshape(2, 3)), {}),
        ("mixed-signs", (np.array([3.0, -3.0, 0.2, -0.2, 10.0, -10.0]), np.zeros(6)), {}),
        ("large-offset", (1e8 + r.normal(size=20) * 1e-3, 1e8 + r.normal(size=20) * 1e-3), {}),
        ("huge-residual", (np.array([1e200, -3e200, 2.0]), np.array([0.0, 0.0, 1.0])), {}),
        ("tiny-residual", (np.array([1e-200, -2e-200]), np.array([0.0, 0.0])), {}),
    ]
    if kind == "huber":
        d2 = np.array([0.3, -0.7, 1.5, -2.5, 4.0, -6.0, 0.0])
        sets = [s for s in sets if s[0] not in ("huge-residual",)]
        sets += [
            ("delta-0.5", (r.normal(size=(3, 4)) * 2, r.normal(size=(3, 4))), {"delta": 0.5}),
            ("delta-2.5-mixed", (d2, np.zeros(7)), {"delta": 2.5}),
            ("delta-3-int", (d2 * 2, np.zeros(7)), {"delta": 3}),
            ("delta-1-mixed", (d2, np.zeros(7)), {}),
            ("delta-on-boundary", (np.array([2.0, -2.0, 1.0, 2.0 + 2**-40, -(2.0 + 2**-40), 2.0 - 2**-40]),
                                   np.zeros(6)), {"delta": 2.0}),
            ("all-inside", (np.array([0.1, -0.2, 0.3]), np.zeros(3)), {"delta": 1.0}),
            ("all-outside-negative", (np.array([-5.0, -7.0, -9.0]), np.zeros(3)), {"delta": 1.5}),
            ("delta-small-3d", (r.normal(size=(2, 2, 3)), r.normal(size=(2, 2, 3))), {"delta": 0.1}),
            ("huge-residual", (np.array([1e200, -3e200, 2.0]), np.array([0.0, 0.0, 1.0])), {"delta": 2.0}),
        ]
    out = []
    for sid, args, kw in sets:
        tol = {}
        if sid in ("tiny-residual",):
            tol = {"atol": 0.0}
        if sid == "large-offset":
            tol = {"atol": 1e-22}
        out.append((sid, args, kw, tol))
    return out


def _pairs_bce():
    r = _rng(2)
    p2 = r.uniform(0.01, 0.99, size=(4, 3))
    sets = [
        ("2d-hard", (p2, (r.uniform(size=(4, 3)) < 0.5).astype(float)), {}),
        ("2d-soft", (p2, r.uniform(size=(4, 3))), {}),
        ("1d-soft", (r.uniform(size=6), r.uniform(size=6)), {}),
        ("0d", (np.array(0.3), np.array(1.0)), {}),
        ("3d", (r.uniform(0.05, 0.95, size=(2, 2, 3)), (r.uniform(size=(2, 2, 3)) < 0.5) * 1.0), {}),
        ("nested-list", ([[0.2, 0.9], [0.6, 0.4]], [[0, 1], [1, 0]]), {}),
        ("extremes", (np.array([0.0, 0.0, 1.0, 1.0, 0.0, 1.0]), np.array([0.0, 1.0, 0.0, 1.0, 0.5, 0.5])), {}),
        ("zero-right", (np.array([0.0, 1.0]), np.array([0.0, 1.0])), {}),
        ("zero-wrong", (np.array([0.0]), np.array([1.0])), {}),
        ("near-extremes", (np.array([1e-20, 1e-9, 1 - 1e-9, 0.999999, 1e-300]),
                           np.array([1.0, 0.0, 1.0, 0.0, 1.0])), {}),
        ("tiny-p-label-0", (np.array([1e-20, 3e-18]), np.array([0.0, 0.0])), {}),
        ("floor-regime", (np.array([1e-13, 1 - 1e-13, 5e-14, 1e-7]), np.array([0.0, 1.0, 1.0, 0.3])), {}),
        ("small-p", (np.array([1e-6, 1e-4, 0.5, 1 - 1e-6]), np.array([1.0, 0.0, 1.0, 0.0])), {}),
        ("half", (np.full(5, 0.5), np.array([0.0, 1.0, 0.5, 0.25, 1.0])), {}),
    ]
    out = []
    for sid, args, kw in sets:
        tol = {"atol": 0.0} if sid in ("tiny-p-label-0", "zero-right", "near-extremes", "floor-regime",
                                       "small-p") else {}
        out.append((sid, args, kw, tol))
    return out


def _pairs_bce_logits():
    r = _rng(3)
    sets = [
        ("2d-hard", (r.normal(size=(4, 3)) * 3, (r.uniform(size=(4, 3)) < 0.5) * 1.0), {}),
        ("2d-soft", (r.normal(size=(4, 3)) * 3, r.uniform(size=(4, 3))), {}),
        ("1d", (r.normal(size=6), r.uniform(size=6)), {}),
        ("0d", (np.array(-1.3), np.array(1.0)), {}),
        ("3d", (r.normal(size=(2, 3, 2)) * 4, (r.uniform(size=(2, 3, 2)) < 0.5) * 1.0), {}),
        ("nested-list", ([[0.5, -2.0], [3.0, 0.0]], [[1, 0], [0, 1]]), {}),
        ("zero-logit", (np.zeros(3), np.array([0.0, 0.5, 1.0])), {}),
        ("large-positive", (np.array([50.0, 800.0, 1e5]), np.array([0.0, 0.0, 0.5])), {}),
        ("large-negative", (np.array([-50.0, -800.0, -1e5]), np.array([1.0, 1.0, 0.5])), {}),
        ("large-mixed", (np.array([800.0, -800.0, 710.0, -710.0, 30.0, -30.0]),
                         np.array([1.0, 0.0, 0.0, 1.0, 1.0, 0.0])), {}),
        ("confident-right", (np.array([40.0, -40.0, 60.0, -36.0]), np.array([1.0, 0.0, 1.0, 0.0])), {}),
        ("confident-wrong", (np.array([40.0, -40.0]), np.array([0.0, 1.0])), {}),
        ("negative-moderate", (np.array([-2.0, -0.5, -5.0, -10.0]), np.array([0.0, 1.0, 0.3, 1.0])), {}),
    ]
    out = []
    for sid, args, kw in sets:
        # atol 0 for the loss only: where sigmoid(z) is close to y the gradient (sigmoid - y) / N is
        # ill-conditioned (no method gets its relative digits), while the loss there is accurate.
        tol = {"atol": 0.0, "funcs": ("binary_cross_entropy_with_logits",)} if sid in (
            "confident-right", "large-mixed", "negative-moderate", "large-positive", "large-negative") else {}
        out.append((sid, args, kw, tol))
    return out


def _inputs_softmax():
    r = _rng(4)
    sets = [
        ("1d", (r.normal(size=5),), {}),
        ("2d", (r.normal(size=(4, 3)) * 2,), {}),
        ("2d-square", (r.normal(size=(4, 4)) * 2,), {}),
        ("3d", (r.normal(size=(2, 3, 4)) * 2,), {}),
        ("one-class", (r.normal(size=(3, 1)),), {}),
        ("nested-list", ([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]],), {}),
        ("large", (1000.0 + r.normal(size=(3, 4)),), {}),
        ("huge-spread-1d", (np.array([0.0, -1000.0, 1000.0, 999.0]),), {}),
        ("rows-different-scale", (np.array([[0.0, 1.0, 2.0], [-1000.0, -1001.0, -1002.5],
                                            [800.0, 801.0, 799.0]]),), {}),
        ("underflowing-entry", (np.array([[0.0, -800.0, 1.0], [5.0, 5.0, -1e4]]),), {}),
        ("large-offset", (1e6 + r.normal(size=(3, 4)),), {}),
    ]
    return [(sid, args, kw, {"atol": 1e-300} if sid != "large-offset" else {"rtol": 1e-9, "atol": 1e-300})
            for sid, args, kw in sets]


def _inputs_cce():
    r = _rng(5)
    logits = r.normal(size=(5, 4)) * 2
    labels = np.array([0, 3, 1, 1, 2])
    probs = r.dirichlet(np.ones(4), size=5)
    off = probs * (1 - 5e-7)
    sets = [
        ("labels", (logits, labels), {}),
        ("labels-smooth-0.1", (logits, labels), {"label_smoothing": 0.1}),
        ("labels-smooth-1", (logits, labels), {"label_smoothing": 1.0}),
        ("labels-list", (logits.tolist(), labels.tolist()), {}),
        ("labels-float", (logits, labels.astype(float)), {"label_smoothing": 0.2}),
        ("labels-int32", (logits, labels.astype(np.int32)), {}),
        ("probs", (logits, probs), {}),
        ("probs-smooth-0.2", (logits, probs), {"label_smoothing": 0.2}),
        ("probs-sum-off-by-5e-7", (logits, off), {}),
        ("one-row", (logits[:1], labels[:1]), {"label_smoothing": 0.1}),
        ("one-class", (r.normal(size=(3, 1)), np.zeros(3, dtype=int)), {}),
        ("square", (r.normal(size=(4, 4)), np.array([3, 0, 2, 2])), {}),
        ("large-logits", (1000.0 * np.array([[1.0, 0.0, -1.0], [0.0, 2.0, 1.0]]), np.array([2, 0])), {}),
        ("underflowing-class", (np.array([[0.0, -1000.0, 2.0], [1.0, 1.0, -800.0]]), np.array([0, 1])), {}),
        ("large-offset", (1e6 + r.normal(size=(3, 4)), np.array([0, 2, 3])), {}),
        ("one-hot-rows", (logits, np.eye(4)[labels]), {"label_smoothing": 0.3}),
    ]
    return [(sid, args, kw, {"rtol": 1e-8} if sid == "large-offset" else {}) for sid, args, kw in sets]


def _pairs_hinge():
    r = _rng(6)
    y2 = np.where(r.uniform(size=(4, 3)) < 0.5, -1.0, 1.0)
    sets = [
        ("2d", (r.normal(size=(4, 3)) * 2, y2), {}),
        ("1d", (r.normal(size=6), np.array([1.0, -1, 1, -1, -1, 1])), {}),
        ("0d", (np.array(0.25), np.array(-1.0)), {}),
        ("3d", (r.normal(size=(2, 2, 3)) * 2, np.where(r.uniform(size=(2, 2, 3)) < 0.5, -1.0, 1.0)), {}),
        ("nested-list", ([[0.5, -2.0], [3.0, 0.0]], [[1, -1], [-1, 1]]), {}),
        ("int-scores", ([2, -1, 0, 1], [1, 1, -1, -1]), {}),
        ("on-the-margin", (np.array([1.0, -1.0, 1.0, -1.0]), np.array([1.0, -1.0, 1.0, -1.0])), {}),
        ("hair-around-margin", (np.array([1 - 2**-40, 1 + 2**-40, -(1 - 2**-40), -(1 + 2**-40)]),
                                np.array([1.0, 1.0, -1.0, -1.0])), {}),
        ("all-beyond", (np.array([2.0, -3.0, 5.0]), np.array([1.0, -1.0, 1.0])), {}),
        ("negative-labels-inside", (np.array([0.5, -0.5, 2.0]), np.array([-1.0, -1.0, -1.0])), {}),
        ("large", (np.array([1e6, -1e6, 3.0]), np.array([-1.0, -1.0, 1.0])), {}),
    ]
    return [(sid, args, kw, {"atol": 0.0} if sid == "hair-around-margin" else {}) for sid, args, kw in sets]


def _inputs_mclass():
    r = _rng(7)
    s = r.normal(size=(6, 4)) * 1.5
    y = np.array([0, 1, 3, 2, 2, 0])
    ties = np.array([[1.0, 1.0, 0.0], [2.0, 1.0, 1.0], [0.0, 0.0, 0.0], [3.0, 2.0, 4.0]])
    yt = np.array([0, 0, 2, 1])
    hair = np.array([[0.0, -1.0 + 2**-40, -1.0 - 2**-40], [5.0, 4.0 + 2**-40, 4.0 - 2**-40]])
    sets = [
        ("basic", (s, y), {}),
        ("margin-0", (s, y), {"margin": 0.0}),
        ("margin-0.5", (s, y), {"margin": 0.5}),
        ("margin-2-int", (s, y), {"margin": 2}),
        ("margin-3", (s * 0.5, y), {"margin": 3.0}),
        ("square", (r.normal(size=(4, 4)), np.array([2, 0, 3, 1])), {}),
        ("square-margin-2", (r.normal(size=(3, 3)), np.array([1, 1, 0])), {"margin": 2.0}),
        ("ties-margin-0", (ties, yt), {"margin": 0.0}),
        ("ties-margin-1", (ties, yt), {}),
        ("hair-margin-1", (hair, np.array([0, 0])), {}),
        ("one-row", (s[:1], y[:1]), {}),
        ("one-class", (r.normal(size=(3, 1)), np.zeros(3, dtype=int)), {}),
        ("two-classes", (r.normal(size=(5, 2)), np.array([0, 1, 1, 0, 1])), {}),
        ("labels-list", (s.tolist(), y.tolist()), {}),
        ("labels-float", (s, y.astype(float)), {}),
        ("all-satisfied", (np.array([[10.0, 0.0, 1.0], [0.0, 8.0, -3.0]]), np.array([0, 1])), {}),
        ("wide", (r.normal(size=(2, 7)) * 2, np.array([6, 3])), {"margin": 1.5}),
    ]
    return [(sid, args, kw, {"atol": 0.0} if sid.startswith("hair") else {}) for sid, args, kw in sets]


def _pairs_kl():
    r = _rng(8)
    p2 = r.dirichlet(np.ones(4), size=3)
    q2 = r.dirichlet(np.ones(4), size=3)
    sets = [
        ("2d", (p2, q2), {}),
        ("1d", (p2[0], q2[0]), {}),
        ("one-row", (p2[:1], q2[:1]), {}),
        ("nested-list", ([[0.5, 0.5], [0.9, 0.1]], [[0.25, 0.75], [0.5, 0.5]]), {}),
        ("p-zeros", (np.array([[0.0, 0.5, 0.5], [1.0, 0.0, 0.0]]), np.array([[0.2, 0.3, 0.5], [0.4, 0.4, 0.2]])), {}),
        ("p-and-q-zero", (np.array([[0.0, 0.4, 0.6], [0.5, 0.5, 0.0]]), np.array([[0.0, 0.5, 0.5], [0.3, 0.7, 0.0]])),
         {}),
        ("q-zero-p-positive", (np.array([0.5, 0.5, 0.0]), np.array([0.0, 1.0, 0.0])), {}),
        ("q-zero-p-positive-2d", (np.array([[0.5, 0.5], [0.2, 0.8]]), np.array([[1.0, 0.0], [0.2, 0.8]])), {}),
        ("tiny-q", (np.array([0.5, 0.5]), np.array([1e-320, 1.0])), {}),
        ("subnormal-p", (np.array([1e-320, 1.0]), np.array([0.5, 0.5])), {}),
        ("unnormalized", (np.array([[1.0, 2.0, 3.0], [0.5, 0.0, 0.1]]), np.array([[2.0, 2.0, 2.0], [0.1, 0.2, 0.3]])),
         {}),
        ("equal", (p2, p2.copy()), {}),
        ("1d-one-hot-p", (np.array([0.0, 1.0, 0.0, 0.0]), np.array([0.1, 0.6, 0.2, 0.1])), {}),
        ("int-lists", ([1, 0, 0], [1, 1, 1]), {}),
    ]
    return [(sid, args, kw, {"atol": 0.0} if sid in ("subnormal-p",) else {}) for sid, args, kw in sets]


# --------------------------------------------------------------------------------------------
# Penalties
# --------------------------------------------------------------------------------------------

def _weights_sets():
    r = _rng(9)
    A = r.normal(size=(4, 3))
    B = r.normal(size=3)
    C = r.normal(size=(2, 2, 2))
    Z = np.array([[0.0, 1.5, -2.0], [0.0, 0.0, 3.0]])
    return [
        ("one-2d", A, {}),
        ("one-1d", B, {}),
        ("one-0d", np.array(-2.5), {}),
        ("python-float", -1.25, {}),
        ("one-3d", C, {}),
        ("nested-list", [[1.0, -2.0], [0.0, 3.0]], {}),
        ("list-same-shapes", [A, A[::-1] * 2], {}),
        ("list-mixed-shapes", [A, B, C], {}),
        ("list-broadcastable", [A, B], {}),
        ("tuple", (A, C), {}),
        ("single-in-list", [A], {}),
        ("zeros", Z, {}),
        ("list-with-zeros", [Z, np.zeros(3)], {}),
        ("list-with-0d", [A, np.array(2.0)], {}),
        ("int-array", np.array([[1, -2], [3, 0]]), {}),
    ]


def _penalty_cases(name):
    out = []
    lams = [("lam-0.1", 0.1), ("lam-0", 0.0), ("lam-2-int", 2)]
    ratios = [("", None)]
    if name == "elastic_net":
        ratios = [("", None), ("-r0", 0.0), ("-r0.2", 0.2), ("-r1", 1.0), ("-r1-int", 1)]
    for wid, w, _ in _weights_sets():
        for lid, lam in lams:
            for rid, ratio in ratios:
                if lid != "lam-0.1" and wid not in ("one-2d", "list-mixed-shapes"):
                    continue
                kw = {} if ratio is None else {"l1_ratio": ratio}
                out.append((f"{wid}-{lid}{rid}", (w, lam), kw, {}))
    return out


# --------------------------------------------------------------------------------------------
# Running the stateless parts
# --------------------------------------------------------------------------------------------

FUNCTIONS = {
    "mse": ("losses", ["mse", "mse_grad"], lambda: _pairs_regression("mse")),
    "mae": ("losses", ["mae", "mae_grad"], lambda: _pairs_regression("mae")),
    "huber": ("losses", ["huber", "huber_grad"], lambda: _pairs_regression("huber")),
    "bce": ("losses", ["binary_cross_entropy", "binary_cross_entropy_grad"], _pairs_bce),
    "bce_logits": ("losses", ["binary_cross_entropy_with_logits", "binary_cross_entropy_with_logits_grad"],
                   _pairs_bce_logits),
    "softmax": ("losses", ["softmax", "log_softmax"], _inputs_softmax),
    "cce": ("losses", ["categorical_cross_entropy", "categorical_cross_entropy_grad"], _inputs_cce),
    "hinge": ("losses", ["hinge", "hinge_grad"], _pairs_hinge),
    "multiclass_hinge": ("losses", ["multiclass_hinge", "multiclass_hinge_grad"], _inputs_mclass),
    "kl": ("losses", ["kl_divergence", "kl_divergence_grad"], _pairs_kl),
    "l1": ("penalties", ["l1", "l1_grad"], lambda: _penalty_cases("l1")),
    "l2": ("penalties", ["l2", "l2_grad"], lambda: _penalty_cases("l2")),
    "elastic_net": ("penalties", ["elastic_net", "elastic_net_grad"], lambda: _penalty_cases("elastic_net")),
}


def _stateless(part, lib):
    module_name, names, make = FUNCTIONS[part]
    module = getattr(lib, module_name)
    obs = {}
    for sid, args, kw, tol in make():
        for name in names:
            cid = f"{name}/{sid}"
            if tol and name in tol.get("funcs", names):
                _tol(cid, **{k: v for k, v in tol.items() if k != "funcs"})
            args_copy = copy.deepcopy(args)
            obs[cid] = watched(cid, getattr(module, name), *args_copy, **kw)
    return obs


# --------------------------------------------------------------------------------------------
# EarlyStopping: scripted sequences
# --------------------------------------------------------------------------------------------

class Snapshot:
    """A model-like state object (an attribute holding arrays), for the 'anything' of ``state``."""

    def __init__(self, W):
        self.W = W
        self.history = [W.sum()]


def _plain(obj):
    """A comparable, detached rendering of a state (containers keep their type)."""
    if isinstance(obj, np.ndarray):
        return obj.copy()
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_plain(v) for v in obj]
    if isinstance(obj, tuple):
        return tuple(_plain(v) for v in obj)
    if isinstance(obj, Snapshot):
        return ("Snapshot", _plain(obj.W), list(obj.history))
    if obj is None or isinstance(obj, (int, float, str, bool)):
        return obj
    return ("object", type(obj).__name__)


def _state_maker(kind):
    """A live state and a function that trains it in place (as ``fit`` does) between steps."""
    W = np.arange(6.0).reshape(2, 3)
    b = np.zeros(3)
    if kind == "dict":
        state = {"0.W": W, "0.b": b}
    elif kind == "list":
        state = [W, b]
    elif kind == "tuple":
        state = (W, b)
    elif kind == "nested":
        state = {"layer0": {"W": W, "b": b}, "layer1": [np.ones(2)], "step": 0}
    elif kind == "object":
        state = Snapshot(W)
    elif kind == "array":
        state = W
    elif kind == "none":
        state = None
    else:
        raise ValueError(kind)

    def train():
        W[...] -= 0.5     # in place, as fit's `p -= lr * step`
        b[...] += 1.0
        if kind == "nested":
            state["layer1"][0] *= 2.0
            state["step"] += 1
        if kind == "object":
            state.history.append(float(W.sum()))
    return state, train


ES_SCENARIOS = {
    # name: (patience, min_delta, losses, state kind)
    "basic": (3, 0.0, [1.0, 0.9, 0.95, 0.8, 0.85, 0.86, 0.87, 0.9], "dict"),
    "notebook-min-delta": (2, 0.005, [0.9, 0.85, 0.80, 0.79, 0.786, 0.788, 0.70], "dict"),
    "equal-losses": (2, 0.0, [1.0, 1.0, 1.0, 1.0], "dict"),
    "min-delta-small-steps": (2, 0.01, [1.0, 0.995, 0.989, 0.985, 0.984, 0.983, 0.97], "dict"),
    "min-delta-worse-within-delta": (2, 0.1, [1.0, 1.05, 1.08, 0.95, 0.85, 0.92], "dict"),
    "reset-after-improvement": (2, 0.0, [1.0, 1.1, 0.9, 1.0, 0.95, 0.96], "dict"),
    "nan-in-middle": (2, 0.0, [1.0, float("nan"), 0.9, float("nan"), float("nan"), 0.5], "dict"),
    "nan-first": (3, 0.0, [float("nan"), 1.0, 0.5, 0.6], "dict"),
    "all-nan": (2, 0.0, [float("nan")] * 4, "dict"),
    "inf": (2, 0.0, [float("inf"), 1.0, float("inf"), float("inf")], "dict"),
    "patience-1-continue-after-stop": (1, 0.0, [1.0, 2.0, 3.0, 0.5, 0.6, 0.7], "dict"),
    "keep-stepping-after-stop": (2, 0.0, [1.0, 1.5, 1.6, 1.7, 1.8, 0.2, 0.3, 0.4], "dict"),
    "tiny-improvements": (2, 0.0, [1.0, 1.0 - 1e-12, 1.0 - 2e-12, 1.0 - 2e-12], "dict"),
    "int-and-numpy-losses": (2, 0.0, [3, np.float32(2.5), np.int64(2), np.float64(2.0), 1], "dict"),
    "state-list": (2, 0.0, [1.0, 0.5, 0.7, 0.4, 0.6], "list"),
    "state-tuple": (2, 0.0, [1.0, 0.5, 0.7, 0.4, 0.6], "tuple"),
    "state-nested": (2, 0.0, [1.0, 0.5, 0.7, 0.4, 0.6], "nested"),
    "state-object": (2, 0.0, [1.0, 0.5, 0.7, 0.4, 0.6], "object"),
    "state-array": (2, 0.0, [1.0, 0.5, 0.7, 0.4, 0.6], "array"),
    "state-none": (2, 0.0, [1.0, 0.5, 0.7, 0.4, 0.6], "none"),
    "long-random": (4, 0.02, list(np.round(1.0 + np.cumsum(_rng(10).normal(scale=0.05, size=40)), 4)), "dict"),
}


def _es_run(lib, patience, min_delta, losses, kind):
    es = lib.training.EarlyStopping(patience=patience, min_delta=min_delta)
    state, train = _state_maker(kind)
    steps = []
    for loss in losses:
        ret = call(es.step, loss, state)
        steps.append({
            "returned": ret if isinstance(ret, Raised) else (bool(ret) if isinstance(ret, (bool, np.bool_)) else ret),
            "best_loss": getattr(es, "best_loss", "missing"),
            "best_epoch": getattr(es, "best_epoch", "missing"),
            "best_state": _plain(getattr(es, "best_state", "missing")),
        })
        if isinstance(ret, Raised):
            break
        train()
    return {"steps": steps,
            "best_state_after_training_on": _plain(getattr(es, "best_state", "missing"))}


def _early_stopping(lib):
    obs = {}
    for name, (patience, min_delta, losses, kind) in ES_SCENARIOS.items():
        obs[f"EarlyStopping/{name}"] = watched(f"EarlyStopping/{name}", _es_run, lib, patience, min_delta, losses,
                                               kind)
    return obs


# --------------------------------------------------------------------------------------------
# Dropout: verdicts that hold for every correct mask
# --------------------------------------------------------------------------------------------

def _close(a, b, rtol=1e-12):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=0.0, equal_nan=False))


def _array_like(v):
    return isinstance(v, (np.ndarray, np.generic, float))


def _describe(v):
    if isinstance(v, Raised):
        return repr(v)
    return {"array_like": _array_like(v), "shape": tuple(np.shape(v)), "dtype": str(np.asarray(v).dtype)}


def _x(shape, kind, seed):
    r = _rng(seed)
    x = r.normal(size=shape) + 0.0
    if kind == "nonzero":
        x = np.where(np.abs(x) < 1e-3, 1.0, x)
    elif kind == "relu":
        x = np.maximum(x, 0.0)
    return x


def _dropout_train(lib, shape, p, kind, seed):
    """One forward in training mode, then backward twice; verdicts and descriptions."""
    x = _x(shape, kind, seed)
    d = lib.layers.Dropout(p=p, rng=seed)
    state_before = np.random.get_state()[1].copy()
    out = d.forward(x.copy())
    global_untouched = bool(np.array_equal(np.random.get_state()[1], state_before))
    g_ones = d.backward(np.ones(shape))
    dout = _rng(seed + 1).normal(size=shape)
    g1 = d.backward(dout.copy())
    g2 = d.backward(dout.copy())
    keep = np.asarray(g_ones) != 0
    n = keep.size
    scale = 1.0 / (1.0 - p)
    v = {
        "out": _describe(out), "dx": _describe(g1),
        "out_is_0_or_x_over_1mp": _close(out, np.where(keep, x * scale, 0.0)),
        "dx_of_ones_is_0_or_scale": _close(g_ones, np.where(keep, scale, 0.0)),
        "dx_is_dout_times_same_mask": _close(g1, np.where(keep, dout * scale, 0.0)),
        "second_backward_same": _close(g1, g2),
        "kept_fraction_within_6_se": bool(abs(keep.mean() - (1 - p)) <= 6 * math.sqrt(p * (1 - p) / n) + 1.0 / n),
        "global_numpy_rng_untouched": global_untouched,
    }
    if len(shape) >= 2 and shape[0] >= 20 and shape[-1] >= 20:
        flat = keep.reshape(shape[0], -1)
        v["rows_have_different_masks"] = len({row.tobytes() for row in flat}) > shape[0] // 2
        v["rows_mix_kept_and_dropped"] = bool(np.mean(flat.any(axis=1) & ~flat.all(axis=1)) > 0.5)
        cols = keep.reshape(-1, shape[-1])
        v["columns_mix_kept_and_dropped"] = bool(np.mean(cols.any(axis=0) & ~cols.all(axis=0)) > 0.5)
    d2 = lib.layers.Dropout(p=p, rng=seed)
    v["same_seed_same_output"] = _close(d2.forward(x.copy()), out, rtol=0.0)
    d3 = lib.layers.Dropout(p=p, rng=np.random.default_rng(seed))
    v["generator_same_as_its_seed"] = _close(d3.forward(x.copy()), out, rtol=0.0)
    out2 = d.forward(x.copy())
    v["next_forward_draws_a_new_mask"] = bool(n < 64 or not np.array_equal(np.asarray(out2) != 0, np.asarray(out) != 0)
                                              or kind == "relu")
    g3 = d.backward(np.ones(shape))
    v["backward_follows_the_newest_forward"] = _close(g3, np.where(np.asarray(g3) != 0, scale, 0.0)) and (
        kind == "relu" or n < 64 or bool(np.array_equal(np.asarray(g3) != 0, np.asarray(out2) != 0)))
    return v


def _dropout_modes(lib, p, seed):
    x = _x((30, 40), "nonzero", seed)
    dout = _rng(seed + 2).normal(size=(30, 40))
    scale = 1.0 / (1.0 - p)
    v = {}
    # eval from the start
    d = lib.layers.Dropout(p=p, rng=seed).eval()
    out = d.forward(x.copy())
    v["eval_forward_identity"] = _close(out, x, rtol=0.0)
    v["eval_backward_identity"] = _close(d.backward(dout.copy()), dout, rtol=0.0)
    # train forward, then eval forward, then backward: identity (the last forward was eval)
    d = lib.layers.Dropout(p=p, rng=seed)
    d.forward(x.copy())
    d.eval()
    out = d.forward(x.copy())
    v["eval_after_train_forward_identity"] = _close(out, x, rtol=0.0)
    v["eval_after_train_backward_identity"] = _close(d.backward(dout.copy()), dout, rtol=0.0)
    # train forward, switch to eval, backward: the mask of that (training) forward
    d = lib.layers.Dropout(p=p, rng=seed)
    out = d.forward(x.copy())
    keep = np.asarray(out) != 0
    d.eval()
    g = d.backward(dout.copy())
    v["backward_after_eval_switch_uses_training_mask"] = _close(g, np.where(keep, dout * scale, 0.0))
    # and back to training: a new mask again, with its own backward
    d.train()
    out = d.forward(x.copy())
    keep = np.asarray(out) != 0
    v["train_again_mask_fraction_ok"] = bool(abs(keep.mean() - (1 - p)) <= 6 * math.sqrt(p * (1 - p) / keep.size))
    v["train_again_backward_matches"] = _close(d.backward(dout.copy()), np.where(keep, dout * scale, 0.0))
    v["training_flag"] = (d.training, d.eval().training)
    return v


def _status(v):
    return repr(v) if isinstance(v, Raised) else "ok"


def _dropout_edges(lib):
    v = {}
    x = _x((8, 5), "nonzero", 21)
    dout = _rng(22).normal(size=(8, 5))
    for p in (0.0, 0, 1.0, 1):
        d = lib.layers.Dropout(p=p, rng=0)
        out = call(d.forward, x.copy())
        g = call(d.backward, dout.copy())
        tag = f"p={p!r}"
        if isinstance(out, Raised) or isinstance(g, Raised):
            v[tag] = (_status(out), _status(g))
            continue
        want_out, want_g = (x, dout) if float(p) == 0.0 else (np.zeros_like(x), np.zeros_like(dout))
        v[tag] = (_describe(out), _close(out, want_out, rtol=0.0), _describe(g), _close(g, want_g, rtol=0.0))
    # 0-d and nested-list inputs, in every mode
    for p in (0.0, 0.3, 1.0):
        for mode in ("train", "eval"):
            for xin, label in ((2.5, "0d"), ([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]], "nested-list")):
                d = lib.layers.Dropout(p=p, rng=3)
                if mode == "eval":
                    d.eval()
                out = call(d.forward, copy.deepcopy(xin))
                xa = np.asarray(xin, dtype=float)
                g = call(d.backward, np.ones_like(xa))
                tag = f"{label}-{mode}-p={p}"
                if isinstance(out, Raised) or isinstance(g, Raised):
                    v[tag] = (_status(out), _status(g))
                    continue
                if mode == "eval" or p == 0.0:
                    ok = _close(out, xa, rtol=0.0) and _close(g, np.ones_like(xa), rtol=0.0)
                elif p == 1.0:
                    ok = _close(out, np.zeros_like(xa), rtol=0.0) and _close(g, np.zeros_like(xa), rtol=0.0)
                else:
                    keep = np.asarray(g) != 0
                    ok = _close(out, np.where(keep, xa / (1 - p), 0.0)) and _close(g, np.where(keep, 1 / (1 - p), 0.0))
                v[tag] = (tuple(np.shape(out)), tuple(np.shape(g)), str(np.asarray(out).dtype), ok)
    return v


def _dropout(lib):
    obs = {}
    for shape, p, kind, seed in [
        ((2000,), 0.3, "nonzero", 11),
        ((40, 50), 0.5, "nonzero", 12),
        ((40, 50), 0.2, "nonzero", 13),
        ((40, 50), 0.8, "nonzero", 14),
        ((6, 25, 30), 0.3, "nonzero", 15),
        ((40, 50), 0.3, "relu", 16),
        ((3000,), 0.6, "relu", 17),
        ((3,), 0.5, "nonzero", 18),
    ]:
        cid = f"Dropout/train-{len(shape)}d-{shape}-p{p}-{kind}"
        obs[cid] = watched(cid, _dropout_train, lib, shape, p, kind, seed)
    for p in (0.25, 0.5):
        obs[f"Dropout/modes-p{p}"] = watched(f"Dropout/modes-p{p}", _dropout_modes, lib, p, 30 + int(p * 100))
    obs["Dropout/edges"] = watched("Dropout/edges", _dropout_edges, lib)
    return obs


# --------------------------------------------------------------------------------------------
# BatchNorm1d: scripted sequences, compared value by value
# --------------------------------------------------------------------------------------------

def _bn_snapshot(layer):
    return {
        "running_mean": np.array(layer.running_mean, dtype=float, copy=True),
        "running_var": np.array(layer.running_var, dtype=float, copy=True),
        "training": layer.training,
    }


def _grads(layer):
    g = layer.grads
    return {k: (np.array(v, copy=True) if isinstance(v, np.ndarray) else v) for k, v in g.items()}


def _bn_script(lib, C, steps, eps=1e-5, momentum=0.1, gamma_beta=True, seed=0):
    """steps: a list of ("train"|"eval", N or array) and ("backward",) / ("backward-again",) / ("mode", m)."""
    r = _rng(seed)
    layer = lib.layers.BatchNorm1d(C, eps=eps, momentum=momentum)
    if gamma_beta:
        layer.params["gamma"][...] = r.uniform(0.5, 2.0, size=C)
        layer.params["beta"][...] = r.normal(size=C)
    log = []
    last_shape = None
    for step in steps:
        what = step[0]
        if what in ("forward",):
            x = step[1] if isinstance(step[1], np.ndarray) else r.normal(size=(step[1], C)) * 2 + 1
            last_shape = x.shape
            out = call(layer.forward, x.copy())
            log.append(("forward", out, _bn_snapshot(layer)))
        elif what == "backward":
            dout = r.normal(size=last_shape)
            dx = call(layer.backward, dout)
            log.append(("backward", dx, _grads(layer)))
        elif what == "backward-same":
            dx = call(layer.backward, dout)
            log.append(("backward-same", dx, _grads(layer)))
        elif what == "train":
            layer.train()
        elif what == "eval":
            layer.eval()
        if log and isinstance(log[-1][1], Raised):
            break
    return log


def _batchnorm(lib):
    r = _rng(40)
    big = 1e8 + r.normal(size=(16, 3))
    const = np.column_stack([np.full(6, 3.0), r.normal(size=6), np.full(6, -1.0)])
    scripts = {
        "train-forward-backward": dict(C=4, steps=[("forward", 8), ("backward",)]),
        "train-n2": dict(C=3, steps=[("forward", 2), ("backward",)]),
        "train-one-feature": dict(C=1, steps=[("forward", 5), ("backward",)]),
        "default-gamma-beta": dict(C=3, steps=[("forward", 6), ("backward",)], gamma_beta=False),
        "train-n16-running-var": dict(C=5, steps=[("forward", 16), ("backward",)]),
        "large-offset": dict(C=3, steps=[("forward", big), ("backward",)]),
        "constant-columns": dict(C=3, steps=[("forward", const), ("backward",)]),
        "backward-twice": dict(C=4, steps=[("forward", 7), ("backward",), ("backward-same",)]),
        "several-steps": dict(C=3, steps=[("forward", 5), ("backward",), ("forward", 9), ("backward",),
                                          ("forward", 4), ("backward",)]),
        "train-then-eval": dict(C=3, steps=[("forward", 10), ("forward", 6), ("eval",), ("forward", 5),
                                            ("backward",), ("forward", 1), ("backward",)]),
        "eval-fresh-layer": dict(C=4, steps=[("eval",), ("forward", 5), ("backward",)]),
        "eval-then-train": dict(C=2, steps=[("eval",), ("forward", 3), ("train",), ("forward", 6),
                                            ("backward",)]),
        "forward-train-backward-after-eval-switch": dict(C=3, steps=[("forward", 6), ("eval",), ("backward",)]),
        "forward-eval-backward-after-train-switch": dict(C=3, steps=[("forward", 6), ("eval",), ("forward", 4),
                                                                     ("train",), ("backward",)]),
        "momentum-0": dict(C=3, steps=[("forward", 6), ("backward",), ("eval",), ("forward", 3)], momentum=0.0),
        "momentum-1": dict(C=3, steps=[("forward", 6), ("forward", 5), ("eval",), ("forward", 3),
                                       ("backward",)], momentum=1.0),
        "eps-1e-1": dict(C=3, steps=[("forward", 4), ("backward",), ("eval",), ("forward", 2)], eps=0.1),
        "momentum-0.5-int-eps": dict(C=2, steps=[("forward", 3), ("forward", 3), ("eval",), ("forward", 2)],
                                     momentum=0.5, eps=1),
        "fwd-bwd-fwd-bwd-shapes": dict(C=3, steps=[("forward", 8), ("backward",), ("forward", 3),
                                                   ("backward",), ("backward-same",)]),
    }
    obs = {}
    for i, (name, spec) in enumerate(scripts.items()):
        cid = f"BatchNorm1d/{name}"
        if name == "large-offset":
            _tol(cid, rtol=1e-6, atol=1e-6)
        elif name == "constant-columns":
            _tol(cid, atol=1e-9)
        else:
            _tol(cid, rtol=1e-9, atol=1e-12)
        obs[cid] = watched(cid, _bn_script, lib, seed=100 + i, **spec)
    return obs


# --------------------------------------------------------------------------------------------

STATEFUL = {"early_stopping": _early_stopping, "dropout": _dropout, "batchnorm": _batchnorm}
PARTS = list(FUNCTIONS) + list(STATEFUL)


def observe(part, lib):
    """``({case_id: observation}, {case_id: [warning messages]}, {case_id: (rtol, atol)})``."""
    TOL.clear()
    WARNINGS.clear()
    fn = STATEFUL.get(part)
    obs = fn(lib) if fn is not None else _stateless(part, lib)
    return obs, dict(WARNINGS), dict(TOL)
