"""The corpus of part ``cce`` (softmax cross-entropy: ``losses.categorical_cross_entropy``,
``losses.categorical_cross_entropy_grad``): realistic wrong bodies that its checks must catch,
and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/parts/changes.py``); graded by ``tests/test_corpus.py``."""

from ..changes import Alternative, Mistake

MISTAKES = [
    Mistake(
        "cce_lse_minus_target_logits",
        "losses.categorical_cross_entropy",
        """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        m = np.max(logits, axis=1, keepdims=True)
        lse = (m + np.log(np.sum(np.exp(logits - m), axis=1, keepdims=True)))[:, 0]
        return float(np.mean(lse - np.sum(target * logits, axis=1)))
    """,
        ("cce.probabilities",),
        "log-sum-exp minus the target-weighted logits: right only where each target row sums to exactly 1",
        hint=None,
        tags=("domain",),
    ),
    Mistake(
        "cce_mean_all",
        "losses.categorical_cross_entropy",
        """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        return float(-np.mean(target * log_softmax(logits)))
    """,
        ("cce.extremes", "cce.labels", "cce.probabilities", "cce.public_value", "cce.smoothing"),
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
        ("cce.extremes", "cce.labels", "cce.probabilities", "cce.public_value", "cce.smoothing"),
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
        ("cce.labels", "cce.probabilities", "cce.public_value", "cce.smoothing"),
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
        ("cce.extremes", "cce.public_value"),
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
        ("cce.grad", "cce.public_grad"),
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
    Mistake(
        "cce_no_shift",
        "losses.categorical_cross_entropy",
        """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        log_probs = logits - np.log(np.sum(np.exp(logits), axis=1, keepdims=True))
        return float(-np.sum(target * log_probs) / logits.shape[0])
    """,
        ("cce.extremes", "cce.public_value"),
        "log-sum-exp without the max shift: exp overflows at large logits and underflows at large negative ones",
        hint="cce.unstable",
        tags=("extreme", "conditioning"),
    ),
    Mistake(
        "cce_mean_shift",
        "losses.categorical_cross_entropy",
        """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        shifted = logits - logits.mean(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        return float(-np.sum(target * log_probs) / logits.shape[0])
    """,
        ("cce.extremes", "cce.public_value"),
        "shifted by the row's mean, not its maximum: exp still overflows where a row spreads widely",
        hint="cce.unstable",
        tags=("conditioning",),
    ),
    Mistake(
        "cce_grad_global_max",
        "losses.categorical_cross_entropy_grad",
        """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        e = np.exp(logits - logits.max())
        return (e / e.sum(axis=1, keepdims=True) - target) / logits.shape[0]
    """,
        ("cce.grad",),
        "shifted by the largest logit of the whole batch: a row far below it underflows to 0 / 0",
        hint="cce.unstable",
        tags=("conditioning",),
    ),
    Mistake(
        "cce_smooth_no_c",
        "losses.categorical_cross_entropy",
        """
        target = (1.0 - eps) * target + eps
        return float(-np.sum(target * log_softmax(logits)) / logits.shape[0])
    """,
        ("cce.public_value", "cce.smoothing"),
        "eps added to every class, not eps / C",
        hint="cce.smooth_no_c",
        tags=("arguments",),
    ),
    Mistake(
        "cce_grad_smooth_no_c",
        "losses.categorical_cross_entropy_grad",
        """
        smooth = target * (1.0 - eps) + eps
        return (softmax(logits) - smooth) / len(logits)
    """,
        ("cce.public_grad", "cce.grad"),
        "eps added to every class in the gradient's target",
        hint="cce.smooth_no_c",
        tags=("arguments",),
    ),
    Mistake(
        "cce_sum_no_keepdims",
        "losses.categorical_cross_entropy",
        """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        shifted = logits - np.max(logits, axis=1, keepdims=True)
        log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1))
        return float(-np.sum(target * log_probs) / logits.shape[0])
    """,
        ("cce.extremes", "cce.labels", "cce.probabilities", "cce.public_value", "cce.smoothing", "cce.vectorized"),
        "the log-sum-exp of each row without keepdims: it broadcasts along the wrong axis",
        hint="cce.keepdims",
        tags=("domain",),
    ),
    Mistake(
        "cce_grad_no_keepdims",
        "losses.categorical_cross_entropy_grad",
        """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        e = np.exp(logits - logits.max(axis=1))
        return (e / e.sum(axis=1) - target) / logits.shape[0]
    """,
        ("cce.grad", "cce.public_grad", "cce.vectorized"),
        "the row maximum and sum without keepdims",
        hint="cce.keepdims",
        tags=("domain",),
    ),
    Mistake(
        "cce_labels_only",
        "losses.categorical_cross_entropy",
        """
        log_probs = log_softmax(logits)
        return float(-np.mean(log_probs[np.arange(len(log_probs)), y]))
    """,
        ("cce.labels", "cce.probabilities", "cce.public_value", "cce.smoothing"),
        "CS231n's form, the labels' log-probabilities picked with y: wrong for rows, smoothing and whole "
        "float labels",
        hint="cce.raw_y",
        tags=("domain",),
    ),
    Mistake(
        "cce_grad_labels_only",
        "losses.categorical_cross_entropy_grad",
        """
        grad = softmax(logits)
        grad[np.arange(len(grad)), y] -= 1
        return grad / len(grad)
    """,
        ("cce.grad", "cce.public_grad"),
        "CS231n's gradient, 1 subtracted at the labels y: wrong for rows, smoothing and whole float labels",
        hint="cce.raw_y",
        tags=("domain",),
    ),
    Mistake(
        "cce_y_shape",
        "losses.categorical_cross_entropy",
        """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        return float(-np.sum(target * log_softmax(logits)) / y.shape[0])
    """,
        ("cce.labels", "cce.probabilities", "cce.smoothing"),
        "the number of rows read from y.shape: y may be a list",
        hint="cce.raw_y",
        tags=("domain",),
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
        return float(np.mean(np.sum(target, axis=1) * lse - np.sum(target * logits, axis=1)))
    """,
        "log-sum-exp weighted by each target row's sum, minus the target-weighted logits",
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
    Alternative(
        "cce_logsumexp",
        "losses.categorical_cross_entropy",
        """
        c = logits.shape[1]
        t = (1.0 - eps) * target + eps / c
        m = logits.max(axis=1)
        lse = m + np.log(np.exp(logits - m[:, None]).sum(axis=1))
        return float(np.sum(t * (lse[:, None] - logits)) / len(logits))
    """,
        "the log-sum-exp of each row, minus the logits, weighed by the target",
        tags=("extreme", "conditioning"),
    ),
    Alternative(
        "cce_grad_logsumexp",
        "losses.categorical_cross_entropy_grad",
        """
        n, c = np.shape(logits)
        lse = np.logaddexp.reduce(logits, axis=1, keepdims=True)
        return (np.exp(logits - lse) - ((1.0 - eps) * target + eps / c)) / n
    """,
        "softmax as exp(z - logsumexp(z)); the shape unpacked",
        tags=("extreme", "domain"),
    ),
    Alternative(
        "cce_transpose",
        "losses.categorical_cross_entropy",
        """
        target = target + eps * (1.0 / target.shape[1] - target)
        shifted = (logits.T - logits.max(axis=1)).T
        log_z = np.log(np.exp(shifted).sum(axis=1))
        return float(-(np.sum(target * shifted) - np.sum(log_z * target.sum(axis=1))) / target.shape[0])
    """,
        "the row maxima subtracted through transposes (right on every shape, square included)",
        tags=("domain",),
    ),
]

