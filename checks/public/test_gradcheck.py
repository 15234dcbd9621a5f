"""Public checks for ``gradcheck.numerical_gradient``.

Functions cannot travel to your code as data, so the functions whose gradients are checked are
defined on your code's side (``FUNCTIONS``, run once as a cell) and passed to
``numerical_gradient`` by reference. The public checks use functions whose central differences
are known exactly: a quadratic's are its gradient, and for a sum of cubes they are 3 x**2 + h**2.
"""

import weakref

import numpy as np

from checks.framework import Fail, array, check, close
from checks.hints import GC_INPUT_CHANGED, GC_NOT_RESTORED, GC_ONE_SIDED, GC_STEP_IGNORED

# The functions, as source: run on the student's side (a cell), and here for the expected values.
FUNCTIONS = '''
import numpy as np


def quadratic(x):
    """(sum of x)**2 + 0.5 sum of x**2: couples every element to every other."""
    x = np.asarray(x)
    return float(np.sum(x) ** 2 + 0.5 * np.sum(x * x))


def cubes(x):
    return float(np.sum(np.asarray(x) ** 3))


def weighted_sines(x):
    """sum of sin(x) weighted by each element's position (1, 2, ...): the order of elements counts."""
    x = np.asarray(x)
    return float(np.sum(np.sin(x) * np.arange(1, x.size + 1).reshape(x.shape)))


def logsumexp(x):
    x = np.asarray(x)
    m = np.max(x)
    return float(m + np.log(np.sum(np.exp(x - m))))


def zero_d(x):
    """Returns a 0-d array, not a float."""
    return np.asarray(np.sum(np.asarray(x) ** 2) + np.prod(np.cos(x)))


def numpy_scalar(x):
    """Returns a NumPy float64 scalar."""
    return np.sum(np.tanh(x)) * np.float64(1.5)


class Recorder:
    """quadratic, remembering a copy of every array it was called with."""

    def __init__(self):
        self.calls = []

    def __call__(self, x):
        self.calls.append(np.array(x, dtype=np.float64, copy=True))
        return quadratic(x)


recorder = Recorder()
'''
NAMES = ("quadratic", "cubes", "weighted_sines", "logsumexp", "zero_d", "numpy_scalar", "recorder")

_REMOTE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def remote_functions(lib):
    """{name: handle} of ``FUNCTIONS`` defined on the side of ``lib`` (once per start of it: a
    restart after a hang elsewhere loses them)."""
    if lib not in _REMOTE or _REMOTE[lib][0] != lib.generation:
        reply = lib.request({"op": "cell", "source": FUNCTIONS, "names": list(NAMES), "prelude": [], "fresh": True})
        if not isinstance(reply, dict) or reply.get("error") or not isinstance(reply.get("values"), dict):
            raise Fail("the test functions could not be defined next to your code: "
                       f"{(reply or {}).get('error') if isinstance(reply, dict) else reply}")
        _REMOTE[lib] = (lib.generation, reply["values"])
    return _REMOTE[lib][1]


def local_functions():
    """The same functions, defined here (trusted: for the expected values and the models)."""
    env: dict = {}
    exec(compile(FUNCTIONS, "<gradcheck test functions>", "exec"), env)
    return env


def gradient(lib, f, x, *h, what="numerical_gradient", **kwargs):
    """The student's numerical_gradient of the remote function ``f`` at ``x``, as a float64 array
    shaped like ``x``."""
    got = lib.gradcheck.numerical_gradient(f, x, *h, **kwargs)
    return array(got, what, shape=np.shape(x))


# ---- known mistakes, in closed form on the public functions (the student's outputs are compared
# with theirs) ---------------------------------------------------------------------------------

