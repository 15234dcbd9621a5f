"""Held-out mistakes and alternatives for ``kl_divergence`` and ``kl_divergence_grad``."""

MISTAKES = [
    dict(
        name="ho_kl_no_zero_terms",
        target="losses.kl_divergence",
        body='''
    rows = 1 if p.ndim == 1 else p.shape[0]
    return float(np.sum(p * np.log(p / q)) / rows)
''',
        cause="I wrote sum p log(p / q) directly, so a p = 0 entry gives 0 * log(0) = NaN instead of counting as 0",
        kind="domain",
        probe="kl_divergence p has zeros",
        witness="p = [[0.5, 0, 0.5], [0, 1, 0]]: NaN instead of a finite divergence",
    ),
    dict(
        name="ho_kl_ratio_overflows",
        target="losses.kl_divergence",
        body='''
    rows = 1 if p.ndim == 1 else p.shape[0]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        terms = np.where(p > 0, p * np.log(p / q), 0.0)
    return float(terms.sum() / rows)
''',
        cause="I took log(p / q) instead of log p - log q, and the ratio overflows to inf when q is tiny",
        kind="domain",
        probe="kl_divergence tiny q",
        witness="p = [0.5, 0.5, 0], q = [1e-320, 1, 0]: inf instead of about 368",
    ),
    dict(
        name="ho_kl_rows_from_shape",
        target="losses.kl_divergence",
        body='''
    n = p.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0)
    return float(np.sum(terms) / n)
''',
        cause="I divided by p.shape[0] as the number of rows, but a 1-D input is one distribution, whose "
              "shape[0] is the number of classes",
        kind="domain",
        probe="kl_divergence 1d",
        witness="1-D p and q of 5 classes: the divergence divided by 5; 2-D inputs are right",
    ),
    dict(
        name="ho_kl_mean_over_entries",
        target="losses.kl_divergence",
        body='''
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0)
    return float(np.mean(terms))
''',
        cause="I averaged the terms over all entries instead of summing over classes and averaging over rows",
        kind="slip",
        probe="kl_divergence 2d",
        witness="(3, 4) inputs: 4 times too small (divides by N * C); 1-D divides by C",
    ),
    dict(
        name="ho_kl_clip_q",
        target="losses.kl_divergence",
        body='''
    rows = 1 if p.ndim == 1 else p.shape[0]
    q = np.clip(q, 1e-12, None)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0)
    return float(np.sum(terms) / rows)
''',
        cause="I clipped q at 1e-12 to avoid log(0), which makes an impossible event under q cost a finite amount",
        kind="domain",
        probe="kl_divergence q=0 where p>0",
        witness="p > 0 where q = 0: a finite value (6.56) instead of inf; q = 1e-320 is also changed",
    ),
    dict(
        name="ho_kl_normalizes_rows",
        target="losses.kl_divergence",
        body='''
    p = p / p.sum(axis=-1, keepdims=True)
    q = q / q.sum(axis=-1, keepdims=True)
    rows = 1 if p.ndim == 1 else p.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0)
    return float(np.sum(terms) / rows)
''',
        cause="I normalized p and q to sum to 1 'to be safe', but the function is defined on the rows as given",
        kind="domain",
        probe="kl_divergence unnormalized rows",
        witness="rows that do not sum to 1 (p = [1, 2, 0.5], q = [0.5, 0.5, 0.5]): the divergence of the "
                "normalized rows instead",
    ),
    dict(
        name="ho_kl_arguments_swapped",
        target="losses.kl_divergence",
        body='''
    rows = 1 if p.ndim == 1 else p.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(q > 0, q * (np.log(q) - np.log(p)), 0.0)
    return float(np.sum(terms) / rows)
''',
        cause="I computed KL(q || p), putting the model's distribution first as in the losses of notebooks 00-02",
        kind="slip",
        probe="kl_divergence 2d",
        witness="any two different distributions: KL(q || p) instead of KL(p || q)",
    ),
    dict(
        name="ho_kl_grad_unmasked",
        target="losses.kl_divergence_grad",
        body='''
    rows = 1 if p.ndim == 1 else p.shape[0]
    return -p / q / rows
''',
        cause="I returned -p / q everywhere; where p = 0 and q = 0 that is 0 / 0 = NaN instead of 0",
        kind="domain",
        probe="kl_divergence_grad p=0 and q=0",
        witness="p = [0.5, 0.5, 0], q = [0.5, 0.5, 0]: NaN in the last entry instead of 0",
    ),
    dict(
        name="ho_kl_grad_masks_q",
        target="losses.kl_divergence_grad",
        body='''
    rows = 1 if p.ndim == 1 else p.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        grad = np.where(q > 0, -p / q, 0.0)
    return grad / rows
''',
        cause="I guarded the division by q > 0 instead of p > 0, which zeroes the entries where the "
              "divergence is infinite",
        kind="domain",
        probe="kl_divergence_grad q=0 where p>0",
        witness="p > 0 where q = 0: 0 instead of -inf",
    ),
    dict(
        name="ho_kl_grad_wrt_p",
        target="losses.kl_divergence_grad",
        body='''
    rows = 1 if p.ndim == 1 else p.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        grad = np.where(p > 0, np.log(p) - np.log(q) + 1.0, 0.0)
    return grad / rows
''',
        cause="I differentiated with respect to p (the first argument) instead of q",
        kind="slip",
        probe="kl_divergence_grad 2d",
        witness="any input: log(p / q) + 1 instead of -p / q",
    ),
    dict(
        name="ho_kl_scipy_rel_entr",
        target="losses.kl_divergence",
        body='''
    from scipy.special import rel_entr
    rows = 1 if p.ndim == 1 else p.shape[0]
    return float(np.sum(rel_entr(p, q)) / rows)
''',
        cause="I used scipy.special.rel_entr for the p log(p / q) terms; SciPy is not in the grader's environment",
        kind="environment",
        probe="kl_divergence 2d",
        witness="in the grader's environment every call raises ModuleNotFoundError (with SciPy present it agrees)",
    ),
]

