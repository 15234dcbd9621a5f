"""Hidden checks for ``penalties``: l1, l2 and elastic_net, their gradients, and what they do to
training (with the student's gradient in the reference trainer)."""

import numpy as np

from checks.framework import Fail, array, check, close, number

from . import experiments as E
from .adapters import checked_penalty_grad
from .support import diagnosed, expected


def weight_sets():
    rng = np.random.default_rng(1111)
    return [
        ("one 2-D array", rng.standard_normal((4, 3))),
        ("a list of three arrays", [rng.standard_normal((3, 2)), rng.standard_normal(5), rng.standard_normal((2, 2, 2))]),
        ("a tuple of two arrays", (rng.standard_normal((2, 3)), rng.standard_normal((3, 1)))),
        ("exact zeros", np.array([[0.0, 1.5], [-2.0, 0.0]])),
        ("float32 weights", [rng.standard_normal((3, 3)).astype(np.float32)]),
        ("a nested list as one array", [[1.0, -1.0], [2.0, 0.5]]),
    ]


def _arrays(weights):
    if isinstance(weights, (list, tuple)) and all(isinstance(w, np.ndarray) for w in weights):
        return [np.asarray(w, dtype=np.float64) for w in weights]
    return [np.asarray(weights, dtype=np.float64)]


def _diagnoses(name, ref):
    def first_only(weights, lam, *rest):
        ws = _arrays(weights)
        return getattr(ref.penalties, name)(ws[0], lam, *rest)

    def no_lam(weights, lam, *rest):
        return getattr(ref.penalties, name)(weights, 1.0, *rest)

    out = [(first_only, "only the first array of the list counts: sum over every array"),
           (no_lam, "lam is missing: multiply by the strength")]
    if name == "l1":
        out.append((lambda w, lam: ref.penalties.l2(w, lam), "this is the L2 penalty: L1 sums |w|"))
        out.append((lambda w, lam: lam * sum(np.sum(a) for a in _arrays(w)), "the absolute value is missing"))
    if name == "l2":
        out.append((lambda w, lam: 2 * ref.penalties.l2(w, lam), "the 1/2 is missing: lam / 2 times the sum of w**2"))
    if name == "elastic_net":
        out.append((lambda w, lam, r: ref.penalties.elastic_net(w, lam, 1 - r),
                    "l1_ratio weighs the wrong term: it multiplies the L1 part"))
        out.append((lambda w, lam, r: lam * (r * sum(np.abs(a).sum() for a in _arrays(w))
                                             + (1 - r) * sum((a * a).sum() for a in _arrays(w))),
                    "the L2 part is missing its 1/2"))
    return out


def _value_check(lib, ref, cases, name, extra=()):
    fn, ref_fn = getattr(lib.penalties, name), getattr(ref.penalties, name)
    for case, weights in weight_sets():
        for lam in (0.3, 0.0):
            args = (weights, lam, *extra)
            with cases.case(f"{case}, lam = {lam:g}"):
                value = number(fn(*args), name)
                try:
                    close(value, ref_fn(*args), f"{name} of {case} with lam = {lam:g}")
                except Fail:
                    text = diagnosed(value, args, {}, _diagnoses(name, ref))
                    if text:
                        raise Fail(f"{name} of {case} is not right: {text}") from None
                    raise
    cases.verdict()


def _grad_check(lib, ref, cases, name, extra=()):
    fn, ref_fn = getattr(lib.penalties, name + "_grad"), getattr(ref.penalties, name + "_grad")
    for case, weights in weight_sets():
        with cases.case(case):
            got, want = fn(weights, 0.3, *extra), ref_fn(weights, 0.3, *extra)
            if isinstance(want, np.ndarray):
                close(array(got, f"{name}_grad", shape=want.shape), want, f"{name}_grad of {case}")
                continue
            if type(got) is not type(want) or len(got) != len(want):
                raise Fail(f"{name}_grad of {case} must return a {type(want).__name__} of {len(want)} "
                           f"arrays (the structure it was given), but returned {type(got).__name__}"
                           + (f" of {len(got)} items" if isinstance(got, (list, tuple)) else ""))
            for i, (g, w) in enumerate(zip(got, want)):
                close(array(g, f"{name}_grad", shape=w.shape), w, f"{name}_grad of {case}, array {i}")
    cases.verdict()


# ---- L1 ------------------------------------------------------------------------------------

@check("l1.values")
def test_l1_values(lib, ref, cases):
    """l1 matches lam * sum |w| for one array, lists and tuples of arrays, exact zeros, lam = 0."""
    _value_check(lib, ref, cases, "l1")


