"""The corpus of part ``softmax`` (softmax and log-softmax: ``losses.softmax``, ``losses.log_softmax``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/hidden/changes.py``); graded by ``tests/test_corpus.py``."""

from .changes import Alternative, Mistake

MISTAKES = [
    Mistake("softmax_no_shift", "losses.softmax", """
        e = np.exp(z)
        return e / np.sum(e, axis=-1, keepdims=True)
    """, ("softmax.public_softmax", "softmax.stability"), "no max subtraction: overflow"),
    Mistake("softmax_axis0", "losses.softmax", """
        e = np.exp(z - np.max(z, axis=0, keepdims=True))
        return e / np.sum(e, axis=0, keepdims=True)
    """, ("softmax.public_softmax", "softmax.softmax_values"), "normalized along the first axis"),
    Mistake("softmax_whole_array", "losses.softmax", """
        e = np.exp(z - np.max(z))
        return e / np.sum(e)
    """, ("softmax.public_softmax", "softmax.softmax_values"), "normalized over the whole array"),
    Mistake("softmax_no_keepdims", "losses.softmax", """
        e = np.exp(z - np.max(z, axis=-1))
        return e / np.sum(e, axis=-1)
    """, ("softmax.public_softmax", "softmax.softmax_values"), "reductions without keepdims"),
    Mistake("log_softmax_of_softmax", "losses.log_softmax", """
        with np.errstate(divide="ignore"):
            return np.log(softmax(z))
    """, ("softmax.public_log_softmax", "softmax.stability"), "log of the softmax: -inf where it underflows"),
    Mistake("log_softmax_no_shift", "losses.log_softmax", """
        return z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))
    """, ("softmax.public_log_softmax", "softmax.stability"), "log-sum-exp without the max shift"),
    Mistake("log_softmax_axis0", "losses.log_softmax", """
        m = np.max(z, axis=0, keepdims=True)
        return z - m - np.log(np.sum(np.exp(z - m), axis=0, keepdims=True))
    """, ("softmax.public_log_softmax", "softmax.log_softmax_values"), "along the first axis"),
]

ALTERNATIVES = [
    Alternative("softmax_via_log_softmax", "losses.softmax", """
        m = z.max(axis=-1, keepdims=True)
        return np.exp(z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True)))
    """, "exp of a stable log-softmax"),
    Alternative("log_softmax_logaddexp", "losses.log_softmax", """
        return z - np.logaddexp.reduce(z, axis=-1, keepdims=True)
    """, "np.logaddexp.reduce"),
]
