"""Hidden checks for ``penalties.l2`` and ``penalties.l2_grad``, and what L2 does to training (with
the student's gradient in the reference trainer)."""

from checks.framework import Fail, check

from . import experiments as E
from .adapters import checked_penalty_grad
from .penalty_checks import grad_check, value_check
from .support import expected


@check("l2.values")
def test_l2_values(lib, ref, cases):
    """l2 matches lam / 2 * sum w**2 for one array, lists and tuples of arrays, lam = 0."""
    value_check(lib, ref, cases, "l2")


@check("l2.grad")
def test_l2_grad(lib, ref, cases):
    """l2_grad is lam * w, in the structure it was given."""
    grad_check(lib, ref, cases, "l2")


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
