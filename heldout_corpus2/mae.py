"""Held-out mistakes and alternatives for ``mae`` and ``mae_grad`` (notebook 01).

Contract: any shape S; ``mae`` the mean of abs(y_pred - y_true) as a float; ``mae_grad`` is
sign(y_pred - y_true) / N with 0 where they are equal (PyTorch's ``F.l1_loss``).
"""

MISTAKES = [
    dict(
        name="h2_mae_grad_plus_one_at_zero",
        target="losses.mae_grad",
        body='''
    d = y_pred - y_true
    return np.where(d >= 0, 1.0, -1.0) / d.size
''',
        cause="I wrote the sign as +1 for d >= 0 and -1 otherwise, so an exact prediction still gets "
              "pushed (the subgradient at 0 must be 0)",
        kind="domain",
        witness="1-D inputs with exact ties (y_pred == y_true at 3 of 6 places): 1/6 at the ties "
                "instead of 0",
    ),
    dict(
        name="h2_mae_grad_ratio",
        target="losses.mae_grad",
        body='''
    d = y_pred - y_true
    return d / np.abs(d) / d.size
''',
        cause="I computed the sign as d / |d|, which is 0/0 = NaN where a prediction is exactly right",
        kind="domain",
        witness="1-D inputs with exact ties: NaN at the ties instead of 0 (and a RuntimeWarning)",
    ),
    dict(
        name="h2_mae_abs_of_mean",
        target="losses.mae",
        body='''
    return float(np.abs(np.mean(y_pred - y_true)))
''',
        cause="I put the absolute value outside the mean, so positive and negative errors cancel",
        kind="slip",
        witness="1-D residuals [3, -3, 0.2, -0.2, 10, -10]: returns 0.0 instead of 4.4",
    ),
    dict(
        name="h2_mae_grad_no_mean",
        target="losses.mae_grad",
        body='''
    return np.sign(y_pred - y_true)
''',
        cause="I returned the derivative of |d| for each element and forgot that the loss is a mean, "
              "so every entry must be divided by N",
        kind="slip",
        witness="1-D random inputs of 7 values: entries are +-1 instead of +-1/7",
    ),
    dict(
        name="h2_mae_divide_by_len",
        target="losses.mae",
        body='''
    return float(np.sum(np.abs(y_pred - y_true)) / len(y_pred))
''',
        cause="I divided the sum by len(y_pred), the number of rows, thinking of a 1-D batch; the mean "
              "is over all elements, and a 0-d array has no len",
        kind="domain",
        witness="2-D (4, 3) inputs: 3 times the reference (sum / 4 instead of sum / 12); 0-d inputs raise "
                "TypeError",
    ),
    dict(
        name="h2_mae_sqrt_of_square",
        target="losses.mae",
        body='''
    d = y_pred - y_true
    return float(np.mean(np.sqrt(d * d)))
''',
        cause="I wrote |d| as sqrt(d^2), which overflows for residuals above 1e154 and underflows to 0 "
              "for residuals below 1e-162",
        kind="domain",
        witness="residuals [1e200, -3e200, 1]: returns inf instead of 1.33e200; residuals [1e-200, "
                "-2e-200]: returns 0.0 instead of 1.5e-200",
    ),
    dict(
        name="h2_mae_grad_target_minus_pred",
        target="losses.mae_grad",
        body='''
    return np.sign(y_true - y_pred) / y_true.size
''',
        cause="I took the residual as target minus prediction, so the gradient points the wrong way",
        kind="slip",
        witness="1-D random inputs: every nonzero entry has the opposite sign",
    ),
]

ALTERNATIVES = [
    dict(
        name="h2_mae_alt_sum_over_size",
        target="losses.mae",
        body='''
    absolute = np.abs(y_pred - y_true)
    return float(absolute.sum() / absolute.size)
''',
        why="an explicit sum divided by the element count",
        tested="every input of the mae cases (0-d, Python floats, 1-D, 2-D, (N, 1), square, 3-D, nested "
               "and int lists, exact ties, all equal, mixed signs, a 1e8 offset, 1e200 and 1e-200 "
               "residuals): same float to 1e-10",
    ),
    dict(
        name="h2_mae_alt_max_of_both",
        target="losses.mae",
        body='''
    d = y_pred - y_true
    return float(np.mean(np.maximum(d, -d)))
''',
        why="|d| as the larger of d and -d",
        tested="every input of the mae cases: same float to 1e-10",
    ),
    dict(
        name="h2_mae_alt_grad_comparisons",
        target="losses.mae_grad",
        body='''
    d = y_pred - y_true
    sign = (d > 0).astype(np.float64) - (d < 0).astype(np.float64)
    return sign / d.size
''',
        why="the sign built from two comparisons, 0 where the residual is exactly 0",
        tested="every input of the mae cases: same shape, dtype float64 and values (0 at exact ties)",
    ),
    dict(
        name="h2_mae_alt_grad_nested_where",
        target="losses.mae_grad",
        body='''
    d = y_pred - y_true
    n = d.size
    return np.where(d > 0, 1.0 / n, np.where(d < 0, -1.0 / n, 0.0))
''',
        why="a nested np.where with the 1/N folded into each branch",
        tested="every input of the mae cases: same shape, dtype float64 and values",
    ),
]

WITNESS_CASES = {
    "h2_mae_grad_plus_one_at_zero": "mae_grad/exact-ties",
    "h2_mae_grad_ratio": "mae_grad/exact-ties",
    "h2_mae_abs_of_mean": "mae/mixed-signs",
    "h2_mae_grad_no_mean": "mae_grad/1d",
    "h2_mae_divide_by_len": "mae/2d",
    "h2_mae_sqrt_of_square": "mae/huge-residual",
    "h2_mae_grad_target_minus_pred": "mae_grad/1d",
}
