"""Held-out mistakes and alternatives for ``mse`` and ``mse_grad`` (see README.md)."""

MISTAKES = [
    dict(
        name="ho_mse_len_first_axis",
        target="losses.mse",
        body='''
    return float(np.sum((y_pred - y_true) ** 2) / len(y_pred))
''',
        cause="I divided by len(y_pred), thinking of a vector of predictions; len is the number of rows, "
              "not the number of elements",
        kind="domain",
        probe="mse 2d",
        witness="(3, 4) inputs: divides the sum by 3 rows instead of 12 elements (4 times the loss); "
                "0-d inputs raise TypeError (len() of unsized object)",
    ),
    dict(
        name="ho_mse_grad_shape0",
        target="losses.mse_grad",
        body='''
    n = y_pred.shape[0]
    return 2 * (y_pred - y_true) / n
''',
        cause="I took N as y_pred.shape[0], the batch size, as if predictions were always one column",
        kind="domain",
        probe="mse_grad 2d",
        witness="(3, 4) inputs: gradient 4 times too large (divides by 3, not 12); 0-d inputs raise IndexError",
    ),
    dict(
        name="ho_mse_expanded_square",
        target="losses.mse",
        body='''
    return float(np.mean(y_pred ** 2 - 2 * y_pred * y_true + y_true ** 2))
''',
        cause="I expanded (a - b)^2 into a^2 - 2ab + b^2, which cancels catastrophically when the values "
              "are large and close together",
        kind="domain",
        probe="mse offset 1e8 spread 1e-3",
        witness="y_true = 1e8 + N(0,1), y_pred = y_true + 1e-3 N(0,1): true loss ~1e-6, the expanded square "
                "returns a number of order 1 (every digit lost)",
    ),
    dict(
        name="ho_mse_per_row_then_batch",
        target="losses.mse",
        body='''
    per_sample = np.mean((y_pred - y_true) ** 2, axis=1)
    return float(np.mean(per_sample))
''',
        cause="I wrote it as a per-sample loss over the features (axis=1) averaged over the batch, which "
              "assumes 2-D (N, D) inputs",
        kind="domain",
        probe="mse 1d",
        witness="1-D inputs (6,) and 0-d inputs raise AxisError (axis 1 is out of bounds); 2-D and 3-D are right",
    ),
    dict(
        name="ho_mse_grad_half_convention",
        target="losses.mse_grad",
        body='''
    return (y_pred - y_true) / y_pred.size
''',
        cause="I used the textbook 1/2 * squared error convention for the derivative, so the factor 2 is missing",
        kind="slip",
        probe="mse_grad 1d",
        witness="any input: the gradient is half of 2 (y_pred - y_true) / N",
    ),
    dict(
        name="ho_mse_grad_mean_scalar",
        target="losses.mse_grad",
        body='''
    return np.mean(2 * (y_pred - y_true))
''',
        cause="I took the mean of the per-element derivatives, giving one number instead of one "
              "derivative per prediction",
        kind="slip",
        probe="mse_grad 2d",
        witness="(3, 4) inputs: returns a scalar (shape ()) instead of a (3, 4) array",
    ),
    dict(
        name="ho_mse_sklearn",
        target="losses.mse",
        body='''
    from sklearn.metrics import mean_squared_error
    return float(mean_squared_error(y_true, y_pred))
''',
        cause="I used scikit-learn's mean_squared_error, which is installed in my environment but not in the grader's",
        kind="environment",
        probe="mse 1d",
        witness="in the grader's environment (NumPy and the standard library only) every call raises "
                "ModuleNotFoundError; even with scikit-learn, 0-d inputs raise TypeError and 3-D inputs ValueError",
    ),
    dict(
        name="ho_mse_python_loop",
        target="losses.mse",
        body='''
    total = 0.0
    for a, b in zip(y_pred.ravel(), y_true.ravel()):
        total += (a - b) ** 2
    return float(total / y_pred.size)
''',
        cause="I looped over the elements in Python instead of using whole-array operations",
        kind="slip",
        probe="mse speed 1e6",
        witness="1e6 elements: about 1.2 s against 0.015 s for the reference (right values; the notebook "
                "asks for whole-array operations and the grader times a million elements)",
    ),
]

ALTERNATIVES = [
    dict(
        name="ho_mse_alt_dot",
        target="losses.mse",
        body='''
    d = (y_pred - y_true).ravel()
    return float(d @ d / d.size)
''',
        why="the sum of squares as a dot product of the flattened residuals",
        tested="every probe of the part: shapes (), (1,), (6,), (3, 4), (2, 3, 4), lists, integer dtype, equal "
               "inputs, offset 1e8 with spread 1e-3, a million elements",
    ),
    dict(
        name="ho_mse_alt_square_sum",
        target="losses.mse",
        body='''
    squared = np.square(y_pred - y_true)
    return float(squared.sum() / np.size(y_pred))
''',
        why="np.square and a sum divided by the element count",
        tested="every probe of the part (all promised shapes, lists, ill-conditioned offsets, speed)",
    ),
    dict(
        name="ho_mse_grad_alt_prod_shape",
        target="losses.mse_grad",
        body='''
    n = np.prod(y_pred.shape)
    return (y_pred - y_true) * (2.0 / n)
''',
        why="N from the product of the shape (1 for 0-d), multiplying by 2/N",
        tested="every probe of the part, 0-d to 3-D, lists, integer dtype; returns a float64 array of the "
               "input's shape",
    ),
    dict(
        name="ho_mse_grad_alt_subtract",
        target="losses.mse_grad",
        body='''
    residual = np.subtract(y_pred, y_true)
    grad = 2.0 * residual
    grad /= residual.size
    return grad
''',
        why="in-place division of a fresh array (not of an input)",
        tested="every probe of the part, 0-d to 3-D, lists, equal inputs, a million elements",
    ),
]
