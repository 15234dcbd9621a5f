"""Loss functions and their gradients.

Conventions (fixed by the course contract, and PyTorch's where PyTorch has the loss):

* the prediction comes first and the target second;
* every loss returns one Python ``float``, averaged the way PyTorch's ``reduction='mean'`` does;
* ``<name>_grad`` takes the same arguments and returns d(loss)/d(prediction), shaped like the
  prediction;
* inputs may be lists or arrays of any real dtype: the provided first lines of each function turn
  them into float64 arrays and reject bad input with a clear error, so the code you write below
  them (where each function says ``# YOUR CODE HERE``) always sees clean float64 arrays.
"""

import numpy as np

from . import _validation as _v

__all__ = [
    "mse", "mse_grad",
    "mae", "mae_grad",
    "huber", "huber_grad",
    "binary_cross_entropy", "binary_cross_entropy_grad",
    "binary_cross_entropy_with_logits", "binary_cross_entropy_with_logits_grad",
    "softmax", "log_softmax",
    "categorical_cross_entropy", "categorical_cross_entropy_grad",
    "hinge", "hinge_grad",
    "multiclass_hinge", "multiclass_hinge_grad",
    "kl_divergence", "kl_divergence_grad",
]


def _pair(func, y_pred, y_true, pred_name="y_pred", true_name="y_true"):
    """Both arguments as float64 arrays of one shape."""
    y_pred = _v.as_array(func, pred_name, y_pred)
    y_true = _v.as_array(func, true_name, y_true)
    _v.same_shape(func, pred_name, y_pred, true_name, y_true)
    return y_pred, y_true


# --------------------------------------------------------------------------------------------
# Regression losses
# --------------------------------------------------------------------------------------------

def mse(y_pred, y_true):
    """Mean squared error: the mean of (y_pred - y_true)**2 over all elements.

    Args:
        y_pred: predictions, any shape S.
        y_true: targets, shape S.

    Returns:
        float: the mean over all elements (PyTorch ``F.mse_loss``).
    """
    y_pred, y_true = _pair("mse", y_pred, y_true)
    # YOUR CODE HERE
    raise NotImplementedError("mse: write it in course_lib/losses.py (notebook 00_welcome)")


def mse_grad(y_pred, y_true):
    """Gradient of ``mse(y_pred, y_true)`` with respect to ``y_pred``.

    The derivative of the mean over all N elements, not of their sum (what PyTorch's autograd
    returns for ``F.mse_loss(y_pred, y_true)``). Notebook 00 leads the derivation;
    ``gradcheck.check_gradient`` confirms it.

    Args:
        y_pred: predictions, any shape S.
        y_true: targets, shape S.

    Returns:
        ndarray of shape S: d mse / d y_pred, element by element.
    """
    y_pred, y_true = _pair("mse_grad", y_pred, y_true)
    # YOUR CODE HERE
    raise NotImplementedError("mse_grad: write it in course_lib/losses.py (notebook 00_welcome)")


def mae(y_pred, y_true):
    """Mean absolute error: the mean of abs(y_pred - y_true) (PyTorch ``F.l1_loss``).

    Args:
        y_pred: predictions, any shape S.
        y_true: targets, shape S.

    Returns:
        float.
    """
    y_pred, y_true = _pair("mae", y_pred, y_true)
    # YOUR CODE HERE
    raise NotImplementedError("mae: write it in course_lib/losses.py (notebook 01_regression_losses)")


def mae_grad(y_pred, y_true):
    """Gradient of ``mae`` with respect to ``y_pred`` (PyTorch's autograd of ``F.l1_loss``).

    Where a prediction equals its target, abs has a kink and no derivative: that entry of the
    gradient is 0, as in PyTorch.

    Args:
        y_pred: predictions, any shape S.
        y_true: targets, shape S.

    Returns:
        ndarray of shape S.
    """
    y_pred, y_true = _pair("mae_grad", y_pred, y_true)
    # YOUR CODE HERE
    raise NotImplementedError("mae_grad: write it in course_lib/losses.py (notebook 01_regression_losses)")


