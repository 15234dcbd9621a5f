"""Hidden checks for ``penalties.l1`` and ``penalties.l1_grad``, and what L1 does to training (with
the student's gradient in the reference trainer)."""

from checks.framework import Fail, check

from . import experiments as E
from .adapters import checked_penalty_grad
from .penalty_checks import grad_check, value_check
from .support import expected


@check("l1.values")
def test_l1_values(lib, ref, cases):
    """l1 matches lam * sum |w| for one array, lists and tuples of arrays, exact zeros, lam = 0."""
    value_check(lib, ref, cases, "l1")


@check("l1.grad")
def test_l1_grad(lib, ref, cases):
    """l1_grad is lam * sign(w) (exactly 0 at exact zeros), in the structure it was given."""
    grad_check(lib, ref, cases, "l1")


@check("l1.sparsity")
def test_l1_sparsity(lib, ref):
    """Trained with l1_grad, a linear model sets its useless weights (near) zero: more of them
    than L2 of the same strength does."""
    l2_count = expected(("l1-sparsity-l2",), lambda: E.sparsity_run(0, ref.penalties.l2_grad))
    count = E.sparsity_run(0, checked_penalty_grad(lib.penalties.l1_grad, "l1_grad"))
    if count < max(10, l2_count + 4):
        raise Fail(f"with l1_grad, {count} of the 16 useless weights ended near zero (|w| < {E.NEAR_ZERO}); "
                   f"L2 of the same strength gives {l2_count}, and L1 should give at least {max(10, l2_count + 4)}")
