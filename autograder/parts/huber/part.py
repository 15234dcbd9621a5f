"""Huber loss: ``losses.huber`` and ``losses.huber_grad`` (PyTorch ``F.huber_loss``).

The contract (CONTRACT.md, the docstrings): any shape S (0-d included), lists and arrays of any real
dtype, ``delta`` any number > 0 (an int too). With d = y_pred - y_true, each element contributes
0.5 d**2 where |d| <= delta and delta (|d| - 0.5 delta) elsewhere; the loss is their mean, a Python
float. The gradient is d / N inside the band and delta sign(d) / N outside, shaped like y_pred.

The cases: every shape (0-d to 3-D) in every container, each under one delta (the default, 0.3, 2.5,
10 where every residual is inside, 1e-3 where all are outside, the int 2), and these conditions:
residuals on both sides of delta; residuals of exactly +-delta (dyadic, so the tie is exact) and
whole residuals with a whole delta (the switch between the pieces); a large offset with a small
spread; outliers a million times delta (where a difference of squares loses its digits); residuals
so huge that their squares overflow (the linear piece is still finite).
"""

import itertools

import numpy as np

from checks.wire import Generated

from ..domains import CONTAINERS, SHAPES, contain, container_words, rng
from ..spec import Case, Model, Part, Speed, Values

DELTAS = (None, 0.3, 2.5, 10.0, 1e-3, 2)       # None: the default (1.0), not passed


def _both_sides(g, shape, delta):
    """Residuals up to 3 delta either way; with two elements or more, one inside and one outside."""
    unit = 1.0 if delta is None else float(delta)
    r = g.uniform(-3.0, 3.0, shape)
    if np.size(r) >= 2:
        r.flat[0], r.flat[1] = g.uniform(-0.9, 0.9), g.choice([-1.0, 1.0]) * g.uniform(1.1, 3.0)
    t = g.standard_normal(shape)
    return t + unit * r, t


def _exactly_delta(g, shape, delta):
    """Residuals of exactly +-delta (most), +-delta / 2, +-2 delta and 0 on whole targets: with a
    dyadic delta every residual is exact."""
    unit = 1.0 if delta is None else float(delta)
    t = np.round(3 * g.standard_normal(shape))
    r = g.choice([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 1.0, -1.0], size=shape)
    if np.size(r):
        r.flat[0] = 1.0
    return t + r * unit, t


def _whole(g, shape, delta):
    a = np.round(3 * g.standard_normal(shape))
    return a + g.integers(-3, 4, shape), a


def _offset(g, shape, delta):
    base = 1e8 + g.uniform(-1, 1, shape)
    return base + g.standard_normal(shape), base + g.standard_normal(shape)


def _outliers(g, shape, delta):
    return 1e6 * g.standard_normal(shape), g.standard_normal(shape)


def _huge(g, shape, delta):
    return 1e160 * g.standard_normal(shape), 1e160 * g.standard_normal(shape)


CONDITIONS = {
    "residuals on both sides of delta": (_both_sides, DELTAS),
    "residuals of exactly +-delta": (_exactly_delta, (None, 0.5, 2, 0.25, 4.0)),
    "whole residuals and a whole delta": (_whole, (None, 2, 1, 3.0, 2.0)),
    "a large offset and a small spread": (_offset, (None, 0.3, 2.5)),
    "outliers a million times delta": (_outliers, (1e-3, 0.5, None)),
    "residuals whose squares overflow": (_huge, (None, 1e-3, 2.5)),
}
FLOAT64_ONLY = {"residuals whose squares overflow"}


def cases_of(seed, conditions=tuple(CONDITIONS), shapes=SHAPES):
    cases = []
    turn = itertools.cycle(CONTAINERS)
    for cond in conditions:
        make, deltas = CONDITIONS[cond]
        for i, (shape, shape_words) in enumerate(shapes):
            g = rng(seed, cond, shape)
            delta = deltas[i % len(deltas)]
            a, b = make(g, shape, delta)
            how = next(turn)
            if cond in FLOAT64_ONLY and how in ("float32", "int"):
                how = "array"
            if how == "int" and not (np.all(a == np.round(a)) and np.all(b == np.round(b))):
                how = "array"
            delta_words = "the default delta" if delta is None else f"delta = {delta!r}"
            kwargs = {} if delta is None else {"delta": delta}
            size = int(np.prod(shape)) if shape else 1
            cases.append(Case(f"{shape_words} ({container_words(how)}), {cond}, {delta_words}",
                              (contain(a, how), contain(b, how)), kwargs, n=size,
                              facets=(shape_words, container_words(how), cond, delta_words)))
    return cases


def hidden(seed):
    return cases_of(seed)


Y_PRED = np.array([1.0, 2.0, 4.0, -1.0, 0.5])
Y_TRUE = np.array([1.0, 0.0, 1.0, 1.0, 0.0])


def worked(seed):
    """The example of notebook 01 for delta = 1 and 2.5, and residuals of exactly +-delta."""
    return [
        Case("the worked example, the default delta", (Y_PRED, Y_TRUE), n=5),
        Case("the worked example, delta = 2.5", (Y_PRED, Y_TRUE), {"delta": 2.5}, n=5),
        Case("a 2 x 3 batch with residuals of exactly +-delta (Python lists, delta = 0.5)",
             ([[0.5, -0.5, 1.0], [0.25, 2.0, -1.5]], [[0.0, 0.0, 0.0], [0.0, 1.5, -1.0]]), {"delta": 0.5}, n=6),
    ]


