"""The corpus of part ``mse`` (mean squared error: ``losses.mse``, ``losses.mse_grad``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/parts/changes.py``); graded by ``tests/test_corpus.py``."""

from ..changes import Alternative, Mistake

MISTAKES = [
    Mistake(
        "mse_sum",
        "losses.mse",
        """
        return float(np.sum((y_pred - y_true) ** 2))
    """,
        ("mse.public_value", "mse.values"),
        "a sum where the mean belongs",
        hint="scale.n",
    ),
    Mistake(
        "mse_abs",
        "losses.mse",
        """
        return float(np.mean(np.abs(y_pred - y_true)))
    """,
        ("mse.public_value", "mse.values"),
        "absolute instead of squared error",
        hint="mse.abs",
    ),
    Mistake(
        "mse_half",
        "losses.mse",
        """
        return float(0.5 * np.mean((y_pred - y_true) ** 2))
    """,
        ("mse.public_value", "mse.values"),
        "an extra 0.5",
        hint="scale.half",
    ),
    Mistake(
        "mse_loop",
        "losses.mse",
        """
        total = 0.0
        flat_p, flat_t = y_pred.ravel(), y_true.ravel()
        for i in range(flat_p.size):
            total += (flat_p[i] - flat_t[i]) ** 2
        return float(total / flat_p.size)
    """,
        ("mse.public_vectorized", "mse.vectorized"),
        "a Python loop over elements",
        hint="loop",
    ),
    Mistake(
        "mse_per_element",
        "losses.mse",
        """
        return (y_pred - y_true) ** 2
    """,
        ("mse.public_value", "mse.values"),
        "returns the per-element losses, not their mean",
        hint="returns.array",
    ),
    Mistake(
        "mse_grad_no_mean",
        "losses.mse_grad",
        """
        return 2.0 * (y_pred - y_true)
    """,
        ("mse.public_grad", "mse.grad"),
        "the gradient not divided by N",
        hint="scale.n",
    ),
    Mistake(
        "mse_grad_no_two",
        "losses.mse_grad",
        """
        return (y_pred - y_true) / y_pred.size
    """,
        ("mse.public_grad", "mse.grad"),
        "the factor 2 of the derivative missing",
        hint="scale.half",
    ),
    Mistake(
        "mse_grad_sign",
        "losses.mse_grad",
        """
        return 2.0 * (y_true - y_pred) / y_pred.size
    """,
        ("mse.public_grad", "mse.grad"),
        "the sign flipped",
        hint="scale.sign",
    ),
    Mistake(
        "mse_grad_rows",
        "losses.mse_grad",
        """
        return 2.0 * (y_pred - y_true) / len(y_pred)
    """,
        ("mse.public_grad", "mse.grad"),
        "divided by the number of rows, not of elements",
        hint="mse.rows",
    ),
    Mistake(
        "mse_grad_loop",
        "losses.mse_grad",
        """
        grad = np.empty_like(y_pred)
        for i in np.ndindex(y_pred.shape):
            grad[i] = 2.0 * (y_pred[i] - y_true[i]) / y_pred.size
        return grad
    """,
        ("mse.public_vectorized", "mse.vectorized"),
        "a Python loop over elements",
        hint="loop",
    ),
    Mistake(
        "mse_expanded_square",
        "losses.mse",
        """
        return float(np.mean(y_pred ** 2 - 2 * y_pred * y_true + y_true ** 2))
    """,
        ("mse.values",),
        "(p - t)**2 expanded: it loses every digit when p and t are large and close",
        hint=None,
        tags=("conditioning",),
    ),
    Mistake(
        "mse_len_rows",
        "losses.mse",
        """
        return float(np.sum((y_pred - y_true) ** 2) / len(y_pred))
    """,
        ("mse.public_value", "mse.values"),
        "divided by the number of rows (len), which is the number of elements only for 1-D input",
        hint="mse.rows",
        tags=("domain",),
    ),
    Mistake(
        "mse_matmul",
        "losses.mse",
        """
        d = y_pred - y_true
        return float(d @ d / d.size)
    """,
        ("mse.public_value", "mse.values"),
        "a dot product without flattening: right for 1-D input only (0-d input raises, 2-D is a matrix product)",
        hint=None,
        tags=("domain",),
    ),
    Mistake(
        "mse_grad_flat",
        "losses.mse_grad",
        """
        return 2.0 * (y_pred - y_true).ravel() / y_pred.size
    """,
        ("mse.public_grad", "mse.grad"),
        "the gradient flattened: it must have the prediction's shape",
        hint=None,
        tags=("domain",),
    ),
    Mistake(
        "mse_abs_method",
        "losses.mse",
        """
        return float(np.abs(y_pred - y_true).mean())
    """,
        ('mse.public_value', 'mse.values'),
        "the absolute residuals' mean (the MAE)",
        hint='mse.abs',
    ),
    Mistake(
        "mse_per_element_square",
        "losses.mse",
        """
        return np.square(y_pred - y_true)
    """,
        ('mse.public_value', 'mse.values'),
        "the squared residuals returned, not their mean",
        hint='returns.array',
    ),
    Mistake(
        "mse_rows_shape",
        "losses.mse",
        """
        return float(np.sum((y_pred - y_true) ** 2) / y_pred.shape[0])
    """,
        ('mse.public_value', 'mse.values'),
        "divided by shape[0], the number of rows",
        hint='mse.rows',
        tags=('domain',),
    ),
    Mistake(
        "mse_grad_rows_shape",
        "losses.mse_grad",
        """
        return 2.0 * (y_pred - y_true) / y_pred.shape[0]
    """,
        ('mse.public_grad', 'mse.grad'),
        "the gradient divided by shape[0]",
        hint='mse.rows',
        tags=('domain',),
    ),
    Mistake(
        "mse_grad_sum_scale",
        "losses.mse_grad",
        """
        return 2.0 * (y_pred - y_true)
    """,
        ('mse.public_grad', 'mse.grad'),
        "the gradient of the sum of squares",
        hint='scale.n',
    ),
]

ALTERNATIVES = [
    Alternative(
        "mse_dot",
        "losses.mse",
        """
        d = (y_pred - y_true).ravel()
        return float(d @ d / d.size)
    """,
        "a dot product of the flattened residuals (0-d input included)",
        tags=("domain",),
    ),
    Alternative(
        "mse_square",
        "losses.mse",
        """
        return float(np.square(y_pred - y_true).mean())
    """,
        "np.square and the array's mean method",
        tags=("conditioning",),
    ),
    Alternative(
        "mse_grad_mean_scale",
        "losses.mse_grad",
        """
        n = np.prod(y_pred.shape)
        return (y_pred - y_true) * (2 / n)
    """,
        "the scale computed from the shape",
    ),
]
