"""Public checks for ``losses.categorical_cross_entropy`` and its gradient."""

import numpy as np

from checks.framework import array, check, close, number
from checks.hints import CCE_MEAN_ALL, CCE_NO_SMOOTHING, CCE_SMOOTH_OTHERS

LOGITS = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [2.0, 0.0, -1.0], [0.5, 0.5, -1.0]])
LABELS = np.array([2, 0, 1, 1])
N, C = LOGITS.shape                                           # 4 rows, 3 classes
P = np.exp(LOGITS) / np.exp(LOGITS).sum(axis=1, keepdims=True)  # softmax of each row
ONE_HOT = np.eye(C)[LABELS]
VALUE = -np.sum(ONE_HOT * np.log(P)) / N                      # the mean over the 4 rows
# with label smoothing 0.3 each target row becomes 0.7 * one_hot + 0.3 / 3
SMOOTH = 0.7 * ONE_HOT + 0.1
VALUE_SMOOTH = -np.sum(SMOOTH * np.log(P)) / N
OTHERS = 0.7 * ONE_HOT + 0.15 * (1 - ONE_HOT)                 # 0.3 spread over the C - 1 other classes


def _diagnoses(target):
    return [(CCE_MEAN_ALL, -np.sum(target * np.log(P)) / (N * C))]


@check("cce.public_value")
def test_cce_value(lib):
    """categorical_cross_entropy of a 4 x 3 example: with labels, with probability rows, smoothed."""
    f = lib.losses.categorical_cross_entropy
    close(number(f(LOGITS, LABELS), "categorical_cross_entropy"), VALUE,
          "categorical_cross_entropy(logits, labels [2, 0, 1, 1])", n=N, reveal=True, diagnoses=_diagnoses(ONE_HOT))
    close(number(f(LOGITS, ONE_HOT), "categorical_cross_entropy"), VALUE,
          "categorical_cross_entropy(logits, the same labels as one-hot rows)", n=N, reveal=True,
          diagnoses=_diagnoses(ONE_HOT))
    close(number(f(LOGITS, LABELS, label_smoothing=0.3), "categorical_cross_entropy"), VALUE_SMOOTH,
          "categorical_cross_entropy(logits, labels, label_smoothing=0.3)", n=N, reveal=True,
          diagnoses=_diagnoses(SMOOTH) + [(CCE_NO_SMOOTHING, VALUE),
                                          (CCE_SMOOTH_OTHERS, -np.sum(OTHERS * np.log(P)) / N)])


@check("cce.public_grad")
def test_cce_grad(lib):
    """categorical_cross_entropy_grad of the same example, (softmax - target) / N, with and without
    label smoothing (the smoothed target is the target of the gradient too)."""
    f = lib.losses.categorical_cross_entropy_grad
    grad = array(f(LOGITS, LABELS), "categorical_cross_entropy_grad", shape=(N, C))
    close(grad, (P - ONE_HOT) / N, "categorical_cross_entropy_grad(logits, labels [2, 0, 1, 1])", n=N,
          reveal=True, diagnoses=[(CCE_MEAN_ALL, (P - ONE_HOT) / (N * C))])
    grad = array(f(LOGITS, LABELS, label_smoothing=0.3), "categorical_cross_entropy_grad", shape=(N, C))
    close(grad, (P - SMOOTH) / N, "categorical_cross_entropy_grad(logits, labels, label_smoothing=0.3)", n=N,
          reveal=True, diagnoses=[(CCE_MEAN_ALL, (P - SMOOTH) / (N * C)), (CCE_NO_SMOOTHING, (P - ONE_HOT) / N),
                                  (CCE_SMOOTH_OTHERS, (P - OTHERS) / N)])
