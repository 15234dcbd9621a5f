"""Public checks for ``losses.mae`` and ``losses.mae_grad``."""

import numpy as np

from checks.framework import array, check, close, number
from checks.hints import MAE_GRAD_MSE, MAE_NO_ABS, MAE_SQUARED, MAE_TIES

Y_PRED = np.array([1.0, 2.0, 4.0, -1.0, 3.0])
Y_TRUE = np.array([1.0, 0.0, 1.0, 1.0, 3.0])
# residuals 0, 2, 3, -2, 0: |.| = 0, 2, 3, 2, 0, mean 7 / 5 (squares: mean 17 / 5; without |.|: 3 / 5)
# gradient sign(residual) / N = [0, 1, 1, -1, 0] / 5 (0 where prediction equals target)
D = Y_PRED - Y_TRUE


@check("mae.public_value")
def test_mae_value(lib):
    """mae of a small example worked out by hand."""
    close(number(lib.losses.mae(Y_PRED, Y_TRUE), "mae"), 7 / 5, "mae([1, 2, 4, -1, 3], [1, 0, 1, 1, 3])",
          n=5, reveal=True, diagnoses=[(MAE_SQUARED, 17 / 5), (MAE_NO_ABS, 3 / 5)])


@check("mae.public_grad")
def test_mae_grad(lib):
    """mae_grad of the same example, including two residuals of exactly 0 (where the gradient is 0)."""
    grad = array(lib.losses.mae_grad(Y_PRED, Y_TRUE), "mae_grad", shape=(5,))
    close(grad, [0.0, 0.2, 0.2, -0.2, 0.0], "mae_grad([1, 2, 4, -1, 3], [1, 0, 1, 1, 3])", n=5, reveal=True,
          diagnoses=[(MAE_TIES, np.where(D >= 0, 1.0, -1.0) / 5), (MAE_TIES, np.where(D > 0, 1.0, -1.0) / 5),
                     (MAE_GRAD_MSE, 2 * D / 5)])
