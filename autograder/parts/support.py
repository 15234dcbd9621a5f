"""Helpers shared by the hidden checks: running value and gradient cases against the reference,
and timing a function on big inputs to tell whole-array code from a Python loop."""

import functools
import time

import numpy as np

from checks.framework import (
    LOOP,
    Fail,
    StudentError,
    StudentTimeout,
    array,
    close,
    describe,
    finite,
    known_factor,
    number,
)
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


def _bound(diagnoses, args, kwargs):
    """(hint, output) pairs for ``close``: each wrong formula applied to this case's arguments,
    computed only when the student's output is wrong. ``diagnoses`` may also be a function of the
    arguments that returns such pairs itself."""
    if callable(diagnoses):
        return lambda: diagnoses(*args, **kwargs)
    return [(hint, lambda wrong=wrong: wrong(*args, **kwargs)) for hint, wrong in diagnoses]


def _factors(factors, args, kwargs):
    return factors(*args, **kwargs) if callable(factors) else factors


def value_cases(lib, cases, module, name, ref_fn, samples, diagnoses=(), factors=()):
    """Add a case per ``(case, args, kwargs, n)`` of ``samples``: the student's
    ``module.name(*args, **kwargs)`` must return one float equal to ``ref_fn``'s. ``n`` is what a
    mean divides by; ``diagnoses`` are ``(Hint, wrong_formula)`` pairs and ``factors`` ``(factor,
    Hint)`` pairs (or a function of the arguments giving them): both only name the mistake, when
    the output proves it."""
    fn = getattr(getattr(lib, module), name)
    for case, args, kwargs, n in samples:
        with cases.case(case):
            value = number(fn(*args, **kwargs), name)
            close(value, ref_fn(*args, **kwargs),
                  f"{name} on {case}", n=n, diagnoses=_bound(diagnoses, args, kwargs),
                  factors=_factors(factors, args, kwargs))


_EXPECTED = {}


def expected(key, compute):
    """``compute()``, remembered under ``key`` for the worker's life: the checks' inputs are
    fixed, so what the reference gives for them is the same for every submission."""
    if key not in _EXPECTED:
        _EXPECTED[key] = compute()
    return _EXPECTED[key]


def grad_cases(lib, cases, module, name, ref_value, samples, wrt=0, rtol=1e-5, atol=1e-8, diagnoses=(),
               factors=()):
    """Add a case per sample: the student's gradient ``module.name`` must match central
    differences of the reference value ``ref_value`` with respect to argument ``wrt`` (samples
    must keep every input well away from a kink)."""
    fn = getattr(getattr(lib, module), name)
    for case, args, kwargs, n in samples:
        with cases.case(case):
            x = np.asarray(args[wrt], dtype=np.float64)
            grad = array(fn(*args, **kwargs), name, shape=x.shape)

            def f(v, args=args, kwargs=kwargs):
                full = list(args)
                full[wrt] = v
                return ref_value(*full, **kwargs)

            numeric = expected(("grad", module, name, case, wrt), lambda f=f, x=x: numerical_gradient(f, x))
            close(grad, numeric, f"{name} on {case}", rtol=rtol, atol=atol, n=n,
                  diagnoses=_bound(diagnoses, args, kwargs), factors=_factors(factors, args, kwargs))


def exact_cases(lib, cases, module, name, ref_fn, samples, diagnoses=(), factors=(), rtol=1e-7, atol=1e-10,
                nonfinite=None, calibrate=None):
    """Add a case per ``(case, args, kwargs, n)``: the student's ``module.name`` must give what the
    reference ``ref_fn`` gives (one number, or an array shaped like it), where central differences
    cannot judge: on a kink, at a tie, at extreme values. (The reference is checked against
    PyTorch; ``atol`` may be a function of the arguments, such as ``rounding_atol``.) ``nonfinite``
    is the hint for NaN or infinity where the reference is finite.

    ``calibrate(*args, **kwargs)`` gives ordinary arguments shaped like a case's: it isolates a
    check of extreme inputs from mistakes in the reduction. When the student's output on those is
    a simple multiple of the right one (a sum for a mean, a flipped sign: the checks of ordinary
    values charge that), the case's expectation is multiplied by the same factor."""
    fn = getattr(getattr(lib, module), name)
    for case, args, kwargs, n in samples:
        with cases.case(case):
            factor = 1.0
            if calibrate is not None:
                c_args, c_kwargs = calibrate(*args, **kwargs)
                try:
                    plain = np.asarray(fn(*c_args, **c_kwargs), dtype=np.float64)
                    factor = known_factor(plain, ref_fn(*c_args, **c_kwargs), n,
                                          _factors(factors, c_args, c_kwargs)) or 1.0
                except (StudentError, TypeError, ValueError):
                    pass                                  # the case itself will say what is wrong
            want = factor * np.asarray(ref_fn(*args, **kwargs), dtype=np.float64)
            got = fn(*args, **kwargs)
            got = number(got, name) if np.ndim(want) == 0 else array(got, name, shape=np.shape(want))
            try:
                tol = atol(*args, **kwargs) if callable(atol) else atol
                close(got, want, f"{name} on {case}", n=n, rtol=rtol, atol=abs(factor) * tol,
                      diagnoses=_bound(diagnoses, args, kwargs), factors=_factors(factors, args, kwargs))
            except Fail as exc:
                if nonfinite is not None and exc.hint is None:   # no wrong formula matched
                    finite(np.where(np.isfinite(want), got, 0.0), f"{name} on {case}", hint=nonfinite)
                raise


