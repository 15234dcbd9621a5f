"""The corpus of part ``hinge`` (binary hinge loss: ``losses.hinge``, ``losses.hinge_grad``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/parts/changes.py``); graded by ``tests/test_corpus.py``."""

from ..changes import Alternative, Mistake

MISTAKES = [
    Mistake(
        "hinge_no_clip",
        "losses.hinge",
        """
        return float(np.mean(1.0 - y * scores))
    """,
        ("hinge.public_value", "hinge.values"),
        "no max(0, .)",
        hint="hinge.no_clip",
    ),
    Mistake(
        "hinge_zero_margin",
        "losses.hinge",
        """
        return float(np.mean(np.maximum(0.0, -y * scores)))
    """,
        ("hinge.public_value", "hinge.values"),
        "the margin of 1 missing",
        hint="hinge.zero_margin",
    ),
    Mistake(
        "hinge_sum",
        "losses.hinge",
        """
        return float(np.sum(np.maximum(0.0, 1.0 - y * scores)))
    """,
        ("hinge.public_value", "hinge.values"),
        "a sum where the mean belongs",
        hint="scale.n",
    ),
    Mistake(
        "hinge_loop",
        "losses.hinge",
        """
        total = 0.0
        for s, t in zip(scores.ravel(), y.ravel()):
            total += max(0.0, 1.0 - t * s)
        return float(total / scores.size)
    """,
        ("hinge.vectorized",),
        "a Python loop over elements",
        hint="loop",
    ),
    Mistake(
        "hinge_grad_unmasked",
        "losses.hinge_grad",
        """
        return -y / scores.size
    """,
        ("hinge.public_grad", "hinge.grad"),
        "a gradient even beyond the margin",
        hint="hinge.grad_unmasked",
    ),
    Mistake(
        "hinge_grad_sign",
        "losses.hinge_grad",
        """
        return np.where(1.0 - y * scores > 0, y, 0.0) / scores.size
    """,
        ("hinge.public_grad", "hinge.grad"),
        "the sign flipped",
        hint="scale.sign",
    ),
    Mistake(
        "hinge_grad_no_mean",
        "losses.hinge_grad",
        """
        return np.where(1.0 - y * scores > 0, -y, 0.0)
    """,
        ("hinge.public_grad", "hinge.grad"),
        "the gradient not divided by N",
        hint="scale.n",
    ),
    Mistake(
        "hinge_grad_kink",
        "losses.hinge_grad",
        """
        return np.where(y * scores <= 1.0, -y, 0.0) / scores.size
    """,
        ("hinge.public_grad", "hinge.grad"),
        "-y / N at y s = 1 exactly (<= instead of <)",
        hint="hinge.kink",
        tags=("boundary",),
    ),
    Mistake(
        "hinge_divided_twice",
        "losses.hinge",
        """
        return float(np.mean(np.maximum(0.0, 1.0 - y * scores)) / scores.size)
    """,
        ("hinge.public_value", "hinge.values"),
        "a mean, then divided by N again",
        hint="scale.1/n",
    ),
    Mistake(
        "hinge_no_clip_mean",
        "losses.hinge",
        """
        return float(1.0 - np.mean(y * scores))
    """,
        ("hinge.public_value", "hinge.values"),
        "1 minus the mean margin: no max(0, .)",
        hint="hinge.no_clip",
    ),
    Mistake(
        "hinge_per_element",
        "losses.hinge",
        """
        return np.maximum(0.0, 1.0 - y * scores)
    """,
        ("hinge.public_value", "hinge.values"),
        "the per-element losses returned, not their mean",
        hint="returns.array",
    ),
    Mistake(
        "hinge_per_element_clip",
        "losses.hinge",
        """
        return np.clip(1.0 - y * scores, 0.0, None)
    """,
        ("hinge.public_value", "hinge.values"),
        "the clipped margins returned as an array",
        hint="returns.array",
    ),
    Mistake(
        "hinge_len_rows",
        "losses.hinge",
        """
        return float(np.sum(np.maximum(0.0, 1.0 - y * scores)) / len(scores))
    """,
        ("hinge.public_value", "hinge.values"),
        "divided by len(scores): the number of rows, and an error for 0-d scores",
        hint="hinge.rows",
        tags=("domain",),
    ),
    Mistake(
        "hinge_shape_rows",
        "losses.hinge",
        """
        losses = np.maximum(0.0, 1.0 - y * scores)
        return float(losses.sum() / scores.shape[0])
    """,
        ("hinge.public_value", "hinge.values"),
        "divided by shape[0]",
        hint="hinge.rows",
        tags=("domain",),
    ),
    Mistake(
        "hinge_grad_len_rows",
        "losses.hinge_grad",
        """
        return np.where(y * scores < 1.0, -y, 0.0) / len(scores)
    """,
        ("hinge.public_grad", "hinge.grad"),
        "the gradient divided by len(scores)",
        hint="hinge.rows",
        tags=("domain",),
    ),
    Mistake(
        "hinge_grad_unmasked_ones",
        "losses.hinge_grad",
        """
        return -y * np.ones_like(scores) / len(scores.ravel())
    """,
        ("hinge.public_grad", "hinge.grad"),
        "-y / N everywhere, beyond the margin too",
        hint="hinge.grad_unmasked",
    ),
    Mistake(
        "hinge_grad_kink_ge",
        "losses.hinge_grad",
        """
        return np.where(1.0 - y * scores >= 0.0, -y, 0.0) / scores.size
    """,
        ("hinge.public_grad", "hinge.grad"),
        "1 - y s >= 0: -y / N on the margin too",
        hint="hinge.kink",
        tags=("boundary",),
    ),
    Mistake(
        "hinge_grad_near_kink",
        "losses.hinge_grad",
        """
        return np.where(1.0 - y * scores > 1e-12, -y, 0.0) / scores.size
    """,
        ("hinge.grad",),
        "a tolerance in the comparison with the margin: 0 a hair inside it",
        hint="hinge.near_kink",
        tags=("boundary", "conditioning"),
    ),
    Mistake(
        "hinge_grad_isclose",
        "losses.hinge_grad",
        """
        margin = y * scores
        inside = (margin < 1.0) & ~np.isclose(margin, 1.0)
        return np.where(inside, -y, 0.0) / scores.size
    """,
        ("hinge.grad",),
        "np.isclose keeps points a hair inside the margin out",
        hint="hinge.near_kink",
        tags=("boundary", "conditioning"),
    ),
    Mistake(
        "hinge_grad_zero_margin",
        "losses.hinge_grad",
        """
        return np.where(y * scores < 0.0, -y, 0.0) / scores.size
    """,
        ("hinge.public_grad", "hinge.grad"),
        "the gradient of max(0, -y s): no margin",
        hint="hinge.zero_margin",
    ),
    Mistake(
        "hinge_grad_flat",
        "losses.hinge_grad",
        """
        return (np.where(y * scores < 1.0, -y, 0.0) / scores.size).ravel()
    """,
        ("hinge.public_grad", "hinge.grad"),
        "the gradient flattened: it must have the scores' shape (0-d and 2-D come out wrong)",
        hint=None,
        tags=("domain",),
    ),
]

