"""The corpus of part ``cce`` (softmax cross-entropy: ``losses.categorical_cross_entropy``, ``losses.categorical_cross_entropy_grad``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/hidden/changes.py``); graded by ``tests/test_corpus.py``."""

from .changes import Alternative, Mistake

MISTAKES = [
    Mistake("cce_mean_all", "losses.categorical_cross_entropy", """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        return float(-np.mean(target * log_softmax(logits)))
    """, ("cce.public_value", "cce.labels", "cce.probabilities", "cce.smoothing"),
            "averaged over N x C entries"),
    Mistake("cce_sum", "losses.categorical_cross_entropy", """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        return float(-np.sum(target * log_softmax(logits)))
    """, ("cce.public_value", "cce.labels", "cce.probabilities", "cce.smoothing"), "summed over rows"),
    Mistake("cce_no_smoothing", "losses.categorical_cross_entropy", """
        return float(-np.sum(target * log_softmax(logits)) / logits.shape[0])
    """, ("cce.public_value", "cce.smoothing"), "label smoothing ignored"),
    Mistake("cce_smooth_others", "losses.categorical_cross_entropy", """
        c = logits.shape[1]
        target = (1.0 - eps) * target + eps / (c - 1) * (1.0 - target)
        return float(-np.sum(target * log_softmax(logits)) / logits.shape[0])
    """, ("cce.public_value", "cce.smoothing"), "eps / (C - 1) to the other classes (not PyTorch's eps / C)"),
    Mistake("cce_log_of_softmax", "losses.categorical_cross_entropy", """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(-np.sum(target * np.log(softmax(logits))) / logits.shape[0])
    """, ("cce.extremes",), "log of the softmax: unstable at extreme logits"),
    Mistake("cce_grad_no_mean", "losses.categorical_cross_entropy_grad", """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        return softmax(logits) - target
    """, ("cce.public_grad", "cce.grad"), "the gradient not divided by N"),
    Mistake("cce_grad_sign", "losses.categorical_cross_entropy_grad", """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        return (target - softmax(logits)) / logits.shape[0]
    """, ("cce.public_grad", "cce.grad"), "the sign flipped"),
    Mistake("cce_grad_no_smoothing", "losses.categorical_cross_entropy_grad", """
        return (softmax(logits) - target) / logits.shape[0]
    """, ("cce.grad",), "label smoothing ignored in the gradient"),
    Mistake("cce_grad_loop", "losses.categorical_cross_entropy_grad", """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        grad = np.empty_like(logits)
        for i in range(logits.shape[0]):
            row = np.exp(logits[i] - logits[i].max())
            grad[i] = (row / row.sum() - target[i]) / logits.shape[0]
        return grad
    """, ("cce.vectorized",), "a Python loop over rows"),
]

ALTERNATIVES = [
    Alternative("cce_einsum", "losses.categorical_cross_entropy", """
        c = logits.shape[1]
        t = target * (1 - eps) + eps / c
        m = logits.max(axis=1, keepdims=True)
        log_p = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
        return -float(np.einsum("ij,ij->", t, log_p)) / len(logits)
    """, "a hand-written log-softmax and einsum"),
]