def quadratic_mistakes(x, h):
    """(hint, output) of the known mistakes on ``quadratic`` = (sum x)**2 + 0.5 sum x**2 at ``x``:
    a one-sided difference is off by +-1.5 h; with each element left at x - h once done, element k
    (in reading order) sees the sum lowered by k h."""
    x = np.asarray(x, dtype=np.float64)
    right = 2 * x.sum() + x
    k = np.arange(x.size).reshape(x.shape)
    return [(GC_ONE_SIDED, right + 1.5 * h), (GC_ONE_SIDED, right - 1.5 * h),
            (GC_NOT_RESTORED, 2 * (x.sum() - k * h) + x)]


def cubes_mistakes(x, h):
    """(hint, output) of the known mistakes on ``cubes`` = sum x**3 at ``x`` (its central difference
    is 3 x**2 + h**2): one-sided, 3 x**2 +- 3 x h + h**2; another step s, 3 x**2 + s**2."""
    x = np.asarray(x, dtype=np.float64)
    return [(GC_ONE_SIDED, 3 * x ** 2 + 3 * x * h + h * h), (GC_ONE_SIDED, 3 * x ** 2 - 3 * x * h + h * h)] + \
        [(GC_STEP_IGNORED, 3 * x ** 2 + s * s) for s in (1e-5, 1e-6, 1e-4) if s != h]


def tolerance(f, x, h):
    """What two correct central differences may differ by: the rounding of f's values over 2h."""
    return 200 * np.finfo(float).eps * (abs(float(f(np.asarray(x, dtype=np.float64)))) + 1.0) / h


@check("gradcheck.public_values")
def test_numerical_gradient_on_known_functions(lib):
    """numerical_gradient of a quadratic (central differences are exact there) and of a sum of
    cubes (3 x**2 + h**2 exactly) on 1-D, 2-D and list inputs, with the step h passed."""
    remote, local = remote_functions(lib), local_functions()
    x1 = np.array([0.5, -1.25, 2.0, 0.75, -0.5])
    x2 = np.array([[0.3, -0.7, 1.1, 0.2], [-1.4, 0.9, 0.05, -0.6], [0.8, -0.2, 1.3, -1.0]])
    runs = [
        ("the quadratic (sum x)**2 + 0.5 sum x**2 on a 1-D array, h = 1e-3", "quadratic", x1, 1e-3,
         2 * x1.sum() + x1),
        ("the quadratic on a 3 x 4 array, h = 1e-3", "quadratic", x2, 1e-3, 2 * x2.sum() + x2),
        ("the quadratic on a list, h = 1e-3", "quadratic", x1.tolist(), 1e-3, 2 * x1.sum() + x1),
        ("sum of cubes on a 3 x 4 array, h = 0.01 (exactly 3 x**2 + h**2)", "cubes", x2, 0.01, 3 * x2 ** 2 + 1e-4),
        ("sum of cubes on a 1-D array, h = 0.1 (exactly 3 x**2 + h**2)", "cubes", x1, 0.1, 3 * x1 ** 2 + 0.01),
    ]
    for what, name, x, h, want in runs:
        got = gradient(lib, remote[name], x, h, what=f"numerical_gradient of {what}")
        mistakes = quadratic_mistakes(x, h) if name == "quadratic" else cubes_mistakes(x, h)
        close(got, want, f"numerical_gradient of {what}", rtol=1e-7, atol=tolerance(local[name], x, h),
              reveal=True, diagnoses=mistakes)


@check("gradcheck.public_input")
def test_numerical_gradient_leaves_x_as_it_was(lib):
    """After the call, the caller's float64 array holds exactly the values it held before."""
    remote = remote_functions(lib)
    values = np.random.default_rng(7).standard_normal((3, 4)) * 0.37
    x = lib.put(values)
    lib.gradcheck.numerical_gradient(remote["quadratic"], x, 1e-5)
    after = np.asarray(x.get(), dtype=np.float64)
    if not np.array_equal(after, values):
        moved = int(np.sum(after != values))
        hint = GC_NOT_RESTORED if np.any(np.abs(after - values) > 1e-9) else GC_INPUT_CHANGED
        raise Fail(f"numerical_gradient changed {moved} of the {values.size} elements of the caller's array x "
                   f"(largest change {np.max(np.abs(after - values)):.3g}): {hint}")
