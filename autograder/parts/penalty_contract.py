"""What the three penalty parts (``l1``, ``l2``, ``elastic_net``) share: their cases, their hints
about the list of arrays and the strength, and the models of those mistakes.

The contract (CONTRACT.md, ``course_lib.penalties``): ``weights`` is one array (any shape, a nested
list, a Python float) or a list or tuple of arrays; each penalty returns a float, each gradient the
same structure as ``weights`` (an array for one array, a list for a list, a tuple for a tuple);
``lam >= 0`` (an int too), ``l1_ratio`` in [0, 1].
"""

import numpy as np

from autograder.grading import reference
from checks.diagnosis import UNKNOWN

from .domains import weight_cases
from .spec import Case, Model

HINTS = {
    "penalty.first_only": "only the first array of the list counts: use every array",
    "penalty.no_lam": "lam is missing: the penalty is not multiplied by the strength",
}


def worked(seed):
    """The notebook's worked example (a list of two arrays, one with an exact zero), one array
    alone (the gradient is then one array, not a list) and a tuple."""
    g = np.random.default_rng(seed)
    return [
        Case("the worked example: a list of two arrays, lam = 0.1",
             ([np.array([[1.0, -2.0], [0.0, 3.0]]), np.array([-0.5])], 0.1)),
        Case("one array alone, lam = 0.5", (np.array([[0.5, 0.0], [-1.5, 2.0]]), 0.5)),
        Case("a tuple of two arrays, lam = 0.2", ((g.standard_normal((2, 2)), g.standard_normal(3)), 0.2)),
    ]


def hidden(seed, **kwargs):
    return weight_cases(seed, kwargs=kwargs)


def _arrays(w):
    if isinstance(w, (list, tuple)) and all(isinstance(a, np.ndarray) for a in w):
        return list(w)
    return [w]


def first_only(fn):
    """The penalty of the first array only, where there are several (it says nothing elsewhere)."""

    def model(w, lam, *args, **kwargs):
        arrays = _arrays(w)
        return fn(arrays[0], lam, *args, **kwargs) if len(arrays) > 1 else UNKNOWN
    return model


def no_lam(fn):
    def model(w, lam, *args, **kwargs):
        return fn(w, 1.0, *args, **kwargs)
    return model


def models(value, grad):
    """The shared models of ``value`` and ``grad`` (e.g. "penalties.l1", "penalties.l1_grad")."""
    ref = reference.load()
    v, gr = getattr(ref.penalties, value.split(".")[1]), getattr(ref.penalties, grad.split(".")[1])
    return (Model("penalty.no_lam", value, no_lam(v)), Model("penalty.no_lam", grad, no_lam(gr)),
            Model("penalty.first_only", value, first_only(v)))
