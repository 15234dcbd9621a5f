"""The corpus of part ``elastic_net`` (elastic net: ``penalties.elastic_net``,
``penalties.elastic_net_grad``): realistic wrong bodies that its checks must catch, and correct
bodies written differently that must keep full marks.

Pure data (see ``autograder/hidden/changes.py``); graded by ``tests/test_corpus.py``."""

from .changes import Alternative, Mistake

MISTAKES = [
    Mistake(
        "en_ratio_swapped",
        "penalties.elastic_net",
        """
        l1_part = sum(np.sum(np.abs(w)) for w in arrays)
        l2_part = sum(np.sum(w * w) for w in arrays)
        return float(lam * ((1 - l1_ratio) * l1_part + 0.5 * l1_ratio * l2_part))
    """,
        ("elastic_net.public_value", "elastic_net.values", "elastic_net.limits"),
        "l1_ratio on the L2 part",
        hint="elastic_net.ratio_swapped",
    ),
    Mistake(
        "en_no_half",
        "penalties.elastic_net",
        """
        l1_part = sum(np.sum(np.abs(w)) for w in arrays)
        l2_part = sum(np.sum(w * w) for w in arrays)
        return float(lam * (l1_ratio * l1_part + (1 - l1_ratio) * l2_part))
    """,
        ("elastic_net.public_value", "elastic_net.values", "elastic_net.limits"),
        "the 1/2 of the L2 part missing",
        hint="elastic_net.no_half",
    ),
    Mistake(
        "en_first_only",
        "penalties.elastic_net",
        """
        w = arrays[0]
        return float(lam * (l1_ratio * np.sum(np.abs(w)) + 0.5 * (1 - l1_ratio) * np.sum(w * w)))
    """,
        ("elastic_net.values", "elastic_net.limits"),
        "only the first array of the list",
        hint="penalty.first_only",
    ),
    Mistake(
        "en_grad_no_ratio_on_l2",
        "penalties.elastic_net_grad",
        """
        grads = [lam * (l1_ratio * np.sign(w) + w) for w in arrays]
    """,
        ("elastic_net.public_grad", "elastic_net.grad", "elastic_net.limits"),
        "(1 - l1_ratio) missing on the L2 part",
        hint="elastic_net.grad_no_ratio",
    ),
    Mistake(
        "en_grad_two_w",
        "penalties.elastic_net_grad",
        """
        grads = [lam * (l1_ratio * np.sign(w) + 2 * (1 - l1_ratio) * w) for w in arrays]
    """,
        ("elastic_net.public_grad", "elastic_net.grad", "elastic_net.limits"),
        "2 w in the L2 part",
        hint="elastic_net.grad_two_w",
    ),
    Mistake(
        "en_grad_sign",
        "penalties.elastic_net_grad",
        """
        grads = [-lam * (l1_ratio * np.sign(w) + (1 - l1_ratio) * w) for w in arrays]
    """,
        ("elastic_net.public_grad", "elastic_net.grad", "elastic_net.limits"),
        "the sign flipped",
        hint="scale.sign",
    ),
    Mistake(
        "en_grad_zero_positive",
        "penalties.elastic_net_grad",
        """
        grads = [lam * (l1_ratio * np.where(w >= 0, 1.0, -1.0) + (1 - l1_ratio) * w) for w in arrays]
    """,
        ("elastic_net.public_grad", "elastic_net.grad", "elastic_net.limits"),
        "+lam l1_ratio at w = 0 exactly",
        hint="elastic_net.grad_at_zero",
        tags=("boundary",),
    ),
    Mistake(
        "en_ratio_ignored",
        "penalties.elastic_net",
        """
        l1_part = sum(np.sum(np.abs(w)) for w in arrays)
        l2_part = sum(np.sum(w * w) for w in arrays)
        return float(lam * (0.5 * l1_part + 0.25 * l2_part))
    """,
        ("elastic_net.public_value", "elastic_net.values", "elastic_net.limits"),
        "l1_ratio ignored (always 0.5)",
        hint="elastic_net.ratio_ignored",
        tags=("arguments",),
    ),
]

ALTERNATIVES = [
    Alternative(
        "en_via_parts",
        "penalties.elastic_net",
        """
        a = sum(float(np.abs(w).sum()) for w in arrays)
        b = sum(float((w ** 2).sum()) for w in arrays)
        return lam * l1_ratio * a + lam * (1 - l1_ratio) * b / 2
    """,
        "the two parts written separately",
    ),
    Alternative(
        "en_grad_split",
        "penalties.elastic_net_grad",
        """
        grads = [lam * l1_ratio * np.sign(w) + lam * (1.0 - l1_ratio) * w for w in arrays]
    """,
        "the two parts of the gradient written separately",
        tags=("boundary", "arguments"),
    ),
]
