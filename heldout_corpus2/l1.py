"""Held-out mistakes and alternatives for ``l1`` and ``l1_grad`` (notebook 04).

Contract: ``weights`` is one array (any shape, a number or nested list too) or a list/tuple of
arrays of any shapes; the provided lines give ``arrays`` (float64 copies) and ``rebuild``; the
penalty is lam * sum |w| over every element of every array; the gradient lam * sign(w) (0 at 0) per
array, returned in the caller's structure.
"""

MISTAKES = [
    dict(
        name="h2_l1_uses_weights_argument",
        target="penalties.l1",
        body='''
    return float(lam * np.sum(np.abs(weights)))
''',
        cause="I used the weights argument directly instead of the provided list of arrays; NumPy "
              "stacks a list of equally shaped arrays, but arrays of different shapes cannot be stacked",
        kind="domain",
        witness="weights = [W (4, 3), b (3,), V (2, 2, 2)]: raises ValueError (inhomogeneous shape) "
                "instead of returning the penalty; one array and same-shape lists are right",
    ),
    dict(
        name="h2_l1_matrix_norm",
        target="penalties.l1",
        body='''
    return float(lam * sum(np.linalg.norm(w, 1) for w in arrays))
''',
        cause="I used np.linalg.norm(w, 1) as the sum of absolute values; for a matrix that is the "
              "largest column sum (the induced 1-norm), and 3-D arrays are refused",
        kind="domain",
        witness="one (4, 3) matrix: lam times its largest absolute column sum instead of the sum of all "
                "12 absolute values; 1-D arrays are right",
    ),
    dict(
        name="h2_l1_grad_sign_of_zero_positive",
        target="penalties.l1_grad",
        body='''
    grads = [lam * np.where(w >= 0, 1.0, -1.0) for w in arrays]
''',
        cause="I wrote the sign with w >= 0 giving +1, so a weight that is exactly 0 is pushed down by "
              "lam; the subgradient chosen at 0 is 0",
        kind="domain",
        witness="[[0, 1.5, -2], [0, 0, 3]] with lam 0.1: 0.1 at the three zeros instead of 0",
    ),
    dict(
        name="h2_l1_grad_iterates_weights",
        target="penalties.l1_grad",
        body='''
    grads = [lam * np.sign(w) for w in weights]
''',
        cause="I looped over the weights argument, thinking it is always a list; a single matrix is then "
              "iterated row by row, and rebuild keeps only the first row's gradient",
        kind="domain",
        witness="one (4, 3) matrix: returns an array of shape (3,) (its first row's gradient) instead of "
                "(4, 3); a 0-d weight raises TypeError; lists of arrays are right",
    ),
    dict(
        name="h2_l1_grad_ratio_sign",
        target="penalties.l1_grad",
        body='''
    grads = [lam * w / np.abs(w) for w in arrays]
''',
        cause="I computed sign(w) as w / |w|, which is 0/0 = NaN for weights that are exactly 0 (and L1 "
              "makes many weights exactly 0)",
        kind="domain",
        witness="[[0, 1.5, -2], [0, 0, 3]] with lam 0.1: NaN at the three zeros instead of 0",
    ),
    dict(
        name="h2_l1_first_array_only",
        target="penalties.l1",
        body='''
    w = arrays[0]
    return float(lam * np.sum(np.abs(w)))
''',
        cause="I took arrays[0] as 'the weights', which is right for one array but ignores every other "
              "array of a list",
        kind="domain",
        witness="weights = [W (4, 3), b (3,), V (2, 2, 2)]: the penalty of W only",
    ),
]

ALTERNATIVES = [
    dict(
        name="h2_l1_alt_list_of_sums",
        target="penalties.l1",
        body='''
    per_array = [np.abs(w).sum() for w in arrays]
    return float(lam * np.sum(per_array))
''',
        why="per-array sums collected in a list, then summed by NumPy",
        tested="every weights form of the penalty cases (one 0-d, 1-D, 2-D, 3-D array, a Python float, a "
               "nested list, an int array; lists of same, mixed and broadcastable shapes, a tuple, a "
               "single array in a list, zeros, a 0-d array in a list) with lam 0.1, 0 and the int 2: "
               "same float to 1e-10",
    ),
    dict(
        name="h2_l1_alt_flattened_norm",
        target="penalties.l1",
        body='''
    total = 0.0
    for w in arrays:
        total += np.linalg.norm(w.ravel(), ord=1)
    return float(lam * total)
''',
        why="the vector 1-norm of each flattened array, accumulated in a loop over arrays",
        tested="every weights form and lam of the penalty cases: same float to 1e-10",
    ),
    dict(
        name="h2_l1_alt_grad_comparisons",
        target="penalties.l1_grad",
        body='''
    grads = []
    for w in arrays:
        grads.append(lam * (w > 0) - lam * (w < 0))
''',
        why="the sign as two comparisons (exactly 0 at 0), appended in a loop",
        tested="every weights form and lam of the penalty cases: the same structure (array, list or "
               "tuple), shapes, dtype float64 and values",
    ),
]

WITNESS_CASES = {
    "h2_l1_uses_weights_argument": "l1/list-mixed-shapes-lam-0.1",
    "h2_l1_matrix_norm": "l1/one-2d-lam-0.1",
    "h2_l1_grad_sign_of_zero_positive": "l1_grad/zeros-lam-0.1",
    "h2_l1_grad_iterates_weights": "l1_grad/one-2d-lam-0.1",
    "h2_l1_grad_ratio_sign": "l1_grad/zeros-lam-0.1",
    "h2_l1_first_array_only": "l1/list-mixed-shapes-lam-0.1",
}
