"""Mean absolute error: ``losses.mae`` and ``losses.mae_grad`` (PyTorch ``F.l1_loss``).

The contract (CONTRACT.md, the docstrings): any shape S (0-d included), lists and arrays of any real
dtype; the loss is the mean of |y_pred - y_true| over all elements, a Python float; the gradient is
sign(y_pred - y_true) / N, shaped like y_pred, and exactly 0 where prediction and target are equal.

The cases: every shape (0-d to 3-D) in every container, under every condition of
``domains.CONDITIONS`` (exact ties and whole numbers sit on the kink of |d|), and residuals so huge
or so tiny that their squares overflow or underflow (|d| itself is exact there).
"""

import numpy as np

from checks.wire import Generated

from ..domains import SHAPES, contain, container_words, real_pairs, rng
from ..spec import Case, Model, Part, Speed, Values

EXTREME_SCALES = {"huge residuals (squares overflow)": 1e160, "tiny residuals (squares underflow)": 1e-200}


def extreme_pairs(seed):
    """Residuals whose squares leave float64 (overflow, or underflow to 0): only float64 arrays
    and lists hold them."""
    cases, turn = [], 0
    for cond, scale in EXTREME_SCALES.items():
        for shape, shape_words in SHAPES:
            g = rng(seed, cond, shape)
            a, b = scale * g.standard_normal(shape), scale * g.standard_normal(shape)
            how = ("array", "list")[turn % 2]
            turn += 1
            size = int(np.prod(shape)) if shape else 1
            cases.append(Case(f"{shape_words} ({container_words(how)}), {cond}", (contain(a, how), contain(b, how)),
                              n=size, facets=(shape_words, container_words(how), cond)))
    return cases


def hidden(seed):
    return real_pairs(seed) + extreme_pairs(seed)


def worked(seed):
    """The example of notebook 01 (two exact ties), a 2-D batch of whole numbers as lists, a 0-d pair."""
    return [
        Case("the worked example (two residuals of exactly 0)",
             (np.array([1.0, 2.0, 4.0, -1.0, 3.0]), np.array([1.0, 0.0, 1.0, 1.0, 3.0])), n=5),
        Case("a 2 x 3 batch of whole numbers (Python lists, one tie)",
             ([[1.0, 2.0, 0.0], [3.0, -1.0, 2.0]], [[0.0, 2.0, 1.0], [1.0, 1.0, 4.0]]), n=6),
        Case("0-d arrays", (np.array(3.5), np.array(1.0)), n=1),
    ]


def rows(case):
    """A mean over the rows instead of the elements: the factor N / rows (where there are rows)."""
    shape = np.shape(case.args[0])
    return [(case.n / shape[0], "scale.rows")] if len(shape) >= 2 else []


def _d(p, t):
    return np.asarray(p, dtype=np.float64) - np.asarray(t, dtype=np.float64)


def _sign_at_ties(p, t, param):
    """+-1 where the residual is 0: the mistakes of ``>=``, ``>`` and ``copysign``."""
    d = _d(p, t)
    sign = {">=": np.where(d >= 0, 1.0, -1.0), ">": np.where(d > 0, 1.0, -1.0), "copysign": np.copysign(1.0, d)}
    return sign[param] / d.size


def _ratio(p, t):
    d = _d(p, t)
    with np.errstate(all="ignore"):
        return d / np.abs(d) / d.size


MODELS = (
    Model("mae.squared", "losses.mae", lambda p, t: float(np.mean(_d(p, t) ** 2))),
    Model("mae.no_abs", "losses.mae", lambda p, t: float(np.mean(_d(p, t)))),
    Model("mae.root_of_square", "losses.mae", lambda p, t: float(np.mean(np.sqrt(_d(p, t) ** 2)))),
    Model("mae.ties", "losses.mae_grad", _sign_at_ties, params=(">=", ">", "copysign")),
    Model("mae.ties_nan", "losses.mae_grad", _ratio),
    Model("mae.grad_mse", "losses.mae_grad", lambda p, t: 2.0 * _d(p, t) / _d(p, t).size),
)

PART = Part(
    id="mae",
    title="Mean absolute error",
    notebook="01_regression_losses",
    pytorch="F.l1_loss",
    targets=("losses.mae", "losses.mae_grad"),
    checks=(
        Values("public_value", 1, "mae on small examples worked out by hand", public=True,
               function="losses.mae", cases=worked, factors=rows),
        Values("public_grad", 1, "mae_grad on the same examples, 0 where prediction equals target", public=True,
               function="losses.mae_grad", cases=worked, tolerance="fixed", factors=rows),
        Values("values", 2, "mae matches the mean absolute error on every shape, container and conditioning its "
                            "docstring allows, ties included", function="losses.mae", cases=hidden, seed=201,
               factors=rows),
        Values("grad", 2, "mae_grad is sign(y_pred - y_true) / N on every shape, container and conditioning, "
                          "exactly 0 at ties", function="losses.mae_grad", cases=hidden, seed=202,
               tolerance="fixed", factors=rows),
        Speed("vectorized", 1, "mae and mae_grad use whole-array operations (fast on big arrays)",
              functions=("losses.mae", "losses.mae_grad"),
              inputs=(Generated("uniform", 3, (1_000_000,)), Generated("uniform", 4, (1_000_000,)))),
    ),
    hints={
        "mae.squared": "it squares the residuals: MAE takes their absolute value",
        "mae.no_abs": "the absolute value is missing: positive and negative residuals cancel",
        "mae.root_of_square": "it takes the square root of squared residuals: the square overflows for huge "
                              "residuals and underflows to 0 for tiny ones",
        "mae.ties": "where a prediction equals its target the gradient must be 0, not +1 or -1",
        "mae.ties_nan": "where a prediction equals its target it divides 0 by 0 (NaN): the gradient there is 0",
        "mae.grad_mse": "it is the gradient of the squared error, not of the absolute error",
        "scale.rows": "it divides by the number of rows (the length of the first axis), not by the number of "
                      "elements",
    },
    models=MODELS,
)