def rounding_atol(ref_fn, wrt=0, ulps=4, floor=1e-10, domain=(-np.inf, np.inf)):
    """A tolerance derived from the conditioning of ``ref_fn``: per element, how far its output
    moves when argument ``wrt`` moves by ``ulps`` units in the last place (no formula computed in
    floating point can promise better, so two correct formulas may differ by that much), plus
    ``floor``; the moved argument stays in ``domain``. Returns a function of the arguments, for
    ``exact_cases``."""

    def atol(*args, **kwargs):
        x = np.asarray(args[wrt], dtype=np.float64)
        base = np.asarray(ref_fn(*args, **kwargs), dtype=np.float64)
        spread = np.zeros_like(base)
        for sign in (1.0, -1.0):
            moved = list(args)
            moved[wrt] = np.clip(x * (1.0 + sign * ulps * np.finfo(np.float64).eps), *domain)
            with np.errstate(all="ignore"):
                spread = np.maximum(spread, np.abs(np.asarray(ref_fn(*moved, **kwargs), dtype=np.float64) - base))
        return spread + floor

    return atol


@functools.cache
def _reference_cpu(ref_fn, gens, kwargs_items):
    args = [g.array() for g in gens]
    kwargs = dict(kwargs_items)
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        ref_fn(*args, **kwargs)
        best = min(best, time.process_time() - start)
    return best


def expect_vectorized(lib, target, ref_fn, gens, kwargs=None, right_on_small=True):
    """``Fail`` unless the student's ``target`` ("losses.mse") handles the big generated inputs
    ``gens`` (``checks.wire.Generated``) with about the CPU time of whole-array code, and returns
    for them numbers of the right shape that are right whenever the function is right on small
    inputs (``right_on_small``): speed is credited only for a real result on the very input that
    was timed, so code that is right on small inputs and answers big ones with anything quick
    earns nothing, while a function that is wrong everywhere is charged by the checks of values
    alone."""
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
            raise Fail(f"{name} took more than {VECTOR_TIMEOUT_S:g} s on {VECTOR_SIZE:,} elements: "
                       f"{LOOP}") from None
        cpu, wall = lib.cpu_seconds() - cpu, time.perf_counter() - wall
        if cpu <= limit and wall <= VECTOR_WALL_S:
            break
    lib.release(*inputs)
    try:
        if right_on_small:
            got = number(got, name) if np.ndim(want) == 0 else array(got, name, shape=np.shape(want))
            close(got, want, f"{name} on {VECTOR_SIZE:,} elements")
        elif not isinstance(got, (int, float, np.number, np.ndarray)) or isinstance(got, bool) \
                or not np.all(np.isfinite(np.asarray(got, dtype=np.float64))):
            raise Fail(f"{name} on {VECTOR_SIZE:,} elements does not give finite numbers")
    except Fail as exc:
        raise Fail(f"{exc} (speed is credited only for a real result on the input that was timed: this "
                   "function is right on small inputs, so it must be right on this one too)") from None
    if cpu > limit or wall > VECTOR_WALL_S:
        raise Fail(f"{name} needed {max(cpu, wall):.2f} s on {VECTOR_SIZE:,} elements, where whole-array "
                   f"NumPy code needs under {limit:.2f} s: {LOOP}")


def expect_computes_on_small(lib, target, gens, kwargs=None, ref_fn=None):
    """``Fail`` unless ``target`` returns without error on small inputs of the same kind, and gives
    different results for different inputs: speed earns credit only for code that computes
    something from its inputs (whether it is right is for the checks of values to say). Returns
    whether the first result is also right (``ref_fn`` given)."""
    name = target.rsplit(".", 1)[-1]
    outputs, right = [], False
    for shift in (0, 1000):
        small = [Generated(g.kind, g.seed + shift, (7,) + tuple(g.shape[1:]), g.classes) for g in gens]
        got = lib.call(target, *small, **(kwargs or {}))
        if not isinstance(got, (int, float, np.number, np.ndarray)) or isinstance(got, bool):
            raise Fail(f"{name} on a small input returned {describe(got)}, not numbers "
                       "(speed is credited only to code that computes a result)")
        outputs.append(np.asarray(got, dtype=np.float64))
        if ref_fn is not None and not shift:
            want = np.asarray(ref_fn(*[g.array() for g in small], **(kwargs or {})), dtype=np.float64)
            right = want.shape == outputs[0].shape and bool(np.allclose(outputs[0], want, rtol=1e-7, atol=1e-10))
    if outputs[0].shape == outputs[1].shape and np.array_equal(outputs[0], outputs[1], equal_nan=True):
        raise Fail(f"{name} gives the same result for different inputs "
                   "(speed is credited only to code that computes its result from its inputs)")
    return right


def vectorized_cases(lib, cases, module, names_and_refs, gens, kwargs=None):
    """For each function of a part: it computes something on small inputs, and fast on big ones."""
    for name, ref_fn in names_and_refs:
        with cases.case(name):
            right = expect_computes_on_small(lib, f"{module}.{name}", gens, kwargs, ref_fn)
            expect_vectorized(lib, f"{module}.{name}", ref_fn, gens, kwargs, right_on_small=right)


def gen(kind, seed, shape=(VECTOR_SIZE,), classes=0):
    """A big generated input for ``expect_vectorized``."""
    return Generated(kind, seed, shape, classes)
