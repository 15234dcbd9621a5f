"""Public checks for ``losses.categorical_cross_entropy`` and its gradient."""

import numpy as np

from checks.framework import array, check, close, number

LOGITS = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
LABELS = np.array([2, 0])
E = np.exp([1.0, 2.0, 3.0])
P = np.array([E / E.sum(), [1 / 3, 1 / 3, 1 / 3]])          # softmax of each row
ONE_HOT = np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
VALUE = -(np.log(P[0, 2]) + np.log(P[1, 0])) / 2            # mean over the 2 rows
# with label smoothing 0.3 the targets become 0.7 * one_hot + 0.3 / 3
SMOOTH = 0.7 * ONE_HOT + 0.1
VALUE_SMOOTH = -np.sum(SMOOTH * np.log(P)) / 2


@check("cce.public_value")
def test_cce_value(lib):
    """categorical_cross_entropy of a 2 x 3 example: with labels, with probability rows, smoothed."""
    f = lib.losses.categorical_cross_entropy
    close(number(f(LOGITS, LABELS), "categorical_cross_entropy"), VALUE,
          "categorical_cross_entropy(logits, labels [2, 0])", n=2, reveal=True)
    close(number(f(LOGITS, ONE_HOT), "categorical_cross_entropy"), VALUE,
          "categorical_cross_entropy(logits, the same labels as one-hot rows)", n=2, reveal=True)
    close(number(f(LOGITS, LABELS, label_smoothing=0.3), "categorical_cross_entropy"), VALUE_SMOOTH,
          "categorical_cross_entropy(logits, labels, label_smoothing=0.3)", n=2, reveal=True)


@check("cce.public_grad")
def test_cce_grad(lib):
    """categorical_cross_entropy_grad of the same example: (softmax - target) / N."""
    grad = array(lib.losses.categorical_cross_entropy_grad(LOGITS, LABELS),
                 "categorical_cross_entropy_grad", shape=(2, 3))
    close(grad, (P - ONE_HOT) / 2, "categorical_cross_entropy_grad(logits, labels [2, 0])", n=2, reveal=True)
