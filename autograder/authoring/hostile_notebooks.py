"""Hostile notebooks: attacks on the notebooks route (``python -m autograder notebooks``, its
``--gradebook`` path and the notebooks formgrader shows, Gradescope's notebook questions), the
notebook counterpart of ``hostile.py``.

Each attack is a student (``NotebookAttack``) who hands in every notebook of the course, built
from the **released** notebooks with the model answers written in (an honest student's work),
then spoiled in one way:

* ``answers``: answer cells replaced by hostile code (hangs of every kind, exits, crashes,
  escapes from the sandbox, values that lie), one attack per question;
* ``spoil``: one notebook's JSON spoiled (truncated, malformed nbgrader metadata, outputs
  carrying HTML and JavaScript, nesting that grows when re-serialized, a cell claiming to be a
  test cell, ...);
* ``key_oracle``: the answers an attacker recovers by enumerating simple numbers against the
  self-check keys printed in the released notebooks (``oracle_answers``).

``earns`` says which questions the attack must still earn (its honest ones), so a test can
assert the exact outcome: an attack costs its own question and nothing else, and gains nothing.
``build_class(dest, honest=N)`` writes the attacks and ``N`` honest students in nbgrader's
``submitted/STUDENT/ASSIGNMENT/`` layout (with ``timestamp.txt``), with a README of every attack.
"""

from __future__ import annotations

import dataclasses
import json
import pathlib
import re
import shutil
from collections.abc import Callable

from .. import ROOT, SOLUTIONS, STUDENT_LIB

RELEASED = ROOT / "notebooks"
SOURCES = SOLUTIONS / "notebooks"
SOLUTION = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.M)
STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
MARKER = "course-grader-hostile-notebook"
STAMP = "2026-11-22 12:00:00.000000 UTC"


