"""The custom checks of ``layers.BatchNorm1d``: call sequences that switch modes (compared with the
same layer's results in the plain sequence, so that only the handling of the sequence is graded) and
a deep network trained with it. Its other checks are generated from ``part.py``."""

import numpy as np

from autograder.parts import experiments as E
from autograder.parts import hint
from autograder.parts.adapters import RemoteLayer
from autograder.parts.support import expected
from checks.framework import Fail, StudentError, array, check, close

BN_STALE_CACHE = hint("batchnorm.stale_cache")
BN_BACKWARD_READS_MODE = hint("batchnorm.backward_reads_mode")


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


RUN_MEAN, RUN_VAR = np.array([0.5, -1.0, 2.0, 0.0]), np.array([2.0, 0.5, 4.0, 1e-4])


def _dx_case(seed, n, c):
    rng = np.random.default_rng(seed)
    x, dout = _batches(seed, n, c, 1)[0], rng.standard_normal((n, c))
    return x, dout, rng.uniform(0.5, 2, c), rng.standard_normal(c)


def _dx_diagnoses(x, dout, gamma, eps, mean=None, var=None):
    """The dx that known mistakes give (training mode unless ``mean`` and ``var`` are given)."""
    x = np.asarray(x, dtype=np.float64)
    mean = x.mean(axis=0) if mean is None else mean
    var = x.var(axis=0) if var is None else var
    inv_std = 1 / np.sqrt(var + eps)
    x_hat, dx_hat = (x - mean) * inv_std, dout * gamma
    return {"constants": dx_hat * inv_std,
            "no_xhat": inv_std * (dx_hat - dx_hat.mean(axis=0)),
            "training": inv_std * (dx_hat - dx_hat.mean(axis=0) - x_hat * np.mean(dx_hat * x_hat, axis=0))}


@check("batchnorm.state")
def test_call_sequences(lib, ref, cases):
    """Sequences of calls: backward always uses what the LAST forward did, in the mode that forward
    ran in, and training and eval mode can be switched back and forth. Each sequence is compared
    with the same layer's results in the plain sequence (one forward, then backward), so that only
    the handling of the sequence is graded here."""
    x1, dout, gamma, beta = _dx_case(27, 6, 3)
    x2 = _batches(28, 6, 3, 1)[0]

    def layer(eval_mode=False):
        mine, _ = _pair(lib, ref, 3, gamma, beta)
        mine.set("running_mean", RUN_MEAN[:3].copy())
        mine.set("running_var", RUN_VAR[:3].copy())
        if eval_mode:
            mine.eval()
        return mine

    def plain(x, eval_mode=False):
        """dx in the plain sequence: the student's own, or the reference's when the student's
        layer cannot run it (that is for the checks of backward to charge)."""
        try:
            mine = layer(eval_mode)
            mine.forward(x)
            return array(mine.backward(dout), "BatchNorm1d.backward", shape=x.shape)
        except (StudentError, Fail):
            theirs = ref.layers.BatchNorm1d(3)
            theirs.params["gamma"][...], theirs.params["beta"][...] = gamma, beta
            theirs.running_mean, theirs.running_var = RUN_MEAN[:3].copy(), RUN_VAR[:3].copy()
            theirs.train(not eval_mode)
            theirs.forward(x)
            return theirs.backward(dout)

    def dx_of(mine):
        return array(mine.backward(dout), "BatchNorm1d.backward", shape=x1.shape)

    def distinct(a, b, what):
        if np.allclose(a, b):
            raise Fail(f"{what}: backward gives the same dx for two different forwards, so which forward it "
                       "used cannot be told (see the checks of backward)")

    with cases.case("two training forwards, then backward"):
        want, other = plain(x2), plain(x1)
        distinct(want, other, "two training forwards")
        mine = layer()
        mine.forward(x1)
        mine.forward(x2)
        close(dx_of(mine), want, "dx after two training forwards (the second one counts)",
              diagnoses=[(BN_STALE_CACHE, other)])
    with cases.case("a training forward, eval(), then backward"):
        want, other = plain(x1), plain(x1, eval_mode=True)
        distinct(want, other, "a training forward, then eval()")
        mine = layer()
        mine.forward(x1)
        running_var = array(mine.get("running_var"), "running_var", shape=(3,))
        mine.eval()
        close(dx_of(mine), want, "dx after a training forward and then eval() (the forward's mode counts)",
              diagnoses=[(BN_BACKWARD_READS_MODE, dout * gamma / np.sqrt(running_var + 1e-5))])
    with cases.case("an eval forward, train(), then backward"):
        want, other = plain(x1, eval_mode=True), plain(x1)
        distinct(want, other, "an eval-mode forward, then train()")
        mine = layer(eval_mode=True)
        mine.forward(x1)
        mine.train()
        wrong = _dx_diagnoses(x1, dout, gamma, 1e-5, RUN_MEAN[:3], RUN_VAR[:3])
        close(dx_of(mine), want, "dx after an eval-mode forward and then train() (the forward's mode counts)",
              diagnoses=[(BN_BACKWARD_READS_MODE, wrong["training"])])
    with cases.case("a training forward, then an eval forward, then backward"):
        want, other = plain(x2, eval_mode=True), plain(x1)
        distinct(want, other, "a training forward, then an eval-mode forward")
        mine = layer()
        mine.forward(x1)
        mine.set("running_mean", RUN_MEAN[:3].copy())        # the plain sequence's running statistics
        mine.set("running_var", RUN_VAR[:3].copy())
        mine.eval()
        mine.forward(x2)
        close(dx_of(mine), want, "dx after a training forward and then an eval-mode forward (the second counts)",
              diagnoses=[(BN_STALE_CACHE, other)])
    with cases.case("train, eval, train: the last forward normalizes with its batch's statistics"):
        want, other = _out(layer().forward(x2), x2.shape), _out(layer().forward(x1), x1.shape)
        if not np.all(np.isfinite(want)) or np.allclose(want, other):
            raise Fail("a training-mode forward gives NaN, infinity or the same output for different batches, so "
                       "switching modes cannot be checked (see the checks of forward)")
        mine = layer()
        mine.forward(x1)
        mine.eval()
        mine.forward(x2)
        mine.train()
        close(_out(mine.forward(x2), x2.shape), want, "a training forward after switching to eval mode and back")
    cases.verdict()


@check("batchnorm.deep_training")
def test_batchnorm_trains_a_deep_network(lib, ref):
    """A deep ReLU network trained with plain SGD at a learning rate too high for it without batch
    normalization trains well with the student's BatchNorm1d after each hidden layer."""
    plain = expected(("bn-plain",), lambda: E.deep_net_loss(0))
    loss = E.deep_net_loss(0, lambda width: RemoteLayer(lib.layers.BatchNorm1d(width), "BatchNorm1d"))
    if not np.isfinite(loss) or loss > E.BN_GOOD_LOSS:
        shown = "diverged" if not np.isfinite(loss) else f"reached a training loss of {loss:.3f}"
        raise Fail(f"at learning rate {E.BN_LR}, the network with your BatchNorm1d {shown}; with a correct "
                   f"batch norm it reaches below {E.BN_GOOD_LOSS} (without batch norm: "
                   f"{'diverges' if not np.isfinite(plain) else f'{plain:.2f}'}, chance is 1.10)")
