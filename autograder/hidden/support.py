"""Helpers shared by the hidden checks."""

import time

import numpy as np

from checks.framework import Fail, StudentTimeout

# A Python loop over a million elements takes about a second; whole-array NumPy code takes a few
# milliseconds plus the time to move the arrays to the student's process and back (under 0.1 s).
VECTOR_SIZE = 1_000_000
VECTOR_LIMIT_S = 0.4        # always fast enough below this
VECTOR_FACTOR = 40          # ... or within this factor of the reference
VECTOR_TIMEOUT_S = 5.0


def big_inputs(seed, *kinds):
    """Arrays of ``VECTOR_SIZE`` elements: "normal", "prob" (in (0, 1)), "binary", "signs"."""
    rng = np.random.default_rng(seed)
    make = {
        "normal": lambda: rng.standard_normal(VECTOR_SIZE),
        "prob": lambda: rng.uniform(0.01, 0.99, VECTOR_SIZE),
        "binary": lambda: (rng.random(VECTOR_SIZE) < 0.5).astype(np.float64),
        "signs": lambda: np.where(rng.random(VECTOR_SIZE) < 0.5, -1.0, 1.0),
    }
    return [make[k]() for k in kinds]


def reference_seconds(fn, *args, **kwargs):
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        fn(*args, **kwargs)
        best = min(best, time.perf_counter() - start)
    return best


def expect_vectorized(lib, target, ref_fn, args, kwargs=None):
    """``Fail`` unless the student's ``target`` runs on big ``args`` about as fast as whole-array
    code (the reference ``ref_fn`` sets the scale)."""
    kwargs = kwargs or {}
    name = target.rsplit(".", 1)[-1]
    ref_s = reference_seconds(ref_fn, *args, **kwargs)
    start = time.perf_counter()
    try:
        lib.request({"op": "call", "target": target, "args": list(args), "kwargs": kwargs,
                     "summary": True}, timeout=VECTOR_TIMEOUT_S)
    except StudentTimeout:
        raise Fail(f"{name} took more than {VECTOR_TIMEOUT_S:g} s on a million elements: use "
                   "whole-array NumPy operations, not a Python loop over elements") from None
    took = time.perf_counter() - start
    if took > max(VECTOR_LIMIT_S, VECTOR_FACTOR * ref_s):
        raise Fail(f"{name} took {took:.2f} s on a million elements, where whole-array NumPy code "
                   f"takes about {1000 * ref_s:.0f} ms: replace the Python loop over elements with "
                   "array operations")
