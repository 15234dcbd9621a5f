"""Binary hinge loss: ``losses.hinge`` and ``losses.hinge_grad`` (no PyTorch function on {-1, +1}
labels).

The contract (CONTRACT.md, the docstrings): scores of any shape S (0-d included) and labels y in
{-1, +1} of shape S; the loss is the mean over all elements of max(0, 1 - y s), the gradient -y / N
where 1 - y s > 0 and 0 elsewhere, exactly 0 at y s = 1 (the subgradient the course uses).

The cases cover every shape (0-d, one element, 1-D, 2-D, 3-D), scores and labels as float64,
lists, float32 and int64 (whole scores), and the margin from both sides: scores inside it, beyond
it, exactly on it (y s = 1, from whole-number scores and from scores of exactly +-1) and a hair
inside and outside it (y s = 1 -+ 2**-40, where a test with a tolerance picks the wrong branch),
as well as large and tiny scores.
"""

import itertools

import numpy as np

from checks.wire import Generated

from ..domains import SHAPES, contain, container_words, rng
from ..spec import Case, Model, Part, Speed, Values

VALUE, GRAD = "losses.hinge", "losses.hinge_grad"
HAIR = 2.0 ** -40          # y s = 1 - HAIR is inside the margin, 1 + HAIR beyond it


def _signs(g, shape):
    return np.where(g.random(shape) < 0.5, -1.0, 1.0)


def _ordinary(g, shape):
    return 2 * g.standard_normal(shape), _signs(g, shape)


def _whole(g, shape):
    """Whole-number scores: many of them exactly on the margin (y s = 1)."""
    return g.integers(-2, 3, shape).astype(float), _signs(g, shape)


def _on_margin(g, shape):
    """y s = 1 exactly at about half the elements, the others inside or beyond the margin."""
    y = _signs(g, shape)
    m = np.where(g.random(shape) < 0.5, 1.0, g.choice([-0.5, 0.25, 2.0, 3.0], shape))
    return y * m, y


def _hair(g, shape):
    """y s a hair inside (1 - 2**-40) or beyond (1 + 2**-40) the margin, or exactly on it."""
    y = _signs(g, shape)
    m = g.choice([1.0 - HAIR, 1.0 + HAIR, 1.0], shape)
    if np.size(m):
        m.flat[0] = 1.0 - HAIR
    return y * m, y


def _beyond(g, shape):
    y = _signs(g, shape)
    return y * g.uniform(1.5, 4.0, shape), y


def _inside(g, shape):
    y = _signs(g, shape)
    return y * g.uniform(-3.0, 0.9, shape), y


def _large(g, shape):
    return 1e3 * g.standard_normal(shape), _signs(g, shape)


def _tiny(g, shape):
    return 1e-9 * g.standard_normal(shape), _signs(g, shape)


CONDITIONS = {
    "ordinary scores": _ordinary,
    "whole-number scores": _whole,
    "y s exactly 1 at about half the elements": _on_margin,
    "y s a hair inside or beyond the margin": _hair,
    "every point beyond the margin": _beyond,
    "every point inside the margin": _inside,
    "large scores": _large,
    "tiny scores": _tiny,
}
WHOLE = {"whole-number scores"}
EXACT = {"y s a hair inside or beyond the margin", "tiny scores"}     # float32 would round them away


def hinge_cases(seed, conditions=tuple(CONDITIONS), shapes=SHAPES, containers=("array", "list", "float32", "int")):
    """Each condition on every shape, the containers taking turns (int64 only for whole scores,
    float32 only where rounding keeps the kind); labels come in the scores' container."""
    cases = []
    turn = itertools.cycle(containers)
    for cond in conditions:
        for shape, shape_words in shapes:
            g = rng(seed, cond, shape)
            s, y = CONDITIONS[cond](g, shape)
            how = next(turn)
            if how == "int" and not np.all(s == np.round(s)):
                how = "array"
            if how == "float32" and cond in EXACT:
                how = "list"
            kind = f"{shape_words} ({container_words(how)}), {cond}"
            size = int(np.prod(shape)) if shape else 1
            cases.append(Case(kind, (contain(s, how), contain(y, how)), n=size,
                              facets=(shape_words, container_words(how), cond)))
    return cases


def values_cases(seed):
    return hinge_cases(seed)


def grad_cases(seed):
    return hinge_cases(seed)


S, Y = [0.5, -2.0, 3.0, 0.2], [1.0, 1.0, -1.0, -1.0]
S2, Y2 = [2.0, -3.0, 1.0, -1.0, 0.5], [1.0, -1.0, 1.0, -1.0, 1.0]
S3, Y3 = [[1.0, -0.5], [-1.0, 2.0]], [[1.0, -1.0], [-1.0, -1.0]]