def huber(y_pred, y_true, delta=1.0):
    """Huber loss (PyTorch ``F.huber_loss``): quadratic near zero, linear in the tails.

    With d = y_pred - y_true, each element contributes 0.5 d**2 where abs(d) <= delta and
    delta (abs(d) - 0.5 delta) elsewhere; the loss is the mean over all elements.

    Args:
        y_pred: predictions, any shape S.
        y_true: targets, shape S.
        delta: where the loss turns from quadratic to linear; a number > 0.

    Returns:
        float.
    """
    y_pred, y_true = _pair("huber", y_pred, y_true)
    delta = _v.real_number("huber", "delta", delta, low=0.0, low_open=True)
    # YOUR CODE HERE
    raise NotImplementedError("huber: write it in course_lib/losses.py (notebook 01_regression_losses)")


def huber_grad(y_pred, y_true, delta=1.0):
    """Gradient of ``huber`` with respect to ``y_pred`` (PyTorch's autograd of ``F.huber_loss``).

    The two pieces of the loss meet with the same slope at abs(d) = delta, so the gradient is
    continuous there and either branch may be used at that point.

    Args:
        y_pred: predictions, any shape S.
        y_true: targets, shape S.
        delta: a number > 0.

    Returns:
        ndarray of shape S.
    """
    y_pred, y_true = _pair("huber_grad", y_pred, y_true)
    delta = _v.real_number("huber_grad", "delta", delta, low=0.0, low_open=True)
    # YOUR CODE HERE
    raise NotImplementedError("huber_grad: write it in course_lib/losses.py (notebook 01_regression_losses)")


# --------------------------------------------------------------------------------------------
# Binary classification
# --------------------------------------------------------------------------------------------

def _bce_args(func, p, y):
    p, y = _pair(func, p, y, "p", "y")
    _v.in_closed_interval(func, "p", p, 0.0, 1.0)
    _v.in_closed_interval(func, "y", y, 0.0, 1.0)
    return p, y


def binary_cross_entropy(p, y):
    """Binary cross-entropy on probabilities (PyTorch ``F.binary_cross_entropy``).

    Each element contributes -(y log p + (1 - y) log(1 - p)), where each logarithm is clamped
    from below at -100 so that p = 0 or p = 1 gives a large finite loss rather than infinity.

    Args:
        p: predicted probabilities in [0, 1], any shape S.
        y: targets in [0, 1] (usually 0 or 1), shape S.

    Returns:
        float: the mean over all elements.
    """
    p, y = _bce_args("binary_cross_entropy", p, y)
    # YOUR CODE HERE
    raise NotImplementedError("binary_cross_entropy: write it in course_lib/losses.py (notebook 02_classification_losses)")


def binary_cross_entropy_grad(p, y):
    """Gradient of ``binary_cross_entropy`` with respect to ``p``, as PyTorch computes it.

    Write the derivative of one element's loss as a single fraction: its denominator vanishes at
    p = 0 and p = 1. PyTorch keeps that denominator from falling below 1e-12 (its ``EPSILON``), so
    the result is finite everywhere (huge at the ends); do the same. This floor is why the
    clamping of the loss's logs does not appear in the gradient.

    Args:
        p: probabilities in [0, 1], any shape S.
        y: targets in [0, 1], shape S.

    Returns:
        ndarray of shape S.
    """
    p, y = _bce_args("binary_cross_entropy_grad", p, y)
    # YOUR CODE HERE
    raise NotImplementedError("binary_cross_entropy_grad: write it in course_lib/losses.py (notebook 02_classification_losses)")


def _bce_logit_args(func, z, y):
    z, y = _pair(func, z, y, "z", "y")
    _v.in_closed_interval(func, "y", y, 0.0, 1.0)
    return z, y


