"""The corpus of part ``softmax`` (softmax and log-softmax: ``losses.softmax``,
``losses.log_softmax``): realistic wrong bodies that its checks must catch, and correct bodies
written differently that must keep full marks.

Pure data (see ``autograder/parts/changes.py``); graded by ``tests/test_corpus.py``."""

from ..changes import Alternative, Mistake

MISTAKES = [
    Mistake(
        "softmax_no_shift",
        "losses.softmax",
        """
        e = np.exp(z)
        return e / np.sum(e, axis=-1, keepdims=True)
    """,
        ("softmax.public_softmax", "softmax.softmax_values"),
        "no max subtraction: overflow",
        hint="softmax.overflow",
    ),
    Mistake(
        "softmax_axis0",
        "losses.softmax",
        """
        e = np.exp(z - np.max(z, axis=0, keepdims=True))
        return e / np.sum(e, axis=0, keepdims=True)
    """,
        ("softmax.public_softmax", "softmax.softmax_values"),
        "normalized along the first axis",
        hint="softmax.columns",
    ),
    Mistake(
        "softmax_whole_array",
        "losses.softmax",
        """
        e = np.exp(z - np.max(z))
        return e / np.sum(e)
    """,
        ("softmax.public_softmax", "softmax.softmax_values"),
        "normalized over the whole array",
        hint="softmax.whole",
    ),
    Mistake(
        "softmax_no_keepdims",
        "losses.softmax",
        """
        e = np.exp(z - np.max(z, axis=-1))
        return e / np.sum(e, axis=-1)
    """,
        ("softmax.public_softmax", "softmax.softmax_values"),
        "reductions without keepdims",
        hint="softmax.keepdims",
    ),
    Mistake(
        "log_softmax_of_softmax",
        "losses.log_softmax",
        """
        with np.errstate(divide="ignore"):
            return np.log(softmax(z))
    """,
        ("softmax.public_log_softmax", "softmax.stability"),
        "log of the softmax: -inf where it underflows",
        hint="softmax.log_of_softmax",
    ),
    Mistake(
        "log_softmax_no_shift",
        "losses.log_softmax",
        """
        return z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))
    """,
        ("softmax.log_softmax_values", "softmax.public_log_softmax", "softmax.stability"),
        "log-sum-exp without the max shift",
        hint="softmax.overflow",
    ),
    Mistake(
        "log_softmax_axis0",
        "losses.log_softmax",
        """
        m = np.max(z, axis=0, keepdims=True)
        return z - m - np.log(np.sum(np.exp(z - m), axis=0, keepdims=True))
    """,
        ("softmax.public_log_softmax", "softmax.log_softmax_values", "softmax.stability"),
        "along the first axis",
        hint="softmax.columns",
    ),
    Mistake(
        "softmax_shift_by_mean",
        "losses.softmax",
        """
        e = np.exp(z - np.mean(z, axis=-1, keepdims=True))
        return e / np.sum(e, axis=-1, keepdims=True)
    """,
        ("softmax.public_softmax", "softmax.softmax_values"),
        "shifted by the row's mean, not its maximum: overflow",
        hint="softmax.overflow",
        tags=("extreme",),
    ),
    Mistake(
        "log_softmax_clipped_log",
        "losses.log_softmax",
        """
        return np.log(np.maximum(softmax(z), 1e-300))
    """,
        ("softmax.public_log_softmax", "softmax.stability"),
        "log of a clipped softmax: finite but wrong where it underflows",
        hint="softmax.log_of_softmax",
        tags=("extreme",),
    ),
    Mistake(
        "softmax_axis0_no_keepdims",
        "losses.softmax",
        """
        ez = np.exp(z - z.max(axis=0))
        return ez / ez.sum(axis=0)
    """,
        ('softmax.public_softmax', 'softmax.softmax_values'),
        "normalized down the columns",
        hint="softmax.columns",
    ),
    Mistake(
        "softmax_whole_method",
        "losses.softmax",
        """
        e = np.exp(z - z.max())
        return e / e.sum()
    """,
        ('softmax.public_softmax', 'softmax.softmax_values'),
        "one sum for the whole array",
        hint="softmax.whole",
    ),
    Mistake(
        "softmax_keepdims_method",
        "losses.softmax",
        """
        m = z.max(axis=-1)
        e = np.exp(z - m)
        return e / e.sum(axis=-1)
    """,
        ('softmax.public_softmax', 'softmax.softmax_values'),
        "max and sum methods without keepdims",
        hint="softmax.keepdims",
    ),
    Mistake(
        "softmax_no_shift_method",
        "losses.softmax",
        """
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)
    """,
        ('softmax.public_softmax', 'softmax.softmax_values'),
        "exp of the raw logits",
        hint="softmax.overflow",
        tags=('extreme',),
    ),
    Mistake(
        "log_softmax_of_softmax_inline",
        "losses.log_softmax",
        """
        m = np.max(z, axis=-1, keepdims=True)
        e = np.exp(z - m)
        with np.errstate(divide="ignore"):
            return np.log(e / np.sum(e, axis=-1, keepdims=True))
    """,
        ('softmax.public_log_softmax', 'softmax.stability'),
        "log of a stable softmax written inline: -inf where it underflows",
        hint="softmax.log_of_softmax",
        tags=('extreme',),
    ),
    Mistake(
        "log_softmax_no_shift_method",
        "losses.log_softmax",
        """
        return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    """,
        ("softmax.log_softmax_values", "softmax.public_log_softmax", "softmax.stability"),
        "log-sum-exp of the raw logits",
        hint="softmax.overflow",
        tags=('extreme',),
    ),
    Mistake(
        "log_softmax_whole",
        "losses.log_softmax",
        """
        m = np.max(z)
        return z - m - np.log(np.sum(np.exp(z - m)))
    """,
        ('softmax.public_log_softmax', 'softmax.log_softmax_values', 'softmax.stability'),
        "normalized over the whole array",
        hint="softmax.whole",
    ),
    Mistake(
        "log_softmax_keepdims",
        "losses.log_softmax",
        """
        m = np.max(z, axis=-1)
        return z - m - np.log(np.sum(np.exp(z - m), axis=-1))
    """,
        ('softmax.public_log_softmax', 'softmax.log_softmax_values', 'softmax.stability'),
        "reductions without keepdims",
        hint="softmax.keepdims",
    ),
    Mistake(
        "softmax_axis1",
        "losses.softmax",
        """
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    """,
        ('softmax.public_softmax', 'softmax.softmax_values'),
        "axis=1: the last axis only for 2-D input",
        hint="softmax.axis1",
        tags=('domain',),
    ),
    Mistake(
        "log_softmax_axis1",
        "losses.log_softmax",
        """
        m = np.max(z, axis=1, keepdims=True)
        return z - m - np.log(np.sum(np.exp(z - m), axis=1, keepdims=True))
    """,
        ('softmax.public_log_softmax', 'softmax.log_softmax_values', 'softmax.stability'),
        "axis=1: the last axis only for 2-D input",
        hint="softmax.axis1",
        tags=('domain',),
    ),
    Mistake(
        "softmax_none_index",
        "losses.softmax",
        """
        e = np.exp(z - np.max(z, axis=-1)[:, None])
        return e / e.sum(axis=-1)[:, None]
    """,
        ('softmax.public_softmax', 'softmax.softmax_values'),
        "[:, None] restores the axis for 2-D input only",
        hint=None,
        tags=('domain',),
    ),
    Mistake(
        "softmax_global_max",
        "losses.softmax",
        """
        e = np.exp(z - np.max(z))
        return e / np.sum(e, axis=-1, keepdims=True)
    """,
        ('softmax.softmax_values',),
        "one shift for the whole array: a row far below the others underflows to 0, and 0 / 0 is NaN",
        hint="softmax.global_shift",
        tags=('extreme',),
    ),
    Mistake(
        "softmax_global_max_method",
        "losses.softmax",
        """
        e = np.exp(z - z.max())
        return e / e.sum(axis=-1, keepdims=True)
    """,
        ('softmax.softmax_values',),
        "the array's max method as the shift",
        hint="softmax.global_shift",
        tags=('extreme',),
    ),
    Mistake(
        "log_softmax_global_max",
        "losses.log_softmax",
        """
        s = z - np.max(z)
        return s - np.log(np.sum(np.exp(s), axis=-1, keepdims=True))
    """,
        ("softmax.log_softmax_values", "softmax.stability"),
        "one shift for the whole array: log 0 for a row far below the others",
        hint="softmax.global_shift",
        tags=('extreme',),
    ),
    Mistake(
        "softmax_scipy",
        "losses.softmax",
        """
        from scipy.special import softmax as scipy_softmax
        return scipy_softmax(z, axis=-1)
    """,
        ('softmax.public_softmax', 'softmax.softmax_values'),
        "scipy.special.softmax: right where SciPy is installed, ModuleNotFoundError in the grader",
        hint=None,
        tags=('environment',),
    ),
    Mistake(
        "log_softmax_logsumexp_scipy",
        "losses.log_softmax",
        """
        from scipy.special import logsumexp
        return z - logsumexp(z, axis=-1, keepdims=True)
    """,
        ('softmax.public_log_softmax', 'softmax.log_softmax_values', 'softmax.stability'),
        "scipy.special.logsumexp: ModuleNotFoundError in the grader",
        hint=None,
        tags=('environment',),
    ),
]

