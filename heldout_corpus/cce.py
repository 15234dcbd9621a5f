"""Held-out mistakes and alternatives for ``categorical_cross_entropy`` and its gradient."""

MISTAKES = [
    dict(
        name="ho_cce_indexes_raw_labels",
        target="losses.categorical_cross_entropy",
        body='''
    n, c = logits.shape
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    picked = log_probs[np.arange(n), y]
    return float(-np.mean((1 - eps) * picked + eps * log_probs.mean(axis=1)))
''',
        cause="I indexed the log-probabilities with y as integer labels (smoothing by the usual formula) and "
              "ignored the provided target, so probability targets and float labels break",
        kind="domain",
        probe="categorical_cross_entropy probability rows",
        witness="y given as (N, C) probability rows: IndexError instead of a loss; float labels [0., 3., ...] "
                "also raise IndexError",
    ),
    dict(
        name="ho_cce_mean_over_all",
        target="losses.categorical_cross_entropy",
        body='''
    target = (1.0 - eps) * target + eps / logits.shape[1]
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return float(-np.mean(target * log_probs))
''',
        cause="I used np.mean over the (N, C) array, which divides by N * C instead of N",
        kind="slip",
        probe="categorical_cross_entropy labels",
        witness="(5, 4) logits: the loss is 4 times too small; right only for C = 1",
    ),
    dict(
        name="ho_cce_smoothing_over_others",
        target="losses.categorical_cross_entropy",
        body='''
    c = logits.shape[1]
    target = np.where(target == 1.0, 1.0 - eps, eps / (c - 1))
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return float(-np.sum(target * log_probs) / logits.shape[0])
''',
        cause="I smoothed by giving 1 - eps to the true class and spreading eps over the C - 1 others, not "
              "PyTorch's (1 - eps) t + eps / C",
        kind="slip",
        probe="categorical_cross_entropy labels eps=0.1",
        witness="label_smoothing = 0.1 with labels: a different loss (true class gets 0.9, not 0.925); with "
                "eps = 0 and one-hot targets it is right, probability rows break even at eps = 0",
    ),
    dict(
        name="ho_cce_unstable_log",
        target="losses.categorical_cross_entropy",
        body='''
    target = (1.0 - eps) * target + eps / logits.shape[1]
    probs = np.exp(logits) / np.sum(np.exp(logits), axis=1, keepdims=True)
    return float(-np.sum(target * np.log(probs)) / logits.shape[0])
''',
        cause="I computed the softmax without the max shift and then took its log, so large logits "
              "overflow and small probabilities give log(0)",
        kind="domain",
        probe="categorical_cross_entropy extreme logits",
        witness="logits [[1000, 0, -1000], [0, 0, 800]] with labels [2, 0]: NaN instead of 1400.0 (exp(1000) "
                "overflows)",
    ),
    dict(
        name="ho_cce_grad_unsmoothed",
        target="losses.categorical_cross_entropy_grad",
        body='''
    e = np.exp(logits - np.max(logits, axis=1, keepdims=True))
    probs = e / np.sum(e, axis=1, keepdims=True)
    return (probs - target) / logits.shape[0]
''',
        cause="I applied the label smoothing in the loss but forgot it in the gradient",
        kind="second-output",
        probe="categorical_cross_entropy_grad labels eps=0.1",
        witness="label_smoothing = 0.1: the gradient of the unsmoothed loss (off by eps (t - 1/C) / N); right "
                "at eps = 0",
    ),
    dict(
        name="ho_cce_grad_no_batch_mean",
        target="losses.categorical_cross_entropy_grad",
        body='''
    target = (1.0 - eps) * target + eps / logits.shape[1]
    e = np.exp(logits - np.max(logits, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True) - target
''',
        cause="I returned softmax minus target per row and forgot the 1/N of the batch mean",
        kind="slip",
        probe="categorical_cross_entropy_grad labels",
        witness="(5, 4) logits: the gradient is 5 times too large; right only for N = 1",
    ),
    dict(
        name="ho_cce_grad_global_shift",
        target="losses.categorical_cross_entropy_grad",
        body='''
    target = (1.0 - eps) * target + eps / logits.shape[1]
    e = np.exp(logits - logits.max())
    return (e / e.sum(axis=1, keepdims=True) - target) / logits.shape[0]
''',
        cause="I shifted by the maximum over the whole batch instead of each row's maximum, so a row far below "
              "it underflows to 0 / 0",
        kind="domain",
        probe="categorical_cross_entropy_grad rows of different scale",
        witness="logits [[0, 1, 2], [1000, 1001, 999]]: the first row underflows to 0 / 0 = NaN",
    ),
    dict(
        name="ho_cce_scipy_logsumexp",
        target="losses.categorical_cross_entropy",
        body='''
    from scipy.special import logsumexp
    target = (1.0 - eps) * target + eps / logits.shape[1]
    log_probs = logits - logsumexp(logits, axis=1, keepdims=True)
    return float(-np.sum(target * log_probs) / logits.shape[0])
''',
        cause="I used scipy.special.logsumexp, which the grader's environment does not have",
        kind="environment",
        probe="categorical_cross_entropy labels",
        witness="in the grader's environment every call raises ModuleNotFoundError (with SciPy present it agrees)",
    ),
]

ALTERNATIVES = [
    dict(
        name="ho_cce_alt_own_log_softmax",
        target="losses.categorical_cross_entropy",
        body='''
    c = logits.shape[1]
    smoothed = target * (1.0 - eps) + eps / c
    return float(-(smoothed * log_softmax(logits)).sum(axis=1).mean())
''',
        why="uses the module's own log_softmax, as the docstring allows, and a mean of per-row sums",
        tested="every probe of the part: integer, float and list labels, probability and one-hot rows, N = 1, "
               "C = 1, N = C, extreme logits, offset 1e4, label_smoothing 0, 0.1 and 1",
    ),
    dict(
        name="ho_cce_alt_lse_minus_weighted",
        target="losses.categorical_cross_entropy",
        body='''
    n, c = logits.shape
    t = (1.0 - eps) * target + eps / c
    m = logits.max(axis=1)
    lse = m + np.log(np.exp(logits - m[:, None]).sum(axis=1))
    # sum_c t_c (lse - z_c) = lse - sum_c t_c z_c, since each row of t sums to 1
    return float(np.sum(lse - np.sum(t * logits, axis=1)) / n)
''',
        why="uses that each target row sums to 1: loss = log-sum-exp minus the target-weighted logit",
        tested="every probe of the part (including probability rows, whose sums are 1 within 1e-6 as validated)",
    ),
    dict(
        name="ho_cce_grad_alt_own_softmax",
        target="losses.categorical_cross_entropy_grad",
        body='''
    n, c = logits.shape
    smoothed = (1.0 - eps) * target + eps / c
    return (softmax(logits) - smoothed) / n
''',
        why="uses the module's own softmax",
        tested="every probe of the part, every target form and smoothing, extreme logits",
    ),
]
