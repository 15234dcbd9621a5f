"""Held-out mistakes and alternatives for ``multiclass_hinge`` and its gradient (see README.md)."""

MISTAKES = [
    dict(
        name="ho_mch_correct_class_counted",
        target="losses.multiclass_hinge",
        body='''
    n = scores.shape[0]
    correct = scores[np.arange(n), labels].reshape(-1, 1)
    margins = np.maximum(0.0, scores - correct + margin)
    return float(margins.sum() / n)
''',
        cause="I forgot to zero the correct class's own term, which is always max(0, margin) = margin",
        kind="slip",
        probe="multiclass_hinge random",
        witness="any input with margin > 0: the loss is too large by exactly margin (1.0 by default); margin = 0 "
                "hides it",
    ),
    dict(
        name="ho_mch_grad_count_before_zeroing",
        target="losses.multiclass_hinge_grad",
        body='''
    n = scores.shape[0]
    rows = np.arange(n)
    correct = scores[rows, labels][:, None]
    active = (scores - correct + margin > 0).astype(np.float64)
    active[rows, labels] = -np.sum(active, axis=1)
    return active / n
''',
        cause="I counted the active classes before zeroing the correct class, so its own (always positive) "
              "margin is counted too",
        kind="slip",
        probe="multiclass_hinge_grad random",
        witness="margin 1: the correct-class entry is -(k + 1)/N instead of -k/N; with margin 0 it is right",
    ),
    dict(
        name="ho_mch_grad_ties_active",
        target="losses.multiclass_hinge_grad",
        body='''
    n = scores.shape[0]
    rows = np.arange(n)
    correct = scores[rows, labels][:, None]
    active = (scores - correct + margin >= 0).astype(np.float64)
    active[rows, labels] = 0.0
    active[rows, labels] = -active.sum(axis=1)
    return active / n
''',
        cause="I treated a margin of exactly 0 as violated (>= 0), where the loss term max(0, 0) has slope 0",
        kind="domain",
        probe="multiclass_hinge_grad integer ties",
        witness="integer scores [[1, 2, 3], ...] with label 2 and margin 1: s_1 - s_2 + 1 = 0 counts as active "
                "(1/N instead of 0); random real scores never hit it",
    ),
    dict(
        name="ho_mch_margin_hardcoded",
        target="losses.multiclass_hinge",
        body='''
    n = scores.shape[0]
    correct = scores[np.arange(n), labels][:, None]
    margins = np.maximum(0.0, scores - correct + 1.0)
    margins[np.arange(n), labels] = 0.0
    return float(np.sum(margins) / n)
''',
        cause="I wrote the margin as 1.0, the CS231n value, instead of using the margin argument",
        kind="second-output",
        probe="multiclass_hinge random margin=2.5",
        witness="margin = 2.5 or 0: the loss for margin 1; the default hides it",
    ),
    dict(
        name="ho_mch_mean_over_classes",
        target="losses.multiclass_hinge",
        body='''
    n = scores.shape[0]
    correct = scores[np.arange(n), labels][:, None]
    margins = np.maximum(0.0, scores - correct + margin)
    margins[np.arange(n), labels] = 0.0
    return float(np.mean(margins))
''',
        cause="I averaged over all N x C entries, like PyTorch's multi_margin_loss, instead of summing per row "
              "and averaging over N",
        kind="slip",
        probe="multiclass_hinge random",
        witness="(6, 4) scores: the loss is 4 times too small; right only for C = 1",
    ),
    dict(
        name="ho_mch_correct_not_column",
        target="losses.multiclass_hinge",
        body='''
    n = scores.shape[0]
    correct = scores[np.arange(n), labels]
    margins = np.maximum(0.0, scores - correct + margin)
    margins[np.arange(n), labels] = 0.0
    return float(np.sum(margins) / n)
''',
        cause="I forgot to reshape the correct scores to a column, so they broadcast along the class axis",
        kind="domain",
        probe="multiclass_hinge N=C",
        witness="N = C = 4: silently compares s_ij with s_j,y_j (a wrong loss); N != C raises ValueError",
    ),
    dict(
        name="ho_mch_floor_division",
        target="losses.multiclass_hinge",
        body='''
    n = scores.shape[0]
    correct = scores[np.arange(n), labels][:, None]
    margins = np.maximum(0, scores - correct + margin)
    margins[np.arange(n), labels] = 0
    return float(margins.sum() // n)
''',
        cause="I divided by the number of rows with //, which floors the loss",
        kind="slip",
        probe="multiclass_hinge random",
        witness="random (6, 4) scores: 2.0 (floored) instead of 2.78; right only when the sum is a multiple of N",
    ),
    dict(
        name="ho_mch_row_loop",
        target="losses.multiclass_hinge",
        body='''
    n = scores.shape[0]
    total = 0.0
    for i in range(n):
        row = scores[i]
        m = np.maximum(0.0, row - row[labels[i]] + margin)
        m[labels[i]] = 0.0
        total += m.sum()
    return float(total / n)
''',
        cause="I looped over the rows in Python instead of computing the (N, C) margins at once",
        kind="slip",
        probe="multiclass_hinge speed 1e5x10",
        witness="(1e5, 10) scores: 0.9 to 3.7 s (measured on a loaded 2-core machine) against 0.02 s for the reference "
                "(right values; the notebook asks for the (N, C) array at once)",
    ),
]

ALTERNATIVES = [
    dict(
        name="ho_mch_alt_subtract_correct_term",
        target="losses.multiclass_hinge",
        body='''
    n = scores.shape[0]
    correct = np.take_along_axis(scores, labels[:, None], axis=1)
    margins = np.maximum(0.0, scores - correct + margin)
    # the correct class contributes exactly max(0, margin) = margin to each row: remove it
    return float((margins.sum() - n * margin) / n)
''',
        why="the CS231n trick: keep the correct-class term (exactly margin, since margin >= 0) and subtract it",
        tested="every probe of the part: random, float and list labels, N = 1, N = C, C = 1, integer ties, all "
               "satisfied, wide spread, margins 0, 1 and 2.5, (1e5, 10) for speed",
    ),
    dict(
        name="ho_mch_alt_boolean_mask",
        target="losses.multiclass_hinge",
        body='''
    n, c = scores.shape
    wrong = np.ones((n, c), dtype=bool)
    wrong[np.arange(n), labels] = False
    correct = scores[np.arange(n), labels][:, np.newaxis]
    hinge_terms = np.maximum(0.0, scores - correct + margin)
    return float(hinge_terms[wrong].sum() / n)
''',
        why="selects the j != y_i entries with a boolean mask",
        tested="every probe of the part, every margin",
    ),
    dict(
        name="ho_mch_grad_alt_one_hot",
        target="losses.multiclass_hinge_grad",
        body='''
    n, c = scores.shape
    one_hot = np.eye(c)[labels]
    correct = np.sum(scores * one_hot, axis=1, keepdims=True)
    active = ((scores - correct + margin) > 0) & (one_hot == 0)
    grad = active - one_hot * active.sum(axis=1, keepdims=True)
    return grad / n
''',
        why="a one-hot matrix for the correct classes instead of fancy indexing",
        tested="every probe of the part, including integer ties with margins 0, 1 and 2.5 and C = 1",
    ),
]
