"""The corpus of part ``multiclass_hinge`` (multiclass hinge loss: ``losses.multiclass_hinge``,
``losses.multiclass_hinge_grad``): realistic wrong bodies that its checks must catch, and
correct bodies written differently that must keep full marks.

Pure data (see ``autograder/parts/changes.py``); graded by ``tests/test_corpus.py``."""

from ..changes import Alternative, Mistake

MISTAKES = [
    Mistake(
        "mch_include_correct",
        "losses.multiclass_hinge",
        """
        correct = scores[np.arange(len(labels)), labels][:, None]
        return float(np.sum(np.maximum(0.0, scores - correct + margin)) / len(labels))
    """,
        ("multiclass_hinge.public_value", "multiclass_hinge.values"),
        "the correct class counted",
        hint="multiclass_hinge.with_correct",
    ),
    Mistake(
        "mch_divide_by_c",
        "losses.multiclass_hinge",
        """
        n = len(labels)
        m = np.maximum(0.0, scores - scores[np.arange(n), labels][:, None] + margin)
        m[np.arange(n), labels] = 0.0
        return float(np.sum(m) / (n * scores.shape[1]))
    """,
        ("multiclass_hinge.public_value", "multiclass_hinge.values"),
        "also divided by C",
        hint="multiclass_hinge.over_c",
    ),
    Mistake(
        "mch_margin_ignored",
        "losses.multiclass_hinge",
        """
        n = len(labels)
        m = np.maximum(0.0, scores - scores[np.arange(n), labels][:, None] + 1.0)
        m[np.arange(n), labels] = 0.0
        return float(np.sum(m) / n)
    """,
        ("multiclass_hinge.public_value", "multiclass_hinge.values"),
        "margin ignored (always 1)",
        hint="multiclass_hinge.margin_ignored",
    ),
    Mistake(
        "mch_loop_rows",
        "losses.multiclass_hinge",
        """
        total = 0.0
        for i in range(scores.shape[0]):
            for j in range(scores.shape[1]):
                if j != labels[i]:
                    total += max(0.0, scores[i, j] - scores[i, labels[i]] + margin)
        return float(total / scores.shape[0])
    """,
        ("multiclass_hinge.vectorized",),
        "Python loops over rows and classes",
        hint="loop",
    ),
    Mistake(
        "mch_grad_no_correct",
        "losses.multiclass_hinge_grad",
        """
        n = len(labels)
        active = (scores - scores[np.arange(n), labels][:, None] + margin > 0).astype(float)
        active[np.arange(n), labels] = 0.0
        return active / n
    """,
        ("multiclass_hinge.public_grad", "multiclass_hinge.grad"),
        "the correct class's column left at 0",
        hint="multiclass_hinge.grad_no_correct",
    ),
    Mistake(
        "mch_grad_minus_one",
        "losses.multiclass_hinge_grad",
        """
        n = len(labels)
        active = (scores - scores[np.arange(n), labels][:, None] + margin > 0).astype(float)
        active[np.arange(n), labels] = 0.0
        active[np.arange(n), labels] = -(active.sum(axis=1) > 0).astype(float)
        return active / n
    """,
        ("multiclass_hinge.public_grad", "multiclass_hinge.grad"),
        "-1 at the correct class, not -count",
        hint="multiclass_hinge.grad_minus_one",
    ),
    Mistake(
        "mch_grad_no_mean",
        "losses.multiclass_hinge_grad",
        """
        n = len(labels)
        active = (scores - scores[np.arange(n), labels][:, None] + margin > 0).astype(float)
        active[np.arange(n), labels] = 0.0
        active[np.arange(n), labels] = -active.sum(axis=1)
        return active
    """,
        ("multiclass_hinge.public_grad", "multiclass_hinge.grad"),
        "the gradient not divided by N",
        hint="scale.n",
    ),
    Mistake(
        "mch_grad_kink",
        "losses.multiclass_hinge_grad",
        """
        n = len(labels)
        active = (scores - scores[np.arange(n), labels][:, None] + margin >= 0).astype(float)
        active[np.arange(n), labels] = 0.0
        active[np.arange(n), labels] = -active.sum(axis=1)
        return active / n
    """,
        ("multiclass_hinge.public_grad", "multiclass_hinge.grad"),
        "a margin of exactly 0 counted (>= 0)",
        hint="multiclass_hinge.kink",
        tags=("boundary",),
    ),
    Mistake(
        "mch_grad_margin_ignored",
        "losses.multiclass_hinge_grad",
        """
        n = len(labels)
        active = (scores - scores[np.arange(n), labels][:, None] + 1.0 > 0).astype(float)
        active[np.arange(n), labels] = 0.0
        active[np.arange(n), labels] = -active.sum(axis=1)
        return active / n
    """,
        ("multiclass_hinge.grad", "multiclass_hinge.public_grad"),
        "the margin argument ignored in the gradient (always 1)",
        hint="multiclass_hinge.margin_ignored",
        tags=("arguments",),
    ),
    Mistake(
        "mch_max_violation",
        "losses.multiclass_hinge",
        """
        n = scores.shape[0]
        rows = np.arange(n)
        m = np.maximum(0.0, scores - scores[rows, labels][:, None] + margin)
        m[rows, labels] = 0.0
        return float(np.sum(m.max(axis=1)) / n)
    """,
        ("multiclass_hinge.public_value", "multiclass_hinge.values"),
        "only the largest violation of each row (Crammer-Singer), not their sum",
        hint="multiclass_hinge.max_only",
    ),
    Mistake(
        "mch_max_where",
        "losses.multiclass_hinge",
        """
        n, c = scores.shape
        is_correct = np.arange(c)[None, :] == labels[:, None]
        correct = np.sum(np.where(is_correct, scores, 0.0), axis=1, keepdims=True)
        hinge = np.where(is_correct, 0.0, np.maximum(0.0, scores - correct + margin))
        return float(np.max(hinge, axis=1).mean())
    """,
        ("multiclass_hinge.public_value", "multiclass_hinge.values"),
        "the mean over rows of the largest hinge term",
        hint="multiclass_hinge.max_only",
    ),
    Mistake(
        "mch_no_newaxis",
        "losses.multiclass_hinge",
        """
        n = scores.shape[0]
        correct = scores[np.arange(n), labels]
        margins = np.maximum(0.0, scores - correct + margin)
        margins[np.arange(n), labels] = 0.0
        return float(np.sum(margins) / n)
    """,
        ("multiclass_hinge.public_value", "multiclass_hinge.values", "multiclass_hinge.vectorized"),
        "the correct scores without [:, None]: subtracted along the last axis (square batches pass silently)",
        hint="multiclass_hinge.column",
        tags=("domain",),
    ),
    Mistake(
        "mch_grad_no_newaxis",
        "losses.multiclass_hinge_grad",
        """
        n = scores.shape[0]
        rows = np.arange(n)
        active = (scores - scores[rows, labels] + margin > 0.0).astype(np.float64)
        active[rows, labels] = 0.0
        active[rows, labels] = -np.sum(active, axis=1)
        return active / n
    """,
        ("multiclass_hinge.grad", "multiclass_hinge.public_grad", "multiclass_hinge.vectorized"),
        "the gradient with the correct scores subtracted along the last axis",
        hint="multiclass_hinge.column",
        tags=("domain",),
    ),
    Mistake(
        "mch_uses_y",
        "losses.multiclass_hinge",
        """
        n = len(y)
        correct = scores[np.arange(n), y][:, None]
        margins = np.maximum(0.0, scores - correct + margin)
        margins[np.arange(n), y] = 0.0
        return float(np.sum(margins) / n)
    """,
        ("multiclass_hinge.values",),
        "indexed with y as passed instead of labels: whole-float labels cannot index",
        hint="multiclass_hinge.raw_y",
        tags=("domain",),
    ),
    Mistake(
        "mch_grad_uses_y",
        "losses.multiclass_hinge_grad",
        """
        n = scores.shape[0]
        rows = np.arange(n)
        active = (scores - scores[rows, y][:, None] + margin > 0.0).astype(np.float64)
        active[rows, y] = 0.0
        active[rows, y] = -active.sum(axis=1)
        return active / n
    """,
        ("multiclass_hinge.grad",),
        "the gradient indexed with y as passed",
        hint="multiclass_hinge.raw_y",
        tags=("domain",),
    ),
    Mistake(
        "mch_grad_near_kink",
        "losses.multiclass_hinge_grad",
        """
        n = scores.shape[0]
        rows = np.arange(n)
        active = (scores - scores[rows, labels][:, None] + margin > 1e-12).astype(np.float64)
        active[rows, labels] = 0.0
        active[rows, labels] = -np.sum(active, axis=1)
        return active / n
    """,
        ("multiclass_hinge.grad",),
        "a tolerance in the test of a positive margin: a margin a hair above 0 is not counted",
        hint="multiclass_hinge.near_kink",
        tags=("boundary", "conditioning"),
    ),
    Mistake(
        "mch_grad_isclose",
        "losses.multiclass_hinge_grad",
        """
        n = scores.shape[0]
        rows = np.arange(n)
        m = scores - scores[rows, labels][:, None] + margin
        active = ((m > 0.0) & ~np.isclose(m, 0.0)).astype(np.float64)
        active[rows, labels] = 0.0
        active[rows, labels] = -np.sum(active, axis=1)
        return active / n
    """,
        ("multiclass_hinge.grad",),
        "np.isclose keeps margins a hair above 0 out",
        hint="multiclass_hinge.near_kink",
        tags=("boundary", "conditioning"),
    ),
    Mistake(
        "mch_grad_counts_correct",
        "losses.multiclass_hinge_grad",
        """
        n = scores.shape[0]
        rows = np.arange(n)
        active = (scores - scores[rows, labels][:, None] + margin > 0.0).astype(np.float64)
        active[rows, labels] = -np.sum(active, axis=1)
        return active / n
    """,
        ("multiclass_hinge.grad", "multiclass_hinge.public_grad"),
        "the correct class's own margin (+margin) counted in its column",
        hint="multiclass_hinge.with_correct",
    ),
    Mistake(
        "mch_grad_over_c",
        "losses.multiclass_hinge_grad",
        """
        n = scores.shape[0]
        rows = np.arange(n)
        active = (scores - scores[rows, labels][:, None] + margin > 0.0).astype(np.float64)
        active[rows, labels] = 0.0
        active[rows, labels] = -np.sum(active, axis=1)
        return active / scores.size
    """,
        ("multiclass_hinge.grad", "multiclass_hinge.public_grad"),
        "the gradient divided by N x C",
        hint="multiclass_hinge.over_c",
    ),
    Mistake(
        "mch_grad_no_mean_loop_free",
        "losses.multiclass_hinge_grad",
        """
        rows = np.arange(len(labels))
        active = (scores - scores[rows, labels][:, None] + margin > 0.0) * 1.0
        active[rows, labels] = 0.0
        active[rows, labels] -= active.sum(axis=1)
        return active
    """,
        ("multiclass_hinge.grad", "multiclass_hinge.public_grad"),
        "the gradient of the summed loss: not divided by N",
        hint="scale.n",
    ),
    Mistake(
        "mch_grad_minus_sign",
        "losses.multiclass_hinge_grad",
        """
        n = scores.shape[0]
        rows = np.arange(n)
        active = (scores - scores[rows, labels][:, None] + margin > 0.0).astype(np.float64)
        active[rows, labels] = 0.0
        active[rows, labels] = -np.sign(active.sum(axis=1))
        return active / n
    """,
        ("multiclass_hinge.grad", "multiclass_hinge.public_grad"),
        "the sign of the count at the correct class: -1 / N however many margins are positive",
        hint="multiclass_hinge.grad_minus_one",
    ),
    Mistake(
        "mch_grad_no_correct_mask",
        "losses.multiclass_hinge_grad",
        """
        n, c = scores.shape
        is_correct = np.arange(c)[None, :] == labels[:, None]
        correct = np.take_along_axis(scores, labels[:, None], axis=1)
        return ((scores - correct + margin > 0) & ~is_correct) / n
    """,
        ("multiclass_hinge.grad", "multiclass_hinge.public_grad"),
        "the positive margins only: nothing at the correct class",
        hint="multiclass_hinge.grad_no_correct",
    ),
    Mistake(
        "mch_grad_heaviside_one",
        "losses.multiclass_hinge_grad",
        """
        n = scores.shape[0]
        rows = np.arange(n)
        active = np.heaviside(scores - scores[rows, labels][:, None] + margin, 1.0)
        active[rows, labels] = 0.0
        active[rows, labels] = -active.sum(axis=1)
        return active / n
    """,
        ("multiclass_hinge.grad", "multiclass_hinge.public_grad"),
        "np.heaviside with 1 at 0: a margin of exactly 0 counted",
        hint="multiclass_hinge.kink",
        tags=("boundary",),
    ),
]

