"""Held-out mistakes and alternatives for ``binary_cross_entropy`` and its gradient (see README.md)."""

MISTAKES = [
    dict(
        name="ho_bce_no_clamp",
        target="losses.binary_cross_entropy",
        body='''
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
''',
        cause="I wrote the textbook formula without clamping the logarithms at -100, so p = 0 or 1 gives "
              "0 * log(0) = NaN or an infinite loss",
        kind="domain",
        probe="binary_cross_entropy p=0 y=0",
        witness="p = 0, y = 0 (a perfect prediction): NaN instead of 0.0; p = 0, y = 1 gives inf instead of 100",
    ),
    dict(
        name="ho_bce_keras_clip",
        target="losses.binary_cross_entropy",
        body='''
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))
''',
        cause="I clipped the probabilities to [1e-7, 1 - 1e-7] (as Keras does) instead of clamping each "
              "logarithm at -100",
        kind="domain",
        probe="binary_cross_entropy tiny p",
        witness="p = 1e-9 with y = 1: that element costs -log(1e-7) = 16.1 instead of 20.7; p = 0, y = 1 "
                "costs 16.1 instead of 100",
    ),
    dict(
        name="ho_bce_clamp_after_weighting",
        target="losses.binary_cross_entropy",
        body='''
    with np.errstate(divide="ignore", invalid="ignore"):
        pos = y * np.log(p)
        neg = (1.0 - y) * np.log1p(-p)
    return float(-np.mean(np.maximum(pos, -100.0) + np.maximum(neg, -100.0)))
''',
        cause="I clamped y * log(p) instead of log(p), so the clamp comes after 0 * (-inf) = NaN and "
              "caps the weighted term instead of the logarithm",
        kind="domain",
        probe="binary_cross_entropy p in {0,1} mixed",
        witness="p = 0 with y = 0 gives NaN instead of 0; p = 0 with soft y = 0.5 costs 100 instead of 50",
    ),
    dict(
        name="ho_bce_hard_label_select",
        target="losses.binary_cross_entropy",
        body='''
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), -100.0)
        log_1mp = np.maximum(np.log1p(-p), -100.0)
    return float(np.mean(-np.where(y == 1, log_p, log_1mp)))
''',
        cause="I picked the one active term per label (log p where y is 1, log(1 - p) otherwise), which is only "
              "right for hard 0/1 targets",
        kind="domain",
        probe="binary_cross_entropy soft targets",
        witness="soft targets y in (0, 1): each element costs -log(1 - p) instead of the y-weighted mix",
    ),
    dict(
        name="ho_bce_grad_no_floor",
        target="losses.binary_cross_entropy_grad",
        body='''
    return (p - y) / (p * (1 - p)) / p.size
''',
        cause="I left out the 1e-12 floor on p (1 - p), so the denominator is 0 at p = 0 or 1",
        kind="domain",
        probe="binary_cross_entropy_grad p=0 y=0",
        witness="p = 0, y = 0: NaN (0/0) instead of 0; p = 0, y = 1 gives -inf instead of -1e12",
    ),
    dict(
        name="ho_bce_grad_clip_p_first",
        target="losses.binary_cross_entropy_grad",
        body='''
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return (p - y) / (p * (1 - p)) / p.size
''',
        cause="I clipped p away from 0 and 1 before the formula instead of flooring the denominator, which "
              "changes the numerator too",
        kind="domain",
        probe="binary_cross_entropy_grad p=0 y=0",
        witness="p = 0, y = 0 (a perfect prediction): gradient 1 instead of 0 (p = 1, y = 1 gives about -1)",
    ),
    dict(
        name="ho_bce_grad_epsilon_added",
        target="losses.binary_cross_entropy_grad",
        body='''
    return (p - y) / (p * (1 - p) + 1e-12) / p.size
''',
        cause="I added 1e-12 to the denominator instead of taking max(p (1 - p), 1e-12), which biases "
              "every small denominator",
        kind="domain",
        probe="binary_cross_entropy_grad p=1e-6 y=0",
        witness="p = 1e-6, y = 0: relative error 1e-6 (the floor should not act there); at p = 1e-12 the "
                "gradient is halved",
    ),
    dict(
        name="ho_bce_grad_forgot_mean",
        target="losses.binary_cross_entropy_grad",
        body='''
    denom = np.maximum(p * (1.0 - p), 1e-12)
    return (p - y) / denom
''',
        cause="I wrote the derivative of one element's loss and forgot the 1/N of the mean",
        kind="slip",
        probe="binary_cross_entropy_grad 2d",
        witness="(3, 4) inputs: the gradient is 12 times too large",
    ),
    dict(
        name="ho_bce_scipy_xlogy",
        target="losses.binary_cross_entropy",
        body='''
    from scipy.special import xlog1py, xlogy
    # xlogy(y, p) = y log p with 0 log 0 = 0; clamp each log at -100, weighted by its coefficient
    pos = np.maximum(xlogy(y, p), -100.0 * y)
    neg = np.maximum(xlog1py(1.0 - y, -p), -100.0 * (1.0 - y))
    return float(-np.mean(pos + neg))
''',
        cause="I used scipy.special.xlogy and xlog1py, which handle 0 log 0, but SciPy is not in the grader's "
              "environment",
        kind="environment",
        probe="binary_cross_entropy 1d",
        witness="in the grader's environment every call raises ModuleNotFoundError (with SciPy present it agrees)",
    ),
]

ALTERNATIVES = [
    dict(
        name="ho_bce_alt_clip_logs",
        target="losses.binary_cross_entropy",
        body='''
    with np.errstate(divide="ignore"):
        log_p = np.clip(np.log(p), -100.0, None)
        log_q = np.clip(np.log1p(-p), -100.0, None)
    loss = -(y * log_p + (1.0 - y) * log_q)
    return float(loss.mean())
''',
        why="the clamp at -100 written with np.clip on each logarithm",
        tested="every probe of the part: shapes () to 3-D, lists, soft targets, p in {0, 1} with hard and soft y, "
               "tiny p (1e-9, 1e-13, 1e-50, 1 - 1e-9), p = y",
    ),
    dict(
        name="ho_bce_alt_dot_products",
        target="losses.binary_cross_entropy",
        body='''
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), -100.0).ravel()
        log_1mp = np.maximum(np.log1p(-p), -100.0).ravel()
    t = y.ravel()
    return float(-(t @ log_p + (1.0 - t) @ log_1mp) / t.size)
''',
        why="the weighted sums as two dot products of the flattened arrays",
        tested="every probe of the part, including p in {0, 1} with y = 0 and y = 1 (0 * -100 stays 0)",
    ),
    dict(
        name="ho_bce_grad_alt_floor_each_factor",
        target="losses.binary_cross_entropy_grad",
        body='''
    denom = np.maximum(p, 1e-12) * np.maximum(1.0 - p, 1e-12)
    return (p - y) / denom / p.size
''',
        why="floors p and 1 - p separately; since at most one of them is small, the product equals "
            "max(p (1 - p), 1e-12) up to rounding",
        tested="every probe of the part: p in {0, 1}, p = 1e-13, 1e-9, 1e-6, 1e-50, 1 - 1e-9, soft targets, "
               "shapes () to 3-D",
    ),
]
