"""The corpus of realistic wrong implementations, and of correct alternatives.

Each ``Mistake`` replaces the solution region of one function of the reference with a wrong body
(source text, as a student would write it there) and names the checks that must catch it. The
test suite grades every mistake and asserts that it loses points in exactly its own part, that
each check it names fails, and that every other part keeps full marks. Each ``Alternative`` is a
correct body written differently, which must keep full marks.

``EXAMPLES`` combines mistakes into the demo's example submissions (``examples/submissions``).
"""

import dataclasses

from . import SOLUTIONS
from .authoring.regions import replace_region


@dataclasses.dataclass(frozen=True)
class Change:
    """A body that replaces the solution region of ``target``."""

    name: str
    target: str          # "losses.mse" or "layers.Dropout.forward"
    body: str            # source text, as a student would write it in the region

    @property
    def module(self):
        return self.target.split(".", 1)[0]

    @property
    def qualname(self):
        return self.target.split(".", 1)[1]


@dataclasses.dataclass(frozen=True)
class Mistake(Change):
    catches: tuple       # check ids that must fail
    why: str = ""


@dataclasses.dataclass(frozen=True)
class Alternative(Change):
    why: str = ""


MISTAKES = [
    # ---- mse ---------------------------------------------------------------------------------
    Mistake("mse_sum", "losses.mse", """
        return float(np.sum((y_pred - y_true) ** 2))
    """, ("mse.public_value", "mse.values"), "a sum where the mean belongs"),
    Mistake("mse_abs", "losses.mse", """
        return float(np.mean(np.abs(y_pred - y_true)))
    """, ("mse.public_value", "mse.values"), "absolute instead of squared error"),
    Mistake("mse_half", "losses.mse", """
        return float(0.5 * np.mean((y_pred - y_true) ** 2))
    """, ("mse.public_value", "mse.values"), "an extra 0.5"),
    Mistake("mse_loop", "losses.mse", """
        total = 0.0
        flat_p, flat_t = y_pred.ravel(), y_true.ravel()
        for i in range(flat_p.size):
            total += (flat_p[i] - flat_t[i]) ** 2
        return float(total / flat_p.size)
    """, ("mse.vectorized",), "a Python loop over elements"),
    Mistake("mse_per_element", "losses.mse", """
        return (y_pred - y_true) ** 2
    """, ("mse.public_value", "mse.values"), "returns the per-element losses, not their mean"),
    Mistake("mse_grad_no_mean", "losses.mse_grad", """
        return 2.0 * (y_pred - y_true)
    """, ("mse.public_grad", "mse.grad"), "the gradient not divided by N"),
    Mistake("mse_grad_no_two", "losses.mse_grad", """
        return (y_pred - y_true) / y_pred.size
    """, ("mse.public_grad", "mse.grad"), "the factor 2 of the derivative missing"),
    Mistake("mse_grad_sign", "losses.mse_grad", """
        return 2.0 * (y_true - y_pred) / y_pred.size
    """, ("mse.public_grad", "mse.grad"), "the sign flipped"),
    Mistake("mse_grad_rows", "losses.mse_grad", """
        return 2.0 * (y_pred - y_true) / len(y_pred)
    """, ("mse.grad",), "divided by the number of rows, not of elements"),
    Mistake("mse_grad_loop", "losses.mse_grad", """
        grad = np.empty_like(y_pred)
        for i in np.ndindex(y_pred.shape):
            grad[i] = 2.0 * (y_pred[i] - y_true[i]) / y_pred.size
        return grad
    """, ("mse.vectorized",), "a Python loop over elements"),
    # ---- mae ---------------------------------------------------------------------------------
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
    # ---- huber -------------------------------------------------------------------------------
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
    # ---- binary cross-entropy ----------------------------------------------------------------
    Mistake("bce_no_clamp", "losses.binary_cross_entropy", """
        return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))
    """, ("bce.extremes",), "logs not clamped: infinity or NaN at p = 0 or 1"),
    Mistake("bce_clip_eps", "losses.binary_cross_entropy", """
        q = np.clip(p, 1e-7, 1 - 1e-7)
        return float(np.mean(-(y * np.log(q) + (1 - y) * np.log(1 - q))))
    """, ("bce.extremes",), "probabilities clipped to 1e-7 instead of logs clamped at -100"),
    Mistake("bce_swapped", "losses.binary_cross_entropy", """
        with np.errstate(divide="ignore"):
            return float(np.mean(-(y * np.maximum(np.log1p(-p), -100) + (1 - y) * np.maximum(np.log(p), -100))))
    """, ("bce.public_value", "bce.values"), "log(p) and log(1 - p) swapped"),
    Mistake("bce_sum", "losses.binary_cross_entropy", """
        with np.errstate(divide="ignore"):
            return float(np.sum(-(y * np.maximum(np.log(p), -100) + (1 - y) * np.maximum(np.log1p(-p), -100))))
    """, ("bce.public_value", "bce.values"), "a sum where the mean belongs"),
    Mistake("bce_loop", "losses.binary_cross_entropy", """
        import math
        total = 0.0
        for pi, yi in zip(p.ravel(), y.ravel()):
            lp = max(math.log(pi), -100.0) if pi > 0 else -100.0
            l1p = max(math.log(1 - pi), -100.0) if pi < 1 else -100.0
            total -= yi * lp + (1 - yi) * l1p
        return float(total / p.size)
    """, ("bce.vectorized",), "a Python loop over elements"),
    Mistake("bce_grad_logit_form", "losses.binary_cross_entropy_grad", """
        return (p - y) / p.size
    """, ("bce.public_grad", "bce.grad"), "the gradient with respect to logits, not probabilities"),
    Mistake("bce_grad_no_guard", "losses.binary_cross_entropy_grad", """
        return (p - y) / (p * (1 - p)) / p.size
    """, ("bce.extremes",), "division by zero at p = 0 or 1"),
    Mistake("bce_grad_sign", "losses.binary_cross_entropy_grad", """
        return (y - p) / np.maximum(p * (1 - p), 1e-12) / p.size
    """, ("bce.public_grad", "bce.grad", "bce.extremes"), "the sign flipped"),
    Mistake("bce_grad_no_mean", "losses.binary_cross_entropy_grad", """
        return (p - y) / np.maximum(p * (1 - p), 1e-12)
    """, ("bce.public_grad", "bce.grad"), "the gradient not divided by N"),
    # ---- binary cross-entropy with logits ----------------------------------------------------
    Mistake("bcel_naive", "losses.binary_cross_entropy_with_logits", """
        s = 1 / (1 + np.exp(-z))
        return float(np.mean(-(y * np.log(s) + (1 - y) * np.log(1 - s))))
    """, ("bce_logits.public_value", "bce_logits.extremes"), "sigmoid then log: overflow at large logits"),
    Mistake("bcel_softplus_overflow", "losses.binary_cross_entropy_with_logits", """
        return float(np.mean(np.log(1 + np.exp(z)) - z * y))
    """, ("bce_logits.public_value", "bce_logits.extremes"), "log(1 + exp(z)) overflows for large z"),
    Mistake("bcel_sum", "losses.binary_cross_entropy_with_logits", """
        return float(np.sum(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))
    """, ("bce_logits.public_value", "bce_logits.values"), "a sum where the mean belongs"),
    Mistake("bcel_sign", "losses.binary_cross_entropy_with_logits", """
        return float(np.mean(np.maximum(z, 0) + z * y + np.log1p(np.exp(-np.abs(z)))))
    """, ("bce_logits.public_value", "bce_logits.values"), "+ z y instead of - z y"),
    Mistake("bcel_grad_sign", "losses.binary_cross_entropy_with_logits_grad", """
        return (y - 1 / (1 + np.exp(-z))) / z.size
    """, ("bce_logits.public_grad", "bce_logits.grad"), "the sign flipped"),
    Mistake("bcel_grad_no_mean", "losses.binary_cross_entropy_with_logits_grad", """
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1 / (1 + e), e / (1 + e)) - y
    """, ("bce_logits.public_grad", "bce_logits.grad"), "the gradient not divided by N"),
    Mistake("bcel_grad_prob_formula", "losses.binary_cross_entropy_with_logits_grad", """
        s = 1 / (1 + np.exp(-z))
        return (s - y) / (s * (1 - s)) / z.size
    """, ("bce_logits.public_grad", "bce_logits.grad", "bce_logits.extremes"),
            "the gradient with respect to the probability, not the logit"),
    Mistake("bcel_grad_loop", "losses.binary_cross_entropy_with_logits_grad", """
        import math
        out = np.empty_like(z)
        for i, (zi, yi) in enumerate(zip(z.ravel(), y.ravel())):
            s = 1 / (1 + math.exp(-zi)) if zi >= 0 else math.exp(zi) / (1 + math.exp(zi))
            out.flat[i] = (s - yi) / z.size
        return out
    """, ("bce_logits.vectorized",), "a Python loop over elements"),
    # ---- softmax and log-softmax -------------------------------------------------------------
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
    # ---- categorical cross-entropy -----------------------------------------------------------
    Mistake("cce_mean_all", "losses.categorical_cross_entropy", """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        return float(-np.mean(target * log_softmax(logits)))
    """, ("cce.public_value", "cce.labels", "cce.probabilities", "cce.smoothing"),
            "averaged over N x C entries"),
    Mistake("cce_sum", "losses.categorical_cross_entropy", """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        return float(-np.sum(target * log_softmax(logits)))
    """, ("cce.public_value", "cce.labels", "cce.probabilities", "cce.smoothing"), "summed over rows"),
    Mistake("cce_no_smoothing", "losses.categorical_cross_entropy", """
        return float(-np.sum(target * log_softmax(logits)) / logits.shape[0])
    """, ("cce.public_value", "cce.smoothing"), "label smoothing ignored"),
    Mistake("cce_smooth_others", "losses.categorical_cross_entropy", """
        c = logits.shape[1]
        target = (1.0 - eps) * target + eps / (c - 1) * (1.0 - target)
        return float(-np.sum(target * log_softmax(logits)) / logits.shape[0])
    """, ("cce.public_value", "cce.smoothing"), "eps / (C - 1) to the other classes (not PyTorch's eps / C)"),
    Mistake("cce_log_of_softmax", "losses.categorical_cross_entropy", """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(-np.sum(target * np.log(softmax(logits))) / logits.shape[0])
    """, ("cce.extremes",), "log of the softmax: unstable at extreme logits"),
    Mistake("cce_grad_no_mean", "losses.categorical_cross_entropy_grad", """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        return softmax(logits) - target
    """, ("cce.public_grad", "cce.grad"), "the gradient not divided by N"),
    Mistake("cce_grad_sign", "losses.categorical_cross_entropy_grad", """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        return (target - softmax(logits)) / logits.shape[0]
    """, ("cce.public_grad", "cce.grad"), "the sign flipped"),
    Mistake("cce_grad_no_smoothing", "losses.categorical_cross_entropy_grad", """
        return (softmax(logits) - target) / logits.shape[0]
    """, ("cce.grad",), "label smoothing ignored in the gradient"),
    Mistake("cce_grad_loop", "losses.categorical_cross_entropy_grad", """
        target = (1.0 - eps) * target + eps / logits.shape[1]
        grad = np.empty_like(logits)
        for i in range(logits.shape[0]):
            row = np.exp(logits[i] - logits[i].max())
            grad[i] = (row / row.sum() - target[i]) / logits.shape[0]
        return grad
    """, ("cce.vectorized",), "a Python loop over rows"),
    # ---- hinge -------------------------------------------------------------------------------
    Mistake("hinge_no_clip", "losses.hinge", """
        return float(np.mean(1.0 - y * scores))
    """, ("hinge.public_value", "hinge.values"), "no max(0, .)"),
    Mistake("hinge_zero_margin", "losses.hinge", """
        return float(np.mean(np.maximum(0.0, -y * scores)))
    """, ("hinge.public_value", "hinge.values"), "the margin of 1 missing"),
    Mistake("hinge_sum", "losses.hinge", """
        return float(np.sum(np.maximum(0.0, 1.0 - y * scores)))
    """, ("hinge.public_value", "hinge.values"), "a sum where the mean belongs"),
    Mistake("hinge_loop", "losses.hinge", """
        total = 0.0
        for s, t in zip(scores.ravel(), y.ravel()):
            total += max(0.0, 1.0 - t * s)
        return float(total / scores.size)
    """, ("hinge.vectorized",), "a Python loop over elements"),
    Mistake("hinge_grad_unmasked", "losses.hinge_grad", """
        return -y / scores.size
    """, ("hinge.public_grad", "hinge.grad"), "a gradient even beyond the margin"),
    Mistake("hinge_grad_sign", "losses.hinge_grad", """
        return np.where(1.0 - y * scores > 0, y, 0.0) / scores.size
    """, ("hinge.public_grad", "hinge.grad"), "the sign flipped"),
    Mistake("hinge_grad_no_mean", "losses.hinge_grad", """
        return np.where(1.0 - y * scores > 0, -y, 0.0)
    """, ("hinge.public_grad", "hinge.grad"), "the gradient not divided by N"),
    # ---- multiclass hinge --------------------------------------------------------------------
    Mistake("mch_include_correct", "losses.multiclass_hinge", """
        correct = scores[np.arange(len(labels)), labels][:, None]
        return float(np.sum(np.maximum(0.0, scores - correct + margin)) / len(labels))
    """, ("multiclass_hinge.public_value", "multiclass_hinge.values"), "the correct class counted"),
    Mistake("mch_divide_by_c", "losses.multiclass_hinge", """
        n = len(labels)
        m = np.maximum(0.0, scores - scores[np.arange(n), labels][:, None] + margin)
        m[np.arange(n), labels] = 0.0
        return float(np.sum(m) / (n * scores.shape[1]))
    """, ("multiclass_hinge.public_value", "multiclass_hinge.values"), "also divided by C"),
    Mistake("mch_margin_ignored", "losses.multiclass_hinge", """
        n = len(labels)
        m = np.maximum(0.0, scores - scores[np.arange(n), labels][:, None] + 1.0)
        m[np.arange(n), labels] = 0.0
        return float(np.sum(m) / n)
    """, ("multiclass_hinge.values",), "margin ignored (always 1)"),
    Mistake("mch_loop_rows", "losses.multiclass_hinge", """
        total = 0.0
        for i in range(scores.shape[0]):
            for j in range(scores.shape[1]):
                if j != labels[i]:
                    total += max(0.0, scores[i, j] - scores[i, labels[i]] + margin)
        return float(total / scores.shape[0])
    """, ("multiclass_hinge.vectorized",), "Python loops over rows and classes"),
    Mistake("mch_grad_no_correct", "losses.multiclass_hinge_grad", """
        n = len(labels)
        active = (scores - scores[np.arange(n), labels][:, None] + margin > 0).astype(float)
        active[np.arange(n), labels] = 0.0
        return active / n
    """, ("multiclass_hinge.public_grad", "multiclass_hinge.grad"), "the correct class's column left at 0"),
    Mistake("mch_grad_minus_one", "losses.multiclass_hinge_grad", """
        n = len(labels)
        active = (scores - scores[np.arange(n), labels][:, None] + margin > 0).astype(float)
        active[np.arange(n), labels] = 0.0
        active[np.arange(n), labels] = -(active.sum(axis=1) > 0)
        return active / n
    """, ("multiclass_hinge.public_grad", "multiclass_hinge.grad"), "-1 at the correct class, not -count"),
    Mistake("mch_grad_no_mean", "losses.multiclass_hinge_grad", """
        n = len(labels)
        active = (scores - scores[np.arange(n), labels][:, None] + margin > 0).astype(float)
        active[np.arange(n), labels] = 0.0
        active[np.arange(n), labels] = -active.sum(axis=1)
        return active
    """, ("multiclass_hinge.public_grad", "multiclass_hinge.grad"), "the gradient not divided by N"),
    # ---- KL divergence -----------------------------------------------------------------------
    Mistake("kl_reversed", "losses.kl_divergence", """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.sum(np.where(q > 0, q * (np.log(q) - np.log(p)), 0.0)) / rows)
    """, ("kl.public_value", "kl.values"), "KL(q || p) instead of KL(p || q)"),
    Mistake("kl_no_zero_rule", "losses.kl_divergence", """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.sum(p * np.log(p / q)) / rows)
    """, ("kl.public_value", "kl.zeros"), "0 log 0 gives NaN"),
    Mistake("kl_mean_all", "losses.kl_divergence", """
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.mean(np.where(p > 0, p * np.log(p / q), 0.0)))
    """, ("kl.public_value", "kl.values"), "averaged over all entries"),
    Mistake("kl_sum_rows", "losses.kl_divergence", """
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.sum(np.where(p > 0, p * np.log(p / q), 0.0)))
    """, ("kl.public_value", "kl.values"), "rows summed instead of averaged"),
    Mistake("kl_loop_rows", "losses.kl_divergence", """
        rows = p.reshape(-1, p.shape[-1]), q.reshape(-1, q.shape[-1])
        total = 0.0
        for pi, qi in zip(*rows):
            for a, b in zip(pi, qi):
                if a > 0:
                    total += a * np.log(a / b)
        return float(total / (1 if p.ndim == 1 else p.shape[0]))
    """, ("kl.vectorized",), "Python loops over rows and entries"),
    Mistake("kl_grad_wrt_p", "losses.kl_divergence_grad", """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(p > 0, np.log(p / q) + 1.0, 0.0) / rows
    """, ("kl.public_grad", "kl.grad"), "the gradient with respect to p"),
    Mistake("kl_grad_sign", "losses.kl_divergence_grad", """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(p > 0, p / q, 0.0) / rows
    """, ("kl.public_grad", "kl.grad"), "the sign flipped"),
    Mistake("kl_grad_nan_at_zeros", "losses.kl_divergence_grad", """
        rows = 1 if p.ndim == 1 else p.shape[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            return -p / q / rows
    """, ("kl.zeros",), "0 / 0 gives NaN where p and q are both 0"),
    Mistake("kl_grad_no_mean", "losses.kl_divergence_grad", """
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(p > 0, -p / q, 0.0)
    """, ("kl.grad",), "not divided by the number of rows"),

    # ---- penalties ---------------------------------------------------------------------------
    Mistake("l1_is_l2", "penalties.l1", """
        return float(0.5 * lam * sum(np.sum(w * w) for w in arrays))
    """, ("l1.public_value", "l1.values"), "the L2 formula"),
    Mistake("l1_first_only", "penalties.l1", """
        return float(lam * np.sum(np.abs(arrays[0])))
    """, ("l1.public_value", "l1.values"), "only the first array of the list"),
    Mistake("l1_no_lam", "penalties.l1", """
        return float(sum(np.sum(np.abs(w)) for w in arrays))
    """, ("l1.public_value", "l1.values"), "lam missing"),
    Mistake("l1_no_abs", "penalties.l1", """
        return float(lam * sum(np.sum(w) for w in arrays))
    """, ("l1.public_value", "l1.values"), "abs missing"),
    Mistake("l1_grad_is_l2", "penalties.l1_grad", """
        grads = [lam * w for w in arrays]
    """, ("l1.public_grad", "l1.grad", "l1.sparsity"), "the L2 gradient used for L1"),
    Mistake("l1_grad_sign", "penalties.l1_grad", """
        grads = [-lam * np.sign(w) for w in arrays]
    """, ("l1.public_grad", "l1.grad", "l1.sparsity"), "the sign flipped"),
    Mistake("l1_grad_first_only", "penalties.l1_grad", """
        grads = [lam * np.sign(arrays[0])]
    """, ("l1.public_grad", "l1.grad"), "only the first array of the list"),
    Mistake("l1_grad_no_lam", "penalties.l1_grad", """
        grads = [np.sign(w) for w in arrays]
    """, ("l1.public_grad", "l1.grad"), "lam missing"),
    Mistake("l2_no_half", "penalties.l2", """
        return float(lam * sum(np.sum(w * w) for w in arrays))
    """, ("l2.public_value", "l2.values"), "the 1/2 missing"),
    Mistake("l2_first_only", "penalties.l2", """
        return float(0.5 * lam * np.sum(arrays[0] ** 2))
    """, ("l2.public_value", "l2.values"), "only the first array of the list"),
    Mistake("l2_no_lam", "penalties.l2", """
        return float(0.5 * sum(np.sum(w * w) for w in arrays))
    """, ("l2.public_value", "l2.values"), "lam missing"),
    Mistake("l2_grad_sign", "penalties.l2_grad", """
        grads = [-lam * w for w in arrays]
    """, ("l2.public_grad", "l2.grad", "l2.shrinks"), "the sign flipped: weights grow"),
    Mistake("l2_grad_double", "penalties.l2_grad", """
        grads = [2 * lam * w for w in arrays]
    """, ("l2.public_grad", "l2.grad"), "2 lam w (the derivative without the 1/2)"),
    Mistake("l2_grad_first_only", "penalties.l2_grad", """
        grads = [lam * arrays[0]] + [np.zeros_like(w) for w in arrays[1:]]
    """, ("l2.public_grad", "l2.grad"), "only the first array penalized"),
    Mistake("l2_grad_is_l1", "penalties.l2_grad", """
        grads = [lam * np.sign(w) for w in arrays]
    """, ("l2.public_grad", "l2.grad"), "the L1 gradient used for L2"),
    Mistake("en_ratio_swapped", "penalties.elastic_net", """
        l1_part = sum(np.sum(np.abs(w)) for w in arrays)
        l2_part = sum(np.sum(w * w) for w in arrays)
        return float(lam * ((1 - l1_ratio) * l1_part + 0.5 * l1_ratio * l2_part))
    """, ("elastic_net.public_value", "elastic_net.values", "elastic_net.limits"), "l1_ratio on the L2 part"),
    Mistake("en_no_half", "penalties.elastic_net", """
        l1_part = sum(np.sum(np.abs(w)) for w in arrays)
        l2_part = sum(np.sum(w * w) for w in arrays)
        return float(lam * (l1_ratio * l1_part + (1 - l1_ratio) * l2_part))
    """, ("elastic_net.public_value", "elastic_net.values", "elastic_net.limits"), "the 1/2 of the L2 part missing"),
    Mistake("en_first_only", "penalties.elastic_net", """
        w = arrays[0]
        return float(lam * (l1_ratio * np.sum(np.abs(w)) + 0.5 * (1 - l1_ratio) * np.sum(w * w)))
    """, ("elastic_net.values", "elastic_net.limits"), "only the first array of the list"),
    Mistake("en_grad_no_ratio_on_l2", "penalties.elastic_net_grad", """
        grads = [lam * (l1_ratio * np.sign(w) + w) for w in arrays]
    """, ("elastic_net.public_grad", "elastic_net.grad", "elastic_net.limits"), "(1 - l1_ratio) missing on the L2 part"),
    Mistake("en_grad_two_w", "penalties.elastic_net_grad", """
        grads = [lam * (l1_ratio * np.sign(w) + 2 * (1 - l1_ratio) * w) for w in arrays]
    """, ("elastic_net.public_grad", "elastic_net.grad", "elastic_net.limits"), "2 w in the L2 part"),
    Mistake("en_grad_sign", "penalties.elastic_net_grad", """
        grads = [-lam * (l1_ratio * np.sign(w) + (1 - l1_ratio) * w) for w in arrays]
    """, ("elastic_net.public_grad", "elastic_net.grad", "elastic_net.limits"), "the sign flipped"),
    # ---- early stopping ----------------------------------------------------------------------
    Mistake("es_keeps_last_state", "training.EarlyStopping.step", """
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.best_state = copy.deepcopy(state)
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """, ("early_stopping.public_best", "early_stopping.copies_state", "early_stopping.in_training"),
            "keeps the last state instead of the best"),
    Mistake("es_reference", "training.EarlyStopping.step", """
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = state
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """, ("early_stopping.copies_state", "early_stopping.in_training"), "stores a reference, not a copy"),
    Mistake("es_shallow_copy", "training.EarlyStopping.step", """
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = dict(state) if state is not None else None
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """, ("early_stopping.copies_state", "early_stopping.in_training"), "a shallow copy shares the arrays"),
    Mistake("es_off_by_one", "training.EarlyStopping.step", """
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs > self.patience
    """, ("early_stopping.public_patience", "early_stopping.stops", "early_stopping.in_training"),
            "off by one in patience"),
    Mistake("es_ignores_min_delta", "training.EarlyStopping.step", """
        if val_loss < self.best_loss:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """, ("early_stopping.min_delta",), "min_delta ignored"),
    Mistake("es_no_reset", "training.EarlyStopping.step", """
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """, ("early_stopping.stops",), "the count of bad epochs never reset by an improvement"),
    Mistake("es_one_based_epoch", "training.EarlyStopping.step", """
        self.epoch += 1
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        return self.bad_epochs >= self.patience
    """, ("early_stopping.public_best", "early_stopping.best"), "best_epoch counted from 1"),
    Mistake("es_ties_improve", "training.EarlyStopping.step", """
        if val_loss <= self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """, ("early_stopping.stops", "early_stopping.best"), "an equal loss counted as an improvement"),
    # ---- dropout -----------------------------------------------------------------------------
    Mistake("drop_keep_prob", "layers.Dropout.forward", """
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        keep = self.rng.random(x.shape) < self.p
        self.mask = keep / self.p
        return x * self.mask
    """, ("dropout.public_forward", "dropout.kept_fraction"), "p used as the keep probability"),
    Mistake("drop_no_scaling", "layers.Dropout.forward", """
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        self.mask = (self.rng.random(x.shape) >= self.p).astype(float)
        return x * self.mask
    """, ("dropout.public_forward", "dropout.scaling"), "kept units not scaled by 1/(1 - p)"),
    Mistake("drop_in_eval", "layers.Dropout.forward", """
        if self.p == 0.0:
            self.mask = None
            return x
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
        else:
            self.mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)
        return x * self.mask
    """, ("dropout.public_forward", "dropout.eval_identity"), "dropout active in eval mode"),
    Mistake("drop_scaled_eval", "layers.Dropout.forward", """
        if not self.training:
            self.mask = None
            return x * (1.0 - self.p)
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
        else:
            self.mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)
        return x * self.mask
    """, ("dropout.public_forward", "dropout.eval_identity"), "eval output scaled by 1 - p (old-style dropout)"),
    Mistake("drop_p_one_nan", "layers.Dropout.forward", """
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        with np.errstate(divide="ignore", invalid="ignore"):
            self.mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)
        return x * self.mask
    """, ("dropout.edge_p",), "NaN at p = 1 (0 / 0)"),
    Mistake("drop_same_mask", "layers.Dropout.forward", """
        if not self.training or self.p == 0.0:
            return x
        if self.mask is None or self.mask.shape != x.shape:
            self.mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p) if self.p < 1 else np.zeros_like(x)
        return x * self.mask
    """, ("dropout.kept_fraction",), "one mask drawn once and reused for every call"),
    Mistake("drop_per_feature", "layers.Dropout.forward", """
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
        else:
            self.mask = np.broadcast_to((self.rng.random(x.shape[-1]) >= self.p) / (1.0 - self.p), x.shape)
        return x * self.mask
    """, ("dropout.kept_fraction",), "one mask per feature, shared by every row of the batch"),
    Mistake("drop_never_in_training", "layers.Dropout.forward", """
        self.mask = None
        return x
    """, ("dropout.public_forward", "dropout.kept_fraction", "dropout.gap"), "never drops anything"),
    Mistake("drop_backward_new_mask", "layers.Dropout.backward", """
        if self.mask is None:
            return dout
        if self.p == 1.0:
            return np.zeros_like(dout)
        return dout * (self.rng.random(dout.shape) >= self.p) / (1.0 - self.p)
    """, ("dropout.public_backward", "dropout.backward_mask"), "a new mask drawn in backward"),
    Mistake("drop_backward_unscaled", "layers.Dropout.backward", """
        if self.mask is None:
            return dout
        return dout * (self.mask != 0)
    """, ("dropout.public_backward", "dropout.backward_mask"), "backward without the 1/(1 - p) scale"),
    Mistake("drop_backward_identity", "layers.Dropout.backward", """
        return dout
    """, ("dropout.public_backward", "dropout.backward_mask", "dropout.edge_p"), "backward ignores the mask"),
    # ---- batch normalization -----------------------------------------------------------------
    Mistake("bn_unbiased_normalize", "layers.BatchNorm1d.forward", """
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0, ddof=1)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * x.var(axis=0) * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
""",
            ("batchnorm.public_forward", "batchnorm.forward_train"), "the unbiased variance used to normalize"),
    Mistake("bn_biased_running", "layers.BatchNorm1d.forward", """
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
""",
            ("batchnorm.public_running", "batchnorm.running_stats"), "a biased running variance"),
    Mistake("bn_cs231n_momentum", "layers.BatchNorm1d.forward", """
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mean
            self.running_var = self.momentum * self.running_var + (1 - self.momentum) * x.var(axis=0) * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
""",
            ("batchnorm.public_running", "batchnorm.running_stats"), "momentum applied the CS231n way"),
    Mistake("bn_batch_stats_in_eval", "layers.BatchNorm1d.forward", """
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * x.var(axis=0) * n / (n - 1)
        else:
            mean, var = x.mean(axis=0), x.var(axis=0)
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
""",
            ("batchnorm.eval_mode",), "batch statistics used in eval mode"),
    Mistake("bn_eps_outside", "layers.BatchNorm1d.forward", """
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * x.var(axis=0) * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / (np.sqrt(var) + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
""",
            ("batchnorm.forward_train",), "eps outside the square root"),
    Mistake("bn_never_updates_running", "layers.BatchNorm1d.forward", """
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            pass
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
""",
            ("batchnorm.public_running", "batchnorm.running_stats", "batchnorm.eval_mode", "batchnorm.deep_training"),
            "running statistics never updated"),
    Mistake("bn_eval_updates_running", "layers.BatchNorm1d.forward", """
        n = x.shape[0]
        mean, var = x.mean(axis=0), x.var(axis=0)
        if n > 1:
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * n / (n - 1)
        if not self.training:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
    """, ("batchnorm.eval_mode",), "eval mode updates the running statistics"),
    Mistake("bn_backward_no_mean_terms", "layers.BatchNorm1d.backward", """
        x_hat, inv_std, trained = self.cache
        self.grads["gamma"] = np.sum(dout * x_hat, axis=0)
        self.grads["beta"] = np.sum(dout, axis=0)
        return dout * gamma * inv_std
    """, ("batchnorm.backward_dx",), "backward treats the batch statistics as constants"),
    Mistake("bn_dgamma_no_xhat", "layers.BatchNorm1d.backward", """
        x_hat, inv_std, trained = self.cache
        self.grads["gamma"] = np.sum(dout, axis=0)
        self.grads["beta"] = np.sum(dout, axis=0)
        dx_hat = dout * gamma
        if not trained:
            return dx_hat * inv_std
        n = dout.shape[0]
        return inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0))
    """, ("batchnorm.backward_params",), "dgamma without the normalized input"),
    Mistake("bn_backward_always_train", "layers.BatchNorm1d.backward", """
        x_hat, inv_std, trained = self.cache
        self.grads["gamma"] = np.sum(dout * x_hat, axis=0)
        self.grads["beta"] = np.sum(dout, axis=0)
        dx_hat = dout * gamma
        n = dout.shape[0]
        return inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0))
    """, ("batchnorm.eval_backward",), "eval-mode backward as if the statistics were the batch's"),
]

