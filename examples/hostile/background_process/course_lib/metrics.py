"""Evaluation metrics beyond the loss (provided).

Like the losses, every function takes the prediction first and the truth second. Binary metrics
treat label 1 as the positive class.
"""

import numpy as np

__all__ = ["accuracy", "confusion_matrix", "precision", "recall", "f1_score", "predict_labels"]


def predict_labels(output, threshold=0.5):
    """Turn model output into labels: argmax of each row for (N, C) scores, else output >= threshold.

    Args:
        output: (N, C) scores or logits, or (N,)/(N, 1) probabilities.
        threshold: for probabilities; use 0.0 for logits or hinge scores.

    Returns:
        int array of shape (N,).
    """
    output = np.asarray(output, dtype=np.float64)
    if output.ndim == 2 and output.shape[1] > 1:
        return np.argmax(output, axis=1)
    return (output.reshape(-1) >= threshold).astype(np.int64)


def _labels(func, y_pred, y_true):
    y_pred = np.asarray(y_pred).reshape(-1)
    y_true = np.asarray(y_true).reshape(-1)
    if y_pred.shape != y_true.shape:
        raise ValueError(f"{func}: {y_pred.size} predictions but {y_true.size} true labels")
    if y_pred.size == 0:
        raise ValueError(f"{func}: no labels")
    for name, a in (("y_pred", y_pred), ("y_true", y_true)):
        if not (np.issubdtype(a.dtype, np.integer) or np.issubdtype(a.dtype, np.bool_)) and \
                not np.all(np.asarray(a, dtype=np.float64) == np.round(np.asarray(a, dtype=np.float64))):
            raise ValueError(f"{func}: {name} must hold class labels (whole numbers), not probabilities "
                             "or scores; turn outputs into labels with predict_labels first")
    return y_pred.astype(np.int64), y_true.astype(np.int64)


def accuracy(y_pred, y_true):
    """Fraction of labels predicted right. Args: label arrays of shape (N,). Returns float."""
    y_pred, y_true = _labels("accuracy", y_pred, y_true)
    return float(np.mean(y_pred == y_true))


def confusion_matrix(y_pred, y_true, num_classes=None):
    """Counts ``M[t, p]`` of examples with true label t predicted as p.

    Args:
        y_pred, y_true: integer labels of shape (N,).
        num_classes: K; by default 1 + the largest label seen.

    Returns:
        int array of shape (K, K): rows are true labels, columns predictions.
    """
    y_pred, y_true = _labels("confusion_matrix", y_pred, y_true)
    k = int(num_classes) if num_classes is not None else int(max(y_pred.max(), y_true.max())) + 1
    m = np.zeros((k, k), dtype=np.int64)
    np.add.at(m, (y_true, y_pred), 1)
    return m


def precision(y_pred, y_true, positive=1):
    """Of the examples predicted positive, the fraction that are positive (0.0 if none predicted)."""
    y_pred, y_true = _labels("precision", y_pred, y_true)
    predicted = y_pred == positive
    return float(np.sum(predicted & (y_true == positive)) / predicted.sum()) if predicted.any() else 0.0


def recall(y_pred, y_true, positive=1):
    """Of the positive examples, the fraction predicted positive (0.0 if there are none)."""
    y_pred, y_true = _labels("recall", y_pred, y_true)
    actual = y_true == positive
    return float(np.sum(actual & (y_pred == positive)) / actual.sum()) if actual.any() else 0.0


def f1_score(y_pred, y_true, positive=1):
    """Harmonic mean of precision and recall (0.0 when both are 0)."""
    p = precision(y_pred, y_true, positive)
    r = recall(y_pred, y_true, positive)
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)
