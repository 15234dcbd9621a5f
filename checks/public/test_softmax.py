"""Public checks for ``losses.softmax`` and ``losses.log_softmax``."""

import numpy as np

from checks.framework import array, check, close, finite
from checks.hints import LOG_SOFTMAX_UNDERFLOW, SOFTMAX_COLUMNS, SOFTMAX_OVERFLOW, SOFTMAX_WHOLE

Z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
# row 1: e^1, e^2, e^3 over their sum; row 2: equal logits give 1/3 each
E = np.exp([1.0, 2.0, 3.0])
SOFTMAX = np.array([E / E.sum(), [1 / 3, 1 / 3, 1 / 3]])
COLUMNS = np.exp(Z) / np.exp(Z).sum(axis=0)          # what normalizing the wrong axis gives
WHOLE = np.exp(Z) / np.exp(Z).sum()                  # ... and normalizing the whole array


@check("softmax.public_softmax")
def test_softmax_value(lib):
    """softmax of a 2 x 3 example, row by row, and finite for logits of 1000."""
    close(array(lib.losses.softmax(Z), "softmax", shape=(2, 3)), SOFTMAX,
          "softmax([[1, 2, 3], [0, 0, 0]])", reveal=True,
          diagnoses=[(SOFTMAX_COLUMNS, COLUMNS), (SOFTMAX_WHOLE, WHOLE)])
    big = array(lib.losses.softmax(np.array([[1000.0, 0.0]])), "softmax", shape=(1, 2))
    finite(big, "softmax([[1000, 0]])", hint=SOFTMAX_OVERFLOW)
    close(big, [[1.0, 0.0]], "softmax([[1000, 0]])", atol=1e-12, reveal=True)


@check("softmax.public_log_softmax")
def test_log_softmax_value(lib):
    """log_softmax of the same example, and finite where the softmax underflows to 0."""
    close(array(lib.losses.log_softmax(Z), "log_softmax", shape=(2, 3)), np.log(SOFTMAX),
          "log_softmax([[1, 2, 3], [0, 0, 0]])", reveal=True,
          diagnoses=[(SOFTMAX_COLUMNS, np.log(COLUMNS)), (SOFTMAX_WHOLE, np.log(WHOLE))])
    big = array(lib.losses.log_softmax(np.array([[1000.0, 0.0]])), "log_softmax", shape=(1, 2))
    close(big, [[0.0, -1000.0]], "log_softmax([[1000, 0]])", reveal=True,
          diagnoses=[(LOG_SOFTMAX_UNDERFLOW, [[0.0, -np.inf]]), (SOFTMAX_OVERFLOW, [[-np.inf, -np.inf]])]
          + [(LOG_SOFTMAX_UNDERFLOW, [[0.0, np.log(eps)]]) for eps in (1e-300, 1e-200, 1e-100, 1e-50, 1e-30, 1e-20)])
