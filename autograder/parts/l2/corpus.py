"""The corpus of part ``l2`` (l2 penalty: ``penalties.l2``, ``penalties.l2_grad``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/parts/changes.py``); graded by ``tests/test_corpus.py``."""

from ..changes import Alternative, Mistake

MISTAKES = [
    Mistake(
        "l2_no_half",
        "penalties.l2",
        """
        return float(lam * sum(np.sum(w * w) for w in arrays))
    """,
        ("l2.public_value", "l2.values"),
        "the 1/2 missing",
        hint="scale.twice",
    ),
    Mistake(
        "l2_first_only",
        "penalties.l2",
        """
        return float(0.5 * lam * np.sum(arrays[0] ** 2))
    """,
        ("l2.public_value", "l2.values"),
        "only the first array of the list",
        hint="penalty.first_only",
    ),
    Mistake(
        "l2_no_lam",
        "penalties.l2",
        """
        return float(0.5 * sum(np.sum(w * w) for w in arrays))
    """,
        ("l2.public_value", "l2.values"),
        "lam missing",
        hint="penalty.no_lam",
    ),
    Mistake(
        "l2_grad_sign",
        "penalties.l2_grad",
        """
        grads = [-lam * w for w in arrays]
    """,
        ("l2.public_grad", "l2.grad", "l2.shrinks"),
        "the sign flipped: weights grow",
        hint="scale.sign",
    ),
    Mistake(
        "l2_grad_double",
        "penalties.l2_grad",
        """
        grads = [2 * lam * w for w in arrays]
    """,
        ("l2.public_grad", "l2.grad"),
        "2 lam w (the derivative without the 1/2)",
        hint="scale.twice",
    ),
    Mistake(
        "l2_grad_first_only",
        "penalties.l2_grad",
        """
        grads = [lam * arrays[0]] + [np.zeros_like(w) for w in arrays[1:]]
    """,
        ("l2.public_grad", "l2.grad", "l2.shrinks"),
        "only the first array penalized",
        hint="penalty.first_only",
    ),
    Mistake(
        "l2_grad_is_l1",
        "penalties.l2_grad",
        """
        grads = [lam * np.sign(w) for w in arrays]
    """,
        ("l2.public_grad", "l2.grad"),
        "the L1 gradient used for L2",
        hint="l2.grad_is_l1",
    ),
    Mistake(
        "l2_no_half_square",
        "penalties.l2",
        """
        return float(lam * sum(np.sum(np.square(w)) for w in arrays))
    """,
        ("l2.public_value", "l2.values"),
        "the 1/2 forgotten, with np.square",
        hint='scale.twice',
    ),
    Mistake(
        "l2_grad_sign_only",
        "penalties.l2_grad",
        """
        grads = [lam * np.sign(w) for w in arrays]
    """,
        ("l2.grad", "l2.public_grad"),
        "lam * sign(w), the L1 gradient",
        hint='l2.grad_is_l1',
    ),
    Mistake(
        "l2_grad_only_first_rest_zero",
        "penalties.l2_grad",
        """
        grads = [lam * arrays[0]] + [np.zeros_like(w) for w in arrays[1:]]
    """,
        ("l2.grad", "l2.public_grad", "l2.shrinks"),
        "only the first array gets a gradient",
        hint='penalty.first_only',
    ),
    Mistake(
        "l2_grad_returns_list",
        "penalties.l2_grad",
        """
        return [lam * w for w in arrays]
    """,
        ("l2.grad", "l2.public_grad"),
        "returns the list of gradients itself: a list for one array or a tuple",
        hint=None,
        tags=('domain',),
    ),
    Mistake(
        "l2_frobenius",
        "penalties.l2",
        """
        return float(0.5 * lam * sum(np.linalg.norm(w) for w in arrays) ** 2)
    """,
        ("l2.public_value", "l2.values"),
        "the square of the sum of the norms, not the sum of the squares",
        hint=None,
        tags=('domain',),
    ),
]

ALTERNATIVES = [
    Alternative(
        "l2_vdot",
        "penalties.l2",
        """
        return float(lam / 2 * sum(np.vdot(w, w) for w in arrays))
    """,
        "np.vdot",
    ),
    Alternative(
        "l2_grad_multiply",
        "penalties.l2_grad",
        """
        grads = [np.multiply(lam, w) for w in arrays]
    """,
        "np.multiply",
    ),
    Alternative(
        "l2_norm_each",
        "penalties.l2",
        """
        return float(0.5 * lam * sum(np.linalg.norm(w.ravel()) ** 2 for w in arrays))
    """,
        "the squared norm of each flattened array",
        tags=('domain',),
    ),
]
