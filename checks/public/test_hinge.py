"""Public checks for ``losses.hinge`` and ``losses.hinge_grad``."""

import numpy as np

from checks.framework import array, check, close, number
from checks.hints import HINGE_GRAD_UNMASKED, HINGE_KINK, HINGE_NO_CLIP, HINGE_ZERO_MARGIN

S = np.array([0.5, -2.0, 3.0, 0.2])
Y = np.array([1.0, 1.0, -1.0, -1.0])
# margins y s = 0.5, -2, -3, -0.2; max(0, 1 - y s) = 0.5, 3, 4, 1.2; mean 8.7 / 4 = 2.175
# every margin is below 1, so each gradient is -y / N: [-1, -1, 1, 1] / 4
S2 = np.array([2.0, -3.0, 1.0, -1.0, 0.5])
Y2 = np.array([1.0, -1.0, 1.0, -1.0, 1.0])
# margins 2, 3 (beyond the margin: loss and gradient 0), 1 and 1 (exactly on it: loss 0 and, by the
# course's convention, gradient 0 too), 0.5 (inside: loss 0.5, gradient -1 / 5)


@check("hinge.public_value")
def test_hinge_value(lib):
    """hinge of a small example worked out by hand, and 0 for points on or beyond the margin."""
    close(number(lib.losses.hinge(S, Y), "hinge"), 2.175, "hinge([0.5, -2, 3, 0.2], [1, 1, -1, -1])",
          n=4, reveal=True, diagnoses=[(HINGE_ZERO_MARGIN, np.mean(np.maximum(0, -Y * S)))])
    close(number(lib.losses.hinge(S2, Y2), "hinge"), 0.1, "hinge([2, -3, 1, -1, 0.5], [1, -1, 1, -1, 1])",
          n=5, reveal=True, diagnoses=[(HINGE_NO_CLIP, np.mean(1 - Y2 * S2)),
                                       (HINGE_ZERO_MARGIN, np.mean(np.maximum(0, -Y2 * S2)))])


@check("hinge.public_grad")
def test_hinge_grad(lib):
    """hinge_grad of the same examples: -y / N inside the margin, 0 beyond it and exactly on it."""
    close(array(lib.losses.hinge_grad(S, Y), "hinge_grad", shape=(4,)), [-0.25, -0.25, 0.25, 0.25],
          "hinge_grad([0.5, -2, 3, 0.2], [1, 1, -1, -1])", n=4, reveal=True)
    close(array(lib.losses.hinge_grad(S2, Y2), "hinge_grad", shape=(5,)), [0.0, 0.0, 0.0, 0.0, -0.2],
          "hinge_grad([2, -3, 1, -1, 0.5], [1, -1, 1, -1, 1])", reveal=True,
          diagnoses=[(HINGE_GRAD_UNMASKED, -Y2 / 5), (HINGE_KINK, np.where(Y2 * S2 <= 1, -Y2, 0.0) / 5)])
