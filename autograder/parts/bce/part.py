"""Binary cross-entropy on probabilities: ``losses.binary_cross_entropy`` and its gradient
(PyTorch ``F.binary_cross_entropy``).

The contract (CONTRACT.md, the docstrings): p in [0, 1] and y in [0, 1] (usually 0 or 1, soft
targets allowed), any shape S (0-d included), lists and arrays of any real dtype (labels as ints or
bools). Each element contributes -(y log p + (1 - y) log(1 - p)) with each log clamped at -100; the
loss is their mean, a Python float. The gradient is (p - y) / (p (1 - p)) / N with the denominator
floored at 1e-12, shaped like p: finite at p = 0 and p = 1, and 0 where p equals a hard target.

The cases: every shape (0-d to 3-D) in every container under ordinary conditions (hard and soft
targets, confident predictions), and at the extremes: p of exactly 0 and 1 with hard and soft
targets, p below exp(-100) where the clamp bites, p within 1e-15 of 0 or 1 where an eps would show,
and certain predictions mixed with ordinary ones.
"""

import itertools

import numpy as np

from checks.wire import Generated

from .. import run
from ..domains import SHAPES, contain, container_words, rng
from ..spec import Case, Model, Part, Speed, Values

EPS64 = np.finfo(np.float64).eps
EPSILONS = (1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14, 1e-15, 1e-16)


# ---- the domain -------------------------------------------------------------------------------

def _hard(g, shape):
    return (g.random(shape) < 0.5).astype(np.float64)


def _soft(g, shape):
    y = g.random(shape)
    if np.size(y):
        y.flat[0] = 0.5
    return y


def _ordinary_hard(g, shape):
    return g.uniform(0.05, 0.95, shape), _hard(g, shape)


def _ordinary_soft(g, shape):
    return g.uniform(0.05, 0.95, shape), _soft(g, shape)


def _confident(g, shape):
    """p within 1e-8 to 1e-3 of 0 or 1, right or wrong."""
    near = 10.0 ** g.uniform(-8, -3, shape)
    p = np.where(g.random(shape) < 0.5, near, 1.0 - near)
    return p, _hard(g, shape)


def _certain_hard(g, shape):
    p = (g.random(shape) < 0.5).astype(np.float64)
    y = _hard(g, shape)
    if np.size(p):
        p.flat[0], y.flat[0] = 0.0, 1.0          # one certain wrong prediction at least
    return p, y


def _certain_soft(g, shape):
    return (g.random(shape) < 0.5).astype(np.float64), g.choice([0.1, 0.25, 0.5, 0.75, 0.9], size=shape)


def _below_clamp(g, shape):
    """p (or 1 - p) below exp(-100) ~ 3.7e-44: the log is clamped there."""
    tiny = 10.0 ** -g.uniform(45, 320, shape)
    p = np.where(g.random(shape) < 0.7, tiny, g.uniform(0.1, 0.9, shape))
    if np.size(p):
        p.flat[0] = tiny.flat[0]
    return p, _hard(g, shape)


def _near_certain(g, shape):
    """p within 1e-16 to 1e-12 of 0 or 1: where an eps of 1e-12 or 1e-15 would show."""
    near = 10.0 ** g.uniform(-16, -12, shape)
    p = np.where(g.random(shape) < 0.5, near, 1.0 - near)
    return p, _hard(g, shape)


def _mixed(g, shape):
    p = g.uniform(0.05, 0.95, shape)
    certain = g.random(shape) < 0.4
    if np.size(p):
        certain.flat[0] = True
    return np.where(certain, (g.random(shape) < 0.5) * 1.0, p), _hard(g, shape)


ORDINARY = {
    "hard targets": _ordinary_hard,
    "soft targets": _ordinary_soft,
    "confident predictions (p within 1e-3 of 0 or 1)": _confident,
    "hard targets given as labels": _ordinary_hard,
}
EXTREME = {
    "certain predictions (p of 0 and 1), right and wrong": _certain_hard,
    "certain predictions with soft targets": _certain_soft,
    "p below exp(-100), where each log is clamped": _below_clamp,
    "p within 1e-12 of 0 or 1": _near_certain,
    "certain predictions among ordinary ones": _mixed,
}
LABELS = "hard targets given as labels"


