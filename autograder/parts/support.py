"""Helpers shared by the hidden checks: running value and gradient cases against the reference,
and (through ``checks.speed``) timing a function on big inputs to tell whole-array code from a
Python loop."""

import numpy as np

from autograder.parts.gradients import numerical_gradient
from checks import speed
from checks.framework import (
    Fail,
    StudentError,
    array,
    call_message,
    close,
    finite,
    known_factor,
    number,
)
from checks.wire import Generated

VECTOR_SIZE = 1_000_000      # the size the checks describe their big inputs at (``gen``); the
                             # speed check times inputs of the same kinds at ``speed.SIZE``


def _bound(diagnoses, args, kwargs):
    """(hint, output) pairs for ``close``: each wrong formula applied to this case's arguments,
    computed only when the student's output is wrong. ``diagnoses`` may also be a function of the
    arguments that returns such pairs itself."""
    if callable(diagnoses):
        return lambda: diagnoses(*args, **kwargs)
    return [(hint, lambda wrong=wrong: wrong(*args, **kwargs)) for hint, wrong in diagnoses]


def _factors(factors, args, kwargs):
    return factors(*args, **kwargs) if callable(factors) else factors


def _calls(lib, target, samples):
    """The student's ``target`` on every sample's arguments, in one round trip
    (``Library.batch``): a result, or the ``StudentError`` it raised, per sample."""
    return lib.batch([call_message(target, *args, **kwargs) for _, args, kwargs, _ in samples])


def _value(got):
    """A batched result, or the error it was, raised (inside a case, which records it)."""
    if isinstance(got, StudentError):
        raise got
    return got


def value_cases(lib, cases, module, name, ref_fn, samples, diagnoses=(), factors=()):
    """Add a case per ``(case, args, kwargs, n)`` of ``samples``: the student's
    ``module.name(*args, **kwargs)`` must return one float equal to ``ref_fn``'s. ``n`` is what a
    mean divides by; ``diagnoses`` are ``(Hint, wrong_formula)`` pairs and ``factors`` ``(factor,
    Hint)`` pairs (or a function of the arguments giving them): both only name the mistake, when
    the output proves it."""
    results = _calls(lib, f"{module}.{name}", samples)
    for (case, args, kwargs, n), got in zip(samples, results):
        with cases.case(case):
            value = number(_value(got), name)
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
    results = _calls(lib, f"{module}.{name}", samples)
    for (case, args, kwargs, n), got in zip(samples, results):
        with cases.case(case):
            x = np.asarray(args[wrt], dtype=np.float64)
            grad = array(_value(got), name, shape=x.shape)

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
    target = f"{module}.{name}"
    calibrations = [calibrate(*args, **kwargs) for _, args, kwargs, _ in samples] if calibrate is not None else []
    results = lib.batch([call_message(target, *c_args, **c_kwargs) for c_args, c_kwargs in calibrations]
                        + [call_message(target, *args, **kwargs) for _, args, kwargs, _ in samples])
    plains, results = results[:len(calibrations)], results[len(calibrations):]
    for i, ((case, args, kwargs, n), got) in enumerate(zip(samples, results)):
        with cases.case(case):
            factor = 1.0
            if calibrate is not None:
                c_args, c_kwargs = calibrations[i]
                try:
                    plain = np.asarray(_value(plains[i]), dtype=np.float64)
                    factor = known_factor(plain, ref_fn(*c_args, **c_kwargs), n,
                                          _factors(factors, c_args, c_kwargs)) or 1.0
                except (StudentError, TypeError, ValueError):
                    pass                                  # the case itself will say what is wrong
            want = factor * np.asarray(ref_fn(*args, **kwargs), dtype=np.float64)
            got = _value(got)
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


def expect_vectorized(lib, target, ref_fn, gens, kwargs=None, right_on_small=True):
    """``Fail`` unless the student's ``target`` ("losses.mse") handles big inputs of the kinds of
    ``gens`` with about the CPU time of whole-array code (``checks.speed.expect_fast``: fresh
    inputs on every try, credited only for a real result on the input that was timed)."""
    speed.expect_fast(lib, target, ref_fn, speed.fresh(lib, target, gens), kwargs, right=right_on_small)


def expect_computes_on_small(lib, target, gens, kwargs=None, ref_fn=None):
    """``checks.speed.expect_computes``: numbers computed from small inputs of these kinds."""
    return speed.expect_computes(lib, target, gens, kwargs, ref_fn)


def vectorized_cases(lib, cases, module, names_and_refs, gens, kwargs=None):
    """For each function of a part: it computes something on small inputs, and fast on big ones."""
    for name, ref_fn in names_and_refs:
        with cases.case(name):
            speed.check_speed(lib, f"{module}.{name}", ref_fn, gens, kwargs)


def gen(kind, seed, shape=(VECTOR_SIZE,), classes=0):
    """A big input for ``expect_vectorized``: its kind and shape (the speed check scales it to
    ``speed.SIZE`` elements and draws fresh seeds for every try)."""
    return Generated(kind, seed, shape, classes)
