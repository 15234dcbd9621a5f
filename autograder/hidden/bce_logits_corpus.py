"""The corpus of part ``bce_logits`` (binary cross-entropy on logits:
``losses.binary_cross_entropy_with_logits``, ``losses.binary_cross_entropy_with_logits_grad``):
realistic wrong bodies that its checks must catch, and correct bodies written differently that
must keep full marks.

Pure data (see ``autograder/hidden/changes.py``); graded by ``tests/test_corpus.py``."""

from .changes import Alternative, Mistake

MISTAKES = [
    Mistake(
        "bcel_naive",
        "losses.binary_cross_entropy_with_logits",
        """
        s = 1 / (1 + np.exp(-z))
        return float(np.mean(-(y * np.log(s) + (1 - y) * np.log(1 - s))))
    """,
        ("bce_logits.public_value", "bce_logits.extremes"),
        "sigmoid then log: overflow at large logits",
        hint="bce_logits.overflow",
    ),
    Mistake(
        "bcel_softplus_overflow",
        "losses.binary_cross_entropy_with_logits",
        """
        return float(np.mean(np.log(1 + np.exp(z)) - z * y))
    """,
        ("bce_logits.public_value", "bce_logits.extremes"),
        "log(1 + exp(z)) overflows for large z",
        hint="bce_logits.overflow",
    ),
    Mistake(
        "bcel_sum",
        "losses.binary_cross_entropy_with_logits",
        """
        return float(np.sum(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))
    """,
        ("bce_logits.public_value", "bce_logits.values"),
        "a sum where the mean belongs",
        hint="scale.n",
    ),
    Mistake(
        "bcel_sign",
        "losses.binary_cross_entropy_with_logits",
        """
        return float(np.mean(np.maximum(z, 0) + z * y + np.log1p(np.exp(-np.abs(z)))))
    """,
        ("bce_logits.public_value", "bce_logits.values", "bce_logits.extremes"),
        "+ z y instead of - z y",
        hint="bce_logits.zy_sign",
    ),
    Mistake(
        "bcel_grad_sign",
        "losses.binary_cross_entropy_with_logits_grad",
        """
        return (y - 1 / (1 + np.exp(-z))) / z.size
    """,
        ("bce_logits.public_grad", "bce_logits.grad"),
        "the sign flipped",
        hint="scale.sign",
    ),
    Mistake(
        "bcel_grad_no_mean",
        "losses.binary_cross_entropy_with_logits_grad",
        """
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1 / (1 + e), e / (1 + e)) - y
    """,
        ("bce_logits.public_grad", "bce_logits.grad"),
        "the gradient not divided by N",
        hint="scale.n",
    ),
    Mistake(
        "bcel_grad_prob_formula",
        "losses.binary_cross_entropy_with_logits_grad",
        """
        s = 1 / (1 + np.exp(-z))
        return (s - y) / (s * (1 - s)) / z.size
    """,
        ("bce_logits.public_grad", "bce_logits.grad", "bce_logits.extremes"),
        "the gradient with respect to the probability, not the logit",
        hint="bce_logits.grad_prob",
    ),
    Mistake(
        "bcel_grad_loop",
        "losses.binary_cross_entropy_with_logits_grad",
        """
        import math
        out = np.empty_like(z)
        for i, (zi, yi) in enumerate(zip(z.ravel(), y.ravel())):
            s = 1 / (1 + math.exp(-zi)) if zi >= 0 else math.exp(zi) / (1 + math.exp(zi))
            out.flat[i] = (s - yi) / z.size
        return out
    """,
        ("bce_logits.vectorized",),
        "a Python loop over elements",
        hint="loop",
    ),
    Mistake(
        "bcel_via_probabilities",
        "losses.binary_cross_entropy_with_logits",
        """
        with np.errstate(over="ignore"):
            return binary_cross_entropy(1.0 / (1.0 + np.exp(-z)), y)
    """,
        ("bce_logits.public_value", "bce_logits.extremes"),
        "built on the probability loss: inherits its clamp at -100 (100 where the truth is 1000)",
        hint="bce_logits.clamped",
        tags=("extreme",),
    ),
    Mistake(
        "bcel_grad_clipped_sigmoid",
        "losses.binary_cross_entropy_with_logits_grad",
        """
        with np.errstate(over="ignore"):
            s = np.clip(1.0 / (1.0 + np.exp(-z)), 1e-7, 1 - 1e-7)
        return (s - y) / z.size
    """,
        ("bce_logits.extremes",),
        "a 'safe' sigmoid clipped to [1e-7, 1 - 1e-7]",
        hint="bce_logits.grad_clipped",
        tags=("extreme",),
    ),
]

ALTERNATIVES = [
    Alternative(
        "bcel_logaddexp",
        "losses.binary_cross_entropy_with_logits",
        """
        return float(np.mean(np.logaddexp(0.0, z) - z * y))
    """,
        "np.logaddexp(0, z) instead of a hand-written softplus",
    ),
    Alternative(
        "bcel_grad_tanh",
        "losses.binary_cross_entropy_with_logits_grad",
        """
        sigmoid = 0.5 * (1.0 + np.tanh(0.5 * z))
        return (sigmoid - y) / z.size
    """,
        "the sigmoid through tanh",
    ),
    Alternative(
        "bcel_grad_naive_sigmoid",
        "losses.binary_cross_entropy_with_logits_grad",
        """
        with np.errstate(over="ignore"):
            return (1.0 / (1.0 + np.exp(-z)) - y) / z.size
    """,
        "the textbook sigmoid: exp overflows to inf and 1 / inf is exactly 0",
        tags=("extreme",),
    ),
    Alternative(
        "bcel_softplus_where",
        "losses.binary_cross_entropy_with_logits",
        """
        with np.errstate(over="ignore"):
            softplus = np.where(z > 0, z + np.log1p(np.exp(-z)), np.log1p(np.exp(z)))
        return float(np.mean(softplus - z * y))
    """,
        "the softplus by cases with np.where",
        tags=("extreme",),
    ),
]
