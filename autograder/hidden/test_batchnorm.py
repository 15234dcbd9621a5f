"""Hidden checks for ``layers.BatchNorm1d``, against the reference (itself checked against
PyTorch) and central differences. Checks of eval mode set the running statistics themselves, so a
mistake in updating them costs points in ``running_stats`` only."""

import numpy as np

from checks.framework import Fail, StudentError, array, check, close
from checks.gradients import numerical_gradient
from checks.hints import (
    BN_BACKWARD_NO_MEAN_TERMS,
    BN_BACKWARD_NO_XHAT_TERM,
    BN_BACKWARD_READS_MODE,
    BN_BACKWARD_TRAIN_IN_EVAL,
    BN_BATCH_STATS_IN_EVAL,
    BN_BIASED_RUNNING,
    BN_DGAMMA_NO_XHAT,
    BN_EPS_FIXED,
    BN_EPS_OUTSIDE,
    BN_EVAL_UPDATES,
    BN_MOMENTUM_FIXED,
    BN_MOMENTUM_SWAPPED,
    BN_NEVER_UPDATES,
    BN_RUNNING_EPS,
    BN_STALE_CACHE,
    BN_UNBIASED_NORM,
)

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


def _set_running(mine, theirs, mean, var):
    """Running statistics chosen by the check, in both layers (no training step involved)."""
    mine.set("running_mean", np.array(mean, dtype=np.float64))
    mine.set("running_var", np.array(var, dtype=np.float64))
    theirs.running_mean, theirs.running_var = np.array(mean, dtype=np.float64), np.array(var, dtype=np.float64)


def _out(value, shape, what="BatchNorm1d.forward"):
    return array(value, what, shape=shape)


def _normalize(x, mean, var, eps, gamma=1.0, beta=0.0, outside=False):
    x = np.asarray(x, dtype=np.float64)
    scale = 1 / (np.sqrt(var) + eps) if outside else 1 / np.sqrt(var + eps)
    return gamma * (x - mean) * scale + beta


def _forward_diagnoses(x, eps, gamma, beta):
    x = np.asarray(x, dtype=np.float64)
    mean, var = x.mean(axis=0), x.var(axis=0)
    out = [(BN_EPS_OUTSIDE, _normalize(x, mean, var, eps, gamma, beta, outside=True))]
    if len(x) > 1:
        out.append((BN_UNBIASED_NORM, _normalize(x, mean, x.var(axis=0, ddof=1), eps, gamma, beta)))
    if eps != 1e-5:
        out.append((BN_EPS_FIXED, _normalize(x, mean, var, 1e-5, gamma, beta)))
    return out


@check("batchnorm.forward_train")
def test_forward_in_training(lib, ref, cases):
    """In training mode the output is gamma * (x - batch mean) / sqrt(biased batch var + eps) + beta,
    with the layer's own eps."""
    rng = np.random.default_rng(12)
    tiny = np.c_[rng.standard_normal(6), 1.0 + 1e-3 * rng.standard_normal(6)]   # a column of variance ~1e-6
    constant = np.c_[rng.standard_normal(5), np.full(5, 3.0)]                    # a column of variance 0
    cases_ = [
        ("8 x 4 with gamma and beta", _batches(13, 8, 4)[0], rng.uniform(0.5, 2, 4), rng.standard_normal(4), {}),
        ("a batch of 2", _batches(14, 2, 3)[0], None, None, {}),
        ("a column of tiny variance (eps matters)", tiny, None, None, {}),
        ("a constant column", constant, None, None, {}),
        ("float32 input", _batches(15, 10, 5)[0].astype(np.float32), None, None, {}),
        ("eps = 0.1", _batches(25, 6, 3)[0] * 0.3, None, None, {"eps": 0.1}),
        ("eps = 1e-3 on tiny variance", tiny, None, None, {"eps": 1e-3}),
    ]
    for name, x, gamma, beta, kwargs in cases_:
        with cases.case(name):
            mine, theirs = _pair(lib, ref, x.shape[1], gamma, beta, **kwargs)
            g = 1.0 if gamma is None else gamma
            b = 0.0 if beta is None else beta
            close(_out(mine.forward(x), x.shape), theirs.forward(x), f"BatchNorm1d.forward in training mode on {name}",
                  diagnoses=_forward_diagnoses(x, kwargs.get("eps", 1e-5), g, b))
    cases.verdict()


