"""Grading the notebooks' auto-graded answer cells at class scale, without running the experiments.

Each auto-graded question of a notebook is a pair of nbgrader cells: a small **answer cell** that
the student writes (``answer_best_constant = 3.0``) and a locked **test cell** with visible asserts
and ``### BEGIN HIDDEN TESTS`` asserts. ``nbgrader autograde`` executes the whole notebook, every
experiment included, to grade them (minutes per student). Answer cells are self-contained (a
release test enforces it: they need nothing but the notebook's imports), so this module runs only
what a question needs, and splits it along the trust boundary:

* the student's answer cell runs **in the sandbox** (``sandbox.Sandbox``, the ``cell`` request
  of ``checks.wire``): a fresh namespace, the notebook's own import statements that the cell
  uses, then the cell; the answer variables come back as plain data;
* the instructor's test cell, hidden asserts included (taken from ``solutions/notebooks``, as
  nbgrader does), runs **in this trusted process** against those plain values, with the trusted
  NumPy. Student code never sees the hidden asserts and cannot rig them: whatever it patched,
  it patched in its own process.

A student's notebook is JSON the student controls: it is read once, its types checked, into a
``student_notebooks.StudentNotebook`` (sources and nbgrader ids only), and never written back out.

A question earns its points when its whole test cell passes, as in nbgrader. An answer cell that
is not self-contained (it uses a variable that an experiment cell defines) is graded by a
sandboxed run of the notebook's earlier code cells, then the answer cell (``fallback``), within
the question's time; the feedback says so and tells the student how to avoid it.

Time: a student's notebooks have ``Limits.submission_timeout`` in all, shared between the
questions (``Clock``): each may run until (time left) / (questions left), and each call into the
sandbox is given a quarter of what its question has left, since the sandbox may stretch it four
times on a busy machine. An endless loop or a sleep costs its own question only. What the grader
itself fails on (a child that cannot start) is retried once, then reported for that question
alone (``graded=False``), never as a grade.

One sandboxed child serves all of one student's notebooks (a fresh namespace per answer cell);
students are graded in parallel, one thread per job (the work happens in the children).
"""

from __future__ import annotations

import ast
import builtins
import collections
import concurrent.futures
import copy
import dataclasses
import json
import os
import pathlib
import shutil
import tempfile
import time
from typing import Any

from checks import wire
from checks.framework import StudentCrash, StudentError, StudentTimeout

from .. import SOLUTIONS
from . import contents
from .limits import Limits
from .student_notebooks import MAX_CELL_CHARS, StudentNotebook, read_notebook

SOURCE_NOTEBOOKS = SOLUTIONS / "notebooks"
# Modules whose names a test cell may use: imported in the trusted process, never the student's.
TRUSTED_MODULES = {"numpy", "math"}
BUILTIN_NAMES = frozenset(dir(builtins))
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
# The first statement of a fallback run: plots go nowhere (where matplotlib exists at all).
FALLBACK_PRELUDE = ["import matplotlib\nmatplotlib.use('Agg')"]


# --------------------------------------------------------------------------------------------
# Cells and names
# --------------------------------------------------------------------------------------------


def cell_source(cell: dict) -> str:
    """A cell's source as one string (nbformat stores a string or a list of lines)."""
    src = cell.get("source", "")
    if isinstance(src, list):
        if not all(isinstance(s, str) for s in src):
            raise ValueError("a cell's source is not text")
        src = "".join(src)
    if not isinstance(src, str):
        raise ValueError("a cell's source is not text")
    return src


def strip_magics(source: str) -> str:
    """Python without IPython's syntax: ``%line`` and ``!shell`` lines become ``pass`` (line numbers
    are kept); a ``%%cell`` magic makes the whole cell empty."""
    if source.lstrip().startswith("%%"):
        return ""
    lines = []
    for line in source.splitlines():
        stripped = line.lstrip()
        lines.append(line[: len(line) - len(stripped)] + "pass" if stripped.startswith(("%", "!")) else line)
    return "\n".join(lines)


def visible_part(source: str) -> str:
    """A test cell as students see it: the hidden regions removed (nbgrader's ClearHiddenTests)."""
    out, hidden = [], False
    for line in source.splitlines():
        if line.strip() == HIDDEN_BEGIN:
            hidden = True
        elif line.strip() == HIDDEN_END:
            hidden = False
        elif not hidden:
            out.append(line)
    return "\n".join(out)


