"""Held-out mistakes and alternatives for ``l1`` and ``l1_grad`` (see README.md)."""

MISTAKES = [
    dict(
        name="ho_l1_matrix_norm",
        target="penalties.l1",
        body='''
    return float(lam * sum(np.linalg.norm(w, 1) for w in arrays))
''',
        cause="I used np.linalg.norm(w, 1), which for a matrix is the largest column sum, not the sum of all "
              "absolute values",
        kind="domain",
        probe="l1 2d lam=0.3",
        witness="a (3, 4) weight matrix: lam times the largest absolute column sum instead of the sum of all "
                "12 entries; 0-d and 3-D arrays raise ValueError; 1-D is right",
    ),
    dict(
        name="ho_l1_grad_sign_at_zero",
        target="penalties.l1_grad",
        body='''
    grads = [np.where(w >= 0, lam, -lam) for w in arrays]
''',
        cause="I wrote the sign as +1 for w >= 0, so exact zeros get +lam instead of 0",
        kind="domain",
        probe="l1_grad with zeros lam=0.3",
        witness="weights with exact zeros: +lam at those entries instead of 0",
    ),
    dict(
        name="ho_l1_grad_w_over_abs",
        target="penalties.l1_grad",
        body='''
    grads = [lam * w / np.abs(w) for w in arrays]
''',
        cause="I computed sign(w) as w / |w|, which is 0 / 0 = NaN at exact zeros",
        kind="domain",
        probe="l1_grad with zeros lam=0.3",
        witness="weights with exact zeros: NaN at those entries instead of 0",
    ),
    dict(
        name="ho_l1_iterates_raw_weights",
        target="penalties.l1",
        body='''
    return float(lam * sum(np.sum(np.abs(w)) for w in weights))
''',
        cause="I looped over the raw weights argument instead of the provided arrays, assuming it is a list",
        kind="domain",
        probe="l1 0d lam=0.3",
        witness="a 0-d array or a Python float as weights: TypeError (iteration over a 0-d array); lists and "
                "matrices happen to work",
    ),
    dict(
        name="ho_l1_stacks_arrays",
        target="penalties.l1",
        body='''
    return float(lam * np.sum(np.abs(np.array(arrays))))
''',
        cause="I turned the list of weight arrays into one NumPy array, which only works when every array has "
              "the same shape",
        kind="domain",
        probe="l1 list of arrays lam=0.3",
        witness="weights [W (3, 4), b (4,)]: ValueError (inhomogeneous shape); one array or same-shaped arrays work",
    ),
    dict(
        name="ho_l1_grad_returns_list",
        target="penalties.l1_grad",
        body='''
    return [lam * np.sign(w) for w in arrays]
''',
        cause="I returned my list of gradients directly instead of going through rebuild, so one array in "
              "gives a list out",
        kind="domain",
        probe="l1_grad 2d lam=0.3",
        witness="one (3, 4) array as weights: returns a list holding one array instead of the array; a tuple "
                "of arrays gives a list instead of a tuple",
    ),
    dict(
        name="ho_l1_grad_divided_by_size",
        target="penalties.l1_grad",
        body='''
    grads = [lam * np.sign(w) / w.size for w in arrays]
''',
        cause="I divided by the number of weights, as the losses' means do, but the penalty is a sum",
        kind="slip",
        probe="l1_grad 2d lam=0.3",
        witness="a (3, 4) matrix: lam sign(w) / 12 instead of lam sign(w); right only for 0-d or 1-element arrays",
    ),
    dict(
        name="ho_l1_half_factor",
        target="penalties.l1",
        body='''
    total = sum(np.abs(w).sum() for w in arrays)
    return float(0.5 * lam * total)
''',
        cause="I copied the 1/2 of the L2 penalty into the L1 penalty",
        kind="slip",
        probe="l1 1d lam=0.3",
        witness="any nonzero weights with lam > 0: half of lam * sum |w|",
    ),
]

ALTERNATIVES = [
    dict(
        name="ho_l1_alt_concatenate_ravel",
        target="penalties.l1",
        body='''
    flat = np.concatenate([w.ravel() for w in arrays])
    return float(lam * np.abs(flat).sum())
''',
        why="all weights flattened into one vector first",
        tested="every probe of the part: one array 0-d to 3-D, nested list, Python float, lists and tuples of "
               "arrays of different shapes, zeros, lam 0, 0.3 and 2 (int)",
    ),
    dict(
        name="ho_l1_alt_vector_norm",
        target="penalties.l1",
        body='''
    return float(sum(lam * np.linalg.norm(w.ravel(), ord=1) for w in arrays))
''',
        why="the vector 1-norm of each flattened array",
        tested="every probe of the part (every structure and shape, including 0-d and 3-D arrays)",
    ),
    dict(
        name="ho_l1_grad_alt_nested_where",
        target="penalties.l1_grad",
        body='''
    grads = []
    for w in arrays:
        grads.append(np.where(w > 0, lam, np.where(w < 0, -lam, 0.0)))
''',
        why="the three cases of the sign written with np.where, in a loop over the arrays (not over elements)",
        tested="every probe of the part: exact zeros, one array and lists/tuples, lam 0",
    ),
]
