"""Public checks for ``losses.mse`` and ``losses.mse_grad``."""

import time

import numpy as np

from checks.framework import LOOP, Fail, array, check, close, describe, number
from checks.gradients import numerical_gradient
from checks.hints import MSE_ABS
from checks.wire import Generated

Y_PRED = np.array([1.0, 2.0, 4.0, -1.0])
Y_TRUE = np.array([1.0, 0.0, 1.0, 1.0])
# errors 0, 2, 3, -2 -> squares 0, 4, 9, 4 -> mean 17 / 4 (absolute values: mean 7 / 4)


@check("mse.public_value")
def test_mse_value(lib):
    """mse of a small example worked out by hand."""
    value = number(lib.losses.mse(Y_PRED, Y_TRUE), "mse")
    close(value, 17 / 4, "mse([1, 2, 4, -1], [1, 0, 1, 1])", n=4, reveal=True, diagnoses=[(MSE_ABS, 7 / 4)])


@check("mse.public_grad")
def test_mse_grad_matches_differences(lib):
    """mse_grad agrees with central differences of the true mean squared error."""
    rng = np.random.default_rng(0)
    y_pred, y_true = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    grad = array(lib.losses.mse_grad(y_pred, y_true), "mse_grad", shape=(4, 3))
    expected = numerical_gradient(lambda p: np.mean((p - y_true) ** 2), y_pred)
    close(grad, expected, "mse_grad on a (4, 3) example", rtol=1e-5, atol=1e-8, n=12, reveal=True)


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
