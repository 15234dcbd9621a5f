"""The corpus of part ``bce_logits`` (binary cross-entropy on logits: ``losses.binary_cross_entropy_with_logits``, ``losses.binary_cross_entropy_with_logits_grad``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/hidden/changes.py``); graded by ``tests/test_corpus.py``."""

from .changes import Alternative, Mistake

MISTAKES = [
    Mistake("bcel_naive", "losses.binary_cross_entropy_with_logits", """
        s = 1 / (1 + np.exp(-z))
        return float(np.mean(-(y * np.log(s) + (1 - y) * np.log(1 - s))))
    """, ("bce_logits.public_value", "bce_logits.extremes"), "sigmoid then log: overflow at large logits"),
    Mistake("bcel_softplus_overflow", "losses.binary_cross_entropy_with_logits", """
        return float(np.mean(np.log(1 + np.exp(z)) - z * y))
    """, ("bce_logits.public_value", "bce_logits.extremes"), "log(1 + exp(z)) overflows for large z"),
    Mistake("bcel_sum", "losses.binary_cross_entropy_with_logits", """
        return float(np.sum(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))
    """, ("bce_logits.public_value", "bce_logits.values"), "a sum where the mean belongs"),
    Mistake("bcel_sign", "losses.binary_cross_entropy_with_logits", """
        return float(np.mean(np.maximum(z, 0) + z * y + np.log1p(np.exp(-np.abs(z)))))
    """, ("bce_logits.public_value", "bce_logits.values"), "+ z y instead of - z y"),
    Mistake("bcel_grad_sign", "losses.binary_cross_entropy_with_logits_grad", """
        return (y - 1 / (1 + np.exp(-z))) / z.size
    """, ("bce_logits.public_grad", "bce_logits.grad"), "the sign flipped"),
    Mistake("bcel_grad_no_mean", "losses.binary_cross_entropy_with_logits_grad", """
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1 / (1 + e), e / (1 + e)) - y
    """, ("bce_logits.public_grad", "bce_logits.grad"), "the gradient not divided by N"),
    Mistake("bcel_grad_prob_formula", "losses.binary_cross_entropy_with_logits_grad", """
        s = 1 / (1 + np.exp(-z))
        return (s - y) / (s * (1 - s)) / z.size
    """, ("bce_logits.public_grad", "bce_logits.grad", "bce_logits.extremes"),
            "the gradient with respect to the probability, not the logit"),
    Mistake("bcel_grad_loop", "losses.binary_cross_entropy_with_logits_grad", """
        import math
        out = np.empty_like(z)
        for i, (zi, yi) in enumerate(zip(z.ravel(), y.ravel())):
            s = 1 / (1 + math.exp(-zi)) if zi >= 0 else math.exp(zi) / (1 + math.exp(zi))
            out.flat[i] = (s - yi) / z.size
        return out
    """, ("bce_logits.vectorized",), "a Python loop over elements"),
]

ALTERNATIVES = [
    Alternative("bcel_logaddexp", "losses.binary_cross_entropy_with_logits", """
        return float(np.mean(np.logaddexp(0.0, z) - z * y))
    """, "np.logaddexp(0, z) instead of a hand-written softplus"),
    Alternative("bcel_grad_tanh", "losses.binary_cross_entropy_with_logits_grad", """
        sigmoid = 0.5 * (1.0 + np.tanh(0.5 * z))
        return (sigmoid - y) / z.size
    """, "the sigmoid through tanh"),
]