def _running(batches, momentum, mistake=None):
    """The running statistics after each batch, updated the right way or with one known mistake."""
    rm, rv, out = np.zeros(batches[0].shape[1]), np.ones(batches[0].shape[1]), []
    m = 0.1 if mistake == "momentum_fixed" else momentum
    for x in batches:
        mean = x.mean(axis=0)
        var = x.var(axis=0) if mistake == "biased" else x.var(axis=0, ddof=1)
        if mistake == "running_eps":
            var = var + 1e-5
        if mistake == "never":
            pass
        elif mistake == "swapped":
            rm, rv = m * rm + (1 - m) * mean, m * rv + (1 - m) * var
        else:
            rm, rv = (1 - m) * rm + m * mean, (1 - m) * rv + m * var
        out.append((rm.copy(), rv.copy()))
    return out


RUNNING_MISTAKES = {"biased": BN_BIASED_RUNNING, "swapped": BN_MOMENTUM_SWAPPED, "momentum_fixed": BN_MOMENTUM_FIXED,
                    "never": BN_NEVER_UPDATES, "running_eps": BN_RUNNING_EPS}


@check("batchnorm.running_stats")
def test_running_statistics(lib, ref, cases):
    """Each training step updates running = (1 - momentum) running + momentum batch, with the
    unbiased batch variance for running_var, for several momentums (1 included)."""
    batches = _batches(16, 5, 3)
    for momentum in (0.1, 0.3, 1.0):
        mine, _ = _pair(lib, ref, 3, momentum=momentum)
        for step, x in enumerate(batches):
            mine.forward(x)
            with cases.case(f"momentum {momentum}, step {step + 1}"):
                rm = array(mine.get("running_mean"), "running_mean", shape=(3,))
                rv = array(mine.get("running_var"), "running_var", shape=(3,))
                want_m, want_v = _running(batches, momentum)[step]
                wrong = {k: _running(batches, momentum, k)[step] for k in RUNNING_MISTAKES}
                close(rm, want_m, f"running_mean after {step + 1} steps (momentum {momentum})",
                      diagnoses=[(RUNNING_MISTAKES[k], w[0]) for k, w in wrong.items()])
                close(rv, want_v, f"running_var after {step + 1} steps (momentum {momentum})",
                      diagnoses=[(RUNNING_MISTAKES[k], w[1]) for k, w in wrong.items()])
    cases.verdict()


RUN_MEAN, RUN_VAR = np.array([0.5, -1.0, 2.0, 0.0]), np.array([2.0, 0.5, 4.0, 1e-4])


@check("batchnorm.eval_mode")
def test_eval_mode(lib, ref, cases):
    """In eval mode the layer normalizes with the running statistics (set here by the check) and
    leaves them unchanged; a batch of one is fine; the layer's own eps counts."""
    rng = np.random.default_rng(17)
    gamma, beta = rng.uniform(0.5, 2, 4), rng.standard_normal(4)
    x = _batches(19, 5, 4, 1)[0]
    for kwargs in ({}, {"eps": 0.05}):
        eps = kwargs.get("eps", 1e-5)
        label = f" (eps = {eps:g})" if kwargs else ""
        mine, theirs = _pair(lib, ref, 4, gamma, beta, **kwargs)
        _set_running(mine, theirs, RUN_MEAN, RUN_VAR)
        mine.eval()
        theirs.eval()
        wrong = [(BN_BATCH_STATS_IN_EVAL, _normalize(x, x.mean(axis=0), x.var(axis=0), eps, gamma, beta)),
                 (BN_EPS_OUTSIDE, _normalize(x, RUN_MEAN, RUN_VAR, eps, gamma, beta, outside=True))]
        if kwargs:
            wrong.append((BN_EPS_FIXED, _normalize(x, RUN_MEAN, RUN_VAR, 1e-5, gamma, beta)))
        with cases.case("uses the running statistics and leaves them alone" + label):
            out = _out(mine.forward(x), x.shape)
            for attr, value in (("running_mean", RUN_MEAN), ("running_var", RUN_VAR)):
                if not np.array_equal(array(mine.get(attr), attr, shape=(4,)), value):
                    raise Fail(f"{attr} changed during an eval-mode forward: {BN_EVAL_UPDATES}")
            close(out, theirs.forward(x), "BatchNorm1d.forward in eval mode" + label, diagnoses=wrong)
        with cases.case("a batch of one" + label):
            close(_out(mine.forward(x[:1]), (1, 4)), theirs.forward(x[:1]),
                  "BatchNorm1d.forward in eval mode on one example" + label,
                  diagnoses=[(h, w[:1]) for h, w in wrong[1:]])
    cases.verdict()


def _dx_case(seed, n, c):
    rng = np.random.default_rng(seed)
    x, dout = _batches(seed, n, c, 1)[0], rng.standard_normal((n, c))
    return x, dout, rng.uniform(0.5, 2, c), rng.standard_normal(c)


