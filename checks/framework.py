"""The vocabulary checks are written in, shared by the public self-checks and the grader.

A check is a pytest test marked ``@check("part.name")`` that receives ``lib``, a stand-in for the
``course_lib`` under test: ``lib.losses.mse(a, b)`` calls the student's ``mse`` and returns plain
data; ``lib.layers.Dropout(p=0.5)`` returns a ``Remote`` handle whose methods call the student's
object (``d.forward(x)``) and whose state is read with ``d.get("training")``.

The student's code may run in this process (the self-check) or in a sandboxed child process (the
grader); either way values cross through ``checks.wire``, so a check behaves the same in both.

A check fails by raising ``Fail`` with a message for the student. The helpers below (``number``,
``array``, ``close``, ...) raise it with messages in the student's terms; hidden checks never put
their inputs or expected values in a message (``reveal=False``, the default).
"""

import builtins
import contextlib
import contextvars
import io
import math
import os
import re
import signal

import numpy as np
import pytest

from . import wire

__all__ = [
    "check", "Fail", "StudentError", "StudentTimeout", "StudentCrash",
    "Library", "LocalLibrary", "Remote", "call_message",
    "number", "array", "close", "finite", "raises", "describe", "diagnose_scale", "Cases",
    "Hint", "diagnose", "matches", "scale_hints", "array_list", "known_factor",
]


def check(check_id, title=None):
    """Mark a test as the check ``check_id`` (``"<part>.<name>"``, a key of the rubric); ``title``
    (one line) stands in for the test's docstring, for tests that implement several checks."""
    return pytest.mark.check(check_id) if title is None else pytest.mark.check(check_id, title=title)


class Fail(Exception):
    """A check failed; ``str(exc)`` is the message the student sees, and ``hint`` the diagnosis it
    names (a ``Hint``), if any."""

    def __init__(self, message="", hint=None):
        super().__init__(message)
        self.hint = hint


# Whether a message may quote text that the student's code produced (its exceptions' messages).
# The grader turns it off for hidden checks: code that holds hidden inputs could write them into
# its own exception messages, and feedback must not carry them out. The self-check leaves it on.
SHOW_STUDENT_TEXT = contextvars.ContextVar("show_student_text", default=True)
# Exception types shown by name; any other name is the student's own class, and its name is text
# the student's code chose.
KNOWN_ERRORS = {name for name in dir(builtins) if isinstance(getattr(builtins, name), type)
                and issubclass(getattr(builtins, name), BaseException)}
