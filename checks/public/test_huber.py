"""Public checks for ``losses.huber`` and ``losses.huber_grad``."""

import numpy as np

from checks.framework import array, check, close, number
from checks.hints import HUBER_DELTA_IGNORED, HUBER_GRAD_MAE, HUBER_GRAD_UNCLIPPED, HUBER_NO_HALF, HUBER_NO_OFFSET

Y_PRED = np.array([1.0, 2.0, 4.0, -1.0, 0.5])
Y_TRUE = np.array([1.0, 0.0, 1.0, 1.0, 0.0])
# residuals d = 0, 2, 3, -2, 0.5.
# delta = 1: 0.5 d**2 where |d| <= 1, else 1 * (|d| - 0.5):
#   terms 0, 1.5, 2.5, 1.5, 0.125 -> mean 5.625 / 5 = 1.125
#   gradient d / N inside the band, delta * sign(d) / N outside: [0, 1, 1, -1, 0.5] / 5
# delta = 2.5: |d| = 2 and 0.5 are inside, |d| = 3 outside (2.5 * (3 - 1.25) = 4.375):
#   terms 0, 2, 4.375, 2, 0.125 -> mean 8.5 / 5 = 1.7; gradient [0, 2, 2.5, -2, 0.5] / 5
D = Y_PRED - Y_TRUE


def _wrong(delta, quad=0.5, offset=0.5, switch=None):
    a = np.abs(D)
    switch = delta if switch is None else switch
    return float(np.mean(np.where(a <= switch, quad * D * D, delta * (a - offset * delta))))


@check("huber.public_value")
def test_huber_value(lib):
    """huber of a small example, for delta = 1 and delta = 2.5, worked out by hand."""
    for delta, want in ((1.0, 1.125), (2.5, 1.7)):
        diagnoses = [(HUBER_NO_HALF, _wrong(delta, quad=1.0)), (HUBER_NO_OFFSET, _wrong(delta, offset=0.0)),
                     (HUBER_DELTA_IGNORED, _wrong(1.0))]
        kwargs = {} if delta == 1.0 else {"delta": delta}
        close(number(lib.losses.huber(Y_PRED, Y_TRUE, **kwargs), "huber"), want,
              f"huber([1, 2, 4, -1, 0.5], [1, 0, 1, 1, 0]{', delta=2.5' if kwargs else ''})", n=5,
              reveal=True, diagnoses=diagnoses)


@check("huber.public_grad")
def test_huber_grad(lib):
    """huber_grad of the same example, for delta = 1 and delta = 2.5."""
    for delta, want in ((1.0, [0.0, 0.2, 0.2, -0.2, 0.1]), (2.5, [0.0, 0.4, 0.5, -0.4, 0.1])):
        kwargs = {} if delta == 1.0 else {"delta": delta}
        close(array(lib.losses.huber_grad(Y_PRED, Y_TRUE, **kwargs), "huber_grad", shape=(5,)), want,
              f"huber_grad(..., delta={delta:g})", n=5, reveal=True,
              diagnoses=[(HUBER_GRAD_MAE, np.sign(D) / 5), (HUBER_GRAD_UNCLIPPED, D / 5)])
