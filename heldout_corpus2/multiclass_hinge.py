"""Held-out mistakes and alternatives for ``multiclass_hinge`` and its gradient (notebook 02).

Contract: scores (N, C), ``labels`` (validated int64 indices), ``margin`` >= 0 (an int too); per row
the sum over j != y of max(0, s_j - s_y + margin), mean over N (not over C); the gradient 1/N at each
(i, j != y_i) with a positive margin term (strictly: 0 on the boundary), minus 1/N times their count
at (i, y_i).
"""

MISTAKES = [
    dict(
        name="h2_mch_correct_class_not_zeroed",
        target="losses.multiclass_hinge",
        body='''
    n = scores.shape[0]
    correct = scores[np.arange(n), labels][:, None]
    margins = np.maximum(0.0, scores - correct + margin)
    return float(np.sum(margins) / n)
''',
        cause="I forgot to exclude j = y from the sum; the correct class always contributes "
              "max(0, margin) = margin",
        kind="slip",
        witness="6 x 4 random scores with margin 1: the loss is exactly 1 too large (margin 0 is right)",
    ),
    dict(
        name="h2_mch_grad_correct_class_minus_one",
        target="losses.multiclass_hinge_grad",
        body='''
    n = scores.shape[0]
    rows = np.arange(n)
    correct = scores[rows, labels][:, None]
    active = (scores - correct + margin > 0.0).astype(np.float64)
    active[rows, labels] = 0.0
    active[rows, labels] = np.where(active.sum(axis=1) > 0, -1.0, 0.0)
    return active / n
''',
        cause="I put -1 at the correct class of every row that has a violation, instead of minus the "
              "number of violating classes",
        kind="slip",
        witness="6 x 4 random scores with margin 1: rows with two or three violations get -1/6 at the "
                "true class instead of -2/6 or -3/6",
    ),
    dict(
        name="h2_mch_grad_no_correct_class_term",
        target="losses.multiclass_hinge_grad",
        body='''
    n = scores.shape[0]
    rows = np.arange(n)
    correct = scores[rows, labels][:, None]
    active = (scores - correct + margin > 0.0).astype(np.float64)
    active[rows, labels] = 0.0
    return active / n
''',
        cause="I differentiated only with respect to s_j and forgot that s_y appears in every term, so "
              "the true class's column stays 0",
        kind="slip",
        witness="6 x 4 random scores: the true-class entries are 0 instead of minus the violation count "
                "over N (rows do not sum to 0)",
    ),
    dict(
        name="h2_mch_grad_boundary_counts",
        target="losses.multiclass_hinge_grad",
        body='''
    n = scores.shape[0]
    rows = np.arange(n)
    correct = scores[rows, labels][:, None]
    active = (scores - correct + margin >= 0.0).astype(np.float64)
    active[rows, labels] = 0.0
    active[rows, labels] = -np.sum(active, axis=1)
    return active / n
''',
        cause="I counted a class as violating when its margin term is exactly 0 (>= instead of >), "
              "where the loss is flat",
        kind="domain",
        witness="integer scores with ties and margin 0 ([[1, 1, 0], ...], labels [0, 0, 2, 1]): the tied "
                "classes get 1/4 (and the true class -1/4) instead of 0",
    ),
    dict(
        name="h2_mch_margin_fixed_at_one",
        target="losses.multiclass_hinge",
        body='''
    n = scores.shape[0]
    correct = scores[np.arange(n), labels][:, None]
    margins = np.maximum(0.0, scores - correct + 1.0)
    margins[np.arange(n), labels] = 0.0
    return float(np.sum(margins) / n)
''',
        cause="I wrote the margin as the constant 1 from the lecture notes instead of using the margin "
              "argument",
        kind="slip",
        witness="6 x 4 random scores with margin 0.5 (or 0, 2, 3): the value for margin 1",
    ),
    dict(
        name="h2_mch_correct_scores_not_a_column",
        target="losses.multiclass_hinge",
        body='''
    n = scores.shape[0]
    correct = scores[np.arange(n), labels]
    margins = np.maximum(0.0, scores - correct + margin)
    margins[np.arange(n), labels] = 0.0
    return float(np.sum(margins) / n)
''',
        cause="I forgot to make the correct scores a column ([:, None]); (N, C) minus (N,) broadcasts "
              "along the rows, which fails when N != C and is silently wrong when N == C",
        kind="domain",
        witness="a square 4 x 4 batch: value differs (each column j subtracts row j's correct score); "
                "6 x 4 raises ValueError",
    ),
    dict(
        name="h2_mch_floor_division",
        target="losses.multiclass_hinge",
        body='''
    n = scores.shape[0]
    correct = scores[np.arange(n), labels][:, None]
    margins = np.maximum(0.0, scores - correct + margin)
    margins[np.arange(n), labels] = 0.0
    return float(np.sum(margins) // n)
''',
        cause="I divided by N with //, which floors the mean",
        kind="slip",
        witness="6 x 4 random scores with margin 1: returns a whole number (the floor of the mean)",
    ),
    dict(
        name="h2_mch_grad_margin_values",
        target="losses.multiclass_hinge_grad",
        body='''
    n = scores.shape[0]
    rows = np.arange(n)
    correct = scores[rows, labels][:, None]
    margins = np.maximum(0.0, scores - correct + margin)
    margins[rows, labels] = 0.0
    margins[rows, labels] = -np.sum(margins, axis=1)
    return margins / n
''',
        cause="I used the clipped margins themselves as the gradient; the derivative of max(0, m) with "
              "respect to m is 1 where m > 0, not m",
        kind="slip",
        witness="6 x 4 random scores: entries proportional to the violation sizes instead of 1/N",
    ),
    dict(
        name="h2_mch_mean_over_all_entries",
        target="losses.multiclass_hinge",
        body='''
    n = scores.shape[0]
    correct = scores[np.arange(n), labels][:, None]
    margins = np.maximum(0.0, scores - correct + margin)
    margins[np.arange(n), labels] = 0.0
    return float(np.mean(margins))
''',
        cause="I averaged over every entry (N * C) as PyTorch's multi_margin_loss does; the course's "
              "loss is the per-row sum averaged over rows",
        kind="slip",
        witness="6 x 4 random scores: a quarter of the reference's value",
    ),
]