KNOWN_ERRORS |= {"LinAlgError", "AxisError", "ComplexWarning", "RankWarning", "TooHardError"}
_MODULE_FILE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}\.py$")
_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[/\\][^\s/\\:'\"]+){2,}")


def _shown_path(match):
    """A path in a message: a file of the student's course_lib by its name, anything else hidden."""
    parts = re.split(r"[/\\]", match.group(0))
    if len(parts) >= 2 and parts[-2] == "course_lib":
        return f"course_lib/{parts[-1]}"
    return "<path>"


def student_text(text, limit=300):
    """Text the student's code produced, made safe to show: printable characters only, paths of
    the grading machine reduced to their last part, at most ``limit`` characters."""
    text = "".join(ch if ch.isprintable() or ch == " " else " " for ch in str(text))
    text = _PATH.sub(_shown_path, text)
    return text[:limit] + ("..." if len(text) > limit else "")


class StudentError(Exception):
    """The student's code raised an exception (or could not run).

    ``frames`` are (file name, line) pairs in the student's ``course_lib``, innermost last.
    """

    def __init__(self, type_name, message, frames=(), what=None, at_import=False):
        super().__init__(f"{type_name}: {message}")
        self.type_name, self.message, self.what = type_name, message, what
        self.frames, self.at_import = tuple(frames), at_import

    @classmethod
    def from_reply(cls, err, what=None, at_import=False):
        """The error a reply describes (``{"type", "message", "frames"}``), every field checked:
        the reply comes from the student's process."""
        err = err if isinstance(err, dict) else {}
        type_name = err.get("type") if isinstance(err.get("type"), str) else "Error"
        message = err.get("message") if isinstance(err.get("message"), str) else ""
        frames = []
        for frame in err.get("frames") if isinstance(err.get("frames"), list) else []:
            if (isinstance(frame, list) and len(frame) == 2 and isinstance(frame[0], str)
                    and _MODULE_FILE.match(frame[0]) and type(frame[1]) is int and 0 < frame[1] < 10 ** 6):
                frames.append((frame[0], frame[1]))
        if type_name == "_CallTimeout":
            return StudentTimeout("Timeout", student_text(message, 40), frames[-3:], what=what)
        return cls(type_name[:100], message[:2000], frames[-3:], what=what, at_import=at_import)

    def again(self):
        """A fresh copy to raise once more (raising one exception object repeatedly would grow its
        traceback with every raise)."""
        return type(self)(self.type_name, self.message, self.frames, what=self.what, at_import=self.at_import)

    def where(self):
        """Where in the student's files it happened: ``"course_lib/losses.py, line 12"``."""
        if not self.frames:
            return ""
        name, line = self.frames[-1]
        return f"course_lib/{name}, line {line}"

    def student_message(self, what=None):
        what = what or self.what or "your code"
        if self.type_name == "NotImplementedError":
            return f"{what} is not written yet (it raises NotImplementedError)"
        kind = self.type_name if self.type_name in KNOWN_ERRORS else "an exception of a class of your own"
        place = f" at {self.where()}" if self.frames else ""
        if SHOW_STUDENT_TEXT.get() or self.at_import:
            text = student_text(self.message)
            if self.type_name == "ImportError" and self.at_import:
                return f"{text}{place}"
            return f"{what} raised {kind}{place}" + (f": {text}" if text else "")
        return f"{what} raised {kind}{place} (messages of your code are not shown for hidden checks)"


class StudentTimeout(StudentError):
    """A call into the student's code did not return in time.

    ``cause`` says whose time ran out: ``"call"``, the call's own limit (``message``: the limit,
    "10 s", or how long it ran): the code is at fault, and the grader does not call it again; or
    ``"cap"``, the time left to the check or submission it belongs to (``message`` says which):
    the call was cut short, which says nothing about the code it ran."""

    def __init__(self, type_name, message, frames=(), what=None, at_import=False, cause="call"):
        super().__init__(type_name, message, frames, what=what, at_import=at_import)
        self.cause = cause

    def again(self):
        return type(self)(self.type_name, self.message, self.frames, what=self.what, at_import=self.at_import,
                          cause=self.cause)

    def student_message(self, what=None):
        what = what or self.what or "your code"
        if self.cause == "cap":
            return f"{what} could not finish: {self.message}"
        return f"{what} did not return within the time limit ({self.message}); is there an endless loop?"


class StudentCrash(StudentError):
    """The process running the student's code died or broke the protocol."""

    def student_message(self, what=None):
        what = what or self.what or "your code"
        return f"{what} stopped the process running it ({self.message})"


class _CallTimeout(BaseException):
    """Raised inside student code by the self-check's alarm (a BaseException so ``except
    Exception`` in student code cannot swallow it)."""


# --------------------------------------------------------------------------------------------
# Libraries: where the student's course_lib runs
# --------------------------------------------------------------------------------------------

class Library:
    """Base of the stand-ins for ``course_lib``: ``lib.<module>.<function>(...)``.

    Subclasses implement ``_exchange(message, arrays) -> (reply, arrays)``.
    """

    # Class names of returned objects that messages may show (None: any; see wire.shown_type_name).
    shown_types: frozenset[str] | None = None
    # Counts the starts of the student's side: objects it held (handles, ``put`` results) do not
    # survive a restart (after a hang or a crash), so a check that keeps handles between calls
    # keys them on this.
    generation = 0

    def __getattr__(self, module):
        if module.startswith("_"):
            raise AttributeError(module)
        return _Module(self, module)

    def request(self, message, timeout=None):
        """Send one request (see ``wire.Dispatcher``) and return its decoded result; raises
        ``StudentError`` (or its subclasses) for what the student's code did. ``timeout`` is a
        limit of the check's own for this call, shorter than the library's."""
        what = _describe_request(message)
        encoder = wire.Encoder()
        structure = encoder.encode(message)
        try:
            reply, arrays = self._exchange(structure, encoder.arrays, timeout, key=_call_key(message))
        except StudentError as exc:
            exc.what = exc.what or what
            raise
        return self._result(reply, arrays, what)

    def _result(self, reply, arrays, what):
        """The value of one reply, or the ``StudentError`` it describes (raised)."""
        if not isinstance(reply, dict):
            raise StudentCrash("ProtocolError", "the reply was not understood", what=what)
        if "error" in reply:
            raise StudentError.from_reply(reply["error"], what=what)
        if "ok" not in reply:
            raise StudentCrash("ProtocolError", "the reply was not understood", what=what)
        try:
            return wire.decode(reply["ok"], arrays, make_handle=lambda i, t: Remote(self, i, t),
                               shown_types=self.shown_types)
        except wire.WireError as exc:
            raise StudentCrash("ProtocolError", str(exc), what=what) from None

    def call(self, target, *args, **kwargs):
        return self.request(call_message(target, *args, **kwargs))

    def batch(self, requests, timeout=None):
        """Run several requests (``call_message(...)``, or any request of ``request``) and return,
        for each, its result or the ``StudentError`` it raised (returned, not raised): an error of
        one request never stops the others. The sandboxed library sends them in one round trip;
        a hang among them costs only the requests that hung (see ``RemoteLibrary.batch``)."""
        out = []
        for message in requests:
            try:
                out.append(self.request(message, timeout))
            except StudentError as exc:
                exc.__traceback__ = None
                out.append(exc)
        return out

    def put(self, value):
        """Store ``value`` on the student's side; returns a ``Remote`` for it (for aliasing checks)."""
        return self.request({"op": "put", "value": value})

    def release(self, *remotes):
        """Let the student's side forget objects it holds for us (``put`` results)."""
        return self.request({"op": "release", "refs": [r.id for r in remotes]})

    def cpu_seconds(self):
        """CPU seconds used so far by the student's code (for an in-process library: this whole
        process; the sandboxed library reads the child's from the kernel)."""
        import time

        return time.process_time()

    def close(self):
        pass


def call_message(target, *args, **kwargs):
    """The request that calls ``target`` with these arguments, for ``Library.request`` and
    ``Library.batch``: ``target`` is a function (``"losses.mse"``) or a method of an object on the
    student's side (``(remote, "forward")``)."""
    if isinstance(target, tuple):
        remote, method = target
        return {"op": "call", "target": remote, "method": method, "args": list(args), "kwargs": kwargs}
    return {"op": "call", "target": target, "args": list(args), "kwargs": kwargs}


def _call_key(message):
    """What a call request runs, as the library remembers it when it hangs: ``"losses.mse"``, or
    ``"EarlyStopping.step"`` for a method (by the class name the checks may show); else None."""
    if message.get("op") != "call":
        return None
    target = message.get("target")
    if isinstance(target, str):
        return target
    if isinstance(target, wire.Handle) and isinstance(message.get("method"), str):
        return f"{target.type_name}.{message['method']}"
    return None


def _describe_request(message):
    """The student's code a request runs, in words: ``mse`` or ``Dropout.forward``."""
    op, target = message.get("op"), message.get("target")
    if op == "call" and isinstance(target, str):
        return target.rsplit(".", 1)[-1]
    if op == "call" and isinstance(target, wire.Handle):
        return f"{target.type_name}.{message.get('method')}"
    if op == "import":
        return f"course_lib.{message.get('module')}"
    return "your code"


class _Module:
    def __init__(self, lib, name):
        self._lib, self._name = lib, name

    def __getattr__(self, attr):
        if attr.startswith("_"):
            raise AttributeError(attr)
        return _Function(self._lib, f"{self._name}.{attr}")


class _Function:
    def __init__(self, lib, target):
        self._lib, self.target = lib, target
        self.__name__ = target.rsplit(".", 1)[-1]

    def __call__(self, *args, **kwargs):
        return self._lib.call(self.target, *args, **kwargs)

    def __repr__(self):
        return f"<student's {self.target}>"


class Remote(wire.Handle):
    """A handle to an object on the student's side. ``r.method(...)`` calls a method;
    ``r.get("attr", "key", ...)`` reads (a copy of) an attribute; ``r.set(...)`` writes one."""

    __slots__ = ("_lib",)

    def __init__(self, lib, id, type_name="object"):
        super().__init__(id, type_name)
        self._lib = lib

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)

        def method(*args, **kwargs):
            return self._lib.request({"op": "call", "target": self, "method": name,
                                      "args": list(args), "kwargs": kwargs})

        method.__name__ = name
        return method

    def get(self, *path):
        return self._lib.request({"op": "get", "ref": self.id, "path": list(path)})

    def set(self, *path_and_value, inplace=False):
        """``r.set("p", 0.3)`` sets an attribute; ``r.set("params", "gamma", v, inplace=True)``
        writes into the existing array."""
        *path, value = path_and_value
        return self._lib.request({"op": "set", "ref": self.id, "path": path, "value": value,
                                  "inplace": inplace})