def rows(case):
    """A mean over the rows instead of the elements: the factor N / rows (where there are rows)."""
    shape = np.shape(case.args[0])
    return [(case.n / shape[0], "scale.rows")] if len(shape) >= 2 else []


# ---- models of the known mistakes --------------------------------------------------------------

def _d(p, t):
    return np.asarray(p, dtype=np.float64) - np.asarray(t, dtype=np.float64)


def _masks(a, delta, param):
    """(inside, outside) masks: right, overlapping at |d| = delta, or both strict (a gap there)."""
    if param == "overlap":
        return a <= delta, a >= delta
    if param == "gap":
        return a < delta, a > delta
    return a <= delta, a > delta


def _huber(p, t, delta=1.0, quad=0.5, offset=0.5, masks="right"):
    d = _d(p, t)
    a = np.abs(d)
    inside, outside = _masks(a, delta, masks)
    with np.errstate(all="ignore"):
        terms = np.where(inside, quad * d * d, 0.0) + np.where(outside, delta * (a - offset * delta), 0.0)
    return float(np.mean(terms))


def _grad(p, t, delta=1.0, masks="right"):
    d = _d(p, t)
    a = np.abs(d)
    inside, outside = _masks(a, delta, masks)
    return (np.where(inside, d, 0.0) + np.where(outside, delta * np.sign(d), 0.0)) / d.size


def _difference_of_squares(p, t, delta=1.0):
    d = _d(p, t)
    with np.errstate(all="ignore"):
        return float(np.mean(0.5 * d * d - 0.5 * np.maximum(np.abs(d) - delta, 0.0) ** 2))


MODELS = (
    Model("huber.no_half", "losses.huber", lambda p, t, delta=1.0: _huber(p, t, delta, quad=1.0)),
    Model("huber.no_offset", "losses.huber", lambda p, t, delta=1.0: _huber(p, t, delta, offset=0.0)),
    Model("huber.delta_ignored", "losses.huber", lambda p, t, delta=1.0: _huber(p, t, 1.0)),
    Model("huber.delta_ignored", "losses.huber_grad", lambda p, t, delta=1.0: _grad(p, t, 1.0)),
    Model("huber.boundary", "losses.huber", lambda p, t, delta=1.0, param=None: _huber(p, t, delta, masks=param),
          params=("overlap", "gap")),
    Model("huber.boundary", "losses.huber_grad", lambda p, t, delta=1.0, param=None: _grad(p, t, delta, masks=param),
          params=("overlap", "gap")),
    Model("huber.cancels", "losses.huber", _difference_of_squares),
    Model("huber.grad_mae", "losses.huber_grad", lambda p, t, delta=1.0: np.sign(_d(p, t)) / _d(p, t).size),
    Model("huber.grad_unclipped", "losses.huber_grad", lambda p, t, delta=1.0: _d(p, t) / _d(p, t).size),
)

PART = Part(
    id="huber",
    title="Huber loss",
    notebook="01_regression_losses",
    pytorch="F.huber_loss",
    targets=("losses.huber", "losses.huber_grad"),
    checks=(
        Values("public_value", 1, "huber on small examples worked out by hand, for three deltas", public=True,
               function="losses.huber", cases=worked, factors=rows),
        Values("public_grad", 1, "huber_grad on the same examples", public=True,
               function="losses.huber_grad", cases=worked, factors=rows),
        Values("values", 3, "huber matches the Huber loss for every delta, shape, container and conditioning, "
                             "residuals of exactly +-delta included", function="losses.huber", cases=hidden,
               seed=301, factors=rows),
        Values("grad", 2, "huber_grad matches the Huber gradient for every delta, shape, container and "
                          "conditioning, residuals of exactly +-delta included", function="losses.huber_grad",
               cases=hidden, seed=302, factors=rows),
        Speed("vectorized", 1, "huber and huber_grad use whole-array operations (fast on big arrays)",
              functions=("losses.huber", "losses.huber_grad"),
              inputs=(Generated("uniform", 5, (1_000_000,)), Generated("uniform", 6, (1_000_000,)))),
    ),
    hints={
        "huber.no_half": "the quadratic piece is missing its factor one half",
        "huber.no_offset": "the linear piece is not shifted down to meet the quadratic piece at |d| = delta",
        "huber.delta_ignored": "delta is ignored: it always switches between the pieces at 1",
        "huber.boundary": "at |d| = delta exactly, both pieces are used (or neither): make the two conditions "
                          "complementary",
        "huber.cancels": "outside the band it subtracts two large squares: far from the band every digit is lost "
                         "(and huge residuals give inf - inf)",
        "huber.grad_mae": "it is the gradient of the absolute error everywhere: inside the band Huber is quadratic",
        "huber.grad_unclipped": "it is never clipped: outside the band Huber is linear, so its gradient stops "
                                "growing",
        "scale.rows": "it divides by the number of rows (the length of the first axis), not by the number of "
                      "elements",
    },
    models=MODELS,
)
