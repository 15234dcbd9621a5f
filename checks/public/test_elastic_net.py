"""Public checks for ``penalties.elastic_net`` and ``penalties.elastic_net_grad``."""

import numpy as np

from checks.framework import array, check, close, number

W = np.array([[1.0, -2.0], [0.0, 3.0]])
# sum |w| = 6, sum w**2 = 14; lam = 0.1, l1_ratio = 0.25:
# 0.1 * (0.25 * 6 + 0.75 / 2 * 14) = 0.1 * (1.5 + 5.25) = 0.675
# gradient 0.1 * (0.25 * sign(w) + 0.75 * w)
GRAD = 0.1 * (0.25 * np.sign(W) + 0.75 * W)


@check("elastic_net.public_value")
def test_elastic_net_value(lib):
    """elastic_net of one array with l1_ratio = 0.25, worked out by hand."""
    close(number(lib.penalties.elastic_net(W, 0.1, l1_ratio=0.25), "elastic_net"), 0.675,
          "elastic_net([[1, -2], [0, 3]], lam=0.1, l1_ratio=0.25)", reveal=True)


@check("elastic_net.public_grad")
def test_elastic_net_grad(lib):
    """elastic_net_grad of the same array (one array in, one array out)."""
    close(array(lib.penalties.elastic_net_grad(W, 0.1, l1_ratio=0.25), "elastic_net_grad", shape=(2, 2)), GRAD,
          "elastic_net_grad([[1, -2], [0, 3]], lam=0.1, l1_ratio=0.25)", reveal=True)