class LocalLibrary(Library):
    """Runs ``course_lib`` from the folder ``root`` in this process (the student's self-check).

    Requests still go through the wire format, so results are copies, exactly as in the grader.
    ``call_timeout`` seconds per call (0 for none) interrupts an endless loop with an alarm.
    """

    def __init__(self, root, package="course_lib", call_timeout=30.0):
        import importlib.util
        import sys

        folder = os.path.join(os.path.abspath(root), package)
        if not os.path.isdir(folder):
            raise FileNotFoundError(f"no {package}/ folder in {os.path.abspath(root)}")
        wire.guard_imports(package)       # the grader's imports: NumPy and the standard library
        # Load the package from this folder whatever sys.path says (pytest puts folders in front).
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]
        spec = importlib.util.spec_from_file_location(
            package, os.path.join(folder, "__init__.py"), submodule_search_locations=[folder])
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[package] = module
        spec.loader.exec_module(module)
        self.dispatcher = wire.Dispatcher(package)
        self.call_timeout = call_timeout

    def _exchange(self, structure, arrays, timeout=None, key=None):
        data = wire.pack(structure, arrays)
        message, in_arrays = wire.unpack_from(io.BytesIO(data).read)
        limit = timeout or self.call_timeout
        use_alarm = bool(limit) and hasattr(signal, "setitimer")
        if use_alarm:
            def on_alarm(signum, frame):
                raise _CallTimeout(f"{limit:g} s")

            previous = signal.signal(signal.SIGALRM, on_alarm)
            signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            reply, out_arrays = self.dispatcher.handle(message, in_arrays)
        finally:
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
        if "error" in reply and reply["error"]["type"] == "_CallTimeout":
            reply["error"]["message"] = f"{limit:g} s"
        data = wire.pack(reply, out_arrays)
        return wire.unpack_from(io.BytesIO(data).read)


