"""Binary cross-entropy on logits: ``losses.binary_cross_entropy_with_logits`` and its gradient
(PyTorch ``F.binary_cross_entropy_with_logits``).

The contract (CONTRACT.md, the docstrings): z any finite real numbers, y in [0, 1] (hard or soft),
any shape S (0-d included), lists and arrays of any real dtype (labels as ints or bools). The loss
is binary_cross_entropy(sigmoid(z), y) without its clamping, averaged over all elements, a Python
float, and finite for any finite z; the gradient is (sigmoid(z) - y) / N, shaped like z.

The cases: every shape (0-d to 3-D) in every container under ordinary conditions (hard and soft
targets, whole logits, labels), and at the extremes: logits past +-37 (where a sigmoid rounds to 0
or 1), of hundreds (where the probability loss's clamp at 100 would bite), past +-709 (where exp
overflows), with hard and soft targets, alone or among ordinary logits.
"""

import itertools

import numpy as np

from checks.wire import Generated

from .. import run
from ..domains import SHAPES, contain, container_words, rng
from ..spec import Case, Model, Part, Speed, Values

EPS64 = np.finfo(np.float64).eps
CLIPS = (1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-12, 1e-15)


# ---- the domain -------------------------------------------------------------------------------

def _hard(g, shape):
    return (g.random(shape) < 0.5).astype(np.float64)


def _signs(g, shape):
    return np.where(g.random(shape) < 0.5, -1.0, 1.0)


def _ordinary_hard(g, shape):
    return 3.0 * g.standard_normal(shape), _hard(g, shape)


def _ordinary_soft(g, shape):
    y = g.random(shape)
    if np.size(y):
        y.flat[0] = 0.5
    return 2.0 * g.standard_normal(shape), y


def _whole(g, shape):
    return g.integers(-6, 7, shape).astype(np.float64), _hard(g, shape)


def _rounding(g, shape):
    """|z| from 30 to 45: past 37 the sigmoid rounds to exactly 0 or 1."""
    return _signs(g, shape) * g.uniform(30.0, 45.0, shape), _hard(g, shape)


def _hundreds(g, shape):
    """|z| from 100 to 700: the probability loss would be clamped at 100 there."""
    return _signs(g, shape) * g.uniform(100.0, 700.0, shape), _hard(g, shape)


def _overflowing(g, shape):
    """|z| from 710 to 1e4 (and one of 1e300): exp(|z|) overflows."""
    z = _signs(g, shape) * 10.0 ** g.uniform(np.log10(710.0), 4.0, shape)
    if np.size(z) >= 2:
        z.flat[1] = 1e300 * np.sign(z.flat[1])
    return z, _hard(g, shape)


def _extreme_soft(g, shape):
    return _signs(g, shape) * g.uniform(40.0, 1000.0, shape), g.choice([0.1, 0.25, 0.5, 0.75, 0.9], size=shape)


def _mixed(g, shape):
    z = 2.0 * g.standard_normal(shape)
    far = g.random(shape) < 0.4
    if np.size(z):
        far.flat[0] = True
    return np.where(far, _signs(g, shape) * g.uniform(40.0, 1000.0, shape), z), _hard(g, shape)


ORDINARY = {
    "hard targets": _ordinary_hard,
    "soft targets": _ordinary_soft,
    "whole logits": _whole,
    "hard targets given as labels": _ordinary_hard,
}
EXTREME = {
    "logits of 30 to 45 either way (the sigmoid rounds to 0 or 1)": _rounding,
    "logits of 100 to 700 either way": _hundreds,
    "logits past 709 either way (exp overflows)": _overflowing,
    "extreme logits with soft targets": _extreme_soft,
    "extreme logits among ordinary ones": _mixed,
}
LABELS = "hard targets given as labels"
FLOAT64_ONLY = (_overflowing,)


