"""Public checks for ``losses.binary_cross_entropy_with_logits`` and its gradient."""

import math

import numpy as np

from checks.framework import array, check, close, finite, number

Z = np.array([2.0, -1.0, 0.0, 3.0])
Y = np.array([1.0, 0.0, 1.0, 0.0])
# terms log(1 + e^-z) for y = 1 and log(1 + e^z) for y = 0:
VALUE = (math.log1p(math.exp(-2)) + math.log1p(math.exp(-1)) + math.log(2) + math.log1p(math.exp(3))) / 4
SIG = 1 / (1 + np.exp(-Z))
GRAD = (SIG - Y) / 4          # (sigmoid(z) - y) / N


@check("bce_logits.public_value")
def test_bce_logits_value(lib):
    """binary_cross_entropy_with_logits of a small example, and finite at logits of +-1000."""
    f = lib.losses.binary_cross_entropy_with_logits
    close(number(f(Z, Y), "binary_cross_entropy_with_logits"), VALUE,
          "binary_cross_entropy_with_logits([2, -1, 0, 3], [1, 0, 1, 0])", n=4, reveal=True)
    big = number(f(np.array([1000.0, -1000.0]), np.array([0.0, 1.0])), "binary_cross_entropy_with_logits")
    finite(big, "binary_cross_entropy_with_logits([1000, -1000], [0, 1])")
    close(big, 1000.0, "binary_cross_entropy_with_logits([1000, -1000], [0, 1])", reveal=True)


@check("bce_logits.public_grad")
def test_bce_logits_grad(lib):
    """binary_cross_entropy_with_logits_grad of the same example: (sigmoid(z) - y) / N."""
    grad = array(lib.losses.binary_cross_entropy_with_logits_grad(Z, Y),
                 "binary_cross_entropy_with_logits_grad", shape=(4,))
    close(grad, GRAD, "binary_cross_entropy_with_logits_grad([2, -1, 0, 3], [1, 0, 1, 0])", n=4, reveal=True)