# --------------------------------------------------------------------------------------------
# Hints: the likely mistake, named only when the student's output shows it
# --------------------------------------------------------------------------------------------

class Hint:
    """A diagnosis for the student: the likely mistake behind a failed check, in their terms, with
    an id (the grader keeps every id and text in the parts' hint tables).

    A check gives a hint only when the student's output is what that mistake gives: the generated
    checks compare with models of the mistakes on every case (``checks.diagnosis``); hand-written
    checks compare with the mistake's output (``close(..., diagnoses=[(hint, wrong_output)])``)
    or see the mistake itself in the output (a mask that never changes). Creating a hint registers
    nothing anywhere.
    """

    __slots__ = ("id", "text")
    id: str
    text: str

    def __init__(self, id: str, text: str):
        self.id, self.text = id, text

    def __str__(self):
        return self.text

    def __repr__(self):
        return f"Hint({self.id!r})"


SIGN = Hint("scale.sign", "the sign is flipped")
TWICE = Hint("scale.twice", "it is twice too large (a missing 0.5, or a 2 that does not belong?)")
HALF = Hint("scale.half", "it is half the right size (a missing factor 2, or an extra 0.5?)")
TIMES_N = Hint("scale.n", "it is N times too large: a sum where a mean belongs, or a missing division by N")
OVER_N = Hint("scale.1/n", "it is N times too small: divided by N once too often")
RETURNS_ARRAY = Hint("returns.array", "an array: did you forget to average over the elements?")
RETURNS_NONE = Hint("returns.none", "is a return statement missing?")
LOOP = Hint("loop", "replace the Python loop over elements with whole-array NumPy operations")


