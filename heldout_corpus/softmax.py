"""Held-out mistakes and alternatives for ``softmax`` and ``log_softmax`` (see README.md)."""

MISTAKES = [
    dict(
        name="ho_softmax_no_keepdims",
        target="losses.softmax",
        body='''
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1)
''',
        cause="I forgot keepdims=True on the sum, so the row sums do not broadcast back over the rows",
        kind="slip",
        probe="softmax 2d square",
        witness="(4, 4) logits: each column is divided by the sums of the rows (rows do not sum to 1); (3, 4) "
                "logits raise ValueError; 1-D input is right",
    ),
    dict(
        name="ho_softmax_global_max",
        target="losses.softmax",
        body='''
    e = np.exp(z - np.max(z))
    return e / e.sum(axis=-1, keepdims=True)
''',
        cause="I shifted by the maximum of the whole array instead of each row's maximum, so a row far below "
              "the global maximum underflows to 0 / 0",
        kind="domain",
        probe="softmax rows of different scale",
        witness="rows [0, 1] and [1000, 1001]: the first row is NaN instead of [0.269, 0.731]",
    ),
    dict(
        name="ho_softmax_axis1",
        target="losses.softmax",
        body='''
    shifted = z - z.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)
''',
        cause="I used axis=1 (the class axis of a (N, C) batch) instead of the last axis",
        kind="domain",
        probe="softmax 3d",
        witness="(2, 3, 4) logits: normalizes over the axis of length 3 instead of the last; 1-D logits raise "
                "AxisError",
    ),
    dict(
        name="ho_log_softmax_log_of_softmax",
        target="losses.log_softmax",
        body='''
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return np.log(e / np.sum(e, axis=-1, keepdims=True))
''',
        cause="I took the log of a (stable) softmax, which is log(0) = -inf wherever a probability underflows",
        kind="domain",
        probe="log_softmax extreme rows",
        witness="logits [0, 1000]: -inf instead of -1000 for the first entry",
    ),
    dict(
        name="ho_log_softmax_unshifted",
        target="losses.log_softmax",
        body='''
    return z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))
''',
        cause="I wrote z - log(sum(exp(z))) without subtracting the maximum first, so exp overflows for "
              "logits above 709",
        kind="domain",
        probe="log_softmax extreme 1d",
        witness="logits [1000, 1000.5, -1000]: -inf everywhere (exp(1000) = inf) instead of [-0.974, -0.474, -2000.47]",
    ),
    dict(
        name="ho_log_softmax_max_not_added_back",
        target="losses.log_softmax",
        body='''
    m = np.max(z, axis=-1, keepdims=True)
    return z - np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))
''',
        cause="I shifted inside the log-sum-exp but forgot to add the maximum back outside it",
        kind="slip",
        probe="log_softmax 2d",
        witness="any row whose maximum is not 0: off by that maximum (rows do not exponentiate to probabilities)",
    ),
    dict(
        name="ho_softmax_scipy",
        target="losses.softmax",
        body='''
    from scipy.special import softmax as scipy_softmax
    return scipy_softmax(z, axis=-1)
''',
        cause="I called scipy.special.softmax, which is right but not available in the grader's environment",
        kind="environment",
        probe="softmax 2d",
        witness="in the grader's environment every call raises ModuleNotFoundError (with SciPy present it agrees)",
    ),
]

ALTERNATIVES = [
    dict(
        name="ho_softmax_alt_exp_of_log_softmax",
        target="losses.softmax",
        body='''
    return np.exp(log_softmax(z))
''',
        why="exponentiates the module's own log_softmax, as the notebook allows (correct when log_softmax is)",
        tested="every probe of the part: 1-D (C = 1 and 5), 2-D including C = 1 and square, 3-D, 4-D, lists, "
               "extreme logits (+-1000, 710, mixed row scales)",
    ),
    dict(
        name="ho_softmax_alt_inplace_ellipsis",
        target="losses.softmax",
        body='''
    out = z - z.max(axis=-1)[..., None]
    np.exp(out, out=out)
    out /= out.sum(axis=-1)[..., None]
    return out
''',
        why="in-place exp and division on a fresh array, new axes by [..., None] instead of keepdims",
        tested="every probe of the part, every promised shape and the extreme rows",
    ),
    dict(
        name="ho_log_softmax_alt_logaddexp_reduce",
        target="losses.log_softmax",
        body='''
    return z - np.logaddexp.reduce(z, axis=-1, keepdims=True)
''',
        why="the log-sum-exp by np.logaddexp.reduce, which is stable on its own",
        tested="every probe of the part, including logits of +-1000 and 710 and rows of very different scale",
    ),
    dict(
        name="ho_log_softmax_alt_explicit_lse",
        target="losses.log_softmax",
        body='''
    m = z.max(axis=-1, keepdims=True)
    lse = m + np.log(np.exp(z - m).sum(axis=-1, keepdims=True))
    return z - lse
''',
        why="computes the log-sum-exp first, then subtracts it from z",
        tested="every probe of the part, every promised shape and the extreme rows",
    ),
]
