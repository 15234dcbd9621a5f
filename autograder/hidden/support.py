"""Helpers shared by the hidden checks: running value and gradient cases against the reference,
and timing a function on big inputs to tell whole-array code from a Python loop."""

import functools
import time

import numpy as np

from checks.framework import Fail, StudentTimeout, array, close, number
from checks.gradients import numerical_gradient
from checks.wire import Generated

# Vectorization, measured on this machine (2 cores), CPU milliseconds on a million elements:
#   reference 7 to 24; whole-array student code 8 to 31 (a first call up to 60, hence the better
#   of two tries); Python loops over elements 150 (mae, over NumPy scalars) to 730 (bce).
# Whole-array code costs about the same at half a million elements (allocation dominates), while
# a loop's cost halves: a million keeps them apart. The inputs are made in the student's process
# before the clock starts, and the CPU time is read from the kernel (/proc), not from the child.
VECTOR_SIZE = 1_000_000
VECTOR_CPU_S = 0.03         # always fast enough below this
VECTOR_FACTOR = 6           # ... or within this factor of the reference's CPU time here
VECTOR_WALL_S = 2.0         # and the call must return within this wall-clock time
VECTOR_TIMEOUT_S = 5.0


def diagnosed(actual, args, kwargs, diagnoses):
    """The message of the first diagnosis whose wrong formula gives ``actual``, else None."""
    for wrong, text in diagnoses:
        try:
            expected = np.asarray(wrong(*args, **kwargs), dtype=np.float64)
        except Exception:
            continue
        a = np.asarray(actual, dtype=np.float64)
        if a.shape == expected.shape and np.all(np.isfinite(expected)) and \
                np.allclose(a, expected, rtol=1e-6, atol=1e-9):
            return text
    return None


def value_cases(lib, cases, module, name, ref_fn, samples, diagnoses=()):
    """Add a case per ``(case, args, kwargs, n)`` of ``samples``: the student's
    ``module.name(*args, **kwargs)`` must return one float equal to ``ref_fn``'s. ``n`` is what a
    mean divides by and ``diagnoses`` are ``(wrong_formula, message)`` pairs, both used only to
    name the mistake."""
    fn = getattr(getattr(lib, module), name)
    for case, args, kwargs, n in samples:
        with cases.case(case):
            value = number(fn(*args, **kwargs), name)
            try:
                close(value, ref_fn(*args, **kwargs), f"{name} on {case}", n=n)
            except Fail:
                text = diagnosed(value, args, kwargs, diagnoses)
                if text:
                    raise Fail(f"{name} on {case} is not right: {text}") from None
                raise


_EXPECTED = {}


def expected(key, compute):
    """``compute()``, remembered under ``key`` for the worker's life: the checks' inputs are
    fixed, so what the reference gives for them is the same for every submission."""
    if key not in _EXPECTED:
        _EXPECTED[key] = compute()
    return _EXPECTED[key]


def grad_cases(lib, cases, module, name, ref_value, samples, wrt=0, rtol=1e-5, atol=1e-8, diagnoses=()):
    """Add a case per sample: the student's gradient ``module.name`` must match central
    differences of the reference value ``ref_value`` with respect to argument ``wrt``."""
    fn = getattr(getattr(lib, module), name)
    for case, args, kwargs, n in samples:
        with cases.case(case):
            x = np.asarray(args[wrt], dtype=np.float64)
            grad = array(fn(*args, **kwargs), name, shape=x.shape)

            def f(v, args=args, kwargs=kwargs):
                full = list(args)
                full[wrt] = v
                return ref_value(*full, **kwargs)

            numeric = expected(("grad", module, name, case, wrt), lambda: numerical_gradient(f, x))
            try:
                close(grad, numeric, f"{name} on {case}", rtol=rtol, atol=atol, n=n)
            except Fail:
                text = diagnosed(grad, args, kwargs, diagnoses)
                if text:
                    raise Fail(f"{name} on {case} is not right: {text}") from None
                raise


