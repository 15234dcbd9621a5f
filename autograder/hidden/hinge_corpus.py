"""The corpus of part ``hinge`` (binary hinge loss: ``losses.hinge``, ``losses.hinge_grad``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/hidden/changes.py``); graded by ``tests/test_corpus.py``."""

from .changes import Alternative, Mistake

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
]
