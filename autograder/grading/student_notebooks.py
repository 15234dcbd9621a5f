"""A student's notebook, read once as untrusted data and kept as what grading needs.

A notebook that arrives from a student is JSON the student controls: it may be truncated (an
honest accident), nested without end, hold megabytes of outputs (HTML, JavaScript, images), or
carry nbgrader metadata of the wrong types (a ``grade_id`` that is a list, ``points`` that are a
string). ``read_notebook`` turns the bytes into a ``StudentNotebook``: per cell, its kind, its
source (when the grader needs it, within ``MAX_CELL_CHARS``) and its nbgrader identity, with every
field's type checked. Nothing else of the student's JSON is kept: no outputs, no other metadata,
no nesting. Everything downstream (grading, nbgrader's gradebook, the ``autograded/`` notebooks
formgrader shows, Gradescope) works from this object, so the student's JSON is parsed in one
place and never written back out.

What could not be used is said in ``notes`` (a cell whose nbgrader metadata is malformed is read
as an ordinary cell, and the note says which field was wrong); a notebook that cannot be read at
all has ``problem`` set and no cells.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re

MAX_CELL_CHARS = 200_000            # one cell's source (an honest answer is a few lines)
MAX_CELLS = 2_000                   # the course's notebooks have fewer than 100
MAX_SOURCE_CHARS = 4_000_000        # all the sources kept from one notebook
MAX_NOTES = 10                      # what the instructor is told about one notebook, at most
# nbgrader's ids as the course writes them (the source notebooks' grade_ids all match).
GRADE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}\Z")
CELL_KINDS = ("code", "markdown", "raw")
# nbgrader's cell metadata (schema 3) and the type each field must have.
FLAGS = ("grade", "solution", "locked", "task")


@dataclasses.dataclass(frozen=True)
class StudentCell:
    """One cell of a student's notebook, as the grader keeps it."""

    kind: str                 # "code", "markdown" or "raw"
    source: str | None        # None when it was not kept (too long, not text, or not needed)
    grade_id: str | None = None   # nbgrader's id, when its metadata is well formed
    solution: bool = False    # an answer cell (code) or a written answer (markdown)
    grade: bool = False       # a graded cell (a test cell, or a written answer)
    task: bool = False


@dataclasses.dataclass
class StudentNotebook:
    """What grading uses of one notebook a student handed in."""

    name: str                                  # the notebook's name without .ipynb
    cells: tuple[StudentCell, ...] = ()
    notes: list[str] = dataclasses.field(default_factory=list)    # what was ignored, and why
    problem: str = ""                          # why it could not be read at all ("" when it could)

    @property
    def readable(self) -> bool:
        return not self.problem

    def index_of(self, grade_id: str, kind: str | None = None) -> int | None:
        """The index of the (first) cell with this nbgrader id, and of this kind if given."""
        for i, cell in enumerate(self.cells):
            if cell.grade_id == grade_id and (kind is None or cell.kind == kind):
                return i
        return None

    def answer(self, grade_id: str, kind: str | None = None) -> StudentCell | None:
        index = self.index_of(grade_id, kind)
        return None if index is None else self.cells[index]

    def metadata_notes(self) -> list[str]:
        """The notes about malformed nbgrader metadata (they explain a cell the grader could not find)."""
        return [n for n in self.notes if "nbgrader metadata" in n]


def cell_text(value) -> str | None:
    """A cell's source as nbformat stores it (a string, or a list of strings), else None."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(s, str) for s in value):
        return "".join(value)
    return None


def _metadata_problem(md) -> str:
    """Why a cell's nbgrader metadata cannot be trusted ("" when it is well formed)."""
    if not isinstance(md, dict):
        return "it is not a mapping"
    grade_id = md.get("grade_id")
    if "grade_id" in md and not isinstance(grade_id, str):
        return "grade_id is not a string"
    if isinstance(grade_id, str) and not GRADE_ID.match(grade_id):
        return "grade_id is not an nbgrader id"
    for flag in FLAGS:
        if flag in md and not isinstance(md[flag], bool):
            return f"{flag} is not true or false"
    points = md.get("points")
    if "points" in md and (isinstance(points, bool) or not isinstance(points, (int, float))
                           or not math.isfinite(points) or points < 0):
        return "points is not a number"
    for name in ("checksum", "cell_type"):
        if name in md and not isinstance(md[name], str):
            return f"{name} is not a string"
    if "schema_version" in md and (isinstance(md["schema_version"], bool) or not isinstance(md["schema_version"], int)):
        return "schema_version is not an integer"
    if (md.get("grade") or md.get("solution") or md.get("task")) and not isinstance(grade_id, str):
        return "it has no grade_id"
    return ""