DX_CASES = [("8 x 3", 20, 8, 3, {}), ("a batch of 2", 21, 2, 4, {}), ("16 x 5", 22, 16, 5, {}),
            ("eps = 0.1", 26, 6, 3, {"eps": 0.1})]


def _numeric_dx(ref, name, x, dout, gamma, beta, kwargs):
    def numeric():
        layer = ref.layers.BatchNorm1d(x.shape[1], **kwargs)
        layer.params["gamma"][...], layer.params["beta"][...] = gamma, beta
        return numerical_gradient(lambda v: np.sum(layer.forward(v) * dout), x)
    return expected(("bn-dx", name), numeric)


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


@check("batchnorm.backward_dx")
def test_backward_dx(lib, ref, cases):
    """backward's dx (training mode) matches central differences of the forward pass."""
    for name, seed, n, c, kwargs in DX_CASES:
        x, dout, gamma, beta = _dx_case(seed, n, c)
        with cases.case(name):
            mine, _ = _pair(lib, ref, c, gamma, beta, **kwargs)
            mine.forward(x)
            dx = array(mine.backward(dout), "BatchNorm1d.backward", shape=x.shape)
            wrong = _dx_diagnoses(x, dout, gamma, kwargs.get("eps", 1e-5))
            close(dx, _numeric_dx(ref, name, x, dout, gamma, beta, kwargs), f"dx of BatchNorm1d.backward on {name}",
                  rtol=1e-5, atol=1e-6, diagnoses=[(BN_BACKWARD_NO_MEAN_TERMS, wrong["constants"]),
                                                   (BN_BACKWARD_NO_XHAT_TERM, wrong["no_xhat"])])
    cases.verdict()


@check("batchnorm.backward_params")
def test_backward_params(lib, ref, cases):
    """backward sets grads["gamma"] and grads["beta"], matching central differences of the
    forward pass with respect to gamma and beta."""
    for name, seed, n, c, kwargs in DX_CASES:
        x, dout, gamma, beta = _dx_case(seed, n, c)
        with cases.case(name):
            mine, _ = _pair(lib, ref, c, gamma, beta, **kwargs)
            mine.forward(x)
            mine.backward(dout)
            grads = mine.get("grads")
            if not isinstance(grads, dict) or not {"gamma", "beta"} <= set(grads):
                raise Fail("after backward, grads must hold 'gamma' and 'beta'")

            def numeric(which, c=c, kwargs=kwargs, gamma=gamma, beta=beta, x=x, dout=dout):
                def f(values):
                    layer = ref.layers.BatchNorm1d(c, **kwargs)
                    layer.params["gamma"][...], layer.params["beta"][...] = gamma, beta
                    layer.params[which][...] = values
                    return np.sum(layer.forward(x) * dout)
                return numerical_gradient(f, gamma if which == "gamma" else beta)

            close(array(grads["gamma"], "grads['gamma']", shape=(c,)),
                  expected(("bn-dgamma", name), lambda: numeric("gamma")), f"grads['gamma'] on {name}",
                  rtol=1e-5, atol=1e-6, diagnoses=[(BN_DGAMMA_NO_XHAT, dout.sum(axis=0))])
            close(array(grads["beta"], "grads['beta']", shape=(c,)),
                  expected(("bn-dbeta", name), lambda: numeric("beta")), f"grads['beta'] on {name}",
                  rtol=1e-5, atol=1e-6)
    cases.verdict()


@check("batchnorm.eval_backward")
def test_eval_backward(lib, ref, cases):
    """In eval mode the statistics are constants: dx = dout * gamma / sqrt(running_var + eps)
    (running statistics set by the check)."""
    x, dout, gamma, beta = _dx_case(23, 6, 4)
    for kwargs in ({}, {"eps": 0.05}):
        eps = kwargs.get("eps", 1e-5)
        with cases.case(f"eps = {eps:g}"):
            mine, theirs = _pair(lib, ref, 4, gamma, beta, **kwargs)
            _set_running(mine, theirs, RUN_MEAN, RUN_VAR)
            mine.eval()
            theirs.eval()
            mine.forward(x)
            theirs.forward(x)
            wrong = _dx_diagnoses(x, dout, gamma, eps, RUN_MEAN, RUN_VAR)
            close(array(mine.backward(dout), "BatchNorm1d.backward", shape=x.shape), theirs.backward(dout),
                  "dx of BatchNorm1d.backward in eval mode", diagnoses=[(BN_BACKWARD_TRAIN_IN_EVAL, wrong["training"])])
    cases.verdict()


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
