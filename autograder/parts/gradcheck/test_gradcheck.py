"""The hidden checks of ``gradcheck.numerical_gradient`` (custom: the functions are defined next to
the student's code and passed by reference; see ``part.py``). The expected values are the
reference's central differences of the same functions, defined here."""

import numpy as np

from autograder.parts import hint
from checks.framework import Fail, array, check, close
from checks.hints import GC_INPUT_CHANGED, GC_NOT_RESTORED, GC_ONE_SIDED, GC_STEP_IGNORED
from checks.public.test_gradcheck import FUNCTIONS, gradient, local_functions, remote_functions, tolerance

GC_ROWS = hint("gradcheck.rows")
GC_ALL_AT_ONCE = hint("gradcheck.all_at_once")
GC_COPY_OF_VIEW = hint("gradcheck.copy_of_view")

RNG = np.random.default_rng(2311)


def _x(shape, scale=0.8):
    return np.asarray(np.round(scale * RNG.standard_normal(shape), 6))


# (what, function, point): every shape and container the docstring promises, the functions taking turns.
POINTS = [
    ("a 0-d array", "quadratic", _x(())),
    ("a Python float", "logsumexp", float(_x(()))),
    ("a one-element array", "weighted_sines", _x((1,))),
    ("a 1-D array", "quadratic", _x((6,))),
    ("a 2-D array", "weighted_sines", _x((3, 4))),
    ("a 3-D array", "logsumexp", _x((2, 3, 2))),
    ("a nested list", "quadratic", _x((2, 3)).tolist()),
    ("a float32 array", "zero_d", _x((4,)).astype(np.float32)),
    ("an int64 array", "numpy_scalar", np.array([[2, -1, 0], [1, 3, -2]])),
    ("a 2-D array, f returning a 0-d array", "zero_d", _x((2, 3))),
    ("a 3-D array, f returning a NumPy scalar", "numpy_scalar", _x((2, 2, 2))),
    ("a 2-D array, f coupling every element", "quadratic", _x((3, 3))),
]
TRANSPOSED = ("a transposed (non-contiguous) 4 x 3 array", "weighted_sines", _x((3, 4)))


# ---- known mistakes, as code (trusted: run here on the same functions) ------------------------

def one_sided(f, x, h=1e-5, side=1):
    x = np.array(x, dtype=np.float64)
    g = np.zeros_like(x)
    base = float(f(x))
    for i in np.ndindex(x.shape):
        moved = x.copy()
        moved[i] += side * h
        g[i] = side * (float(f(moved)) - base) / h
    return g


def not_restored(f, x, h=1e-5):
    """Each element left at x - h once its difference is taken."""
    x = np.array(x, dtype=np.float64)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        plus = float(f(x))
        x[i] = old - h
        g[i] = (plus - float(f(x))) / (2 * h)
    return g


def central(f, x, h=1e-5):
    x = np.array(x, dtype=np.float64)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[i] += h
        minus[i] -= h
        g[i] = (float(f(plus)) - float(f(minus))) / (2 * h)
    return g


def transposed(lib, values, name, h, what):
    """(gradient, x afterwards) of the student's numerical_gradient of the function ``name`` at the
    transpose of ``values``, a non-contiguous array made on the student's side (in a cell, with
    the functions: an array sent as data arrives contiguous)."""
    source = (FUNCTIONS + "\nfrom course_lib import gradcheck as _gradcheck\n"
              f"_x = np.array({np.asarray(values).tolist()!r}, dtype=np.float64).T\n"
              f"_g = _gradcheck.numerical_gradient({name}, _x, {h!r})\n"
              "_after = np.array(_x, copy=True)\n")
    reply = lib.request({"op": "cell", "source": source, "names": ["_g", "_after"], "prelude": [], "fresh": True})
    error = reply.get("error") if isinstance(reply, dict) else None
    if error:
        raise Fail(f"numerical_gradient on {what} raised {error.get('type')}: {str(error.get('message'))[:300]}")
    got = reply.get("values", {}) if isinstance(reply, dict) else {}
    return got.get("_g"), got.get("_after")


