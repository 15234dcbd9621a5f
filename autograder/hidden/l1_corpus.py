"""The corpus of part ``l1`` (l1 penalty: ``penalties.l1``, ``penalties.l1_grad``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/hidden/changes.py``); graded by ``tests/test_corpus.py``."""

from .changes import Alternative, Mistake

MISTAKES = [
    Mistake("l1_is_l2", "penalties.l1", """
        return float(0.5 * lam * sum(np.sum(w * w) for w in arrays))
    """, ("l1.public_value", "l1.values"), "the L2 formula"),
    Mistake("l1_first_only", "penalties.l1", """
        return float(lam * np.sum(np.abs(arrays[0])))
    """, ("l1.public_value", "l1.values"), "only the first array of the list"),
    Mistake("l1_no_lam", "penalties.l1", """
        return float(sum(np.sum(np.abs(w)) for w in arrays))
    """, ("l1.public_value", "l1.values"), "lam missing"),
    Mistake("l1_no_abs", "penalties.l1", """
        return float(lam * sum(np.sum(w) for w in arrays))
    """, ("l1.public_value", "l1.values"), "abs missing"),
    Mistake("l1_grad_is_l2", "penalties.l1_grad", """
        grads = [lam * w for w in arrays]
    """, ("l1.public_grad", "l1.grad", "l1.sparsity"), "the L2 gradient used for L1"),
    Mistake("l1_grad_sign", "penalties.l1_grad", """
        grads = [-lam * np.sign(w) for w in arrays]
    """, ("l1.public_grad", "l1.grad", "l1.sparsity"), "the sign flipped"),
    Mistake("l1_grad_first_only", "penalties.l1_grad", """
        grads = [lam * np.sign(arrays[0])]
    """, ("l1.public_grad", "l1.grad"), "only the first array of the list"),
    Mistake("l1_grad_no_lam", "penalties.l1_grad", """
        grads = [np.sign(w) for w in arrays]
    """, ("l1.public_grad", "l1.grad"), "lam missing"),
]

ALTERNATIVES = [
    Alternative("l1_generator_sum", "penalties.l1", """
        total = 0.0
        for w in arrays:
            total += np.abs(w).sum()
        return float(lam * total)
    """, "an explicit loop over the arrays (not over elements)"),
]