# --------------------------------------------------------------------------------------------
# Helpers that fail with messages in the student's terms
# --------------------------------------------------------------------------------------------

def describe(value):
    """A short, input-free description of a value's type and shape."""
    if isinstance(value, wire.ForeignValue):
        return f"an object of type {value.type_name}"
    if isinstance(value, Remote):
        return f"a {value.type_name} object"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} (dtype {value.dtype})"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} items"
    if value is None:
        return f"None ({RETURNS_NONE})"
    return f"a {type(value).__name__}"


def number(value, what):
    """``value`` as a float; ``Fail`` unless it is one real number (a float, as the contract says)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        extra = ""
        if isinstance(value, np.ndarray):
            extra = f" ({RETURNS_ARRAY})" if value.size > 1 else ": return float(...)"
        raise Fail(f"{what} must return one float, but returned {describe(value)}{extra}")
    return float(value)


def array(value, what, shape=None):
    """``value`` as a float64 array; ``Fail`` unless it is a plain numeric array (of ``shape``; a
    NumPy scalar counts as an array of shape ())."""
    if isinstance(value, np.generic) and not isinstance(value, np.bool_) and np.ndim(value) == 0 \
            and (shape is None or tuple(shape) == ()):
        value = np.asarray(value)
    if not isinstance(value, np.ndarray):
        if isinstance(value, (int, float, np.number)) and not isinstance(value, bool) and shape is not None:
            raise Fail(f"{what} must return an array of shape {shape}, but returned one number")
        raise Fail(f"{what} must return a NumPy array, but returned {describe(value)}")
    if value.dtype.kind not in "biuf":
        raise Fail(f"{what} returned an array of dtype {value.dtype}; expected numbers")
    if shape is not None and value.shape != tuple(shape):
        raise Fail(f"{what} returned an array of shape {value.shape}; expected shape {tuple(shape)}")
    return value.astype(np.float64)


def array_list(value, what, like, first_only=None):
    """``value`` as a list of float64 arrays shaped like the arrays of the list ``like`` (a
    penalty's gradients); ``Fail`` otherwise. ``first_only`` is the hint for a list of one array
    where ``like`` has several (only the first array was used)."""
    if isinstance(value, list) and len(value) == 1 and len(like) > 1 and first_only is not None:
        raise Fail(f"{what} of a list of {len(like)} arrays returned a list of 1 array: {first_only}")
    if not isinstance(value, list) or len(value) != len(like):
        raise Fail(f"{what} of a list of {len(like)} arrays must return a list of {len(like)} arrays")
    return [array(v, what, shape=np.shape(w)) for v, w in zip(value, like)]


def finite(value, what, where="", hint=None):
    """``Fail`` if ``value`` holds NaN or infinity. ``hint`` names the mistake that gives them (the
    caller knows the function and which mistake that is)."""
    a = np.asarray(value, dtype=np.float64)
    if not np.all(np.isfinite(a)):
        kind = "NaN" if np.any(np.isnan(a)) else "infinity"
        raise Fail(f"{what} gives {kind}{' ' + where if where else ''}, where the true value is finite"
                   + (f" ({hint})" if hint else ""))


def matches(actual, wrong, rtol=1e-6):
    """True when ``actual`` is the output ``wrong`` (same shape, the same NaN and infinities, and
    within ``rtol`` of each element, or of the largest element for the tiny ones)."""
    try:
        a, w = np.asarray(actual, dtype=np.float64), np.asarray(wrong, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    if a.shape != w.shape:
        return False
    special = ~np.isfinite(w)
    if not np.array_equal(np.isnan(a), np.isnan(w)) or \
            not np.array_equal(np.where(np.isinf(w), w, 0.0), np.where(np.isinf(a), a, 0.0)):
        return False
    a, w = a[~special], w[~special]
    if not a.size:
        return True
    scale = np.max(np.abs(w))
    return bool(np.all(np.abs(a - w) <= rtol * np.abs(w) + 1e-9 * rtol * scale + 1e-300))


def scale_hints(actual, expected, n=None, factors=()):
    """The hints whose factor ``actual`` is of ``expected`` (a list; empty when it is no simple
    multiple). ``n`` is what a mean divides by; ``factors`` are (factor, hint) pairs of the part
    (the number of classes, say)."""
    a, e = np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    if a.shape != e.shape or not np.all(np.isfinite(a)) or not np.all(np.isfinite(e)) \
            or not np.any(np.abs(e) > 1e-12):
        return []
    big = np.max(np.abs(e))
    mask = np.abs(e) > 1e-9 * big
    if np.any(np.abs(a[~mask]) > 1e-9 * big):        # non-zero where the answer is zero: no multiple
        return []
    ratios = a[mask] / e[mask]
    if not np.allclose(ratios, ratios.flat[0], rtol=1e-6, atol=0):
        return []
    r = float(ratios.flat[0])
    guesses = [(-1.0, SIGN), (2.0, TWICE), (0.5, HALF)]
    if n and n > 1:
        guesses += [(float(n), TIMES_N), (1.0 / n, OVER_N)]
    guesses += [(float(f), h) for f, h in factors]
    return [h for f, h in guesses if math.isclose(r, f, rel_tol=1e-6)]


def known_factor(actual, expected, n=None, factors=()):
    """The factor ``actual`` is of ``expected`` when it is one of the simple multiples that
    ``scale_hints`` knows (a sum for a mean, a flipped sign), else None. Checks of extreme inputs
    scale their expectations by it, so that a mistake in the reduction costs points only in the
    checks of ordinary values."""
    if not scale_hints(actual, expected, n, factors):     # (which mistake it is does not matter here)
        return None
    a, e = np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    big = np.abs(e) > 1e-9 * np.max(np.abs(e))
    return float(np.median(a[big] / e[big]))


def diagnose_scale(actual, expected, n=None, factors=()):
    """The hint's text when ``actual`` is one simple multiple of ``expected`` ('' if none, or if
    the factor is ambiguous, such as 2 when N is 2)."""
    found = {h.id: h for h in scale_hints(actual, expected, n, factors)}
    return next(iter(found.values())).text if len(found) == 1 else ""


def diagnose(actual, expected, n=None, factors=(), diagnoses=()):
    """The one hint that ``actual`` proves (None if none, or if it matches several): a simple
    multiple of ``expected``, or the output of a known wrong formula. ``diagnoses`` are (hint,
    wrong_output) pairs, the output possibly a function of no arguments (computed only if needed),
    or a function of no arguments that returns the pairs."""
    found = {h.id: h for h in scale_hints(actual, expected, n, factors)}
    if callable(diagnoses):                 # pairs made only when needed
        diagnoses = diagnoses()
    for hint, wrong in diagnoses:
        try:
            wrong = wrong() if callable(wrong) else wrong
        except Exception:          # a wrong formula that does not apply to this input
            continue
        if matches(actual, wrong) and not matches(expected, wrong):
            found[hint.id] = hint
    return next(iter(found.values())) if len(found) == 1 else None


def close(actual, expected, what, *, rtol=1e-7, atol=1e-10, n=None, reveal=False, diagnoses=(), factors=()):
    """``Fail`` unless ``actual`` matches ``expected`` (elementwise, with NaN and infinities
    required to match; ``atol`` may be an array, one tolerance per element). The message names the
    mistake when the output proves one (``diagnose``: ``n`` is the count that a mean divides by,
    ``factors`` and ``diagnoses`` the part's own); it shows the numbers only when ``reveal``
    (public checks)."""
    a = np.asarray(actual, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    if a.shape != e.shape:
        raise Fail(f"{what} has shape {a.shape}; expected shape {e.shape}")
    same_special = (np.isnan(a) & np.isnan(e)) | (np.isinf(a) & np.isinf(e) & (np.sign(a) == np.sign(e)))
    with np.errstate(invalid="ignore", over="ignore"):
        ok = same_special | (np.isfinite(a) & np.isfinite(e) & (np.abs(a - e) <= atol + rtol * np.abs(e)))
    if np.all(ok):
        return
    hint = diagnose(a, e, n, factors, diagnoses)
    if hint is None and np.any(np.isnan(a) & ~np.isnan(e)):
        raise Fail(f"{what} gives NaN where the true value is a number")
    if hint is None and np.any(np.isinf(a) & ~np.isinf(e)):
        raise Fail(f"{what} gives infinity where the true value is finite")
    message = f"{what} is not right"
    if hint is not None:
        message += f": {hint}"
    elif a.size > 1:
        message += f" ({int(np.sum(~ok))} of {a.size} elements differ)"
    if reveal:
        message += f"\n  got:      {np.array2string(a, precision=6)}\n  expected: {np.array2string(e, precision=6)}"
    raise Fail(message, hint=hint)


def raises(error_type, func, *args, what=None, **kwargs):
    """``Fail`` unless calling ``func`` raises ``error_type`` (a name such as ``"ValueError"``)."""
    what = what or getattr(func, "__name__", "the function")
    try:
        func(*args, **kwargs)
    except StudentError as exc:
        if exc.type_name == error_type:
            return exc
        raise Fail(f"{what} should raise {error_type} here but raised {exc.type_name}") from None
    raise Fail(f"{what} should raise {error_type} here but returned normally")


class Cases:
    """Partial credit: run named cases, then ``verdict()`` fails with a summary if any failed.

    The check's score is the fraction of cases that passed (recorded for the grader).
    """

    def __init__(self, node=None):
        self.node = node
        self.results = []

    @contextlib.contextmanager
    def case(self, name):
        try:
            yield
        except Fail as exc:
            self.results.append((name, str(exc)))
        except StudentError as exc:
            self.results.append((name, exc.student_message()))
            # The grader may raise one remembered error again and again (a module whose import
            # failed): without this, each raise would lengthen its traceback, and the time pytest
            # takes to format it would grow with the square of the calls.
            exc.__traceback__ = None
        else:
            self.results.append((name, None))

    def verdict(self):
        failed = [(n, m) for n, m in self.results if m is not None]
        fraction = 1.0 - len(failed) / len(self.results) if self.results else 0.0
        if self.node is not None:
            self.node.user_properties.append(("fraction", fraction))
        if failed:
            lines = [f"{len(failed)} of {len(self.results)} cases failed:"]
            lines += [f"  - {n}: {m}" for n, m in failed[:6]]
            raise Fail("\n".join(lines))
