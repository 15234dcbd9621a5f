"""How values cross between the checks and a ``course_lib`` they exercise.

Checks never hold a student's objects. They send requests (call this function, read this
attribute) and get back plain data: ``None``, bools, ints, floats, strings, NumPy arrays of numbers,
and lists, tuples and string-keyed dicts of those. Anything else the student's code returns (a layer
object, say) stays on the student's side and comes back as a handle, ``{"$obj": id}``.

The encoding is JSON for the structure and raw bytes of a fixed list of numeric dtypes for each
array: no pickles, so nothing the student's side sends can run code on the checking side, and
objects that lie in comparisons (a float subclass with a rigged ``__eq__``) arrive as plain
floats.

This module is used on both sides: by the grader's sandboxed child (``Dispatcher`` and ``serve``)
and by the checks (``encode``/``decode`` and the framing). It imports only the standard library
and NumPy, so it can run inside the sandbox.
"""

import importlib
import json
import math
import os
import struct
import traceback

import numpy as np

MAGIC = b"CLW1"
MAX_HEADER = 4 << 20          # bytes of JSON structure in one message
MAX_MESSAGE = 256 << 20       # bytes in one message, arrays included
MAX_DEPTH = 32                # nesting of lists and dicts
MAX_ITEMS = 200_000           # list items, dict entries and arrays in one message
MAX_DIM = 1 << 31             # elements along one axis, and in one array (ignoring empty axes)
ARRAY_KINDS = "biuf"          # bool, int, unsigned, float: the dtypes that may cross


class WireError(Exception):
    """A message that breaks the format or its limits."""


MAX_GENERATED = 10_000_000   # elements of one array generated on the student's side


def generate(kind, seed, shape, classes=0):
    """A deterministic test array, made the same way on both sides of the wire: checks send
    ``{"$gen": [kind, seed, shape, classes]}`` instead of a big array, so that timing a call
    measures the student's code rather than the pipe. Kinds: ``normal``, ``prob`` (in
    [0.01, 0.99]), ``binary`` (0.0 or 1.0), ``signs`` (-1.0 or 1.0), ``labels`` (ints below
    ``classes``), ``dirichlet`` (rows summing to 1)."""
    shape = tuple(int(d) for d in shape)
    if int(np.prod(shape)) > MAX_GENERATED or any(d < 0 for d in shape):
        raise WireError("generated array too large")
    rng = np.random.default_rng(int(seed))
    if kind == "normal":
        return rng.standard_normal(shape)
    if kind == "prob":
        return rng.uniform(0.01, 0.99, shape)
    if kind == "binary":
        return (rng.random(shape) < 0.5).astype(np.float64)
    if kind == "signs":
        return np.where(rng.random(shape) < 0.5, -1.0, 1.0)
    if kind == "labels":
        return rng.integers(0, int(classes), shape)
    if kind == "dirichlet":
        a = rng.gamma(1.0, size=shape)
        return a / a.sum(axis=-1, keepdims=True)
    if kind == "uniform":
        return rng.random(shape) * 6.0 - 3.0
    if kind == "simplex":
        a = rng.random(shape) + 0.01
        return a / a.sum(axis=-1, keepdims=True)
    raise WireError(f"unknown generated kind {kind!r}")


# --------------------------------------------------------------------------------------------
# Values <-> (JSON structure, list of arrays)
# --------------------------------------------------------------------------------------------

def _float(x):
    if math.isfinite(x):
        return x
    return {"$float": "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")}