ALTERNATIVES = [
    Alternative(
        "softmax_via_log_softmax",
        "losses.softmax",
        """
        m = z.max(axis=-1, keepdims=True)
        return np.exp(z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True)))
    """,
        "exp of a stable log-softmax",
    ),
    Alternative(
        "log_softmax_logaddexp",
        "losses.log_softmax",
        """
        return z - np.logaddexp.reduce(z, axis=-1, keepdims=True)
    """,
        "np.logaddexp.reduce",
    ),
    Alternative(
        "softmax_in_place",
        "losses.softmax",
        """
        s = z - z.max(axis=-1, keepdims=True)
        np.exp(s, out=s)
        s /= s.sum(axis=-1, keepdims=True)
        return s
    """,
        "the shift, exp and division done in place",
        tags=("extreme",),
    ),
    Alternative(
        "softmax_ellipsis",
        "losses.softmax",
        """
        e = np.exp(z - z.max(axis=-1)[..., None])
        return e / e.sum(axis=-1)[..., None]
    """,
        "[..., None] restores the last axis for any rank",
        tags=('domain',),
    ),
    Alternative(
        "log_softmax_logaddexp_import",
        "losses.log_softmax",
        """
        from numpy import logaddexp
        return z - logaddexp.reduce(z, axis=-1, keepdims=True)
    """,
        "logaddexp imported from numpy (a module the grader has)",
        tags=('environment',),
    ),
    Alternative(
        "softmax_exp_of_log_softmax",
        "losses.softmax",
        """
        return np.exp(log_softmax(z))
    """,
        "exp of the stable log_softmax",
        tags=('extreme',),
    ),
]
