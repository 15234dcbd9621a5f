"""Held-out mistakes and alternatives for ``elastic_net`` and its gradient (notebook 04).

Contract: scikit-learn's form lam (r sum |w| + (1 - r) / 2 sum w^2) over every element of every
array, r = ``l1_ratio`` in [0, 1] (r = 1 is l1, r = 0 is l2); the gradient lam (r sign(w) + (1 - r) w)
per array, in the caller's structure.
"""

MISTAKES = [
    dict(
        name="h2_en_ratio_on_the_wrong_term",
        target="penalties.elastic_net",
        body='''
    l1_part = sum(np.sum(np.abs(w)) for w in arrays)
    l2_part = sum(np.sum(w * w) for w in arrays)
    return float(lam * ((1.0 - l1_ratio) * l1_part + 0.5 * l1_ratio * l2_part))
''',
        cause="I weighted the L1 term by 1 - r and the L2 term by r, the other way round from "
              "scikit-learn's l1_ratio",
        kind="slip",
        witness="one (4, 3) matrix with lam 0.1 and l1_ratio 0.2 (also 0 and 1): 0.953 instead of "
                "0.713; the default l1_ratio 0.5 hides it (both weights are then the same)",
    ),
    dict(
        name="h2_en_l2_term_without_half",
        target="penalties.elastic_net",
        body='''
    l1_part = sum(np.sum(np.abs(w)) for w in arrays)
    l2_part = sum(np.sum(w * w) for w in arrays)
    return float(lam * (l1_ratio * l1_part + (1.0 - l1_ratio) * l2_part))
''',
        cause="I forgot the 1/2 on the squared term, so l1_ratio = 0 is twice l2",
        kind="slip",
        witness="one (4, 3) matrix with lam 0.1 and the default l1_ratio 0.5: the L2 part is doubled",
    ),
    dict(
        name="h2_en_grad_lam_only_on_l1",
        target="penalties.elastic_net_grad",
        body='''
    grads = [lam * l1_ratio * np.sign(w) + (1.0 - l1_ratio) * w for w in arrays]
''',
        cause="I multiplied only the L1 part by lam (a missing pair of parentheses)",
        kind="slip",
        witness="one (4, 3) matrix with lam 0.1, l1_ratio 0.5: the w part is 0.5 w instead of 0.05 w",
    ),
    dict(
        name="h2_en_grad_sign_minus_one_at_zero",
        target="penalties.elastic_net_grad",
        body='''
    grads = [lam * (l1_ratio * np.where(w > 0, 1.0, -1.0) + (1.0 - l1_ratio) * w) for w in arrays]
''',
        cause="I wrote sign(w) as +1 for positive and -1 otherwise, so exact zeros get -lam r instead "
              "of 0",
        kind="domain",
        witness="[[0, 1.5, -2], [0, 0, 3]] with lam 0.1, r 0.5: -0.05 at the three zeros instead of 0",
    ),
    dict(
        name="h2_en_overwrites_per_array",
        target="penalties.elastic_net",
        body='''
    for w in arrays:
        l1_part = np.sum(np.abs(w))
        l2_part = np.sum(w * w)
    return float(lam * (l1_ratio * l1_part + 0.5 * (1.0 - l1_ratio) * l2_part))
''',
        cause="I looped over the arrays but assigned the sums instead of adding them up (= where += "
              "belongs), so only the last array counts",
        kind="domain",
        witness="weights = [W (4, 3), b (3,), V (2, 2, 2)]: the penalty of V only; one array is right",
    ),
    dict(
        name="h2_en_grad_keeps_the_half",
        target="penalties.elastic_net_grad",
        body='''
    grads = [lam * (l1_ratio * np.sign(w) + 0.5 * (1.0 - l1_ratio) * w) for w in arrays]
''',
        cause="I kept the 1/2 of the squared term in the gradient, where it cancels with the 2 from w^2",
        kind="slip",
        witness="one (4, 3) matrix with lam 0.1, l1_ratio 0.5: the w part is 0.025 w instead of 0.05 w; "
                "l1_ratio 1 is right",
    ),
]

ALTERNATIVES = [
    dict(
        name="h2_en_alt_reuse_l1_l2",
        target="penalties.elastic_net",
        body='''
    return float(l1_ratio * l1(weights, lam) + (1.0 - l1_ratio) * l2(weights, lam))
''',
        why="the module's own l1 and l2 (the reference's here), mixed by the ratio",
        tested="every weights form of the penalty cases (one 0-d, 1-D, 2-D, 3-D array, a Python float, a "
               "nested list, an int array; lists of same, mixed and broadcastable shapes, a tuple, a "
               "single array in a list, zeros, a 0-d array in a list) with lam 0.1, 0, the int 2 and "
               "l1_ratio default, 0, 0.2, 1, the int 1: same float to 1e-10",
    ),
    dict(
        name="h2_en_alt_grad_reuse",
        target="penalties.elastic_net_grad",
        body='''
    grads = [l1_ratio * a + (1.0 - l1_ratio) * b
             for a, b in zip(l1_grad(arrays, lam), l2_grad(arrays, lam))]
''',
        why="the module's l1_grad and l2_grad on the list of arrays, mixed per array",
        tested="every weights form, lam and l1_ratio of the penalty cases: same structure, shapes, dtype "
               "float64 and values",
    ),
    dict(
        name="h2_en_alt_grad_two_terms",
        target="penalties.elastic_net_grad",
        body='''
    l1_scale = lam * l1_ratio
    l2_scale = lam * (1.0 - l1_ratio)
    grads = [l1_scale * np.sign(w) + l2_scale * w for w in arrays]
''',
        why="the two strengths computed once, outside the loop",
        tested="every weights form, lam and l1_ratio of the penalty cases: same structure, shapes, dtype "
               "float64 and values",
    ),
]

WITNESS_CASES = {
    "h2_en_ratio_on_the_wrong_term": "elastic_net/one-2d-lam-0.1-r0.2",
    "h2_en_l2_term_without_half": "elastic_net/one-2d-lam-0.1",
    "h2_en_grad_lam_only_on_l1": "elastic_net_grad/one-2d-lam-0.1",
    "h2_en_grad_sign_minus_one_at_zero": "elastic_net_grad/zeros-lam-0.1",
    "h2_en_overwrites_per_array": "elastic_net/list-mixed-shapes-lam-0.1",
    "h2_en_grad_keeps_the_half": "elastic_net_grad/one-2d-lam-0.1",
}
