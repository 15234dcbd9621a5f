"""The corpus of part ``bce_logits`` (binary cross-entropy on logits:
``losses.binary_cross_entropy_with_logits``, ``losses.binary_cross_entropy_with_logits_grad``):
realistic wrong bodies that its checks must catch, and correct bodies written differently that
must keep full marks.

Pure data (see ``autograder/parts/changes.py``); graded by ``tests/test_corpus.py``."""

from ..changes import Alternative, Mistake

MISTAKES = [
    Mistake(
        "bcel_naive",
        "losses.binary_cross_entropy_with_logits",
        """
        s = 1 / (1 + np.exp(-z))
        return float(np.mean(-(y * np.log(s) + (1 - y) * np.log(1 - s))))
    """,
        ("bce_logits.public_value", "bce_logits.extremes"),
        "sigmoid then log: overflow at large logits",
        hint="bce_logits.overflow",
    ),
    Mistake(
        "bcel_softplus_overflow",
        "losses.binary_cross_entropy_with_logits",
        """
        return float(np.mean(np.log(1 + np.exp(z)) - z * y))
    """,
        ("bce_logits.public_value", "bce_logits.extremes"),
        "log(1 + exp(z)) overflows for large z",
        hint="bce_logits.overflow",
    ),
    Mistake(
        "bcel_sum",
        "losses.binary_cross_entropy_with_logits",
        """
        return float(np.sum(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))
    """,
        ("bce_logits.extremes", "bce_logits.public_value", "bce_logits.values"),
        "a sum where the mean belongs",
        hint="scale.n",
    ),
    Mistake(
        "bcel_sign",
        "losses.binary_cross_entropy_with_logits",
        """
        return float(np.mean(np.maximum(z, 0) + z * y + np.log1p(np.exp(-np.abs(z)))))
    """,
        ("bce_logits.public_value", "bce_logits.values", "bce_logits.extremes"),
        "+ z y instead of - z y",
        hint="bce_logits.zy_sign",
    ),
    Mistake(
        "bcel_grad_sign",
        "losses.binary_cross_entropy_with_logits_grad",
        """
        return (y - 1 / (1 + np.exp(-z))) / z.size
    """,
        ("bce_logits.public_grad", "bce_logits.grad"),
        "the sign flipped",
        hint="scale.sign",
    ),
    Mistake(
        "bcel_grad_no_mean",
        "losses.binary_cross_entropy_with_logits_grad",
        """
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1 / (1 + e), e / (1 + e)) - y
    """,
        ("bce_logits.public_grad", "bce_logits.grad"),
        "the gradient not divided by N",
        hint="scale.n",
    ),
    Mistake(
        "bcel_grad_prob_formula",
        "losses.binary_cross_entropy_with_logits_grad",
        """
        s = 1 / (1 + np.exp(-z))
        return (s - y) / (s * (1 - s)) / z.size
    """,
        ("bce_logits.grad", "bce_logits.public_grad"),
        "the gradient with respect to the probability, not the logit",
        hint="bce_logits.grad_prob",
    ),
    Mistake(
        "bcel_grad_loop",
        "losses.binary_cross_entropy_with_logits_grad",
        """
        import math
        out = np.empty_like(z)
        for i, (zi, yi) in enumerate(zip(z.ravel(), y.ravel())):
            s = 1 / (1 + math.exp(-zi)) if zi >= 0 else math.exp(zi) / (1 + math.exp(zi))
            out.flat[i] = (s - yi) / z.size
        return out
    """,
        ("bce_logits.vectorized",),
        "a Python loop over elements",
        hint="loop",
    ),
    Mistake(
        "bcel_via_probabilities",
        "losses.binary_cross_entropy_with_logits",
        """
        with np.errstate(over="ignore"):
            return binary_cross_entropy(1.0 / (1.0 + np.exp(-z)), y)
    """,
        ("bce_logits.public_value", "bce_logits.extremes"),
        "built on the probability loss: inherits its clamp at -100 (100 where the truth is 1000)",
        hint="bce_logits.clamped",
        tags=("extreme",),
    ),
    Mistake(
        "bcel_grad_clipped_sigmoid",
        "losses.binary_cross_entropy_with_logits_grad",
        """
        with np.errstate(over="ignore"):
            s = np.clip(1.0 / (1.0 + np.exp(-z)), 1e-7, 1 - 1e-7)
        return (s - y) / z.size
    """,
        ("bce_logits.grad", "bce_logits.public_grad"),
        "a 'safe' sigmoid clipped to [1e-7, 1 - 1e-7]",
        hint="bce_logits.grad_clipped",
        tags=("extreme",),
    ),
    Mistake(
        "bcel_naive_log1p",
        "losses.binary_cross_entropy_with_logits",
        """
        s = 1.0 / (1.0 + np.exp(-z))
        return float(-np.mean(y * np.log(s) + (1 - y) * np.log1p(-s)))
    """,
        ('bce_logits.public_value', 'bce_logits.extremes'),
        "sigmoid, then log and log1p: -inf once the sigmoid rounds to 0 or 1",
        hint="bce_logits.overflow",
        tags=('extreme',),
    ),
    Mistake(
        "bcel_softplus_log1p_overflow",
        "losses.binary_cross_entropy_with_logits",
        """
        return float(np.mean(np.log1p(np.exp(z)) - z * y))
    """,
        ('bce_logits.public_value', 'bce_logits.extremes'),
        "log1p(exp(z)) overflows past z = 709",
        hint="bce_logits.overflow",
        tags=('extreme',),
    ),
    Mistake(
        "bcel_grad_exp_ratio",
        "losses.binary_cross_entropy_with_logits_grad",
        """
        e = np.exp(z)
        return (e / (1 + e) - y) / z.size
    """,
        ('bce_logits.public_grad', 'bce_logits.grad'),
        "exp(z) / (1 + exp(z)): inf / inf = NaN past z = 709",
        hint="bce_logits.overflow",
        tags=('extreme',),
    ),
    Mistake(
        "bcel_grad_exp_ratio_sum",
        "losses.binary_cross_entropy_with_logits_grad",
        """
        return (np.exp(z) / (np.exp(z) + 1) - y) / np.size(z)
    """,
        ('bce_logits.public_grad', 'bce_logits.grad'),
        "the sigmoid as exp(z) / (exp(z) + 1)",
        hint="bce_logits.overflow",
        tags=('extreme',),
    ),
    Mistake(
        "bcel_grad_clipped_tiny",
        "losses.binary_cross_entropy_with_logits_grad",
        """
        s = 1.0 / (1.0 + np.exp(-z))
        s = np.minimum(np.maximum(s, 1e-12), 1 - 1e-12)
        return (s - y) / z.size
    """,
        ("bce_logits.grad",),
        "a sigmoid kept within 1e-12 of 0 and 1",
        hint="bce_logits.grad_clipped",
        tags=('extreme',),
    ),
    Mistake(
        "bcel_grad_prob_split",
        "losses.binary_cross_entropy_with_logits_grad",
        """
        s = 1 / (1 + np.exp(-z))
        return (s - y) / s / (1 - s) / z.size
    """,
        ('bce_logits.public_grad', 'bce_logits.grad'),
        "(s - y) / s / (1 - s): the gradient with respect to the probability",
        hint="bce_logits.grad_prob",
    ),
    Mistake(
        "bcel_sign_logaddexp",
        "losses.binary_cross_entropy_with_logits",
        """
        return float(np.mean(np.logaddexp(0.0, z) + z * y))
    """,
        ('bce_logits.public_value', 'bce_logits.values', 'bce_logits.extremes'),
        "logaddexp(0, z) + z y",
        hint="bce_logits.zy_sign",
    ),
    Mistake(
        "bcel_probabilities_by_hand",
        "losses.binary_cross_entropy_with_logits",
        """
        s = 1 / (1 + np.exp(-z))
        with np.errstate(divide="ignore"):
            log_s = np.maximum(np.log(s), -100)
            log_1ms = np.maximum(np.log(1 - s), -100)
        return float(-np.mean(y * log_s + (1 - y) * log_1ms))
    """,
        ('bce_logits.public_value', 'bce_logits.extremes'),
        "the probability loss written again, clamp and all",
        hint="bce_logits.clamped",
        tags=('extreme',),
    ),
    Mistake(
        "bcel_hard_where",
        "losses.binary_cross_entropy_with_logits",
        """
        return float(np.mean(np.where(y == 1, np.logaddexp(0.0, -z), np.logaddexp(0.0, z))))
    """,
        ("bce_logits.extremes", "bce_logits.public_value", "bce_logits.values"),
        "softplus(-z) where y == 1, softplus(z) elsewhere: wrong for soft targets",
        hint="bce_logits.hard_targets",
        tags=('domain',),
    ),
    Mistake(
        "bcel_hard_rounded",
        "losses.binary_cross_entropy_with_logits",
        """
        sign = np.where(y > 0.5, -1.0, 1.0)
        return float(np.mean(np.logaddexp(0.0, sign * z)))
    """,
        ("bce_logits.extremes", "bce_logits.public_value", "bce_logits.values"),
        "targets rounded to 0 or 1",
        hint="bce_logits.hard_targets",
        tags=('domain',),
    ),
    Mistake(
        "bcel_rows",
        "losses.binary_cross_entropy_with_logits",
        """
        terms = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
        return float(np.sum(terms) / len(z))
    """,
        ("bce_logits.extremes", "bce_logits.public_value", "bce_logits.values"),
        "divided by len(), the number of rows (and 0-d input has no len)",
        hint="scale.rows",
        tags=('domain',),
    ),
    Mistake(
        "bcel_rows_shape",
        "losses.binary_cross_entropy_with_logits",
        """
        terms = np.logaddexp(0.0, z) - z * y
        return float(terms.sum() / z.shape[0])
    """,
        ("bce_logits.extremes", "bce_logits.public_value", "bce_logits.values"),
        "divided by shape[0]",
        hint="scale.rows",
        tags=('domain',),
    ),
    Mistake(
        "bcel_grad_rows",
        "losses.binary_cross_entropy_with_logits_grad",
        """
        e = np.exp(-np.abs(z))
        sigmoid = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
        return (sigmoid - y) / len(z)
    """,
        ('bce_logits.public_grad', 'bce_logits.grad'),
        "the gradient divided by len()",
        hint="scale.rows",
        tags=('domain',),
    ),
    Mistake(
        "bcel_grad_rows_shape",
        "losses.binary_cross_entropy_with_logits_grad",
        """
        sigmoid = 0.5 * (1.0 + np.tanh(0.5 * z))
        return (sigmoid - y) / z.shape[0]
    """,
        ('bce_logits.public_grad', 'bce_logits.grad'),
        "the gradient divided by shape[0]",
        hint="scale.rows",
        tags=('domain',),
    ),
    Mistake(
        "bcel_grad_expit",
        "losses.binary_cross_entropy_with_logits_grad",
        """
        from scipy.special import expit
        return (expit(z) - y) / z.size
    """,
        ('bce_logits.public_grad', 'bce_logits.grad', 'bce_logits.vectorized'),
        "scipy.special.expit: right where SciPy is installed, ModuleNotFoundError in the grader",
        hint=None,
        tags=('environment',),
    ),
]

