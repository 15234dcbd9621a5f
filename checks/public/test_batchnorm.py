"""Public checks for ``layers.BatchNorm1d``."""

import numpy as np

from checks.framework import Fail, array, check, close
from checks.gradients import numerical_gradient
from checks.hints import (
    BN_BACKWARD_NO_MEAN_TERMS,
    BN_BACKWARD_NO_XHAT_TERM,
    BN_BACKWARD_TRAIN_IN_EVAL,
    BN_BATCH_STATS_IN_EVAL,
    BN_BIASED_RUNNING,
    BN_DGAMMA_NO_XHAT,
    BN_EPS_OUTSIDE,
    BN_EVAL_UPDATES,
    BN_MOMENTUM_SWAPPED,
    BN_NEVER_UPDATES,
    BN_RUNNING_EPS,
    BN_UNBIASED_NORM,
)

EPS = 1e-5
X = np.array([[1.0, 2.0], [3.0, 6.0], [5.0, 10.0]])
# column means 3 and 6; BIASED variances (divide by N = 3): 8/3 and 32/3
MEAN, VAR = np.array([3.0, 6.0]), np.array([8 / 3, 32 / 3])
OUT = (X - MEAN) / np.sqrt(VAR + EPS)          # gamma = 1, beta = 0
UNBIASED = np.array([4.0, 16.0])                # the same variances divided by N - 1 = 2
# running stats after one step (momentum 0.1) use the UNBIASED variances 4 and 16:
RUNNING_MEAN = 0.1 * MEAN                        # [0.3, 0.6]
RUNNING_VAR = 0.9 * 1.0 + 0.1 * UNBIASED         # [1.3, 2.5]


def _normalized(x, mean, var, gamma=1.0, beta=0.0):
    return gamma * (x - mean) / np.sqrt(var + EPS) + beta


@check("batchnorm.public_forward")
def test_batchnorm_forward(lib):
    """In training mode each column is normalized with the batch mean and biased variance."""
    bn = lib.layers.BatchNorm1d(2)
    close(array(bn.forward(X), "BatchNorm1d.forward", shape=(3, 2)), OUT,
          "BatchNorm1d.forward on [[1, 2], [3, 6], [5, 10]]", reveal=True,
          diagnoses=[(BN_UNBIASED_NORM, _normalized(X, MEAN, UNBIASED)),
                     (BN_EPS_OUTSIDE, (X - MEAN) / (np.sqrt(VAR) + EPS))])


@check("batchnorm.public_running")
def test_batchnorm_running_stats(lib):
    """One training step updates the running statistics the PyTorch way (unbiased variance)."""
    bn = lib.layers.BatchNorm1d(2)
    bn.forward(X)
    rm = array(bn.get("running_mean"), "running_mean", shape=(2,))
    rv = array(bn.get("running_var"), "running_var", shape=(2,))
    if np.array_equal(rm, [0.0, 0.0]) and np.array_equal(rv, [1.0, 1.0]):
        raise Fail(f"running_mean and running_var are still [0, 0] and [1, 1] after a training step: "
                   f"{BN_NEVER_UPDATES}")
    close(rm, RUNNING_MEAN, "running_mean after one step", reveal=True,
          diagnoses=[(BN_MOMENTUM_SWAPPED, 0.9 * MEAN)])
    close(rv, RUNNING_VAR, "running_var after one step", reveal=True,
          diagnoses=[(BN_BIASED_RUNNING, 0.9 + 0.1 * VAR), (BN_MOMENTUM_SWAPPED, 0.1 + 0.9 * UNBIASED),
                     (BN_RUNNING_EPS, 0.9 + 0.1 * (UNBIASED + EPS))])


GAMMA, BETA = np.array([2.0, -0.5]), np.array([0.5, 1.0])
DOUT = np.array([[1.0, -1.0], [0.5, 2.0], [-2.0, 0.25]])


