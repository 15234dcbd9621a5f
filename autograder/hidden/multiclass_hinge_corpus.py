"""The corpus of part ``multiclass_hinge`` (multiclass hinge loss: ``losses.multiclass_hinge``,
``losses.multiclass_hinge_grad``): realistic wrong bodies that its checks must catch, and
correct bodies written differently that must keep full marks.

Pure data (see ``autograder/hidden/changes.py``); graded by ``tests/test_corpus.py``."""

from .changes import Alternative, Mistake

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
        ("multiclass_hinge.values",),
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
        ("multiclass_hinge.grad",),
        "the margin argument ignored in the gradient (always 1)",
        hint="multiclass_hinge.margin_ignored",
        tags=("arguments",),
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
]
