"""The corpus of part ``kl`` (kl divergence: ``losses.kl_divergence``,
``losses.kl_divergence_grad``): realistic wrong bodies that its checks must catch, and correct
bodies written differently that must keep full marks.

Pure data (see ``autograder/hidden/changes.py``); graded by ``tests/test_corpus.py``."""

from .changes import Alternative, Mistake

MISTAKES = [
    Mistake(
        "kl_reversed",
        "losses.kl_divergence",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.sum(np.where(q > 0, q * (np.log(q) - np.log(p)), 0.0)) / rows)
    """,
        ("kl.public_value", "kl.values", "kl.zeros"),
        "KL(q || p) instead of KL(p || q)",
        hint="kl.reversed",
    ),
    Mistake(
        "kl_no_zero_rule",
        "losses.kl_divergence",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.sum(p * np.log(p / q)) / rows)
    """,
        ("kl.public_value", "kl.zeros"),
        "0 log 0 gives NaN",
        hint="kl.zero_rule",
    ),
    Mistake(
        "kl_mean_all",
        "losses.kl_divergence",
        """
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.mean(np.where(p > 0, p * np.log(p / q), 0.0)))
    """,
        ("kl.public_value", "kl.values"),
        "averaged over all entries",
        hint="kl.all_entries",
    ),
    Mistake(
        "kl_sum_rows",
        "losses.kl_divergence",
        """
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.sum(np.where(p > 0, p * np.log(p / q), 0.0)))
    """,
        ("kl.public_value", "kl.values"),
        "rows summed instead of averaged",
        hint="scale.n",
    ),
    Mistake(
        "kl_loop_rows",
        "losses.kl_divergence",
        """
        rows = p.reshape(-1, p.shape[-1]), q.reshape(-1, q.shape[-1])
        total = 0.0
        for pi, qi in zip(*rows):
            for a, b in zip(pi, qi):
                if a > 0:
                    total += a * np.log(a / b)
        return float(total / (1 if p.ndim == 1 else p.shape[0]))
    """,
        ("kl.vectorized",),
        "Python loops over rows and entries",
        hint="loop",
    ),
    Mistake(
        "kl_grad_wrt_p",
        "losses.kl_divergence_grad",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(p > 0, np.log(p / q) + 1.0, 0.0) / rows
    """,
        ("kl.public_grad", "kl.zeros", "kl.grad"),
        "the gradient with respect to p",
        hint="kl.grad_wrt_p",
    ),
    Mistake(
        "kl_grad_sign",
        "losses.kl_divergence_grad",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(p > 0, p / q, 0.0) / rows
    """,
        ("kl.public_grad", "kl.grad"),
        "the sign flipped",
        hint="scale.sign",
    ),
    Mistake(
        "kl_grad_nan_at_zeros",
        "losses.kl_divergence_grad",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            return -p / q / rows
    """,
        ("kl.zeros",),
        "0 / 0 gives NaN where p and q are both 0",
        hint="kl.grad_zeros",
    ),
    Mistake(
        "kl_grad_no_mean",
        "losses.kl_divergence_grad",
        """
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(p > 0, -p / q, 0.0)
    """,
        ("kl.public_grad", "kl.grad"),
        "not divided by the number of rows",
        hint="scale.n",
    ),
    Mistake(
        "kl_masks_q",
        "losses.kl_divergence",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.sum(np.where((p > 0) & (q > 0), p * np.log(p / q), 0.0)) / rows)
    """,
        ("kl.zeros",),
        "terms with q = 0 dropped too: finite where the divergence is infinite",
        hint="kl.masks_q",
        tags=("boundary",),
    ),
    Mistake(
        "kl_eps_in_log",
        "losses.kl_divergence",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        return float(np.sum(p * np.log((p + 1e-10) / (q + 1e-10))) / rows)
    """,
        ("kl.values", "kl.zeros"),
        "an eps in the log: wrong where q is tiny, finite where it is 0",
        hint="kl.eps",
        tags=("extreme",),
    ),
]

ALTERNATIVES = [
    Alternative(
        "kl_masked",
        "losses.kl_divergence",
        """
        rows = 1 if p.ndim == 1 else len(p)
        keep = p > 0
        with np.errstate(divide="ignore"):
            return float(np.sum(p[keep] * np.log(p[keep] / q[keep])) / rows)
    """,
        "indexing with a mask instead of np.where",
    ),
    Alternative(
        "kl_grad_divide_where",
        "losses.kl_divergence_grad",
        """
        rows = 1 if p.ndim == 1 else len(p)
        out = np.zeros_like(q)
        np.divide(-p, q, out=out, where=p > 0)
        return out / rows
    """,
        "np.divide with where=",
    ),
    Alternative(
        "kl_log_difference",
        "losses.kl_divergence",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(p > 0, p * np.log(p), 0.0) - np.where(p > 0, p * np.log(q), 0.0)
        return float(terms.sum() / rows)
    """,
        "p log p - p log q, each masked where p = 0",
        tags=("boundary", "extreme"),
    ),
]
