"""Held-out mistakes and alternatives for ``binary_cross_entropy`` and its gradient (notebook 02).

Contract: p in [0, 1] (0 and 1 included), y in [0, 1] (hard or soft), any shape; each log clamped
at -100 (PyTorch); the gradient (p - y) / max(p (1 - p), 1e-12) / N. The provided lines already
reject p or y outside [0, 1].
"""

MISTAKES = [
    dict(
        name="h2_bce_no_clamp",
        target="losses.binary_cross_entropy",
        body='''
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
''',
        cause="I wrote the textbook formula without clamping the logs at -100, so p = 0 or p = 1 gives "
              "log(0) = -inf, and 0 * -inf = NaN when the label agrees",
        kind="domain",
        witness="p = [0, 1], y = [0, 1] (both right): returns NaN instead of 0.0; p = [0], y = [1]: inf "
                "instead of 100.0",
    ),
    dict(
        name="h2_bce_keras_epsilon_clip",
        target="losses.binary_cross_entropy",
        body='''
    eps = 1e-7
    p = np.clip(p, eps, 1 - eps)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
''',
        cause="I clipped p to [1e-7, 1 - 1e-7] as Keras does, instead of clamping each log at -100, so "
              "a confident wrong answer costs 16.1 instead of 100 and probabilities below 1e-7 are changed",
        kind="domain",
        witness="p = [0], y = [1]: returns 16.118 instead of 100.0",
    ),
    dict(
        name="h2_bce_log_one_minus_p",
        target="losses.binary_cross_entropy",
        body='''
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), -100.0)
        log_1mp = np.maximum(np.log(1.0 - p), -100.0)
    return float(np.mean(-(y * log_p + (1.0 - y) * log_1mp)))
''',
        cause="I computed log(1 - p) as np.log(1 - p) instead of np.log1p(-p); 1 - p rounds to 1 for "
              "tiny p, so the small loss of a confident right negative becomes exactly 0",
        kind="domain",
        witness="p = [1e-20, 3e-18], y = [0, 0]: returns 0.0 instead of 1.5e-18",
    ),
    dict(
        name="h2_bce_hard_labels_only",
        target="losses.binary_cross_entropy",
        body='''
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), -100.0)
        log_1mp = np.maximum(np.log1p(-p), -100.0)
    return float(np.mean(np.where(y == 1, -log_p, -log_1mp)))
''',
        cause="I picked -log p for positive labels and -log(1 - p) for the others, which is only right "
              "for labels 0 and 1; soft targets are allowed and need both terms",
        kind="domain",
        witness="2-D soft targets y in (0, 1): every element uses -log(1 - p) only (value differs); hard "
                "labels are right",
    ),
    dict(
        name="h2_bce_grad_no_floor",
        target="losses.binary_cross_entropy_grad",
        body='''
    return (p - y) / (p * (1.0 - p)) / p.size
''',
        cause="I wrote the simplified gradient without keeping the denominator away from 0, so p = 0 or "
              "p = 1 divides by zero",
        kind="domain",
        witness="p = [0, 1], y = [0, 1]: NaN (0/0) instead of 0.0; p = [0], y = [1]: -inf instead of -1e12",
    ),
    dict(
        name="h2_bce_grad_epsilon_added",
        target="losses.binary_cross_entropy_grad",
        body='''
    return (p - y) / (p * (1.0 - p) + 1e-12) / p.size
''',
        cause="I added 1e-12 to the denominator to avoid dividing by zero, instead of taking the larger "
              "of the two; for small p(1 - p) the added epsilon changes the value",
        kind="domain",
        witness="p = [1e-6, 1e-4, 0.5, 1 - 1e-6], y = [1, 0, 1, 0]: the entries at p = 1e-6 and "
                "1 - 1e-6 are off by 1e-6 relative (-249999.75 instead of -250000), at 1e-4 by 1e-8",
    ),
    dict(
        name="h2_bce_grad_clip_p",
        target="losses.binary_cross_entropy_grad",
        body='''
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return (p - y) / (p * (1 - p)) / p.size
''',
        cause="I clipped p into [1e-12, 1 - 1e-12] before the formula instead of flooring the "
              "denominator, so a p that is exactly right (p = y = 1) still gets a gradient of about -1",
        kind="domain",
        witness="p = [0, 1], y = [0, 1]: about [0.5, -0.5] (1/N each) instead of [0, 0]",
    ),
]

ALTERNATIVES = [
    dict(
        name="h2_bce_alt_clip_logs",
        target="losses.binary_cross_entropy",
        body='''
    with np.errstate(divide="ignore"):
        log_p = np.clip(np.log(p), -100.0, None)
        log_q = np.clip(np.log1p(-p), -100.0, None)
    loss = -(y * log_p + (1.0 - y) * log_q)
    return float(loss.sum() / loss.size)
''',
        why="np.clip with no upper bound in place of np.maximum, and sum / size",
        tested="every input of the bce cases (0-d to 3-D, lists, hard and soft labels, p exactly 0 and 1 "
               "with every label, p = 1e-300, 1e-20, 1e-13, 1e-9, 1 - 1e-13, 1 - 1e-9): same float to "
               "1e-10, with atol 0 on the tiny values",
    ),
    dict(
        name="h2_bce_alt_two_means",
        target="losses.binary_cross_entropy",
        body='''
    with np.errstate(divide="ignore"):
        positive = np.fmax(np.log(p), -100.0)
        negative = np.fmax(np.log1p(-p), -100.0)
    return -float(np.mean(y * positive) + np.mean((1.0 - y) * negative))
''',
        why="the positive and negative terms averaged separately (np.fmax for the clamp)",
        tested="every input of the bce cases: same float to 1e-10",
    ),
    dict(
        name="h2_bce_alt_grad_two_terms",
        target="losses.binary_cross_entropy_grad",
        body='''
    denominator = np.fmax(p * (1.0 - p), 1e-12)
    return (p - y) * (1.0 / denominator) / np.size(p)
''',
        why="the floored denominator inverted first; np.size for N",
        tested="every input of the bce cases: same shape, dtype float64 and values (1e12-sized entries "
               "at p = 0 and 1 included)",
    ),
]

WITNESS_CASES = {
    "h2_bce_no_clamp": "binary_cross_entropy/zero-right",
    "h2_bce_keras_epsilon_clip": "binary_cross_entropy/zero-wrong",
    "h2_bce_log_one_minus_p": "binary_cross_entropy/tiny-p-label-0",
    "h2_bce_hard_labels_only": "binary_cross_entropy/2d-soft",
    "h2_bce_grad_no_floor": "binary_cross_entropy_grad/zero-right",
    "h2_bce_grad_epsilon_added": "binary_cross_entropy_grad/small-p",
    "h2_bce_grad_clip_p": "binary_cross_entropy_grad/zero-right",
}
