"""The corpus of part ``elastic_net`` (elastic net: ``penalties.elastic_net``,
``penalties.elastic_net_grad``): realistic wrong bodies that its checks must catch, and correct
bodies written differently that must keep full marks.

Pure data (see ``autograder/parts/changes.py``); graded by ``tests/test_corpus.py``."""

from ..changes import Alternative, Mistake

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
        ("elastic_net.limits", "elastic_net.public_value", "elastic_net.values"),
        "only the first array of the list",
        hint="penalty.first_only",
    ),
    Mistake(
        "en_grad_no_ratio_on_l2",
        "penalties.elastic_net_grad",
        """
        grads = [lam * (l1_ratio * np.sign(w) + w) for w in arrays]
    """,
        ("elastic_net.grad", "elastic_net.public_grad"),
        "(1 - l1_ratio) missing on the L2 part",
        hint="elastic_net.grad_no_ratio",
    ),
    Mistake(
        "en_grad_two_w",
        "penalties.elastic_net_grad",
        """
        grads = [lam * (l1_ratio * np.sign(w) + 2 * (1 - l1_ratio) * w) for w in arrays]
    """,
        ("elastic_net.grad", "elastic_net.public_grad"),
        "2 w in the L2 part",
        hint="elastic_net.grad_two_w",
    ),
    Mistake(
        "en_grad_sign",
        "penalties.elastic_net_grad",
        """
        grads = [-lam * (l1_ratio * np.sign(w) + (1 - l1_ratio) * w) for w in arrays]
    """,
        ("elastic_net.grad", "elastic_net.public_grad"),
        "the sign flipped",
        hint="scale.sign",
    ),
    Mistake(
        "en_grad_zero_positive",
        "penalties.elastic_net_grad",
        """
        grads = [lam * (l1_ratio * np.where(w >= 0, 1.0, -1.0) + (1 - l1_ratio) * w) for w in arrays]
    """,
        ("elastic_net.grad", "elastic_net.public_grad"),
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
    Mistake(
        "en_ratio_on_l2",
        "penalties.elastic_net",
        """
        a = sum(np.abs(w).sum() for w in arrays)
        b = sum((w ** 2).sum() for w in arrays)
        return float(lam * ((1 - l1_ratio) * a + l1_ratio / 2 * b))
    """,
        ("elastic_net.limits", "elastic_net.public_value", "elastic_net.values"),
        "l1_ratio put on the squares",
        hint='elastic_net.ratio_swapped',
    ),
    Mistake(
        "en_no_half_square",
        "penalties.elastic_net",
        """
        a = sum(np.abs(w).sum() for w in arrays)
        b = sum((w ** 2).sum() for w in arrays)
        return float(lam * (l1_ratio * a + (1 - l1_ratio) * b))
    """,
        ("elastic_net.limits", "elastic_net.public_value", "elastic_net.values"),
        "the L2 part without its 1/2",
        hint='elastic_net.no_half',
    ),
    Mistake(
        "en_half_half",
        "penalties.elastic_net",
        """
        a = sum(np.abs(w).sum() for w in arrays)
        b = sum((w ** 2).sum() for w in arrays)
        return float(lam * (0.5 * a + 0.25 * b))
    """,
        ("elastic_net.limits", "elastic_net.public_value", "elastic_net.values"),
        "l1_ratio taken as 0.5 whatever it is",
        hint='elastic_net.ratio_ignored',
    ),
    Mistake(
        "en_grad_w_not_weighted",
        "penalties.elastic_net_grad",
        """
        grads = [lam * l1_ratio * np.sign(w) + lam * w for w in arrays]
    """,
        ("elastic_net.grad", "elastic_net.public_grad"),
        "lam * w for the L2 part, without (1 - l1_ratio)",
        hint='elastic_net.grad_no_ratio',
    ),
    Mistake(
        "en_grad_two_w_again",
        "penalties.elastic_net_grad",
        """
        grads = [lam * (l1_ratio * np.sign(w) + (1 - l1_ratio) * 2 * w) for w in arrays]
    """,
        ("elastic_net.grad", "elastic_net.public_grad"),
        "the derivative of w**2 kept as 2 w although the penalty halves it",
        hint='elastic_net.grad_two_w',
    ),
    Mistake(
        "en_grad_ge_zero",
        "penalties.elastic_net_grad",
        """
        grads = [lam * (l1_ratio * np.where(w >= 0, 1.0, -1.0) + (1 - l1_ratio) * w) for w in arrays]
    """,
        ("elastic_net.grad", "elastic_net.public_grad"),
        "+1 for the L1 part at w = 0",
        hint='elastic_net.grad_at_zero',
        tags=('boundary',),
    ),
    Mistake(
        "en_grad_returns_list",
        "penalties.elastic_net_grad",
        """
        return [lam * (l1_ratio * np.sign(w) + (1 - l1_ratio) * w) for w in arrays]
    """,
        ("elastic_net.grad", "elastic_net.public_grad"),
        "returns the list itself: a list for one array or a tuple",
        hint=None,
        tags=('domain',),
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
