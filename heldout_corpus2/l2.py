"""Held-out mistakes and alternatives for ``l2`` and ``l2_grad`` (notebook 04).

Contract: ``weights`` one array or a list/tuple of arrays of any shapes (``arrays`` and ``rebuild``
provided); the penalty lam / 2 * sum w^2 over every element of every array; the gradient lam * w per
array in the caller's structure (one array in, one array out).
"""

MISTAKES = [
    dict(
        name="h2_l2_without_half",
        target="penalties.l2",
        body='''
    return float(lam * sum(np.sum(w ** 2) for w in arrays))
''',
        cause="I wrote lam * sum w^2 and forgot the 1/2 that makes the gradient lam * w",
        kind="slip",
        witness="one (4, 3) matrix with lam 0.1: twice the reference's value",
    ),
    dict(
        name="h2_l2_norm_not_squared",
        target="penalties.l2",
        body='''
    return float(0.5 * lam * sum(np.linalg.norm(w) for w in arrays))
''',
        cause="I used the norm of each array instead of its square",
        kind="slip",
        witness="one (4, 3) matrix with lam 0.1: 0.5 * 0.1 * ||W|| instead of 0.5 * 0.1 * ||W||^2",
    ),
    dict(
        name="h2_l2_concatenate",
        target="penalties.l2",
        body='''
    w = np.concatenate(arrays)
    return float(0.5 * lam * np.sum(w * w))
''',
        cause="I concatenated the arrays into one, which only works when they have the same number of "
              "dimensions and matching trailing sizes (and never for 0-d arrays)",
        kind="domain",
        witness="weights = [W (4, 3), b (3,), V (2, 2, 2)]: raises ValueError instead of returning the "
                "penalty; a single 0-d weight raises ValueError too",
    ),
    dict(
        name="h2_l2_elementwise_sum_of_arrays",
        target="penalties.l2",
        body='''
    return float(0.5 * lam * np.sum(sum(w ** 2 for w in arrays)))
''',
        cause="I added the squared arrays together before summing; arrays of different shapes broadcast "
              "(a (3,) bias is added to each of the 4 rows of a (4, 3) matrix), so the bias counts 4 times",
        kind="domain",
        witness="weights = [W (4, 3), b (3,)]: b's squares are counted 4 times; same-shape lists are right",
    ),
    dict(
        name="h2_l2_grad_factor_two",
        target="penalties.l2_grad",
        body='''
    grads = [2 * lam * w for w in arrays]
''',
        cause="I differentiated w^2 to 2w but forgot the 1/2 in front of the penalty, which cancels it",
        kind="slip",
        witness="one (4, 3) matrix with lam 0.1: every entry 0.2 w instead of 0.1 w",
    ),
    dict(
        name="h2_l2_grad_returns_list",
        target="penalties.l2_grad",
        body='''
    return [lam * w for w in arrays]
''',
        cause="I returned the list of gradients myself, skipping rebuild; a caller that passed one array "
              "gets a list back, and one that passed a tuple gets a list",
        kind="domain",
        witness="one (4, 3) matrix: returns a list holding one array instead of the array; a tuple of "
                "arrays gives a list instead of a tuple",
    ),
]

ALTERNATIVES = [
    dict(
        name="h2_l2_alt_squared_norms",
        target="penalties.l2",
        body='''
    squares = sum(np.linalg.norm(w) ** 2 for w in arrays)
    return float(lam / 2 * squares)
''',
        why="the squared Frobenius norm of each array (np.linalg.norm flattens any shape by default)",
        tested="every weights form of the penalty cases (one 0-d, 1-D, 2-D, 3-D array, a Python float, a "
               "nested list, an int array; lists of same, mixed and broadcastable shapes, a tuple, a "
               "single array in a list, zeros, a 0-d array in a list) with lam 0.1, 0 and the int 2: "
               "same float to 1e-10",
    ),
    dict(
        name="h2_l2_alt_vdot",
        target="penalties.l2",
        body='''
    total = 0.0
    for w in arrays:
        total += np.vdot(w, w)
    return float(0.5 * lam * total)
''',
        why="np.vdot flattens and dots each array with itself",
        tested="every weights form and lam of the penalty cases: same float to 1e-10",
    ),
    dict(
        name="h2_l2_alt_grad_map",
        target="penalties.l2_grad",
        body='''
    grads = list(map(lambda w: np.multiply(lam, w), arrays))
''',
        why="map over the arrays with np.multiply",
        tested="every weights form and lam of the penalty cases: same structure, shapes, dtype float64 "
               "and values",
    ),
]

WITNESS_CASES = {
    "h2_l2_without_half": "l2/one-2d-lam-0.1",
    "h2_l2_norm_not_squared": "l2/one-2d-lam-0.1",
    "h2_l2_concatenate": "l2/list-mixed-shapes-lam-0.1",
    "h2_l2_elementwise_sum_of_arrays": "l2/list-broadcastable-lam-0.1",
    "h2_l2_grad_factor_two": "l2_grad/one-2d-lam-0.1",
    "h2_l2_grad_returns_list": "l2_grad/one-2d-lam-0.1",
}
