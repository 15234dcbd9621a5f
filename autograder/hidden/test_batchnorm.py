"""Hidden checks for ``layers.BatchNorm1d``, against the reference (itself checked against
PyTorch) and central differences."""

import numpy as np

from checks.framework import Fail, array, check, close
from checks.gradients import numerical_gradient

from . import experiments as E
from .adapters import RemoteLayer
from .support import expected


def _batches(seed, n, c, count=4):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal((n, c)) * rng.uniform(0.5, 3, c) + rng.uniform(-2, 2, c) for _ in range(count)]


def _pair(lib, ref, c, gamma=None, beta=None, **kwargs):
    """The student's layer and the reference's, with the same gamma and beta."""
    mine, theirs = lib.layers.BatchNorm1d(c, **kwargs), ref.layers.BatchNorm1d(c, **kwargs)
    if gamma is not None:
        mine.set("params", "gamma", gamma, inplace=True)
        mine.set("params", "beta", beta, inplace=True)
        theirs.params["gamma"][...] = gamma
        theirs.params["beta"][...] = beta
    return mine, theirs


def _out(value, shape, what="BatchNorm1d.forward"):
    return array(value, what, shape=shape)


@check("batchnorm.forward_train")
def test_forward_in_training(lib, ref, cases):
    """In training mode the output is gamma * (x - batch mean) / sqrt(biased batch var + eps) + beta."""
    rng = np.random.default_rng(12)
    tiny = np.c_[rng.standard_normal(6), 1.0 + 1e-3 * rng.standard_normal(6)]   # a column of variance ~1e-6
    cases_ = [
        ("8 x 4 with gamma and beta", _batches(13, 8, 4)[0], rng.uniform(0.5, 2, 4), rng.standard_normal(4)),
        ("a batch of 2", _batches(14, 2, 3)[0], None, None),
        ("a column of tiny variance (eps matters)", tiny, None, None),
        ("float32 input", _batches(15, 10, 5)[0].astype(np.float32), None, None),
    ]
    for name, x, gamma, beta in cases_:
        with cases.case(name):
            mine, theirs = _pair(lib, ref, x.shape[1], gamma, beta)
            want = theirs.forward(x)
            got = _out(mine.forward(x), x.shape)
            unbiased = (np.asarray(x, float) - x.mean(0)) / np.sqrt(np.asarray(x, float).var(0, ddof=1) + 1e-5)
            if gamma is None and x.shape[0] > 1 and np.allclose(got, unbiased, rtol=1e-6):
                raise Fail(f"on {name}: it normalizes with the unbiased variance; training mode uses the "
                           "BIASED batch variance (divide by N)")
            close(got, want, f"BatchNorm1d.forward in training mode on {name}",
                  hint="eps goes inside the square root" if "tiny" in name else "")
    cases.verdict()


@check("batchnorm.running_stats")
def test_running_statistics(lib, ref, cases):
    """Each training step updates running = (1 - momentum) running + momentum batch, with the
    unbiased batch variance for running_var."""
    for momentum in (0.1, 0.3):
        mine, theirs = _pair(lib, ref, 3, momentum=momentum)
        for step, x in enumerate(_batches(16, 5, 3)):
            mine.forward(x)
            theirs.forward(x)
            with cases.case(f"momentum {momentum}, step {step + 1}"):
                rm = array(mine.get("running_mean"), "running_mean", shape=(3,))
                rv = array(mine.get("running_var"), "running_var", shape=(3,))
                close(rm, theirs.running_mean, f"running_mean after {step + 1} steps (momentum {momentum})",
                      hint="PyTorch's convention: (1 - momentum) * running + momentum * batch mean")
                close(rv, theirs.running_var, f"running_var after {step + 1} steps (momentum {momentum})",
                      hint="running_var uses the UNBIASED batch variance (divide by N - 1)")
    cases.verdict()


@check("batchnorm.eval_mode")
def test_eval_mode(lib, ref, cases):
    """In eval mode the layer normalizes with the running statistics and leaves them unchanged;
    a batch of one is fine."""
    rng = np.random.default_rng(17)
    mine, theirs = _pair(lib, ref, 4, rng.uniform(0.5, 2, 4), rng.standard_normal(4))
    for x in _batches(18, 6, 4, 3):
        mine.forward(x)
        theirs.forward(x)
    mine.eval()
    theirs.eval()
    x = _batches(19, 5, 4, 1)[0]
    with cases.case("uses the running statistics"):
        close(_out(mine.forward(x), x.shape), theirs.forward(x), "BatchNorm1d.forward in eval mode",
              hint="in eval mode use running_mean and running_var, not the batch's statistics")
    with cases.case("leaves them alone"):
        close(array(mine.get("running_mean"), "running_mean", shape=(4,)), theirs.running_mean,
              "running_mean after an eval-mode forward", hint="eval mode must not update the running statistics")
        close(array(mine.get("running_var"), "running_var", shape=(4,)), theirs.running_var,
              "running_var after an eval-mode forward")
    with cases.case("a batch of one"):
        close(_out(mine.forward(x[:1]), (1, 4)), theirs.forward(x[:1]), "BatchNorm1d.forward in eval mode on one example")
    cases.verdict()