class Encoder:
    """Turns a value into a JSON-able structure plus arrays.

    ``register`` is called for anything that is not plain data and must return an int handle id;
    without it, such values are an error.
    """

    def __init__(self, register=None):
        self.arrays = []
        self.register = register
        self.items = 0

    def encode(self, value, depth=0):
        self.items += 1
        if depth > MAX_DEPTH or self.items > MAX_ITEMS:
            raise WireError("value too deeply nested or too large to send")
        if value is None or type(value) in (bool, str):
            return value
        if type(value) is int:
            return value if abs(value) < 2 ** 53 else {"$int": str(value)}
        if type(value) is float:
            return _float(value)
        if isinstance(value, Handle):
            return {"$ref": value.id}
        if isinstance(value, Generated):
            return {"$gen": [value.kind, value.seed, list(value.shape), value.classes]}
        if isinstance(value, np.generic) and value.dtype.kind in ARRAY_KINDS:
            self.arrays.append(np.asarray(value))
            return {"$scalar": len(self.arrays) - 1}
        if type(value) is np.ndarray and value.dtype.kind in ARRAY_KINDS:
            self.arrays.append(value)
            return {"$array": len(self.arrays) - 1}
        if type(value) is list:
            return [self.encode(v, depth + 1) for v in value]
        if type(value) is tuple:
            return {"$tuple": [self.encode(v, depth + 1) for v in value]}
        if type(value) is dict and all(type(k) is str for k in value):
            return {"$dict": {k: self.encode(v, depth + 1) for k, v in value.items()}}
        # Subclasses of plain types (which may override comparisons) and everything else.
        if self.register is not None:
            return self._object(value)
        raise WireError(f"cannot send a value of type {type(value).__name__}")

    def _object(self, value):
        """Student-side only: a non-plain value becomes a handle; its plain reading travels too."""
        described = {"$obj": self.register(value), "type": type(value).__name__}
        plain = _plain_reading(value)
        if plain is not _NOTHING:
            self.arrays.append(plain)
            described["as"] = len(self.arrays) - 1
        return described


_NOTHING = object()


def _plain_reading(value):
    """For numbers and arrays of a subclassed type, the plain value (a float subclass's float)."""
    try:
        if isinstance(value, (bool, int, float)) and not isinstance(value, np.generic):
            return np.asarray(float(value))
        if isinstance(value, np.ndarray) and value.dtype.kind in ARRAY_KINDS:
            return np.array(value, copy=True).view(np.ndarray)
    except Exception:  # a hostile __float__
        return _NOTHING
    return _NOTHING


class Generated:
    """Stands for ``generate(kind, seed, shape, classes)``, made on the student's side."""

    __slots__ = ("kind", "seed", "shape", "classes")

    def __init__(self, kind, seed, shape, classes=0):
        self.kind, self.seed, self.shape, self.classes = kind, int(seed), tuple(shape), int(classes)

    def array(self):
        return generate(self.kind, self.seed, self.shape, self.classes)

    def _key(self):
        return (self.kind, self.seed, self.shape, self.classes)

    def __eq__(self, other):
        return isinstance(other, Generated) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())


class Handle:
    """Names an object that lives on the other side of the wire."""

    __slots__ = ("id", "type_name")

    def __init__(self, id, type_name="object"):
        self.id, self.type_name = id, type_name

    def __repr__(self):
        return f"<{self.type_name} object on the student's side>"


class ForeignValue:
    """What the checking side sees for a non-plain value: its type name, its handle, and (for
    subclasses of numbers and arrays) the plain number or array it holds."""

    __slots__ = ("handle", "type_name", "plain")

    def __init__(self, handle, type_name, plain):
        self.handle, self.type_name, self.plain = handle, type_name, plain

    def __repr__(self):
        return f"<{self.type_name} object>"


_SHOWN_TYPES = None


def shown_type_name(name, also=None):
    """A type name that the student's side sent, as the checks may show it: the name of a type of
    Python or NumPy or one of ``also`` (the course's own classes), else ``"object"``: a class the
    student defined could carry any text in its name, hidden inputs included. ``also`` None
    shows every name (the student's self-check, where nothing is hidden)."""
    global _SHOWN_TYPES
    if not isinstance(name, str):
        return "object"
    if also is None:
        return name[:80]
    if _SHOWN_TYPES is None:
        import builtins

        _SHOWN_TYPES = {n for n in dir(builtins) if isinstance(getattr(builtins, n), type)}
        _SHOWN_TYPES |= {n for n in dir(np) if isinstance(getattr(np, n, None), type)}
    return name if name in _SHOWN_TYPES or name in also else "object"