ALTERNATIVES = [
    Alternative(
        "mch_masks",
        "losses.multiclass_hinge",
        """
        n, c = scores.shape
        is_correct = np.arange(c)[None, :] == labels[:, None]
        correct = np.sum(np.where(is_correct, scores, 0.0), axis=1, keepdims=True)
        return float(np.sum(np.where(is_correct, 0.0, np.maximum(0.0, scores - correct + margin))) / n)
    """,
        "a boolean mask of the correct classes",
    ),
    Alternative(
        "mch_grad_masks",
        "losses.multiclass_hinge_grad",
        """
        n, c = scores.shape
        is_correct = np.arange(c)[None, :] == labels[:, None]
        correct = np.take_along_axis(scores, labels[:, None], axis=1)
        active = (scores - correct + margin > 0) & ~is_correct
        return (active - is_correct * active.sum(axis=1, keepdims=True)) / n
    """,
        "masks and take_along_axis",
    ),
    Alternative(
        "mch_grad_heaviside",
        "losses.multiclass_hinge_grad",
        """
        n = scores.shape[0]
        rows = np.arange(n)
        active = np.heaviside(scores - scores[rows, labels][:, None] + margin, 0.0)
        active[rows, labels] = 0.0
        active[rows, labels] = -active.sum(axis=1)
        return active / n
    """,
        "np.heaviside with 0 at a margin of exactly 0",
        tags=("boundary",),
    ),
    Alternative(
        "mch_margin_subtract",
        "losses.multiclass_hinge",
        """
        n = scores.shape[0]
        correct = scores[np.arange(n), labels][:, None]
        m = np.maximum(0.0, margin - (correct - scores))
        m[np.arange(n), labels] = 0.0
        return float(m.sum() / n)
    """,
        "the margin written as margin - (s_y - s_j)",
        tags=("arguments",),
    ),
    Alternative(
        "mch_grad_subtract_self",
        "losses.multiclass_hinge_grad",
        """
        n = scores.shape[0]
        rows = np.arange(n)
        active = (scores - scores[rows, labels][:, None] + margin > 0.0).astype(np.float64)
        active[rows, labels] -= np.sum(active, axis=1)
        return active / n
    """,
        "the correct class's own margin counted and then subtracted (1 - (k + 1) = -k, and 0 - k at margin 0)",
        tags=("arguments", "boundary"),
    ),
    Alternative(
        "mch_take_along",
        "losses.multiclass_hinge",
        """
        correct = np.take_along_axis(scores, labels.reshape(-1, 1), axis=1)
        hinge = np.maximum(scores - correct + margin, 0.0)
        total = hinge.sum() - np.take_along_axis(hinge, labels.reshape(-1, 1), axis=1).sum()
        return float(total / scores.shape[0])
    """,
        "the correct class's term (max(0, margin)) subtracted from the total",
        tags=("domain", "conditioning"),
    ),
    Alternative(
        "mch_grad_one_hot",
        "losses.multiclass_hinge_grad",
        """
        n, c = scores.shape
        one_hot = np.eye(c)[labels]
        correct = (scores * one_hot).sum(axis=1, keepdims=True)
        active = ((scores - correct + margin) > 0) & (one_hot == 0)
        return (active - one_hot * active.sum(axis=1, keepdims=True)) / n
    """,
        "a one-hot matrix of the labels",
        tags=("domain",),
    ),
]

