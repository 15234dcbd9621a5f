"""The public speed check of ``losses.mse`` and ``losses.mse_grad`` (their values are checked from
``cases/mse.json``, by ``test_public.py``)."""

import time

import numpy as np

from checks.framework import LOOP, Fail, check, describe
from checks.wire import Generated

SIZE = 1_000_000


def cpu_of_call(lib, name, inputs):
    """CPU seconds the student's side spent in ``losses.<name>(*inputs)`` (the better of two tries)."""
    best = float("inf")
    for _ in range(2):
        start = lib.cpu_seconds()
        lib.request({"op": "call", "target": f"losses.{name}", "args": inputs, "kwargs": {}, "summary": True})
        best = min(best, lib.cpu_seconds() - start)
    return best


@check("mse.public_vectorized")
def test_mse_is_vectorized(lib):
    """mse and mse_grad take about as long as whole-array NumPy code on a million elements (a Python
    loop over the elements takes ten to a hundred times longer)."""
    a, b = Generated("uniform", 1, (SIZE,)), Generated("uniform", 2, (SIZE,))
    x, y = a.array(), b.array()
    calibration = float("inf")                     # a few whole-array operations, here, on this machine
    for _ in range(3):
        start = time.process_time()
        np.sum(np.abs(x - y) * 0.5)
        calibration = min(calibration, time.process_time() - start)
    limit = max(0.05, 10 * calibration)
    small = [(Generated("uniform", 3 + k, (7,)), Generated("uniform", 5 + k, (7,))) for k in (0, 1)]
    for name in ("mse", "mse_grad"):              # speed counts only for code that computes from its inputs
        outputs = [getattr(lib.losses, name)(*pair) for pair in small]
        if not all(isinstance(o, (int, float, np.number, np.ndarray)) and not isinstance(o, bool) for o in outputs):
            raise Fail(f"{name} returned {describe(outputs[0])}, not numbers: its speed is not credited")
        outputs = [np.asarray(o, dtype=np.float64) for o in outputs]
        if outputs[0].shape == outputs[1].shape and np.array_equal(outputs[0], outputs[1], equal_nan=True):
            raise Fail(f"{name} gives the same result for different inputs: its speed is not credited")
    inputs = [lib.put(a), lib.put(b)]              # made where the code runs, before the clock starts
    try:
        for name in ("mse", "mse_grad"):
            cpu = cpu_of_call(lib, name, inputs)
            if cpu > limit:
                raise Fail(f"{name} needed {cpu:.2f} s of CPU time on {SIZE:,} elements, where whole-array "
                           f"code needs under {limit:.2f} s: {LOOP}")
    finally:
        lib.release(*inputs)
