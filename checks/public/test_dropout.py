"""Public checks for ``layers.Dropout``."""

import numpy as np

from checks.framework import Fail, StudentError, array, check, close, finite
from checks.hints import (
    DROP_ALL,
    DROP_BACKWARD_IDENTITY,
    DROP_BACKWARD_NEW_MASK,
    DROP_BACKWARD_UNSCALED,
    DROP_EVAL_ACTIVE,
    DROP_EVAL_SCALED,
    DROP_GLOBAL_RNG,
    DROP_KEEP_PROB,
    DROP_NEVER,
    DROP_NO_SCALE,
    DROP_P_ONE,
    DROP_STALE_MASK,
)

X = np.ones((200, 100))


def _forward(layer, x):
    return array(layer.forward(x), "Dropout.forward", shape=x.shape)


@check("dropout.public_forward")
def test_dropout_forward(lib):
    """p = 0.25 drops about a quarter of the units and scales the rest by 1/(1 - p); eval mode is
    the identity."""
    d = lib.layers.Dropout(p=0.25, rng=0)
    out = _forward(d, X)
    kept = out != 0
    if not 0.73 <= kept.mean() <= 0.77:
        why = DROP_KEEP_PROB if 0.23 <= kept.mean() <= 0.27 else DROP_NEVER if kept.all() else \
            DROP_ALL if not kept.any() else None
        raise Fail(f"Dropout(p=0.25) kept {kept.mean():.1%} of the units; it should keep about 75%"
                   + (f": {why}" if why else ""))
    close(out[kept], np.full(kept.sum(), 1 / 0.75), "the kept units of Dropout(p=0.25) on ones", reveal=False,
          diagnoses=[(DROP_NO_SCALE, np.ones(kept.sum()))])
    d.eval()
    out = _forward(d, X)
    if np.any(out == 0):
        raise Fail(f"Dropout.forward in eval mode zeroed {np.mean(out == 0):.1%} of the units: {DROP_EVAL_ACTIVE}")
    close(out, X, "Dropout.forward in eval mode", diagnoses=[(DROP_EVAL_SCALED, 0.75 * X)])


def backward_hint(dx, dout, out, x, p):
    """The hint that a wrong ``dx`` proves, given the forward's ``out`` on ``x`` (None if none)."""
    kept = out != 0
    if np.allclose(dx, dout):
        return DROP_BACKWARD_IDENTITY
    if np.allclose(dx, dout * kept):
        return DROP_BACKWARD_UNSCALED
    passed = dx != 0
    if np.allclose(dx[passed], dout[passed] / (1 - p)) and 0.5 * (1 - p) < passed.mean() < 1.5 * (1 - p) \
            and np.mean(passed != kept) > 0.1 * p:
        return DROP_BACKWARD_NEW_MASK
    return None


@check("dropout.public_backward")
def test_dropout_backward(lib):
    """backward lets the gradient through exactly where forward kept the unit, scaled the same; in
    eval mode it is the identity."""
    d = lib.layers.Dropout(p=0.5, rng=1)
    out = _forward(d, X)
    if not 0.25 < (out != 0).mean() < 0.75:
        raise Fail("Dropout(p=0.5).forward in training mode kept every unit or almost none, so backward's use "
                   "of the forward's mask cannot be checked (see the forward checks)")
    dout = np.arange(X.size, dtype=float).reshape(X.shape)
    dx = array(d.backward(dout), "Dropout.backward", shape=X.shape)
    if not np.allclose(dx, dout * out):
        hint = backward_hint(dx, dout, out, X, 0.5)
        raise Fail("Dropout.backward after a forward on ones does not multiply dout by that forward's mask "
                   "(1 / (1 - p) where a unit was kept, 0 where it was dropped)" + (f": {hint}" if hint else ""))
    d.eval()
    _forward(d, X)
    dx = array(d.backward(dout), "Dropout.backward", shape=X.shape)
    if not np.allclose(dx, dout):
        stale = np.allclose(dx, dout * out)
        raise Fail("Dropout.backward after an eval-mode forward is not the identity"
                   + (f": {DROP_STALE_MASK}" if stale else ""))


@check("dropout.public_p_one")
def test_dropout_p_one(lib):
    """p = 1 drops every unit: forward and backward give zeros, without dividing by 1 - p = 0."""
    d = lib.layers.Dropout(p=1.0, rng=2)
    out = _forward(d, X[:10])
    fine = right_at_half(lib)
    finite(out, "Dropout(p=1).forward", hint=DROP_P_ONE if fine["forward"] else None)
    close(out, np.zeros_like(X[:10]), "Dropout(p=1).forward")
    dx = array(d.backward(X[:10]), "Dropout.backward", shape=(10, 100))
    finite(dx, "Dropout(p=1).backward", hint=DROP_P_ONE if fine["backward"] else None)
    close(dx, np.zeros_like(X[:10]), "Dropout(p=1).backward")


def right_at_half(lib):
    """Whether forward and backward are right at p = 0.5 (kept units doubled, backward applying that
    mask): only then does NaN at p = 1 show that p = 1 divides by 0, and not, say, that backward
    divides by 1 - p once more at every p."""
    x = np.linspace(1.0, 2.0, 600).reshape(20, 30)
    dout = np.cos(np.arange(x.size)).reshape(x.shape)
    try:
        d = lib.layers.Dropout(p=0.5, rng=97)
        out = _forward(d, x)
        forward_ok = bool(np.all((out == 0) | np.isclose(out, 2 * x, rtol=1e-12))) and 0 < np.mean(out == 0) < 1
        dx = array(d.backward(dout), "Dropout.backward", shape=x.shape)
        backward_ok = forward_ok and bool(np.allclose(dx, dout * out / x))
    except (StudentError, Fail):
        return {"forward": False, "backward": False}
    return {"forward": forward_ok, "backward": backward_ok}


@check("dropout.public_rng")
def test_dropout_uses_its_rng(lib):
    """Masks come from the layer's own generator (self.rng): two layers built with the same seed
    drop the same units, call after call, so a seeded network is reproducible (notebook 06's
    gradient check relies on it)."""
    a, b = lib.layers.Dropout(p=0.5, rng=7), lib.layers.Dropout(p=0.5, rng=7)
    x = X[:20]
    for call in (1, 2):
        ma, mb = _forward(a, x) != 0, _forward(b, x) != 0
        if not np.array_equal(ma, mb):
            raise Fail(f"at call {call} of forward, Dropout(p=0.5, rng=7) and another Dropout(p=0.5, rng=7) "
                       f"dropped different units: {DROP_GLOBAL_RNG}")
    if np.array_equal(_forward(lib.layers.Dropout(p=0.5, rng=8), x) != 0, ma):
        raise Fail("Dropout(p=0.5, rng=8) dropped the same units as rng=7: the seed does not matter")
