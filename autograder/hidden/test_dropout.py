"""Hidden checks for ``layers.Dropout``. Statistical bounds are 6 standard errors or more wide,
and any correct way of drawing the mask passes: only its statistics are tested."""

import numpy as np

from checks.framework import Fail, Hint, array, check, close, finite
from checks.hints import (
    DROP_ALL,
    DROP_EVAL_ACTIVE,
    DROP_EVAL_SCALED,
    DROP_GLOBAL_RNG,
    DROP_KEEP_PROB,
    DROP_NEVER,
    DROP_NO_SCALE,
    DROP_P_ONE,
    DROP_STALE_MASK,
)
from checks.public.test_dropout import backward_hint

from . import experiments as E
from .adapters import RemoteLayer
from .support import expected

SHAPE = (200, 500)          # 100,000 units: the kept fraction's standard error is at most 0.0016

DROP_SAME_MASK = Hint("dropout.same_mask", "forward reuses one mask: draw a new one at every call")
DROP_PER_FEATURE = Hint("dropout.per_feature", "every row of the batch got the same mask: draw one random "
                                               "number per element")
DROP_BACKWARD_READS_MODE = Hint("dropout.backward_reads_mode", "backward follows the layer's current mode, "
                                                               "not the last forward: after a training-mode "
                                                               "forward it must apply that forward's mask, "
                                                               "whatever the mode is now")


def _forward(layer, x):
    return array(layer.forward(x), "Dropout.forward", shape=x.shape)


def _backward(layer, dout):
    return array(layer.backward(dout), "Dropout.backward", shape=dout.shape)


def _nondegenerate(out, p, what):
    """``Fail`` unless a training-mode forward output (on positive inputs) dropped some units and
    kept some: a layer that drops all or none cannot show how its mask is used."""
    kept = (out != 0).mean()
    if kept in (0.0, 1.0):
        raise Fail(f"{what}: Dropout(p={p}) in training mode {'kept every unit' if kept else 'dropped every unit'}, "
                   "so the use of its mask cannot be checked (see the checks of forward)")


@check("dropout.kept_fraction")
def test_kept_fraction(lib, cases):
    """In training, each unit is kept with probability 1 - p (p is the DROP probability), with a
    new random mask for each call and for each element."""
    x = np.ones(SHAPE)
    for p in (0.1, 0.5, 0.8):
        with cases.case(f"p = {p}"):
            kept = (_forward(lib.layers.Dropout(p=p, rng=int(p * 10)), x) != 0).mean()
            if abs(kept - (1 - p)) > 0.01:
                hint = DROP_NEVER if kept == 1.0 else DROP_ALL if kept == 0.0 else \
                    DROP_KEEP_PROB if abs(kept - p) <= 0.01 and p != 0.5 else None
                raise Fail(f"Dropout(p={p}) kept {kept:.1%} of the units, not a fraction 1 - p"
                           + (f": {hint}" if hint else ""))
    with cases.case("a new mask for every forward call"):
        d = lib.layers.Dropout(p=0.5, rng=3)
        a, b = _forward(d, x[:20]), _forward(d, x[:20])
        _nondegenerate(a, 0.5, "two calls of forward")
        if np.array_equal(a != 0, b != 0):
            raise Fail(f"two calls of forward dropped the same units: {DROP_SAME_MASK}")
    with cases.case("independent units in a batch"):
        out = _forward(lib.layers.Dropout(p=0.5, rng=4), x[:50])
        _nondegenerate(out, 0.5, "a batch")
        if np.all((out != 0) == (out[:1] != 0)):
            raise Fail(f"every row of the batch dropped the same units: {DROP_PER_FEATURE}")
    cases.verdict()