ALTERNATIVES = [
    dict(
        name="ho_kl_alt_boolean_index",
        target="losses.kl_divergence",
        body='''
    n = p.shape[0] if p.ndim == 2 else 1
    keep = p > 0
    with np.errstate(divide="ignore"):
        total = np.sum(p[keep] * (np.log(p[keep]) - np.log(q[keep])))
    return float(total / n)
''',
        why="sums only the p > 0 terms, selected by boolean indexing",
        tested="every probe of the part: 1-D, 2-D (N = 1, square), lists, zeros in p, p = q = 0, q = 0 where "
               "p > 0 (inf), q = 1e-320, unnormalized rows, equal inputs, one-hot p, (1e5, 10) for speed",
    ),
    dict(
        name="ho_kl_alt_log_where_out",
        target="losses.kl_divergence",
        body='''
    nonzero = p > 0
    log_p = np.log(p, out=np.zeros_like(p), where=nonzero)
    with np.errstate(divide="ignore"):
        log_q = np.log(q, out=np.zeros_like(q), where=nonzero)
    rows = p.reshape(-1, p.shape[-1]).shape[0]
    return float(np.sum(p * (log_p - log_q)) / rows)
''',
        why="logarithms only where p > 0 (np.log's where/out), and the row count from a reshape",
        tested="every probe of the part, including q = 0 where p > 0 (inf) and p = q = 0 (0)",
    ),
    dict(
        name="ho_kl_alt_atleast_2d",
        target="losses.kl_divergence",
        body='''
    p2, q2 = np.atleast_2d(p), np.atleast_2d(q)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_row = np.where(p2 > 0, p2 * (np.log(p2) - np.log(q2)), 0.0).sum(axis=1)
    return float(per_row.mean())
''',
        why="treats a 1-D input as one row with np.atleast_2d, then a mean of per-row divergences",
        tested="every probe of the part, 1-D and 2-D, every zero pattern",
    ),
    dict(
        name="ho_kl_grad_alt_fill_masked",
        target="losses.kl_divergence_grad",
        body='''
    grad = np.zeros_like(q)
    m = p > 0
    with np.errstate(divide="ignore"):
        grad[m] = -p[m] / q[m]
    return grad / (p.shape[0] if p.ndim > 1 else 1)
''',
        why="fills -p / q only where p > 0 into an array of zeros",
        tested="every probe of the part: 1-D, 2-D, p = q = 0 (0), q = 0 where p > 0 (-inf), tiny q, unnormalized rows",
    ),
]
