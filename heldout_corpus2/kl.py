"""Held-out mistakes and alternatives for ``kl_divergence`` and its gradient (notebook 03).

Contract: p and q of shape (C,) (one distribution) or (N, C) (mean over rows), non-negative, not
required to sum to 1; sum of p log(p / q) with 0 log 0 = 0 whatever q is; inf where p > 0 and q = 0;
the gradient with respect to q is -p / q (0 where p = 0), divided by N for 2-D.
"""

MISTAKES = [
    dict(
        name="h2_kl_arguments_swapped",
        target="losses.kl_divergence",
        body='''
    rows = 1 if p.ndim == 1 else p.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(q > 0, q * (np.log(q) - np.log(p)), 0.0)
    return float(np.sum(terms) / rows)
''',
        cause="I computed KL(q || p), with the model's distribution as the weights, because the other "
              "losses take the prediction first",
        kind="slip",
        witness="two random 3 x 4 distributions: a different (asymmetric) value",
    ),
    dict(
        name="h2_kl_zero_p_gives_nan",
        target="losses.kl_divergence",
        body='''
    rows = 1 if p.ndim == 1 else p.shape[0]
    return float(np.sum(p * np.log(p / q)) / rows)
''',
        cause="I wrote p log(p / q) directly; where p = 0 it is 0 * log 0 = 0 * -inf = NaN, not 0",
        kind="domain",
        witness="p with zeros ([[0, .5, .5], [1, 0, 0]]): returns NaN instead of 0.586",
    ),
    dict(
        name="h2_kl_log_of_ratio",
        target="losses.kl_divergence",
        body='''
    rows = 1 if p.ndim == 1 else p.shape[0]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        terms = np.where(p > 0, p * np.log(p / q), 0.0)
    return float(np.sum(terms) / rows)
''',
        cause="I took the log of the ratio p / q; for a tiny q (1e-320) the ratio overflows to inf "
              "although log p - log q is an ordinary number",
        kind="domain",
        witness="p = [0.5, 0.5], q = [1e-320, 1]: returns inf instead of 367.72",
    ),
    dict(
        name="h2_kl_mean_over_entries",
        target="losses.kl_divergence",
        body='''
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0)
    return float(np.mean(terms))
''',
        cause="I averaged over every entry; the divergence of a distribution is a sum over its classes, "
              "and only the rows are averaged",
        kind="slip",
        witness="3 x 4 distributions: a quarter of the reference's value (1-D: divided by C)",
    ),
    dict(
        name="h2_kl_rows_from_shape",
        target="losses.kl_divergence",
        body='''
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0)
    return float(np.sum(terms) / p.shape[0])
''',
        cause="I divided by p.shape[0] as the number of rows; a 1-D input is one distribution, and its "
              "shape[0] is the number of classes",
        kind="domain",
        witness="1-D p and q of 4 classes: a quarter of the reference's value; 2-D is right",
    ),
    dict(
        name="h2_kl_grad_zero_over_zero",
        target="losses.kl_divergence_grad",
        body='''
    rows = 1 if p.ndim == 1 else p.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        return -p / q / rows
''',
        cause="I returned -p / q everywhere; where p = 0 and q = 0 that is 0 / 0 = NaN, but the term "
              "p log(p/q) is 0 there, so its gradient is 0",
        kind="domain",
        witness="p = [[0, .4, .6], [.5, .5, 0]], q = [[0, .5, .5], [.3, .7, 0]]: NaN where both are 0 "
                "instead of 0",
    ),
    dict(
        name="h2_kl_grad_with_respect_to_p",
        target="losses.kl_divergence_grad",
        body='''
    rows = 1 if p.ndim == 1 else p.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(p > 0, np.log(p) - np.log(q) + 1.0, 0.0) / rows
''',
        cause="I differentiated with respect to p (log(p / q) + 1) instead of q, the model's "
              "distribution",
        kind="slip",
        witness="two random 3 x 4 distributions: entries log(p/q) + 1 over 3 instead of -p / q over 3",
    ),
    dict(
        name="h2_kl_epsilon_on_q",
        target="losses.kl_divergence",
        body='''
    rows = 1 if p.ndim == 1 else p.shape[0]
    q = np.clip(q, 1e-10, None)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0)
    return float(np.sum(terms) / rows)
''',
        cause="I clipped q at 1e-10 to avoid log(0); the divergence must be infinite where q = 0 and "
              "p > 0, and tiny q values are changed",
        kind="domain",
        witness="p = [0.5, 0.5, 0], q = [0, 1, 0]: returns 10.82 instead of inf",
    ),
    dict(
        name="h2_kl_normalizes_inputs",
        target="losses.kl_divergence",
        body='''
    rows = 1 if p.ndim == 1 else p.shape[0]
    p = p / p.sum(axis=-1, keepdims=True)
    q = q / q.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0)
    return float(np.sum(terms) / rows)
''',
        cause="I normalized p and q to sum to 1 first, to be safe; the function is defined on the arrays "
              "as given, which need not be normalized",
        kind="domain",
        witness="unnormalized rows [[1, 2, 3], [.5, 0, .1]] and [[2, 2, 2], [.1, .2, .3]]: a different "
                "value; normalized inputs are right",
    ),
    dict(
        name="h2_kl_scipy_rel_entr",
        target="losses.kl_divergence",
        body='''
    from scipy.special import rel_entr
    rows = 1 if p.ndim == 1 else p.shape[0]
    return float(np.sum(rel_entr(p, q)) / rows)
''',
        cause="scipy's rel_entr computes p log(p / q) with the 0 log 0 convention, so I used it",
        kind="environment",
        witness="any input, in the grader's environment (NumPy and the standard library only): raises "
                "ModuleNotFoundError for scipy (with scipy it agrees on every case)",
    ),
    dict(
        name="h2_kl_grad_forgot_rows",
        target="losses.kl_divergence_grad",
        body='''
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(p > 0, -p / q, 0.0)
''',
        cause="I forgot that the loss is the mean over rows, so for a batch the gradient must be divided "
              "by N",
        kind="slip",
        witness="3 x 4 distributions: every entry 3 times the reference's; 1-D is right",
    ),
]