@check("dropout.scaling")
def test_scaling(lib, cases):
    """Kept units are scaled by exactly 1/(1 - p) and dropped units are exactly 0, so the expected
    output equals the input."""
    x = np.random.default_rng(5).uniform(1, 2, SHAPE)
    for p in (0.2, 0.6):
        with cases.case(f"p = {p}"):
            out = _forward(lib.layers.Dropout(p=p, rng=6), x)
            _nondegenerate(out, p, "the scale of the kept units")
            kept = out != 0
            ratio = out[kept] / x[kept]
            close(ratio, np.full(ratio.shape, 1 / (1 - p)), f"the scale of the kept units of Dropout(p={p})",
                  diagnoses=[(DROP_NO_SCALE, np.ones(ratio.shape))])
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
            out = _forward(d, x)
            if np.any(out == 0):
                raise Fail(f"Dropout(p={p}).forward in eval mode zeroed some units: {DROP_EVAL_ACTIVE}")
            close(out, x, f"Dropout(p={p}).forward in eval mode", diagnoses=[(DROP_EVAL_SCALED, (1 - p) * x)])
            close(_backward(d, x * 2), x * 2, f"Dropout(p={p}).backward in eval mode")
            d.train()
            if np.array_equal(_forward(d, x), x):
                raise Fail("after train(), dropout is still off")
    cases.verdict()


@check("dropout.edge_p")
def test_p_zero_and_one(lib, cases):
    """p = 0 is the identity in training; p = 1 drops everything, without NaN."""
    x = np.random.default_rng(9).standard_normal((30, 20))
    with cases.case("p = 0"):
        d = lib.layers.Dropout(p=0.0, rng=1)
        close(_forward(d, x), x, "Dropout(p=0).forward")
        close(_backward(d, 3 * x), 3 * x, "Dropout(p=0).backward")
    with cases.case("p = 1"):
        d = lib.layers.Dropout(p=1.0, rng=1)
        out = _forward(d, x)
        finite(out, "Dropout(p=1).forward", hint=DROP_P_ONE)
        close(out, np.zeros_like(x), "Dropout(p=1).forward")
        dx = _backward(d, x)
        finite(dx, "Dropout(p=1).backward", hint=DROP_P_ONE)
        close(dx, np.zeros_like(x), "Dropout(p=1).backward")
    cases.verdict()


def _expect_mask(dx, dout, out, x, p, what):
    if not np.allclose(dx, dout * out / x):
        hint = backward_hint(dx, dout, out, x, p)
        raise Fail(f"{what} does not multiply dout by the mask of the last forward"
                   + (f": {hint}" if hint else ""))


@check("dropout.backward_mask")
def test_backward_uses_the_forward_mask(lib, cases):
    """backward multiplies the gradient by the last forward's mask (with its scaling): never a
    new mask; a new forward brings a new mask."""
    x = np.random.default_rng(10).uniform(1, 2, (100, 60))
    dout = np.random.default_rng(11).standard_normal(x.shape)
    d = lib.layers.Dropout(p=0.4, rng=12)
    out = _forward(d, x)
    _nondegenerate(out, 0.4, "Dropout.backward")
    with cases.case("the forward's mask"):
        _expect_mask(_backward(d, dout), dout, out, x, 0.4, "Dropout.backward after forward")
    with cases.case("the same mask twice"):
        _expect_mask(_backward(d, dout), dout, out, x, 0.4, "a second Dropout.backward after the same forward")
    with cases.case("the newest mask"):
        out2 = _forward(d, x)
        _expect_mask(_backward(d, dout), dout, out2, x, 0.4, "Dropout.backward after a second forward")
    cases.verdict()


def _relation(dx, dout, out, x):
    """How a backward's ``dx`` relates to the forward that came before it: "mask" (it applies what
    that forward did, out / x), "identity" (it returns dout) or "other"."""
    if np.allclose(dx, dout * out / x):
        return "mask"
    return "identity" if np.allclose(dx, dout) else "other"