@check("l1.grad")
def test_l1_grad(lib, ref, cases):
    """l1_grad is lam * sign(w) (0 at exact zeros), in the structure it was given."""
    _grad_check(lib, ref, cases, "l1")


@check("l1.sparsity")
def test_l1_sparsity(lib, ref):
    """Trained with l1_grad, a linear model sets its useless weights (near) zero: more of them
    than L2 of the same strength does."""
    l2_count = expected(("l1-sparsity-l2",), lambda: E.sparsity_run(0, ref.penalties.l2_grad))
    count = E.sparsity_run(0, checked_penalty_grad(lib.penalties.l1_grad, "l1_grad"))
    if count < max(10, l2_count + 4):
        raise Fail(f"with l1_grad, {count} of the 16 useless weights ended near zero (|w| < {E.NEAR_ZERO}); "
                   f"L2 of the same strength gives {l2_count}, and L1 should give at least {max(10, l2_count + 4)}. "
                   "Is the gradient lam * sign(w)?")


# ---- L2 ------------------------------------------------------------------------------------

@check("l2.values")
def test_l2_values(lib, ref, cases):
    """l2 matches lam / 2 * sum w**2 for one array, lists and tuples of arrays, lam = 0."""
    _value_check(lib, ref, cases, "l2")


@check("l2.grad")
def test_l2_grad(lib, ref, cases):
    """l2_grad is lam * w, in the structure it was given."""
    _grad_check(lib, ref, cases, "l2")


@check("l2.shrinks")
def test_l2_shrinks_weights_and_gap(lib, ref, cases):
    """Trained with l2_grad, an over-wide network ends with smaller weights and a smaller
    train/validation gap than without a penalty."""
    base_norm, base_gap = expected(("l2-baseline",), lambda: E.l2_run(0))
    norm, gap = E.l2_run(0, checked_penalty_grad(lib.penalties.l2_grad, "l2_grad"))
    with cases.case("weight norm"):
        if not norm <= 0.7 * base_norm:
            raise Fail(f"with l2_grad (lam = {E.L2_LAM}) the weights' norm is {norm:.3g}; without a penalty "
                       f"it is {base_norm:.3g}: it should shrink by 30% or more")
    with cases.case("train/validation gap"):
        if not gap <= 0.85 * base_gap:
            raise Fail(f"with l2_grad the train/validation gap is {gap:.3g}; without a penalty it is "
                       f"{base_gap:.3g}: L2 should narrow it")
    cases.verdict()


# ---- elastic net ---------------------------------------------------------------------------

@check("elastic_net.values")
def test_elastic_net_values(lib, ref, cases):
    """elastic_net matches scikit-learn's form for l1_ratio 0.2 and 0.7."""
    for r in (0.2, 0.7):
        _value_check(lib, ref, cases, "elastic_net", extra=(r,))


@check("elastic_net.grad")
def test_elastic_net_grad(lib, ref, cases):
    """elastic_net_grad is lam (r sign(w) + (1 - r) w), in the structure it was given."""
    for r in (0.2, 0.7):
        _grad_check(lib, ref, cases, "elastic_net", extra=(r,))


@check("elastic_net.limits")
def test_elastic_net_limits(lib, ref, cases):
    """With l1_ratio = 1 elastic_net is the L1 penalty and with l1_ratio = 0 the L2 penalty
    (values and gradients)."""
    w = [np.array([[0.5, -1.5], [0.0, 2.0]]), np.array([3.0, -0.25])]
    for r, other in ((1.0, "l1"), (0.0, "l2")):
        with cases.case(f"l1_ratio = {r:g}"):
            close(number(lib.penalties.elastic_net(w, 0.4, l1_ratio=r), "elastic_net"),
                  getattr(ref.penalties, other)(w, 0.4), f"elastic_net with l1_ratio = {r:g} (it should equal {other})")
            grads = lib.penalties.elastic_net_grad(w, 0.4, l1_ratio=r)
            want = getattr(ref.penalties, other + "_grad")(w, 0.4)
            if not isinstance(grads, list) or len(grads) != 2:
                raise Fail("elastic_net_grad of a list of 2 arrays must return a list of 2 arrays")
            for g, e in zip(grads, want):
                close(array(g, "elastic_net_grad", shape=e.shape), e,
                      f"elastic_net_grad with l1_ratio = {r:g} (it should equal {other}_grad)")
    cases.verdict()
