"""The child side of the held-out corpus harness: run one part's probes against one course_lib.

    python heldout_corpus/probes.py LIBPARENT PART OUT.pkl [--block] [--speed]

``LIBPARENT`` holds a ``course_lib`` package (the reference, or the reference with one region
swapped). Every probe is a call, or a short scenario, on inputs the contract allows; its result
(whatever the library returned, or ``("__raised__", type name, message)``) goes into a dict
``probe name -> result`` pickled to ``OUT.pkl``. The parent (``harness.py``) compares it with the
reference's. ``--block`` makes every import of a package other than NumPy and the standard
library fail, as in the grader's sandbox; ``--speed`` adds the timing probes (slow).

Probes that involve random masks (Dropout) never return masks: they return what the contract
fixes (kept fraction within 5 sigma, exact scaling, same mask in backward, reproducibility under
a seed), so that any correct way of drawing the mask gives the reference's result.

Runs as a script (never imported by the parent), so its results are plain Python and NumPy data.
"""

from __future__ import annotations

import copy
import importlib.abc
import math
import pathlib
import pickle
import sys
import time
import warnings

LIB, PART, OUT = sys.argv[1:4]
BLOCK = "--block" in sys.argv
SPEED = "--speed" in sys.argv
sys.path.insert(0, LIB)

import numpy as np  # noqa: E402

import course_lib  # noqa: E402
from course_lib import layers, losses, penalties, training  # noqa: E402

if not pathlib.Path(course_lib.__file__).resolve().is_relative_to(pathlib.Path(LIB).resolve()):
    raise SystemExit(f"probes: imported course_lib from {course_lib.__file__}, not from {LIB}")

ALLOWED = {"numpy", "course_lib"}


class _GraderEnvironment(importlib.abc.MetaPathFinder):
    """Only NumPy and the standard library can be imported (the grader's sandbox holds no more)."""

    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top in ALLOWED or top in sys.stdlib_module_names:
            return None
        raise ModuleNotFoundError(f"No module named {name!r} (blocked: only NumPy and the standard library)")


if BLOCK:
    for loaded in [m for m in sys.modules if m.partition(".")[0] not in ALLOWED | set(sys.stdlib_module_names)]:
        del sys.modules[loaded]
    sys.meta_path.insert(0, _GraderEnvironment())


# --------------------------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------------------------

PROBES: dict[str, list] = {}


class Part:
    """The probes of one part: ``add(name, thunk)``; the thunk's inputs are made once, here."""

    def __init__(self, name):
        self.items: list = []
        PROBES[name] = self.items

    def add(self, name, thunk):
        if any(n == name for n, _ in self.items):
            raise ValueError(f"duplicate probe {name}")
        self.items.append((name, thunk))

    def call(self, name, fn, *args, **kwargs):
        """A probe that calls ``fn`` on copies of ``args`` and also reports whether it changed them."""
        frozen = copy.deepcopy((args, kwargs))

        def thunk():
            a, k = copy.deepcopy(frozen)
            out = fn(*a, **k)
            return {"out": out, "inputs_intact": _same(a, frozen[0]) and _same(k, frozen[1])}

        self.add(name, thunk)

    def speed(self, name, fn, *args, **kwargs):
        """A timing probe (only with ``--speed``): the best of 3 calls, in seconds."""
        if not SPEED:
            return

        def thunk():
            best = math.inf
            for _ in range(3):
                start = time.perf_counter()
                fn(*args, **kwargs)
                best = min(best, time.perf_counter() - start)
            return ("__timing__", best)

        self.add(name, thunk)