ALTERNATIVES = [
    Alternative(
        "hinge_clip",
        "losses.hinge",
        """
        return float(np.clip(1 - y * scores, 0, None).mean())
    """,
        "np.clip instead of np.maximum",
    ),
    Alternative(
        "hinge_grad_mask",
        "losses.hinge_grad",
        """
        active = (y * scores < 1).astype(float)
        return -y * active / y.size
    """,
        "a mask multiplied in",
    ),
    Alternative(
        "hinge_grad_heaviside",
        "losses.hinge_grad",
        """
        return -y * np.heaviside(1.0 - y * scores, 0.0) / scores.size
    """,
        "np.heaviside with the value 0 at the kink",
        tags=("boundary",),
    ),
    Alternative(
        "hinge_grad_sign_of_max",
        "losses.hinge_grad",
        """
        return -y * np.sign(np.maximum(0.0, 1.0 - y * scores)) / scores.size
    """,
        "the sign of the clipped margin: 0 on the margin",
        tags=("boundary",),
    ),
    Alternative(
        "hinge_grad_less",
        "losses.hinge_grad",
        """
        margin = y * scores
        return np.where(margin < 1.0, -y, 0.0) / margin.size
    """,
        "y s < 1, a hair inside the margin included",
        tags=("conditioning",),
    ),
    Alternative(
        "hinge_size_from_shape",
        "losses.hinge",
        """
        n = int(np.prod(scores.shape))
        return float(np.maximum(0.0, 1.0 - y * scores).sum() / n)
    """,
        "N from the shape (1 for 0-d scores)",
        tags=("domain",),
    ),
    Alternative(
        "hinge_clip_inf",
        "losses.hinge",
        """
        return float(np.sum(np.clip(1.0 - scores * y, 0.0, np.inf)) / np.size(scores))
    """,
        "np.clip to [0, inf) and np.size",
        tags=("domain", "conditioning"),
    ),
]