def decode(structure, arrays, make_handle=lambda id, type_name: Handle(id, type_name), allow_gen=False,
           shown_types=None):
    """Inverse of ``Encoder.encode``. Never trusts its input: every form is checked.
    ``allow_gen`` (the student's side only) keeps ``{"$gen": ...}`` for ``Dispatcher.resolve``;
    ``shown_types`` are the class names that may be shown as sent (see ``shown_type_name``)."""
    count = [0]

    def walk(x, depth):
        count[0] += 1
        if depth > MAX_DEPTH or count[0] > MAX_ITEMS:
            raise WireError("value too deeply nested or too large")
        if x is None or isinstance(x, (bool, str)):
            return x
        if isinstance(x, int):
            return x
        if isinstance(x, float):
            return x
        if isinstance(x, list):
            return [walk(v, depth + 1) for v in x]
        if isinstance(x, dict) and len(x) >= 1:
            if "$float" in x:
                name = x["$float"]
                if name not in ("nan", "inf", "-inf"):
                    raise WireError("bad float")
                return float(name)
            if "$int" in x:
                text = x["$int"]
                if not isinstance(text, str) or len(text) > 400:
                    raise WireError("bad int")
                try:
                    return int(text)
                except ValueError:
                    raise WireError("bad int") from None
            if "$array" in x or "$scalar" in x:
                idx = x.get("$array", x.get("$scalar"))
                if not isinstance(idx, int) or not 0 <= idx < len(arrays):
                    raise WireError("bad array index")
                a = arrays[idx]
                return a[()] if "$scalar" in x else a
            if "$tuple" in x:
                if not isinstance(x["$tuple"], list):
                    raise WireError("bad tuple")
                return tuple(walk(v, depth + 1) for v in x["$tuple"])
            if "$dict" in x:
                d = x["$dict"]
                if not isinstance(d, dict):
                    raise WireError("bad dict")
                return {str(k): walk(v, depth + 1) for k, v in d.items()}
            if "$gen" in x and allow_gen:
                if not isinstance(x["$gen"], list):
                    raise WireError("bad generator")
                return {"$gen": list(x["$gen"])}
            if "$ref" in x:
                if not isinstance(x["$ref"], int):
                    raise WireError("bad ref")
                return make_handle(x["$ref"], "object")
            if "$obj" in x:
                if not isinstance(x["$obj"], int):
                    raise WireError("bad object id")
                type_name = shown_type_name(x.get("type"), shown_types)
                handle = make_handle(x["$obj"], type_name)
                if "as" not in x:
                    return handle
                idx = x["as"]
                if not isinstance(idx, int) or not 0 <= idx < len(arrays):
                    raise WireError("bad array index")
                plain = arrays[idx]
                return ForeignValue(handle, type_name, plain[()] if plain.ndim == 0 else plain)
        raise WireError("unknown form in message")

    return walk(structure, 0)


# --------------------------------------------------------------------------------------------
# Framing: MAGIC, u32 header length, header JSON {"m": message, "arrays": [[dtype, shape], ...]},
# then each array's raw little-endian bytes. Dtypes come from a fixed list of numeric types and
# arrays are rebuilt with np.frombuffer: the same guarantee as numpy.load(allow_pickle=False),
# without its slow header parsing.
# --------------------------------------------------------------------------------------------

DTYPES = {name: np.dtype(name) for name in
          ("<f8", "<f4", "<f2", "<i8", "<i4", "<i2", "|i1", "<u8", "<u4", "<u2", "|u1", "|b1")}


def pack(message, arrays=()):
    specs, blobs = [], []
    for a in arrays:
        a = np.asarray(a)
        dt = a.dtype.newbyteorder("<")
        if dt.str not in DTYPES:
            raise WireError(f"arrays of dtype {a.dtype} cannot be sent")
        specs.append([dt.str, list(a.shape)])
        blobs.append(np.ascontiguousarray(a, dtype=dt).tobytes())
    header = _DUMPS({"m": message, "arrays": specs}).encode()
    return b"".join([MAGIC, struct.pack("<I", len(header)), header, *blobs])


# The structure comes from ``Encoder`` (no cycles, no NaN: they are {"$float": ...}).
_DUMPS = json.JSONEncoder(allow_nan=False, check_circular=False, separators=(",", ":")).encode


def _read_exactly(read, n):
    chunks, got = [], 0
    while got < n:
        chunk = read(n - got)
        if not chunk:
            raise EOFError("the other side closed the connection")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _frame(head):
    """The header's length, from a message's first 8 bytes."""
    if head[:4] != MAGIC:
        raise WireError("bad message start")
    (hlen,) = struct.unpack("<I", head[4:8])
    if hlen > MAX_HEADER:
        raise WireError("message header too large")
    return hlen