def _same(a, b):
    """Structural equality that treats NaN as equal to NaN (for 'did the call change its inputs')."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.shape == b.shape and a.dtype == b.dtype and bool(np.array_equal(a, b, equal_nan=a.dtype.kind == "f"))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def rng(seed):
    return np.random.default_rng(seed)


SHAPES = {"0d": (), "1d1": (1,), "1d": (6,), "2d": (3, 4), "3d": (2, 3, 4)}


def pair_probes(part, fns, make, kwargs_list=({},)):
    """``fns`` on inputs made by ``make(shape, seed)`` for every promised shape, as arrays and lists."""
    for i, (tag, shape) in enumerate(SHAPES.items()):
        a, b = make(shape, 100 + i)
        for kw in kwargs_list:
            suffix = "".join(f" {k}={v}" for k, v in kw.items())
            for fn in fns:
                part.call(f"{fn.__name__} {tag}{suffix}", fn, a, b, **kw)
    a, b = make((2, 3), 99)
    for fn in fns:
        part.call(f"{fn.__name__} lists", fn, a.tolist(), b.tolist(), **kwargs_list[0])


# --------------------------------------------------------------------------------------------
# Regression losses
# --------------------------------------------------------------------------------------------

def normal_pair(shape, seed):
    g = rng(seed)
    return g.normal(0, 2, shape), g.normal(0, 2, shape)


def _mse():
    p = Part("mse")
    fns = (losses.mse, losses.mse_grad)
    pair_probes(p, fns, normal_pair)
    a = rng(1).normal(size=(4, 5))
    for fn in fns:
        p.call(f"{fn.__name__} equal inputs", fn, a, a.copy())
        p.call(f"{fn.__name__} integer dtype", fn, np.array([[1, 2], [3, 4]]), np.array([[0, 2], [5, 1]]))
    # a large offset with a small spread: (y_pred - y_true)**2 is exact, the expanded square is not
    base = 1e8 + rng(2).normal(size=50)
    near = base + 1e-3 * rng(3).normal(size=50)
    for fn in fns:
        p.call(f"{fn.__name__} offset 1e8 spread 1e-3", fn, near, base)
    big_a, big_b = rng(4).normal(size=10**6), rng(5).normal(size=10**6)
    for fn in fns:
        p.speed(f"{fn.__name__} speed 1e6", fn, big_a, big_b)


def _mae():
    p = Part("mae")
    fns = (losses.mae, losses.mae_grad)
    pair_probes(p, fns, normal_pair)
    a = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    b = np.array([1.0, 0.0, 3.0, 5.0, 5.0, 0.0])  # residuals 0, 2, 0, -1, 0, 6
    for fn in fns:
        p.call(f"{fn.__name__} exact ties", fn, a, b)
        p.call(f"{fn.__name__} all equal", fn, a, a.copy())
        p.call(f"{fn.__name__} opposite residuals", fn, np.array([1.0, -1.0]), np.array([0.0, 0.0]))
        p.call(f"{fn.__name__} 2d ties", fn, np.array([[0.0, 1.0], [2.0, 2.0]]), np.array([[0.0, 0.0], [3.0, 2.0]]))
    big_a, big_b = rng(4).normal(size=10**6), rng(5).normal(size=10**6)
    for fn in fns:
        p.speed(f"{fn.__name__} speed 1e6", fn, big_a, big_b)


def _huber():
    p = Part("huber")
    fns = (losses.huber, losses.huber_grad)
    pair_probes(p, fns, normal_pair, ({}, {"delta": 0.5}, {"delta": 2.5}))
    r = np.array([0.5, -0.5, 2.0, -2.0, 0.25, 0.0, -3.0, 3.0])
    for delta in (0.5, 1.0, 2.0):
        for fn in fns:
            p.call(f"{fn.__name__} boundary delta={delta}", fn, r, np.zeros_like(r), delta=delta)
    for fn in fns:
        p.call(f"{fn.__name__} tails delta=0.1", fn, np.array([-5.0, 4.0, -0.05]), np.zeros(3), delta=0.1)
        p.call(f"{fn.__name__} wide delta=100", fn, np.array([-5.0, 4.0, -0.05]), np.zeros(3), delta=100.0)
    big_a, big_b = rng(4).normal(size=10**6), rng(5).normal(size=10**6)
    for fn in fns:
        p.speed(f"{fn.__name__} speed 1e6", fn, big_a, big_b)


# --------------------------------------------------------------------------------------------
# Binary classification
# --------------------------------------------------------------------------------------------

def prob_pair(shape, seed):
    g = rng(seed)
    return g.uniform(0.02, 0.98, shape), g.integers(0, 2, shape).astype(float)


def soft_pair(shape, seed):
    g = rng(seed)
    return g.uniform(0.02, 0.98, shape), g.uniform(0, 1, shape)


def _bce():
    p = Part("bce")
    fns = (losses.binary_cross_entropy, losses.binary_cross_entropy_grad)
    pair_probes(p, fns, prob_pair)
    a, b = soft_pair((3, 5), 7)
    for fn in fns:
        p.call(f"{fn.__name__} soft targets", fn, a, b)
    cases = {
        "p=0 y=0": ([0.0], [0.0]), "p=1 y=1": ([1.0], [1.0]),
        "p=0 y=1": ([0.0], [1.0]), "p=1 y=0": ([1.0], [0.0]),
        "p in {0,1} mixed": ([0.0, 1.0, 0.0, 1.0, 0.5], [0.0, 1.0, 1.0, 0.0, 1.0]),
        "p in {0,1} soft y": ([0.0, 1.0, 0.3], [0.5, 0.25, 0.3]),
        "tiny p": ([1e-9, 1e-13, 1 - 1e-9, 1e-6, 0.5], [1.0, 1.0, 0.0, 0.0, 1.0]),
        "p=1e-6 y=0": ([1e-6, 1e-6], [0.0, 0.0]),
        "p=1e-50 y=1": ([1e-50], [1.0]),
        "p=y": ([0.2, 0.7, 0.5], [0.2, 0.7, 0.5]),
    }
    for tag, (pp, yy) in cases.items():
        for fn in fns:
            p.call(f"{fn.__name__} {tag}", fn, np.array(pp), np.array(yy))
    big_a, big_b = prob_pair(10**6, 5)
    for fn in fns:
        p.speed(f"{fn.__name__} speed 1e6", fn, big_a, big_b)


def logit_pair(shape, seed):
    g = rng(seed)
    return g.normal(0, 3, shape), g.integers(0, 2, shape).astype(float)


def _bce_logits():
    p = Part("bce_logits")
    fns = (losses.binary_cross_entropy_with_logits, losses.binary_cross_entropy_with_logits_grad)
    pair_probes(p, fns, logit_pair)
    a, b = rng(8).normal(0, 3, (4, 3)), rng(9).uniform(0, 1, (4, 3))
    for fn in fns:
        p.call(f"{fn.__name__} soft targets", fn, a, b)
    z = np.array([-1000.0, -800.0, -40.0, -5.0, 0.0, 5.0, 40.0, 800.0, 1000.0])
    cases = {
        "extremes y=1": np.ones_like(z), "extremes y=0": np.zeros_like(z), "extremes y=0.5": np.full_like(z, 0.5),
    }
    for tag, y in cases.items():
        for fn in fns:
            p.call(f"{fn.__name__} {tag}", fn, z, y)
    for fn in fns:
        p.call(f"{fn.__name__} z=+800 y=0 only", fn, np.array([800.0, 750.0]), np.array([0.0, 0.0]))
        p.call(f"{fn.__name__} z=-800 y=1 only", fn, np.array([-800.0, -750.0]), np.array([1.0, 1.0]))
        p.call(f"{fn.__name__} z=0", fn, np.zeros(3), np.array([0.0, 1.0, 0.5]))
    big_a, big_b = logit_pair(10**6, 5)
    for fn in fns:
        p.speed(f"{fn.__name__} speed 1e6", fn, big_a, big_b)


# --------------------------------------------------------------------------------------------
# Softmax family
# --------------------------------------------------------------------------------------------

def _softmax():
    p = Part("softmax")
    fns = (losses.softmax, losses.log_softmax)
    inputs = {
        "1d": rng(1).normal(size=5), "1d C=1": np.array([3.0]), "2d": rng(2).normal(size=(3, 4)),
        "2d square": rng(3).normal(size=(4, 4)), "3d": rng(4).normal(size=(2, 3, 4)),
        "2d C=1": rng(5).normal(size=(4, 1)), "4d": rng(6).normal(size=(2, 2, 2, 3)),
        "list": [[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]],
        "extreme 1d": np.array([1000.0, 1000.5, -1000.0]),
        "extreme rows": np.array([[0.0, 1000.0], [1000.0, 0.0]]),
        "all very negative": np.array([[-1000.0, -1000.0, -1001.0]]),
        "rows of different scale": np.array([[0.0, 1.0], [1000.0, 1001.0]]),
        "3d extreme": np.array([[[0.0, 800.0, -800.0]], [[5.0, 5.0, 5.0]]]),
        "large equal": np.array([[710.0, 710.0]]),
    }
    for tag, z in inputs.items():
        for fn in fns:
            p.call(f"{fn.__name__} {tag}", fn, z)


def _cce():
    p = Part("cce")
    fns = (losses.categorical_cross_entropy, losses.categorical_cross_entropy_grad)
    logits = rng(1).normal(0, 2, (5, 4))
    labels = np.array([0, 3, 1, 1, 2])
    probs = rng(2).dirichlet(np.ones(4), size=5)
    cases = {
        "labels": (logits, labels), "float labels": (logits, labels.astype(float)),
        "list labels": (logits.tolist(), labels.tolist()), "probability rows": (logits, probs),
        "one-hot rows": (logits, np.eye(4)[labels]),
        "N=1": (logits[:1], labels[:1]), "C=1": (rng(3).normal(size=(3, 1)), np.zeros(3, dtype=int)),
        "N=C": (rng(4).normal(size=(3, 3)), np.array([2, 0, 1])),
        "extreme logits": (np.array([[1000.0, 0.0, -1000.0], [0.0, 0.0, 800.0]]), np.array([2, 0])),
        "extreme probability rows": (np.array([[1000.0, 0.0, -1000.0]]), np.array([[0.5, 0.0, 0.5]])),
        "large offset": (1e4 + rng(5).normal(size=(4, 3)), np.array([0, 1, 2, 0])),
        "rows of different scale": (np.array([[0.0, 1.0, 2.0], [1000.0, 1001.0, 999.0]]), np.array([0, 1])),
    }
    for tag, (z, y) in cases.items():
        for fn in fns:
            p.call(f"{fn.__name__} {tag}", fn, z, y)
            if tag in ("labels", "probability rows", "N=C", "extreme logits", "C=1"):
                for eps in (0.1, 1.0):
                    p.call(f"{fn.__name__} {tag} eps={eps}", fn, z, y, label_smoothing=eps)


# --------------------------------------------------------------------------------------------
# Margin losses
# --------------------------------------------------------------------------------------------

def sign_pair(shape, seed):
    g = rng(seed)
    return g.normal(0, 1.5, shape), g.choice([-1.0, 1.0], size=shape)


def _hinge():
    p = Part("hinge")
    fns = (losses.hinge, losses.hinge_grad)
    pair_probes(p, fns, sign_pair)
    s = np.array([1.0, -1.0, 0.5, 2.0, 0.0, -3.0, 1.5])
    y = np.array([1.0, -1.0, 1.0, -1.0, -1.0, -1.0, 1.0])  # y s = 1, 1, 0.5, -2, 0, 3, 1.5
    for fn in fns:
        p.call(f"{fn.__name__} margins at exactly 1", fn, s, y)
        p.call(f"{fn.__name__} all -1 labels", fn, np.array([0.3, -2.0, 1.0]), -np.ones(3))
        p.call(f"{fn.__name__} all satisfied", fn, np.array([2.0, -3.0]), np.array([1.0, -1.0]))
        p.call(f"{fn.__name__} int labels", fn, np.array([0.2, -0.4]), np.array([1, -1]))
        p.call(f"{fn.__name__} 0/1 labels rejected", fn, np.array([0.2, -0.4]), np.array([1.0, 0.0]))
    big_a, big_b = sign_pair(10**6, 5)
    for fn in fns:
        p.speed(f"{fn.__name__} speed 1e6", fn, big_a, big_b)


def _multiclass_hinge():
    p = Part("multiclass_hinge")
    fns = (losses.multiclass_hinge, losses.multiclass_hinge_grad)
    scores = rng(1).normal(0, 1, (6, 4))
    labels = np.array([0, 3, 1, 1, 2, 3])
    ties = np.array([[1.0, 2.0, 3.0], [3.0, 3.0, 3.0], [0.0, 1.0, 0.0]])
    cases = {
        "random": (scores, labels), "float labels": (scores, labels.astype(float)),
        "lists": (scores.tolist(), labels.tolist()), "N=1": (scores[:1], labels[:1]),
        "N=C": (rng(2).normal(size=(4, 4)), np.array([1, 0, 3, 2])),
        "C=1": (rng(3).normal(size=(3, 1)), np.zeros(3, dtype=int)),
        "integer ties": (ties, np.array([2, 0, 1])),
        "all satisfied": (np.array([[5.0, 0.0, 0.0], [0.0, 0.0, 9.0]]), np.array([0, 2])),
        "wide spread": (rng(4).normal(0, 5, (5, 6)), np.array([5, 4, 3, 2, 1])),
    }
    for tag, (s, y) in cases.items():
        for fn in fns:
            p.call(f"{fn.__name__} {tag}", fn, s, y)
            if tag in ("random", "integer ties", "N=C"):
                for m in (0.0, 2.5):
                    p.call(f"{fn.__name__} {tag} margin={m}", fn, s, y, margin=m)
    big_s, big_y = rng(5).normal(size=(10**5, 10)), rng(6).integers(0, 10, 10**5)
    for fn in fns:
        p.speed(f"{fn.__name__} speed 1e5x10", fn, big_s, big_y)


# --------------------------------------------------------------------------------------------
# KL divergence
# --------------------------------------------------------------------------------------------

def _kl():
    p = Part("kl")
    fns = (losses.kl_divergence, losses.kl_divergence_grad)
    d1p, d1q = rng(1).dirichlet(np.ones(5)), rng(2).dirichlet(np.ones(5))
    d2p, d2q = rng(3).dirichlet(np.ones(4), size=3), rng(4).dirichlet(np.ones(4), size=3)
    cases = {
        "1d": (d1p, d1q), "2d": (d2p, d2q), "2d N=1": (d2p[:1], d2q[:1]), "2d square": (
            rng(5).dirichlet(np.ones(3), size=3), rng(6).dirichlet(np.ones(3), size=3)),
        "lists": (d2p.tolist(), d2q.tolist()),
        "p has zeros": (np.array([[0.5, 0.0, 0.5], [0.0, 1.0, 0.0]]), np.array([[0.2, 0.3, 0.5], [0.4, 0.4, 0.2]])),
        "p=0 and q=0": (np.array([0.5, 0.5, 0.0]), np.array([0.5, 0.5, 0.0])),
        "q=0 where p>0": (np.array([[0.5, 0.5], [0.3, 0.7]]), np.array([[1.0, 0.0], [0.3, 0.7]])),
        "tiny q": (np.array([[0.5, 0.5, 0.0]]), np.array([[1e-320, 1.0 - 1e-300, 0.0]])),
        "unnormalized rows": (np.array([[1.0, 2.0, 0.5], [0.2, 0.2, 0.2]]),
                              np.array([[0.5, 0.5, 0.5], [1.0, 2.0, 3.0]])),
        "equal": (d2p, d2p.copy()),
        "1d one-hot": (np.array([0.0, 1.0, 0.0, 0.0]), np.array([0.1, 0.6, 0.2, 0.1])),
    }
    for tag, (a, b) in cases.items():
        for fn in fns:
            p.call(f"{fn.__name__} {tag}", fn, a, b)
    big_p, big_q = rng(7).dirichlet(np.ones(10), size=10**5), rng(8).dirichlet(np.ones(10), size=10**5)
    for fn in fns:
        p.speed(f"{fn.__name__} speed 1e5x10", fn, big_p, big_q)


# --------------------------------------------------------------------------------------------
# Penalties
# --------------------------------------------------------------------------------------------

def weight_cases():
    g = rng(11)
    W, b = g.normal(size=(3, 4)), g.normal(size=(4,))
    Wz = W.copy()
    Wz[0, :2] = 0.0
    return {
        "0d": np.array(-1.5), "1d": g.normal(size=5), "2d": W, "3d": g.normal(size=(2, 3, 2)),
        "2d tall": g.normal(size=(5, 2)),
        "nested list": [[1.0, -2.0, 0.0], [0.5, 3.0, -0.25]], "python float": -2.5,
        "list of arrays": [W, b], "tuple of arrays": (W, g.normal(size=(2, 3, 2))),
        "list of one": [W], "list of same shapes": [W, 2 * W], "with zeros": [Wz, np.zeros(3)],
        "list of 0d": [np.array(2.0), np.array(-0.5)],
    }


def _penalty(part_name, value, grad, extra):
    p = Part(part_name)
    for tag, w in weight_cases().items():
        for kw in extra:
            suffix = "".join(f" {k}={v}" for k, v in kw.items())
            for fn in (value, grad):
                p.call(f"{fn.__name__} {tag}{suffix}", fn, w, **kw)


def _penalties():
    _penalty("l1", penalties.l1, penalties.l1_grad, ({"lam": 0.3}, {"lam": 0.0}, {"lam": 2}))
    _penalty("l2", penalties.l2, penalties.l2_grad, ({"lam": 0.3}, {"lam": 0.0}, {"lam": 2}))
    _penalty("elastic_net", penalties.elastic_net, penalties.elastic_net_grad,
             ({"lam": 0.3}, {"lam": 0.3, "l1_ratio": 0.0}, {"lam": 0.3, "l1_ratio": 1.0},
              {"lam": 0.7, "l1_ratio": 0.25}, {"lam": 0.0, "l1_ratio": 0.6}))


# --------------------------------------------------------------------------------------------
# EarlyStopping
# --------------------------------------------------------------------------------------------

def run_stopper(losses_seq, states=None, mutate=None, **kwargs):
    """Step an EarlyStopping through ``losses_seq``; after each step record the return value,
    best_loss, best_epoch and a snapshot of best_state. ``states[i]`` is passed at step i (the
    same live object, changed in place by ``mutate(state, i)`` after each step, when given)."""
    es = training.EarlyStopping(**kwargs)
    record = []
    for i, loss in enumerate(losses_seq):
        if states is None:
            ret = es.step(loss)
        else:
            ret = es.step(loss, states[i])
        record.append({"ret": ret, "best_loss": es.best_loss, "best_epoch": es.best_epoch,
                       "best_state": copy.deepcopy(es.best_state)})
        if mutate is not None:
            mutate(states[i], i)
    return record


def _early_stopping():
    p = Part("early_stopping")
    nan = math.nan
    seqs = {
        "basic patience=2": ([1.0, 0.9, 0.95, 0.85, 0.86, 0.87, 0.84], {"patience": 2}),
        "default patience": ([1.0, 0.99, 1.2, 1.3, 1.1, 1.0, 1.05, 1.5, 0.98], {}),
        "min_delta=0.005": ([0.80, 0.81, 0.79, 0.7899, 0.786, 0.7855, 0.79], {"patience": 2, "min_delta": 0.005}),
        "min_delta large": ([1.0, 0.95, 0.91, 0.9, 0.85, 0.7, 0.69], {"patience": 2, "min_delta": 0.1}),
        "min_delta slow drift": ([1.0] + [1.0 - 0.004 * k for k in range(1, 8)], {"patience": 3, "min_delta": 0.005}),
        "equal losses": ([1.0, 1.0, 1.0, 1.0], {"patience": 2}),
        "nan first": ([nan, nan, nan], {"patience": 2}),
        "nan first patience=1": ([nan, 0.5], {"patience": 1}),
        "nan then recover": ([nan, 1.0, nan, 0.9, nan, nan, 0.8], {"patience": 2}),
        "nan in the middle": ([1.0, nan, 0.5, nan, nan], {"patience": 2}),
        "inf losses": ([math.inf, math.inf, 2.0], {"patience": 3}),
        "negative losses": ([-1.0, -2.0, -1.5, -2.5], {"patience": 2}),
        "keeps stopping": ([1.0, 2.0, 3.0, 4.0, 5.0, 0.5, 0.6], {"patience": 1}),
        "keeps stopping patience=2": ([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], {"patience": 2}),
        "patience=1": ([3.0, 2.0, 2.5, 1.0], {"patience": 1}),
        "number types": ([np.float32(0.5), 1, np.float64(0.25), np.int64(0), 0], {"patience": 2}),
    }
    g = rng(12)
    walk = list(np.round(1.0 + np.cumsum(g.normal(0, 0.02, 40)) - 0.005 * np.arange(40), 6))
    seqs["random walk"] = ([float(v) for v in walk], {"patience": 3, "min_delta": 0.01})
    for tag, (seq, kw) in seqs.items():
        p.add(f"step {tag}", lambda seq=seq, kw=kw: run_stopper(seq, **kw))

    # states: the live object a training loop passes, changed in place after every epoch
    seq = [1.0, 0.5, 0.7, 0.4, 0.6, 0.8]

    def bump_dict(state, i):
        for v in state.values():
            v += 1.0

    def bump_nested(state, i):
        state["layer"]["W"] *= -2.0
        state["layer"]["b"][0] += 1.0
        state["layer"]["b"].append(np.array(float(i)))
        state["step"] = i

    def bump_list(state, i):
        state[0] += 1.0
        state[1][:] = -state[1]

    def bump_tuple(state, i):
        state[0]["W"] += 1.0
        state[1].append(i)

    def bump_array(state, i):
        state += 1.0

    d = {"W": np.arange(6.0).reshape(2, 3), "b": np.zeros(3)}
    p.add("state dict of live arrays", lambda: run_stopper(seq, [d] * len(seq), bump_dict, patience=2))
    nested = {"layer": {"W": np.ones((2, 2)), "b": [np.zeros(2)]}, "step": 0}
    p.add("state nested dict and list", lambda: run_stopper(seq, [nested] * len(seq), bump_nested, patience=2))
    lst = [np.ones(3), np.array([1.0, -1.0])]
    p.add("state list of arrays", lambda: run_stopper(seq, [lst] * len(seq), bump_list, patience=2))
    tup = ({"W": np.zeros(2)}, [])
    p.add("state tuple", lambda: run_stopper(seq, [tup] * len(seq), bump_tuple, patience=2))
    arr = np.zeros((2, 2))
    p.add("state ndarray", lambda: run_stopper(seq, [arr] * len(seq), bump_array, patience=2))
    p.add("state fresh each epoch", lambda: run_stopper(seq, [{"epoch": i} for i in range(len(seq))], patience=2))
    p.add("state python numbers", lambda: run_stopper(seq, [float(i) for i in range(len(seq))], patience=2))
    p.add("state none passed", lambda: run_stopper(seq, [None] * len(seq), patience=2))
    p.add("state empty containers", lambda: run_stopper(seq, [[], {}, (), [], {}, ()], patience=2))

    def model_state():
        model = layers.Sequential(layers.Linear(3, 2, rng=0), layers.BatchNorm1d(2))
        es = training.EarlyStopping(patience=2)
        out = []
        for i, loss in enumerate([1.0, 0.8, 0.9, 0.95]):
            ret = es.step(loss, model.state_dict())
            for v in model.params.values():
                v -= 0.1 * (i + 1)  # SGD changes the live arrays in place
            out.append({"ret": ret, "best_epoch": es.best_epoch, "best_state": copy.deepcopy(es.best_state)})
        model.load_state_dict(es.best_state)
        out.append({k: v.copy() for k, v in model.state_dict().items()})
        return out

    p.add("state_dict of a model", model_state)

    def in_training():
        X, y = np.linspace(-1, 1, 40)[:, None], np.sin(3 * np.linspace(-1, 1, 40))[:, None]
        model = layers.Sequential(layers.Linear(1, 16, rng=1), layers.Tanh(), layers.Linear(16, 1, rng=2))
        es = training.EarlyStopping(patience=3, min_delta=1e-4)
        hist = training.fit(model, X[::2], y[::2], losses.mse, losses.mse_grad, X_val=X[1::2], y_val=y[1::2],
                            epochs=60, lr=0.5, batch_size=5, early_stopping=es, seed=0)
        return {"epochs_run": hist.epochs_run, "stopped_early": hist.stopped_early, "best_epoch": hist.best_epoch,
                "params": {k: v.copy() for k, v in model.params.items()}}

    p.add("in fit", in_training)


# --------------------------------------------------------------------------------------------
# Dropout: statistics, never exact masks
# --------------------------------------------------------------------------------------------

def dropout_train_stats(prob, shape=(200, 500), seed=3):
    """What the contract fixes about one training forward and backward."""
    layer = layers.Dropout(prob, rng=seed)
    x = rng(7).uniform(0.5, 2.0, shape)
    out = layer.forward(x.copy())
    res = {"type": type(out).__name__, "shape": np.shape(out), "dtype": str(getattr(out, "dtype", None))}
    out = np.asarray(out, dtype=float)
    kept = out != 0
    n = kept.size
    res["kept_fraction_ok"] = bool(abs(kept.mean() - (1 - prob)) < 5 * math.sqrt(prob * (1 - prob) / n) + 1e-12)
    res["no_nan"] = bool(np.all(np.isfinite(out)))
    if prob < 1:
        res["kept_scaled_exactly"] = bool(np.allclose(out[kept], x[kept] / (1 - prob), rtol=1e-13, atol=0))
    if out.ndim == 2 and 0 < prob < 1:
        res["rows_and_columns_differ"] = bool(not np.all(kept == kept[:1]) and not np.all(kept == kept[:, :1]))
    dout = rng(8).normal(size=shape)
    dx = layer.backward(dout.copy())
    res["dx_shape"] = np.shape(dx)
    dx = np.asarray(dx, dtype=float)
    expected = np.where(kept, dout * (out / np.where(kept, x, 1.0)), 0.0)
    res["backward_uses_forward_mask"] = bool(np.allclose(dx, expected, rtol=1e-12, atol=0))
    dx2 = layer.backward(dout.copy())
    res["backward_twice_same"] = bool(np.array_equal(np.asarray(dx2, dtype=float), dx))
    out2 = np.asarray(layer.forward(x.copy()), dtype=float)
    res["new_mask_each_forward"] = bool(prob in (0.0, 1.0) or not np.array_equal(out2 != 0, kept))
    res["backward_follows_second_forward"] = bool(np.allclose(
        np.asarray(layer.backward(dout.copy()), dtype=float),
        np.where(out2 != 0, dout * (out2 / x), 0.0), rtol=1e-12, atol=0))
    return res


def _dropout():
    p = Part("dropout")
    for prob in (0.1, 0.5, 0.8, 0.0, 1.0):
        p.add(f"train p={prob}", lambda prob=prob: dropout_train_stats(prob))
    p.add("train p=0.3 3d", lambda: dropout_train_stats(0.3, (20, 50, 100)))
    p.add("train p=0.3 1d", lambda: dropout_train_stats(0.3, (100000,)))
    p.add("train p=0.25 other seed", lambda: dropout_train_stats(0.25, (300, 300), seed=9))
    p.add("train p given as int 1", lambda: dropout_train_stats(1))

    def zero_d():
        shapes, values, consistent = set(), set(), True
        for seed in range(40):
            layer = layers.Dropout(0.5, rng=seed)
            out = layer.forward(np.array(3.0))
            dx = layer.backward(np.array(1.0))
            shapes.add((type(out).__name__ in ("ndarray", "float64"), np.shape(out), np.shape(dx)))
            values.add(float(out))
            consistent = consistent and float(dx) == float(out) / 3.0
        return {"shapes": sorted(shapes), "values": sorted(values), "backward consistent": consistent}

    p.add("0d input", zero_d)

    def eval_mode():
        layer = layers.Dropout(0.5, rng=0)
        x = rng(1).normal(size=(4, 5))
        layer.eval()
        out = layer.forward(x.copy())
        dx = layer.backward(np.ones((4, 5)))
        return {"out": out, "dx": dx, "training": layer.training}

    p.add("eval identity", eval_mode)

    def eval_after_train():
        layer = layers.Dropout(0.5, rng=0)
        x = rng(1).normal(size=(4, 5))
        layer.forward(x.copy())
        layer.backward(np.ones((4, 5)))
        layer.eval()
        out = layer.forward(x.copy())
        dx = layer.backward(np.full((4, 5), 2.0))
        return {"out": out, "dx": dx}

    p.add("eval after train: backward", eval_after_train)

    def train_eval_train():
        layer = layers.Dropout(0.4, rng=5)
        x = rng(2).uniform(1, 2, (100, 100))
        a = layer.forward(x.copy())
        layer.eval()
        b = layer.forward(x.copy())
        layer.train()
        c = np.asarray(layer.forward(x.copy()))
        dx = np.asarray(layer.backward(np.ones_like(x)))
        return {"eval_identity": bool(np.array_equal(b, x)), "train_again_drops": bool(0.5 < np.mean(c != 0) < 0.7),
                "backward_matches_last": bool(np.allclose(dx, np.where(c != 0, 1 / 0.6, 0.0), rtol=1e-12)),
                "first_dropped": bool(np.any(np.asarray(a) == 0))}

    p.add("train eval train", train_eval_train)

    def identity_p0():
        layer = layers.Dropout(0.0, rng=0)
        x = rng(3).normal(size=(3, 4))
        return {"out": layer.forward(x.copy()), "dx": layer.backward(np.full((3, 4), 2.0))}

    p.add("p=0 identity exact", identity_p0)

    def p1():
        layer = layers.Dropout(1.0, rng=0)
        x = rng(3).normal(size=(3, 4))
        return {"out": layer.forward(x.copy()), "dx": layer.backward(np.full((3, 4), 2.0))}

    p.add("p=1 zeros exact", p1)

    def seeded():
        x = np.ones((50, 40))
        a = layers.Dropout(0.5, rng=7).forward(x.copy())
        np.random.seed(123)
        b = layers.Dropout(0.5, rng=7).forward(x.copy())
        g1, g2 = np.random.default_rng(42), np.random.default_rng(42)
        c = layers.Dropout(0.5, rng=g1).forward(x.copy())
        d = layers.Dropout(0.5, rng=g2).forward(x.copy())
        layer = layers.Dropout(0.5, rng=7)
        e1, e2 = layer.forward(x.copy()), layer.forward(x.copy())
        return {"same seed same output": bool(np.array_equal(a, b)),
                "same generator state same output": bool(np.array_equal(c, d)),
                "successive calls differ": bool(not np.array_equal(e1, e2))}

    p.add("seeded", seeded)

    def changing_batch():
        layer = layers.Dropout(0.5, rng=1)
        res = []
        for n in (100, 37, 250):
            x = np.ones((n, 64))
            out = np.asarray(layer.forward(x))
            dx = np.asarray(layer.backward(np.ones((n, 64))))
            res.append((out.shape, bool(0.35 < np.mean(out != 0) < 0.65), bool(np.array_equal(dx, out))))
        return res

    p.add("batch size changes", changing_batch)

    def gap():
        # a small network trains with dropout in it: train mode is noisy, eval mode is deterministic
        g = rng(4)
        X = g.normal(size=(64, 5))
        y = X @ g.normal(size=(5, 1))
        model = layers.Sequential(layers.Linear(5, 32, rng=1), layers.ReLU(), layers.Dropout(0.3, rng=2),
                                  layers.Linear(32, 1, rng=3))
        hist = training.fit(model, X, y, losses.mse, losses.mse_grad, epochs=30, lr=0.05, batch_size=16, seed=0)
        model.eval()
        e1, e2 = model.forward(X), model.forward(X)
        return {"finite": bool(np.all(np.isfinite(hist.train_loss))),
                "eval deterministic": bool(np.array_equal(e1, e2)),
                "learned": bool(hist.train_loss[-1] < 0.5 * hist.train_loss[0])}

    p.add("in a network", gap)


# --------------------------------------------------------------------------------------------
# BatchNorm1d
# --------------------------------------------------------------------------------------------

def bn_state(layer):
    return {"running_mean": copy.deepcopy(layer.running_mean), "running_var": copy.deepcopy(layer.running_var),
            "gamma": copy.deepcopy(layer.params["gamma"]), "beta": copy.deepcopy(layer.params["beta"])}


def bn_grads(layer):
    return {k: copy.deepcopy(v) for k, v in layer.grads.items()}


def bn_layer(c, seed=0, **kw):
    layer = layers.BatchNorm1d(c, **kw)
    g = rng(seed)
    layer.params["gamma"][:] = g.uniform(0.5, 2.0, c)
    layer.params["beta"][:] = g.normal(size=c)
    return layer


def _batchnorm():
    p = Part("batchnorm")
    x = rng(1).normal(2.0, 3.0, (8, 3))
    dout = rng(2).normal(size=(8, 3))

    def train_step(xx=x, dd=dout, c=3, with_dx=True, **kw):
        layer = bn_layer(c, **kw)
        out = layer.forward(xx.copy())
        dx = layer.backward(dd.copy())
        res = {"out": out, "dx": dx, "grads": bn_grads(layer), "state": bn_state(layer)}
        if not with_dx:  # an ill-conditioned input: dx cancels to a few digits in any implementation
            del res["dx"]
        return res

    p.add("train forward/backward", train_step)
    p.add("train default gamma beta", lambda: (lambda layer: {
        "out": layer.forward(x.copy()), "dx": layer.backward(dout.copy()), "grads": bn_grads(layer),
        "state": bn_state(layer)})(layers.BatchNorm1d(3)))
    p.add("train N=2", lambda: train_step(x[:2], dout[:2]))
    p.add("train N=3", lambda: train_step(x[:3], dout[:3]))
    p.add("train C=1", lambda: train_step(x[:, :1], dout[:, :1], c=1))
    p.add("train momentum=0.5 eps=0.1", lambda: train_step(momentum=0.5, eps=0.1))
    p.add("train momentum=1", lambda: train_step(momentum=1.0))
    p.add("train momentum=0", lambda: train_step(momentum=0.0))
    const = x.copy()
    const[:, 1] = 4.0
    p.add("train constant column", lambda: train_step(const, dout))
    ill = 1e6 + rng(3).normal(0, 1.0, (16, 3))
    p.add("train offset 1e6 spread 1", lambda: train_step(ill, rng(4).normal(size=(16, 3))))
    ill2 = 1e4 + rng(5).normal(0, 1e-3, (16, 2))
    p.add("train offset 1e4 spread 1e-3", lambda: train_step(ill2, rng(6).normal(size=(16, 2)), c=2, with_dx=False))
    p.add("train list input", lambda: (lambda layer: {"out": layer.forward(x.tolist()),
                                                     "dx": layer.backward(dout.tolist()),
                                                     "state": bn_state(layer)})(bn_layer(3)))

    def several_steps():
        layer = bn_layer(3)
        res = []
        for k in range(4):
            xb = rng(10 + k).normal(k, 1 + k, (6 + k, 3))
            out = layer.forward(xb)
            dx = layer.backward(rng(20 + k).normal(size=(6 + k, 3)))
            res.append({"out": out, "dx": dx, "grads": bn_grads(layer), "state": bn_state(layer)})
        return res

    p.add("several train steps", several_steps)

    def backward_twice():
        layer = bn_layer(3)
        layer.forward(x.copy())
        a = layer.backward(dout.copy())
        ga = bn_grads(layer)
        b = layer.backward(dout.copy())
        return {"dx1": a, "dx2": b, "grads1": ga, "grads2": bn_grads(layer)}

    p.add("backward twice", backward_twice)

    def eval_after_train():
        layer = bn_layer(3)
        for k in range(3):
            layer.forward(rng(30 + k).normal(1.0, 2.0, (10, 3)))
        layer.eval()
        xe = rng(40).normal(size=(5, 3))
        o1 = layer.forward(xe.copy())
        dx = layer.backward(dout[:5].copy())
        grads = bn_grads(layer)
        o2 = layer.forward(xe.copy())
        one = layer.forward(xe[:1].copy())
        return {"out": o1, "dx": dx, "grads": grads, "again": o2, "one row": one, "state": bn_state(layer)}

    p.add("eval after training", eval_after_train)

    def eval_fresh():
        layer = bn_layer(3).eval()
        out = layer.forward(x.copy())
        dx = layer.backward(dout.copy())
        return {"out": out, "dx": dx, "grads": bn_grads(layer), "state": bn_state(layer)}

    p.add("eval fresh layer", eval_fresh)

    def mode_switch_before_backward():
        layer = bn_layer(3)
        layer.forward(x.copy())
        layer.eval()
        dx = layer.backward(dout.copy())
        return {"dx": dx, "grads": bn_grads(layer)}

    p.add("train forward, eval(), backward", mode_switch_before_backward)

    def eval_forward_then_train_backward():
        layer = bn_layer(3)
        layer.eval()
        layer.forward(x.copy())
        layer.train()
        dx = layer.backward(dout.copy())
        return {"dx": dx, "grads": bn_grads(layer)}

    p.add("eval forward, train(), backward", eval_forward_then_train_backward)

    def train_then_eval_backward():
        layer = bn_layer(3)
        layer.forward(x.copy())
        layer.backward(dout.copy())
        layer.eval()
        xe = rng(41).normal(size=(4, 3))
        out = layer.forward(xe)
        dx = layer.backward(dout[:4].copy())
        return {"out": out, "dx": dx, "grads": bn_grads(layer)}

    p.add("train step then eval forward/backward", train_then_eval_backward)

    def state_round_trip():
        layer = bn_layer(3)
        layer.forward(x.copy())
        saved = copy.deepcopy(layer.state_dict())
        layer.forward(x[::-1].copy() * 2 + 1)
        layer.load_state_dict(saved)
        layer.eval()
        return {"keys": sorted(layer.state_dict()), "out": layer.forward(x[:2].copy()), "state": bn_state(layer)}

    p.add("state_dict round trip", state_round_trip)

    def in_network():
        g = rng(9)
        X = g.normal(5.0, 4.0, (60, 4))
        y = np.tanh(X @ g.normal(size=(4, 1)) / 10)
        model = layers.Sequential(layers.Linear(4, 8, rng=1), layers.BatchNorm1d(8), layers.ReLU(),
                                  layers.Linear(8, 1, rng=2))
        hist = training.fit(model, X, y, losses.mse, losses.mse_grad, epochs=15, lr=0.1, batch_size=12, seed=0)
        return {"train_loss": hist.train_loss, "params": {k: v.copy() for k, v in model.params.items()},
                "state": {k: np.array(v) for k, v in model.state_dict().items()}}

    p.add("in fit", in_network)


PART_BUILDERS = {
    "mse": _mse, "mae": _mae, "huber": _huber, "bce": _bce, "bce_logits": _bce_logits, "softmax": _softmax,
    "cce": _cce, "hinge": _hinge, "multiclass_hinge": _multiclass_hinge, "kl": _kl, "l1": _penalties,
    "l2": _penalties, "elastic_net": _penalties, "early_stopping": _early_stopping, "dropout": _dropout,
    "batchnorm": _batchnorm,
}


def _plain(value):
    """``value`` if it pickles, else its repr (a student may return anything)."""
    try:
        pickle.dumps(value)
        return value
    except Exception:
        return ("__unpicklable__", type(value).__name__, repr(value)[:200])


def main():
    PART_BUILDERS[PART]()
    results = {}
    for name, thunk in PROBES[PART]:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with np.errstate(all="ignore"):
                    value = thunk()
        except Exception as exc:  # the student's exception is the probe's result
            value = ("__raised__", type(exc).__name__, str(exc)[:300])
        results[name] = _plain(value)
    with open(OUT, "wb") as fh:
        pickle.dump(results, fh)


if __name__ == "__main__":
    main()
