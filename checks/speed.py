"""Whole-array speed, measured so that the student's code cannot shape the measurement.

A speed check asks whether a function handles a big input in about the CPU time of whole-array
NumPy code, and credits it only for a right result on the very input that was timed. The grader
trusts two things only: the kernel's count of the CPU time of the student's whole sandbox (every
thread and process, exited ones included: ``Library.cpu_seconds``) and the result, which it
checks itself. So:

* every timed try gets inputs never seen before (``fresh``: seeds salted per process, so no
  student can know them in advance), made on the student's side *inside* the timed request:
  remembering results for inputs already seen, or doing the work while the inputs are being made,
  cannot help;
* the limit follows what the reference needs here for the same request (making the inputs
  included), with a floor: ``max(FLOOR_S, FACTOR * reference)``;
* a function has ``TRIES`` tries, each on fresh inputs (a first call can be slow for honest
  reasons), and earns the credit on the first that is fast enough.

Measured on the course's 2-core machine while it was busy (CPU ms at 250,000 elements, the
inputs made in the same request, three tries each): the reference 0.8 to 6.3; every correct
alternative of the corpus 0.8 to 11 (``cce`` with ``logaddexp``); Python loops over elements 36
(``mae``, over NumPy scalars) to 190 (``bce``). A million elements kept them no further apart
(the ratios are the same) but cost four times as much, and a first call on eight-megabyte
arrays paid up to 80 ms of page faults. The reference here: 0.7 to 4.9 ms, but up to 13 when the
worker's allocator returns big blocks to the kernel (measured with its five tries' best).
"""

import functools
import hashlib
import secrets
import time
import weakref

import numpy as np

from .framework import LOOP, Fail, StudentError, StudentTimeout, array, call_message, close, describe, number
from .wire import Generated

SIZE = 250_000          # elements of a timed input (all of its arrays together, for shapes of several)
FLOOR_S = 0.015         # always fast enough below this much CPU
FACTOR = 6              # ... or within this factor of the reference's CPU time here
CAP_S = 0.025           # ... but never more than this: the reference's own time swells with the
                        # worker's allocator (13 ms seen) and the machine's load, and FACTOR times
                        # that let a loop through (the cheapest, mae's, needs 36 ms; whole-array
                        # code, 11 ms at the most, measured)
WALL_S = 2.0            # and the call must return within this wall-clock time
TIMEOUT_S = 5.0         # a try's own limit (shorter than a call's: a slow loop is not a hang)
TRIES = 3

_SALT = secrets.randbits(48)     # this process's: the seeds of timed inputs cannot be known ahead


_USES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()   # library -> {target: speed checks so far}


def fresh(lib, target, templates, size=SIZE):
    """``make_inputs`` for ``expect_fast``: for try ``t``, arrays of the kinds of ``templates``
    (``wire.Generated``, whose seeds are ignored) scaled to ``size`` elements along their first
    axis, with seeds that no other try, no other speed check of ``target`` on ``lib`` (a public
    and a hidden one, say) and no other process uses. (The same checks in the same order draw the
    same seeds in one process: what the reference gives for them is computed once.)"""
    uses = _USES.setdefault(lib, {})
    use = uses[target] = uses.get(target, 0) + 1
    scale = size / max(1, max(int(np.prod(g.shape)) for g in templates))

    def make(t):
        seed = f"{_SALT}:{target}:{use}:{t}".encode()
        base = int.from_bytes(hashlib.blake2b(seed, digest_size=7).digest(), "little")
        return [Generated(g.kind, base + i, (max(1, round(g.shape[0] * scale)),) + tuple(g.shape[1:]), g.classes)
                for i, g in enumerate(templates)]

    return make


def _shape_key(inputs, kwargs):
    return tuple((g.kind, g.shape, g.classes) for g in inputs), tuple(sorted((kwargs or {}).items()))


@functools.cache
def _reference_cpu(ref_fn, shapes, kwargs_items):
    """The best of five: CPU seconds the reference needs here to make such inputs and run."""
    best = float("inf")
    for seed in range(5):
        start = time.process_time()
        ref_fn(*[Generated(kind, seed, shape, classes).array() for kind, shape, classes in shapes],
               **dict(kwargs_items))
        best = min(best, time.process_time() - start)
    return best


@functools.lru_cache(maxsize=32)      # up to 2 MB each: an honest library needs about 20
def _expected(ref_fn, inputs, kwargs_items):
    return ref_fn(*[g.array() for g in inputs], **dict(kwargs_items))


