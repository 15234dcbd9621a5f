"""The corpus of part ``huber`` (huber loss: ``losses.huber``, ``losses.huber_grad``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/hidden/changes.py``); graded by ``tests/test_corpus.py``."""

from .changes import Alternative, Mistake

MISTAKES = [
    Mistake(
        "huber_no_half",
        "losses.huber",
        """
        d = y_pred - y_true
        return float(np.mean(np.where(np.abs(d) <= delta, d ** 2, delta * (np.abs(d) - 0.5 * delta))))
    """,
        ("huber.public_value", "huber.values"),
        "the 0.5 of the quadratic part missing",
        hint="huber.no_half",
    ),
    Mistake(
        "huber_no_offset",
        "losses.huber",
        """
        d = y_pred - y_true
        return float(np.mean(np.where(np.abs(d) <= delta, 0.5 * d ** 2, delta * np.abs(d))))
    """,
        ("huber.public_value", "huber.values"),
        "the linear part without its -0.5 delta offset",
        hint="huber.no_offset",
    ),
    Mistake(
        "huber_delta_ignored",
        "losses.huber",
        """
        d = y_pred - y_true
        return float(np.mean(np.where(np.abs(d) <= 1.0, 0.5 * d ** 2, np.abs(d) - 0.5)))
    """,
        ("huber.public_value", "huber.values"),
        "delta ignored (always 1)",
        hint="huber.delta_ignored",
    ),
    Mistake(
        "huber_sum",
        "losses.huber",
        """
        d = y_pred - y_true
        return float(np.sum(np.where(np.abs(d) <= delta, 0.5 * d ** 2, delta * (np.abs(d) - 0.5 * delta))))
    """,
        ("huber.public_value", "huber.values"),
        "a sum where the mean belongs",
        hint="scale.n",
    ),
    Mistake(
        "huber_loop",
        "losses.huber",
        """
        total = 0.0
        for d in (y_pred - y_true).ravel():
            total += 0.5 * d * d if abs(d) <= delta else delta * (abs(d) - 0.5 * delta)
        return float(total / y_pred.size)
    """,
        ("huber.vectorized",),
        "a Python loop over elements",
        hint="loop",
    ),
    Mistake(
        "huber_grad_mae",
        "losses.huber_grad",
        """
        return np.sign(y_pred - y_true) / y_pred.size
    """,
        ("huber.public_grad", "huber.grad"),
        "the MAE gradient inside the band too",
        hint="huber.grad_mae",
    ),
    Mistake(
        "huber_grad_no_mean",
        "losses.huber_grad",
        """
        return np.clip(y_pred - y_true, -delta, delta)
    """,
        ("huber.public_grad", "huber.grad"),
        "the gradient not divided by N",
        hint="scale.n",
    ),
    Mistake(
        "huber_grad_mse",
        "losses.huber_grad",
        """
        return (y_pred - y_true) / y_pred.size
    """,
        ("huber.public_grad", "huber.grad"),
        "no clipping outside the band",
        hint="huber.grad_unclipped",
    ),
    Mistake(
        "huber_grad_sign",
        "losses.huber_grad",
        """
        return np.clip(y_true - y_pred, -delta, delta) / y_pred.size
    """,
        ("huber.public_grad", "huber.grad"),
        "the sign flipped",
        hint="scale.sign",
    ),
    Mistake(
        "huber_grad_overlap",
        "losses.huber_grad",
        """
        d = y_pred - y_true
        a = np.abs(d)
        return (d * (a <= delta) + delta * np.sign(d) * (a >= delta)) / d.size
    """,
        ("huber.grad",),
        "two masks that overlap at |d| = delta: both branches are added there",
        hint="huber.boundary",
        tags=("boundary",),
    ),
    Mistake(
        "huber_gap",
        "losses.huber",
        """
        d = y_pred - y_true
        a = np.abs(d)
        inside = np.where(a < delta, 0.5 * d * d, 0.0)
        outside = np.where(a > delta, delta * (a - 0.5 * delta), 0.0)
        return float(np.mean(inside + outside))
    """,
        ("huber.values",),
        "two strict masks: neither branch counts at |d| = delta",
        hint="huber.boundary",
        tags=("boundary",),
    ),
]

ALTERNATIVES = [
    Alternative(
        "huber_masks",
        "losses.huber",
        """
        d = np.abs(y_pred - y_true)
        small = d <= delta
        out = np.empty_like(d)
        out[small] = 0.5 * d[small] ** 2
        out[~small] = delta * (d[~small] - 0.5 * delta)
        return float(out.mean())
    """,
        "boolean masks instead of np.where",
    ),
    Alternative(
        "huber_grad_where",
        "losses.huber_grad",
        """
        d = y_pred - y_true
        return np.where(np.abs(d) <= delta, d, delta * np.sign(d)) / d.size
    """,
        "np.where instead of np.clip",
    ),
    Alternative(
        "huber_strict_switch",
        "losses.huber",
        """
        d = y_pred - y_true
        a = np.abs(d)
        return float(np.mean(np.where(a < delta, 0.5 * d * d, delta * (a - 0.5 * delta))))
    """,
        "a strict comparison (both branches agree at |d| = delta)",
        tags=("boundary",),
    ),
    Alternative(
        "huber_grad_minimum",
        "losses.huber_grad",
        """
        d = y_pred - y_true
        return np.sign(d) * np.minimum(np.abs(d), delta) / d.size
    """,
        "sign times the clipped size",
        tags=("boundary",),
    ),
]
