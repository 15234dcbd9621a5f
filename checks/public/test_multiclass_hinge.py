"""Public checks for ``losses.multiclass_hinge`` and its gradient."""

import numpy as np

from checks.framework import array, check, close, number
from checks.hints import MCH_GRAD_MINUS_ONE, MCH_GRAD_NO_CORRECT, MCH_KINK, MCH_OVER_C, MCH_WITH_CORRECT

S = np.array([[3.0, 1.0, 2.5, 0.0], [0.0, 2.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0]])
Y = np.array([0, 2, 3])
# row 0 (correct class 0, score 3): margins 1 - 3 + 1 = -1, 2.5 - 3 + 1 = 0.5, 0 - 3 + 1 = -2 -> 0.5
# row 1 (correct class 2, score 1): 0 - 1 + 1 = 0 (exactly 0: counts nothing), 2, 1      -> 3
# row 2 (correct class 3, score 1): three ties, each 1 - 1 + 1 = 1                          -> 3
# mean over the 3 rows: 6.5 / 3. (Counting the correct class too would add the margin, 1, to each
# row.) Gradient: +1/N for each positive margin, the correct class minus their number over N.
GRAD = np.array([[-1.0, 0.0, 1.0, 0.0], [0.0, 1.0, -2.0, 1.0], [1.0, 1.0, 1.0, -3.0]]) / 3
ACTIVE = np.array([[0.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 1.0], [1.0, 1.0, 1.0, 0.0]])
CORRECT = np.eye(4)[Y]


@check("multiclass_hinge.public_value")
def test_multiclass_hinge_value(lib):
    """multiclass_hinge of a 3 x 4 example worked out by hand (a margin of exactly 0, and ties)."""
    close(number(lib.losses.multiclass_hinge(S, Y), "multiclass_hinge"), 6.5 / 3,
          "multiclass_hinge([[3, 1, 2.5, 0], [0, 2, 1, 1], [1, 1, 1, 1]], [0, 2, 3])", n=3, reveal=True,
          diagnoses=[(MCH_WITH_CORRECT, 9.5 / 3), (MCH_OVER_C, 6.5 / 12)])


@check("multiclass_hinge.public_grad")
def test_multiclass_hinge_grad(lib):
    """multiclass_hinge_grad of the same example."""
    kink = GRAD + np.array([[0.0, 0, 0, 0], [1, 0, -1, 0], [0, 0, 0, 0]]) / 3    # the 0 margin counted
    close(array(lib.losses.multiclass_hinge_grad(S, Y), "multiclass_hinge_grad", shape=(3, 4)), GRAD,
          "multiclass_hinge_grad([[3, 1, 2.5, 0], [0, 2, 1, 1], [1, 1, 1, 1]], [0, 2, 3])", n=3, reveal=True,
          diagnoses=[(MCH_GRAD_NO_CORRECT, ACTIVE / 3), (MCH_GRAD_MINUS_ONE, (ACTIVE - CORRECT) / 3),
                     (MCH_KINK, kink)])
