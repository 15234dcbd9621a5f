"""The corpus of part ``bce`` (binary cross-entropy on probabilities:
``losses.binary_cross_entropy``, ``losses.binary_cross_entropy_grad``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/hidden/changes.py``); graded by ``tests/test_corpus.py``."""

from .changes import Alternative, Mistake

MISTAKES = [
    Mistake(
        "bce_no_clamp",
        "losses.binary_cross_entropy",
        """
        return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))
    """,
        ("bce.public_extremes", "bce.extremes"),
        "logs not clamped: infinity or NaN at p = 0 or 1",
        hint="bce.no_clamp",
    ),
    Mistake(
        "bce_clip_eps",
        "losses.binary_cross_entropy",
        """
        q = np.clip(p, 1e-7, 1 - 1e-7)
        return float(np.mean(-(y * np.log(q) + (1 - y) * np.log(1 - q))))
    """,
        ("bce.public_extremes", "bce.extremes"),
        "probabilities clipped to 1e-7 instead of logs clamped at -100",
        hint="bce.clipped",
    ),
    Mistake(
        "bce_swapped",
        "losses.binary_cross_entropy",
        """
        with np.errstate(divide="ignore"):
            return float(np.mean(-(y * np.maximum(np.log1p(-p), -100) + (1 - y) * np.maximum(np.log(p), -100))))
    """,
        ("bce.public_value", "bce.values", "bce.extremes"),
        "log(p) and log(1 - p) swapped",
        hint="bce.swapped",
    ),
    Mistake(
        "bce_sum",
        "losses.binary_cross_entropy",
        """
        with np.errstate(divide="ignore"):
            return float(np.sum(-(y * np.maximum(np.log(p), -100) + (1 - y) * np.maximum(np.log1p(-p), -100))))
    """,
        ("bce.public_value", "bce.values"),
        "a sum where the mean belongs",
        hint="scale.n",
    ),
    Mistake(
        "bce_loop",
        "losses.binary_cross_entropy",
        """
        import math
        total = 0.0
        for pi, yi in zip(p.ravel(), y.ravel()):
            lp = max(math.log(pi), -100.0) if pi > 0 else -100.0
            l1p = max(math.log(1 - pi), -100.0) if pi < 1 else -100.0
            total -= yi * lp + (1 - yi) * l1p
        return float(total / p.size)
    """,
        ("bce.vectorized",),
        "a Python loop over elements",
        hint="loop",
    ),
    Mistake(
        "bce_grad_logit_form",
        "losses.binary_cross_entropy_grad",
        """
        return (p - y) / p.size
    """,
        ("bce.public_grad", "bce.public_extremes", "bce.grad", "bce.extremes"),
        "the gradient with respect to logits, not probabilities",
        hint="bce.logit_grad",
    ),
    Mistake(
        "bce_grad_no_guard",
        "losses.binary_cross_entropy_grad",
        """
        return (p - y) / (p * (1 - p)) / p.size
    """,
        ("bce.public_extremes", "bce.extremes"),
        "division by zero at p = 0 or 1",
        hint="bce.no_floor",
    ),
    Mistake(
        "bce_grad_sign",
        "losses.binary_cross_entropy_grad",
        """
        return (y - p) / np.maximum(p * (1 - p), 1e-12) / p.size
    """,
        ("bce.public_grad", "bce.grad"),
        "the sign flipped",
        hint="scale.sign",
    ),
    Mistake(
        "bce_grad_no_mean",
        "losses.binary_cross_entropy_grad",
        """
        return (p - y) / np.maximum(p * (1 - p), 1e-12)
    """,
        ("bce.public_grad", "bce.grad"),
        "the gradient not divided by N",
        hint="scale.n",
    ),
    Mistake(
        "bce_grad_big_floor",
        "losses.binary_cross_entropy_grad",
        """
        return (p - y) / np.maximum(p * (1 - p), 1e-7) / p.size
    """,
        ("bce.public_extremes", "bce.extremes"),
        "a floor of 1e-7 instead of 1e-12 (finite, right sign, far too small)",
        hint="bce.floor",
        tags=("extreme",),
    ),
    Mistake(
        "bce_log_eps",
        "losses.binary_cross_entropy",
        """
        return float(np.mean(-(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))))
    """,
        ("bce.public_extremes", "bce.extremes"),
        "an eps inside the logs instead of the clamp at -100",
        hint="bce.clipped",
        tags=("extreme",),
    ),
]

ALTERNATIVES = [
    Alternative(
        "bce_log_one_minus_p",
        "losses.binary_cross_entropy",
        """
        with np.errstate(divide="ignore"):
            terms = y * np.clip(np.log(p), -100, None) + (1 - y) * np.clip(np.log(1 - p), -100, None)
        return -float(np.mean(terms))
    """,
        "np.log(1 - p) and np.clip instead of log1p and maximum",
    ),
    Alternative(
        "bce_grad_two_terms",
        "losses.binary_cross_entropy_grad",
        """
        denom = np.maximum(p * (1 - p), 1e-12)
        return (p * (1 - y) - y * (1 - p)) / denom / p.size
    """,
        "the numerator written out",
    ),
    Alternative(
        "bce_clip_at_exp_minus_100",
        "losses.binary_cross_entropy",
        """
        floor = np.exp(-100.0)
        return float(np.mean(-(y * np.log(np.maximum(p, floor)) + (1 - y) * np.log(np.maximum(1 - p, floor)))))
    """,
        "p and 1 - p clipped at exp(-100) before the log: the same clamp",
        tags=("extreme",),
    ),
    Alternative(
        "bce_grad_p_minus_p2",
        "losses.binary_cross_entropy_grad",
        """
        return (p - y) / np.maximum(p - p * p, 1e-12) / p.size
    """,
        "p - p**2 as the denominator (less accurate near p = 1, within rounding)",
        tags=("extreme",),
    ),
]
