"""Held-out mistakes and alternatives for ``hinge`` and ``hinge_grad`` (notebook 02).

Contract: scores of any shape, y in {-1, +1} (the provided lines reject anything else); the loss is
the mean of max(0, 1 - y s); the gradient -y / N where 1 - y s > 0 and 0 otherwise (0 exactly on
the margin, y s = 1).
"""

MISTAKES = [
    dict(
        name="h2_hinge_grad_active_on_the_margin",
        target="losses.hinge_grad",
        body='''
    return np.where(y * scores <= 1.0, -y, 0.0) / scores.size
''',
        cause="I treated a margin of exactly 1 as a violation (<=); the loss is flat from the margin on, "
              "so the subgradient there is 0",
        kind="domain",
        witness="scores [1, -1, 1, -1] with y = scores (every margin exactly 1): [-0.25, 0.25, -0.25, "
                "0.25] instead of zeros",
    ),
    dict(
        name="h2_hinge_grad_forgot_label",
        target="losses.hinge_grad",
        body='''
    return np.where(y * scores < 1.0, -1.0, 0.0) / scores.size
''',
        cause="I wrote the derivative of 1 - y s as -1 instead of -y, so negative examples inside the "
              "margin are pushed the wrong way",
        kind="slip",
        witness="scores [0.5, -0.5, 2], y = [-1, -1, -1]: -1/3 instead of +1/3 at the violated entries",
    ),
    dict(
        name="h2_hinge_np_max_instead_of_maximum",
        target="losses.hinge",
        body='''
    return float(np.mean(np.max(0, 1 - y * scores)))
''',
        cause="I used np.max (the largest element, whose second argument is an axis) instead of "
              "np.maximum (elementwise), so the call fails",
        kind="slip",
        witness="any input: raises TypeError (an array cannot be an axis) instead of returning the loss",
    ),
    dict(
        name="h2_hinge_grad_no_mean",
        target="losses.hinge_grad",
        body='''
    return np.where(1.0 - y * scores > 0.0, -y, 0.0)
''',
        cause="I forgot that the loss is a mean, so the gradient must be divided by the number of "
              "elements",
        kind="slip",
        witness="2-D (4, 3) scores: the nonzero entries are +-1 instead of +-1/12",
    ),
    dict(
        name="h2_hinge_divide_by_len",
        target="losses.hinge",
        body='''
    return float(np.sum(np.maximum(0.0, 1.0 - y * scores)) / len(scores))
''',
        cause="I divided the sum by len(scores), the number of rows, instead of the number of elements "
              "(and a 0-d score has no len)",
        kind="domain",
        witness="2-D (4, 3) scores: 3 times the reference's value; 0-d scores raise TypeError",
    ),
    dict(
        name="h2_hinge_converts_labels",
        target="losses.hinge",
        body='''
    signs = 2 * y - 1
    return float(np.mean(np.maximum(0.0, 1.0 - signs * scores)))
''',
        cause="I converted the labels with 2y - 1 as for 0/1 labels, but they are already -1/+1, so a "
              "-1 label becomes -3",
        kind="slip",
        witness="scores [0.5, -0.5, 2], y = [-1, -1, -1]: 3.1667 instead of 1.6667 (each -1 label acts "
                "as -3)",
    ),
]

ALTERNATIVES = [
    dict(
        name="h2_hinge_alt_clip",
        target="losses.hinge",
        body='''
    return float(np.clip(1.0 - y * scores, 0.0, None).mean())
''',
        why="np.clip with only a lower bound instead of np.maximum",
        tested="every input of the hinge cases (0-d to 3-D, lists, int scores, margins exactly 1 and "
               "2**-40 either side, all beyond, -1 labels inside, 1e6 scores): same float to 1e-10",
    ),
    dict(
        name="h2_hinge_alt_grad_mask_product",
        target="losses.hinge_grad",
        body='''
    violated = y * scores < 1.0
    return -y * violated / scores.size
''',
        why="the boolean mask multiplied in; y s < 1 is the same test as 1 - y s > 0",
        tested="every input of the hinge cases: same shape, dtype float64 and values (0 on the margin)",
    ),
    dict(
        name="h2_hinge_alt_grad_margin_variable",
        target="losses.hinge_grad",
        body='''
    margin = y * scores
    grad = np.zeros_like(scores)
    grad[margin < 1] = -y[margin < 1]
    return grad / np.size(scores)
''',
        why="fills a zero array through a boolean index",
        tested="every input of the hinge cases (0-d included): same shape, dtype float64 and values",
    ),
]

WITNESS_CASES = {
    "h2_hinge_grad_active_on_the_margin": "hinge_grad/on-the-margin",
    "h2_hinge_grad_forgot_label": "hinge_grad/negative-labels-inside",
    "h2_hinge_np_max_instead_of_maximum": "hinge/2d",
    "h2_hinge_grad_no_mean": "hinge_grad/2d",
    "h2_hinge_divide_by_len": "hinge/2d",
    "h2_hinge_converts_labels": "hinge/negative-labels-inside",
}
