"""The corpus of part ``softmax`` (softmax and log-softmax: ``losses.softmax``,
``losses.log_softmax``): realistic wrong bodies that its checks must catch, and correct bodies
written differently that must keep full marks.

Pure data (see ``autograder/hidden/changes.py``); graded by ``tests/test_corpus.py``."""

from .changes import Alternative, Mistake

MISTAKES = [
    Mistake(
        "softmax_no_shift",
        "losses.softmax",
        """
        e = np.exp(z)
        return e / np.sum(e, axis=-1, keepdims=True)
    """,
        ("softmax.public_softmax", "softmax.stability"),
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
        ("softmax.public_softmax", "softmax.softmax_values", "softmax.stability"),
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
        ("softmax.public_softmax", "softmax.softmax_values", "softmax.stability"),
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
        ("softmax.public_softmax", "softmax.softmax_values", "softmax.stability"),
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
        ("softmax.public_log_softmax", "softmax.stability"),
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
        ("softmax.stability",),
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
]
