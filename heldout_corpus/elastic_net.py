"""Held-out mistakes and alternatives for ``elastic_net`` and ``elastic_net_grad`` (see README.md)."""

MISTAKES = [
    dict(
        name="ho_en_no_half",
        target="penalties.elastic_net",
        body='''
    l1_part = sum(np.sum(np.abs(w)) for w in arrays)
    l2_part = sum(np.sum(w ** 2) for w in arrays)
    return float(lam * (l1_ratio * l1_part + (1 - l1_ratio) * l2_part))
''',
        cause="I wrote (1 - r) sum w^2 without scikit-learn's 1/2, so r = 0 is not l2(weights, lam)",
        kind="slip",
        probe="elastic_net 2d lam=0.7 l1_ratio=0.25",
        witness="l1_ratio < 1: the L2 part is doubled (l1_ratio = 1 hides it)",
    ),
    dict(
        name="ho_en_grad_ratio_swapped",
        target="penalties.elastic_net_grad",
        body='''
    grads = [lam * ((1 - l1_ratio) * np.sign(w) + l1_ratio * w) for w in arrays]
''',
        cause="I weighted the L1 part by 1 - r and the L2 part by r, the opposite of what l1_ratio means",
        kind="slip",
        probe="elastic_net_grad 2d lam=0.3 l1_ratio=1.0",
        witness="l1_ratio = 1: lam w (the L2 gradient) instead of lam sign(w); l1_ratio = 0.5 hides it",
    ),
    dict(
        name="ho_en_grad_adds_rebuilt_results",
        target="penalties.elastic_net_grad",
        body='''
    grads = l1_grad(weights, lam * l1_ratio) + l2_grad(weights, lam * (1 - l1_ratio))
''',
        cause="I reused l1_grad and l2_grad and added their results with +, which concatenates the lists when "
              "weights is a list",
        kind="domain",
        probe="elastic_net_grad list of arrays lam=0.3",
        witness="weights [W, b]: ValueError (4 gradients for 2 arrays); one (3, 4) array gives only its first "
                "row back (rebuild takes item 0 of the summed array)",
    ),
    dict(
        name="ho_en_grad_sign_at_zero",
        target="penalties.elastic_net_grad",
        body='''
    grads = [lam * (l1_ratio * np.where(w > 0, 1.0, -1.0) + (1 - l1_ratio) * w) for w in arrays]
''',
        cause="I wrote the sign as +1 / -1 with no case for exact zeros",
        kind="domain",
        probe="elastic_net_grad with zeros lam=0.3",
        witness="exact zeros: -lam r instead of 0",
    ),
    dict(
        name="ho_en_grad_lam_only_on_l1",
        target="penalties.elastic_net_grad",
        body='''
    grads = [lam * l1_ratio * np.sign(w) + (1 - l1_ratio) * w for w in arrays]
''',
        cause="I expanded lam (r sign(w) + (1 - r) w) and forgot lam on the second term",
        kind="slip",
        probe="elastic_net_grad 2d lam=0.7 l1_ratio=0.25",
        witness="lam != 1 and l1_ratio < 1: the L2 part is (1 - r) w instead of lam (1 - r) w",
    ),
    dict(
        name="ho_en_sum_of_list_of_arrays",
        target="penalties.elastic_net",
        body='''
    l1_part = np.sum([np.abs(w) for w in arrays])
    l2_part = np.sum([w ** 2 for w in arrays])
    return float(lam * (l1_ratio * l1_part + 0.5 * (1 - l1_ratio) * l2_part))
''',
        cause="I called np.sum on a list of arrays, which NumPy must first stack into one array",
        kind="domain",
        probe="elastic_net list of arrays lam=0.3",
        witness="weights [W (3, 4), b (4,)]: ValueError (inhomogeneous shape); one array or same-shaped arrays work",
    ),
    dict(
        name="ho_en_grad_fixed_half_mix",
        target="penalties.elastic_net_grad",
        body='''
    grads = [lam * 0.5 * (np.sign(w) + w) for w in arrays]
''',
        cause="I wrote the gradient for the default mix 0.5 and did not use l1_ratio",
        kind="second-output",
        probe="elastic_net_grad 2d lam=0.7 l1_ratio=0.25",
        witness="l1_ratio = 0.25 (or 0, 1): the gradient for l1_ratio = 0.5; the default hides it",
    ),
]

ALTERNATIVES = [
    dict(
        name="ho_en_alt_reuse_l1_l2",
        target="penalties.elastic_net",
        body='''
    return float(l1(arrays, lam * l1_ratio) + l2(arrays, lam * (1.0 - l1_ratio)))
''',
        why="the weighted sum of the module's own l1 and l2 (correct when they are)",
        tested="every probe of the part: one array 0-d to 3-D, nested list, Python float, lists and tuples, zeros, "
               "lam 0, 0.3, 0.7, l1_ratio 0, 0.25, 0.5, 0.6 and 1",
    ),
    dict(
        name="ho_en_grad_alt_zip_reused",
        target="penalties.elastic_net_grad",
        body='''
    g1 = l1_grad(arrays, lam * l1_ratio)
    g2 = l2_grad(arrays, lam * (1.0 - l1_ratio))
    grads = [a + b for a, b in zip(g1, g2)]
''',
        why="adds the module's own l1_grad and l2_grad array by array (arrays is a list, so each returns a list)",
        tested="every probe of the part, every structure, exact zeros, l1_ratio 0 and 1",
    ),
    dict(
        name="ho_en_grad_alt_expanded",
        target="penalties.elastic_net_grad",
        body='''
    a, b = lam * l1_ratio, lam * (1.0 - l1_ratio)
    grads = [a * np.sign(w) + b * w for w in arrays]
''',
        why="the two coefficients computed once, then a sign(w) + b w",
        tested="every probe of the part, every structure, exact zeros, every l1_ratio",
    ),
]
