"""The custom (behaviour) check of ``penalties.l1_grad``; the others are generated from ``part.py``."""

from autograder.parts import experiments as E
from autograder.parts.adapters import checked_penalty_grad
from autograder.parts.support import expected
from checks.framework import Fail, check


@check("l1.sparsity")
def test_l1_sparsity(lib, ref):
    """Trained with l1_grad, a linear model sets its useless weights (near) zero: more of them
    than L2 of the same strength does."""
    l2_count = expected(("l1-sparsity-l2",), lambda: E.sparsity_run(0, ref.penalties.l2_grad))
    count = E.sparsity_run(0, checked_penalty_grad(lib.penalties.l1_grad, "l1_grad"))
    if count < max(10, l2_count + 4):
        raise Fail(f"with l1_grad, {count} of the 16 useless weights ended near zero (|w| < {E.NEAR_ZERO}); "
                   f"L2 of the same strength gives {l2_count}, and L1 should give at least {max(10, l2_count + 4)}")
