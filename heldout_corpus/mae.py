"""Held-out mistakes and alternatives for ``mae`` and ``mae_grad`` (see README.md)."""

MISTAKES = [
    dict(
        name="ho_mae_grad_where_positive",
        target="losses.mae_grad",
        body='''
    d = y_pred - y_true
    return np.where(d > 0, 1.0, -1.0) / d.size
''',
        cause="I wrote the sign as +1 where the residual is positive and -1 otherwise, so an exact "
              "prediction gets pushed down instead of getting 0",
        kind="domain",
        probe="mae_grad exact ties",
        witness="y_pred - y_true = [0, 2, 0, -1, 0, 6]: the exact predictions get -1/6 instead of 0",
    ),
    dict(
        name="ho_mae_grad_divide_by_abs",
        target="losses.mae_grad",
        body='''
    d = y_pred - y_true
    return d / np.abs(d) / d.size
''',
        cause="I computed the sign as d / |d|, which is 0/0 = NaN where the prediction is exact",
        kind="domain",
        probe="mae_grad exact ties",
        witness="residuals with exact zeros: NaN at those elements instead of 0 (and an all-equal input is all NaN)",
    ),
    dict(
        name="ho_mae_abs_of_mean",
        target="losses.mae",
        body='''
    return float(np.abs(np.mean(y_pred - y_true)))
''',
        cause="I took the absolute value of the mean residual instead of the mean of the absolute residuals, "
              "so errors of opposite sign cancel",
        kind="slip",
        probe="mae opposite residuals",
        witness="residuals [1, -1]: returns 0.0 instead of 1.0",
    ),
    dict(
        name="ho_mae_grad_sign_flipped",
        target="losses.mae_grad",
        body='''
    return np.sign(y_true - y_pred) / y_pred.size
''',
        cause="I differentiated |y_true - y_pred| with respect to y_true's side, so the sign is flipped",
        kind="slip",
        probe="mae_grad 1d",
        witness="any input with a nonzero residual: the gradient has the opposite sign",
    ),
    dict(
        name="ho_mae_grad_len",
        target="losses.mae_grad",
        body='''
    return np.sign(y_pred - y_true) / len(y_pred)
''',
        cause="I divided by len(y_pred), the number of rows, instead of the number of elements",
        kind="domain",
        probe="mae_grad 2d",
        witness="(3, 4) inputs: gradient entries of size 1/3 instead of 1/12; 0-d inputs raise TypeError",
    ),
    dict(
        name="ho_mae_root_mean_square",
        target="losses.mae",
        body='''
    d = y_pred - y_true
    return float(np.sqrt(np.mean(d * d)))
''',
        cause="I mixed up the mean absolute error with the root mean squared error (|d| = sqrt(d^2) "
              "element by element, but I took the square root of the mean)",
        kind="slip",
        probe="mae exact ties",
        witness="residuals [0, 2, 0, -1, 0, 6]: returns sqrt(41/6) = 2.61 instead of 9/6 = 1.5 (equal only when "
                "all |residuals| are equal, as in the [1, -1] probe)",
    ),
    dict(
        name="ho_mae_sklearn",
        target="losses.mae",
        body='''
    from sklearn.metrics import mean_absolute_error
    return float(mean_absolute_error(y_true.reshape(y_true.shape[0], -1), y_pred.reshape(y_pred.shape[0], -1)))
''',
        cause="I used scikit-learn's mean_absolute_error (flattening to 2-D first), which the grader's "
              "environment does not have",
        kind="environment",
        probe="mae 2d",
        witness="in the grader's environment every call raises ModuleNotFoundError (with scikit-learn present, "
                "0-d inputs also raise IndexError)",
    ),
]

ALTERNATIVES = [
    dict(
        name="ho_mae_alt_abs_sum",
        target="losses.mae",
        body='''
    total = np.abs(y_pred - y_true).sum()
    return float(total / y_pred.size)
''',
        why="sum of absolute residuals divided by the element count",
        tested="every probe of the part: shapes () to 3-D, lists, exact ties, all equal, opposite residuals, "
               "1e6 elements",
    ),
    dict(
        name="ho_mae_grad_alt_two_masks",
        target="losses.mae_grad",
        body='''
    d = y_pred - y_true
    grad = (d > 0).astype(np.float64) - (d < 0).astype(np.float64)
    return grad / d.size
''',
        why="the sign built from two comparisons, which is exactly 0 at ties",
        tested="every probe of the part, including exact ties and all-equal inputs, 0-d to 3-D",
    ),
    dict(
        name="ho_mae_grad_alt_copysign_where",
        target="losses.mae_grad",
        body='''
    d = y_pred - y_true
    n = d.size
    return np.where(d == 0, 0.0, np.copysign(1.0 / n, d))
''',
        why="copysign of 1/N with 0 chosen explicitly at ties",
        tested="every probe of the part, including exact ties, 0-d to 3-D, lists",
    ),
]
