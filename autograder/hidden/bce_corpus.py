"""The corpus of part ``bce`` (binary cross-entropy on probabilities: ``losses.binary_cross_entropy``, ``losses.binary_cross_entropy_grad``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/hidden/changes.py``); graded by ``tests/test_corpus.py``."""

from .changes import Alternative, Mistake

MISTAKES = [
    Mistake("bce_no_clamp", "losses.binary_cross_entropy", """
        return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))
    """, ("bce.extremes",), "logs not clamped: infinity or NaN at p = 0 or 1"),
    Mistake("bce_clip_eps", "losses.binary_cross_entropy", """
        q = np.clip(p, 1e-7, 1 - 1e-7)
        return float(np.mean(-(y * np.log(q) + (1 - y) * np.log(1 - q))))
    """, ("bce.extremes",), "probabilities clipped to 1e-7 instead of logs clamped at -100"),
    Mistake("bce_swapped", "losses.binary_cross_entropy", """
        with np.errstate(divide="ignore"):
            return float(np.mean(-(y * np.maximum(np.log1p(-p), -100) + (1 - y) * np.maximum(np.log(p), -100))))
    """, ("bce.public_value", "bce.values"), "log(p) and log(1 - p) swapped"),
    Mistake("bce_sum", "losses.binary_cross_entropy", """
        with np.errstate(divide="ignore"):
            return float(np.sum(-(y * np.maximum(np.log(p), -100) + (1 - y) * np.maximum(np.log1p(-p), -100))))
    """, ("bce.public_value", "bce.values"), "a sum where the mean belongs"),
    Mistake("bce_loop", "losses.binary_cross_entropy", """
        import math
        total = 0.0
        for pi, yi in zip(p.ravel(), y.ravel()):
            lp = max(math.log(pi), -100.0) if pi > 0 else -100.0
            l1p = max(math.log(1 - pi), -100.0) if pi < 1 else -100.0
            total -= yi * lp + (1 - yi) * l1p
        return float(total / p.size)
    """, ("bce.vectorized",), "a Python loop over elements"),
    Mistake("bce_grad_logit_form", "losses.binary_cross_entropy_grad", """
        return (p - y) / p.size
    """, ("bce.public_grad", "bce.grad"), "the gradient with respect to logits, not probabilities"),
    Mistake("bce_grad_no_guard", "losses.binary_cross_entropy_grad", """
        return (p - y) / (p * (1 - p)) / p.size
    """, ("bce.extremes",), "division by zero at p = 0 or 1"),
    Mistake("bce_grad_sign", "losses.binary_cross_entropy_grad", """
        return (y - p) / np.maximum(p * (1 - p), 1e-12) / p.size
    """, ("bce.public_grad", "bce.grad", "bce.extremes"), "the sign flipped"),
    Mistake("bce_grad_no_mean", "losses.binary_cross_entropy_grad", """
        return (p - y) / np.maximum(p * (1 - p), 1e-12)
    """, ("bce.public_grad", "bce.grad"), "the gradient not divided by N"),
]

ALTERNATIVES = [
    Alternative("bce_log_one_minus_p", "losses.binary_cross_entropy", """
        with np.errstate(divide="ignore"):
            terms = y * np.clip(np.log(p), -100, None) + (1 - y) * np.clip(np.log(1 - p), -100, None)
        return -float(np.mean(terms))
    """, "np.log(1 - p) and np.clip instead of log1p and maximum"),
    Alternative("bce_grad_two_terms", "losses.binary_cross_entropy_grad", """
        denom = np.maximum(p * (1 - p), 1e-12)
        return (p * (1 - y) - y * (1 - p)) / denom / p.size
    """, "the numerator written out"),
]
