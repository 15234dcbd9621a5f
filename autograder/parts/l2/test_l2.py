"""The custom (behaviour) check of ``penalties.l2_grad``; the others are generated from ``part.py``."""

from autograder.parts import experiments as E
from autograder.parts.adapters import checked_penalty_grad
from autograder.parts.support import expected
from checks.framework import Fail, check


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
