"""Held-out mistakes and alternatives for ``mse`` and ``mse_grad`` (notebook 00).

Contract: y_pred and y_true of any shape S (0-d to 3-D, lists), float64 after the provided lines;
``mse`` is a Python float, the mean over all elements; ``mse_grad`` is 2 (y_pred - y_true) / N
shaped like y_pred.
"""

MISTAKES = [
    dict(
        name="h2_mse_mean_over_rows_only",
        target="losses.mse",
        body='''
    return np.mean((y_pred - y_true) ** 2, axis=0)
''',
        cause="I averaged over the examples (axis 0) because each row is one example, so a 2-D batch "
              "gives one mean per column, and a 0-d input has no axis 0",
        kind="domain",
        witness="2-D (4, 3) inputs: returns an array of shape (3,) (one mean per column) instead of a "
                "float; 0-d inputs raise AxisError; 1-D inputs are right",
    ),
    dict(
        name="h2_mse_expanded_square",
        target="losses.mse",
        body='''
    return float(np.mean(y_pred ** 2 - 2 * y_pred * y_true + y_true ** 2))
''',
        cause="I expanded (a - b)^2 into a^2 - 2ab + b^2, which is the same on paper but loses every "
              "digit when predictions and targets are large and close",
        kind="domain",
        witness="1-D inputs of 20 values around 1e8 with residuals of about 1e-3: returns 0.0 (the "
                "digits cancel) instead of about 2.05e-6",
    ),
    dict(
        name="h2_mse_sklearn",
        target="losses.mse",
        body='''
    from sklearn.metrics import mean_squared_error
    return float(mean_squared_error(y_true, y_pred))
''',
        cause="scikit-learn is installed in my environment, so I used its mean_squared_error instead of "
              "writing the mean myself",
        kind="environment",
        witness="any input, in the grader's environment (NumPy and the standard library only): raises "
                "ModuleNotFoundError for sklearn (where sklearn exists it also fails on 0-d and 3-D inputs)",
    ),
    dict(
        name="h2_mse_grad_no_two",
        target="losses.mse_grad",
        body='''
    return (y_pred - y_true) / y_pred.size
''',
        cause="I differentiated (y_pred - y_true)^2 to (y_pred - y_true) and forgot the factor 2 from the "
              "square",
        kind="slip",
        witness="1-D random inputs: every entry is half the reference's",
    ),
    dict(
        name="h2_mse_grad_len",
        target="losses.mse_grad",
        body='''
    return 2 * (y_pred - y_true) / len(y_pred)
''',
        cause="I divided by len(y_pred), thinking N is the number of examples, but the mean runs over "
              "all elements (and a 0-d array has no len)",
        kind="domain",
        witness="2-D (4, 3) inputs: every entry is 3 times the reference's (divided by 4 instead of 12); "
                "0-d inputs raise TypeError",
    ),
    dict(
        name="h2_mse_grad_mean_of_grad",
        target="losses.mse_grad",
        body='''
    return np.mean(2 * (y_pred - y_true))
''',
        cause="I thought the gradient of a mean is the mean of the per-element gradients, so I returned "
              "one number instead of one entry per prediction",
        kind="slip",
        witness="1-D inputs of 7 values: returns one float64 scalar (shape ()) instead of an array of "
                "shape (7,)",
    ),
    dict(
        name="h2_mse_grad_reversed",
        target="losses.mse_grad",
        body='''
    return 2.0 * (y_true - y_pred) / y_pred.size
''',
        cause="I subtracted in the wrong order (target minus prediction), which flips the sign of the "
              "gradient",
        kind="slip",
        witness="1-D random inputs: every entry has the opposite sign of the reference's",
    ),
]

ALTERNATIVES = [
    dict(
        name="h2_mse_alt_dot",
        target="losses.mse",
        body='''
    d = (y_pred - y_true).ravel()
    return float(np.dot(d, d) / d.size)
''',
        why="the sum of squares as a dot product of the flattened residuals, divided by the element count",
        tested="every input of the mse cases (0-d, Python floats, 1-D, 2-D, (N, 1), square, 3-D, nested "
               "and int lists, exact ties, all equal, mixed signs, a 1e8 offset, 1e200 and 1e-200 "
               "residuals): same float to 1e-10",
    ),
    dict(
        name="h2_mse_alt_square_sum",
        target="losses.mse",
        body='''
    squared = np.square(y_pred - y_true)
    return float(squared.sum() / squared.size)
''',
        why="np.square and an explicit sum over the size instead of np.mean",
        tested="every input of the mse cases: same float to 1e-10",
    ),
    dict(
        name="h2_mse_alt_grad_scaled",
        target="losses.mse_grad",
        body='''
    n = np.size(y_pred)
    return np.multiply(y_pred - y_true, 2.0 / n)
''',
        why="multiplies by the constant 2/N instead of dividing; np.size works for 0-d",
        tested="every input of the mse cases: same shape, dtype float64, values to 1e-10",
    ),
]

WITNESS_CASES = {
    "h2_mse_mean_over_rows_only": "mse/2d",
    "h2_mse_expanded_square": "mse/large-offset",
    "h2_mse_sklearn": "mse/1d",
    "h2_mse_grad_no_two": "mse_grad/1d",
    "h2_mse_grad_len": "mse_grad/2d",
    "h2_mse_grad_mean_of_grad": "mse_grad/1d",
    "h2_mse_grad_reversed": "mse_grad/1d",
}
