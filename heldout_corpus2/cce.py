"""Held-out mistakes and alternatives for ``categorical_cross_entropy`` and its gradient.

Contract: logits (N, C); the provided lines give ``target`` (N, C) (one-hot rows for labels of any
integer or whole-float dtype, or the given probability rows, which need only sum to 1 within 1e-6)
and ``eps``; smoothed target (1 - eps) t + eps / C; loss -sum t log softmax / N; gradient
(softmax - t) / N; stable for any finite logits.
"""

MISTAKES = [
    dict(
        name="h2_cce_smoothing_spread_over_others",
        target="losses.categorical_cross_entropy",
        body='''
    c = logits.shape[1]
    target = target * (1.0 - eps) + (1.0 - target) * eps / (c - 1)
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return float(-np.sum(target * log_probs) / logits.shape[0])
''',
        cause="I gave the true class 1 - eps and shared eps among the other C - 1 classes; PyTorch "
              "mixes the whole row with the uniform distribution, eps / C to every class",
        kind="slip",
        witness="labels with label_smoothing = 0.1, C = 4: the true class gets 0.9 instead of 0.925 "
                "(loss differs); eps = 0 is right (and C = 1 divides by zero)",
    ),
    dict(
        name="h2_cce_mean_over_classes_too",
        target="losses.categorical_cross_entropy",
        body='''
    target = (1.0 - eps) * target + eps / logits.shape[1]
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return float(-np.mean(target * log_probs))
''',
        cause="I used np.mean over the (N, C) array, which divides by N * C; the loss is the sum over "
              "classes averaged over rows",
        kind="slip",
        witness="labels, N = 5, C = 4: the loss is a quarter of the reference's",
    ),
    dict(
        name="h2_cce_true_class_column_only",
        target="losses.categorical_cross_entropy",
        body='''
    n = logits.shape[0]
    labels = np.argmax(target, axis=1)
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return float(-np.mean(log_probs[np.arange(n), labels]))
''',
        cause="I recovered the labels from the one-hot target and took minus the log-probability of the "
              "true class, which ignores soft targets and label smoothing",
        kind="domain",
        witness="probability rows (Dirichlet) as targets: uses only each row's largest entry, value "
                "differs; also labels with label_smoothing = 0.1 give the unsmoothed value",
    ),
    dict(
        name="h2_cce_log_of_softmax",
        target="losses.categorical_cross_entropy",
        body='''
    target = (1.0 - eps) * target + eps / logits.shape[1]
    e = np.exp(logits - np.max(logits, axis=1, keepdims=True))
    probs = e / np.sum(e, axis=1, keepdims=True)
    return float(-np.sum(target * np.log(probs)) / logits.shape[0])
''',
        cause="I computed the probabilities with a stable softmax and then took their log; a probability "
              "that underflows to 0 gives log 0 = -inf, and 0 * -inf = NaN even where the target is 0",
        kind="domain",
        witness="logits [[0, -1000, 2], [1, 1, -800]], labels [0, 1]: returns NaN instead of 1.410",
    ),
    dict(
        name="h2_cce_assumes_rows_sum_to_one",
        target="losses.categorical_cross_entropy",
        body='''
    target = (1.0 - eps) * target + eps / logits.shape[1]
    m = np.max(logits, axis=1)
    lse = m + np.log(np.sum(np.exp(logits - m[:, None]), axis=1))
    return float(np.mean(lse - np.sum(target * logits, axis=1)))
''',
        cause="I used CE = logsumexp(z) - sum t z, which assumes every target row sums to exactly 1; "
              "probability rows only have to sum to 1 within 1e-6",
        kind="domain",
        witness="Dirichlet probability rows scaled by 1 - 5e-7 (allowed: within 1e-6 of 1): 2.6243412 "
                "instead of 2.6243402 (off by 5e-7 * logsumexp); exact rows are right",
    ),
    dict(
        name="h2_cce_grad_unsmoothed",
        target="losses.categorical_cross_entropy_grad",
        body='''
    e = np.exp(logits - np.max(logits, axis=1, keepdims=True))
    return (e / np.sum(e, axis=1, keepdims=True) - target) / logits.shape[0]
''',
        cause="I smoothed the target in the loss but forgot to do it in the gradient",
        kind="slip",
        witness="labels with label_smoothing = 0.1: every entry differs by eps (1/C - t) / N; eps = 0 "
                "is right",
    ),
    dict(
        name="h2_cce_grad_cs231n_labels",
        target="losses.categorical_cross_entropy_grad",
        body='''
    n = logits.shape[0]
    e = np.exp(logits - np.max(logits, axis=1, keepdims=True))
    probs = e / np.sum(e, axis=1, keepdims=True)
    probs[np.arange(n), y] -= 1
    return probs / n
''',
        cause="I wrote the CS231n gradient that subtracts 1 at each row's label, using y directly; "
              "it ignores label smoothing and cannot handle probability targets (or labels given as "
              "whole floats)",
        kind="domain",
        witness="labels with label_smoothing = 0.1: the unsmoothed gradient; probability-row targets "
                "raise IndexError",
    ),
    dict(
        name="h2_cce_grad_unshifted",
        target="losses.categorical_cross_entropy_grad",
        body='''
    target = (1.0 - eps) * target + eps / logits.shape[1]
    e = np.exp(logits)
    return (e / np.sum(e, axis=1, keepdims=True) - target) / logits.shape[0]
''',
        cause="I did not subtract each row's maximum before exponentiating; logits above 709 overflow "
              "and inf / inf gives NaN",
        kind="domain",
        witness="logits 1000 * [[1, 0, -1], [0, 2, 1]]: NaN entries instead of finite gradients",
    ),
    dict(
        name="h2_cce_scipy_logsumexp",
        target="losses.categorical_cross_entropy",
        body='''
    from scipy.special import logsumexp
    target = (1.0 - eps) * target + eps / logits.shape[1]
    log_probs = logits - logsumexp(logits, axis=1, keepdims=True)
    return float(-np.sum(target * log_probs) / logits.shape[0])
''',
        cause="I used scipy's logsumexp, which is installed in my environment",
        kind="environment",
        witness="any input, in the grader's environment (NumPy and the standard library only): raises "
                "ModuleNotFoundError for scipy",
    ),
]