def _header(text, max_message):
    """(message, [(dtype, shape, bytes)] of its arrays, their bytes together), from the header's
    bytes; every limit enforced."""
    try:
        header = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise WireError("message header is not JSON, or nests too deeply") from None
    if not isinstance(header, dict) or not isinstance(header.get("arrays", []), list):
        raise WireError("bad message header")
    specs = header.get("arrays", [])
    if len(specs) > MAX_ITEMS:
        raise WireError("too many arrays")
    layout, total = [], 0
    for spec in specs:
        if (not isinstance(spec, list) or len(spec) != 2 or spec[0] not in DTYPES
                or not isinstance(spec[1], list) or len(spec[1]) > 32
                or not all(type(d) is int and 0 <= d <= MAX_DIM for d in spec[1])):
            raise WireError("bad array description")
        dtype, shape = DTYPES[spec[0]], tuple(spec[1])
        if math.prod(d for d in shape if d) > MAX_DIM:   # also arrays with no elements: (0, 2**30, 2**30)
            raise WireError("array too large")
        size = math.prod(shape) * dtype.itemsize
        total += size
        if total > max_message:
            raise WireError("message too large")
        layout.append((dtype, shape, size))
    return header.get("m"), layout, total


def unpack_from(read, max_message=MAX_MESSAGE):
    """Read one message with ``read(n)``; returns (message, arrays). Enforces every limit:
    whatever the bytes, it returns a well-formed message or raises ``WireError``."""
    hlen = _frame(_read_exactly(read, 8))
    message, layout, _ = _header(_read_exactly(read, hlen), max_message)
    arrays = []
    for dtype, shape, size in layout:
        data = _read_exactly(read, size) if size else b""
        arrays.append(np.frombuffer(data, dtype=dtype).reshape(shape).copy())
    return message, arrays


