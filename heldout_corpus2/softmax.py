"""Held-out mistakes and alternatives for ``softmax`` and ``log_softmax`` (notebook 02).

Contract: z of shape (..., C) (1-D, 2-D, 3-D, C = 1 included); along the last axis; finite and
right for any finite z (large logits, rows of very different scales, entries that underflow).
"""

MISTAKES = [
    dict(
        name="h2_softmax_no_shift",
        target="losses.softmax",
        body='''
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)
''',
        cause="I exponentiated the logits directly; e^z overflows to inf for z above 709 and inf / inf "
              "is NaN",
        kind="domain",
        witness="2-D logits around 1000: every entry NaN instead of a probability row",
    ),
    dict(
        name="h2_softmax_global_max",
        target="losses.softmax",
        body='''
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=-1, keepdims=True)
''',
        cause="I subtracted the largest logit of the whole array instead of each row's; a row far below "
              "the global maximum underflows to all zeros and 0 / 0 gives NaN",
        kind="domain",
        witness="rows [[0, 1, 2], [-1000, -1001, -1002.5], [800, 801, 799]]: the first two rows are "
                "NaN instead of probabilities",
    ),
    dict(
        name="h2_softmax_axis_one",
        target="losses.softmax",
        body='''
    shifted = z - np.max(z, axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=1, keepdims=True)
''',
        cause="I used axis=1 because my batches are (N, C); 'the last axis' is axis 1 only for 2-D input, "
              "so 1-D input fails and 3-D input is normalized along the wrong axis",
        kind="domain",
        witness="1-D logits: raises AxisError; 3-D (2, 3, 4) logits: normalized over the axis of size 3, "
                "so the last axis does not sum to 1",
    ),
    dict(
        name="h2_softmax_without_keepdims",
        target="losses.softmax",
        body='''
    shifted = z - np.max(z, axis=-1)
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1)
''',
        cause="I reduced without keepdims=True, so the (N,) maxima and sums broadcast along the wrong "
              "axis (a shape error for most 2-D shapes, silently wrong when N == C)",
        kind="slip",
        witness="2-D square (4, 4) logits: returns a (4, 4) array whose rows do not sum to 1 (each column "
                "is divided by another row's sum); (4, 3) raises ValueError",
    ),
    dict(
        name="h2_softmax_loop_over_rows",
        target="losses.softmax",
        body='''
    rows = []
    for row in z:
        e = np.exp(row - np.max(row))
        rows.append(e / np.sum(e))
    return np.array(rows)
''',
        cause="I looped over the rows of a batch; for 1-D input each 'row' is one number, so every entry "
              "becomes 1, and for 3-D input each 'row' is a matrix normalized as a whole",
        kind="domain",
        witness="1-D logits of 5 values: returns [1, 1, 1, 1, 1] instead of a distribution; 3-D: each "
                "(3, 4) block sums to 1 instead of each row",
    ),
    dict(
        name="h2_log_softmax_log_of_softmax",
        target="losses.log_softmax",
        body='''
    shifted = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return np.log(e / np.sum(e, axis=-1, keepdims=True))
''',
        cause="I took the log of a (stable) softmax; a probability that underflows to 0 gives log(0) = "
              "-inf although its log is an ordinary number",
        kind="domain",
        witness="rows [[0, -800, 1], [5, 5, -1e4]]: -inf at -800 and -1e4 instead of about -801.3 and "
                "-10005.7",
    ),
    dict(
        name="h2_log_softmax_sum_over_everything",
        target="losses.log_softmax",
        body='''
    shifted = z - np.max(z, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted)))
''',
        cause="I forgot the axis in the sum of exponentials, so for a batch the normalizer adds up every "
              "row instead of one",
        kind="slip",
        witness="2-D (4, 3) logits: every entry is too small by log of the sum over all rows (the "
                "exponentials of a row no longer sum to 1); 1-D is right",
    ),
    dict(
        name="h2_log_softmax_scipy",
        target="losses.log_softmax",
        body='''
    from scipy.special import log_softmax as scipy_log_softmax
    return scipy_log_softmax(z, axis=-1)
''',
        cause="scipy has a log_softmax, so I used it instead of writing the log-sum-exp trick",
        kind="environment",
        witness="any input, in the grader's environment (NumPy and the standard library only): raises "
                "ModuleNotFoundError for scipy",
    ),
]

ALTERNATIVES = [
    dict(
        name="h2_softmax_alt_reshape_2d",
        target="losses.softmax",
        body='''
    flat = z.reshape(-1, z.shape[-1])
    e = np.exp(flat - flat.max(axis=1)[:, None])
    probs = e / e.sum(axis=1)[:, None]
    return probs.reshape(z.shape)
''',
        why="flattens every leading axis into rows, works on (M, C) with [:, None], reshapes back",
        tested="every input of the softmax cases (1-D, 2-D, square, 3-D, one class, nested list, logits "
               "around 1000 and 1e6, a 2000 spread, rows of very different scales, underflowing "
               "entries): same shape, dtype float64, values to 1e-10 (atol 1e-300 for underflow)",
    ),
    dict(
        name="h2_softmax_alt_exp_of_log_softmax",
        target="losses.softmax",
        body='''
    return np.exp(log_softmax(z))
''',
        why="the exponential of the module's own log_softmax (the reference's here)",
        tested="every input of the softmax cases: same shape, dtype float64, values to 1e-10",
    ),
    dict(
        name="h2_log_softmax_alt_logaddexp_reduce",
        target="losses.log_softmax",
        body='''
    return z - np.logaddexp.reduce(z, axis=-1, keepdims=True)
''',
        why="the log-sum-exp as a reduction of the pairwise-stable np.logaddexp",
        tested="every input of the softmax cases: same shape, dtype float64, values to 1e-10",
    ),
    dict(
        name="h2_log_softmax_alt_add_back_max",
        target="losses.log_softmax",
        body='''
    m = z.max(axis=-1, keepdims=True)
    lse = np.log(np.exp(z - m).sum(axis=-1, keepdims=True))
    return (z - m) - lse
''',
        why="the shift kept as its own variable, the log-sum-exp of the shifted logits subtracted",
        tested="every input of the softmax cases: same shape, dtype float64, values to 1e-10",
    ),
]

WITNESS_CASES = {
    "h2_softmax_no_shift": "softmax/large",
    "h2_softmax_global_max": "softmax/rows-different-scale",
    "h2_softmax_axis_one": "softmax/1d",
    "h2_softmax_without_keepdims": "softmax/2d-square",
    "h2_softmax_loop_over_rows": "softmax/1d",
    "h2_log_softmax_log_of_softmax": "log_softmax/underflowing-entry",
    "h2_log_softmax_sum_over_everything": "log_softmax/2d",
    "h2_log_softmax_scipy": "log_softmax/2d",
}