ALTERNATIVES = [
    dict(
        name="h2_mch_alt_mask_of_true_class",
        target="losses.multiclass_hinge",
        body='''
    n, c = scores.shape
    is_true = np.arange(c)[None, :] == labels[:, None]
    correct = np.sum(np.where(is_true, scores, 0.0), axis=1, keepdims=True)
    margins = np.where(is_true, 0.0, np.maximum(scores - correct + margin, 0.0))
    return float(margins.sum(axis=1).mean())
''',
        why="a boolean (N, C) mask of the true classes picks the correct scores and excludes them",
        tested="every input of the multiclass_hinge cases (margins 0, 0.5, 1, 2 as an int, 3; square, "
               "wide, one row, one class, two classes; ties; margins 2**-40 either side of 0; labels as "
               "lists and whole floats): same float to 1e-10 (atol 0 on the 2**-40 case)",
    ),
    dict(
        name="h2_mch_alt_take_along_axis",
        target="losses.multiclass_hinge",
        body='''
    correct = np.take_along_axis(scores, labels[:, None], axis=1)
    margins = np.maximum(0.0, scores - correct + margin)
    np.put_along_axis(margins, labels[:, None], 0.0, axis=1)
    return float(margins.sum() / scores.shape[0])
''',
        why="take_along_axis / put_along_axis instead of fancy indexing",
        tested="every input of the multiclass_hinge cases: same float to 1e-10",
    ),
    dict(
        name="h2_mch_alt_grad_counts",
        target="losses.multiclass_hinge_grad",
        body='''
    n, c = scores.shape
    rows = np.arange(n)
    correct = scores[rows, labels]
    violated = (scores - correct[:, None] + margin) > 0
    violated[rows, labels] = False
    grad = violated.astype(np.float64)
    grad[rows, labels] -= violated.sum(axis=1)
    return grad / n
''',
        why="a boolean mask of violations; the count subtracted at the true class with -=",
        tested="every input of the multiclass_hinge cases: same shape, dtype float64 and values",
    ),
]

WITNESS_CASES = {
    "h2_mch_correct_class_not_zeroed": "multiclass_hinge/basic",
    "h2_mch_grad_correct_class_minus_one": "multiclass_hinge_grad/basic",
    "h2_mch_grad_no_correct_class_term": "multiclass_hinge_grad/basic",
    "h2_mch_grad_boundary_counts": "multiclass_hinge_grad/ties-margin-0",
    "h2_mch_margin_fixed_at_one": "multiclass_hinge/margin-0.5",
    "h2_mch_correct_scores_not_a_column": "multiclass_hinge/square",
    "h2_mch_floor_division": "multiclass_hinge/basic",
    "h2_mch_grad_margin_values": "multiclass_hinge_grad/basic",
    "h2_mch_mean_over_all_entries": "multiclass_hinge/basic",
}