def assignments() -> list[str]:
    return sorted(p.name for p in SOURCES.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def _grade_id(cell: dict) -> str | None:
    md = cell.get("metadata", {}).get("nbgrader", {})
    return md.get("grade_id") if isinstance(md, dict) else None


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def answer_cells() -> dict[str, tuple[str, str]]:
    """{assignment: (answer cell's grade_id, the model answer as a student would write it)}: the
    source notebook's answer cell with its solution markers taken out."""
    found = {}
    for name in assignments():
        cells = json.loads((SOURCES / name / f"{name}.ipynb").read_text())["cells"]
        for i, cell in enumerate(cells):
            md = cell.get("metadata", {}).get("nbgrader", {})
            if md.get("grade") and cell["cell_type"] == "code":
                answer = cells[i - 1]
                found[name] = (_grade_id(answer), SOLUTION.sub("", _source(answer)))
    return found


def honest_notebooks(answers: dict[str, str] | None = None) -> dict[str, dict]:
    """{assignment: notebook JSON}: the released notebooks with the model answers (or ``answers``,
    by assignment, in their place) in the answer cells."""
    model = answer_cells()
    out = {}
    for name in assignments():
        nb = json.loads((RELEASED / name / f"{name}.ipynb").read_text())
        grade_id, text = model[name]
        text = (answers or {}).get(name, text)
        for cell in nb["cells"]:
            if _grade_id(cell) == grade_id:
                cell["source"] = text
        out[name] = nb
    return out


# --------------------------------------------------------------------------------------------
# Answer cells that attack
# --------------------------------------------------------------------------------------------

HANGS = {
    "loop": "while True:\n    pass",
    "sleep": "import time\ntime.sleep(100_000)",
    "loop_ignoring_sigterm": "import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True:\n    pass",
    "pause": "import signal\nsignal.pause()",
    "stop_itself": "import os, signal\nos.kill(os.getpid(), signal.SIGSTOP)",
    "backtracking_in_c": "import re\nre.match(r'(a+)+$', 'a' * 60 + 'b')",   # ages inside one C call
    "blocked_thread_wait": "import threading\nthreading.Event().wait()",
    "select_on_nothing": "import select\nselect.select([], [], [])",
    "loop_catching_everything": "while True:\n    try:\n        pass\n    except BaseException:\n        pass",
}

CRASHES = {
    "exit_before": "import sys\nsys.exit(0)",
    "os_exit": "import os\nos._exit(3)",
    "segfault": "import ctypes\nctypes.string_at(0)",
    "keyboard_interrupt": "raise KeyboardInterrupt",
    "memory_bomb": "hoard = []\nwhile True:\n    hoard.append(bytearray(50 * 1024 * 1024))",
    "fork_bomb": "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass",
    "close_the_pipes": "import os\nfor fd in range(3, 256):\n    try:\n        os.close(fd)\n"
                       "    except OSError:\n        pass",
    "huge_allocation": "x = bytearray(10 ** 12)",
    "recursion": "def f(n):\n    return f(n + 1)\nf(0)",
}

# Each tries to pass with a wrong value (0, or whatever it could steal): none may earn a point.
ESCAPES = {
    # the instructor's notebooks (hidden asserts included) where the grader keeps them
    "read_instructor_notebook": f"found = open({str(SOURCES / '00_welcome' / '00_welcome.ipynb')!r}).read()",
    "patch_numpy": "np.allclose = lambda *a, **k: True\nnp.isclose = lambda *a, **k: True\n",
    "patch_builtins": "import builtins\nbuiltins.abs = lambda x: 0\nbuiltins.len = lambda x: 2\n"
                      "builtins.isinstance = lambda *a: True\n",
    "lying_float": "class Liar(float):\n    def __eq__(self, other):\n        return True\n"
                   "    def __sub__(self, other):\n        return 0.0\n    __rsub__ = __sub__\n"
                   "    def __abs__(self):\n        return 0.0\n",
    "lying_array": "class Liar(np.ndarray):\n    def __eq__(self, other):\n        return np.ones(4, bool)\n",
    "opaque_object": "class Anything:\n    def __eq__(self, other):\n        return True\n",
    "deep_list": "x = []\nfor _ in range(100_000):\n    x = [x]\n",
    "forged_reply": ("import sys, struct\nwire = sys.modules.get('wire')\nif wire is not None:\n"
                     "    wire.pack = lambda message, arrays=(): b'CLW1' + struct.pack('<I', 2) + b'{}'\n"),
    "generator": "",
}


def _escape_answer(name: str, attack: str) -> str:
    """An escape attack on the answer variables of ``name``'s question, each set to a wrong value
    (or to the attack's object)."""
    variables = _answer_variables(name)
    body = ESCAPES[attack]
    if attack in ("lying_float", "opaque_object"):
        value = {"lying_float": "Liar(0.0)", "opaque_object": "Anything()"}[attack]
    elif attack == "lying_array":
        value = "np.zeros(4).view(Liar)"
    elif attack == "deep_list":
        value = "x"
    elif attack == "generator":
        value = "(i for i in range(3))"
    else:
        value = "0"
    return body + "\n" + "\n".join(f"{v} = {value}" for v in variables)


def _answer_variables(name: str) -> list[str]:
    """The variables a question's answer cell binds (its model answer's assignments)."""
    import ast

    text = answer_cells()[name][1]
    return [t.id for node in ast.parse(text).body if isinstance(node, ast.Assign)
            for t in node.targets if isinstance(t, ast.Name)]


# --------------------------------------------------------------------------------------------
# Notebooks whose JSON attacks
# --------------------------------------------------------------------------------------------

def _dump(nb: dict) -> bytes:
    return json.dumps(nb).encode()


def truncated(nb: dict) -> bytes:
    """Cut in the middle (an upload that stopped, or a disk that filled: also an honest accident)."""
    data = _dump(nb)
    return data[: len(data) // 2]


def _cell_by_kind(nb: dict, kind: str) -> dict:
    """The notebook's answer cell ("answer"), test cell ("test") or first written answer ("written")."""
    for i, cell in enumerate(nb["cells"]):
        md = cell.get("metadata", {}).get("nbgrader", {})
        if kind == "test" and md.get("grade") and cell["cell_type"] == "code":
            return cell
        if kind == "answer" and md.get("solution") and cell["cell_type"] == "code" and not md.get("grade"):
            nxt = nb["cells"][i + 1].get("metadata", {}).get("nbgrader", {})
            if nxt.get("grade"):
                return cell
        if kind == "written" and md.get("solution") and cell["cell_type"] == "markdown":
            return cell
    raise LookupError(kind)


def grade_id_not_a_string(nb: dict) -> bytes:
    cell = _cell_by_kind(nb, "answer")
    cell["metadata"]["nbgrader"]["grade_id"] = [cell["metadata"]["nbgrader"]["grade_id"]]
    return _dump(nb)


def points_not_a_number(nb: dict) -> bytes:
    """The test cell's points a string, and 1000 (the grader's points are the instructor's)."""
    _cell_by_kind(nb, "test")["metadata"]["nbgrader"]["points"] = "1000"
    return _dump(nb)


def flags_not_booleans(nb: dict) -> bytes:
    md = _cell_by_kind(nb, "answer")["metadata"]["nbgrader"]
    md["solution"], md["grade"] = "yes", {"no": 0}
    return _dump(nb)


def deep_metadata(nb: dict) -> bytes:
    """Metadata nested 800 deep in every cell: small on disk, ~quadratic once re-serialized with
    indentation (the reason autograded/ is never the student's JSON written back)."""
    deep: object = "x"
    for _ in range(400):
        deep = {"a": [deep]}
    for cell in nb["cells"]:
        cell["metadata"]["deep"] = deep
    return _dump(nb)


def nested_too_deep(nb: dict) -> bytes:
    """JSON nested 200,000 deep: no parser may recurse into it."""
    return b'{"cells": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"


def html_everywhere(nb: dict) -> bytes:
    """Outputs that carry HTML and JavaScript on every code cell, and a written answer made of raw
    HTML and a javascript: link: none may reach formgrader's pages or the feedback as markup."""
    script = f"<script>document.title='{MARKER}'</script>"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = [
                {"output_type": "display_data", "metadata": {},
                 "data": {"text/html": script, "application/javascript": f"alert('{MARKER}')",
                          "text/plain": "x"}},
                {"output_type": "stream", "name": "stdout", "text": script},
            ]
            cell["execution_count"] = 1
    written = _cell_by_kind(nb, "written")
    written["source"] = (f"My answer. {script} <img src=x onerror=\"alert('{MARKER}')\"> "
                         f"[click](javascript:alert('{MARKER}')) $\\href{{javascript:alert(1)}}{{x}}$ "
                         f"\\`<script>alert('{MARKER}')</script>`")
    return _dump(nb)


def fake_test_cell(nb: dict) -> bytes:
    """A cell the student added before the real test cell, claiming its grade_id, 1000 points and
    a test that always passes; the real test cell edited to pass too."""
    test = _cell_by_kind(nb, "test")
    fake = json.loads(json.dumps(test))
    fake["source"] = "pass"
    fake["metadata"]["nbgrader"]["points"] = 1000
    nb["cells"].insert(nb["cells"].index(test), fake)
    test["source"] = "pass"
    return _dump(nb)


def bad_cells(nb: dict) -> bytes:
    """Cells that are not cells (a number, a list, an unknown type), and an answer cell whose source
    is a list of numbers: the notebook is read, that answer is not."""
    _cell_by_kind(nb, "answer")["source"] = [1, 2, 3]
    nb["cells"][:0] = [7, ["x"], {"cell_type": "widget", "source": "x"}, {"cell_type": "code", "source": 5}]
    return _dump(nb)


def huge_answer(nb: dict) -> bytes:
    cell = _cell_by_kind(nb, "answer")
    cell["source"] = _source(cell) + "\n" + "# padding\n" * 40_000
    return _dump(nb)


def not_utf8(nb: dict) -> bytes:
    return b"\xff\xfe" + _dump(nb)


def cells_not_a_list(nb: dict) -> bytes:
    nb["cells"] = {"0": nb["cells"][0]}
    return _dump(nb)


def many_cells(nb: dict) -> bytes:
    """Fifty thousand empty cells before the notebook's own."""
    nb["cells"][:0] = [{"cell_type": "markdown", "metadata": {}, "source": ""}] * 50_000
    return _dump(nb)


def duplicate_answer(nb: dict) -> bytes:
    """A second copy of the answer cell, after the test cell, holding a wrong value: the first
    cell with the grade_id counts, as in nbgrader."""
    answer = _cell_by_kind(nb, "answer")
    copy = json.loads(json.dumps(answer))
    copy["source"] = "\n".join(f"{v} = -12345" for v in _answer_variables_of(answer))
    nb["cells"].append(copy)
    return _dump(nb)


def _answer_variables_of(cell: dict) -> list[str]:
    import ast

    return [t.id for node in ast.parse(_source(cell)).body if isinstance(node, ast.Assign)
            for t in node.targets if isinstance(t, ast.Name)]


# --------------------------------------------------------------------------------------------
# The self-check keys as an answer oracle
# --------------------------------------------------------------------------------------------

EXPECT = re.compile(r'expect\("(\w+)",\s*(\w+),\s*"([^"]+)"\)')


def released_keys() -> dict[str, list[tuple[str, str]]]:
    """{assignment: [(variable, key)]}: every self-check key printed in the released notebooks."""
    found: dict[str, list[tuple[str, str]]] = {}
    for name in assignments():
        for cell in json.loads((RELEASED / name / f"{name}.ipynb").read_text())["cells"]:
            for m in EXPECT.finditer(_source(cell)):
                found.setdefault(name, []).append((m.group(1), m.group(3)))
    return found


def simple_numbers() -> list[float]:
    """What an attacker tries first: numbers with few digits, simple fractions, logs and roots."""
    import math

    values = {float(k) for k in range(-20, 101)}
    values |= {k / 10 for k in range(-100, 101)} | {k / 100 for k in range(-100, 101)}
    values |= {a / b for a in range(1, 13) for b in range(1, 13)}
    values |= {math.log(k) for k in range(2, 21)} | {math.sqrt(k) for k in range(2, 21)}
    values |= {math.log(a / b) for a in range(1, 9) for b in range(1, 9) if a != b}
    return sorted(values)


def oracle_answers(candidates: list[float] | None = None, keys=None) -> dict[str, dict[str, object]]:
    """{assignment: {variable: value}}: for each key printed in the released notebooks, the first
    candidate it accepts (lists of numbers are tried element-wise from the same candidates for up
    to 4 elements only when the key is for a list; here only numbers and small integer pairs)."""
    from checks.answers import matches

    candidates = simple_numbers() if candidates is None else candidates
    found: dict[str, dict[str, object]] = {}
    for name, pairs in (keys or released_keys()).items():
        for variable, key in pairs:
            shape = key.split(":")[1]
            for value in candidates:
                if shape == "int" and value != int(value):
                    continue
                if matches(int(value) if shape == "int" else value, key):
                    found.setdefault(name, {})[variable] = int(value) if shape == "int" else value
                    break
    return found


def oracle_answer_cells(recovered: dict[str, dict[str, object]]) -> dict[str, str]:
    """Answer cells that put each recovered value in every answer variable of its question (the
    attacker does not know which key belongs to the graded value, so it tries the key's value
    everywhere: the variable the key names, and the others; 0 where nothing was recovered)."""
    cells = {}
    for name in assignments():
        got = recovered.get(name, {}) or {"": 0.0}     # nothing recovered: a guess
        lines = []
        for v in _answer_variables(name):
            value = got.get(v, next(iter(got.values())))
            lines.append(f"{v} = {value!r}")
        cells[name] = "\n".join(lines)
    return cells


# --------------------------------------------------------------------------------------------
# The attacks, as students
# --------------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class NotebookAttack:
    name: str
    what: str
    answers: dict[str, str] = dataclasses.field(default_factory=dict)   # assignment -> answer cell
    spoil: tuple[str, Callable[[dict], bytes]] | None = None            # (assignment, how)
    earns: frozenset[str] | None = None     # assignments whose question it still earns (None: all others)
    flagged: bool = False                   # the instructor must be told (a note in the problem column)

    def earned(self, all_assignments: list[str]) -> set[str]:
        if self.earns is not None:
            return set(self.earns)
        lost = set(self.answers) | ({self.spoil[0]} if self.spoil else set())
        return set(all_assignments) - lost


def _one_each(kinds: dict[str, str], make=None) -> dict[str, str]:
    """One attack per question, in the assignments' order."""
    names = assignments()
    return {a: (make(a, k) if make else code) for a, (k, code) in zip(names, kinds.items())}


def attacks() -> list[NotebookAttack]:
    names = assignments()
    first, second = names[0], names[1]
    return [
        NotebookAttack("one_hang", f"an endless loop in {first}'s answer cell, every other answer right",
                       answers={first: HANGS["loop"]}),
        NotebookAttack("hangs_everywhere", "every answer cell hangs, each in its own way: "
                       + ", ".join(HANGS), answers=_one_each(HANGS), earns=frozenset()),
        NotebookAttack("background_thread", f"{first}'s answer is right and leaves a thread spinning in the "
                       "sandbox for the questions after it", answers={first: answer_cells()[first][1]
                       + "\nimport threading\nthreading.Thread(target=lambda: [0 for _ in iter(int, 1)], "
                       "daemon=True).start()\n"}, earns=frozenset(names)),
        NotebookAttack("crashes", "every answer cell ends its process or its own code: " + ", ".join(CRASHES),
                       answers=_one_each(CRASHES), earns=frozenset()),
        NotebookAttack("exit_after_answering", f"{second}'s answer is right, then sys.exit() and a print of "
                       "20 MB (a notebook's later cells would still see the answer: it keeps its point)",
                       answers={second: answer_cells()[second][1] + "\nprint('x' * 20_000_000)\n"
                                "import sys\nsys.exit(0)\n"}, earns=frozenset(names)),
        NotebookAttack("escapes", "every answer cell tries to pass with a wrong value: " + ", ".join(ESCAPES),
                       answers={a: _escape_answer(a, k) for a, k in zip(names, ESCAPES)}, earns=frozenset()),
        NotebookAttack("truncated", f"{first}.ipynb cut in the middle (an honest accident too)",
                       spoil=(first, truncated), flagged=True),
        NotebookAttack("grade_id_not_a_string", f"{names[1]}'s answer cell has a list for a grade_id",
                       spoil=(names[1], grade_id_not_a_string), flagged=True),
        NotebookAttack("points_not_a_number", f"{names[2]}'s test cell says points: \"1000\"",
                       spoil=(names[2], points_not_a_number), earns=frozenset(names), flagged=True),
        NotebookAttack("flags_not_booleans", f"{names[3]}'s answer cell says solution: \"yes\"",
                       spoil=(names[3], flags_not_booleans), flagged=True),
        NotebookAttack("deep_metadata", f"{names[4]}'s cells carry metadata nested 800 deep",
                       spoil=(names[4], deep_metadata), earns=frozenset(names)),
        NotebookAttack("nested_too_deep", f"{names[5]}.ipynb is JSON nested 200,000 deep",
                       spoil=(names[5], nested_too_deep), flagged=True),
        NotebookAttack("html_everywhere", f"{names[6]}'s outputs and a written answer carry HTML and "
                       "JavaScript", spoil=(names[6], html_everywhere), earns=frozenset(names)),
        NotebookAttack("fake_test_cell", f"{names[7]} has an added cell claiming the test cell's grade_id "
                       "and 1000 points, and its real test cell edited to `pass`",
                       spoil=(names[7], fake_test_cell), earns=frozenset(names), flagged=True),
        NotebookAttack("bad_cells", f"{names[8]} has cells that are not cells and an answer whose source is "
                       "numbers", spoil=(names[8], bad_cells), flagged=True),
        NotebookAttack("huge_answer", f"{first}'s answer cell is 400,000 characters long",
                       spoil=(first, huge_answer), flagged=True),
        NotebookAttack("not_utf8", f"{second}.ipynb starts with bytes that are not UTF-8",
                       spoil=(second, not_utf8), flagged=True),
        NotebookAttack("cells_not_a_list", f"{names[2]}.ipynb's cells are a mapping",
                       spoil=(names[2], cells_not_a_list), flagged=True),
        NotebookAttack("many_cells", f"{names[3]}.ipynb has 50,000 empty cells first",
                       spoil=(names[3], many_cells), flagged=True),
        NotebookAttack("duplicate_answer", f"{names[4]} has a second, wrong copy of its answer cell",
                       spoil=(names[4], duplicate_answer), earns=frozenset(names), flagged=True),
    ]


def key_oracle_attack(candidates: list[float] | None = None) -> NotebookAttack:
    """The answers recovered from the released self-check keys, in every answer variable."""
    recovered = oracle_answers(candidates)
    return NotebookAttack("key_oracle", "every answer is what enumerating simple numbers against the "
                          "self-check keys printed in the released notebooks recovers",
                          answers=oracle_answer_cells(recovered), earns=frozenset())


def write_student(folder: pathlib.Path, notebooks: dict[str, bytes], stamp: str = STAMP) -> None:
    """nbgrader's submitted/STUDENT/: per assignment its notebook, the student version of
    course_lib/ (the notebooks route does not grade it) and timestamp.txt."""
    for name, data in notebooks.items():
        target = folder / name
        target.mkdir(parents=True, exist_ok=True)
        (target / f"{name}.ipynb").write_bytes(data)
        shutil.copytree(STUDENT_LIB, target / "course_lib", ignore=shutil.ignore_patterns("__pycache__"),
                        dirs_exist_ok=True)
        (target / "timestamp.txt").write_text(stamp)


def build_attack(folder: pathlib.Path, attack: NotebookAttack) -> None:
    notebooks = {a: _dump(nb) for a, nb in honest_notebooks(attack.answers).items()}
    if attack.spoil is not None:
        name, how = attack.spoil
        notebooks[name] = how(honest_notebooks(attack.answers)[name])
    write_student(folder, notebooks)


def build_class(dest, honest: int = 0, chosen: list[NotebookAttack] | None = None) -> dict[str, NotebookAttack]:
    """Write ``chosen`` attacks (default: all but the key oracle) and ``honest`` honest students
    (``honest0000``...) into ``dest`` in nbgrader's submitted/ layout, with a README; returns
    {student: attack}."""
    dest = pathlib.Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    chosen = attacks() if chosen is None else chosen
    for attack in chosen:
        build_attack(dest / attack.name, attack)
    model = {a: _dump(nb) for a, nb in honest_notebooks().items()}
    for i in range(honest):
        write_student(dest / f"honest{i:04d}", model)
    lines = ["# Hostile notebooks (built by autograder/authoring/hostile_notebooks.py)", "",
             "Attacks on the notebooks route. Do not run these notebooks yourself: some cells never",
             "return, allocate without bound or end their process.", "", "| student | what it does |", "|---|---|"]
    lines += [f"| `{a.name}` | {a.what} |" for a in chosen]
    (dest / "README.md").write_text("\n".join(lines) + "\n")
    return {a.name: a for a in chosen}
