"""Softmax and log-softmax: ``losses.softmax`` and ``losses.log_softmax`` (PyTorch ``F.softmax``,
``F.log_softmax``, along the last axis).

The contract (CONTRACT.md, the docstrings): z of shape (..., C) (1-D, 2-D, 3-D; one row or one
class included), lists and arrays of any real dtype; both work along the last axis and are stable
for any finite z: softmax gives non-negative rows summing to 1, log_softmax gives z - logsumexp(z),
finite for finite z (also where the softmax underflows to 0).

The cases: every such shape in every container, under ordinary logits, ties and rows of equal
logits, rows shifted by up to 50, a large offset with a small spread, logits of +-1000 and rows far
apart (one near +800, another near -800: one maximum for the whole array is not enough). The
``stability`` check gives log_softmax the logits where the softmax underflows or an exp overflows.
"""

import itertools

import numpy as np

from ..domains import contain, container_words, rng
from ..spec import Case, Model, Part, Values

SHAPES = (
    ((5,), "1-D arrays"),
    ((1, 4), "one row"),
    ((4, 1), "one class (C = 1)"),
    ((4, 4), "square 2-D arrays"),
    ((3, 5), "2-D arrays"),
    ((2, 3, 4), "3-D arrays"),
)


def _rows(shape):
    """The shape of one value per row (the last axis dropped, kept as 1)."""
    return shape[:-1] + (1,)


def _ordinary(g, shape):
    return 2.0 * g.standard_normal(shape)


def _ties(g, shape):
    z = g.integers(-2, 3, shape).astype(np.float64)
    if len(shape) >= 2:
        z.reshape(-1, shape[-1])[0] = 1.0        # one row of equal logits
    return z


def _shifted(g, shape):
    return g.standard_normal(shape) + g.uniform(-50.0, 50.0, _rows(shape))


def _offset(g, shape):
    return 1e8 + g.standard_normal(shape)


def _thousand(g, shape):
    return g.choice([-1000.0, -999.0, 0.0, 999.0, 1000.0], size=shape)


def _apart(g, shape):
    """Rows near +800 and near -800 (one row: near -800)."""
    levels = np.where(np.arange(int(np.prod(_rows(shape)))) % 2 == 1, 800.0, -800.0).reshape(_rows(shape))
    return levels + g.standard_normal(shape)


def _spread(g, shape):
    """Rows spread over 1500: most of the softmax underflows to 0, log_softmax is about -1500."""
    z = g.uniform(-800.0, 700.0, shape)
    flat = z.reshape(-1, shape[-1])
    flat[:, 0] = 700.0
    if shape[-1] > 1:
        flat[:, -1] = -800.0
    return z


def _huge(g, shape):
    return np.where(g.random(shape) < 0.5, -1.0, 1.0) * 10.0 ** g.uniform(3.0, 6.0, shape)


CONDITIONS = {
    "ordinary logits": _ordinary,
    "ties and a row of equal logits": _ties,
    "rows shifted by up to 50": _shifted,
    "a large offset and a small spread": _offset,
    "logits of +-1000": _thousand,
    "rows far apart (near +800 and near -800)": _apart,
    "rows spread over 1500 (the softmax underflows)": _spread,
    "logits of 1e3 to 1e6 either way": _huge,
}
WHOLE = (_ties, _thousand)
FLOAT64_ONLY = (_offset,)


def logits(seed, conditions, shapes=SHAPES):
    """Cases of logits: every condition on every shape, the containers taking turns (int64 for
    whole logits)."""
    cases = []
    turn = itertools.cycle(("array", "list", "float32", "int"))
    for cond in conditions:
        make = CONDITIONS[cond]
        for shape, shape_words in shapes:
            g = rng(seed, cond, shape)
            z = make(g, shape)
            how = next(turn)
            if (how == "int" and make not in WHOLE) or (how == "float32" and make in FLOAT64_ONLY):
                how = "array"
            cases.append(Case(f"{shape_words} ({container_words(how)}), {cond}", (contain(z, how),),
                              facets=(shape_words, container_words(how), cond)))
    return cases


ORDINARY = ("ordinary logits", "ties and a row of equal logits", "rows shifted by up to 50",
            "a large offset and a small spread")
STABLE = ("logits of +-1000", "rows far apart (near +800 and near -800)",
          "rows spread over 1500 (the softmax underflows)", "logits of 1e3 to 1e6 either way")


def softmax_cases(seed):
    return logits(seed, ORDINARY + STABLE[:2])


def log_softmax_cases(seed):
    return logits(seed, ORDINARY)


def stability_cases(seed):
    return logits(seed, STABLE)