ALTERNATIVES = [
    Alternative(
        "bcel_logaddexp",
        "losses.binary_cross_entropy_with_logits",
        """
        return float(np.mean(np.logaddexp(0.0, z) - z * y))
    """,
        "np.logaddexp(0, z) instead of a hand-written softplus",
    ),
    Alternative(
        "bcel_grad_tanh",
        "losses.binary_cross_entropy_with_logits_grad",
        """
        sigmoid = 0.5 * (1.0 + np.tanh(0.5 * z))
        return (sigmoid - y) / z.size
    """,
        "the sigmoid through tanh",
    ),
    Alternative(
        "bcel_grad_naive_sigmoid",
        "losses.binary_cross_entropy_with_logits_grad",
        """
        with np.errstate(over="ignore"):
            return (1.0 / (1.0 + np.exp(-z)) - y) / z.size
    """,
        "the textbook sigmoid: exp overflows to inf and 1 / inf is exactly 0",
        tags=("extreme",),
    ),
    Alternative(
        "bcel_softplus_where",
        "losses.binary_cross_entropy_with_logits",
        """
        with np.errstate(over="ignore"):
            softplus = np.where(z > 0, z + np.log1p(np.exp(-z)), np.log1p(np.exp(z)))
        return float(np.mean(softplus - z * y))
    """,
        "the softplus by cases with np.where",
        tags=("extreme",),
    ),
    Alternative(
        "bcel_logaddexp_import",
        "losses.binary_cross_entropy_with_logits",
        """
        from numpy import logaddexp
        return float(np.mean(logaddexp(0.0, z) - z * y))
    """,
        "logaddexp imported from numpy (a module the grader has)",
        tags=('environment',),
    ),
    Alternative(
        "bcel_grad_masks",
        "losses.binary_cross_entropy_with_logits_grad",
        """
        s = np.empty_like(z)
        positive = z >= 0
        s[positive] = 1.0 / (1.0 + np.exp(-z[positive]))
        e = np.exp(z[~positive])
        s[~positive] = e / (1.0 + e)
        return (s - y) / z.size
    """,
        "the stable sigmoid filled in by boolean masks (0-d input too)",
        tags=('domain', 'extreme',),
    ),
    Alternative(
        "bcel_flat",
        "losses.binary_cross_entropy_with_logits",
        """
        z, y = z.reshape(-1), y.reshape(-1)
        terms = np.maximum(z, 0) - z * y + np.log(1 + np.exp(-np.abs(z)))
        return float(terms.sum() / terms.size)
    """,
        "flattened first, and log(1 + e) for log1p(e)",
        tags=('domain',),
    ),
]