def read_notebook(data: bytes, name: str) -> StudentNotebook:
    """Read a student's ``.ipynb`` bytes (see the module's docstring). Never raises for what the
    bytes hold: a notebook that cannot be read comes back with ``problem`` set."""
    notebook = StudentNotebook(name)
    try:
        parsed = json.loads(data)
    except RecursionError:
        notebook.problem = f"{name}.ipynb is not a readable notebook (its JSON is nested too deeply)"
        return notebook
    except (ValueError, MemoryError) as exc:   # JSONDecodeError and UnicodeDecodeError are ValueErrors
        where = f" at character {exc.pos}" if isinstance(exc, json.JSONDecodeError) else ""
        notebook.problem = (f"{name}.ipynb is not a readable notebook (it is not valid JSON{where}: "
                            "truncated, or not saved by Jupyter?)")
        return notebook
    cells = parsed.get("cells") if isinstance(parsed, dict) else None
    if not isinstance(cells, list):
        notebook.problem = f"{name}.ipynb is not a readable notebook (it has no list of cells)"
        return notebook
    if len(cells) > MAX_CELLS:
        notebook.notes.append(f"{name}.ipynb has {len(cells)} cells: only the first {MAX_CELLS} were read")
        cells = cells[:MAX_CELLS]
    kept, budget, seen = [], MAX_SOURCE_CHARS, set()
    for number, raw in enumerate(cells, 1):
        if not isinstance(raw, dict) or raw.get("cell_type") not in CELL_KINDS:
            notebook.notes.append(f"{name}.ipynb: cell {number} is not a notebook cell and was ignored")
            continue
        kind = raw["cell_type"]
        metadata = raw.get("metadata", {})
        md = metadata.get("nbgrader") if isinstance(metadata, dict) else None
        identity: dict = {}
        if md is not None:
            why = _metadata_problem(md)
            if why:
                notebook.notes.append(f"{name}.ipynb: cell {number}'s nbgrader metadata is malformed ({why}): "
                                      "it was read as an ordinary cell")
            elif isinstance(md.get("grade_id"), str) and (md.get("grade") or md.get("solution") or md.get("task")):
                if md["grade_id"] in seen:
                    notebook.notes.append(f"{name}.ipynb: cell {number} repeats the grade_id {md['grade_id']}: "
                                          "only the first cell with it counts")
                else:
                    seen.add(md["grade_id"])
                    identity = {"grade_id": md["grade_id"], "solution": md.get("solution", False),
                                "grade": md.get("grade", False), "task": md.get("task", False)}
        source = None
        # The sources the grader uses: code (answer cells, and the earlier cells a fallback runs)
        # and the student's answers; the prose of other cells is not needed.
        if kind == "code" or identity.get("solution") or identity.get("task"):
            source = cell_text(raw.get("source", ""))
            if source is None:
                notebook.notes.append(f"{name}.ipynb: cell {number}'s source is not text")
            elif len(source) > MAX_CELL_CHARS:
                notebook.notes.append(f"{name}.ipynb: cell {number} is longer than {MAX_CELL_CHARS:,} "
                                      "characters and was not read")
                source = None
            elif len(source) > budget:
                notebook.notes.append(f"{name}.ipynb: its cells add up to more than {MAX_SOURCE_CHARS:,} "
                                      f"characters; cell {number} and later ones were not read")
                source, budget = None, 0
            else:
                budget -= len(source)
        kept.append(StudentCell(kind, source, **identity))
    notebook.cells = tuple(kept)
    if len(notebook.notes) > MAX_NOTES:
        more = len(notebook.notes) - MAX_NOTES
        notebook.notes[MAX_NOTES:] = [f"{name}.ipynb: {more} more such notes"]
    return notebook


__all__ = ["StudentCell", "StudentNotebook", "read_notebook", "cell_text", "MAX_CELL_CHARS"]
