"""Public checks for ``losses.binary_cross_entropy_with_logits`` and its gradient."""

import math

import numpy as np

from checks.framework import SIGN, array, check, close, finite, number
from checks.hints import BCEL_CLAMPED, BCEL_GRAD_PROB, BCEL_OVERFLOW

Z = np.array([2.0, -1.0, 0.0, 3.0])
Y = np.array([1.0, 0.0, 1.0, 0.0])
# terms log(1 + e^-z) for y = 1 and log(1 + e^z) for y = 0:
VALUE = (math.log1p(math.exp(-2)) + math.log1p(math.exp(-1)) + math.log(2) + math.log1p(math.exp(3))) / 4
SIG = 1 / (1 + np.exp(-Z))
GRAD = (SIG - Y) / 4          # (sigmoid(z) - y) / N
# At logits of +-1000 with the wrong target each term is 1000 (the true value; through a sigmoid
# and the clamped probability loss it would be 100).
BIG_Z, BIG_Y = np.array([1000.0, -1000.0]), np.array([0.0, 1.0])


@check("bce_logits.public_value")
def test_bce_logits_value(lib):
    """binary_cross_entropy_with_logits of a small example, and right at logits of +-1000."""
    f = lib.losses.binary_cross_entropy_with_logits
    close(number(f(Z, Y), "binary_cross_entropy_with_logits"), VALUE,
          "binary_cross_entropy_with_logits([2, -1, 0, 3], [1, 0, 1, 0])", n=4, reveal=True)
    big = number(f(BIG_Z, BIG_Y), "binary_cross_entropy_with_logits")
    what = "binary_cross_entropy_with_logits([1000, -1000], [0, 1])"
    finite(big, what, hint=BCEL_OVERFLOW)
    close(big, 1000.0, what, n=2, reveal=True, diagnoses=[(BCEL_CLAMPED, 100.0)])


@check("bce_logits.public_grad")
def test_bce_logits_grad(lib):
    """binary_cross_entropy_with_logits_grad of the same example: (sigmoid(z) - y) / N."""
    grad = array(lib.losses.binary_cross_entropy_with_logits_grad(Z, Y),
                 "binary_cross_entropy_with_logits_grad", shape=(4,))
    close(grad, GRAD, "binary_cross_entropy_with_logits_grad([2, -1, 0, 3], [1, 0, 1, 0])", n=4, reveal=True,
          diagnoses=[(BCEL_GRAD_PROB, (SIG - Y) / (SIG * (1 - SIG)) / 4), (SIGN, -GRAD)])