ALTERNATIVES = [
    Alternative("mse_dot", "losses.mse", """
        d = (y_pred - y_true).ravel()
        return float(d @ d / d.size)
    """, "a dot product"),
    Alternative("mse_square", "losses.mse", """
        return float(np.square(y_pred - y_true).mean())
    """, "np.square and the array's mean method"),
    Alternative("mse_grad_mean_scale", "losses.mse_grad", """
        n = np.prod(y_pred.shape)
        return (y_pred - y_true) * (2 / n)
    """, "the scale computed from the shape"),
    Alternative("mae_abs_method", "losses.mae", """
        return abs(y_pred - y_true).mean().item()
    """, "abs() and .item()"),
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
    Alternative("bce_log_one_minus_p", "losses.binary_cross_entropy", """
        with np.errstate(divide="ignore"):
            terms = y * np.clip(np.log(p), -100, None) + (1 - y) * np.clip(np.log(1 - p), -100, None)
        return -float(np.mean(terms))
    """, "np.log(1 - p) and np.clip instead of log1p and maximum"),
    Alternative("bce_grad_two_terms", "losses.binary_cross_entropy_grad", """
        denom = np.maximum(p * (1 - p), 1e-12)
        return (p * (1 - y) - y * (1 - p)) / denom / p.size
    """, "the numerator written out"),
    Alternative("bcel_logaddexp", "losses.binary_cross_entropy_with_logits", """
        return float(np.mean(np.logaddexp(0.0, z) - z * y))
    """, "np.logaddexp(0, z) instead of a hand-written softplus"),
    Alternative("bcel_grad_tanh", "losses.binary_cross_entropy_with_logits_grad", """
        sigmoid = 0.5 * (1.0 + np.tanh(0.5 * z))
        return (sigmoid - y) / z.size
    """, "the sigmoid through tanh"),
    Alternative("softmax_via_log_softmax", "losses.softmax", """
        m = z.max(axis=-1, keepdims=True)
        return np.exp(z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True)))
    """, "exp of a stable log-softmax"),
    Alternative("log_softmax_logaddexp", "losses.log_softmax", """
        return z - np.logaddexp.reduce(z, axis=-1, keepdims=True)
    """, "np.logaddexp.reduce"),
    Alternative("cce_einsum", "losses.categorical_cross_entropy", """
        c = logits.shape[1]
        t = target * (1 - eps) + eps / c
        m = logits.max(axis=1, keepdims=True)
        log_p = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
        return -float(np.einsum("ij,ij->", t, log_p)) / len(logits)
    """, "a hand-written log-softmax and einsum"),
    Alternative("hinge_clip", "losses.hinge", """
        return float(np.clip(1 - y * scores, 0, None).mean())
    """, "np.clip instead of np.maximum"),
    Alternative("hinge_grad_mask", "losses.hinge_grad", """
        active = (y * scores < 1).astype(float)
        return -y * active / y.size
    """, "a mask multiplied in"),
    Alternative("mch_masks", "losses.multiclass_hinge", """
        n, c = scores.shape
        is_correct = np.arange(c)[None, :] == labels[:, None]
        correct = np.sum(np.where(is_correct, scores, 0.0), axis=1, keepdims=True)
        return float(np.sum(np.where(is_correct, 0.0, np.maximum(0.0, scores - correct + margin))) / n)
    """, "a boolean mask of the correct classes"),
    Alternative("mch_grad_masks", "losses.multiclass_hinge_grad", """
        n, c = scores.shape
        is_correct = np.arange(c)[None, :] == labels[:, None]
        correct = np.take_along_axis(scores, labels[:, None], axis=1)
        active = (scores - correct + margin > 0) & ~is_correct
        return (active - is_correct * active.sum(axis=1, keepdims=True)) / n
    """, "masks and take_along_axis"),
    Alternative("kl_masked", "losses.kl_divergence", """
        rows = 1 if p.ndim == 1 else len(p)
        keep = p > 0
        with np.errstate(divide="ignore"):
            return float(np.sum(p[keep] * np.log(p[keep] / q[keep])) / rows)
    """, "indexing with a mask instead of np.where"),
    Alternative("kl_grad_divide_where", "losses.kl_divergence_grad", """
        rows = 1 if p.ndim == 1 else len(p)
        out = np.zeros_like(q)
        np.divide(-p, q, out=out, where=p > 0)
        return out / rows
    """, "np.divide with where="),

    Alternative("l1_generator_sum", "penalties.l1", """
        total = 0.0
        for w in arrays:
            total += np.abs(w).sum()
        return float(lam * total)
    """, "an explicit loop over the arrays (not over elements)"),
    Alternative("l2_vdot", "penalties.l2", """
        return float(lam / 2 * sum(np.vdot(w, w) for w in arrays))
    """, "np.vdot"),
    Alternative("l2_grad_multiply", "penalties.l2_grad", """
        grads = [np.multiply(lam, w) for w in arrays]
    """, "np.multiply"),
    Alternative("en_via_parts", "penalties.elastic_net", """
        a = sum(float(np.abs(w).sum()) for w in arrays)
        b = sum(float((w ** 2).sum()) for w in arrays)
        return lam * l1_ratio * a + lam * (1 - l1_ratio) * b / 2
    """, "the two parts written separately"),
    Alternative("es_counter_style", "training.EarlyStopping.step", """
        improved = val_loss < self.best_loss - self.min_delta
        if improved:
            self.best_loss, self.best_epoch, self.bad_epochs = val_loss, self.epoch, 0
            self.best_state = copy.deepcopy(state)
        self.bad_epochs = 0 if improved else self.bad_epochs + 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """, "a flag and tuple assignment"),
    Alternative("drop_binomial", "layers.Dropout.forward", """
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        keep = self.rng.binomial(1, 1.0 - self.p, size=x.shape)
        self.mask = keep / (1.0 - self.p) if self.p < 1.0 else np.zeros_like(x)
        return x * self.mask
    """, "masks drawn with binomial"),
    Alternative("drop_uniform_less", "layers.Dropout.forward", """
        if self.training and self.p > 0:
            keep = self.rng.uniform(size=x.shape) < 1.0 - self.p
            self.mask = np.where(keep, 1.0 / max(1.0 - self.p, 1e-300), 0.0)
            return x * self.mask
        self.mask = np.ones_like(x)
        return x
    """, "a different comparison, and an all-ones mask in eval"),
    Alternative("drop_backward_where", "layers.Dropout.backward", """
        return dout if self.mask is None else np.where(self.mask != 0, dout * self.mask, 0.0)
    """, "np.where"),
    Alternative("bn_forward_cs231n_style", "layers.BatchNorm1d.forward", """
        if self.training:
            n = len(x)
            mu = np.mean(x, axis=0)
            xmu = x - mu
            var = np.mean(xmu ** 2, axis=0)
            sqrtvar = np.sqrt(var + self.eps)
            x_hat = xmu / sqrtvar
            self.running_mean = self.momentum * mu + (1 - self.momentum) * self.running_mean
            self.running_var = self.momentum * var * n / (n - 1) + (1 - self.momentum) * self.running_var
            self.cache = (x_hat, 1.0 / sqrtvar, True)
        else:
            inv = 1.0 / np.sqrt(self.running_var + self.eps)
            x_hat = (x - self.running_mean) * inv
            self.cache = (x_hat, inv, False)
        return x_hat * gamma + beta
    """, "CS231n's staged computation"),
    Alternative("bn_backward_staged", "layers.BatchNorm1d.backward", """
        x_hat, inv_std, trained = self.cache
        n = dout.shape[0]
        self.grads["beta"] = dout.sum(axis=0)
        self.grads["gamma"] = (dout * x_hat).sum(axis=0)
        dxhat = dout * gamma
        if not trained:
            return dxhat * inv_std
        dvar = np.sum(dxhat * x_hat, axis=0) * -0.5 * inv_std ** 2
        dmu = -np.sum(dxhat * inv_std, axis=0) - 2.0 * dvar * np.mean(x_hat / inv_std, axis=0)
        return dxhat * inv_std + dvar * 2.0 * (x_hat / inv_std) / n + dmu / n
    """, "the backward pass through the computational graph, step by step"),
]

EXAMPLES = {
    "sum_instead_of_mean": ["mse_sum", "mse_grad_no_mean"],
}


def by_name():
    return {m.name: m for m in MISTAKES + ALTERNATIVES}


def mutate(names):
    """A ``build_library`` transform applying the named mistakes or alternatives."""
    chosen = [by_name()[n] for n in names]

    def transform(module, text):
        for m in chosen:
            if m.module == module:
                text = replace_region(text, m.qualname, m.body, f"{module}.py")
        return text

    return transform


def reference_source(module):
    return (SOLUTIONS / "course_lib" / f"{module}.py").read_text()