def limit_for(ref_fn, inputs, kwargs=None):
    """CPU seconds whole-array code may take on ``inputs`` (made in the same request)."""
    shapes, kwargs_items = _shape_key(inputs, kwargs)
    return max(FLOOR_S, min(CAP_S, FACTOR * _reference_cpu(ref_fn, shapes, kwargs_items)))


def expect_fast(lib, target, ref_fn, make_inputs, kwargs=None, right=True):
    """``Fail`` unless the student's ``target`` (``"losses.mse"``) handles big inputs in about the
    CPU time of whole-array code, on fresh inputs ``make_inputs(t)`` (a list of
    ``wire.Generated``, new for every try ``t``). Speed is credited only for a real result on the
    input that was timed: equal to ``ref_fn``'s when ``right`` (the function is right on small
    inputs, so it must be right here), else finite numbers (a function that is wrong everywhere
    is charged by the checks of values alone)."""
    kwargs = kwargs or {}
    name = target.rsplit(".", 1)[-1]
    limit = limit_for(ref_fn, make_inputs(0), kwargs)
    for t in range(TRIES):
        inputs = make_inputs(t)
        size = max(int(np.prod(g.shape)) for g in inputs)
        cpu, wall = lib.cpu_seconds(), time.perf_counter()
        try:
            got = lib.request({"op": "call", "target": target, "args": inputs, "kwargs": kwargs}, timeout=TIMEOUT_S)
        except StudentTimeout:
            raise Fail(f"{name} took more than {TIMEOUT_S:g} s on {size:,} elements: {LOOP}") from None
        cpu, wall = lib.cpu_seconds() - cpu, time.perf_counter() - wall
        _expect_real(got, name, size, right, lambda inputs=inputs: _expected(ref_fn, tuple(inputs),
                                                                              _shape_key(inputs, kwargs)[1]))
        if cpu <= limit and wall <= WALL_S:
            return
    raise Fail(f"{name} needed {max(cpu, wall):.3f} s on {size:,} elements, where whole-array NumPy code "
               f"needs under {limit:.3f} s: {LOOP}")


def _expect_real(got, name, size, right, want):
    try:
        if right:
            want = want()
            if np.ndim(want) == 0:
                close(number(got, name), want, f"{name} on {size:,} elements", rtol=1e-6)
            else:
                # Nearly every element right: a result remembered from other inputs, or made up,
                # is wrong almost everywhere; a slip on a rare element (a tie, a point on a
                # kink, which fresh random inputs hit or miss by chance) is for the value checks.
                got = array(got, name, shape=np.shape(want))
                with np.errstate(all="ignore"):
                    agree = np.isclose(got, want, rtol=1e-6, atol=1e-12, equal_nan=True)
                if agree.mean() < 0.999:
                    raise Fail(f"{name} on {size:,} elements is not right ({int((~agree).sum()):,} of "
                               f"{agree.size:,} elements differ)")
        elif not isinstance(got, (int, float, np.number, np.ndarray)) or isinstance(got, bool) \
                or not np.all(np.isfinite(np.asarray(got, dtype=np.float64))):
            raise Fail(f"{name} on {size:,} elements does not give finite numbers")
    except Fail as exc:
        raise Fail(f"{exc} (speed is credited only for a real result on the input that was timed: this "
                   "function is right on small inputs, so it must be right on this one too)") from None


def expect_computes(lib, target, templates, kwargs=None, ref_fn=None):
    """``Fail`` unless ``target`` returns numbers for small inputs of the kinds of ``templates``,
    and different numbers for different inputs: speed earns credit only for code that computes
    something from its inputs (whether it is right is for the checks of values to say). Returns
    whether the first result is also right (when ``ref_fn`` is given)."""
    name = target.rsplit(".", 1)[-1]
    outputs, right = [], False
    smalls = [[Generated(g.kind, g.seed + shift, (7,) + tuple(g.shape[1:]), g.classes) for g in templates]
              for shift in (0, 1000)]
    results = lib.batch([call_message(target, *small, **(kwargs or {})) for small in smalls])   # one round trip
    for shift, small, got in zip((0, 1000), smalls, results):
        if isinstance(got, StudentError):
            raise got
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


def check_speed(lib, target, ref_fn, templates, kwargs=None):
    """The whole speed check of one function: it computes from small inputs, and it is fast on
    fresh big ones (right there whenever it is right on small ones)."""
    right = expect_computes(lib, target, templates, kwargs, ref_fn)
    expect_fast(lib, target, ref_fn, fresh(lib, target, templates), kwargs, right=right)
