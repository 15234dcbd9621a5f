"""The public speed check of ``losses.mse`` and ``losses.mse_grad`` (their values are checked from
``cases/mse.json``, by ``test_public.py``)."""

import numpy as np

from checks.framework import check
from checks.speed import SIZE, check_speed
from checks.wire import Generated


def _mse(p, t):
    return float(np.mean((p - t) ** 2))


def _mse_grad(p, t):
    return 2.0 * (p - t) / p.size


@check("mse.public_vectorized")
def test_mse_is_vectorized(lib):
    """mse and mse_grad take about as long as whole-array NumPy code on big arrays (a Python
    loop over the elements takes ten to a hundred times longer)."""
    inputs = [Generated("uniform", 1, (SIZE,)), Generated("uniform", 2, (SIZE,))]
    for name, formula in (("mse", _mse), ("mse_grad", _mse_grad)):
        check_speed(lib, f"losses.{name}", formula, inputs)