def binary_cross_entropy_with_logits(z, y):
    """Binary cross-entropy on logits (PyTorch ``F.binary_cross_entropy_with_logits``).

    Equal to ``binary_cross_entropy(sigmoid(z), y)`` without its clamping, and finite and accurate
    for any finite z (z = +-1000 included): never form exp of a large positive number, and never
    take the log of a sigmoid that has rounded to 0 or 1. Notebook 02 leads the rewriting.

    Args:
        z: logits (real numbers), any shape S.
        y: targets in [0, 1], shape S.

    Returns:
        float: the mean over all elements.
    """
    z, y = _bce_logit_args("binary_cross_entropy_with_logits", z, y)
    # YOUR CODE HERE
    raise NotImplementedError("binary_cross_entropy_with_logits: write it in course_lib/losses.py (notebook 02_classification_losses)")


def binary_cross_entropy_with_logits_grad(z, y):
    """Gradient of ``binary_cross_entropy_with_logits`` with respect to ``z``.

    Finite for any finite z, with no overflow warning: if you need a sigmoid, compute it in a
    form that never takes exp of a large positive number.

    Args:
        z: logits, any shape S.
        y: targets in [0, 1], shape S.

    Returns:
        ndarray of shape S.
    """
    z, y = _bce_logit_args("binary_cross_entropy_with_logits_grad", z, y)
    # YOUR CODE HERE
    raise NotImplementedError("binary_cross_entropy_with_logits_grad: write it in course_lib/losses.py (notebook 02_classification_losses)")


# --------------------------------------------------------------------------------------------
# Multi-class classification
# --------------------------------------------------------------------------------------------

def softmax(z):
    """Softmax along the last axis (PyTorch ``F.softmax(z, dim=-1)``), stable for any finite z.

    Args:
        z: logits, shape (..., C).

    Returns:
        ndarray of shape (..., C): non-negative, each row summing to 1.
    """
    z = _v.as_array("softmax", "z", z)
    _v.min_ndim("softmax", "z", z, 1)
    # YOUR CODE HERE
    raise NotImplementedError("softmax: write it in course_lib/losses.py (notebook 02_classification_losses)")


def log_softmax(z):
    """Logarithm of the softmax along the last axis (PyTorch ``F.log_softmax``), stable.

    Args:
        z: logits, shape (..., C).

    Returns:
        ndarray of shape (..., C), finite for finite z, even where the softmax underflows to 0.
    """
    z = _v.as_array("log_softmax", "z", z)
    _v.min_ndim("log_softmax", "z", z, 1)
    # YOUR CODE HERE
    raise NotImplementedError("log_softmax: write it in course_lib/losses.py (notebook 02_classification_losses)")


def _cce_target(func, logits, y):
    """The (N, C) target distribution: one-hot rows for labels, the given rows otherwise."""
    n, c = logits.shape
    y_arr = np.asarray(y)
    if y_arr.ndim == 1:
        if y_arr.shape[0] != n:
            raise ValueError(f"{func}: logits has {n} rows but y has {y_arr.shape[0]} labels")
        labels = _v.integer_labels(func, "y", y_arr, c)
        target = np.zeros((n, c))
        target[np.arange(n), labels] = 1.0
    elif y_arr.ndim == 2:
        target = _v.as_array(func, "y", y_arr)
        _v.same_shape(func, "logits", logits, "y", target)
        _v.in_closed_interval(func, "y", target, 0.0, 1.0)
        if not np.allclose(target.sum(axis=1), 1.0, rtol=0, atol=1e-6):
            raise ValueError(f"{func}: each row of probability targets y must sum to 1")
    else:
        raise ValueError(
            f"{func}: y must be integer labels of shape (N,) or probabilities of shape (N, C), "
            f"got shape {y_arr.shape}"
        )
    return target


