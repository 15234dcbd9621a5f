"""The corpus of part ``mae`` (mean absolute error: ``losses.mae``, ``losses.mae_grad``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/hidden/changes.py``); graded by ``tests/test_corpus.py``."""

from .changes import Alternative, Mistake

MISTAKES = [
    Mistake(
        "mae_squared",
        "losses.mae",
        """
        return float(np.mean((y_pred - y_true) ** 2))
    """,
        ("mae.public_value", "mae.values"),
        "squares instead of absolute values",
        hint="mae.squared",
    ),
    Mistake(
        "mae_sum",
        "losses.mae",
        """
        return float(np.sum(np.abs(y_pred - y_true)))
    """,
        ("mae.public_value", "mae.values"),
        "a sum where the mean belongs",
        hint="scale.n",
    ),
    Mistake(
        "mae_no_abs",
        "losses.mae",
        """
        return float(np.mean(y_pred - y_true))
    """,
        ("mae.public_value", "mae.values"),
        "the absolute value forgotten",
        hint="mae.no_abs",
    ),
    Mistake(
        "mae_loop",
        "losses.mae",
        """
        total = 0.0
        for a, b in zip(y_pred.ravel(), y_true.ravel()):
            total += abs(a - b)
        return float(total / y_pred.size)
    """,
        ("mae.vectorized",),
        "a Python loop over elements",
        hint="loop",
    ),
    Mistake(
        "mae_grad_no_mean",
        "losses.mae_grad",
        """
        return np.sign(y_pred - y_true)
    """,
        ("mae.public_grad", "mae.grad"),
        "the gradient not divided by N",
        hint="scale.n",
    ),
    Mistake(
        "mae_grad_ties",
        "losses.mae_grad",
        """
        return np.where(y_pred >= y_true, 1.0, -1.0) / y_pred.size
    """,
        ("mae.public_grad", "mae.grad"),
        "+1 instead of 0 where prediction equals target",
        hint="mae.ties",
    ),
    Mistake(
        "mae_grad_sign",
        "losses.mae_grad",
        """
        return np.sign(y_true - y_pred) / y_pred.size
    """,
        ("mae.public_grad", "mae.grad"),
        "the sign flipped",
        hint="scale.sign",
    ),
    Mistake(
        "mae_grad_mse",
        "losses.mae_grad",
        """
        return 2.0 * (y_pred - y_true) / y_pred.size
    """,
        ("mae.public_grad", "mae.grad"),
        "the MSE gradient",
        hint="mae.grad_mse",
    ),
    Mistake(
        "mae_grad_copysign",
        "losses.mae_grad",
        """
        return np.copysign(1.0, y_pred - y_true) / y_pred.size
    """,
        ("mae.public_grad", "mae.grad"),
        "np.copysign gives +-1 at a tie, where the gradient is 0",
        hint="mae.ties",
        tags=("boundary",),
    ),
    Mistake(
        "mae_no_return",
        "losses.mae",
        """
        float(np.mean(np.abs(y_pred - y_true)))
    """,
        ("mae.public_value", "mae.values", "mae.vectorized"),
        "the value computed but never returned",
        hint="returns.none",
    ),
]

ALTERNATIVES = [
    Alternative(
        "mae_abs_method",
        "losses.mae",
        """
        return abs(y_pred - y_true).mean().item()
    """,
        "abs() and .item()",
    ),
    Alternative(
        "mae_grad_three_way",
        "losses.mae_grad",
        """
        d = y_pred - y_true
        return ((d > 0).astype(float) - (d < 0)) / d.size
    """,
        "two comparisons instead of np.sign",
        tags=("boundary",),
    ),
]
