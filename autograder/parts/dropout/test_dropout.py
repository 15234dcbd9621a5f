"""The hidden checks of ``layers.Dropout`` (custom checks: masks are random, so their statistics and
relations are tested, never exact values, and any correct way of drawing a mask passes).
Statistical bounds are 6 standard errors or more wide. The shapes and containers they run on are
the part's (``part.py``)."""

import numpy as np

from autograder.parts import experiments as E
from autograder.parts import hint
from autograder.parts.adapters import RemoteLayer
from autograder.parts.support import expected
from checks.framework import Fail, array, check, close, finite
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
from checks.public.test_dropout import backward_hint, right_at_half

from .part import SHAPES

SHAPE = (200, 500)          # 100,000 units: the kept fraction's standard error is at most 0.0016

DROP_SAME_MASK = hint("dropout.same_mask")
DROP_PER_FEATURE = hint("dropout.per_feature")
DROP_BACKWARD_READS_MODE = hint("dropout.backward_reads_mode")
DROP_BACKWARD_CLEARS = hint("dropout.backward_clears")


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
    output equals the input: on inputs of every shape."""
    for (words, shape), p in zip(SHAPES, (0.2, 0.6, 0.35)):
        x = np.random.default_rng(5).uniform(1, 2, shape)
        with cases.case(f"p = {p}, {words}"):
            out = _forward(lib.layers.Dropout(p=p, rng=6), x)
            _nondegenerate(out, p, "the scale of the kept units")
            kept = out != 0
            ratio = out[kept] / x[kept]
            close(ratio, np.full(ratio.shape, 1 / (1 - p)), f"the scale of the kept units of Dropout(p={p}) on {words}",
                  rtol=1e-12, atol=0.0, diagnoses=[(DROP_NO_SCALE, np.ones(ratio.shape))])
            bound = 6 * np.sqrt(p / ((1 - p) * x.size))       # six standard errors of the ratio below
            if abs(out.mean() / x.mean() - 1) > bound:
                raise Fail(f"the average output of Dropout(p={p}) is {out.mean() / x.mean():.3f} times the input's; "
                           "it should be about 1")
    cases.verdict()


@check("dropout.eval_identity")
def test_eval_mode(lib, cases):
    """In eval mode forward returns its input unchanged and backward its gradient, whatever the
    input's shape (0-d included) or container; train() turns dropout back on."""
    inputs = [(words, np.random.default_rng(7).standard_normal(shape)) for words, shape in SHAPES]
    inputs += [("a 0-d array", np.array(1.5)), ("nested Python lists", [[0.5, -1.0, 2.0], [1.0, 3.0, -0.25]])]
    for (words, x), p in zip(inputs, (0.3, 0.9, 0.5, 0.5, 0.7)):
        with cases.case(f"p = {p}, {words}"):
            xa = np.asarray(x, dtype=np.float64)
            d = lib.layers.Dropout(p=p, rng=8)
            d.eval()
            out = _forward(d, x) if not isinstance(x, list) else array(d.forward(x), "Dropout.forward", shape=xa.shape)
            if np.any(out == 0):
                raise Fail(f"Dropout(p={p}).forward in eval mode zeroed some units: {DROP_EVAL_ACTIVE}")
            close(out, xa, f"Dropout(p={p}).forward in eval mode on {words}",
                  diagnoses=[(DROP_EVAL_SCALED, (1 - p) * xa)])
            close(_backward(d, xa * 2), xa * 2, f"Dropout(p={p}).backward in eval mode on {words}")
            if xa.size > 100:
                d.train()
                if np.array_equal(_forward(d, xa), xa):
                    raise Fail("after train(), dropout is still off")
    cases.verdict()


@check("dropout.edge_p")
def test_p_zero_and_one(lib, cases):
    """p = 0 is the identity in training; p = 1 drops everything, without NaN: on every shape, 0-d
    included."""
    inputs = [(words, np.random.default_rng(9).standard_normal(shape)) for words, shape in SHAPES]
    inputs.append(("a 0-d array", np.array(-0.75)))
    for words, x in inputs:
        with cases.case(f"p = 0, {words}"):
            d = lib.layers.Dropout(p=0.0, rng=1)
            close(_forward(d, x), x, f"Dropout(p=0).forward on {words}")
            close(_backward(d, 3 * x), 3 * x, f"Dropout(p=0).backward on {words}")
        with cases.case(f"p = 1, {words}"):
            d = lib.layers.Dropout(p=1.0, rng=1)
            out = _forward(d, x)
            fine = right_at_half(lib)
            finite(out, f"Dropout(p=1).forward on {words}", hint=DROP_P_ONE if fine["forward"] else None)
            close(out, np.zeros_like(x), f"Dropout(p=1).forward on {words}")
            dx = _backward(d, x)
            finite(dx, f"Dropout(p=1).backward on {words}", hint=DROP_P_ONE if fine["backward"] else None)
            close(dx, np.zeros_like(x), f"Dropout(p=1).backward on {words}")
    cases.verdict()