def rows(f, x, h=1e-5):
    """x[i] moved as a whole (a row of a 2-D array)."""
    x = np.array(x, dtype=np.float64)
    g = np.zeros_like(x)
    for i in range(len(x)):
        old = np.array(x[i], copy=True)
        x[i] = old + h
        plus = float(f(x))
        x[i] = old - h
        minus = float(f(x))
        x[i] = old
        g[i] = (plus - minus) / (2 * h)
    return g


def all_at_once(f, x, h=1e-5):
    x = np.array(x, dtype=np.float64)
    return np.full_like(x, (float(f(x + h)) - float(f(x - h))) / (2 * h))


def diagnoses(f, x, h=1e-5):
    """(hint, output) of every known mistake, for ``f`` at ``x`` with step ``h`` (computed when needed)."""
    return [(GC_ONE_SIDED, lambda: one_sided(f, x, h, 1)), (GC_ONE_SIDED, lambda: one_sided(f, x, h, -1)),
            (GC_NOT_RESTORED, lambda: not_restored(f, x, h)), (GC_ROWS, lambda: rows(f, x, h)),
            (GC_ALL_AT_ONCE, lambda: all_at_once(f, x, h))] + \
        [(GC_STEP_IGNORED, lambda s=s: central(f, x, s)) for s in (1e-5, 1e-6, 1e-4) if s != h]


def _expected(ref, f, x, h=None):
    point = np.array(x, dtype=np.float64)
    return ref.gradcheck.numerical_gradient(f, point) if h is None else ref.gradcheck.numerical_gradient(f, point, h)


@check("gradcheck.values")
def test_values_on_every_shape_and_container(lib, ref, cases):
    """numerical_gradient matches the reference's central differences (default step) on every
    shape and container, for functions that couple elements and return floats, NumPy scalars or
    0-d arrays."""
    remote, local = remote_functions(lib), local_functions()
    for what, name, x in POINTS:
        with cases.case(what):
            f = local[name]
            got = gradient(lib, remote[name], x, what=f"numerical_gradient on {what}")
            point = np.array(x, dtype=np.float64)
            close(got, _expected(ref, f, x), f"numerical_gradient on {what}", rtol=1e-7,
                  atol=tolerance(f, point, 1e-5), diagnoses=lambda f=f, point=point: diagnoses(f, point))
    what, name, values = TRANSPOSED
    with cases.case(what):
        f = local[name]
        got, _ = transposed(lib, values, name, 1e-4, what)
        point = values.T.copy()
        got = array(got, f"numerical_gradient on {what}", shape=point.shape)
        close(got, _expected(ref, f, point, 1e-4), f"numerical_gradient on {what}",
              rtol=1e-7, atol=tolerance(f, point, 1e-4),
              diagnoses=lambda: diagnoses(f, point, 1e-4) + [(GC_COPY_OF_VIEW, np.zeros(point.shape))])
    cases.verdict()


STEPS = [
    ("h = 0.01, positional, a 1-D array", "cubes", _x((5,)), (0.01,), {}),
    ("h = 0.1, keyword, a 2-D array", "cubes", _x((2, 3)), (), {"h": 0.1}),
    ("h = 1 (an int), keyword, a 2-D array", "cubes", _x((3, 2)), (), {"h": 1}),
    ("h = 1e-3, a 0-d array", "cubes", _x(()), (1e-3,), {}),
    ("h = 0.05, sines weighted by position", "weighted_sines", _x((3, 2)), (), {"h": 0.05}),
    ("h = 0.5, sines weighted by position", "weighted_sines", _x((4,)), (0.5,), {}),
]


@check("gradcheck.step")
def test_the_step_is_the_one_passed(lib, ref, cases):
    """With a large step the central difference of a cubic or a sine differs from the derivative
    by a known amount (h**2 for x**3): the step used must be the one passed."""
    remote, local = remote_functions(lib), local_functions()
    for what, name, x, args, kwargs in STEPS:
        with cases.case(what):
            f = local[name]
            h = args[0] if args else kwargs["h"]
            got = gradient(lib, remote[name], x, *args, what=f"numerical_gradient with {what}", **kwargs)
            point = np.array(x, dtype=np.float64)
            close(got, _expected(ref, f, x, h), f"numerical_gradient with {what}", rtol=1e-7,
                  atol=tolerance(f, point, h), diagnoses=lambda f=f, point=point, h=h: diagnoses(f, point, float(h)))
    cases.verdict()