def _cce_args(func, logits, y, label_smoothing):
    logits = _v.as_array(func, "logits", logits)
    _v.ndim_in(func, "logits", logits, (2,))
    label_smoothing = _v.real_number(func, "label_smoothing", label_smoothing, low=0.0, high=1.0)
    return logits, _cce_target(func, logits, y), label_smoothing


def categorical_cross_entropy(logits, y, label_smoothing=0.0):
    """Softmax cross-entropy on logits (PyTorch ``F.cross_entropy``).

    The provided first lines turn ``y`` into ``target``, an (N, C) array of target
    distributions: one-hot rows for integer labels, the given rows for probability targets. With
    label smoothing eps, each target row becomes (1 - eps) * row + eps / C, as in PyTorch: your
    code applies that first.

    Args:
        logits: shape (N, C).
        y: integer class labels of shape (N,), or probability rows of shape (N, C).
        label_smoothing: eps in [0, 1].

    Returns:
        float: -sum_c t[i, c] log softmax(logits)[i, c] with t the smoothed target, averaged over
        the N rows. (Calling your own ``log_softmax`` here is fine: but then a bug in it costs
        points here too.)
    """
    logits, target, eps = _cce_args("categorical_cross_entropy", logits, y, label_smoothing)
    # YOUR CODE HERE
    raise NotImplementedError("categorical_cross_entropy: write it in course_lib/losses.py (notebook 02_classification_losses)")


def categorical_cross_entropy_grad(logits, y, label_smoothing=0.0):
    """Gradient of ``categorical_cross_entropy`` with respect to ``logits``.

    The same conventions as the loss: the smoothed target, and the mean over the N rows (not over
    N * C entries). Finite for any finite logits. Notebook 02 leads the derivation through the
    softmax's Jacobian.

    Args:
        logits: shape (N, C).
        y: labels (N,) or probability rows (N, C).
        label_smoothing: eps in [0, 1].

    Returns:
        ndarray of shape (N, C).
    """
    logits, target, eps = _cce_args("categorical_cross_entropy_grad", logits, y, label_smoothing)
    # YOUR CODE HERE
    raise NotImplementedError("categorical_cross_entropy_grad: write it in course_lib/losses.py (notebook 02_classification_losses)")


# --------------------------------------------------------------------------------------------
# Margin losses
# --------------------------------------------------------------------------------------------

def _hinge_args(func, scores, y):
    scores, y = _pair(func, scores, y, "scores", "y")
    if not np.all((y == 1.0) | (y == -1.0)):
        raise ValueError(f"{func}: y must hold only -1 and +1 labels (not 0 and 1)")
    return scores, y


def hinge(scores, y):
    """Binary hinge loss of a linear classifier or SVM: the mean of max(0, 1 - y s).

    Args:
        scores: real-valued scores s, any shape S.
        y: labels in {-1, +1}, shape S. Any other label is a ``ValueError``.

    Returns:
        float.
    """
    scores, y = _hinge_args("hinge", scores, y)
    # YOUR CODE HERE
    raise NotImplementedError("hinge: write it in course_lib/losses.py (notebook 02_classification_losses)")


def hinge_grad(scores, y):
    """Gradient of ``hinge`` with respect to ``scores``.

    At the kink, y s = 1 exactly, use the subgradient 0 (the term there is 0 and stays 0 for any
    larger margin).

    Args:
        scores: shape S.
        y: labels in {-1, +1}, shape S.

    Returns:
        ndarray of shape S.
    """
    scores, y = _hinge_args("hinge_grad", scores, y)
    # YOUR CODE HERE
    raise NotImplementedError("hinge_grad: write it in course_lib/losses.py (notebook 02_classification_losses)")


