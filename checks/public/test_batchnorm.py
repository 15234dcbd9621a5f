"""Public checks for ``layers.BatchNorm1d``."""

import numpy as np

from checks.framework import array, check, close

X = np.array([[1.0, 2.0], [3.0, 6.0], [5.0, 10.0]])
# column means 3 and 6; BIASED variances (divide by N = 3): 8/3 and 32/3
MEAN, VAR = np.array([3.0, 6.0]), np.array([8 / 3, 32 / 3])
OUT = (X - MEAN) / np.sqrt(VAR + 1e-5)          # gamma = 1, beta = 0
# running stats after one step (momentum 0.1) use the UNBIASED variances 4 and 16:
RUNNING_MEAN = 0.1 * MEAN                        # [0.3, 0.6]
RUNNING_VAR = 0.9 * 1.0 + 0.1 * np.array([4.0, 16.0])   # [1.3, 2.5]


@check("batchnorm.public_forward")
def test_batchnorm_forward(lib):
    """In training mode each column is normalized with the batch mean and biased variance."""
    bn = lib.layers.BatchNorm1d(2)
    close(array(bn.forward(X), "BatchNorm1d.forward", shape=(3, 2)), OUT,
          "BatchNorm1d.forward on [[1, 2], [3, 6], [5, 10]]", reveal=True)


@check("batchnorm.public_running")
def test_batchnorm_running_stats(lib):
    """One training step updates the running statistics the PyTorch way (unbiased variance)."""
    bn = lib.layers.BatchNorm1d(2)
    bn.forward(X)
    close(array(bn.get("running_mean"), "running_mean", shape=(2,)), RUNNING_MEAN, "running_mean after one step",
          reveal=True)
    close(array(bn.get("running_var"), "running_var", shape=(2,)), RUNNING_VAR, "running_var after one step",
          reveal=True, hint="running_var uses the unbiased variance (divide by N - 1)")
