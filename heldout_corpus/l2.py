"""Held-out mistakes and alternatives for ``l2`` and ``l2_grad`` (see README.md)."""

MISTAKES = [
    dict(
        name="ho_l2_spectral_norm",
        target="penalties.l2",
        body='''
    return float(lam / 2 * sum(np.linalg.norm(w, 2) ** 2 for w in arrays))
''',
        cause="I used np.linalg.norm(w, 2), which for a matrix is the spectral norm (largest singular value), "
              "not the Frobenius norm",
        kind="domain",
        probe="l2 2d lam=0.3",
        witness="a (3, 4) matrix: lam/2 times the largest squared singular value instead of the sum of squares; "
                "3-D and 0-d arrays raise ValueError; 1-D is right",
    ),
    dict(
        name="ho_l2_grad_factor_two",
        target="penalties.l2_grad",
        body='''
    grads = [2 * lam * w for w in arrays]
''',
        cause="I differentiated w^2 to 2w and forgot that the 1/2 in the penalty cancels it",
        kind="slip",
        probe="l2_grad 2d lam=0.3",
        witness="any nonzero weights: 2 lam w instead of lam w",
    ),
    dict(
        name="ho_l2_grad_iterates_raw_weights",
        target="penalties.l2_grad",
        body='''
    grads = [lam * w for w in weights]
''',
        cause="I looped over the raw weights argument instead of the provided arrays; for a single matrix "
              "that loops over its rows",
        kind="domain",
        probe="l2_grad 2d lam=0.3",
        witness="one (3, 4) array as weights: returns lam times its first row, shape (4,); a nested list "
                "raises TypeError; lists of arrays are right",
    ),
    dict(
        name="ho_l2_norm_not_squared",
        target="penalties.l2",
        body='''
    total = sum(np.sum(w ** 2) for w in arrays)
    return float(lam / 2 * np.sqrt(total))
''',
        cause="I used the L2 norm ||w|| instead of the squared norm ||w||^2",
        kind="slip",
        probe="l2 2d lam=0.3",
        witness="any weights whose sum of squares is not 0 or 1: lam/2 sqrt(sum w^2) instead of lam/2 sum w^2",
    ),
    dict(
        name="ho_l2_no_half",
        target="penalties.l2",
        body='''
    return float(lam * sum(np.sum(np.square(w)) for w in arrays))
''',
        cause="I left out the 1/2, so the penalty no longer matches its gradient lam * w (weight decay)",
        kind="slip",
        probe="l2 1d lam=0.3",
        witness="any nonzero weights with lam > 0: twice the penalty",
    ),
    dict(
        name="ho_l2_concatenate",
        target="penalties.l2",
        body='''
    w = np.concatenate(arrays)
    return float(0.5 * lam * np.dot(w.ravel(), w.ravel()))
''',
        cause="I concatenated the arrays without flattening them, which needs them all to have the same "
              "number of dimensions (and at least one)",
        kind="domain",
        probe="l2 list of arrays lam=0.3",
        witness="weights [W (3, 4), b (4,)]: ValueError (arrays of different dimensions); a single 0-d array "
                "also raises; single arrays of 1-D or more work",
    ),
    dict(
        name="ho_l2_scipy_norm",
        target="penalties.l2",
        body='''
    from scipy.linalg import norm
    return float(0.5 * lam * sum(norm(w) ** 2 for w in arrays))
''',
        cause="I used scipy.linalg.norm; SciPy is not in the grader's environment",
        kind="environment",
        probe="l2 2d lam=0.3",
        witness="in the grader's environment every call raises ModuleNotFoundError",
    ),
]

ALTERNATIVES = [
    dict(
        name="ho_l2_alt_vdot",
        target="penalties.l2",
        body='''
    squares = 0.0
    for w in arrays:
        squares += np.vdot(w, w)
    return float(0.5 * lam * squares)
''',
        why="np.vdot flattens each array, a loop over the (few) arrays accumulates",
        tested="every probe of the part: one array 0-d to 3-D, nested list, Python float, lists and tuples of "
               "arrays of different shapes, zeros, lam 0, 0.3 and 2",
    ),
    dict(
        name="ho_l2_alt_frobenius",
        target="penalties.l2",
        body='''
    return float(lam / 2 * sum(np.linalg.norm(w) ** 2 for w in arrays))
''',
        why="np.linalg.norm without ord flattens any array: the Frobenius norm squared",
        tested="every probe of the part, including 0-d and 3-D arrays",
    ),
    dict(
        name="ho_l2_grad_alt_inplace_on_copies",
        target="penalties.l2_grad",
        body='''
    for w in arrays:
        w *= lam  # arrays are the provided copies, not the caller's weights
    grads = arrays
''',
        why="scales the provided copies in place (the caller's arrays are untouched, which the probes check)",
        tested="every probe of the part, including whether the caller's weights are left unchanged",
    ),
]
