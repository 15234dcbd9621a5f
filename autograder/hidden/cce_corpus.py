"""The corpus of part ``cce`` (softmax cross-entropy: ``losses.categorical_cross_entropy``,
``losses.categorical_cross_entropy_grad``): realistic wrong bodies that its checks must catch,
and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/hidden/changes.py``); graded by ``tests/test_corpus.py``."""

from .changes import Alternative, Mistake

MISTAKES = [
    Mistake(
        "cce_mean_all",
        "losses.categorical_cross_entropy",
        """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        return float(-np.mean(target * log_softmax(logits)))
    """,
        ("cce.public_value", "cce.labels", "cce.probabilities", "cce.smoothing"),
        "averaged over N x C entries",
        hint="cce.mean_all",
    ),
    Mistake(
        "cce_sum",
        "losses.categorical_cross_entropy",
        """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        return float(-np.sum(target * log_softmax(logits)))
    """,
        ("cce.public_value", "cce.labels", "cce.probabilities", "cce.smoothing"),
        "summed over rows",
        hint="scale.n",
    ),
    Mistake(
        "cce_no_smoothing",
        "losses.categorical_cross_entropy",
        """
        return float(-np.sum(target * log_softmax(logits)) / logits.shape[0])
    """,
        ("cce.public_value", "cce.smoothing"),
        "label smoothing ignored",
        hint="cce.no_smoothing",
    ),
    Mistake(
        "cce_smooth_others",
        "losses.categorical_cross_entropy",
        """
        c = logits.shape[1]
        target = (1.0 - eps) * target + eps / (c - 1) * (1.0 - target)
        return float(-np.sum(target * log_softmax(logits)) / logits.shape[0])
    """,
        ("cce.public_value", "cce.smoothing"),
        "eps / (C - 1) to the other classes (not PyTorch's eps / C)",
        hint="cce.smooth_others",
    ),
    Mistake(
        "cce_log_of_softmax",
        "losses.categorical_cross_entropy",
        """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(-np.sum(target * np.log(softmax(logits))) / logits.shape[0])
    """,
        ("cce.extremes",),
        "log of the softmax: unstable at extreme logits",
        hint="cce.unstable",
    ),
    Mistake(
        "cce_grad_no_mean",
        "losses.categorical_cross_entropy_grad",
        """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        return softmax(logits) - target
    """,
        ("cce.public_grad", "cce.grad"),
        "the gradient not divided by N",
        hint="scale.n",
    ),
    Mistake(
        "cce_grad_sign",
        "losses.categorical_cross_entropy_grad",
        """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        return (target - softmax(logits)) / logits.shape[0]
    """,
        ("cce.public_grad", "cce.grad"),
        "the sign flipped",
        hint="scale.sign",
    ),
    Mistake(
        "cce_grad_no_smoothing",
        "losses.categorical_cross_entropy_grad",
        """
        return (softmax(logits) - target) / logits.shape[0]
    """,
        ("cce.public_grad", "cce.grad"),
        "label smoothing ignored in the gradient",
        hint="cce.no_smoothing",
    ),
    Mistake(
        "cce_grad_loop",
        "losses.categorical_cross_entropy_grad",
        """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        grad = np.empty_like(logits)
        for i in range(logits.shape[0]):
            row = np.exp(logits[i] - logits[i].max())
            grad[i] = (row / row.sum() - target[i]) / logits.shape[0]
        return grad
    """,
        ("cce.vectorized",),
        "a Python loop over rows",
        hint="loop",
    ),
    Mistake(
        "cce_grad_no_shift",
        "losses.categorical_cross_entropy_grad",
        """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        e = np.exp(logits)
        return (e / e.sum(axis=1, keepdims=True) - target) / logits.shape[0]
    """,
        ("cce.extremes",),
        "a softmax without the max shift in the gradient: NaN at large logits",
        hint="cce.unstable",
        tags=("extreme",),
    ),
    Mistake(
        "cce_grad_mean_all",
        "losses.categorical_cross_entropy_grad",
        """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        return (softmax(logits) - target) / logits.size
    """,
        ("cce.public_grad", "cce.grad"),
        "divided by N x C (the gradient of a mean over all entries)",
        hint="cce.mean_all",
    ),
    Mistake(
        "cce_grad_smooth_others",
        "losses.categorical_cross_entropy_grad",
        """
        c = logits.shape[1]
        target = (1.0 - eps) * target + eps / (c - 1) * (1.0 - target)
        return (softmax(logits) - target) / logits.shape[0]
    """,
        ("cce.public_grad", "cce.grad"),
        "label smoothing over the other C - 1 classes in the gradient",
        hint="cce.smooth_others",
        tags=("arguments",),
    ),
]

ALTERNATIVES = [
    Alternative(
        "cce_einsum",
        "losses.categorical_cross_entropy",
        """
        c = logits.shape[1]
        t = target * (1 - eps) + eps / c
        m = logits.max(axis=1, keepdims=True)
        log_p = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
        return -float(np.einsum("ij,ij->", t, log_p)) / len(logits)
    """,
        "a hand-written log-softmax and einsum",
    ),
    Alternative(
        "cce_logaddexp",
        "losses.categorical_cross_entropy",
        """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        lse = np.logaddexp.reduce(logits, axis=1)
        return float(np.mean(lse - np.sum(target * logits, axis=1)))
    """,
        "log-sum-exp minus the target-weighted logits (the target rows sum to 1)",
        tags=("extreme",),
    ),
    Alternative(
        "cce_grad_smooth_mix",
        "losses.categorical_cross_entropy_grad",
        """
        c = logits.shape[1]
        smooth = target + eps * (1.0 / c - target)
        shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
        return (shifted / shifted.sum(axis=1, keepdims=True) - smooth) / len(logits)
    """,
        "the smoothing written as a move towards uniform",
        tags=("arguments",),
    ),
]
