"""Held-out mistakes and alternatives for ``huber`` and ``huber_grad`` (see README.md)."""

MISTAKES = [
    dict(
        name="ho_huber_unshifted_linear",
        target="losses.huber",
        body='''
    d = y_pred - y_true
    a = np.abs(d)
    return float(np.mean(np.where(a <= delta, 0.5 * d ** 2, delta * a)))
''',
        cause="I wrote the linear part as delta |d| and forgot to subtract delta^2 / 2, so the two pieces do "
              "not meet",
        kind="slip",
        probe="huber boundary delta=1.0",
        witness="residuals beyond delta: each contributes delta |d| instead of delta (|d| - delta / 2)",
    ),
    dict(
        name="ho_huber_grad_drops_sign",
        target="losses.huber_grad",
        body='''
    d = y_pred - y_true
    return np.where(np.abs(d) <= delta, d, delta) / d.size
''',
        cause="outside the band I wrote delta instead of delta * sign(d), so large negative residuals are "
              "pushed the wrong way",
        kind="domain",
        probe="huber_grad boundary delta=1.0",
        witness="residual -2 with delta 1: gradient +1/N instead of -1/N",
    ),
    dict(
        name="ho_huber_grad_clip_unit",
        target="losses.huber_grad",
        body='''
    d = y_pred - y_true
    return np.clip(d, -1.0, 1.0) / d.size
''',
        cause="I clipped the residual to [-1, 1], the default delta, instead of [-delta, delta]",
        kind="second-output",
        probe="huber_grad boundary delta=0.5",
        witness="delta = 0.5 (or 2): residual 2 gives 1/N instead of 0.5/N; the default delta hides it",
    ),
    dict(
        name="ho_huber_smooth_l1_form",
        target="losses.huber",
        body='''
    d = np.abs(y_pred - y_true)
    per_element = np.where(d < delta, 0.5 * d ** 2 / delta, d - 0.5 * delta)
    return float(per_element.mean())
''',
        cause="I implemented PyTorch's smooth_l1_loss (divides the quadratic part by beta, linear part of "
              "slope 1), which equals Huber only for delta = 1",
        kind="second-output",
        probe="huber 1d delta=2.5",
        witness="delta = 2.5 (or 0.5): the loss is the Huber loss divided by delta; at delta = 1 it is right",
    ),
    dict(
        name="ho_huber_sum_over_rows",
        target="losses.huber",
        body='''
    d = y_pred - y_true
    a = np.abs(d)
    loss = np.where(a <= delta, 0.5 * d * d, delta * (a - 0.5 * delta))
    return float(np.sum(loss) / d.shape[0])
''',
        cause="I divided by the batch size d.shape[0] instead of by the number of elements",
        kind="domain",
        probe="huber 2d",
        witness="(3, 4) inputs: 4 times the loss; 0-d inputs raise IndexError",
    ),
    dict(
        name="ho_huber_grad_missing_mean",
        target="losses.huber_grad",
        body='''
    d = y_pred - y_true
    return np.clip(d, -delta, delta)
''',
        cause="I wrote the derivative of one element's loss and forgot that the mean divides it by N",
        kind="slip",
        probe="huber_grad 2d",
        witness="(3, 4) inputs: gradient 12 times too large (every input with more than one element)",
    ),
    dict(
        name="ho_huber_scipy",
        target="losses.huber",
        body='''
    from scipy.special import huber as huber_elementwise
    return float(np.mean(huber_elementwise(delta, y_pred - y_true)))
''',
        cause="I used scipy.special.huber, which computes the same per-element loss, but SciPy is not in "
              "the grader's environment",
        kind="environment",
        probe="huber 1d",
        witness="in the grader's environment every call raises ModuleNotFoundError (with SciPy present it agrees)",
    ),
]

ALTERNATIVES = [
    dict(
        name="ho_huber_alt_min_split",
        target="losses.huber",
        body='''
    a = np.abs(y_pred - y_true)
    inner = np.minimum(a, delta)
    return float(np.mean(0.5 * inner ** 2 + delta * (a - inner)))
''',
        why="split |d| into the part inside the band and the rest: 0.5 q^2 + delta (|d| - q)",
        tested="every probe of the part: shapes () to 3-D with delta 1, 0.5 and 2.5, residuals at exactly "
               "+-delta, tails with delta 0.1, delta 100, lists, 1e6 elements",
    ),
    dict(
        name="ho_huber_alt_strict_less",
        target="losses.huber",
        body='''
    r = y_pred - y_true
    quadratic = 0.5 * r ** 2
    linear = delta * (np.abs(r) - 0.5 * delta)
    return float(np.mean(np.where(np.abs(r) < delta, quadratic, linear)))
''',
        why="< instead of <= at the boundary, where both pieces are equal",
        tested="every probe of the part, including residuals exactly at +-delta for delta 0.5, 1 and 2",
    ),
    dict(
        name="ho_huber_grad_alt_where_sign",
        target="losses.huber_grad",
        body='''
    r = y_pred - y_true
    inside = np.abs(r) <= delta
    return np.where(inside, r, delta * np.sign(r)) / r.size
''',
        why="the two branches written out with np.where instead of np.clip",
        tested="every probe of the part, including residuals exactly at +-delta and far tails, 0-d to 3-D",
    ),
]