def worked(seed):
    """The notebook's examples: margins 0.5, -2, -3, -0.2 (each inside: mean 2.175); margins 2, 3,
    1, 1, 0.5 (beyond, exactly on, inside: mean 0.1); a 2-D batch with two scores on the margin."""
    return [
        Case("margins 0.5, -2, -3, -0.2 (all inside)", (np.array(S), np.array(Y)), n=4),
        Case("margins 2, 3, 1, 1, 0.5 (beyond, exactly on, inside)", (np.array(S2), np.array(Y2)), n=5),
        Case("a 2-D batch, margins 1, 0.5, 1, -2", (np.array(S3), np.array(Y3)), n=4),
        Case("one score, a 0-d array (margin 0.25)", (np.array(0.25), np.array(1.0)), n=1),
    ]


# ---- models of mistakes ------------------------------------------------------------------------

def _sy(s, y):
    return np.asarray(s, dtype=np.float64), np.asarray(y, dtype=np.float64)


def _no_clip(s, y):
    s, y = _sy(s, y)
    return float(np.mean(1.0 - y * s))


def _zero_margin(s, y):
    s, y = _sy(s, y)
    return float(np.mean(np.maximum(0.0, -y * s)))


def _rows_value(s, y, param):
    s, y = _sy(s, y)
    total = np.sum(np.maximum(0.0, 1.0 - y * s))
    return float(total / (len(s) if param == "len" else s.shape[0]))


def _grad_unmasked(s, y):
    s, y = _sy(s, y)
    return -y / s.size


def _grad_zero_margin(s, y):
    s, y = _sy(s, y)
    return np.where(y * s < 0, -y, 0.0) / s.size


def _grad_kink(s, y):
    s, y = _sy(s, y)
    return np.where(y * s <= 1.0, -y, 0.0) / s.size


def _grad_near_kink(s, y, param):
    s, y = _sy(s, y)
    if param == "isclose":
        inside = (y * s < 1.0) & ~np.isclose(y * s, 1.0)
    else:
        inside = 1.0 - y * s > param
    return np.where(inside, -y, 0.0) / s.size


def _rows_grad(s, y, param):
    s, y = _sy(s, y)
    grad = np.where(1.0 - y * s > 0.0, -y, 0.0)
    return grad / (len(s) if param == "len" else s.shape[0])


TOLERANCES = (1e-15, 1e-14, 1e-13, 1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, "isclose")
MODELS = (
    Model("hinge.no_clip", VALUE, _no_clip),
    Model("hinge.zero_margin", VALUE, _zero_margin),
    Model("hinge.rows", VALUE, _rows_value, params=("len", "shape[0]")),
    Model("hinge.grad_unmasked", GRAD, _grad_unmasked),
    Model("hinge.zero_margin", GRAD, _grad_zero_margin),
    Model("hinge.kink", GRAD, _grad_kink),
    Model("hinge.near_kink", GRAD, _grad_near_kink, params=TOLERANCES),
    Model("hinge.rows", GRAD, _rows_grad, params=("len", "shape[0]")),
)

PART = Part(
    id="hinge",
    title="Binary hinge loss",
    notebook="02_classification_losses",
    pytorch="none: PyTorch has no binary hinge loss on {-1, +1} labels",
    targets=(VALUE, GRAD),
    checks=(
        Values("public_value", 1, "hinge of small examples worked out by hand, 0 for points on or beyond the "
                                  "margin", public=True, function=VALUE, cases=worked),
        Values("public_grad", 1, "hinge_grad of the same examples: -y / N inside the margin, 0 beyond it and "
                                 "exactly on it", public=True, function=GRAD, cases=worked),
        Values("values", 2, "hinge matches the mean of max(0, 1 - y s) on every shape and container, points on, "
                            "near and beyond the margin included", function=VALUE, cases=values_cases, seed=801),
        Values("grad", 2, "hinge_grad matches -y / N inside the margin and 0 elsewhere, on every shape, on "
                          "both sides of the margin and exactly on it", function=GRAD, cases=grad_cases, seed=802),
        Speed("vectorized", 1, "hinge and hinge_grad use whole-array operations",
              functions=(VALUE, GRAD),
              inputs=(Generated("uniform", 13, (1_000_000,)), Generated("signs", 14, (1_000_000,)))),
    ),
    hints={
        "hinge.no_clip": "points beyond the margin (y s > 1) count negatively: their loss is 0",
        "hinge.zero_margin": "the margin is missing: a point counts until y s reaches 1, not 0",
        "hinge.grad_unmasked": "points beyond the margin (y s > 1) have gradient 0",
        "hinge.kink": "at y s = 1 exactly the gradient is 0 (the subgradient this course uses); here it is "
                      "-y / N there",
        "hinge.near_kink": "just inside the margin (y s a hair below 1) the gradient is already -y / N: the "
                           "comparison with the margin allows a tolerance it must not have",
        "hinge.rows": "it divides by the number of rows (the length of the first axis), not by the number of "
                      "scores: 0-d, 2-D and 3-D scores come out wrong",
    },
    models=MODELS,
)
