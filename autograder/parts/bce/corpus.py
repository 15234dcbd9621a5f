"""The corpus of part ``bce`` (binary cross-entropy on probabilities:
``losses.binary_cross_entropy``, ``losses.binary_cross_entropy_grad``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/parts/changes.py``); graded by ``tests/test_corpus.py``."""

from ..changes import Alternative, Mistake

MISTAKES = [
    Mistake(
        "bce_no_clamp",
        "losses.binary_cross_entropy",
        """
        return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))
    """,
        ("bce.public_extremes", "bce.extremes"),
        "logs not clamped: infinity or NaN at p = 0 or 1",
        hint="bce.no_clamp",
    ),
    Mistake(
        "bce_clip_eps",
        "losses.binary_cross_entropy",
        """
        q = np.clip(p, 1e-7, 1 - 1e-7)
        return float(np.mean(-(y * np.log(q) + (1 - y) * np.log(1 - q))))
    """,
        ("bce.extremes", "bce.public_extremes", "bce.values"),
        "probabilities clipped to 1e-7 instead of logs clamped at -100",
        hint="bce.clipped",
    ),
    Mistake(
        "bce_swapped",
        "losses.binary_cross_entropy",
        """
        with np.errstate(divide="ignore"):
            return float(np.mean(-(y * np.maximum(np.log1p(-p), -100) + (1 - y) * np.maximum(np.log(p), -100))))
    """,
        ("bce.extremes", "bce.public_extremes", "bce.public_value", "bce.values"),
        "log(p) and log(1 - p) swapped",
        hint="bce.swapped",
    ),
    Mistake(
        "bce_sum",
        "losses.binary_cross_entropy",
        """
        with np.errstate(divide="ignore"):
            return float(np.sum(-(y * np.maximum(np.log(p), -100) + (1 - y) * np.maximum(np.log1p(-p), -100))))
    """,
        ("bce.extremes", "bce.public_extremes", "bce.public_value", "bce.values"),
        "a sum where the mean belongs",
        hint="scale.n",
    ),
    Mistake(
        "bce_loop",
        "losses.binary_cross_entropy",
        """
        import math
        total = 0.0
        for pi, yi in zip(p.ravel(), y.ravel()):
            lp = max(math.log(pi), -100.0) if pi > 0 else -100.0
            l1p = max(math.log(1 - pi), -100.0) if pi < 1 else -100.0
            total -= yi * lp + (1 - yi) * l1p
        return float(total / p.size)
    """,
        ("bce.vectorized",),
        "a Python loop over elements",
        hint="loop",
    ),
    Mistake(
        "bce_grad_logit_form",
        "losses.binary_cross_entropy_grad",
        """
        return (p - y) / p.size
    """,
        ("bce.grad", "bce.public_grad"),
        "the gradient with respect to logits, not probabilities",
        hint="bce.logit_grad",
    ),
    Mistake(
        "bce_grad_no_guard",
        "losses.binary_cross_entropy_grad",
        """
        return (p - y) / (p * (1 - p)) / p.size
    """,
        ("bce.grad", "bce.public_grad"),
        "division by zero at p = 0 or 1",
        hint="bce.no_floor",
    ),
    Mistake(
        "bce_grad_sign",
        "losses.binary_cross_entropy_grad",
        """
        return (y - p) / np.maximum(p * (1 - p), 1e-12) / p.size
    """,
        ("bce.public_grad", "bce.grad"),
        "the sign flipped",
        hint="scale.sign",
    ),
    Mistake(
        "bce_grad_no_mean",
        "losses.binary_cross_entropy_grad",
        """
        return (p - y) / np.maximum(p * (1 - p), 1e-12)
    """,
        ("bce.public_grad", "bce.grad"),
        "the gradient not divided by N",
        hint="scale.n",
    ),
    Mistake(
        "bce_grad_big_floor",
        "losses.binary_cross_entropy_grad",
        """
        return (p - y) / np.maximum(p * (1 - p), 1e-7) / p.size
    """,
        ("bce.grad", "bce.public_grad"),
        "a floor of 1e-7 instead of 1e-12 (finite, right sign, far too small)",
        hint="bce.floor",
        tags=("extreme",),
    ),
    Mistake(
        "bce_log_eps",
        "losses.binary_cross_entropy",
        """
        return float(np.mean(-(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))))
    """,
        ("bce.extremes", "bce.public_extremes", "bce.values"),
        "an eps inside the logs instead of the clamp at -100",
        hint="bce.clipped",
        tags=("extreme",),
    ),
    Mistake(
        "bce_swapped_log",
        "losses.binary_cross_entropy",
        """
        with np.errstate(divide="ignore"):
            terms = y * np.maximum(np.log(1 - p), -100) + (1 - y) * np.maximum(np.log(p), -100)
        return float(-np.mean(terms))
    """,
        ("bce.extremes", "bce.public_extremes", "bce.public_value", "bce.values"),
        "log(1 - p) weighed by y",
        hint="bce.swapped",
    ),
    Mistake(
        "bce_no_clamp_log1p",
        "losses.binary_cross_entropy",
        """
        return -float(np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))
    """,
        ("bce.extremes", "bce.public_extremes"),
        "log1p without the clamp",
        hint="bce.no_clamp",
    ),
    Mistake(
        "bce_hard_where",
        "losses.binary_cross_entropy",
        """
        with np.errstate(divide="ignore"):
            terms = np.where(y == 1, np.maximum(np.log(p), -100), np.maximum(np.log(1 - p), -100))
        return float(-np.mean(terms))
    """,
        ("bce.extremes", "bce.public_extremes", "bce.public_value", "bce.values"),
        "one log per element, chosen by y == 1: wrong for soft targets",
        hint="bce.hard_targets",
        tags=('domain',),
    ),
    Mistake(
        "bce_hard_mask",
        "losses.binary_cross_entropy",
        """
        with np.errstate(divide="ignore"):
            log_p = np.maximum(np.log(p), -100.0)
            log_q = np.maximum(np.log1p(-p), -100.0)
        positive = y > 0.5
        return float(-(log_p[positive].sum() + log_q[~positive].sum()) / p.size)
    """,
        ("bce.extremes", "bce.public_extremes", "bce.public_value", "bce.values"),
        "targets rounded to 0 or 1 by a mask",
        hint="bce.hard_targets",
        tags=('domain',),
    ),
    Mistake(
        "bce_grad_hard_where",
        "losses.binary_cross_entropy_grad",
        """
        return np.where(y == 1, p - 1, p) / np.maximum(p * (1 - p), 1e-12) / p.size
    """,
        ('bce.public_grad', 'bce.grad'),
        "the numerator for hard targets only",
        hint="bce.hard_targets",
        tags=('domain',),
    ),
    Mistake(
        "bce_grad_hard_bool",
        "losses.binary_cross_entropy_grad",
        """
        positive = y.astype(bool)
        numerator = np.where(positive, -(1 - p), p)
        return numerator / np.maximum(p * (1 - p), 1e-12) / p.size
    """,
        ('bce.public_grad', 'bce.grad'),
        "any non-zero target read as 1",
        hint="bce.hard_targets",
        tags=('domain',),
    ),
    Mistake(
        "bce_rows",
        "losses.binary_cross_entropy",
        """
        with np.errstate(divide="ignore"):
            terms = y * np.maximum(np.log(p), -100) + (1 - y) * np.maximum(np.log1p(-p), -100)
        return float(-np.sum(terms) / len(p))
    """,
        ("bce.extremes", "bce.public_value", "bce.values"),
        "divided by len(), the number of rows (and 0-d input has no len)",
        hint="scale.rows",
        tags=('domain',),
    ),
    Mistake(
        "bce_rows_shape",
        "losses.binary_cross_entropy",
        """
        with np.errstate(divide="ignore"):
            terms = y * np.maximum(np.log(p), -100) + (1 - y) * np.maximum(np.log1p(-p), -100)
        return float(-terms.sum() / p.shape[0])
    """,
        ("bce.extremes", "bce.public_value", "bce.values"),
        "divided by shape[0]",
        hint="scale.rows",
        tags=('domain',),
    ),
    Mistake(
        "bce_grad_rows",
        "losses.binary_cross_entropy_grad",
        """
        return (p - y) / np.maximum(p * (1 - p), 1e-12) / len(p)
    """,
        ('bce.public_grad', 'bce.grad'),
        "the gradient divided by len()",
        hint="scale.rows",
        tags=('domain',),
    ),
    Mistake(
        "bce_grad_rows_shape",
        "losses.binary_cross_entropy_grad",
        """
        return (p - y) / np.maximum(p * (1 - p), 1e-12) / p.shape[0]
    """,
        ('bce.public_grad', 'bce.grad'),
        "the gradient divided by shape[0]",
        hint="scale.rows",
        tags=('domain',),
    ),
    Mistake(
        "bce_clamp_after",
        "losses.binary_cross_entropy",
        """
        with np.errstate(divide="ignore", invalid="ignore"):
            first = np.maximum(y * np.log(p), -100)
            second = np.maximum((1 - y) * np.log(1 - p), -100)
        return float(-np.mean(first + second))
    """,
        ('bce.public_extremes', 'bce.extremes'),
        "each log clamped after its weight: 0 * log 0 = NaN",
        hint="bce.clamp_after",
        tags=('extreme',),
    ),
    Mistake(
        "bce_clamp_after_clip",
        "losses.binary_cross_entropy",
        """
        with np.errstate(divide="ignore", invalid="ignore"):
            total = np.clip(y * np.log(p), -100, None) + np.clip((1 - y) * np.log1p(-p), -100, None)
        return float(-np.mean(total))
    """,
        ('bce.public_extremes', 'bce.extremes'),
        "np.clip after the weights",
        hint="bce.clamp_after",
        tags=('extreme',),
    ),
    Mistake(
        "bce_grad_split",
        "losses.binary_cross_entropy_grad",
        """
        return (-y / np.maximum(p, 1e-12) + (1 - y) / np.maximum(1 - p, 1e-12)) / p.size
    """,
        ('bce.public_grad', 'bce.grad'),
        "-y / p + (1 - y) / (1 - p), each denominator floored: +-1 / N where p equals a hard target of 0 or 1",
        hint="bce.floor",
        tags=('extreme',),
    ),
    Mistake(
        "bce_grad_split_clip",
        "losses.binary_cross_entropy_grad",
        """
        eps = 1e-12
        return (-(y / np.clip(p, eps, None)) + (1 - y) / np.clip(1 - p, eps, None)) / p.size
    """,
        ('bce.public_grad', 'bce.grad'),
        "the two terms floored with np.clip",
        hint="bce.floor",
        tags=('extreme',),
    ),
    Mistake(
        "bce_grad_unguarded_product",
        "losses.binary_cross_entropy_grad",
        """
        d = p * (1 - p)
        return (p - y) / d / p.size
    """,
        ('bce.public_grad', 'bce.grad'),
        "the denominator not floored",
        hint="bce.no_floor",
        tags=('extreme',),
    ),
    Mistake(
        "bce_grad_clip_p",
        "losses.binary_cross_entropy_grad",
        """
        q = np.clip(p, 1e-7, 1 - 1e-7)
        return (q - y) / (q * (1 - q)) / p.size
    """,
        ('bce.public_grad', 'bce.grad'),
        "p clipped to [1e-7, 1 - 1e-7] instead of the floor",
        hint="bce.floor",
        tags=('extreme',),
    ),
    Mistake(
        "bce_grad_logit_scaled",
        "losses.binary_cross_entropy_grad",
        """
        return (p - y) * (1.0 / p.size)
    """,
        ('bce.public_grad', 'bce.grad'),
        "(p - y) / N",
        hint="bce.logit_grad",
    ),
    Mistake(
        "bce_log_loss",
        "losses.binary_cross_entropy",
        """
        from sklearn.metrics import log_loss
        return float(log_loss(y.reshape(-1), p.reshape(-1), labels=[0.0, 1.0]))
    """,
        ('bce.public_value', 'bce.public_extremes', 'bce.values', 'bce.extremes', 'bce.vectorized'),
        "scikit-learn's log_loss: ModuleNotFoundError in the grader (and it clips p and refuses soft targets)",
        hint=None,
        tags=('environment',),
    ),
    Mistake(
        "bce_grad_mask_floor",
        "losses.binary_cross_entropy_grad",
        """
        denom = p * (1 - p)
        denom[denom < 1e-12] = 1e-12
        return (p - y) / denom / p.size
    """,
        ("bce.grad", "bce.public_grad"),
        "the floor written with a boolean mask: p * (1 - p) of 0-d arrays is a NumPy scalar, which refuses "
        "item assignment",
        hint=None,
        tags=("domain",),
    ),
]