class Unpacker:
    """Messages from bytes that arrive in pieces of any size (``feed``): ``next()`` returns
    (message, arrays) once one is whole, else None; ``need()`` is how many more bytes it takes at
    least. The same checks as ``unpack_from``, made as soon as the header is there (so a message
    too large is refused before its bytes are read)."""

    def __init__(self, max_message=MAX_MESSAGE):
        self.max_message = max_message
        self.data = bytearray()
        self._head = None              # (where the arrays start, message, layout, their bytes)

    def feed(self, chunk):
        self.data += chunk

    def need(self):
        if self._head is None:
            if len(self.data) < 8:
                return 8 - len(self.data)
            return 8 + _frame(self.data[:8]) - len(self.data)
        start, _, _, total = self._head
        return start + total - len(self.data)

    def next(self):
        head, data = self._head, self.data
        if head is None:
            if len(data) < 8:
                return None
            hlen = _frame(data[:8])
            if len(data) < 8 + hlen:
                return None
            message, layout, total = _header(bytes(data[8:8 + hlen]), self.max_message)
            head = self._head = (8 + hlen, message, layout, total)
        start, message, layout, total = head
        if len(self.data) < start + total:
            return None
        arrays, at = [], start
        for dtype, shape, size in layout:
            if size:
                arrays.append(np.frombuffer(self.data, dtype=dtype, count=size // dtype.itemsize, offset=at)
                              .reshape(shape).copy())
            else:
                arrays.append(np.zeros(shape, dtype=dtype))
            at += size
        del self.data[:start + total]
        self._head = None
        return message, arrays


# --------------------------------------------------------------------------------------------
# The student's side: a dispatcher that answers requests
# --------------------------------------------------------------------------------------------

class _ImportFailed(ImportError):
    """A module of the package could not be imported (``info`` describes why, and where)."""

    def __init__(self, info):
        super().__init__(info["message"])
        self.info = info


# --------------------------------------------------------------------------------------------
# Imports: the grader runs the student's code with NumPy and Python's standard library
# --------------------------------------------------------------------------------------------

ALLOWED_PACKAGES = frozenset({"numpy"})
# Provided modules of course_lib that load data or draw (scikit-learn, matplotlib): no graded code
# is in them, and the notebooks' earlier cells, which the notebook grader may run, use them.
PROVIDED_MODULES = frozenset({"datasets", "plotting"})


class ImportGuard:
    """Refuses, to the code of the student's ``package``, every top-level package but NumPy and the
    standard library: what the grader runs student code with. The grader's child and the
    self-check install the same guard, so a solution that imports SciPy or scikit-learn (present
    where students work) fails ``make check`` with the message grading gives, instead of passing
    it and failing only at grading. Imports made by other code (pytest, NumPy itself, the provided
    ``datasets`` and ``plotting`` modules) are left alone.

    Two hooks, because a module already imported (SciPy, once scikit-learn has loaded it in a
    notebook) never reaches ``sys.meta_path``: ``builtins.__import__`` (the ``import``
    statement) judges by the importing module's name, and the ``sys.meta_path`` finder
    (``importlib.import_module``) by the calling frame."""

    def __init__(self, package):
        import sys

        self.package = package
        self.allowed = frozenset(sys.stdlib_module_names) | ALLOWED_PACKAGES | {package}

    def graded(self, module_name) -> bool:
        """Whether code of the module ``module_name`` is held to the grader's imports."""
        if module_name == self.package:
            return True
        if module_name.startswith(self.package + "."):
            return module_name.split(".")[1] not in PROVIDED_MODULES
        return False

    def refuse(self, top):
        raise ModuleNotFoundError(f"No module named {top!r} for course_lib: the grader runs your code with "
                                  "NumPy and Python's standard library only", name=top)

    def _caller(self):
        import sys
        import types

        frame: types.FrameType | None = sys._getframe(2)
        while frame is not None:
            name = frame.f_globals.get("__name__", "") or ""
            if name.startswith(("importlib", "_frozen_importlib")) or name == __name__:
                frame = frame.f_back
                continue
            return name
        return ""

    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top not in self.allowed and self.graded(self._caller()):
            self.refuse(top)
        return None

    def wrap(self, original):
        """``builtins.__import__`` that refuses what ``find_spec`` refuses, cached modules included."""

        def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
            if level == 0 and globals is not None:
                top = name.partition(".")[0]
                if top not in self.allowed and self.graded(globals.get("__name__") or ""):
                    self.refuse(top)
            return original(name, globals, locals, fromlist, level)

        guarded_import.import_guard = self          # type: ignore[attr-defined]
        return guarded_import


def guard_imports(package="course_lib"):
    """Install an ``ImportGuard`` for ``package`` (once per process)."""
    import builtins
    import sys

    if any(isinstance(f, ImportGuard) for f in sys.meta_path):
        return
    guard = ImportGuard(package)
    sys.meta_path.insert(0, guard)
    builtins.__import__ = guard.wrap(builtins.__import__)


def _error(exc, package):
    """Describe an exception raised by student code: its type, its message, and where in the
    student's files it happened (``frames``: [file name, line] pairs, innermost last). The checking
    side decides what of it a student may see."""
    if isinstance(exc, _ImportFailed):
        return dict(exc.info)
    frames = traceback.extract_tb(exc.__traceback__)
    mine = [[os.path.basename(f.filename), f.lineno] for f in frames
            if f"{package}{os.sep}" in f.filename or f"/{package}/" in f.filename]
    if isinstance(exc, SyntaxError) and exc.filename and f"/{package}/" in exc.filename:
        mine.append([os.path.basename(exc.filename), exc.lineno or 0])
    try:
        message = str(exc)
    except Exception:
        message = "(its message could not be read)"
    return {"type": type(exc).__name__, "message": message[:2000], "frames": mine[-3:]}


def _summary(value):
    """What a result is, without its data (for timing a call on big inputs)."""
    if type(value) is np.ndarray:
        return {"type": "ndarray", "shape": list(value.shape), "dtype": value.dtype.str}
    if type(value) in (float, int) or isinstance(value, np.generic):
        return {"type": "number", "shape": None, "dtype": None}
    return {"type": type(value).__name__, "shape": None, "dtype": None}


class Dispatcher:
    """Answers requests against the package ``package`` (``course_lib``) on the student's side.

    Requests (dicts):
      ``{"op": "call", "target": "losses.mse" | {"$ref": id}, "method": name?, "args": [...],
      "kwargs": {...}}``, ``{"op": "get", "ref": id, "path": [...]}``, ``{"op": "set", "ref": id,
      "path": [...], "value": v, "inplace": bool}``, ``{"op": "put", "value": v}``,
      ``{"op": "import", "module": name}``, ``{"op": "cell", "source": text, "names": [...],
      "prelude": [text, ...], "fresh": bool}`` (see ``run_cell``), and ``{"op": "batch",
      "requests": [request, ...]}``, each run whatever the others did.
    Replies: ``{"ok": value}`` or ``{"error": {type, message, frames}}``; for a batch,
    ``{"batch": [{"ok": value} or {"error": ...}, ...]}``. (What a request cost is measured by the
    grader, from the kernel: nothing the student's side says about it would be worth reading.)
    """

    def __init__(self, package="course_lib"):
        self.package = package
        self.objects = {}      # handle id -> object (keeps it alive, so its id() stays unique)
        self.ids = {}          # id(object) -> handle id
        # Handle ids start at a random point, so that a handle kept from a child that has since
        # been restarted names no object here (rather than whichever object got its number).
        self.next_id = 1 + (int.from_bytes(os.urandom(4), "little") << 10)
        self.failed_imports = {}
        self.generated = {}
        self.namespace = None  # the namespace of notebook cells (``run_cell``)

    def run_cell(self, request):
        """Run a notebook cell's source (a student's answer cell) and return the variables the
        grader asks for (``names``) as plain data, with the cell's exception if it raised one:
        ``{"values": {name: value}, "error": {type, message, line} or None}``. ``fresh`` starts a
        new namespace (else the cell continues the last one, as cells of one notebook do);
        ``prelude`` statements (the notebook's imports) run first, each on its own, and their
        failures are ignored. The values are returned even when the cell raised after assigning
        them, as a notebook's later cells would still see them."""
        import builtins

        if request.get("fresh", True) or self.namespace is None:
            self.namespace = {"__name__": "__main__", "__builtins__": builtins}
        for statement in request.get("prelude", []):
            try:
                exec(compile(str(statement), "<imports>", "exec"), self.namespace)
            except BaseException:  # an import that fails leaves its name undefined
                pass
        filename = "<cell>"
        error = None
        try:
            exec(compile(str(request["source"]), filename, "exec"), self.namespace)
        except BaseException as exc:  # the student's cell may raise anything, SystemExit included
            lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
            if isinstance(exc, SyntaxError) and exc.filename == filename:
                lines.append(exc.lineno or 0)
            try:
                message = str(exc)
            except BaseException:
                message = "(its message could not be read)"
            error = {"type": type(exc).__name__, "message": message[:2000], "line": lines[-1] if lines else 0}
        names = [n for n in request.get("names", []) if isinstance(n, str)]
        return {"values": {n: self.namespace[n] for n in names if n in self.namespace}, "error": error}

    def register(self, obj):
        oid = self.ids.get(id(obj))
        if oid is None or self.objects.get(oid) is not obj:
            oid = self.next_id
            self.next_id += 1
            self.objects[oid] = obj
            self.ids[id(obj)] = oid
        return oid

    def module(self, name):
        if name in self.failed_imports:
            raise _ImportFailed(self.failed_imports[name])
        full = f"{self.package}.{name}"
        try:
            return importlib.import_module(full)
        except BaseException as exc:  # SyntaxError, SystemExit at import, ...
            if isinstance(exc, KeyboardInterrupt):
                raise
            info = _error(exc, self.package)
            info["message"] = f"{full} could not be imported: {info['type']}: {info['message']}"[:2000]
            info["type"] = "ImportError"
            self.failed_imports[name] = info
            raise _ImportFailed(info) from None

    def resolve(self, value):
        if isinstance(value, dict) and set(value) == {"$gen"}:
            key = json.dumps(value["$gen"])
            if key not in self.generated:  # value and gradient of one check share their inputs
                if len(self.generated) >= 4:
                    self.generated.pop(next(iter(self.generated)))
                self.generated[key] = generate(*value["$gen"])
            return self.generated[key]
        if isinstance(value, Handle):
            if value.id not in self.objects:
                raise KeyError(f"unknown object {value.id}")
            return self.objects[value.id]
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self.resolve(v) for v in value)
        if isinstance(value, dict):
            return {k: self.resolve(v) for k, v in value.items()}
        return value

    def _walk(self, obj, path):
        for step in path:
            if isinstance(step, str) and not isinstance(obj, dict):
                obj = getattr(obj, step)
            else:
                obj = obj[step]
        return obj

    def _run(self, request):
        """Run one decoded request; returns its result (raises whatever the student's code raises)."""
        op = request.get("op")
        if op == "call":
            target = request["target"]
            if isinstance(target, Handle):
                fn = getattr(self.resolve(target), request["method"])
            else:
                module_name, _, attr = target.partition(".")
                fn = self._walk(self.module(module_name), attr.split("."))
            result = fn(*self.resolve(request.get("args", [])), **self.resolve(request.get("kwargs", {})))
        elif op == "get":
            result = self._walk(self.resolve(Handle(request["ref"])), request.get("path", []))
        elif op == "set":
            obj = self.resolve(Handle(request["ref"]))
            path, value = request["path"], self.resolve(request["value"])
            if request.get("inplace") and isinstance(value, dict):  # several arrays at once
                target = self._walk(obj, path)
                for key, item in value.items():
                    target[key][...] = item
            elif request.get("inplace"):
                self._walk(obj, path)[...] = value
            else:
                parent, last = self._walk(obj, path[:-1]), path[-1]
                if isinstance(last, str) and not isinstance(parent, dict):
                    setattr(parent, last, value)
                else:
                    parent[last] = value
            result = None
        elif op == "put":
            result = Handle(self.register(self.resolve(request["value"])), "value")
        elif op == "import":
            self.module(request["module"])
            result = None
        elif op == "cell":
            result = self.run_cell(request)
        elif op == "release":
            for oid in request.get("refs", []):
                obj = self.objects.pop(oid, None)
                self.ids.pop(id(obj), None)
            result = None
        else:
            raise ValueError(f"unknown op {op!r}")
        if request.get("summary"):
            result = _summary(result)
        return result

    def _answer(self, request, encoder):
        """One request's reply (``{"ok": encoded}`` or ``{"error": ...}``), its arrays in ``encoder``."""
        arrays_before = len(encoder.arrays)
        try:
            if not isinstance(request, dict):
                raise ValueError("a request must be a dict")
            return {"ok": encoder.encode(self._run(request))}
        except (SystemExit, KeyboardInterrupt, GeneratorExit) as exc:
            del encoder.arrays[arrays_before:]
            return {"error": {"type": type(exc).__name__, "message": "the code tried to exit the interpreter",
                              "frames": []}}
        except BaseException as exc:  # student code may raise anything
            del encoder.arrays[arrays_before:]
            return {"error": _error(exc, self.package)}

    def handle(self, message, arrays):
        """Run one request; returns (reply, reply_arrays).

        A ``{"op": "batch", "requests": [...]}`` runs each request in turn, whatever the others
        raise, and replies ``{"batch": [reply, ...]}``: many calls in one round trip."""
        encoder = Encoder(register=self.register)
        try:
            request = decode(message, arrays, make_handle=lambda i, t: Handle(i, t), allow_gen=True)
        except BaseException as exc:  # a malformed request
            reply = {"error": _error(exc, self.package)}
        else:
            if isinstance(request, dict) and request.get("op") == "batch" and isinstance(request.get("requests"), list):
                reply = {"batch": [self._answer(r, encoder) for r in request["requests"]]}
            else:
                reply = self._answer(request, encoder)
        return reply, encoder.arrays


def serve(read, write, dispatcher):
    """Answer requests until the other side closes the connection. ``read(n)`` returns what is
    there, up to ``n`` bytes (``os.read``), and ``b""`` at the end."""
    unpacker = Unpacker()
    while True:
        got = unpacker.next()
        if got is None:
            chunk = read(max(unpacker.need(), 1 << 16))
            if not chunk:
                return
            unpacker.feed(chunk)
            continue
        message, arrays = got
        reply, reply_arrays = dispatcher.handle(message, arrays)
        try:
            data = pack(reply, reply_arrays)
        except Exception as exc:  # an array numpy cannot save, say
            data = pack({"error": {"type": "WireError", "message": str(exc)[:500], "frames": []}})
        write(data)

