"""The corpus of part ``kl`` (KL divergence: ``losses.kl_divergence``,
``losses.kl_divergence_grad``): realistic wrong bodies that its checks must catch, and correct
bodies written differently that must keep full marks.

Pure data (see ``autograder/parts/changes.py``); graded by ``tests/test_corpus.py``."""

from ..changes import Alternative, Mistake

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
        "kl_reversed_entropy",
        "losses.kl_divergence",
        """
        rows = 1 if p.ndim == 1 else len(p)
        with np.errstate(divide="ignore", invalid="ignore"):
            cross = -np.sum(np.where(q > 0, q * np.log(p), 0.0))
            entropy = -np.sum(np.where(q > 0, q * np.log(q), 0.0))
        return float((cross - entropy) / rows)
    """,
        ("kl.public_value", "kl.values", "kl.zeros"),
        "cross-entropy minus entropy, with q in the place of p",
        hint="kl.reversed",
    ),
    Mistake(
        "kl_no_zero_rule",
        "losses.kl_divergence",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.sum(p * (np.log(p) - np.log(q))) / rows)
    """,
        ("kl.public_value", "kl.zeros"),
        "0 log 0 gives NaN: no np.where for the terms with p = 0",
        hint="kl.zero_rule",
    ),
    Mistake(
        "kl_no_zero_rule_entropy",
        "losses.kl_divergence",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            return float((np.sum(p * np.log(p)) - np.sum(p * np.log(q))) / rows)
    """,
        ("kl.public_value", "kl.zeros"),
        "sum p log p - sum p log q, unmasked: 0 log 0 gives NaN",
        hint="kl.zero_rule",
    ),
    Mistake(
        "kl_mean_all",
        "losses.kl_divergence",
        """
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.mean(np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0)))
    """,
        ("kl.public_value", "kl.values", "kl.zeros"),
        "averaged over all entries",
        hint="kl.all_entries",
    ),
    Mistake(
        "kl_mean_all_size",
        "losses.kl_divergence",
        """
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0)
        return float(terms.sum() / p.size)
    """,
        ("kl.public_value", "kl.values", "kl.zeros"),
        "the sum divided by the number of entries",
        hint="kl.all_entries",
    ),
    Mistake(
        "kl_sum_rows",
        "losses.kl_divergence",
        """
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.sum(np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0)))
    """,
        ("kl.public_value", "kl.values", "kl.zeros"),
        "rows summed instead of averaged",
        hint="scale.n",
    ),
    Mistake(
        "kl_sum_rows_axis",
        "losses.kl_divergence",
        """
        with np.errstate(divide="ignore", invalid="ignore"):
            per_row = np.sum(np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0), axis=-1)
        return float(np.sum(per_row))
    """,
        ("kl.public_value", "kl.values", "kl.zeros"),
        "the rows' divergences summed",
        hint="scale.n",
    ),
    Mistake(
        "kl_sign",
        "losses.kl_divergence",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.sum(np.where(p > 0, p * (np.log(q) - np.log(p)), 0.0)) / rows)
    """,
        ("kl.public_value", "kl.values", "kl.zeros"),
        "p log(q / p): the sign flipped",
        hint="scale.sign",
    ),
    Mistake(
        "kl_loop_rows",
        "losses.kl_divergence",
        """
        rows = p.reshape(-1, p.shape[-1]), q.reshape(-1, q.shape[-1])
        total = 0.0
        with np.errstate(divide="ignore"):
            for pi, qi in zip(*rows):
                for a, b in zip(pi, qi):
                    if a > 0:
                        total += a * (np.log(a) - np.log(b))
        return float(total / (1 if p.ndim == 1 else p.shape[0]))
    """,
        ("kl.vectorized",),
        "Python loops over rows and entries",
        hint="loop",
    ),
    Mistake(
        "kl_masks_q",
        "losses.kl_divergence",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.sum(np.where((p > 0) & (q > 0), p * (np.log(p) - np.log(q)), 0.0)) / rows)
    """,
        ("kl.public_value", "kl.zeros"),
        "terms with q = 0 dropped too: finite where the divergence is infinite",
        hint="kl.masks_q",
        tags=("boundary",),
    ),
    Mistake(
        "kl_masks_q_isfinite",
        "losses.kl_divergence",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = p * (np.log(p) - np.log(q))
        return float(np.sum(terms[np.isfinite(terms)]) / rows)
    """,
        ("kl.public_value", "kl.zeros"),
        "every term that is not finite dropped: the NaN of 0 log 0, but also the infinity of q = 0",
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
        ("kl.public_value", "kl.values", "kl.zeros"),
        "an eps in the log: wrong where q is tiny, finite where it is 0",
        hint="kl.eps",
        tags=("extreme",),
    ),
    Mistake(
        "kl_eps_clip",
        "losses.kl_divergence",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        q = np.clip(q, 1e-12, None)
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.sum(np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0)) / rows)
    """,
        ("kl.public_value", "kl.values", "kl.zeros"),
        "q clipped at 1e-12 before the log",
        hint="kl.eps",
        tags=("extreme",),
    ),
    Mistake(
        "kl_ratio",
        "losses.kl_divergence",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return float(np.sum(np.where(p > 0, p * np.log(p / q), 0.0)) / rows)
    """,
        ("kl.public_value", "kl.values"),
        "p log(p / q), which the notebook warns about: p / q overflows where q is subnormal (infinite where "
        "the divergence is finite) and underflows where p is subnormal and q above one",
        hint="kl.ratio",
        tags=("conditioning",),
    ),
    Mistake(
        "kl_masked",
        "losses.kl_divergence",
        """
        rows = 1 if p.ndim == 1 else len(p)
        keep = p > 0
        with np.errstate(divide="ignore", over="ignore"):
            return float(np.sum(p[keep] * np.log(p[keep] / q[keep])) / rows)
    """,
        ("kl.public_value", "kl.values"),
        "indexing with a mask (once an alternative): its log(p / q) overflows where q is subnormal",
        hint="kl.ratio",
        tags=("conditioning",),
    ),
    Mistake(
        "kl_ratio_nansum",
        "losses.kl_divergence",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return float(np.nansum(p * np.log(p / q)) / rows)
    """,
        ("kl.public_value", "kl.values"),
        "np.nansum drops the NaN of 0 log 0 rightly, but p / q still overflows and underflows",
        hint="kl.ratio",
        tags=("conditioning",),
    ),
    Mistake(
        "kl_one_d_len",
        "losses.kl_divergence",
        """
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.sum(np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0)) / len(p))
    """,
        ("kl.public_value", "kl.values", "kl.zeros"),
        "divided by len(p), which for one distribution is its number of entries",
        hint="kl.one_d",
        tags=("domain",),
    ),
    Mistake(
        "kl_one_d_axis",
        "losses.kl_divergence",
        """
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0)
        return float(np.mean(np.sum(terms, axis=1)))
    """,
        ("kl.public_value", "kl.values", "kl.zeros"),
        "rows summed along axis 1: a 1-D input has no axis 1",
        hint="kl.one_d",
        tags=("domain",),
    ),
    Mistake(
        "kl_normalizes",
        "losses.kl_divergence",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        p = p / p.sum(axis=-1, keepdims=True)
        q = q / q.sum(axis=-1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.sum(np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0)) / rows)
    """,
        ("kl.public_value", "kl.values"),
        "p and q rescaled to sum to one: the contract takes them as given",
        hint="kl.normalizes",
        tags=("domain",),
    ),
    Mistake(
        "kl_normalizes_q",
        "losses.kl_divergence",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        q = q / np.sum(q, axis=-1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.sum(np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0)) / rows)
    """,
        ("kl.public_value", "kl.values"),
        "q made a distribution first (as if it were scores)",
        hint="kl.normalizes",
        tags=("domain",),
    ),
    Mistake(
        "kl_grad_wrt_p",
        "losses.kl_divergence_grad",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(p > 0, np.log(p / q) + 1.0, 0.0) / rows
    """,
        ("kl.public_grad", "kl.grad"),
        "the gradient with respect to p",
        hint="kl.grad_wrt_p",
    ),
    Mistake(
        "kl_grad_wrt_p_logdiff",
        "losses.kl_divergence_grad",
        """
        rows = 1 if p.ndim == 1 else len(p)
        with np.errstate(divide="ignore", invalid="ignore"):
            grad = np.log(p) - np.log(q) + 1.0
        return np.where(p > 0, grad, 0.0) / rows
    """,
        ("kl.public_grad", "kl.grad"),
        "d/dp of p (log p - log q)",
        hint="kl.grad_wrt_p",
    ),
    Mistake(
        "kl_grad_sign",
        "losses.kl_divergence_grad",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
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
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return -p / q / rows
    """,
        ("kl.public_grad", "kl.grad"),
        "0 / 0 gives NaN where p and q are both 0",
        hint="kl.grad_zeros",
    ),
    Mistake(
        "kl_grad_mask_ge",
        "losses.kl_divergence_grad",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return np.where(p >= 0, -p / q, 0.0) / rows
    """,
        ("kl.public_grad", "kl.grad"),
        "a mask p >= 0, which keeps every entry: NaN where p and q are both 0",
        hint="kl.grad_zeros",
        tags=("boundary",),
    ),
    Mistake(
        "kl_grad_no_mean",
        "losses.kl_divergence_grad",
        """
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return np.where(p > 0, -p / q, 0.0)
    """,
        ("kl.public_grad", "kl.grad"),
        "not divided by the number of rows",
        hint="scale.n",
    ),
    Mistake(
        "kl_grad_no_mean_divide",
        "losses.kl_divergence_grad",
        """
        with np.errstate(over="ignore"):
            return -np.divide(p, q, out=np.zeros_like(p), where=p > 0)
    """,
        ("kl.public_grad", "kl.grad"),
        "np.divide with where=, not divided by the number of rows",
        hint="scale.n",
    ),
    Mistake(
        "kl_grad_masks_q",
        "losses.kl_divergence_grad",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return np.where(q > 0, -p / q, 0.0) / rows
    """,
        ("kl.public_grad", "kl.grad"),
        "masked where q = 0 instead of where p = 0: 0 where the gradient is -infinity",
        hint="kl.masks_q",
        tags=("boundary",),
    ),
    Mistake(
        "kl_grad_masks_both",
        "losses.kl_divergence_grad",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return np.where((p > 0) & (q > 0), -p / q, 0.0) / rows
    """,
        ("kl.public_grad", "kl.grad"),
        "masked where p = 0 or q = 0",
        hint="kl.masks_q",
        tags=("boundary",),
    ),
    Mistake(
        "kl_grad_eps",
        "losses.kl_divergence_grad",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        return np.where(p > 0, -p / (q + 1e-10), 0.0) / rows
    """,
        ("kl.public_grad", "kl.grad"),
        "an eps added to q: wrong where q is tiny, finite where it is 0",
        hint="kl.eps",
        tags=("extreme",),
    ),
    Mistake(
        "kl_grad_clip",
        "losses.kl_divergence_grad",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        q = np.maximum(q, 1e-12)
        return np.where(p > 0, -p / q, 0.0) / rows
    """,
        ("kl.public_grad", "kl.grad"),
        "q kept from falling below 1e-12",
        hint="kl.eps",
        tags=("extreme",),
    ),
    Mistake(
        "kl_grad_reciprocal",
        "losses.kl_divergence_grad",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return np.where(p > 0, -p * (1.0 / q), 0.0) / rows
    """,
        ("kl.grad",),
        "-p times 1 / q: 1 / q overflows where q is subnormal although p / q is ordinary",
        hint="kl.grad_reciprocal",
        tags=("conditioning",),
    ),
    Mistake(
        "kl_grad_reciprocal_power",
        "losses.kl_divergence_grad",
        """
        rows = 1 if p.ndim == 1 else len(p)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            inverse = q ** -1.0
        return np.where(p > 0, -p * inverse, 0.0) / rows
    """,
        ("kl.grad",),
        "q ** -1 overflows where q is subnormal",
        hint="kl.grad_reciprocal",
        tags=("conditioning",),
    ),
    Mistake(
        "kl_grad_one_d_len",
        "losses.kl_divergence_grad",
        """
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return np.where(p > 0, -p / q, 0.0) / len(p)
    """,
        ("kl.public_grad", "kl.grad"),
        "divided by len(p): for one distribution, its number of entries",
        hint="kl.one_d",
        tags=("domain",),
    ),
    Mistake(
        "kl_grad_one_d_shape",
        "losses.kl_divergence_grad",
        """
        n = p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            grad = np.where(p > 0, -p / q, 0.0)
        return grad / n
    """,
        ("kl.public_grad", "kl.grad"),
        "divided by shape[0] whatever the number of dimensions",
        hint="kl.one_d",
        tags=("domain",),
    ),
    Mistake(
        "kl_grad_mean_all",
        "losses.kl_divergence_grad",
        """
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return np.where(p > 0, -p / q, 0.0) / p.size
    """,
        ("kl.public_grad", "kl.grad"),
        "divided by the number of entries (the gradient of a mean over all entries)",
        hint="kl.all_entries",
    ),
    Mistake(
        "kl_grad_mean_all_c",
        "losses.kl_divergence_grad",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return np.where(p > 0, -p / q, 0.0) / (rows * p.shape[-1])
    """,
        ("kl.public_grad", "kl.grad"),
        "divided by N x C",
        hint="kl.all_entries",
    ),
    Mistake(
        "kl_grad_normalizes",
        "losses.kl_divergence_grad",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        p = p / p.sum(axis=-1, keepdims=True)
        q = q / q.sum(axis=-1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return np.where(p > 0, -p / q, 0.0) / rows
    """,
        ("kl.public_grad", "kl.grad"),
        "p and q rescaled to sum to one first",
        hint="kl.normalizes",
        tags=("domain",),
    ),
    Mistake(
        "kl_grad_normalizes_p",
        "losses.kl_divergence_grad",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        p = p / np.sum(p, axis=-1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return np.where(p > 0, -p / q, 0.0) / rows
    """,
        ("kl.public_grad", "kl.grad"),
        "p made a distribution first",
        hint="kl.normalizes",
        tags=("domain",),
    ),
]

ALTERNATIVES = [
    Alternative(
        "kl_grad_divide_where",
        "losses.kl_divergence_grad",
        """
        rows = 1 if p.ndim == 1 else len(p)
        out = np.zeros_like(q)
        with np.errstate(over="ignore"):
            np.divide(-p, q, out=out, where=p > 0)
        return out / rows
    """,
        "np.divide with where=",
        tags=("boundary",),
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
    Alternative(
        "kl_nansum",
        "losses.kl_divergence",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.nansum(p * (np.log(p) - np.log(q))) / rows)
    """,
        "np.nansum drops the NaN of each 0 log 0 (and of 0 log 0 - 0 log 0); q = 0 under p > 0 stays infinite",
        tags=("boundary",),
    ),
    Alternative(
        "kl_log_where",
        "losses.kl_divergence",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        used = p > 0
        log_p = np.log(p, out=np.zeros_like(p), where=used)
        with np.errstate(divide="ignore"):
            log_q = np.log(q, out=np.zeros_like(q), where=used)
        return float(np.sum(p * (log_p - log_q)) / rows)
    """,
        "logs taken only where p > 0 (np.log with where= and out=)",
        tags=("boundary", "extreme"),
    ),
    Alternative(
        "kl_row_mean",
        "losses.kl_divergence",
        """
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0)
        return float(np.mean(np.sum(terms, axis=-1)))
    """,
        "the mean of the rows' sums along the last axis (for 1-D input, the mean of one number)",
        tags=("domain",),
    ),
    Alternative(
        "kl_atleast_2d",
        "losses.kl_divergence",
        """
        p2, q2 = np.atleast_2d(p, q)
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(p2 > 0, p2 * (np.log(p2) - np.log(q2)), 0.0)
        return float(terms.sum(axis=1).mean())
    """,
        "a 1-D input made one row",
        tags=("domain",),
    ),
    Alternative(
        "kl_entropy_form",
        "losses.kl_divergence",
        """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            cross_entropy = -np.sum(np.where(p > 0, p * np.log(q), 0.0))
            entropy = -np.sum(np.where(p > 0, p * np.log(p), 0.0))
        return float((cross_entropy - entropy) / rows)
    """,
        "cross-entropy minus entropy: two sums that nearly cancel where p and q are close",
        tags=("conditioning",),
    ),
    Alternative(
        "kl_grad_atleast_2d",
        "losses.kl_divergence_grad",
        """
        p2, q2 = np.atleast_2d(p, q)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            grad = np.where(p2 > 0, -p2 / q2, 0.0) / len(p2)
        return grad.reshape(p.shape)
    """,
        "a 1-D input made one row, the gradient reshaped back",
        tags=("domain",),
    ),
    Alternative(
        "kl_grad_rows_from_size",
        "losses.kl_divergence_grad",
        """
        rows = p.size // p.shape[-1]
        grad = np.zeros_like(p)
        used = p > 0
        with np.errstate(divide="ignore", over="ignore"):
            grad[used] = -p[used] / q[used]
        return grad / rows
    """,
        "rows counted as size / C, the gradient filled where p > 0",
        tags=("domain", "conditioning"),
    ),
]