def pairs(seed, conditions, shapes=SHAPES):
    """Cases (p, y) of every condition on every shape; p and y in one container (float64 arrays,
    Python lists, float32 arrays, taking turns), labels as int64 or bool arrays. Conditions whose
    values float32 cannot hold stay float64 (arrays or lists)."""
    cases = []
    turn = itertools.cycle(("array", "list", "float32"))
    labels = itertools.cycle(("int", "bool"))
    for cond, make in conditions.items():
        for shape, shape_words in shapes:
            g = rng(seed, cond, shape)
            p, y = make(g, shape)
            how = next(turn)
            if how == "float32" and make in (_below_clamp, _near_certain, _confident):
                how = "array"
            p_in = contain(p, how)
            if cond == LABELS:
                y_how = next(labels)
                y_in = contain(y, "int").astype(bool) if y_how == "bool" else contain(y, "int")
                words = f"{container_words(how)}, labels as {'bool' if y_how == 'bool' else 'int64'} arrays"
            else:
                y_in, words = contain(y, how), container_words(how)
            size = int(np.prod(shape)) if shape else 1
            cases.append(Case(f"{shape_words} ({words}), {cond}", (p_in, y_in), n=size,
                              facets=(shape_words, words, cond)))
    return cases


def ordinary(seed):
    return pairs(seed, ORDINARY)


def extreme(seed):
    return pairs(seed, EXTREME)


def every(seed):
    """The gradient's cases: the ordinary conditions and the extremes where p (1 - p) is floored."""
    picked = ("certain predictions (p of 0 and 1), right and wrong", "certain predictions with soft targets",
              "p within 1e-12 of 0 or 1")
    return ordinary(seed) + pairs(seed, {k: EXTREME[k] for k in picked})


P = np.array([0.9, 0.2, 0.5, 0.6])
Y = np.array([1.0, 0.0, 1.0, 0.0])


def worked(seed):
    """The example of notebook 02, soft targets as lists, a 0-d pair."""
    return [
        Case("the worked example", (P, Y), n=4),
        Case("a 2 x 2 batch of soft targets (Python lists)", ([[0.25, 0.5], [0.75, 0.125]], [[0.5, 0.0], [1.0, 0.25]]),
             n=4),
        Case("0-d arrays", (np.array(0.8), np.array(1.0)), n=1),
    ]


def worked_grad(seed):
    """The worked examples, and certain predictions (p (1 - p) = 0 there): right and wrong, and
    right beside an ordinary one (where the gradient is exactly 0)."""
    return worked(seed) + [
        Case("certain predictions, right and wrong", (np.array([0.0, 1.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0, 1.0])),
             n=4),
        Case("certain right predictions beside p = 0.5", (np.array([0.0, 1.0, 0.5]), np.array([0.0, 1.0, 1.0])), n=3),
    ]


def worked_extremes(seed):
    """Certain predictions and p far below exp(-100), with hard and soft targets."""
    return [
        Case("certain predictions, right and wrong", (np.array([0.0, 1.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0, 1.0])),
             n=4),
        Case("p = 1e-60 (below exp(-100)) and p = 0.5, both with target 1", (np.array([1e-60, 0.5]), np.ones(2)), n=2),
        Case("certain predictions with soft targets", (np.array([0.0, 1.0]), np.array([0.25, 0.5])), n=2),
    ]


def rows(case):
    """A mean over the rows instead of the elements: the factor N / rows (where there are rows)."""
    shape = np.shape(case.args[0])
    return [(case.n / shape[0], "scale.rows")] if len(shape) >= 2 else []


