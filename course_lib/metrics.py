"""Evaluation metrics beyond the loss: accuracy, precision, recall and F1 (yours, notebook 02),
the confusion matrix and ``predict_labels`` (provided).

Like the losses, every function takes the prediction first and the truth second (scikit-learn's
metrics take the truth first). The binary metrics treat label ``positive`` (default 1) as the
positive class and every other label as negative.
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
    """The fraction of examples whose predicted label is the true label.

    Like scikit-learn's ``accuracy_score(y_true, y_pred)`` (note its argument order: truth
    first). Labels can be any integers (0/1, -1/+1, class indices), as arrays of any integer
    or bool dtype, lists, or whole floats; the provided lines turn them into int arrays of shape
    (N,) and refuse probabilities or scores. N is at least 1 (no labels is a ``ValueError``).

    Args:
        y_pred: predicted labels, shape (N,) (or (N, 1)).
        y_true: true labels, the same number.

    Returns:
        float in [0, 1].
    """
    y_pred, y_true = _labels("accuracy", y_pred, y_true)
    # YOUR CODE HERE
    raise NotImplementedError("accuracy: write it in course_lib/metrics.py (notebook 02_classification_losses)")


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
    """Of the examples predicted positive, the fraction that truly are positive.

    The class ``positive`` is the positive one and every other label counts as negative (so it
    works for 0/1 labels, -1/+1 labels, and one class against the rest of several). Like
    scikit-learn's ``precision_score(y_true, y_pred, pos_label=positive, zero_division=0)`` on
    binary labels.

    The 0/0 convention: when no example is predicted positive, precision is 0.0 (not NaN, and no
    error), as scikit-learn returns with ``zero_division=0``.

    Args:
        y_pred: predicted labels, shape (N,) (integers; see ``accuracy`` for the forms accepted).
        y_true: true labels, the same number.
        positive: the label of the positive class (default 1).

    Returns:
        float in [0, 1].
    """
    y_pred, y_true = _labels("precision", y_pred, y_true)
    # YOUR CODE HERE
    raise NotImplementedError("precision: write it in course_lib/metrics.py (notebook 02_classification_losses)")


def recall(y_pred, y_true, positive=1):
    """Of the examples that truly are positive, the fraction predicted positive.

    ``positive`` and the labels as in ``precision``. Like scikit-learn's ``recall_score(y_true,
    y_pred, pos_label=positive, zero_division=0)`` on binary labels.

    The 0/0 convention: when no example is truly positive, recall is 0.0 (not NaN, and no error).

    Args:
        y_pred: predicted labels, shape (N,).
        y_true: true labels, the same number.
        positive: the label of the positive class (default 1).

    Returns:
        float in [0, 1].
    """
    y_pred, y_true = _labels("recall", y_pred, y_true)
    # YOUR CODE HERE
    raise NotImplementedError("recall: write it in course_lib/metrics.py (notebook 02_classification_losses)")


def f1_score(y_pred, y_true, positive=1):
    """F1: the harmonic mean of ``precision`` and ``recall`` (for the same ``positive`` class).

    Like scikit-learn's ``f1_score(y_true, y_pred, pos_label=positive, zero_division=0)`` on
    binary labels. You may use your ``precision`` and ``recall``.

    The 0/0 convention: when precision and recall are both 0 (in particular when ``positive``
    is neither predicted nor true anywhere), F1 is 0.0 (not NaN, and no error).

    Args:
        y_pred: predicted labels, shape (N,).
        y_true: true labels, the same number.
        positive: the label of the positive class (default 1).

    Returns:
        float in [0, 1].
    """
    y_pred, y_true = _labels("f1_score", y_pred, y_true)
    # YOUR CODE HERE
    raise NotImplementedError("f1_score: write it in course_lib/metrics.py (notebook 02_classification_losses)")