def worked(seed):
    """The example of notebook 02, a 1-D vector with a tie, a 3-D batch, logits of 1000 and a row spread
    over 1500."""
    return [
        Case("a 2 x 3 example", (np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]),)),
        Case("a 1-D vector with a tie (a Python list)", ([0.5, -1.0, 0.5, 2.0],)),
        Case("a 2 x 2 x 3 batch",
             (np.array([[[0.0, 1.0, 2.0], [1.0, 1.0, -1.0]], [[3.0, 0.0, 0.5], [-2.0, 2.0, 0.0]]]),)),
        Case("one row with a logit of 1000", (np.array([[1000.0, 0.0]]),)),
        Case("a row spread over 1500", (np.array([[700.0, -800.0, 0.0]]),)),
    ]


# ---- models of the known mistakes --------------------------------------------------------------

def _z(z):
    return np.asarray(z, dtype=np.float64)


def _normalized(z, axis=-1, keepdims=True, shift="max", log=False):
    """softmax (or log_softmax) along ``axis`` (None: the whole array), with reductions that keep
    or drop their axis, shifted by each row's maximum, the whole array's, the row's mean or minimum,
    or not at all."""
    z = _z(z)
    with np.errstate(all="ignore"):
        if shift == "max":
            m = np.max(z, axis=axis, keepdims=keepdims)
        elif shift == "global":
            m = np.max(z)
        elif shift == "mean":
            m = np.mean(z, axis=axis, keepdims=keepdims)
        elif shift == "min":
            m = np.min(z, axis=axis, keepdims=keepdims)
        else:
            m = 0.0
        e = np.exp(z - m)
        total = np.sum(e, axis=axis, keepdims=keepdims)
        return z - m - np.log(total) if log else e / total


def _log_of_softmax(z, param):
    """log of the softmax, as is (param 0) or floored at param."""
    s = _normalized(z)
    with np.errstate(divide="ignore"):
        return np.log(np.maximum(s, param))


SOFTMAX, LOG_SOFTMAX = "losses.softmax", "losses.log_softmax"
FLOORS = (0.0, 1e-300, 1e-200, 1e-100, 1e-50, 1e-30, 1e-20, 1e-16, 1e-15, 1e-12, 1e-10, 1e-8)


def _both(hint, param_name, values, **fixed):
    """One model per function (softmax and log_softmax) for a way of normalizing."""
    return tuple(Model(hint, target, lambda z, param=None, log=log: _normalized(z, log=log, **fixed,
                                                                                **{param_name: param}),
                       params=values)
                 for target, log in ((SOFTMAX, False), (LOG_SOFTMAX, True)))


MODELS = (
    *_both("softmax.columns", "axis", (0,)),
    *_both("softmax.axis1", "axis", (1,)),
    *_both("softmax.whole", "axis", (None,), shift="global"),
    *_both("softmax.keepdims", "keepdims", (False,)),
    *_both("softmax.overflow", "shift", ("none", "mean", "min")),
    *_both("softmax.global_shift", "shift", ("global",)),
    Model("softmax.log_of_softmax", LOG_SOFTMAX, _log_of_softmax, params=FLOORS),
)

PART = Part(
    id="softmax",
    title="Softmax and log-softmax",
    notebook="02_classification_losses",
    pytorch="F.softmax, F.log_softmax",
    targets=(SOFTMAX, LOG_SOFTMAX),
    checks=(
        Values("public_softmax", 1, "softmax on small examples, row by row, logits of 1000 and a row spread over "
                                    "1500 included", public=True, function=SOFTMAX, cases=worked),
        Values("public_log_softmax", 1, "log_softmax on the same examples, finite where the softmax underflows",
               public=True, function=LOG_SOFTMAX, cases=worked),
        Values("softmax_values", 2, "softmax along the last axis on every shape (..., C) and container: ties, "
                                    "shifted rows, a large offset, logits of +-1000, rows far apart",
               function=SOFTMAX, cases=softmax_cases, seed=601),
        Values("log_softmax_values", 2, "log_softmax along the last axis on every shape (..., C) and container: "
                                        "ties, shifted rows, a large offset", function=LOG_SOFTMAX,
               cases=log_softmax_cases, seed=602),
        Values("stability", 2, "log_softmax stays finite and right at logits of +-1000, rows far apart, rows "
                               "spread over 1500 (where the softmax underflows to 0) and logits up to 1e6",
               function=LOG_SOFTMAX, cases=stability_cases, seed=603),
    ),
    hints={
        "softmax.columns": "it normalizes along the first axis: each row (the last axis) is one example",
        "softmax.axis1": "it works along axis 1, which is the last axis only for 2-D input: 1-D and 3-D inputs go "
                         "wrong",
        "softmax.whole": "it normalizes over the whole array: normalize each row (the last axis)",
        "softmax.keepdims": "a reduction drops its axis, so it broadcasts along the wrong axis",
        "softmax.overflow": "exp overflows at large logits: shift each row by something that keeps every "
                            "exponent at most 0",
        "softmax.global_shift": "it subtracts one maximum for the whole array: a row far below the others "
                                "underflows to 0",
        "softmax.log_of_softmax": "it takes the log of a softmax, which underflows to 0 (log 0 = -inf) where "
                                  "log_softmax is still finite",
    },
    models=MODELS,
)