def _scope_names(node: ast.AST) -> tuple[set[str], set[str]]:
    """(names read, names bound) anywhere inside ``node``."""
    loads: set[str] = set()
    stores: set[str] = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            (loads if isinstance(n.ctx, ast.Load) else stores).add(n.id)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            stores |= {(a.asname or a.name).split(".")[0] for a in n.names if a.name != "*"}
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stores.add(n.name)
        elif isinstance(n, ast.arg):
            stores.add(n.arg)
        elif isinstance(n, ast.ExceptHandler) and n.name:
            stores.add(n.name)
        elif isinstance(n, (ast.MatchAs, ast.MatchStar)) and n.name:
            stores.add(n.name)
        elif isinstance(n, ast.MatchMapping) and n.rest:
            stores.add(n.rest)
    return loads, stores


def free_names(source: str) -> set[str]:
    """The names a cell reads before binding them itself (builtins excluded): what it needs from
    elsewhere. Statement by statement; inside one compound statement (a loop, a function) the
    names it binds count as its own."""
    tree = ast.parse(source)
    bound: set[str] = set()
    free: set[str] = set()
    for stmt in tree.body:
        if isinstance(stmt, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            value_loads, value_stores = _scope_names(stmt.value) if stmt.value is not None else (set(), set())
            target_loads, target_stores = set(), set()
            for target in stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]:
                tl, ts = _scope_names(target)
                target_loads |= tl
                target_stores |= ts
            if isinstance(stmt, ast.AugAssign):
                target_loads |= target_stores
            free |= (value_loads - value_stores | target_loads) - bound
            bound |= target_stores
        else:
            loads, stores = _scope_names(stmt)
            free |= loads - bound - stores
            bound |= stores
    return free - BUILTIN_NAMES


def bound_names(source: str) -> set[str]:
    """Every name a cell binds at its top level or inside (assignments, imports, definitions)."""
    return _scope_names(ast.parse(source))[1]


def import_statements(source: str) -> list[tuple[str, str, str]]:
    """The top-level imports of a cell, one per name bound: [(name, module, statement)]."""
    found = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.Import):
            for a in node.names:
                name = a.asname or a.name.split(".")[0]
                statement = f"import {a.name}" + (f" as {a.asname}" if a.asname else "")
                found.append((name, a.name, statement))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for a in node.names:
                if a.name == "*":
                    continue
                name = a.asname or a.name
                statement = f"from {node.module} import {a.name}" + (f" as {a.asname}" if a.asname else "")
                found.append((name, node.module, statement))
    return found


def notebook_imports(sources) -> dict[str, tuple[str, str]]:
    """{name: (module, statement)} for every name the given code cells' sources bind by an import
    (in order, the last binding winning, as when the notebook runs). A source that is None or
    cannot be parsed binds nothing."""
    found: dict[str, tuple[str, str]] = {}
    for text in sources:
        if text is None or len(text) > MAX_CELL_CHARS:
            continue
        try:
            for name, module, statement in import_statements(strip_magics(text)):
                found[name] = (module, statement)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
    return found


def _code_before(cells: list[dict], before: int) -> list[str | None]:
    """The sources of a (trusted, source) notebook's code cells before index ``before``."""
    return [cell_source(c) for c in cells[:before] if c.get("cell_type") == "code"]


# --------------------------------------------------------------------------------------------
# The questions (from the instructor's source notebooks)
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Question:
    """One auto-graded question: an answer cell and the test cell that grades it."""

    assignment: str  # "01_regression_losses"
    notebook: str  # the notebook's file name without .ipynb
    answer_id: str  # grade_id of the answer (solution) cell
    test_id: str  # grade_id of the test cell
    points: float
    test_source: str  # the whole test cell, hidden asserts included
    visible_source: str  # what students see of it
    names: tuple[str, ...]  # the answer variables the test reads
    trusted: tuple[tuple[str, str], ...]  # (name, statement): the trusted imports the test uses
    prompt: str = ""  # the markdown cell before the answer cell

    @property
    def has_hidden(self) -> bool:
        return self.test_source.strip() != self.visible_source.strip()

    @property
    def key(self) -> str:
        return f"{self.assignment}/{self.answer_id}"


@dataclasses.dataclass(frozen=True)
class WrittenQuestion:
    """A written answer (a markdown cell graded by hand)."""

    assignment: str
    notebook: str
    grade_id: str
    points: float
    prompt: str


def _nbgrader(cell: dict) -> dict:
    md = cell.get("metadata", {})
    md = md.get("nbgrader", {}) if isinstance(md, dict) else {}
    return md if isinstance(md, dict) else {}


def _prompt(cells: list[dict], index: int) -> str:
    """The markdown just before cell ``index``: the question as students read it."""
    for j in range(index - 1, -1, -1):
        if cells[j].get("cell_type") == "markdown" and not _nbgrader(cells[j]).get("grade"):
            return cell_source(cells[j]).strip()
        if cells[j].get("cell_type") == "code" and not _nbgrader(cells[j]).get("solution"):
            break
    return ""