def pairs(seed, conditions, shapes=SHAPES):
    """Cases (z, y) of every condition on every shape; z and y in one container (float64 arrays,
    Python lists, float32 arrays, int64 arrays for whole logits), labels as int64 or bool arrays."""
    cases = []
    turn = itertools.cycle(("array", "list", "float32"))
    labels = itertools.cycle(("int", "bool"))
    for cond, make in conditions.items():
        for shape, shape_words in shapes:
            g = rng(seed, cond, shape)
            z, y = make(g, shape)
            how = "int" if make is _whole else next(turn)
            if how == "float32" and make in FLOAT64_ONLY:
                how = "array"
            z_in = contain(z, how)
            if cond == LABELS or make is _whole:
                y_how = next(labels)
                y_in = contain(y, "int").astype(bool) if y_how == "bool" else contain(y, "int")
                words = f"{container_words(how)}, labels as {'bool' if y_how == 'bool' else 'int64'} arrays"
            else:
                y_in, words = contain(y, how), container_words(how)
            size = int(np.prod(shape)) if shape else 1
            cases.append(Case(f"{shape_words} ({words}), {cond}", (z_in, y_in), n=size,
                              facets=(shape_words, words, cond)))
    return cases


def ordinary(seed):
    return pairs(seed, ORDINARY)


def extreme(seed):
    return pairs(seed, EXTREME)


def every(seed):
    """The gradient's cases: the ordinary conditions, and logits past +-37 and past +-709."""
    picked = ("logits of 30 to 45 either way (the sigmoid rounds to 0 or 1)",
              "logits past 709 either way (exp overflows)", "extreme logits with soft targets")
    return ordinary(seed) + pairs(seed, {k: EXTREME[k] for k in picked})


Z = np.array([2.0, -1.0, 0.0, 3.0])
Y = np.array([1.0, 0.0, 1.0, 0.0])


def worked(seed):
    """The example of notebook 02, confident wrong logits of +-1000, soft targets as lists, 0-d."""
    return [
        Case("the worked example", (Z, Y), n=4),
        Case("logits of +-1000 with the wrong targets", (np.array([1000.0, -1000.0]), np.array([0.0, 1.0])), n=2),
        Case("a 2 x 2 batch of soft targets (Python lists)", ([[1.5, -0.5], [40.0, -2.0]], [[0.25, 0.5], [0.75, 1.0]]),
             n=4),
        Case("0-d arrays", (np.array(-0.5), np.array(1.0)), n=1),
    ]


def rows(case):
    """A mean over the rows instead of the elements: the factor N / rows (where there are rows)."""
    shape = np.shape(case.args[0])
    return [(case.n / shape[0], "scale.rows")] if len(shape) >= 2 else []


def _z_moved(ref_fn, case, want):
    """The perturbed tolerance, moving the logits only (the targets are exact)."""
    moved = {0: None} if np.asarray(case.args[0]).dtype.kind == "f" else {}
    return run.tolerance(ref_fn, case, want, "perturbed", 1e-9, perturb=moved)


def loss_tolerance(ref_fn, case, want):
    """Plus a few units in the last place of 1: log(1 + e) in place of log1p(e) costs that much in
    each term, and no more."""
    return _z_moved(ref_fn, case, want) + 4 * EPS64


def grad_tolerance(ref_fn, case, want):
    """Plus a few units in the last place of 1 per element (over N): a sigmoid through tanh or
    1 - sigmoid(-z) is that close to 0 and 1, and no closer."""
    return _z_moved(ref_fn, case, want) + 4 * EPS64 / case.n


# ---- models of the known mistakes --------------------------------------------------------------

def _zy(z, y):
    return np.asarray(z, dtype=np.float64), np.asarray(y, dtype=np.float64)


def _sigmoid_naive(z):
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def _sigmoid_then_log(z, y):
    z, y = _zy(z, y)
    s = _sigmoid_naive(z)
    with np.errstate(all="ignore"):
        return float(np.mean(-(y * np.log(s) + (1 - y) * np.log(1 - s))))


def _softplus_overflow(z, y):
    z, y = _zy(z, y)
    with np.errstate(all="ignore"):
        return float(np.mean(np.log(1 + np.exp(z)) - z * y))


def _through_probabilities(z, y):
    z, y = _zy(z, y)
    s = _sigmoid_naive(z)
    with np.errstate(divide="ignore"):
        return float(np.mean(-(y * np.maximum(np.log(s), -100.0) + (1 - y) * np.maximum(np.log1p(-s), -100.0))))


def _zy_sign(z, y):
    z, y = _zy(z, y)
    return float(np.mean(np.maximum(z, 0) + z * y + np.log1p(np.exp(-np.abs(z)))))


HARD_RULES = {"==1": lambda y: y == 1, ">0.5": lambda y: y > 0.5, ">=0.5": lambda y: y >= 0.5,
              "!=0": lambda y: y != 0}