ALTERNATIVES = [
    dict(
        name="h2_kl_alt_masked_logs",
        target="losses.kl_divergence",
        body='''
    rows = p.shape[0] if p.ndim == 2 else 1
    log_p = np.log(p, out=np.zeros_like(p), where=p > 0)
    log_q = np.log(q, out=np.full_like(q, -np.inf), where=q > 0)
    with np.errstate(invalid="ignore"):
        terms = np.where(p > 0, p * (log_p - log_q), 0.0)
    return float(terms.sum() / rows)
''',
        why="logs taken only where the argument is positive (out= and where=), -inf for log 0 of q",
        tested="every input of the kl cases (1-D, 2-D, one row, lists, int lists, zeros in p, zeros in "
               "both, q = 0 under p > 0 in 1-D and 2-D, q = 1e-320, p = 1e-320, unnormalized rows, p = "
               "q): same float to 1e-10, inf where the reference is inf",
    ),
    dict(
        name="h2_kl_alt_boolean_index",
        target="losses.kl_divergence",
        body='''
    n = len(p) if p.ndim > 1 else 1
    keep = p > 0
    with np.errstate(divide="ignore"):
        total = np.sum(p[keep] * (np.log(p[keep]) - np.log(q[keep])))
    return float(total / n)
''',
        why="only the p > 0 entries are selected and summed",
        tested="every input of the kl cases: same float to 1e-10",
    ),
    dict(
        name="h2_kl_alt_grad_fill",
        target="losses.kl_divergence_grad",
        body='''
    grad = np.zeros_like(q)
    positive = p > 0
    with np.errstate(divide="ignore", over="ignore"):
        grad[positive] = -p[positive] / q[positive]
    if p.ndim == 2:
        grad /= p.shape[0]
    return grad
''',
        why="fills -p/q only where p > 0 into a zero array, divides in place for a batch",
        tested="every input of the kl cases: same shape, dtype float64, values (-inf where q = 0 < p, 0 "
               "where p = 0)",
    ),
]

WITNESS_CASES = {
    "h2_kl_arguments_swapped": "kl_divergence/2d",
    "h2_kl_zero_p_gives_nan": "kl_divergence/p-zeros",
    "h2_kl_log_of_ratio": "kl_divergence/tiny-q",
    "h2_kl_mean_over_entries": "kl_divergence/2d",
    "h2_kl_rows_from_shape": "kl_divergence/1d",
    "h2_kl_grad_zero_over_zero": "kl_divergence_grad/p-and-q-zero",
    "h2_kl_grad_with_respect_to_p": "kl_divergence_grad/2d",
    "h2_kl_epsilon_on_q": "kl_divergence/q-zero-p-positive",
    "h2_kl_normalizes_inputs": "kl_divergence/unnormalized",
    "h2_kl_scipy_rel_entr": "kl_divergence/2d",
    "h2_kl_grad_forgot_rows": "kl_divergence_grad/2d",
}
