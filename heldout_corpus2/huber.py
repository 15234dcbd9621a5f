"""Held-out mistakes and alternatives for ``huber`` and ``huber_grad`` (notebook 01).

Contract: d = y_pred - y_true of any shape; each element 0.5 d^2 if |d| <= delta, else
delta (|d| - 0.5 delta); the mean as a float; the gradient is clip(d, -delta, delta) / N. ``delta``
is any number > 0 (an int too); the default 1 hides every mistake that drops a delta.
"""

MISTAKES = [
    dict(
        name="h2_huber_grad_unit_slope",
        target="losses.huber_grad",
        body='''
    d = y_pred - y_true
    return np.where(np.abs(d) <= delta, d, np.sign(d)) / d.size
''',
        cause="in the linear part I wrote the slope as sign(d), forgetting that the line has slope delta "
              "(it looked right because I only tried delta = 1)",
        kind="slip",
        witness="residuals [0.3, -0.7, 1.5, -2.5, 4, -6, 0] with delta = 2.5: +-1/7 at 4 and -6 instead "
                "of +-2.5/7",
    ),
    dict(
        name="h2_huber_linear_missing_delta_square",
        target="losses.huber",
        body='''
    d = y_pred - y_true
    a = np.abs(d)
    return float(np.mean(np.where(a <= delta, 0.5 * d ** 2, delta * a - 0.5 * delta)))
''',
        cause="I multiplied out delta (|d| - delta/2) as delta |d| - delta/2, dropping a factor delta "
              "from the second term (invisible at delta = 1)",
        kind="slip",
        witness="residuals [0.3, -0.7, 1.5, -2.5, 4, -6, 0] with delta = 2.5: the two linear terms are "
                "each 1.875 too large (mean larger by 0.536)",
    ),
    dict(
        name="h2_huber_quadratic_without_half",
        target="losses.huber",
        body='''
    d = y_pred - y_true
    a = np.abs(d)
    return float(np.mean(np.where(a <= delta, d ** 2, delta * (a - 0.5 * delta))))
''',
        cause="I used the squared error d^2 for the quadratic part, as in MSE, but Huber's quadratic part "
              "is half of it",
        kind="slip",
        witness="residuals all inside the band [0.1, -0.2, 0.3] with delta 1: 0.04667 instead of 0.02333",
    ),
    dict(
        name="h2_huber_smooth_l1_formula",
        target="losses.huber",
        body='''
    d = y_pred - y_true
    a = np.abs(d)
    return float(np.mean(np.where(a < delta, 0.5 * d ** 2 / delta, a - 0.5 * delta)))
''',
        cause="I copied the formula of PyTorch's smooth_l1_loss (beta), which is Huber divided by delta; "
              "the two agree only at delta = 1",
        kind="slip",
        witness="2-D (3, 4) inputs with delta = 0.5: every term is twice the reference's (smooth L1 is "
                "Huber / delta)",
    ),
    dict(
        name="h2_huber_one_branch_for_all",
        target="losses.huber",
        body='''
    d = y_pred - y_true
    if np.all(np.abs(d) <= delta):
        return float(np.mean(0.5 * d ** 2))
    return float(np.mean(delta * (np.abs(d) - 0.5 * delta)))
''',
        cause="I chose between the quadratic and the linear formula with one if for the whole array, "
              "so when some residuals are outside the band the small ones also get the linear formula",
        kind="domain",
        witness="residuals [0.3, -0.7, 1.5, -2.5, 4, -6, 0] with delta 1: the residuals 0.3, -0.7 and 0 "
                "use the linear formula (0.3 - 0.5 = -0.2, negative terms)",
    ),
    dict(
        name="h2_huber_grad_positive_tail_only",
        target="losses.huber_grad",
        body='''
    d = y_pred - y_true
    g = d.copy()
    g[np.abs(d) > delta] = delta
    return g / d.size
''',
        cause="I capped the large residuals at delta, forgetting that the negative ones must become "
              "-delta",
        kind="slip",
        witness="residuals [-5, -7, -9] with delta 1.5: +0.5 instead of -0.5 in every entry",
    ),
]

ALTERNATIVES = [
    dict(
        name="h2_huber_alt_min_decomposition",
        target="losses.huber",
        body='''
    a = np.abs(y_pred - y_true)
    inside = np.minimum(a, delta)
    return float(np.mean(0.5 * inside ** 2 + delta * (a - inside)))
''',
        why="the branch-free form 0.5 m^2 + delta (|d| - m) with m = min(|d|, delta)",
        tested="every input of the huber cases (0-d to 3-D, lists, ties, a 1e8 offset, delta 0.1, 0.5, 1, "
               "2 on the boundary and 2**-40 either side of it, 2.5, the int 3, all inside, all outside "
               "negative, 1e200 residuals): same float to 1e-10",
    ),
    dict(
        name="h2_huber_alt_strict_branch",
        target="losses.huber",
        body='''
    d = y_pred - y_true
    quadratic = 0.5 * np.square(d)
    linear = delta * np.abs(d) - 0.5 * delta * delta
    return float(np.where(np.abs(d) < delta, quadratic, linear).mean())
''',
        why="'<' instead of '<=' (both branches agree at |d| = delta) and the linear branch multiplied out",
        tested="every input of the huber cases: same float to 1e-10",
    ),
    dict(
        name="h2_huber_alt_grad_where",
        target="losses.huber_grad",
        body='''
    d = y_pred - y_true
    return np.where(np.abs(d) <= delta, d, delta * np.sign(d)) / d.size
''',
        why="the two branches of the derivative written out instead of np.clip",
        tested="every input of the huber cases: same shape, dtype float64, values to 1e-10",
    ),
    dict(
        name="h2_huber_alt_grad_min_max",
        target="losses.huber_grad",
        body='''
    d = y_pred - y_true
    return np.minimum(np.maximum(d, -delta), delta) * (1.0 / np.size(d))
''',
        why="clipping by hand with minimum/maximum, multiplied by 1/N",
        tested="every input of the huber cases: same shape, dtype float64, values to 1e-10",
    ),
]

WITNESS_CASES = {
    "h2_huber_grad_unit_slope": "huber_grad/delta-2.5-mixed",
    "h2_huber_linear_missing_delta_square": "huber/delta-2.5-mixed",
    "h2_huber_quadratic_without_half": "huber/all-inside",
    "h2_huber_smooth_l1_formula": "huber/delta-0.5",
    "h2_huber_one_branch_for_all": "huber/delta-1-mixed",
    "h2_huber_grad_positive_tail_only": "huber_grad/all-outside-negative",
}
