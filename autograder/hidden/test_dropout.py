"""Hidden checks for ``layers.Dropout``. Statistical bounds are 6 standard errors or more wide,
and any correct way of drawing the mask passes: only its statistics are tested."""

import numpy as np

from checks.framework import Fail, array, check, close

from . import experiments as E
from .adapters import RemoteLayer
from .support import expected

SHAPE = (200, 500)          # 100,000 units: the kept fraction's standard error is at most 0.0016


def _forward(layer, x):
    return array(layer.forward(x), "Dropout.forward", shape=x.shape)


@check("dropout.kept_fraction")
def test_kept_fraction(lib, cases):
    """In training, each unit is kept with probability 1 - p (p is the DROP probability), with a
    new random mask for each call and for each element."""
    x = np.ones(SHAPE)
    for p in (0.1, 0.5, 0.8):
        with cases.case(f"p = {p}"):
            kept = (_forward(lib.layers.Dropout(p=p, rng=int(p * 10)), x) != 0).mean()
            if abs(kept - (1 - p)) > 0.01:
                swapped = abs(kept - p) <= 0.01
                raise Fail(f"Dropout(p={p}) kept {kept:.1%} of the units; it should keep {1 - p:.0%}"
                           + (" (p is the probability of dropping a unit, not of keeping it)" if swapped else ""))
    with cases.case("a new mask for every forward call"):
        d = lib.layers.Dropout(p=0.5, rng=3)
        a, b = _forward(d, x[:20]), _forward(d, x[:20])
        if np.array_equal(a != 0, b != 0):
            raise Fail("two calls of forward used the same mask: draw a new one each time")
    with cases.case("independent units in a batch"):
        out = _forward(lib.layers.Dropout(p=0.5, rng=4), x[:50])
        if np.all((out != 0) == (out[:1] != 0)):
            raise Fail("every row of the batch got the same mask: draw one random number per element")
    cases.verdict()


@check("dropout.scaling")
def test_scaling(lib, cases):
    """Kept units are scaled by exactly 1/(1 - p) and dropped units are exactly 0, so the expected
    output equals the input."""
    x = np.random.default_rng(5).uniform(1, 2, SHAPE)
    for p in (0.2, 0.6):
        with cases.case(f"p = {p}"):
            out = _forward(lib.layers.Dropout(p=p, rng=6), x)
            kept = out != 0
            ratio = out[kept] / x[kept]
            if np.allclose(ratio, 1.0):
                raise Fail(f"Dropout(p={p}) does not scale the kept units: multiply them by 1 / (1 - p) "
                           "(inverted dropout), so that the expected output equals the input")
            close(ratio, np.full(ratio.shape, 1 / (1 - p)), f"the scale of the kept units of Dropout(p={p})",
                  hint="kept units are multiplied by 1 / (1 - p)")
            if abs(out.mean() / x.mean() - 1) > 0.02:
                raise Fail(f"the average output of Dropout(p={p}) is {out.mean() / x.mean():.3f} times the input's; "
                           "it should be about 1")
    cases.verdict()


@check("dropout.eval_identity")
def test_eval_mode(lib, cases):
    """In eval mode forward returns its input unchanged and backward its gradient; train() turns
    dropout back on."""
    x = np.random.default_rng(7).standard_normal((50, 40))
    for p in (0.3, 0.9):
        with cases.case(f"p = {p}"):
            d = lib.layers.Dropout(p=p, rng=8)
            d.eval()
            close(_forward(d, x), x, f"Dropout(p={p}).forward in eval mode",
                  hint="in eval mode dropout is the identity (no mask, no scaling)")
            close(array(d.backward(x * 2), "Dropout.backward", shape=x.shape), x * 2,
                  f"Dropout(p={p}).backward in eval mode")
            d.train()
            if np.array_equal(_forward(d, x), x):
                raise Fail("after train(), dropout is still off")
    cases.verdict()


@check("dropout.edge_p")
def test_p_zero_and_one(lib, cases):
    """p = 0 is the identity in training; p = 1 drops everything, without NaN."""
    x = np.random.default_rng(9).standard_normal((30, 20))
    with cases.case("p = 0"):
        close(_forward(lib.layers.Dropout(p=0.0, rng=1), x), x, "Dropout(p=0).forward")
    with cases.case("p = 1"):
        d = lib.layers.Dropout(p=1.0, rng=1)
        out = _forward(d, x)
        if not np.all(np.isfinite(out)):
            raise Fail("Dropout(p=1) gives NaN or infinity (1 / (1 - p) divides by 0): drop everything instead")
        close(out, np.zeros_like(x), "Dropout(p=1).forward")
        close(array(d.backward(x), "Dropout.backward", shape=x.shape), np.zeros_like(x), "Dropout(p=1).backward")
    cases.verdict()


@check("dropout.backward_mask")
def test_backward_uses_the_forward_mask(lib, cases):
    """backward multiplies the gradient by the last forward's mask (with its scaling): never a
    new mask; a new forward brings a new mask."""
    x = np.random.default_rng(10).uniform(1, 2, (100, 60))
    dout = np.random.default_rng(11).standard_normal(x.shape)
    d = lib.layers.Dropout(p=0.4, rng=12)
    out = _forward(d, x)
    with cases.case("the forward's mask"):
        close(array(d.backward(dout), "Dropout.backward", shape=x.shape), dout * out / x,
              "Dropout.backward after forward", hint="use the mask drawn in forward, not a new one")
    with cases.case("the same mask twice"):
        close(array(d.backward(dout), "Dropout.backward", shape=x.shape), dout * out / x,
              "a second Dropout.backward after the same forward")
    with cases.case("the newest mask"):
        out2 = _forward(d, x)
        close(array(d.backward(dout), "Dropout.backward", shape=x.shape), dout * out2 / x,
              "Dropout.backward after a second forward (it should use the newest mask)")
    cases.verdict()


@check("dropout.gap")
def test_dropout_narrows_the_gap(lib):
    """In a small over-wide network trained on little data, dropout (p = 0.8) narrows the gap
    between validation and training loss (averaged over two networks) against no dropout."""
    base = expected(("dropout-baseline",), lambda: E.dropout_gap(None))
    layer = RemoteLayer(lib.layers.Dropout(p=E.DROPOUT_P, rng=0), "Dropout")
    gap = E.dropout_gap(layer)
    if not np.isfinite(gap) or gap > 0.8 * base:
        raise Fail(f"with your Dropout(p={E.DROPOUT_P}) the validation-minus-training loss is {gap:.3g}; "
                   f"without dropout it is {base:.3g}. Dropout should narrow it: are units dropped in "
                   "training only, with backward using the same mask?")