INPUTS = [("a 1-D array", (5,)), ("a 2-D array", (3, 4)), ("a 3-D array", (2, 2, 3)), ("a 0-d array", ())]


def _unchanged(after, before, what):
    if not isinstance(after, np.ndarray) or after.dtype.kind not in "biuf":
        raise Fail(f"after numerical_gradient on {what}, x is not an array of numbers")
    after = np.asarray(after, dtype=np.float64)
    if after.shape != before.shape or not np.array_equal(after, before):
        if after.shape != before.shape:
            raise Fail(f"after numerical_gradient on {what}, x has shape {after.shape}, not {before.shape}")
        moved = int(np.sum(after != before))
        hint_ = GC_NOT_RESTORED if np.any(np.abs(after - before) > 1e-9) else GC_INPUT_CHANGED
        raise Fail(f"numerical_gradient changed {moved} of the {before.size} elements of the caller's array x "
                   f"({what}; largest change {np.max(np.abs(after - before)):.3g}): {hint_}")


def _evaluation_problem(seen, values):
    """What is wrong with the point ``seen`` at which f was evaluated (None: at most one element
    moved; by how much is the step check's business), naming the mistake only when the moved
    elements show it."""
    if seen.shape != values.shape:
        return f"an array of shape {seen.shape}, where x has shape {values.shape}"
    delta = seen - values
    moved = np.abs(delta) > 1e-12
    count = int(moved.sum())
    if count <= 1:
        return None
    what = f"x with {count} elements moved, where one element moves at a time"
    sizes = np.abs(delta[moved])
    one_size = bool(np.allclose(sizes, sizes[0], rtol=1e-6, atol=0))
    same_sign = bool(np.all(delta[moved] > 0) or np.all(delta[moved] < 0))
    if one_size and same_sign and count == moved.size:
        return f"{what}: {GC_ALL_AT_ONCE}"
    rows = [r for r in range(values.shape[0]) if moved[r].all()] if values.ndim >= 2 else []
    if one_size and same_sign and len(rows) == 1 and count == moved[rows[0]].size:
        return f"{what}: {GC_ROWS}"
    if one_size and not same_sign:
        return f"{what}: {GC_NOT_RESTORED}"
    return what


@check("gradcheck.input")
def test_x_is_left_as_it_was(lib, cases):
    """The caller's float64 array (on the student's side) holds bit for bit the same values after
    the call; every evaluation of f sees x with at most one element moved."""
    remote, g = remote_functions(lib), np.random.default_rng(2312)
    for what, shape in INPUTS:
        with cases.case(what):
            values = np.asarray(g.standard_normal(shape) * 0.37 + 0.1)
            x = lib.put(values)
            try:
                lib.gradcheck.numerical_gradient(remote["quadratic"], x, 1e-5)
                _unchanged(x.get(), values, what)
            finally:
                lib.release(x)
    with cases.case("each evaluation of f"):
        values = np.round(g.standard_normal((2, 3)), 3)
        recorder = remote["recorder"]
        recorder.set("calls", [])
        lib.gradcheck.numerical_gradient(recorder, values, 1e-3)
        calls = recorder.get("calls")
        if not isinstance(calls, list) or not calls:
            raise Fail("numerical_gradient never called f")
        for k, seen in enumerate(calls):
            problem = _evaluation_problem(np.asarray(seen, dtype=np.float64), values)
            if problem:
                raise Fail(f"evaluation {k + 1} of f saw {problem}")
    what, name, values = TRANSPOSED
    with cases.case(what):
        _, after = transposed(lib, values, "quadratic", 1e-5, what)
        _unchanged(after, values.T, what)
    cases.verdict()
