"""Public checks for ``penalties.elastic_net`` and ``penalties.elastic_net_grad``."""

import numpy as np

from checks.framework import array, check, close, number
from checks.hints import (
    EN_GRAD_AT_ZERO,
    EN_GRAD_NO_RATIO,
    EN_GRAD_TWO_W,
    EN_NO_HALF,
    EN_RATIO_IGNORED,
    EN_RATIO_SWAPPED,
    NO_LAM,
)

W = np.array([[1.0, -2.0], [0.0, 3.0]])
# sum |w| = 6, sum w**2 = 14; lam = 0.1, l1_ratio = 0.25:
# 0.1 * (0.25 * 6 + 0.75 / 2 * 14) = 0.1 * (1.5 + 5.25) = 0.675
# gradient 0.1 * (0.25 * sign(w) + 0.75 * w)
GRAD = 0.1 * (0.25 * np.sign(W) + 0.75 * W)


@check("elastic_net.public_value")
def test_elastic_net_value(lib):
    """elastic_net of one array with l1_ratio = 0.25, worked out by hand."""
    close(number(lib.penalties.elastic_net(W, 0.1, l1_ratio=0.25), "elastic_net"), 0.675,
          "elastic_net([[1, -2], [0, 3]], lam=0.1, l1_ratio=0.25)", reveal=True,
          diagnoses=[(EN_NO_HALF, 0.1 * (0.25 * 6 + 0.75 * 14)), (EN_RATIO_SWAPPED, 0.1 * (0.75 * 6 + 0.125 * 14)),
                     (EN_RATIO_IGNORED, 0.1 * (0.5 * 6 + 0.25 * 14)), (NO_LAM, 6.75)])


@check("elastic_net.public_grad")
def test_elastic_net_grad(lib):
    """elastic_net_grad of the same array (one array in, one array out; 0 for the L1 part at w = 0)."""
    close(array(lib.penalties.elastic_net_grad(W, 0.1, l1_ratio=0.25), "elastic_net_grad", shape=(2, 2)), GRAD,
          "elastic_net_grad([[1, -2], [0, 3]], lam=0.1, l1_ratio=0.25)", reveal=True,
          diagnoses=[(EN_GRAD_NO_RATIO, 0.1 * (0.25 * np.sign(W) + W)),
                     (EN_GRAD_TWO_W, 0.1 * (0.25 * np.sign(W) + 1.5 * W)),
                     (EN_GRAD_AT_ZERO, 0.1 * (0.25 * np.where(W >= 0, 1.0, -1.0) + 0.75 * W)),
                     (EN_RATIO_IGNORED, 0.1 * (0.5 * np.sign(W) + 0.5 * W)), (NO_LAM, GRAD / 0.1)])