def questions_of(path: pathlib.Path, assignment: str) -> tuple[list[Question], list[WrittenQuestion]]:
    """The auto-graded and the written questions of one source notebook."""
    cells = json.loads(path.read_text())["cells"]
    auto, written = [], []
    for i, cell in enumerate(cells):
        md = _nbgrader(cell)
        if not md.get("grade"):
            continue
        if cell.get("cell_type") == "markdown":
            written.append(
                WrittenQuestion(
                    assignment, path.stem, md["grade_id"], float(md.get("points", 0)), _prompt(cells, i)
                )
            )
            continue
        answer_index = next(
            (
                j
                for j in range(i - 1, -1, -1)
                if cells[j].get("cell_type") == "code"
                and _nbgrader(cells[j]).get("solution")
                and not _nbgrader(cells[j]).get("grade")
            ),
            None,
        )
        test = cell_source(cell)
        imports = notebook_imports(_code_before(cells, i))
        answer_names = (
            bound_names(strip_magics(cell_source(cells[answer_index]))) if answer_index is not None else set()
        )
        needed = free_names(strip_magics(test))
        trusted = tuple(
            sorted(
                (n, imports[n][1])
                for n in needed
                if n in imports and imports[n][0].split(".")[0] in TRUSTED_MODULES
            )
        )
        auto.append(
            Question(
                assignment=assignment,
                notebook=path.stem,
                answer_id=_nbgrader(cells[answer_index])["grade_id"] if answer_index is not None else "",
                test_id=md["grade_id"],
                points=float(md.get("points", 0)),
                test_source=test,
                visible_source=visible_part(test),
                names=tuple(sorted(needed & answer_names)),
                trusted=trusted,
                prompt=_prompt(cells, answer_index) if answer_index is not None else "",
            )
        )
    return auto, written


@dataclasses.dataclass(frozen=True)
class Course:
    questions: tuple[Question, ...]
    written: tuple[WrittenQuestion, ...]

    @property
    def points(self) -> float:
        return sum(q.points for q in self.questions)

    def notebooks(self) -> list[tuple[str, str]]:
        """(assignment, notebook) pairs that have auto-graded questions, in order."""
        return list(dict.fromkeys((q.assignment, q.notebook) for q in self.questions))


def load_course(source: pathlib.Path = SOURCE_NOTEBOOKS) -> Course:
    """Every question of the source notebooks (``solutions/notebooks/<assignment>/*.ipynb``)."""
    auto, written = [], []
    for folder in sorted(
        p for p in pathlib.Path(source).iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
    ):
        for path in sorted(folder.glob("*.ipynb")):
            a, w = questions_of(path, folder.name)
            auto += a
            written += w
    return Course(tuple(auto), tuple(written))