def in_unit_interval(ref_fn, case, want, slack=0.0):
    """The perturbed tolerance with p and y kept in [0, 1] (float arguments only), plus ``slack``."""
    moved = {i: (0.0, 1.0) for i, a in enumerate(case.args) if np.asarray(a).dtype.kind == "f"}
    return run.tolerance(ref_fn, case, want, "perturbed", 1e-9, perturb=moved) + slack


def loss_tolerance(ref_fn, case, want):
    """A few units in the last place of 1 on top of the perturbed tolerance: forming 1 - p (the
    docstring's own formula) instead of log1p(-p) costs that much in each term, and no more."""
    return in_unit_interval(ref_fn, case, want, slack=4 * EPS64)


# ---- models of the known mistakes --------------------------------------------------------------

def _py(p, y):
    return np.asarray(p, dtype=np.float64), np.asarray(y, dtype=np.float64)


def _logs(p):
    with np.errstate(divide="ignore"):
        return np.maximum(np.log(p), -100.0), np.maximum(np.log1p(-p), -100.0)


def _swapped(p, y):
    p, y = _py(p, y)
    log_p, log_1mp = _logs(p)
    return float(np.mean(-(y * log_1mp + (1 - y) * log_p)))


def _unclamped(p, y):
    p, y = _py(p, y)
    with np.errstate(all="ignore"):
        return float(np.mean(-(y * np.log(p) + (1 - y) * np.log1p(-p))))


def _kept_away(p, y, param):
    """p clipped to [eps, 1 - eps], or eps added inside the logs."""
    how, eps = param
    p, y = _py(p, y)
    with np.errstate(all="ignore"):
        if how == "clip":
            q = np.clip(p, eps, 1 - eps)
            return float(np.mean(-(y * np.log(q) + (1 - y) * np.log(1 - q))))
        return float(np.mean(-(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))))


HARD_RULES = {"==1": lambda y: y == 1, ">0.5": lambda y: y > 0.5, ">=0.5": lambda y: y >= 0.5,
              "!=0": lambda y: y != 0}


def _hard_only(p, y, param):
    """A target read as 1 by ``HARD_RULES[param]``, else as 0."""
    p, y = _py(p, y)
    log_p, log_1mp = _logs(p)
    return float(np.mean(-np.where(HARD_RULES[param](y), log_p, log_1mp)))


def _clamped_after(p, y):
    p, y = _py(p, y)
    with np.errstate(all="ignore"):
        return float(np.mean(-(np.maximum(y * np.log(p), -100.0) + np.maximum((1 - y) * np.log1p(-p), -100.0))))


def _grad_floor(p, y, param):
    """The gradient kept finite another way: another floor than 1e-12, p clipped to [eps, 1 - eps],
    or the two terms -y / p and (1 - y) / (1 - p) with each denominator floored at eps (the same as
    clipping p, up to rounding)."""
    how, eps = param
    p, y = _py(p, y)
    with np.errstate(all="ignore"):
        if how == "floor":
            return (p - y) / np.maximum(p * (1 - p), eps) / p.size
        if how == "split":
            return (-y / np.maximum(p, eps) + (1 - y) / np.maximum(1 - p, eps)) / p.size
        q = np.clip(p, eps, 1 - eps)
        return (q - y) / (q * (1 - q)) / p.size


def _grad_unfloored(p, y):
    p, y = _py(p, y)
    with np.errstate(all="ignore"):
        return (p - y) / (p * (1 - p)) / p.size


def _grad_hard_only(p, y, param):
    p, y = _py(p, y)
    return np.where(HARD_RULES[param](y), p - 1, p) / np.maximum(p * (1 - p), 1e-12) / p.size


