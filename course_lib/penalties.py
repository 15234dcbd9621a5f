"""Penalty terms added to a loss to keep weights small (L2) or sparse (L1), and their gradients.

``weights`` is one array or a list of arrays: the weight matrices of a model, never its biases or
batch-norm parameters (the caller chooses what to pass). The provided first lines give your code
``arrays``, a list of float64 arrays, whichever form the caller used; gradient functions return one
gradient per array through ``rebuild``, which gives the caller back the structure it passed.
"""

import numpy as np

from . import _validation as _v

__all__ = ["l1", "l1_grad", "l2", "l2_grad", "elastic_net", "elastic_net_grad"]


def _lam(func, lam):
    return _v.real_number(func, "lam", lam, low=0.0)


def _l1_ratio(func, l1_ratio):
    return _v.real_number(func, "l1_ratio", l1_ratio, low=0.0, high=1.0)


def l1(weights, lam):
    """L1 (lasso) penalty: lam times the sum of abs(w) over every element of every array.

    Args:
        weights: one array or a list of arrays, any shapes.
        lam: strength, a number >= 0.

    Returns:
        float.
    """
    arrays, _ = _v.weight_list("l1", weights)
    lam = _lam("l1", lam)
    # YOUR CODE HERE
    raise NotImplementedError("l1: write it in course_lib/penalties.py (notebook 04_overfitting_and_penalties)")


def l1_grad(weights, lam):
    """Gradient of ``l1`` with respect to every weight, one array per array of ``weights``.

    abs has a kink at 0: where a weight is exactly 0 its gradient is 0 (the subgradient that
    PyTorch's autograd of ``abs`` gives there).

    Args:
        weights: one array or a list of arrays.
        lam: a number >= 0.

    Returns:
        the same structure as ``weights``: one array, or a list of arrays of the same shapes.
    """
    arrays, rebuild = _v.weight_list("l1_grad", weights)
    lam = _lam("l1_grad", lam)
    # YOUR CODE HERE
    raise NotImplementedError("l1_grad: write it in course_lib/penalties.py (notebook 04_overfitting_and_penalties)")
    return rebuild(grads)


def l2(weights, lam):
    """L2 (ridge) penalty: lam / 2 times the sum of w**2 over every element of every array.

    The 1/2 is there so that ``lam`` means what PyTorch's ``SGD(weight_decay=lam)`` means: plain
    SGD on the data loss plus this penalty takes the same steps as SGD with that weight decay.

    Args:
        weights: one array or a list of arrays.
        lam: a number >= 0.

    Returns:
        float.
    """
    arrays, _ = _v.weight_list("l2", weights)
    lam = _lam("l2", lam)
    # YOUR CODE HERE
    raise NotImplementedError("l2: write it in course_lib/penalties.py (notebook 04_overfitting_and_penalties)")


def l2_grad(weights, lam):
    """Gradient of ``l2`` with respect to every weight, one array per array of ``weights``.

    Args:
        weights: one array or a list of arrays.
        lam: a number >= 0.

    Returns:
        the same structure as ``weights``.
    """
    arrays, rebuild = _v.weight_list("l2_grad", weights)
    lam = _lam("l2_grad", lam)
    # YOUR CODE HERE
    raise NotImplementedError("l2_grad: write it in course_lib/penalties.py (notebook 04_overfitting_and_penalties)")
    return rebuild(grads)


def elastic_net(weights, lam, l1_ratio=0.5):
    """Elastic net, in scikit-learn's form: lam (r sum abs(w) + (1 - r) / 2 sum w**2).

    With r = ``l1_ratio``: r = 1 is ``l1(weights, lam)`` and r = 0 is ``l2(weights, lam)``.

    Args:
        weights: one array or a list of arrays.
        lam: a number >= 0.
        l1_ratio: r in [0, 1].

    Returns:
        float.
    """
    arrays, _ = _v.weight_list("elastic_net", weights)
    lam = _lam("elastic_net", lam)
    l1_ratio = _l1_ratio("elastic_net", l1_ratio)
    # YOUR CODE HERE
    raise NotImplementedError("elastic_net: write it in course_lib/penalties.py (notebook 04_overfitting_and_penalties)")


def elastic_net_grad(weights, lam, l1_ratio=0.5):
    """Gradient of ``elastic_net`` with respect to every weight, one array per array of ``weights``.

    The same convention at the kink as ``l1_grad``: the L1 part contributes 0 where a weight is
    exactly 0.

    Args:
        weights: one array or a list of arrays.
        lam: a number >= 0.
        l1_ratio: r in [0, 1].

    Returns:
        the same structure as ``weights``.
    """
    arrays, rebuild = _v.weight_list("elastic_net_grad", weights)
    lam = _lam("elastic_net_grad", lam)
    l1_ratio = _l1_ratio("elastic_net_grad", l1_ratio)
    # YOUR CODE HERE
    raise NotImplementedError("elastic_net_grad: write it in course_lib/penalties.py (notebook 04_overfitting_and_penalties)")
    return rebuild(grads)
