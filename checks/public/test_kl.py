"""Public checks for ``losses.kl_divergence`` and ``losses.kl_divergence_grad``."""

import numpy as np

from checks.framework import array, check, close, number
from checks.hints import KL_ALL_ENTRIES, KL_GRAD_WRT_P, KL_REVERSED, KL_ZERO_RULE

P = np.array([0.5, 0.5, 0.0])
Q = np.array([0.25, 0.25, 0.5])
# KL(p || q) = 0.5 log(0.5 / 0.25) + 0.5 log(0.5 / 0.25) + 0 (0 log 0 counts as 0) = log 2
# (KL(q || p) is infinite: q puts mass where p has none.)
# gradient with respect to q: -p / q = [-2, -2, 0] (one distribution: no mean over rows)
P3 = np.array([[0.5, 0.5, 0.0], [0.25, 0.25, 0.5], [0.0, 0.0, 1.0]])
Q3 = np.array([[0.25, 0.25, 0.5], [0.25, 0.25, 0.5], [0.5, 0.25, 0.25]])
# three rows: log 2, 0 and log 4 -> mean (log 2 + log 4) / 3 = log 2; gradient -p / q / 3 (0 where p = 0)
GRAD3 = np.array([[-2.0, -2.0, 0.0], [-1.0, -1.0, -1.0], [0.0, 0.0, -4.0]]) / 3


@check("kl.public_value")
def test_kl_value(lib):
    """kl_divergence of one distribution with a zero, worked out by hand; and of a batch of rows."""
    value = number(lib.losses.kl_divergence(P, Q), "kl_divergence")
    what = "kl_divergence([0.5, 0.5, 0], [0.25, 0.25, 0.5])"
    close(value, np.log(2), what, reveal=True, diagnoses=[(KL_REVERSED, np.inf), (KL_ZERO_RULE, np.nan)],
          factors=[(1 / 3, KL_ALL_ENTRIES)])
    rows = number(lib.losses.kl_divergence(P3, Q3), "kl_divergence")
    what = "kl_divergence of three rows (the mean of log 2, 0 and log 4)"
    close(rows, np.log(2), what, n=3, reveal=True, diagnoses=[(KL_REVERSED, np.inf), (KL_ZERO_RULE, np.nan)],
          factors=[(1 / 3, KL_ALL_ENTRIES)])       # 3 rows of 3: a mean over all entries is N times too small too


@check("kl.public_grad")
def test_kl_grad(lib):
    """kl_divergence_grad with respect to q, of one distribution and of a batch of three rows (the
    mean over rows divides the gradient by N too)."""
    grad = array(lib.losses.kl_divergence_grad(P, Q), "kl_divergence_grad", shape=(3,))
    what = "kl_divergence_grad([0.5, 0.5, 0], [0.25, 0.25, 0.5])"
    close(grad, [-2.0, -2.0, 0.0], what, reveal=True)
    grad = array(lib.losses.kl_divergence_grad(P3, Q3), "kl_divergence_grad", shape=(3, 3))
    what = "kl_divergence_grad of three rows"
    with np.errstate(all="ignore"):
        wrt_p = np.where(P3 > 0, np.log(P3 / Q3) + 1, 0.0) / 3      # the gradient with respect to p
    close(grad, GRAD3, what, n=3, reveal=True, diagnoses=[(KL_GRAD_WRT_P, wrt_p)])