@check("dropout.state")
def test_mode_switches(lib, cases):
    """Sequences of calls: backward applies what the LAST forward did (an eval-mode forward leaves
    no mask behind; a training-mode forward's mask holds even after eval()), masks follow the
    input's shape, and modes can be switched back and forth. Each sequence is compared with the
    same layer's behaviour in the plain sequence (forward, then backward), so that only the
    handling of the sequence is graded here."""
    x = np.random.default_rng(13).uniform(1, 2, (40, 30))
    dout = np.random.default_rng(14).standard_normal(x.shape)

    def plain(mode):
        d = lib.layers.Dropout(p=0.5, rng=19)
        if mode == "eval":
            d.eval()
        out = _forward(d, x)
        if mode == "train":
            _nondegenerate(out, 0.5, "the plain sequence")
        return _relation(_backward(d, dout), dout, out, x)

    with cases.case("train, eval, backward"):
        d = lib.layers.Dropout(p=0.5, rng=15)
        out_train = _forward(d, x)
        _nondegenerate(out_train, 0.5, "train, eval, backward")
        d.eval()
        out = _forward(d, x)
        dx = _backward(d, dout)
        if _relation(dx, dout, out, x) != plain("eval"):
            stale = np.allclose(dx, dout * out_train / x)
            raise Fail("after a training forward, eval() and an eval-mode forward, backward does not do what it "
                       "does after an eval-mode forward alone" + (f": {DROP_STALE_MASK}" if stale else ""))
    with cases.case("train forward, backward, eval(), backward"):
        d = lib.layers.Dropout(p=0.5, rng=16)
        out = _forward(d, x)
        _nondegenerate(out, 0.5, "train forward, backward, eval(), backward")
        before = _relation(_backward(d, dout), dout, out, x)
        d.eval()
        after = _relation(_backward(d, dout), dout, out, x)
        if after != before:
            hint = DROP_BACKWARD_READS_MODE if (before, after) == ("mask", "identity") else None
            raise Fail("after eval(), with no forward in between, backward no longer applies the last "
                       "(training-mode) forward's mask" + (f": {hint}" if hint else ""))
    with cases.case("eval, train, forward, backward"):
        d = lib.layers.Dropout(p=0.5, rng=17)
        d.eval()
        _forward(d, x)
        d.train()
        out = _forward(d, x)
        _nondegenerate(out, 0.5, "eval, train, forward, backward")
        if _relation(_backward(d, dout), dout, out, x) != plain("train"):
            raise Fail("after eval(), train() and a forward, backward does not do what it does after a "
                       "training-mode forward alone")
    with cases.case("a batch of another shape"):
        d = lib.layers.Dropout(p=0.5, rng=18)
        _forward(d, x)
        small, small_dout = x[:7, :11], dout[:7, :11]
        out = _forward(d, small)
        _nondegenerate(out, 0.5, "a batch of another shape")
        if _relation(_backward(d, small_dout), small_dout, out, small) != plain("train"):
            raise Fail("after forwards on batches of two shapes, backward does not apply the last forward's mask")
    cases.verdict()


@check("dropout.seeded")
def test_masks_come_from_the_layers_rng(lib, cases):
    """Two layers built with the same seed drop the same units, call after call (the masks come
    from the layer's own generator); layers with different seeds do not."""
    x = np.ones((30, 40))
    a, b = lib.layers.Dropout(p=0.3, rng=21), lib.layers.Dropout(p=0.3, rng=21)
    for call in range(3):
        with cases.case(f"call {call + 1}"):
            ma, mb = _forward(a, x), _forward(b, x)
            _nondegenerate(ma, 0.3, "seeded layers")
            if not np.array_equal(ma != 0, mb != 0):
                raise Fail(f"at call {call + 1} two layers built with the same seed dropped different units: "
                           f"{DROP_GLOBAL_RNG}")
    with cases.case("another seed"):
        mc = _forward(lib.layers.Dropout(p=0.3, rng=22), x)
        if np.array_equal(mc != 0, _forward(lib.layers.Dropout(p=0.3, rng=21), x) != 0):
            raise Fail("layers built with different seeds dropped the same units")
    cases.verdict()


@check("dropout.gap")
def test_dropout_narrows_the_gap(lib):
    """In a small over-wide network trained on little data, dropout (p = 0.8) narrows the gap
    between validation and training loss and lowers the validation loss (averaged over two
    networks) against no dropout."""
    _, base_val, _ = expected(("dropout-baseline",), lambda: E.dropout_run(None))
    base = expected(("dropout-baseline",), lambda: E.dropout_run(None))[0]
    gap, val, _ = E.dropout_run(RemoteLayer(lib.layers.Dropout(p=E.DROPOUT_P, rng=0), "Dropout"))
    if not np.isfinite(gap) or gap > E.DROPOUT_GAP_RATIO * base:
        raise Fail(f"with your Dropout(p={E.DROPOUT_P}) the validation-minus-training loss is {gap:.3g}; "
                   f"without dropout it is {base:.3g}: dropout should narrow it")
    if not val <= E.DROPOUT_VAL_RATIO * base_val:
        raise Fail(f"with your Dropout(p={E.DROPOUT_P}) the validation loss is {val:.3g}; without dropout it is "
                   f"{base_val:.3g}: dropout should lower it (a layer that learns nothing narrows the gap too)")