ALTERNATIVES = [
    dict(
        name="h2_cce_alt_own_log_softmax",
        target="losses.categorical_cross_entropy",
        body='''
    smoothed = (1.0 - eps) * target + eps / logits.shape[1]
    per_row = -np.sum(smoothed * log_softmax(logits), axis=1)
    return float(per_row.mean())
''',
        why="calls the module's log_softmax (allowed by the docstring) and averages per-row losses",
        tested="every input of the cce cases (labels as int64, int32, lists and whole floats; one-hot and "
               "Dirichlet probability rows, rows summing to 1 - 5e-7; eps 0, 0.1, 0.2, 0.3, 1; one row, "
               "one class, square; logits around 1000, a 1000 gap, a 1e6 offset): same float to 1e-10 "
               "(1e-8 at the 1e6 offset)",
    ),
    dict(
        name="h2_cce_alt_einsum",
        target="losses.categorical_cross_entropy",
        body='''
    n, c = logits.shape
    t = target * (1.0 - eps) + eps / c
    shifted = logits - logits.max(axis=1)[:, None]
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1))[:, None]
    return -float(np.einsum("ij,ij->", t, log_probs)) / n
''',
        why="the double sum as an einsum, [:, None] instead of keepdims",
        tested="every input of the cce cases: same float to 1e-10",
    ),
    dict(
        name="h2_cce_alt_grad_own_softmax",
        target="losses.categorical_cross_entropy_grad",
        body='''
    n, c = logits.shape
    return (softmax(logits) - ((1.0 - eps) * target + eps / c)) / n
''',
        why="the module's own softmax minus the smoothed target",
        tested="every input of the cce cases: same shape, dtype float64, values to 1e-10",
    ),
    dict(
        name="h2_cce_alt_grad_exp_log_probs",
        target="losses.categorical_cross_entropy_grad",
        body='''
    n, c = logits.shape
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    smoothed = target - eps * (target - 1.0 / c)
    return (np.exp(log_probs) - smoothed) * (1.0 / n)
''',
        why="probabilities as exp of log-probabilities; the smoothing written as t - eps (t - 1/C)",
        tested="every input of the cce cases: same shape, dtype float64, values to 1e-10",
    ),
]

WITNESS_CASES = {
    "h2_cce_smoothing_spread_over_others": "categorical_cross_entropy/labels-smooth-0.1",
    "h2_cce_mean_over_classes_too": "categorical_cross_entropy/labels",
    "h2_cce_true_class_column_only": "categorical_cross_entropy/probs",
    "h2_cce_log_of_softmax": "categorical_cross_entropy/underflowing-class",
    "h2_cce_assumes_rows_sum_to_one": "categorical_cross_entropy/probs-sum-off-by-5e-7",
    "h2_cce_grad_unsmoothed": "categorical_cross_entropy_grad/labels-smooth-0.1",
    "h2_cce_grad_cs231n_labels": "categorical_cross_entropy_grad/labels-smooth-0.1",
    "h2_cce_grad_unshifted": "categorical_cross_entropy_grad/large-logits",
    "h2_cce_scipy_logsumexp": "categorical_cross_entropy/labels",
}