def exact_case(lib, cases, case, module, name, args, expected, what=None, kwargs=None, n=None):
    """Add a case: ``module.name(*args)`` must equal ``expected`` (a number or an array)."""
    fn = getattr(getattr(lib, module), name)
    with cases.case(case):
        got = fn(*args, **(kwargs or {}))
        expected = np.asarray(expected, dtype=np.float64)
        got = number(got, name) if expected.ndim == 0 else array(got, name, shape=expected.shape)
        close(got, expected, what or f"{name} on {case}", n=n)


@functools.lru_cache(maxsize=None)
def _reference_cpu(ref_fn, gens, kwargs_items):
    args = [g.array() for g in gens]
    kwargs = dict(kwargs_items)
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        ref_fn(*args, **kwargs)
        best = min(best, time.process_time() - start)
    return best


def expect_vectorized(lib, target, ref_fn, gens, kwargs=None):
    """``Fail`` unless the student's ``target`` ("losses.mse") handles the big generated inputs
    ``gens`` (``checks.wire.Generated``) with about the CPU time of whole-array code, AND returns
    the right values for them: speed is credited only for the right result on the very input that
    was timed (code that answers big inputs with anything quick earns nothing)."""
    kwargs = kwargs or {}
    name = target.rsplit(".", 1)[-1]
    limit = max(VECTOR_CPU_S, VECTOR_FACTOR * _reference_cpu(ref_fn, tuple(gens), tuple(sorted(kwargs.items()))))
    want = expected(("vectorized", target, tuple(gens), tuple(sorted(kwargs.items()))),
                    lambda: ref_fn(*[g.array() for g in gens], **kwargs))
    inputs = [lib.put(g) for g in gens]            # made on the student's side, before timing
    for _ in range(2):                             # a second try only when the first is slow
        cpu, wall = lib.cpu_seconds(), time.perf_counter()
        try:
            got = lib.request({"op": "call", "target": target, "args": inputs, "kwargs": kwargs},
                              timeout=VECTOR_TIMEOUT_S)
        except StudentTimeout:
            raise Fail(f"{name} took more than {VECTOR_TIMEOUT_S:g} s on {VECTOR_SIZE:,} elements: use "
                       "whole-array NumPy operations, not a Python loop over elements") from None
        cpu, wall = lib.cpu_seconds() - cpu, time.perf_counter() - wall
        if cpu <= limit and wall <= VECTOR_WALL_S:
            break
    lib.release(*inputs)
    try:
        got = number(got, name) if np.ndim(want) == 0 else array(got, name, shape=np.shape(want))
        close(got, want, f"{name} on {VECTOR_SIZE:,} elements")
    except Fail as exc:
        raise Fail(f"{exc} (speed is credited only for the right values on the input that was timed)") from None
    if cpu > limit or wall > VECTOR_WALL_S:
        raise Fail(f"{name} needed {max(cpu, wall):.2f} s on {VECTOR_SIZE:,} elements, where whole-array "
                   f"NumPy code needs under {limit:.2f} s: replace the Python loop over elements with "
                   "array operations")


def expect_right_on_small(lib, target, ref_fn, gens, kwargs=None):
    """``Fail`` unless ``target`` gives the reference's result on small inputs of the same kind:
    speed earns credit only for code that computes the right thing."""
    small = [Generated(g.kind, g.seed, (7,) + tuple(g.shape[1:]), g.classes) for g in gens]
    want = ref_fn(*[g.array() for g in small], **(kwargs or {}))
    name = target.rsplit(".", 1)[-1]
    got = lib.call(target, *small, **(kwargs or {}))
    try:
        got = number(got, name) if np.ndim(want) == 0 else array(got, name, shape=np.shape(want))
        close(got, want, f"{name} on a small input")
    except Fail as exc:
        raise Fail(f"{exc} (speed is credited only once the values are right)") from None


def vectorized_cases(lib, cases, module, names_and_refs, gens, kwargs=None):
    """For each function of a part: right on small inputs, then fast on big ones (as cases)."""
    for name, ref_fn in names_and_refs:
        with cases.case(name):
            expect_right_on_small(lib, f"{module}.{name}", ref_fn, gens, kwargs)
            expect_vectorized(lib, f"{module}.{name}", ref_fn, gens, kwargs)


def gen(kind, seed, shape=(VECTOR_SIZE,), classes=0):
    """A big generated input for ``expect_vectorized``."""
    return Generated(kind, seed, shape, classes)
