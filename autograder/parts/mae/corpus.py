"""The corpus of part ``mae`` (mean absolute error: ``losses.mae``, ``losses.mae_grad``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/parts/changes.py``); graded by ``tests/test_corpus.py``."""

from ..changes import Alternative, Mistake

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
    Mistake(
        "mae_squared_square",
        "losses.mae",
        """
        return float(np.square(y_pred - y_true).mean())
    """,
        ("mae.public_value", "mae.values"),
        "np.square where the absolute value belongs",
        hint="mae.squared",
    ),
    Mistake(
        "mae_no_abs_sum",
        "losses.mae",
        """
        return float(np.sum(y_pred - y_true) / y_pred.size)
    """,
        ("mae.public_value", "mae.values"),
        "the residuals summed with their signs",
        hint="mae.no_abs",
    ),
    Mistake(
        "mae_grad_mse_subtract",
        "losses.mae_grad",
        """
        return 2 * np.subtract(y_pred, y_true) / np.size(y_pred)
    """,
        ("mae.public_grad", "mae.grad"),
        "the squared error's gradient",
        hint="mae.grad_mse",
    ),
    Mistake(
        "mae_rows",
        "losses.mae",
        """
        return float(np.sum(np.abs(y_pred - y_true)) / len(y_pred))
    """,
        ("mae.public_value", "mae.values"),
        "divided by len(), the number of rows (and 0-d input has no len)",
        hint="scale.rows",
        tags=("domain",),
    ),
    Mistake(
        "mae_rows_shape",
        "losses.mae",
        """
        return float(np.abs(y_pred - y_true).sum() / y_pred.shape[0])
    """,
        ("mae.public_value", "mae.values"),
        "divided by shape[0], the number of rows",
        hint="scale.rows",
        tags=("domain",),
    ),
    Mistake(
        "mae_grad_rows",
        "losses.mae_grad",
        """
        return np.sign(y_pred - y_true) / len(y_pred)
    """,
        ("mae.public_grad", "mae.grad"),
        "the gradient divided by the number of rows",
        hint="scale.rows",
        tags=("domain",),
    ),
    Mistake(
        "mae_grad_rows_shape",
        "losses.mae_grad",
        """
        d = y_pred - y_true
        return np.sign(d) / d.shape[0]
    """,
        ("mae.public_grad", "mae.grad"),
        "the gradient divided by shape[0]",
        hint="scale.rows",
        tags=("domain",),
    ),
    Mistake(
        "mae_grad_flat",
        "losses.mae_grad",
        """
        return np.sign(y_pred - y_true).ravel() / y_pred.size
    """,
        ("mae.public_grad", "mae.grad"),
        "the gradient flattened: it must have the prediction's shape",
        hint=None,
        tags=("domain",),
    ),
    Mistake(
        "mae_sqrt_square",
        "losses.mae",
        """
        return float(np.mean(np.sqrt((y_pred - y_true) ** 2)))
    """,
        ("mae.values",),
        "|d| as the root of d**2: inf for huge residuals, 0 for tiny ones",
        hint="mae.root_of_square",
        tags=("conditioning",),
    ),
    Mistake(
        "mae_sqrt_product",
        "losses.mae",
        """
        d = y_pred - y_true
        return float(np.sqrt(d * d).mean())
    """,
        ("mae.values",),
        "|d| as sqrt(d * d)",
        hint="mae.root_of_square",
        tags=("conditioning",),
    ),
    Mistake(
        "mae_grad_ratio",
        "losses.mae_grad",
        """
        d = y_pred - y_true
        return d / np.abs(d) / d.size
    """,
        ("mae.public_grad", "mae.grad"),
        "the sign as d / |d|: 0 / 0 = NaN at ties",
        hint="mae.ties_nan",
        tags=("boundary",),
    ),
    Mistake(
        "mae_grad_ratio_divide",
        "losses.mae_grad",
        """
        return np.divide(y_pred - y_true, np.abs(y_pred - y_true)) / y_pred.size
    """,
        ("mae.public_grad", "mae.grad"),
        "np.divide(d, |d|): NaN at ties",
        hint="mae.ties_nan",
        tags=("boundary",),
    ),
    Mistake(
        "mae_sklearn",
        "losses.mae",
        """
        from sklearn.metrics import mean_absolute_error
        return float(mean_absolute_error(y_true.reshape(-1), y_pred.reshape(-1)))
    """,
        ("mae.public_value", "mae.values", "mae.vectorized"),
        "scikit-learn's mean_absolute_error: right where scikit-learn is installed, ModuleNotFoundError in the grader",
        hint=None,
        tags=("environment",),
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
    Alternative(
        "mae_maximum",
        "losses.mae",
        """
        d = y_pred - y_true
        return float(np.mean(np.maximum(d, -d)))
    """,
        "|d| as max(d, -d): exact for huge and tiny residuals",
        tags=("conditioning",),
    ),
    Alternative(
        "mae_l1_norm",
        "losses.mae",
        """
        from numpy import linalg
        d = (y_pred - y_true).reshape(-1)
        return float(linalg.norm(d, 1) / d.size)
    """,
        "the L1 norm from numpy.linalg (a module the grader has)",
        tags=("environment", "domain"),
    ),
    Alternative(
        "mae_grad_nested_where",
        "losses.mae_grad",
        """
        d = y_pred - y_true
        return np.where(d > 0, 1.0, np.where(d < 0, -1.0, 0.0)) / np.prod(d.shape)
    """,
        "nested np.where, divided by the product of the shape (1 for 0-d input)",
        tags=("domain", "boundary"),
    ),
]
