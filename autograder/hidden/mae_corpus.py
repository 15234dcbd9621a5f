"""The corpus of part ``mae`` (mean absolute error: ``losses.mae``, ``losses.mae_grad``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/hidden/changes.py``); graded by ``tests/test_corpus.py``."""

from .changes import Alternative, Mistake

MISTAKES = [
    Mistake("mae_squared", "losses.mae", """
        return float(np.mean((y_pred - y_true) ** 2))
    """, ("mae.public_value", "mae.values"), "squares instead of absolute values"),
    Mistake("mae_sum", "losses.mae", """
        return float(np.sum(np.abs(y_pred - y_true)))
    """, ("mae.public_value", "mae.values"), "a sum where the mean belongs"),
    Mistake("mae_no_abs", "losses.mae", """
        return float(np.mean(y_pred - y_true))
    """, ("mae.public_value", "mae.values"), "the absolute value forgotten"),
    Mistake("mae_loop", "losses.mae", """
        total = 0.0
        for a, b in zip(y_pred.ravel(), y_true.ravel()):
            total += abs(a - b)
        return float(total / y_pred.size)
    """, ("mae.vectorized",), "a Python loop over elements"),
    Mistake("mae_grad_no_mean", "losses.mae_grad", """
        return np.sign(y_pred - y_true)
    """, ("mae.public_grad", "mae.grad"), "the gradient not divided by N"),
    Mistake("mae_grad_ties", "losses.mae_grad", """
        return np.where(y_pred >= y_true, 1.0, -1.0) / y_pred.size
    """, ("mae.public_grad", "mae.grad"), "+1 instead of 0 where prediction equals target"),
    Mistake("mae_grad_sign", "losses.mae_grad", """
        return np.sign(y_true - y_pred) / y_pred.size
    """, ("mae.public_grad", "mae.grad"), "the sign flipped"),
    Mistake("mae_grad_mse", "losses.mae_grad", """
        return 2.0 * (y_pred - y_true) / y_pred.size
    """, ("mae.public_grad", "mae.grad"), "the MSE gradient"),
]

ALTERNATIVES = [
    Alternative("mae_abs_method", "losses.mae", """
        return abs(y_pred - y_true).mean().item()
    """, "abs() and .item()"),
]
