"""Public checks for ``losses.mae`` and ``losses.mae_grad``."""

import numpy as np

from checks.framework import array, check, close, number

Y_PRED = np.array([1.0, 2.0, 4.0, -1.0])
Y_TRUE = np.array([1.0, 0.0, 1.0, 1.0])
# residuals 0, 2, 3, -2: |.| = 0, 2, 3, 2, mean 7 / 4 = 1.75
# gradient sign(residual) / N = [0, 1, 1, -1] / 4 (0 where prediction equals target)


@check("mae.public_value")
def test_mae_value(lib):
    """mae of a small example worked out by hand."""
    close(number(lib.losses.mae(Y_PRED, Y_TRUE), "mae"), 1.75, "mae([1, 2, 4, -1], [1, 0, 1, 1])",
          n=4, reveal=True)


@check("mae.public_grad")
def test_mae_grad(lib):
    """mae_grad of the same example, including a residual of exactly 0."""
    grad = array(lib.losses.mae_grad(Y_PRED, Y_TRUE), "mae_grad", shape=(4,))
    close(grad, [0.0, 0.25, 0.25, -0.25], "mae_grad([1, 2, 4, -1], [1, 0, 1, 1])", n=4, reveal=True)
