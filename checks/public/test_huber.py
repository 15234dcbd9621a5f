"""Public checks for ``losses.huber`` and ``losses.huber_grad``."""

import numpy as np

from checks.framework import array, check, close, number

Y_PRED = np.array([1.0, 2.0, 4.0, -1.0])
Y_TRUE = np.array([1.0, 0.0, 1.0, 1.0])
# residuals d = 0, 2, 3, -2.
# delta = 1: every non-zero |d| > 1, so terms are 0, 1 (2 - 0.5), 1 (3 - 0.5) ... precisely
#   0, 1*(2 - 0.5) = 1.5, 1*(3 - 0.5) = 2.5, 1.5  -> mean 5.5 / 4 = 1.375
#   gradient: d / N inside the band, delta * sign(d) / N outside: [0, 1, 1, -1] / 4
# delta = 2.5: |d| = 2 is inside (0.5 * 4 = 2), |d| = 3 outside (2.5 * (3 - 1.25) = 4.375)
#   terms 0, 2, 4.375, 2 -> mean 8.375 / 4 = 2.09375; gradient [0, 2, 2.5, -2] / 4


@check("huber.public_value")
def test_huber_value(lib):
    """huber of a small example, for delta = 1 and delta = 2.5, worked out by hand."""
    close(number(lib.losses.huber(Y_PRED, Y_TRUE), "huber"), 1.375,
          "huber([1, 2, 4, -1], [1, 0, 1, 1]) with the default delta = 1", n=4, reveal=True)
    close(number(lib.losses.huber(Y_PRED, Y_TRUE, delta=2.5), "huber"), 2.09375,
          "huber([1, 2, 4, -1], [1, 0, 1, 1], delta=2.5)", n=4, reveal=True)


@check("huber.public_grad")
def test_huber_grad(lib):
    """huber_grad of the same example, for delta = 1 and delta = 2.5."""
    close(array(lib.losses.huber_grad(Y_PRED, Y_TRUE), "huber_grad", shape=(4,)),
          [0.0, 0.25, 0.25, -0.25], "huber_grad(..., delta=1)", n=4, reveal=True)
    close(array(lib.losses.huber_grad(Y_PRED, Y_TRUE, delta=2.5), "huber_grad", shape=(4,)),
          [0.0, 0.5, 0.625, -0.5], "huber_grad(..., delta=2.5)", n=4, reveal=True)
