"""Public checks for ``layers.Dropout``."""

import numpy as np

from checks.framework import Fail, array, check, close

X = np.ones((200, 100))


@check("dropout.public_forward")
def test_dropout_forward(lib):
    """p = 0.25 drops about a quarter of the units and scales the rest by 1/(1 - p); eval mode is
    the identity."""
    d = lib.layers.Dropout(p=0.25, rng=0)
    out = array(d.forward(X), "Dropout.forward", shape=X.shape)
    kept = out != 0
    if not 0.73 <= kept.mean() <= 0.77:
        raise Fail(f"Dropout(p=0.25) kept {kept.mean():.1%} of the units; it should keep about 75% "
                   "(p is the probability of DROPPING a unit)")
    close(out[kept], np.full(kept.sum(), 1 / 0.75), "the kept units of Dropout(p=0.25) on ones",
          hint="kept units are scaled by 1 / (1 - p)")
    d.eval()
    close(array(d.forward(X), "Dropout.forward", shape=X.shape), X, "Dropout.forward in eval mode",
          hint="in eval mode dropout does nothing")


@check("dropout.public_backward")
def test_dropout_backward(lib):
    """backward lets the gradient through exactly where forward kept the unit, scaled the same."""
    d = lib.layers.Dropout(p=0.5, rng=1)
    out = array(d.forward(X), "Dropout.forward", shape=X.shape)
    dout = np.arange(X.size, dtype=float).reshape(X.shape)
    dx = array(d.backward(dout), "Dropout.backward", shape=X.shape)
    close(dx, dout * out, "Dropout.backward after forward on ones",
          hint="use the mask of the last forward, with the same 1/(1 - p) scaling")