def _hard_only(z, y, param):
    z, y = _zy(z, y)
    return float(np.mean(np.logaddexp(0.0, np.where(HARD_RULES[param](y), -z, z))))


def _grad_exp_ratio(z, y):
    z, y = _zy(z, y)
    with np.errstate(all="ignore"):
        e = np.exp(z)
        return (e / (1 + e) - y) / z.size


def _grad_prob(z, y):
    z, y = _zy(z, y)
    s = _sigmoid_naive(z)
    with np.errstate(all="ignore"):
        return (s - y) / (s * (1 - s)) / z.size


def _grad_clipped(z, y, param):
    z, y = _zy(z, y)
    return (np.clip(_sigmoid_naive(z), param, 1 - param) - y) / z.size


LOSS, GRAD = "losses.binary_cross_entropy_with_logits", "losses.binary_cross_entropy_with_logits_grad"
MODELS = (
    Model("bce_logits.overflow", LOSS, _sigmoid_then_log),
    Model("bce_logits.overflow", LOSS, _softplus_overflow),
    Model("bce_logits.overflow", GRAD, _grad_exp_ratio),
    Model("bce_logits.clamped", LOSS, _through_probabilities),
    Model("bce_logits.zy_sign", LOSS, _zy_sign),
    Model("bce_logits.hard_targets", LOSS, _hard_only, params=tuple(HARD_RULES)),
    Model("bce_logits.grad_prob", GRAD, _grad_prob),
    Model("bce_logits.grad_clipped", GRAD, _grad_clipped, params=CLIPS),
)

PART = Part(
    id="bce_logits",
    title="Binary cross-entropy on logits",
    notebook="02_classification_losses",
    pytorch="F.binary_cross_entropy_with_logits",
    targets=(LOSS, GRAD),
    checks=(
        Values("public_value", 1, "binary_cross_entropy_with_logits on small examples, and right at logits of "
                                  "+-1000", public=True, function=LOSS, cases=worked, tolerance=loss_tolerance,
               factors=rows),
        Values("public_grad", 1, "binary_cross_entropy_with_logits_grad on the same examples", public=True,
               function=GRAD, cases=worked, tolerance=grad_tolerance, factors=rows),
        Values("values", 2, "binary_cross_entropy_with_logits matches PyTorch's on every shape and container, "
                            "hard and soft targets", function=LOSS, cases=ordinary, seed=501,
               tolerance=loss_tolerance, factors=rows),
        Values("grad", 2, "binary_cross_entropy_with_logits_grad matches PyTorch's on every shape and container, "
                          "at extreme logits too", function=GRAD, cases=every, seed=502, tolerance=grad_tolerance,
               factors=rows),
        Values("extremes", 2, "binary_cross_entropy_with_logits is finite and right where a sigmoid rounds to 0 or "
                              "1, where the probability loss would clamp, and where exp overflows", function=LOSS,
               cases=extreme, seed=503, tolerance=loss_tolerance, factors=rows),
        Speed("vectorized", 1, "binary_cross_entropy_with_logits and its gradient use whole-array operations",
              functions=(LOSS, GRAD),
              inputs=(Generated("uniform", 9, (1_000_000,)), Generated("binary", 10, (1_000_000,)))),
    ),
    hints={
        "bce_logits.overflow": "at large |z| an exp overflows, or a sigmoid that rounded to 0 or 1 goes into a "
                               "log: the result must stay finite for every finite z",
        "bce_logits.clamped": "it goes through probabilities and inherits their clamp of each log at -100: at "
                              "large |z| the true loss is far past 100, so work from z directly",
        "bce_logits.zy_sign": "the z y term has the wrong sign",
        "bce_logits.hard_targets": "it reads every target as 0 or 1: a soft target (between 0 and 1) weighs both "
                                   "of its terms",
        "bce_logits.grad_prob": "it is the gradient with respect to the probability, not to the logit z",
        "bce_logits.grad_clipped": "the sigmoid is kept away from 0 and 1 (clipped): the gradient needs no "
                                   "clipping, and at large |z| the sigmoid must reach 0 and 1",
        "scale.rows": "it divides by the number of rows (the length of the first axis), not by the number of "
                      "elements",
    },
    models=MODELS,
)