ALTERNATIVES = [
    Alternative(
        "bce_log_one_minus_p",
        "losses.binary_cross_entropy",
        """
        with np.errstate(divide="ignore"):
            terms = y * np.clip(np.log(p), -100, None) + (1 - y) * np.clip(np.log(1 - p), -100, None)
        return -float(np.mean(terms))
    """,
        "np.log(1 - p) and np.clip instead of log1p and maximum",
    ),
    Alternative(
        "bce_grad_two_terms",
        "losses.binary_cross_entropy_grad",
        """
        denom = np.maximum(p * (1 - p), 1e-12)
        return (p * (1 - y) - y * (1 - p)) / denom / p.size
    """,
        "the numerator written out",
    ),
    Alternative(
        "bce_clip_at_exp_minus_100",
        "losses.binary_cross_entropy",
        """
        floor = np.exp(-100.0)
        return float(np.mean(-(y * np.log(np.maximum(p, floor)) + (1 - y) * np.log(np.maximum(1 - p, floor)))))
    """,
        "p and 1 - p clipped at exp(-100) before the log: the same clamp",
        tags=("extreme",),
    ),
    Alternative(
        "bce_grad_p_minus_p2",
        "losses.binary_cross_entropy_grad",
        """
        return (p - y) / np.maximum(p - p * p, 1e-12) / p.size
    """,
        "p - p**2 as the denominator (less accurate near p = 1, within rounding)",
        tags=("extreme",),
    ),
    Alternative(
        "bce_floor_then_clamp",
        "losses.binary_cross_entropy",
        """
        log_p = np.maximum(np.log(np.maximum(p, 1e-300)), -100.0)
        log_q = np.maximum(np.log(np.maximum(1 - p, 1e-300)), -100.0)
        return float(-np.mean(y * log_p + (1 - y) * log_q))
    """,
        "p floored far below exp(-100) before the log, then the clamp",
        tags=('extreme',),
    ),
    Alternative(
        "bce_math_floor",
        "losses.binary_cross_entropy",
        """
        import math
        floor = math.exp(-100.0)
        log_p = np.log(np.maximum(p, floor))
        log_q = np.log(np.maximum(1 - p, floor))
        return float(-np.mean(y * log_p + (1 - y) * log_q))
    """,
        "the clamp as a floor of exp(-100) from the math module (which the grader has)",
        tags=('environment',),
    ),
    Alternative(
        "bce_flat",
        "losses.binary_cross_entropy",
        """
        p, y = p.reshape(-1), y.reshape(-1)
        with np.errstate(divide="ignore"):
            terms = y * np.maximum(np.log(p), -100) + (1 - y) * np.maximum(np.log1p(-p), -100)
        return float(-terms.sum() / terms.size)
    """,
        "flattened, summed and divided by the count",
        tags=('domain',),
    ),
    Alternative(
        "bce_grad_array_mask_floor",
        "losses.binary_cross_entropy_grad",
        """
        denom = np.array(p * (1 - p))
        denom[denom < 1e-12] = 1e-12
        return (p - y) / denom / p.size
    """,
        "the floor written with a boolean mask on an array (0-d input too)",
        tags=("extreme", "domain"),
    ),
]