UNCHECKED = "Dropout.backward could not be checked here: see what the forward's-mask case above says"


def _masked(dx, dout, out, x):
    return bool(np.allclose(dx, dout * out / x))


@check("dropout.backward_mask")
def test_backward_uses_the_forward_mask(lib, cases):
    """backward multiplies the gradient by the last forward's mask (with its scaling), on inputs of
    every shape: never a new mask; the same mask again when called twice after one forward; a new
    forward brings a new mask. A hint is named only when the three calls agree on what backward
    does."""
    for words, shape in SHAPES:
        x = np.random.default_rng(10).uniform(1, 2, shape)
        dout = np.random.default_rng(11).standard_normal(x.shape)
        d = lib.layers.Dropout(p=0.4, rng=12)
        out = _forward(d, x)
        ok = None                       # stays None when the forward gives backward nothing to check
        with cases.case(f"{words}: the forward's mask"):
            _nondegenerate(out, 0.4, "Dropout.backward")
            dx1 = _backward(d, dout)
            dx2 = _backward(d, dout)
            out2 = _forward(d, x)
            dx3 = _backward(d, dout)
            ok = [_masked(dx1, dout, out, x), _masked(dx2, dout, out, x), _masked(dx3, dout, out2, x)]
            hints = {backward_hint(dx1, dout, out, x, 0.4), backward_hint(dx3, dout, out2, x, 0.4)}
            if not ok[0]:
                hint = hints.pop() if len(hints) == 1 else None
                raise Fail("Dropout.backward after forward does not multiply dout by that forward's mask"
                           + (f": {hint}" if hint else ""))
        with cases.case(f"{words}: the same mask twice"):
            if ok is None:
                raise Fail(UNCHECKED)
            if not ok[1]:
                hint = DROP_BACKWARD_CLEARS if ok[0] and ok[2] and (np.allclose(dx2, dout) or not np.any(dx2)) \
                    else None
                raise Fail("a second Dropout.backward after the same forward does not apply that forward's mask"
                           + (f": {hint}" if hint else ""))
        with cases.case(f"{words}: the newest mask"):
            if ok is None:
                raise Fail(UNCHECKED)
            if not ok[2]:
                raise Fail("Dropout.backward after a second forward does not apply the second forward's mask")
    with cases.case("an input with exact zeros"):
        _zeros_in_the_input(lib)
    cases.verdict()


def _zeros_in_the_input(lib, n=4000, p=0.4):
    """A kept unit whose input is exactly 0 (half the inputs after a ReLU) still passes its
    gradient: the mask is what forward drew, never what its output shows. Judged against what the
    same forward did where the input is not 0 (so that a mistake in the share kept or the scale is
    charged by the checks of forward alone): where the input is 0, backward passes dout times the
    same scale, at about the same share of places (within 8 standard errors of the difference of
    two such shares: a correct layer fails it about once in 10^15)."""
    x = np.where(np.random.default_rng(22).random(n) < 0.5, 0.0, 1.5)
    dout = np.random.default_rng(23).uniform(1, 2, n)
    d = lib.layers.Dropout(p=p, rng=21)
    out = _forward(d, x)
    zero = x == 0
    _nondegenerate(out[~zero], p, "Dropout.backward")
    dx = _backward(d, dout)
    if not np.allclose(dx[~zero], (dout * out / np.where(zero, 1.0, x))[~zero]):
        raise Fail("Dropout.backward does not multiply dout by that forward's mask")
    kept = out[~zero] != 0
    keep, scale = kept.mean(), float(np.median(out[~zero][kept] / 1.5))
    passed = ~np.isclose(dx[zero], 0.0)
    share = passed.mean()
    if not np.allclose(dx[zero][passed], scale * dout[zero][passed]) \
            or abs(share - keep) > 8 * np.sqrt(2 * keep * (1 - keep) / zero.sum()):
        raise Fail(f"where the input is exactly 0, Dropout(p={p}).backward passed the gradient at {share:.0%} of "
                   f"the places, where forward kept {keep:.0%} of the others"
                   + (": the mask must be the one forward drew, not read back from its output (an input of 0 "
                      "gives an output of 0 whether its unit was kept or dropped)" if share == 0 else ""))


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
            # the mode is the cause only if a second backward without eval() keeps the mask
            control = lib.layers.Dropout(p=0.5, rng=16)
            out_c = _forward(control, x)
            _backward(control, dout)
            kept = _relation(_backward(control, dout), dout, out_c, x) == "mask"
            hint = DROP_BACKWARD_READS_MODE if (before, after) == ("mask", "identity") and kept else None
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
