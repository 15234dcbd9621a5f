"""The corpus of part ``l1`` (l1 penalty: ``penalties.l1``, ``penalties.l1_grad``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/parts/changes.py``); graded by ``tests/test_corpus.py``."""

from ..changes import Alternative, Mistake

MISTAKES = [
    Mistake(
        "l1_is_l2",
        "penalties.l1",
        """
        return float(0.5 * lam * sum(np.sum(w * w) for w in arrays))
    """,
        ("l1.public_value", "l1.values"),
        "the L2 formula",
        hint="l1.is_l2",
    ),
    Mistake(
        "l1_first_only",
        "penalties.l1",
        """
        return float(lam * np.sum(np.abs(arrays[0])))
    """,
        ("l1.public_value", "l1.values"),
        "only the first array of the list",
        hint="penalty.first_only",
    ),
    Mistake(
        "l1_no_lam",
        "penalties.l1",
        """
        return float(sum(np.sum(np.abs(w)) for w in arrays))
    """,
        ("l1.public_value", "l1.values"),
        "lam missing",
        hint="penalty.no_lam",
    ),
    Mistake(
        "l1_no_abs",
        "penalties.l1",
        """
        return float(lam * sum(np.sum(w) for w in arrays))
    """,
        ("l1.public_value", "l1.values"),
        "abs missing",
        hint="l1.no_abs",
    ),
    Mistake(
        "l1_grad_is_l2",
        "penalties.l1_grad",
        """
        grads = [lam * w for w in arrays]
    """,
        ("l1.public_grad", "l1.grad", "l1.sparsity"),
        "the L2 gradient used for L1",
        hint="l1.grad_is_l2",
    ),
    Mistake(
        "l1_grad_sign",
        "penalties.l1_grad",
        """
        grads = [-lam * np.sign(w) for w in arrays]
    """,
        ("l1.public_grad", "l1.grad", "l1.sparsity"),
        "the sign flipped",
        hint="scale.sign",
    ),
    Mistake(
        "l1_grad_first_only",
        "penalties.l1_grad",
        """
        grads = [lam * np.sign(arrays[0])]
    """,
        ("l1.public_grad", "l1.grad"),
        "only the first array of the list",
        hint=None,
    ),
    Mistake(
        "l1_grad_no_lam",
        "penalties.l1_grad",
        """
        grads = [np.sign(w) for w in arrays]
    """,
        ("l1.public_grad", "l1.grad", "l1.sparsity"),
        "lam missing",
        hint="penalty.no_lam",
    ),
    Mistake(
        "l1_grad_zero_positive",
        "penalties.l1_grad",
        """
        grads = [lam * np.where(w >= 0, 1.0, -1.0) for w in arrays]
    """,
        ("l1.public_grad", "l1.grad"),
        "+lam at w = 0 exactly",
        hint="l1.grad_at_zero",
        tags=("boundary",),
    ),
    Mistake(
        "l1_squares_halved",
        "penalties.l1",
        """
        return float(lam * sum(np.sum(np.square(w)) for w in arrays) / 2)
    """,
        ("l1.public_value", "l1.values"),
        "squares summed and halved, as for L2",
        hint='l1.is_l2',
    ),
    Mistake(
        "l1_signed_sum",
        "penalties.l1",
        """
        total = 0.0
        for w in arrays:
            total += w.sum()
        return float(lam * total)
    """,
        ("l1.public_value", "l1.values"),
        "the weights summed with their signs",
        hint='l1.no_abs',
    ),
    Mistake(
        "l1_grad_lam_w",
        "penalties.l1_grad",
        """
        grads = [lam * w.copy() for w in arrays]
    """,
        ("l1.grad", "l1.public_grad", "l1.sparsity"),
        "lam * w, the L2 gradient",
        hint='l1.grad_is_l2',
    ),
    Mistake(
        "l1_grad_where_ge",
        "penalties.l1_grad",
        """
        grads = [lam * np.where(w >= 0, 1.0, -1.0) for w in arrays]
    """,
        ("l1.grad", "l1.public_grad"),
        "+lam at w = 0 (>= 0 taken as positive)",
        hint='l1.grad_at_zero',
    ),
    Mistake(
        "l1_grad_copysign",
        "penalties.l1_grad",
        """
        grads = [lam * np.copysign(1.0, w) for w in arrays]
    """,
        ("l1.grad", "l1.public_grad"),
        "copysign gives +-1 at w = 0",
        hint='l1.grad_at_zero',
        tags=('boundary',),
    ),
    Mistake(
        "l1_grad_returns_list",
        "penalties.l1_grad",
        """
        return [lam * np.sign(w) for w in arrays]
    """,
        ("l1.grad", "l1.public_grad"),
        "returns the list of gradients itself: a list for one array, a list for a tuple",
        hint=None,
        tags=('domain',),
    ),
    Mistake(
        "l1_norm_ord1",
        "penalties.l1",
        """
        return float(lam * sum(np.linalg.norm(w, 1) for w in arrays))
    """,
        ("l1.public_value", "l1.values"),
        "np.linalg.norm(w, 1) is the largest column sum for a 2-D array (and fails on 0-d)",
        hint=None,
        tags=('domain',),
    ),
    Mistake(
        "l1_iterates_weights",
        "penalties.l1",
        """
        return float(lam * sum(np.sum(np.abs(w)) for w in np.atleast_1d(weights)))
    """,
        ("l1.public_value", "l1.values"),
        "iterates over the argument as given: an array's rows (fine), but a list of arrays of different "
        "shapes breaks",
        hint=None,
        tags=('domain',),
    ),
]

ALTERNATIVES = [
    Alternative(
        "l1_generator_sum",
        "penalties.l1",
        """
        total = 0.0
        for w in arrays:
            total += np.abs(w).sum()
        return float(lam * total)
    """,
        "an explicit loop over the arrays (not over elements)",
    ),
    Alternative(
        "l1_grad_compare",
        "penalties.l1_grad",
        """
        grads = [lam * ((w > 0).astype(float) - (w < 0)) for w in arrays]
    """,
        "two comparisons instead of np.sign",
        tags=("boundary",),
    ),
    Alternative(
        "l1_grad_sign_loop",
        "penalties.l1_grad",
        """
        grads = []
        for w in arrays:
            g = np.zeros_like(w)
            g[w > 0] = lam
            g[w < 0] = -lam
            grads.append(g)
    """,
        "masks set one by one (0 at exact zeros)",
        tags=('domain', 'boundary'),
    ),
]