def problems(source: pathlib.Path = SOURCE_NOTEBOOKS) -> list[str]:
    """What keeps a question from being graded without running its notebook (for the release
    test): an answer cell that uses names other than the notebook's imports, a test cell that
    uses names other than its answer's variables and trusted imports, a missing answer cell."""
    found = []
    for folder in sorted(p for p in pathlib.Path(source).iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.ipynb")):
            cells = json.loads(path.read_text())["cells"]
            for q in questions_of(path, folder.name)[0]:
                if not q.answer_id:
                    found.append(f"{q.key}: test cell {q.test_id} has no answer cell before it")
                    continue
                index = next(i for i, c in enumerate(cells) if _nbgrader(c).get("grade_id") == q.answer_id)
                imports = notebook_imports(_code_before(cells, index))
                outside = free_names(strip_magics(cell_source(cells[index]))) - set(imports)
                if outside:
                    found.append(
                        f"{q.key}: answer cell {q.answer_id} uses {', '.join(sorted(outside))}, "
                        "which no import of the notebook defines (not self-contained)"
                    )
                test_needs = (
                    free_names(strip_magics(q.test_source)) - set(q.names) - {n for n, _ in q.trusted}
                )
                if test_needs:
                    found.append(
                        f"{q.key}: test cell {q.test_id} uses {', '.join(sorted(test_needs))}, which "
                        "is neither a variable of its answer cell nor a trusted import "
                        f"({', '.join(sorted(TRUSTED_MODULES))})"
                    )
                if not q.names:
                    found.append(f"{q.key}: test cell {q.test_id} reads no variable of its answer cell")
    return found


# --------------------------------------------------------------------------------------------
# A student's notebooks
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass
class StudentWork:
    """What one student handed in, as far as the notebooks are concerned."""

    student: str
    name: str
    notebooks: dict[str, StudentNotebook]  # notebook name (stem) -> what grading uses of it
    modules: dict[str, bytes]  # course_lib modules (the student's, else the provided ones)
    notes: list[str] = dataclasses.field(default_factory=list)
    problem: str = ""  # why nothing could be read
    source: str = ""  # where it was found (nbgrader's timestamp.txt is read from there)


def read_work(
    source: str,
    student: str,
    name: str,
    wanted: set[str],
    provided: dict[str, bytes],
    assignment: str | None = None,
) -> StudentWork:
    """The notebooks named ``wanted`` (stems) and the library found in a submission (folder, zip or
    tarball, any shape), read with the grader's own rules (``contents``: no links, limits). Each
    notebook is parsed here, once (``student_notebooks.read_notebook``): its bytes are not kept."""
    work = StudentWork(student, name, {}, dict(provided), source=source)
    try:
        entries = contents.read(source)
    except contents.Unusable as exc:
        work.problem = str(exc)
        return work
    except Exception as exc:  # whatever one submission raises is its own problem
        work.problem = f"{type(exc).__name__}: {exc}"
        return work
    candidates: dict[str, list[contents.Entry]] = collections.defaultdict(list)
    for e in entries:
        if e.is_dir or not e.name.endswith(".ipynb") or not contents._visible(e.path):
            continue
        stem = e.name[: -len(".ipynb")]
        if stem in wanted:
            candidates[stem].append(e)
    total = 0
    for stem, found in sorted(candidates.items()):
        # nbgrader's layout (ASSIGNMENT/NOTEBOOK.ipynb) first, then the shortest path
        found.sort(key=lambda e: (not (len(e.path) >= 2 and e.path[-2] == stem), len(e.path), e.path))
        if assignment is not None:
            found = [e for e in found if assignment in e.path[:-1]] or found
        if len(found) > 1:
            work.notes.append(f"{len(found)} copies of {stem}.ipynb; graded {'/'.join(found[0].path)}")
        try:
            data = found[0].read(contents.MAX_NOTEBOOK_BYTES)
        except contents.Unusable as exc:
            work.notes.append(f"{stem}.ipynb could not be read: {exc}")
            continue
        except Exception as exc:  # one unreadable file is this notebook's problem alone
            work.notes.append(f"{stem}.ipynb could not be read ({type(exc).__name__})")
            continue
        total += len(data)
        if total > contents.MAX_TOTAL_BYTES:
            work.notes.append("the notebooks add up to more than the size limit; the rest were not read")
            break
        notebook = read_notebook(data, stem)
        del data
        if notebook.problem:
            work.notes.append(notebook.problem)
        work.notes += notebook.notes
        work.notebooks[stem] = notebook
    holders = sorted(
        {
            e.path[:-2]
            for e in entries
            if not e.is_dir
            and len(e.path) >= 2
            and e.path[-2] == contents.PACKAGE
            and contents.MODULE_NAME.match(e.name)
            and contents._visible(e.path)
        }
    )
    if assignment is not None and (assignment,) in holders:
        holders = [(assignment,)]
    if holders:
        base = holders[-1] + (contents.PACKAGE,)
        try:
            for e in entries:
                if not e.is_dir and e.path[:-1] == base and contents.MODULE_NAME.match(e.name):
                    work.modules[e.name] = e.read(contents.MAX_MODULE_BYTES)
        except contents.Unusable as exc:
            work.notes.append(f"course_lib could not be read ({exc}); answer cells see the provided version")
            work.modules = dict(provided)
    return work


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass
class QuestionResult:
    assignment: str
    notebook: str
    answer_id: str
    test_id: str
    points: float
    score: float
    passed: bool
    visible_passed: bool  # the asserts students see in their notebook
    message: str  # for the student: never a hidden assert
    has_hidden: bool = False
    fallback: bool = False  # graded by running the notebook's earlier cells
    seconds: float = 0.0
    submitted: bool = True  # the notebook was in the submission
    graded: bool = True  # False: the grader itself failed on it (no verdict; graded again next run)

    def to_json(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class NotebookResult:
    student: str
    name: str
    questions: list[QuestionResult]
    notes: list[str] = dataclasses.field(default_factory=list)
    problem: str = ""
    sandbox: str = ""
    seconds: float = 0.0
    cpu_sandbox: float = 0.0

    @property
    def score(self) -> float:
        return round(sum(q.score for q in self.questions), 4)

    @property
    def max_score(self) -> float:
        return sum(q.points for q in self.questions)

    @property
    def not_graded(self) -> list[QuestionResult]:
        """The questions the grader failed on (not the student's doing): no verdict was given."""
        return [q for q in self.questions if not q.graded]

    def by_assignment(self) -> dict[str, tuple[float, float]]:
        out: dict[str, list[float]] = {}
        for q in self.questions:
            s = out.setdefault(q.assignment, [0.0, 0.0])
            s[0] += q.score
            s[1] += q.points
        return {a: (round(s, 4), m) for a, (s, m) in out.items()}

    def to_json(self) -> dict:
        data = dataclasses.asdict(self)
        data["score"], data["max_score"] = self.score, self.max_score
        return data


def _result(q: Question, passed=False, visible=False, message="", used_fallback=False, started=None,
            submitted=True, graded=True) -> QuestionResult:
    return QuestionResult(q.assignment, q.notebook, q.answer_id, q.test_id, q.points,
                          q.points if passed else 0.0, passed, visible, message, q.has_hidden, used_fallback,
                          round(time.monotonic() - started, 4) if started else 0.0, submitted, graded)


# --------------------------------------------------------------------------------------------
# Grading
# --------------------------------------------------------------------------------------------


class Opaque:
    """What a test sees for a value that is not plain data (an object of the student's): it
    equals nothing and converts to nothing, so every assert on it fails."""

    __slots__ = ("type_name",)

    def __init__(self, type_name: str):
        self.type_name = type_name

    def __repr__(self):
        return f"<{self.type_name} object>"


def _plain(value):
    """Values as the trusted tests see them: plain data, a number or array subclass's plain
    reading, anything else ``Opaque``."""
    if isinstance(value, wire.ForeignValue):
        return value.plain if value.plain is not None else Opaque(value.type_name)
    if isinstance(value, wire.Handle):
        return Opaque(value.type_name)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class _TrustedImports:
    """The modules test cells may use, imported here (trusted) once."""

    def __init__(self):
        self.cache: dict[str, Any] = {}

    def namespace(self, q: Question) -> dict[str, Any]:
        ns: dict[str, Any] = {}
        for name, statement in q.trusted:
            if statement not in self.cache:
                scratch: dict[str, Any] = {}
                exec(compile(statement, "<trusted import>", "exec"), scratch)
                self.cache[statement] = scratch[name]
            ns[name] = self.cache[statement]
        return ns


TRUSTED = _TrustedImports()


def run_test(source: str, q: Question, values: dict[str, Any]) -> tuple[bool, str]:
    """Run a test cell (trusted code) on plain values, in this process. Returns (passed, what
    failed): the assert's own message, or the exception's type. Whatever the values make it
    raise is the student's (a value of the wrong kind, nested too deep to copy, ...)."""
    try:
        ns = {"__builtins__": builtins, "__name__": "__test__", **TRUSTED.namespace(q), **copy.deepcopy(values)}
        exec(compile(source, f"<test {q.test_id}>", "exec"), ns)
    except AssertionError as exc:
        return False, str(exc) or "an assert failed"
    except NameError as exc:
        name = getattr(exc, "name", None) or str(exc)
        return False, f"{name} is not defined"
    except Exception as exc:  # a value of the wrong kind (a string where a number belongs, ...)
        return False, f"{type(exc).__name__}: {str(exc)[:200]}"
    return True, ""


NOT_GRADED = ("not graded: the grader failed on this question (a problem of the grader's, not of your work); "
              "it is graded again on the next run")


class QuestionTimeUp(StudentTimeout):
    """The question's share of the student's time ran out before a cell could run."""

    def student_message(self, what=None):
        return (f"the time for this question ran out before {what or 'your code'} could run "
                "(the earlier cells it needed used it up)")


def _seconds(limit: float) -> str:
    return f"{limit:.2g} s" if limit < 10 else f"{limit:.0f} s"


class Clock:
    """The time of one student's notebooks (``Limits.submission_timeout``), shared between their
    questions so that every question keeps its part: a question may run until (time left) /
    (questions left) from now. A hang therefore costs its own question only, and every later
    question has at least the share it had before; no deadline below outlives this one."""

    def __init__(self, seconds: float, questions: int):
        self.deadline = time.monotonic() + seconds
        self.left = max(1, questions)

    def question_deadline(self) -> float:
        now = time.monotonic()
        return now + max(0.0, self.deadline - now) / self.left

    def done(self) -> None:
        self.left = max(1, self.left - 1)


class CellRunner:
    """Runs one student's cells in a sandboxed child (``sandbox.Sandbox``), started on the first
    cell and again after a crash or a timeout (its namespace is then gone).

    Every call's limit derives from the deadline it is given (a question's share of the
    student's time): ``Sandbox.exchange`` stretches a call's limit up to ``CALL_STRETCH`` times
    while a busy machine keeps the child from running, so a call is given at most (time left) /
    ``CALL_STRETCH``, and even fully stretched it ends by the deadline."""

    def __init__(self, staged: str, limits: Limits, mode: str, jobs: int):
        from .sandbox import Sandbox, course_class_names

        self.sandbox = Sandbox(staged, limits, mode, jobs)
        self.shown_types = course_class_names()
        self.limits = limits

    def run(
        self,
        source: str,
        names: list[str],
        prelude: list[str],
        deadline: float,
        fresh: bool = True,
        cap: float | None = None,
    ) -> tuple[dict[str, Any], dict | None]:
        """(values, error): the requested variables after the cell ran, and its exception
        (``{"type", "message", "line"}``) or None. Raises StudentError when the child failed or
        the time ran out, and SandboxUnavailable when no child could start (the grader's failure)."""
        from .sandbox import CALL_STRETCH

        if self.sandbox.proc is None or self.sandbox.proc.poll() is not None:
            self.sandbox.kill()
            self.sandbox.start()
        left = deadline - time.monotonic()
        if left <= 0.05:
            raise QuestionTimeUp("Timeout", "no time left")
        limit = min(cap if cap is not None else self.limits.call_timeout, left / CALL_STRETCH)
        encoder = wire.Encoder()
        structure = encoder.encode(
            {"op": "cell", "source": source, "names": names, "prelude": prelude, "fresh": fresh}
        )
        try:
            reply, arrays = self.sandbox.exchange(structure, encoder.arrays, limit)
        except StudentTimeout:
            raise StudentTimeout("Timeout", _seconds(limit)) from None
        if not isinstance(reply, dict) or ("ok" not in reply and "error" not in reply):
            raise StudentCrash("ProtocolError", "the reply was not understood")
        if "error" in reply:
            raise StudentError.from_reply(reply["error"])
        try:
            ok = wire.decode(
                reply["ok"],
                arrays,
                make_handle=lambda i, t: wire.Handle(i, t),
                shown_types=self.shown_types,
            )
        except wire.WireError as exc:
            raise StudentCrash("ProtocolError", str(exc)) from None
        if not isinstance(ok, dict) or not isinstance(ok.get("values"), dict):
            raise StudentCrash("ProtocolError", "the reply was not understood")
        values = {k: _plain(v) for k, v in ok["values"].items() if k in names}
        error = ok.get("error") if isinstance(ok.get("error"), dict) else None
        return values, error

    def restart(self) -> None:
        """Drop the child (after a failure of the grader's): the next cell starts a fresh one."""
        self.sandbox.kill()

    def layers(self) -> str:
        return self.sandbox.layers()

    def cpu_seconds(self) -> float:
        return self.sandbox.cpu_seconds()

    def close(self) -> None:
        self.sandbox.close()


def _cell_error_text(error: dict) -> str:
    kind = error.get("type") if isinstance(error.get("type"), str) else "an exception"
    message = error.get("message") if isinstance(error.get("message"), str) else ""
    line = error.get("line") if type(error.get("line")) is int else 0
    if kind == "NotImplementedError":
        return "your answer cell is not done yet (it still raises NotImplementedError)"
    where = f" at line {line}" if line else ""
    from checks.framework import student_text

    return f"your answer cell raised {student_text(kind, 80)}{where}" + (
        f": {student_text(message, 200)}" if message else ""
    )


@dataclasses.dataclass
class _Namespace:
    """Which cell the child's namespace has run up to, when a fallback built it (else None)."""

    index: int | None = None


def grade_notebook(
    runner: CellRunner,
    questions: list[Question],
    notebook: StudentNotebook | None,
    clock: Clock | None = None,
    fallback: bool = True,
    problems: list[str] | None = None,
) -> list[QuestionResult]:
    """Grade the questions of one notebook of one student (``notebook``: as read, or None when it
    is not in the submission). Each question runs within its share of ``clock``; a failure of the
    grader's own (a child that cannot start, ...) is retried once with a fresh child, then
    reported as that question's alone (``graded=False``), what failed going to ``problems``
    (for the instructor: the student's message says only that the grader failed)."""
    if notebook is None:
        return [_result(q, message=f"{q.notebook}.ipynb is not in your submission", submitted=False)
                for q in questions]
    if notebook.problem:
        return [_result(q, message=notebook.problem) for q in questions]
    clock = clock or Clock(runner.limits.submission_timeout, len(questions))
    namespace = _Namespace()
    results = []
    for q in questions:
        for attempt in (1, 2):
            started = time.monotonic()
            try:
                results.append(_grade_question(runner, q, notebook, clock.question_deadline(), namespace, fallback))
                break
            except Exception as exc:  # the grader's failure, not the student's: retry once, then report
                runner.restart()
                namespace.index = None
                if attempt == 2:
                    results.append(_result(q, started=started, graded=False, message=NOT_GRADED))
                    if problems is not None:
                        problems.append(f"{q.key} not graded: {type(exc).__name__}: {str(exc)[:300]}")
        clock.done()
    return results


def _grade_question(
    runner: CellRunner, q: Question, nb: StudentNotebook, deadline: float, namespace: _Namespace, fallback: bool
) -> QuestionResult:
    """One question: the student's answer cell in the sandbox, then the test cell here."""
    started = time.monotonic()
    index = nb.index_of(q.answer_id, "code")
    if index is None:
        malformed = nb.metadata_notes()
        return _result(q, message=f"the answer cell {q.answer_id} is not in {q.notebook}.ipynb (was it deleted, or "
                       "its metadata lost? Copy it back from the original notebook)"
                       + (f"; {malformed[0]}" if malformed else ""))
    cell = nb.cells[index]
    if cell.source is None:
        return _result(q, message=f"the answer cell {q.answer_id} could not be read (its source is not text, or "
                       f"longer than {MAX_CELL_CHARS:,} characters)")
    source = strip_magics(cell.source)
    try:
        needs = free_names(source)
    except SyntaxError:
        needs = set()  # reported by running the cell
    except (ValueError, RecursionError, MemoryError) as exc:
        return _result(q, message=f"the answer cell {q.answer_id} could not be read ({type(exc).__name__})")
    imports = notebook_imports(c.source for c in nb.cells[:index] if c.kind == "code")
    prelude = list(dict.fromkeys(imports[n][1] for n in sorted(needs) if n in imports))
    outside = sorted(needs - set(imports))
    used_fallback = bool(outside) and fallback
    note = ""
    try:
        if used_fallback:
            values, error = _fallback(runner, nb, index, source, list(q.names), namespace, deadline)
            namespace.index = index
            note = (
                f" (your answer cell uses {', '.join(outside)}, which another cell defines: the grader "
                "ran your notebook's earlier cells to find it; an answer cell that needs only the "
                "imports is graded faster and more reliably)"
            )
        else:
            namespace.index = None  # a fresh namespace replaces the fallback's
            values, error = runner.run(source, list(q.names), prelude, deadline)
    except StudentError as exc:
        namespace.index = None
        return _result(q, message=exc.student_message("your answer cell"), used_fallback=used_fallback,
                       started=started)
    missing = [n for n in q.names if n not in values]
    if missing:
        why = _cell_error_text(error) if error else ""
        if outside and not fallback:
            why = (
                f"your answer cell uses {', '.join(outside)}, which another cell defines; answer cells "
                "are graded on their own: compute the answer inside the answer cell (the notebook's "
                "imports, such as np, are available)"
            )
        message = f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not defined" + (
            f": {why}" if why else ""
        )
        return _result(q, message=message + note, used_fallback=used_fallback, started=started)
    ok, failed = run_test(q.visible_source, q, values)
    if not ok:
        extra = f" ({_cell_error_text(error)})" if error else ""
        return _result(q, message=failed + extra + note, used_fallback=used_fallback, started=started)
    ok, _ = run_test(q.test_source, q, values) if q.has_hidden else (True, "")
    message = "" if ok else "your answer passes the checks you can see, but not the hidden ones: it is not correct"
    return _result(q, passed=ok, visible=True, message=message + (note if not ok else ""),
                   used_fallback=used_fallback, started=started)


FALLBACK_CELL_SECONDS = 30.0  # nbgrader's default limit per cell, for the cells a fallback runs


def _fallback(runner: CellRunner, nb: StudentNotebook, index: int, source: str, names: list[str],
              namespace: _Namespace, deadline: float):
    """Run the notebook's code cells before ``index`` in one sandboxed namespace (errors are
    ignored, as ``nbgrader autograde`` ignores them), then the answer cell, all by ``deadline``.
    A namespace left by an earlier fallback in the same notebook is continued, not rebuilt."""
    start, fresh = 0, True
    if namespace.index is not None and namespace.index < index:
        start, fresh = namespace.index + 1, False
    for cell in nb.cells[start:index]:
        if cell.kind != "code" or cell.source is None:
            continue
        try:
            runner.run(strip_magics(cell.source), [], FALLBACK_PRELUDE if fresh else [], deadline, fresh=fresh,
                       cap=FALLBACK_CELL_SECONDS)
            fresh = False
        except QuestionTimeUp:
            raise
        except StudentError:
            fresh = True  # the child is gone, and with it the namespace: later cells start afresh
    return runner.run(source, names, FALLBACK_PRELUDE if fresh else [], deadline, fresh=fresh,
                      cap=FALLBACK_CELL_SECONDS)


def grade_work(
    work: StudentWork,
    course: Course,
    staging: str,
    limits: Limits,
    mode: str,
    jobs: int,
    fallback: bool = True,
) -> NotebookResult:
    """Grade one student's notebooks in one sandboxed child, within ``limits.submission_timeout``."""
    started = time.monotonic()
    result = NotebookResult(work.student, work.name, [], list(work.notes), work.problem)
    by_notebook: dict[tuple[str, str], list[Question]] = collections.defaultdict(list)
    for q in course.questions:
        by_notebook[(q.assignment, q.notebook)].append(q)
    if work.problem:
        result.questions = [_result(q, message=f"your submission could not be read: {work.problem}")
                            for q in course.questions]
        return result
    staged = tempfile.mkdtemp(prefix="cl-nb-", dir=staging)
    try:
        os.mkdir(os.path.join(staged, contents.PACKAGE))
        for name, data in work.modules.items():
            with open(os.path.join(staged, contents.PACKAGE, name), "wb") as f:
                f.write(data)
        runner = CellRunner(staged, limits, mode, jobs)
        clock = Clock(limits.submission_timeout, len(course.questions))
        try:
            for (_assignment, notebook), qs in by_notebook.items():
                result.questions += grade_notebook(runner, qs, work.notebooks.get(notebook), clock, fallback,
                                                   result.notes)
        finally:
            result.sandbox = runner.layers()
            runner.close()
            result.cpu_sandbox = round(runner.cpu_seconds(), 3)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    result.seconds = round(time.monotonic() - started, 3)
    return result


def _not_graded(work: StudentWork, course: Course, exc: BaseException) -> NotebookResult:
    why = f"not graded: the grader failed on this student ({type(exc).__name__}: {str(exc)[:300]})"
    return NotebookResult(work.student, work.name,
                          [_result(q, message=NOT_GRADED, graded=False) for q in course.questions],
                          list(work.notes), problem=why + "; graded again on the next run")


def grade_all(
    works: list[StudentWork],
    course: Course,
    limits: Limits | None = None,
    mode: str = "plain",
    jobs: int = 1,
    fallback: bool = True,
    on_result=None,
) -> list[NotebookResult]:
    """Grade every student's notebooks, ``jobs`` students at a time; ``on_result(result)`` is called
    as each one finishes. A student the grader itself fails on is tried once more, then gets a
    result whose questions are all ``graded=False``, with the reason in ``problem``."""
    from .submissions import staging_area

    limits = limits or Limits()
    area = staging_area()

    def one(work: StudentWork) -> NotebookResult:
        try:
            return grade_work(work, course, area, limits, mode, jobs, fallback)
        except Exception:
            pass  # the grader's failure on this student (a sandbox uid, a staging folder): once more
        try:
            return grade_work(work, course, area, limits, mode, jobs, fallback)
        except Exception as exc:
            return _not_graded(work, course, exc)

    results = []
    try:
        with concurrent.futures.ThreadPoolExecutor(max(1, jobs)) as pool:
            futures = {pool.submit(one, w): w for w in works}
            for future in concurrent.futures.as_completed(futures):
                try:
                    r = future.result()
                except Exception as exc:  # cannot happen (``one`` catches), but a result is owed
                    r = _not_graded(futures[future], course, exc)
                results.append(r)
                if on_result is not None:
                    on_result(r)
    finally:
        shutil.rmtree(area, ignore_errors=True)
    return sorted(results, key=lambda r: r.student)


def discover_work(
    paths: list[str], course: Course, assignment: str | None = None, single: bool = False, roster=None
) -> list[StudentWork]:
    """The students' work at ``paths`` (as ``grade`` finds submissions: zips, folders, nbgrader's
    ``submitted/``), with the grader's safe ids (the roster's, when given: ``submissions.identify``)."""
    from .submissions import discover, provided_modules

    wanted = {nb for _, nb in course.notebooks()}
    provided = provided_modules()
    works = []
    for sub in discover(paths, assignment, single=single, roster=roster):
        if sub.problem:
            works.append(StudentWork(sub.student, sub.name, {}, {}, list(sub.notes), sub.problem))
            continue
        try:
            work = read_work(sub.source, sub.student, sub.name, wanted, provided, assignment)
        except Exception as exc:  # whatever one submission makes the reader raise is its own problem
            work = StudentWork(sub.student, sub.name, {}, {}, [], f"it could not be read ({type(exc).__name__})")
        work.notes = sub.notes + work.notes
        works.append(work)
    return works


__all__ = [
    "Course",
    "Question",
    "WrittenQuestion",
    "StudentWork",
    "NotebookResult",
    "QuestionResult",
    "load_course",
    "problems",
    "discover_work",
    "grade_all",
    "grade_work",
    "grade_notebook",
    "free_names",
    "strip_magics",
    "visible_part",
]