def _multiclass_hinge_args(func, scores, y, margin):
    scores = _v.as_array(func, "scores", scores)
    _v.ndim_in(func, "scores", scores, (2,))
    y_arr = np.asarray(y)
    if y_arr.shape != (scores.shape[0],):
        raise ValueError(
            f"{func}: y must have shape ({scores.shape[0]},), one label per row of scores, "
            f"got shape {y_arr.shape}"
        )
    labels = _v.integer_labels(func, "y", y_arr, scores.shape[1])
    margin = _v.real_number(func, "margin", margin, low=0.0)
    return scores, labels, margin


def multiclass_hinge(scores, y, margin=1.0):
    """Multiclass SVM (Weston-Watkins) hinge loss, as in CS231n's ``svm_loss``.

    For row i with correct class y_i: sum over j != y_i of max(0, s_ij - s_iy_i + margin);
    the loss is the mean of that over the N rows (not also divided by C, unlike PyTorch's
    ``multi_margin_loss``).

    Args:
        scores: shape (N, C).
        y: integer labels of shape (N,).
        margin: a number >= 0.

    Returns:
        float.
    """
    scores, labels, margin = _multiclass_hinge_args("multiclass_hinge", scores, y, margin)
    # YOUR CODE HERE
    raise NotImplementedError("multiclass_hinge: write it in course_lib/losses.py (notebook 02_classification_losses)")


def multiclass_hinge_grad(scores, y, margin=1.0):
    """Gradient of ``multiclass_hinge`` with respect to ``scores``.

    Args:
        scores: shape (N, C).
        y: integer labels of shape (N,).
        margin: a number >= 0.

    Returns:
        ndarray of shape (N, C). A term whose margin s_ij - s_iy_i + margin is exactly 0 sits
        on a kink: it counts as inactive (subgradient 0), as in the binary hinge.
    """
    scores, labels, margin = _multiclass_hinge_args("multiclass_hinge_grad", scores, y, margin)
    # YOUR CODE HERE
    raise NotImplementedError("multiclass_hinge_grad: write it in course_lib/losses.py (notebook 02_classification_losses)")


# --------------------------------------------------------------------------------------------
# Distributions
# --------------------------------------------------------------------------------------------

def _kl_args(func, p, q):
    p, q = _pair(func, p, q, "p", "q")
    _v.ndim_in(func, "p", p, (1, 2))
    if np.any(p < 0) or np.any(q < 0):
        raise ValueError(f"{func}: p and q must be non-negative (they are distributions)")
    return p, q


def kl_divergence(p, q):
    """Kullback-Leibler divergence KL(p || q) = sum over the last axis of p log(p / q).

    Terms with p = 0 count as 0 (0 log 0 = 0), whatever q is. A 1-D input is one distribution;
    for 2-D input each row is one, and the result is the mean over rows, which is PyTorch's
    ``F.kl_div(q.log(), p, reduction='batchmean')``. Note the order: p is the "true"
    distribution, q the model's.

    Args:
        p: shape (C,) or (N, C), non-negative.
        q: same shape as p, non-negative.

    Returns:
        float (infinite where p > 0 and q = 0).
    """
    p, q = _kl_args("kl_divergence", p, q)
    # YOUR CODE HERE
    raise NotImplementedError("kl_divergence: write it in course_lib/losses.py (notebook 03_kl_divergence)")


def kl_divergence_grad(p, q):
    """Gradient of ``kl_divergence(p, q)`` with respect to ``q`` (the second argument).

    Entries of q are treated as independent numbers (no constraint that a row sums to 1). For 2-D
    input the loss is a mean over rows, and its gradient carries that mean too. Where p = 0 the
    term is 0 whatever q is, so its gradient is 0 (even where q = 0 too); where p > 0 and q = 0
    the result is -inf, with no warning printed.

    Args:
        p: shape (C,) or (N, C).
        q: same shape as p.

    Returns:
        ndarray shaped like q.
    """
    p, q = _kl_args("kl_divergence_grad", p, q)
    # YOUR CODE HERE
    raise NotImplementedError("kl_divergence_grad: write it in course_lib/losses.py (notebook 03_kl_divergence)")
