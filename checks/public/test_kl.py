"""Public checks for ``losses.kl_divergence`` and ``losses.kl_divergence_grad``."""

import numpy as np

from checks.framework import array, check, close, number

P = np.array([0.5, 0.5, 0.0])
Q = np.array([0.25, 0.25, 0.5])
# KL(p || q) = 0.5 log(0.5 / 0.25) + 0.5 log(0.5 / 0.25) + 0 (0 log 0 counts as 0) = log 2
# gradient with respect to q: -p / q = [-2, -2, 0] (one distribution: no mean over rows)


@check("kl.public_value")
def test_kl_value(lib):
    """kl_divergence of one distribution with a zero, worked out by hand; and its asymmetry."""
    close(number(lib.losses.kl_divergence(P, Q), "kl_divergence"), np.log(2),
          "kl_divergence([0.5, 0.5, 0], [0.25, 0.25, 0.5])", reveal=True)
    rows = number(lib.losses.kl_divergence(np.stack([P, Q]), np.stack([Q, Q])), "kl_divergence")
    close(rows, np.log(2) / 2, "kl_divergence of two rows (the mean over rows: log 2 and 0)", reveal=True)


@check("kl.public_grad")
def test_kl_grad(lib):
    """kl_divergence_grad of the same example, with respect to q."""
    close(array(lib.losses.kl_divergence_grad(P, Q), "kl_divergence_grad", shape=(3,)), [-2.0, -2.0, 0.0],
          "kl_divergence_grad([0.5, 0.5, 0], [0.25, 0.25, 0.5])", reveal=True)
