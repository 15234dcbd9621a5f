"""The corpus of part ``huber`` (huber loss: ``losses.huber``, ``losses.huber_grad``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/parts/changes.py``); graded by ``tests/test_corpus.py``."""

from ..changes import Alternative, Mistake

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
        ("huber.grad", "huber.public_grad"),
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
        ("huber.public_value", "huber.values"),
        "two strict masks: neither branch counts at |d| = delta",
        hint="huber.boundary",
        tags=("boundary",),
    ),
    Mistake(
        "huber_no_half_masks",
        "losses.huber",
        """
        d = y_pred - y_true
        a = np.abs(d)
        out = delta * (a - 0.5 * delta)
        out[a <= delta] = (d * d)[a <= delta]
        return float(out.mean())
    """,
        ('huber.public_value', 'huber.values'),
        "the quadratic piece without its 0.5, written with a mask",
        hint="huber.no_half",
    ),
    Mistake(
        "huber_no_offset_where",
        "losses.huber",
        """
        a = np.abs(y_pred - y_true)
        return float(np.mean(np.where(a > delta, delta * a, 0.5 * a * a)))
    """,
        ('huber.public_value', 'huber.values'),
        "the linear piece as delta |d|, not shifted",
        hint="huber.no_offset",
    ),
    Mistake(
        "huber_delta_one_clip",
        "losses.huber",
        """
        d = y_pred - y_true
        c = np.clip(d, -1.0, 1.0)
        return float(np.mean(c * (d - 0.5 * c)))
    """,
        ('huber.public_value', 'huber.values'),
        "clipped at 1 whatever delta",
        hint="huber.delta_ignored",
    ),
    Mistake(
        "huber_grad_delta_ignored",
        "losses.huber_grad",
        """
        return np.clip(y_pred - y_true, -1.0, 1.0) / y_pred.size
    """,
        ('huber.public_grad', 'huber.grad'),
        "the gradient clipped at 1 whatever delta",
        hint="huber.delta_ignored",
    ),
    Mistake(
        "huber_grad_delta_ignored_where",
        "losses.huber_grad",
        """
        d = y_pred - y_true
        return np.where(np.abs(d) <= 1, d, np.sign(d)) / d.size
    """,
        ('huber.public_grad', 'huber.grad'),
        "the gradient switching at 1 whatever delta",
        hint="huber.delta_ignored",
    ),
    Mistake(
        "huber_grad_mae_where",
        "losses.huber_grad",
        """
        d = y_pred - y_true
        return np.where(d > 0, 1.0, np.where(d < 0, -1.0, 0.0)) / d.size
    """,
        ('huber.public_grad', 'huber.grad'),
        "the MAE gradient, by cases",
        hint="huber.grad_mae",
    ),
    Mistake(
        "huber_grad_unclipped_scaled",
        "losses.huber_grad",
        """
        return (y_pred - y_true) * (1.0 / np.size(y_pred))
    """,
        ('huber.public_grad', 'huber.grad'),
        "the quadratic piece's gradient everywhere",
        hint="huber.grad_unclipped",
    ),
    Mistake(
        "huber_overlap",
        "losses.huber",
        """
        d = y_pred - y_true
        a = np.abs(d)
        inside = np.where(a <= delta, 0.5 * d * d, 0.0)
        outside = np.where(a >= delta, delta * (a - 0.5 * delta), 0.0)
        return float(np.mean(inside + outside))
    """,
        ('huber.public_value', 'huber.values'),
        "two masks that overlap at |d| = delta: both pieces are added there",
        hint="huber.boundary",
        tags=('boundary',),
    ),
    Mistake(
        "huber_grad_gap",
        "losses.huber_grad",
        """
        d = y_pred - y_true
        a = np.abs(d)
        return (np.where(a < delta, d, 0.0) + np.where(a > delta, delta * np.sign(d), 0.0)) / d.size
    """,
        ('huber.public_grad', 'huber.grad'),
        "two strict masks: the gradient is 0 at |d| = delta",
        hint="huber.boundary",
        tags=('boundary',),
    ),
    Mistake(
        "huber_rows",
        "losses.huber",
        """
        d = y_pred - y_true
        a = np.abs(d)
        return float(np.sum(np.where(a <= delta, 0.5 * d * d, delta * (a - 0.5 * delta))) / len(d))
    """,
        ('huber.public_value', 'huber.values'),
        "divided by len(), the number of rows (and 0-d input has no len)",
        hint="scale.rows",
        tags=('domain',),
    ),
    Mistake(
        "huber_grad_rows",
        "losses.huber_grad",
        """
        d = y_pred - y_true
        return np.clip(d, -delta, delta) / d.shape[0]
    """,
        ('huber.public_grad', 'huber.grad'),
        "the gradient divided by shape[0]",
        hint="scale.rows",
        tags=('domain',),
    ),
    Mistake(
        "huber_rows_shape",
        "losses.huber",
        """
        d = y_pred - y_true
        a = np.abs(d)
        terms = np.where(a <= delta, 0.5 * d * d, delta * (a - 0.5 * delta))
        return float(terms.sum() / terms.shape[0])
    """,
        ('huber.public_value', 'huber.values'),
        "divided by shape[0]",
        hint="scale.rows",
        tags=('domain',),
    ),
    Mistake(
        "huber_grad_rows_len",
        "losses.huber_grad",
        """
        return np.clip(y_pred - y_true, -delta, delta) / len(y_pred)
    """,
        ('huber.public_grad', 'huber.grad'),
        "the gradient divided by len()",
        hint="scale.rows",
        tags=('domain',),
    ),
    Mistake(
        "huber_difference_of_squares",
        "losses.huber",
        """
        d = y_pred - y_true
        excess = np.maximum(np.abs(d) - delta, 0.0)
        return float(np.mean(0.5 * d ** 2 - 0.5 * excess ** 2))
    """,
        ('huber.values',),
        "Huber as 0.5 d**2 - 0.5 max(|d| - delta, 0)**2: right on paper, it cancels far from the band",
        hint="huber.cancels",
        tags=('conditioning',),
    ),
    Mistake(
        "huber_difference_of_squares_factored",
        "losses.huber",
        """
        d = y_pred - y_true
        return float(np.mean(0.5 * (d * d - np.maximum(np.abs(d) - delta, 0.0) ** 2)))
    """,
        ('huber.values',),
        "the difference of squares with the 0.5 factored out",
        hint="huber.cancels",
        tags=('conditioning',),
    ),
    Mistake(
        "huber_scipy",
        "losses.huber",
        """
        from scipy.special import huber as scipy_huber
        return float(np.mean(scipy_huber(delta, y_pred - y_true)))
    """,
        ('huber.public_value', 'huber.values', 'huber.vectorized'),
        "scipy.special.huber: right where SciPy is installed, ModuleNotFoundError in the grader",
        hint=None,
        tags=('environment',),
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
    Alternative(
        "huber_clip_form",
        "losses.huber",
        """
        d = y_pred - y_true
        c = np.clip(d, -delta, delta)
        return float(np.mean(c * (d - 0.5 * c)))
    """,
        "the clipped residual c times d - c / 2: one formula for both pieces",
        tags=('conditioning', 'boundary',),
    ),
    Alternative(
        "huber_linear_expanded",
        "losses.huber",
        """
        d = y_pred - y_true
        a = np.abs(d)
        return float(np.mean(np.where(a <= delta, 0.5 * d * d, delta * a - 0.5 * delta * delta)))
    """,
        "the linear piece expanded: no cancellation, finite for huge residuals",
        tags=('conditioning',),
    ),
    Alternative(
        "huber_grad_clip_import",
        "losses.huber_grad",
        """
        from numpy import clip
        d = y_pred - y_true
        return clip(d, -delta, delta) / d.size
    """,
        "clip imported from numpy (a module the grader has)",
        tags=('environment',),
    ),
    Alternative(
        "huber_flat",
        "losses.huber",
        """
        d = (y_pred - y_true).reshape(-1)
        a = np.abs(d)
        terms = np.where(a <= delta, 0.5 * d * d, delta * (a - 0.5 * delta))
        return float(terms.sum() / terms.size)
    """,
        "flattened first, then summed and divided by the count",
        tags=('domain',),
    ),
]