LOSS, GRAD = "losses.binary_cross_entropy", "losses.binary_cross_entropy_grad"
MODELS = (
    Model("bce.swapped", LOSS, _swapped),
    Model("bce.no_clamp", LOSS, _unclamped),
    Model("bce.clipped", LOSS, _kept_away, params=tuple((how, eps) for how in ("clip", "log") for eps in EPSILONS)),
    Model("bce.hard_targets", LOSS, _hard_only, params=tuple(HARD_RULES)),
    Model("bce.clamp_after", LOSS, _clamped_after),
    Model("bce.logit_grad", GRAD, lambda p, y: (_py(p, y)[0] - _py(p, y)[1]) / np.size(p)),
    Model("bce.no_floor", GRAD, _grad_unfloored),
    Model("bce.floor", GRAD, _grad_floor,
          params=tuple(("floor", eps) for eps in EPSILONS if eps != 1e-12)
          + tuple((how, eps) for how in ("clip", "split") for eps in EPSILONS)),
    Model("bce.hard_targets", GRAD, _grad_hard_only, params=tuple(HARD_RULES)),
)

PART = Part(
    id="bce",
    title="Binary cross-entropy on probabilities",
    notebook="02_classification_losses",
    pytorch="F.binary_cross_entropy",
    targets=(LOSS, GRAD),
    checks=(
        Values("public_value", 1, "binary_cross_entropy on small examples worked out by hand", public=True,
               function=LOSS, cases=worked, tolerance=loss_tolerance, factors=rows),
        Values("public_grad", 1, "binary_cross_entropy_grad on the same examples, and at p = 0 and p = 1",
               public=True, function=GRAD, cases=worked_grad, tolerance=in_unit_interval, factors=rows),
        Values("public_extremes", 1, "binary_cross_entropy at p = 0, p = 1 and below exp(-100): each log is "
                                     "clamped at -100, as in PyTorch", public=True, function=LOSS,
               cases=worked_extremes, tolerance=loss_tolerance, factors=rows),
        Values("values", 2, "binary_cross_entropy matches PyTorch's on every shape and container, hard and soft "
                            "targets, confident predictions", function=LOSS, cases=ordinary, seed=401,
               tolerance=loss_tolerance, factors=rows),
        Values("grad", 2, "binary_cross_entropy_grad matches PyTorch's on every shape and container, at p = 0 "
                          "and p = 1 too (the denominator floored at 1e-12)", function=GRAD, cases=every, seed=402,
               tolerance=in_unit_interval, factors=rows),
        Values("extremes", 2, "binary_cross_entropy at p of exactly 0 and 1, below exp(-100) and within 1e-12 "
                              "of 0 or 1, with hard and soft targets: PyTorch's values (each log clamped at -100)",
               function=LOSS, cases=extreme, seed=403, tolerance=loss_tolerance, factors=rows),
        Speed("vectorized", 1, "binary_cross_entropy and its gradient use whole-array operations",
              functions=(LOSS, GRAD),
              inputs=(Generated("prob", 7, (1_000_000,)), Generated("binary", 8, (1_000_000,)))),
    ),
    hints={
        "bce.swapped": "the two log terms are swapped: the target y belongs with p, not with 1 - p",
        "bce.no_clamp": "at p = 0 or p = 1 a log is -infinity: PyTorch clamps each log at -100",
        "bce.clipped": "at extreme p it keeps p away from 0 and 1 (clipping p, or an eps inside the log) instead "
                       "of clamping each log at -100, as PyTorch does",
        "bce.hard_targets": "it handles only targets of exactly 0 or 1: a soft target between them weighs both "
                            "log terms",
        "bce.clamp_after": "it clamps a log after multiplying it by its weight (y or 1 - y): a weight of 0 times "
                           "log 0 is NaN, and a soft weight is clamped whole; clamp each log itself",
        "bce.logit_grad": "it is the gradient with respect to the logits, not to the probabilities p",
        "bce.no_floor": "at p = 0 or p = 1 it divides by p (1 - p) = 0: PyTorch keeps that denominator from "
                        "falling below 1e-12",
        "bce.floor": "at extreme p it keeps the gradient finite another way than PyTorch, which floors the one "
                     "denominator p (1 - p) at 1e-12: here another floor, p clipped, or the two terms floored apart "
                     "(which do not cancel where p equals a hard target)",
        "scale.rows": "it divides by the number of rows (the length of the first axis), not by the number of "
                      "elements",
    },
    models=MODELS,
)
