"""The corpus of part ``huber`` (huber loss: ``losses.huber``, ``losses.huber_grad``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/hidden/changes.py``); graded by ``tests/test_corpus.py``."""

from .changes import Alternative, Mistake

MISTAKES = [
    Mistake("huber_no_half", "losses.huber", """
        d = y_pred - y_true
        return float(np.mean(np.where(np.abs(d) <= delta, d ** 2, delta * (np.abs(d) - 0.5 * delta))))
    """, ("huber.public_value", "huber.values"), "the 0.5 of the quadratic part missing"),
    Mistake("huber_no_offset", "losses.huber", """
        d = y_pred - y_true
        return float(np.mean(np.where(np.abs(d) <= delta, 0.5 * d ** 2, delta * np.abs(d))))
    """, ("huber.public_value", "huber.values"), "the linear part without its -0.5 delta offset"),
    Mistake("huber_delta_ignored", "losses.huber", """
        d = y_pred - y_true
        return float(np.mean(np.where(np.abs(d) <= 1.0, 0.5 * d ** 2, np.abs(d) - 0.5)))
    """, ("huber.public_value", "huber.values"), "delta ignored (always 1)"),
    Mistake("huber_sum", "losses.huber", """
        d = y_pred - y_true
        return float(np.sum(np.where(np.abs(d) <= delta, 0.5 * d ** 2, delta * (np.abs(d) - 0.5 * delta))))
    """, ("huber.public_value", "huber.values"), "a sum where the mean belongs"),
    Mistake("huber_loop", "losses.huber", """
        total = 0.0
        for d in (y_pred - y_true).ravel():
            total += 0.5 * d * d if abs(d) <= delta else delta * (abs(d) - 0.5 * delta)
        return float(total / y_pred.size)
    """, ("huber.vectorized",), "a Python loop over elements"),
    Mistake("huber_grad_mae", "losses.huber_grad", """
        return np.sign(y_pred - y_true) / y_pred.size
    """, ("huber.public_grad", "huber.grad"), "the MAE gradient inside the band too"),
    Mistake("huber_grad_no_mean", "losses.huber_grad", """
        return np.clip(y_pred - y_true, -delta, delta)
    """, ("huber.public_grad", "huber.grad"), "the gradient not divided by N"),
    Mistake("huber_grad_mse", "losses.huber_grad", """
        return (y_pred - y_true) / y_pred.size
    """, ("huber.public_grad", "huber.grad"), "no clipping outside the band"),
    Mistake("huber_grad_sign", "losses.huber_grad", """
        return np.clip(y_true - y_pred, -delta, delta) / y_pred.size
    """, ("huber.public_grad", "huber.grad"), "the sign flipped"),
]

ALTERNATIVES = [
    Alternative("huber_masks", "losses.huber", """
        d = np.abs(y_pred - y_true)
        small = d <= delta
        out = np.empty_like(d)
        out[small] = 0.5 * d[small] ** 2
        out[~small] = delta * (d[~small] - 0.5 * delta)
        return float(out.mean())
    """, "boolean masks instead of np.where"),
    Alternative("huber_grad_where", "losses.huber_grad", """
        d = y_pred - y_true
        return np.where(np.abs(d) <= delta, d, delta * np.sign(d)) / d.size
    """, "np.where instead of np.clip"),
]