@check("batchnorm.public_backward")
def test_batchnorm_backward(lib):
    """In training mode backward's dx, grads["gamma"] and grads["beta"] agree with central
    differences of the forward pass (the batch mean and variance depend on x too)."""
    bn = lib.layers.BatchNorm1d(2)
    bn.set("params", "gamma", GAMMA, inplace=True)
    bn.set("params", "beta", BETA, inplace=True)
    bn.forward(X)
    dx = array(bn.backward(DOUT), "BatchNorm1d.backward", shape=(3, 2))

    def loss(x):
        return np.sum(_normalized(x, x.mean(axis=0), x.var(axis=0), GAMMA, BETA) * DOUT)

    inv_std = 1 / np.sqrt(VAR + EPS)
    dx_hat = DOUT * GAMMA
    close(dx, numerical_gradient(loss, X), "dx of BatchNorm1d.backward", rtol=1e-5, atol=1e-7, reveal=True,
          diagnoses=[(BN_BACKWARD_NO_MEAN_TERMS, dx_hat * inv_std),
                     (BN_BACKWARD_NO_XHAT_TERM, inv_std * (dx_hat - dx_hat.mean(axis=0)))])
    grads = bn.get("grads")
    if not isinstance(grads, dict) or not {"gamma", "beta"} <= set(grads):
        raise Fail("after backward, grads must hold 'gamma' and 'beta'")
    close(array(grads["gamma"], "grads['gamma']", shape=(2,)), np.sum(DOUT * OUT, axis=0), "grads['gamma']",
          reveal=True, diagnoses=[(BN_DGAMMA_NO_XHAT, DOUT.sum(axis=0))])
    close(array(grads["beta"], "grads['beta']", shape=(2,)), DOUT.sum(axis=0), "grads['beta']", reveal=True)


RUN_MEAN, RUN_VAR = np.array([2.0, 5.0]), np.array([4.0, 9.0])


@check("batchnorm.public_eval")
def test_batchnorm_eval_mode(lib):
    """In eval mode forward normalizes with running_mean and running_var (set here by hand), leaves
    them unchanged, and backward treats them as constants: dx = dout * gamma / sqrt(running_var + eps)."""
    bn = lib.layers.BatchNorm1d(2)
    bn.set("params", "gamma", GAMMA, inplace=True)
    bn.set("params", "beta", BETA, inplace=True)
    bn.set("running_mean", RUN_MEAN.copy())
    bn.set("running_var", RUN_VAR.copy())
    bn.eval()
    out = array(bn.forward(X), "BatchNorm1d.forward", shape=(3, 2))
    close(out, _normalized(X, RUN_MEAN, RUN_VAR, GAMMA, BETA), "BatchNorm1d.forward in eval mode "
          "(running_mean [2, 5], running_var [4, 9], gamma [2, -0.5], beta [0.5, 1])", reveal=True,
          diagnoses=[(BN_BATCH_STATS_IN_EVAL, _normalized(X, MEAN, VAR, GAMMA, BETA))])
    for name, value in (("running_mean", RUN_MEAN), ("running_var", RUN_VAR)):
        if not np.allclose(array(bn.get(name), name, shape=(2,)), value):
            raise Fail(f"{name} changed during an eval-mode forward: {BN_EVAL_UPDATES}")
    dx = array(bn.backward(DOUT), "BatchNorm1d.backward", shape=(3, 2))
    inv_std = 1 / np.sqrt(RUN_VAR + EPS)
    x_hat, dx_hat = (X - RUN_MEAN) * inv_std, DOUT * GAMMA
    as_training = inv_std * (dx_hat - dx_hat.mean(axis=0) - x_hat * np.mean(dx_hat * x_hat, axis=0))
    close(dx, dx_hat * inv_std, "dx of BatchNorm1d.backward in eval mode", reveal=True,
          diagnoses=[(BN_BACKWARD_TRAIN_IN_EVAL, as_training)])
