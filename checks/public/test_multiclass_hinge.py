"""Public checks for ``losses.multiclass_hinge`` and its gradient."""

import numpy as np

from checks.framework import array, check, close, number

S = np.array([[3.0, 1.0, 2.5], [0.0, 2.0, 1.0]])
Y = np.array([0, 2])
# row 0 (correct class 0, score 3): max(0, 1 - 3 + 1) = 0, max(0, 2.5 - 3 + 1) = 0.5 -> 0.5
# row 1 (correct class 2, score 1): max(0, 0 - 1 + 1) = 0, max(0, 2 - 1 + 1) = 2  -> 2
# mean over rows: 2.5 / 2 = 1.25
# gradient: +1/N for each positive margin, the correct class gets -(count)/N
GRAD = np.array([[-1.0, 0.0, 1.0], [0.0, 1.0, -1.0]]) / 2


@check("multiclass_hinge.public_value")
def test_multiclass_hinge_value(lib):
    """multiclass_hinge of a 2 x 3 example worked out by hand."""
    close(number(lib.losses.multiclass_hinge(S, Y), "multiclass_hinge"), 1.25,
          "multiclass_hinge([[3, 1, 2.5], [0, 2, 1]], [0, 2])", n=2, reveal=True)


@check("multiclass_hinge.public_grad")
def test_multiclass_hinge_grad(lib):
    """multiclass_hinge_grad of the same example."""
    close(array(lib.losses.multiclass_hinge_grad(S, Y), "multiclass_hinge_grad", shape=(2, 3)), GRAD,
          "multiclass_hinge_grad([[3, 1, 2.5], [0, 2, 1]], [0, 2])", n=2, reveal=True)