def _dx_case(seed, n, c):
    rng = np.random.default_rng(seed)
    x, dout = _batches(seed, n, c, 1)[0], rng.standard_normal((n, c))
    return x, dout, rng.uniform(0.5, 2, c), rng.standard_normal(c)


DX_CASES = [("8 x 3", 20, 8, 3), ("a batch of 2", 21, 2, 4), ("16 x 5", 22, 16, 5)]


@check("batchnorm.backward_dx")
def test_backward_dx(lib, ref, cases):
    """backward's dx (training mode) matches central differences of the forward pass."""
    for name, seed, n, c in DX_CASES:
        x, dout, gamma, beta = _dx_case(seed, n, c)
        with cases.case(name):
            mine, _ = _pair(lib, ref, c, gamma, beta)
            mine.forward(x)
            dx = array(mine.backward(dout), "BatchNorm1d.backward", shape=x.shape)

            def numeric():
                layer = ref.layers.BatchNorm1d(c)
                layer.params["gamma"][...], layer.params["beta"][...] = gamma, beta
                return numerical_gradient(lambda v: np.sum(layer.forward(v) * dout), x)

            close(dx, expected(("bn-dx", name), numeric), f"dx of BatchNorm1d.backward on {name}",
                  rtol=1e-5, atol=1e-6,
                  hint="the batch mean and variance depend on x too: dx has the two terms that come from them")
    cases.verdict()


@check("batchnorm.backward_params")
def test_backward_params(lib, ref, cases):
    """backward sets grads["gamma"] and grads["beta"], matching central differences of the
    forward pass with respect to gamma and beta."""
    for name, seed, n, c in DX_CASES:
        x, dout, gamma, beta = _dx_case(seed, n, c)
        with cases.case(name):
            mine, _ = _pair(lib, ref, c, gamma, beta)
            mine.forward(x)
            mine.backward(dout)
            grads = mine.get("grads")
            if not isinstance(grads, dict) or not {"gamma", "beta"} <= set(grads):
                raise Fail("after backward, grads must hold 'gamma' and 'beta'")

            def numeric(which):
                def f(values):
                    layer = ref.layers.BatchNorm1d(c)
                    layer.params["gamma"][...], layer.params["beta"][...] = gamma, beta
                    layer.params[which][...] = values
                    return np.sum(layer.forward(x) * dout)
                return numerical_gradient(f, gamma if which == "gamma" else beta)

            close(array(grads["gamma"], "grads['gamma']", shape=(c,)), expected(("bn-dgamma", name), lambda: numeric("gamma")),
                  f"grads['gamma'] on {name}", rtol=1e-5, atol=1e-6,
                  hint="dgamma is the sum over the batch of dout times the NORMALIZED x")
            close(array(grads["beta"], "grads['beta']", shape=(c,)), expected(("bn-dbeta", name), lambda: numeric("beta")),
                  f"grads['beta'] on {name}", rtol=1e-5, atol=1e-6)
    cases.verdict()


@check("batchnorm.eval_backward")
def test_eval_backward(lib, ref):
    """In eval mode the statistics are constants: dx = dout * gamma / sqrt(running_var + eps)."""
    x, dout, gamma, beta = _dx_case(23, 6, 3)
    mine, theirs = _pair(lib, ref, 3, gamma, beta)
    for batch in _batches(24, 6, 3, 2):
        mine.forward(batch)
        theirs.forward(batch)
    mine.eval()
    theirs.eval()
    mine.forward(x)
    theirs.forward(x)
    close(array(mine.backward(dout), "BatchNorm1d.backward", shape=x.shape), theirs.backward(dout),
          "dx of BatchNorm1d.backward in eval mode")


@check("batchnorm.deep_training")
def test_batchnorm_trains_a_deep_network(lib, ref):
    """A deep ReLU network trained with plain SGD at a learning rate too high for it without batch
    normalization trains well with the student's BatchNorm1d after each hidden layer."""
    plain = expected(("bn-plain",), lambda: E.deep_net_loss(0))
    loss = E.deep_net_loss(0, lambda width: RemoteLayer(lib.layers.BatchNorm1d(width), "BatchNorm1d"))
    if not np.isfinite(loss) or loss > 0.6:
        shown = "diverged" if not np.isfinite(loss) else f"reached a loss of {loss:.3f}"
        raise Fail(f"at learning rate {E.BN_LR}, the network with your BatchNorm1d {shown}; with a correct "
                   f"batch norm it reaches below 0.6 (without batch norm: "
                   f"{'diverges' if not np.isfinite(plain) else f'{plain:.2f}'}, chance is 1.10)")
