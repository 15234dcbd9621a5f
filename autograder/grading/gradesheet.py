"""One gradesheet per assignment, the same on every path (nbgrader, an LMS's zips, Gradescope).

For an assignment (``04_overfitting_and_penalties``) the sheet has one row per roster student:

* ``library``: the points of the library parts the assignment teaches (the rubric's ``notebook``);
* ``notebook``: the notebook's auto-graded points;
* ``written``: the written answers' points, once graded (nbgrader's gradebook holds them;
  on Gradescope they are a separate, manually graded assignment, and left to it);
* when it was handed in, how late (the student's extension counted), the late penalty the course's
  policy takes (``lateness.LatePolicy``), and ``total`` = the sum less the penalty, over
  ``max_total``: the points of that assignment this sheet holds.

Every path gathers the same ``Evidence`` per student (``from_results``; ``nbgrader_sync.evidence``;
``from_gradescope``) and ``assemble`` makes the sheet, so the penalty and the totals are computed
in one place. The penalty is computed per graded unit (each notebook with its written answers, and
the library parts), the units nbgrader records it on (``SubmittedNotebook.late_submission_penalty``),
so that the penalties written into nbgrader's gradebook add up to the sheet's and ``nbgrader
export`` gives every total this sheet gives.

``gradesheet_csv`` writes ``gradesheet.csv``; ``canvas_csv`` the same totals in Canvas's gradebook
import format (canvas-lms, app/models/gradebook_importer.rb: a header ``Student, ID, SIS User ID,
SIS Login ID, Section, <assignment>``, a ``Points Possible`` row; Canvas matches a student by
``ID`` (its user id), then ``SIS User ID``, then ``SIS Login ID``, then the name, "Last, First";
and the assignment column by ``Title (assignment id)``, else by title: a title it does not know
creates an assignment).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import statistics

from .lateness import Lateness, LatePolicy
from .outputs import csv_cell, pts
from .roster import Roster, Student
from .submissions import EMPTY_UPLOAD

# Row statuses
GRADED = "graded"
NO_SUBMISSION = "no submission"
EMPTY = "empty upload"
UNUSABLE = "unusable"
NOT_GRADED = "not graded"
STATUSES = (GRADED, NO_SUBMISSION, EMPTY, UNUSABLE, NOT_GRADED)

LIBRARY_UNIT = "course_lib"
COLUMNS = ["student", "name", "email", "status", "library", "library_max", "notebook", "notebook_max", "written",
           "written_max", "written_state", "submitted_at", "time_source", "seconds_late", "extension", "late",
           "penalty", "total", "max_total", "notes"]


@dataclasses.dataclass
class Unit:
    """One graded unit of a student's assignment: a notebook (auto-graded and written points) or
    the library parts. ``written`` is None while not graded (``written_pending`` answers wait)."""

    name: str
    auto: float = 0.0
    auto_max: float = 0.0
    written: float | None = None
    written_max: float = 0.0
    written_pending: int = 0

    @property
    def score(self) -> float:
        return self.auto + (self.written or 0.0)

    @property
    def max_score(self) -> float:
        return self.auto_max + self.written_max


@dataclasses.dataclass
class Evidence:
    """What one path knows of one student's assignment."""

    student: str
    status: str = GRADED
    library: float | None = None             # None: the library was not graded (or not handed in)
    units: list[Unit] = dataclasses.field(default_factory=list)   # the notebooks (not the library)
    submitted_at: datetime.datetime | None = None
    time_source: str = ""
    notes: list[str] = dataclasses.field(default_factory=list)
    lms_user_id: str = ""                    # what the LMS's names said, for students off the roster


@dataclasses.dataclass
class Row:
    """One student's line of the sheet."""

    student: str
    person: Student
    status: str
    library: float | None
    notebook: float | None
    written: float | None
    written_state: str
    submitted_at: datetime.datetime | None
    time_source: str
    lateness: Lateness
    penalty: float
    total: float
    notes: list[str]
    unit_penalties: dict[str, float] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class Sheet:
    """The assignment's gradesheet."""

    assignment: str
    due: datetime.datetime | None
    policy: LatePolicy
    library_max: float
    notebook_max: float
    written_max: float
    written_source: str                      # "nbgrader", "Gradescope" or "" (not graded on this path)
    source: str                              # where the points were read, in words
    rows: list[Row]

    @property
    def max_total(self) -> float:
        return self.library_max + self.notebook_max + (self.written_max if self.written_source == "nbgrader" else 0.0)

    def row(self, student: str) -> Row | None:
        return next((r for r in self.rows if r.student == student), None)

    def totals(self) -> dict[str, float]:
        return {r.student: r.total for r in self.rows}


def maxima(assignment: str, rubric=None, course=None) -> tuple[float, float, float]:
    """The points of ``assignment``: its library parts, its notebooks' auto-graded questions, and
    its written answers (from the rubric and the instructor's notebooks)."""
    from . import notebooks
    from .rubric import load

    rubric = rubric or load()
    course = course or notebooks.load_course()
    library = sum(p.points for p in rubric.parts if p.notebook == assignment)
    auto = sum(q.points for q in course.questions if q.assignment == assignment)
    written = sum(w.points for w in course.written if w.assignment == assignment)
    return float(library), float(auto), float(written)


def assemble(assignment: str, evidence: dict[str, Evidence], roster: Roster | None, policy: LatePolicy,
             due: datetime.datetime | None, written_source: str, source: str,
             rubric=None, course=None) -> Sheet:
    """The sheet: one row per roster student (every student with evidence when there is no
    roster; a student with evidence but off the roster is added, with a note)."""
    library_max, auto_max, written_max = maxima(assignment, rubric, course)
    students = list(roster.students) if roster is not None else []
    students += sorted(s for s in evidence if roster is None or s not in roster)
    rows = []
    for student in students:
        ev = evidence.get(student) or Evidence(student, status=NO_SUBMISSION)
        person = (roster.get(student) if roster is not None else None) or Student(student)
        if ev.lms_user_id and not person.lms_user_id:
            person = dataclasses.replace(person, lms_user_id=ev.lms_user_id)
        notes = list(ev.notes)
        if roster is not None and student not in roster:
            notes.insert(0, "not on the roster")
        lateness = policy.lateness(ev.submitted_at, due, student, assignment)
        units = list(ev.units)
        if ev.library is not None:
            units.append(Unit(LIBRARY_UNIT, ev.library, library_max))
        penalties = {u.name: policy.penalty_for(lateness, u.score, u.max_score) for u in units}
        penalty = round(sum(penalties.values()), 4)
        notebook = sum(u.auto for u in ev.units) if ev.units else None
        if notebook is None and ev.library is not None and ev.status == GRADED:
            notebook = 0.0                                  # the library came without its notebook
            if not any("missing notebook" in n for n in notes):
                notes.append("no notebook handed in")
        graded = [u.written for u in ev.units if u.written is not None]
        pending = sum(u.written_pending for u in ev.units)
        written = sum(graded) if graded else None
        if written_source == "nbgrader":
            state = (f"{pending} answer(s) to grade" if pending else "graded") if ev.units else ""
        else:
            state = {"Gradescope": "on Gradescope"}.get(written_source, "not graded on this path")
            written = None
        total = (ev.library or 0.0) + (notebook or 0.0) + (written or 0.0) - penalty
        if pending and written_source == "nbgrader":
            notes.append(f"{pending} written answer(s) not graded yet: the total will change")
        rows.append(Row(student, person, ev.status, ev.library, notebook, written, state, ev.submitted_at,
                        ev.time_source, lateness, penalty, round(total, 4), notes, penalties))
    return Sheet(assignment, due, policy, library_max, auto_max, written_max, written_source, source, rows)


# --------------------------------------------------------------------------------------------
# Sources: the grader's own results (the LMS path), Gradescope's export
# --------------------------------------------------------------------------------------------

def from_results(results, batch, assignment: str, rubric,
                 notebook_scores: dict[str, dict] | None = None, course=None) -> dict[str, Evidence]:
    """Evidence from ``grade``'s results (``SubmissionResult``) and ``BatchInfo`` (times), with the
    notebooks' auto-graded points (``read_notebook_grades``) when the notebooks were graded."""
    from .results import NOT_GRADED as RESULT_NOT_GRADED
    from .results import UNUSABLE as RESULT_UNUSABLE

    parts = [p.id for p in rubric.parts if p.notebook == assignment]
    evidence: dict[str, Evidence] = {}
    for r in results:
        info = batch.info(r.student) if batch is not None else None
        ev = Evidence(r.student, submitted_at=info.submitted_at if info else None,
                      time_source=info.time_source if info else "",
                      lms_user_id=info.lms_user_id if info else "")
        if r.status == RESULT_NOT_GRADED:
            ev.status = NOT_GRADED
            ev.notes.append("the grader could not grade it (it is graded again on the next run)")
        else:
            ev.library = round(sum(r.parts[p].score for p in parts), 4)
            if r.status == RESULT_UNUSABLE:
                ev.status = EMPTY if EMPTY_UPLOAD in (r.problem or "") else UNUSABLE
                ev.notes.append(r.problem)
                if ev.status == EMPTY:
                    ev.library = None                       # nothing was handed in to grade
        if info is not None and info.missing_notebooks:
            ev.notes.append("missing notebook(s): " + ", ".join(info.missing_notebooks))
        evidence[r.student] = ev
    add_notebook_scores(evidence, notebook_scores or {}, assignment, rubric, course)
    return evidence


def add_notebook_scores(evidence: dict[str, Evidence], scores: dict[str, dict], assignment: str, rubric=None,
                        course=None) -> None:
    """Put the notebooks' auto-graded points (``read_notebook_grades``) into ``evidence`` (their
    notes are in notebook-grades.csv)."""
    _, auto_max, _ = maxima(assignment, rubric, course)
    for student, found in scores.items():
        ev = evidence.setdefault(student, Evidence(student))
        ev.units = [Unit(assignment, found["score"], auto_max)]


def add_collected(evidence: dict[str, Evidence], details: str) -> None:
    """What ``collect`` found for students with nothing graded (its details file, when there is
    one): an empty upload is reported as one, not as "no submission"."""
    import os

    if not os.path.isfile(details):
        return
    with open(details, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            student = (row.get("student") or "").lstrip("'")
            problem = (row.get("problem") or "").lstrip("'")
            if student and student not in evidence and problem:
                status = EMPTY if problem.startswith(EMPTY_UPLOAD) else UNUSABLE
                upload = (row.get("upload") or "").lstrip("'")
                evidence[student] = Evidence(student, status=status, notes=[f"{upload}: {problem} (collect)"])


def read_gradesheet_csv(path: str) -> dict[str, Evidence]:
    """The library points, status and submission times of a ``gradesheet.csv`` that ``grade``
    wrote (what ``gradesheet`` re-reads on the LMS path; notebooks and penalties are recomputed)."""
    from .submissions import parse_time

    evidence: dict[str, Evidence] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            student = (row.get("student") or "").lstrip("'")
            if not student:
                continue
            library = (row.get("library") or "").strip()
            status = (row.get("status") or GRADED).strip()
            ev = Evidence(student, status=status if status in STATUSES else GRADED,
                          library=_number(library) if library else None,
                          submitted_at=parse_time(row.get("submitted_at") or ""),
                          time_source=(row.get("time_source") or "").lstrip("'"))
            if ev.status == NO_SUBMISSION and ev.library is None:
                continue
            evidence[student] = ev
    return evidence


def read_notebook_grades(path: str, assignment: str) -> dict[str, dict]:
    """``notebooks``'s ``notebook-grades.csv``: each student's auto-graded points of
    ``assignment`` (an empty dict when the file is absent or has no such column)."""
    import os

    if not os.path.isfile(path):
        return {}
    found: dict[str, dict] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if assignment not in row or not row.get("student"):
                continue
            try:
                score = float(row[assignment])
            except (TypeError, ValueError):
                continue
            found[row["student"].lstrip("'")] = {"score": score}
    return found


def from_gradescope(export: str, assignment: str, roster: Roster | None, rubric=None,
                    course=None) -> tuple[dict[str, Evidence], list]:
    """Evidence from Gradescope's "Export Submissions" folder (unzipped): each submission folder's
    submitters, ``:created_at`` and ``:results`` (the autograder's results.json, tests tagged
    with the part or ``notebook`` and the assignment) in ``submission_metadata.yml``. Students are
    resolved through the roster like every upload (``submissions.identify``); returns the
    evidence and the held uploads."""
    import os

    from .rubric import load
    from .submissions import GRADESCOPE_METADATA, identify, read_gradescope_metadata

    rubric = rubric or load()
    taught = {p.id for p in rubric.parts if p.notebook == assignment}
    meta = read_gradescope_metadata(os.path.join(export, GRADESCOPE_METADATA))
    found = identify([export], roster=roster)
    evidence: dict[str, Evidence] = {}
    _, auto_max, _ = maxima(assignment, rubric, course)
    for sub in found.submissions:
        record = meta.get(os.path.basename(sub.source), {})
        results = record.get(":results")
        tests: list = results.get("tests") or [] if isinstance(results, dict) else []
        tests = tests if isinstance(tests, list) else []
        library = notebook = 0.0
        for t in tests:
            if not isinstance(t, dict):
                continue
            raw = t.get("tags")
            tags = [str(x) for x in raw if isinstance(x, (str, int))] if isinstance(raw, list) else []
            score = _number(t.get("score"))
            if tags and tags[0] in taught:
                library += score
            elif "notebook" in tags and assignment in tags:
                notebook += score
        ev = Evidence(sub.student, submitted_at=sub.submitted_at, time_source=sub.time_source,
                      notes=[n for n in sub.notes if n.startswith("CHECK WHO")])
        if not tests:
            ev.status = NOT_GRADED
            ev.notes.append("Gradescope's export holds no autograder results for it")
        else:
            ev.library = round(library, 4)
            ev.units = [Unit(assignment, round(notebook, 4), auto_max)]
        history = record.get(":history")
        if isinstance(history, list) and history:
            ev.notes.append(f"{len(history)} earlier submission(s) on Gradescope; the active one is graded")
        evidence[sub.student] = ev
    return evidence, found.held


def _number(value) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if number == number and abs(number) != float("inf") else 0.0


# --------------------------------------------------------------------------------------------
# Writing it
# --------------------------------------------------------------------------------------------

def _time(when: datetime.datetime | None) -> str:
    return when.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC") if when is not None else ""


def _opt(x: float | None) -> str:
    return "" if x is None else pts(x)


def gradesheet_csv(sheet: Sheet) -> str:
    """``gradesheet.csv``: one row per student (``COLUMNS``)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    written_max = pts(sheet.written_max)
    for r in sheet.rows:
        late = r.lateness.late
        w.writerow([csv_cell(r.student), csv_cell(r.person.sortable_name if r.person.full_name else ""),
                    csv_cell(r.person.email), r.status, _opt(r.library), pts(sheet.library_max), _opt(r.notebook),
                    pts(sheet.notebook_max), _opt(r.written), written_max, csv_cell(r.written_state),
                    _time(r.submitted_at), csv_cell(r.time_source),
                    f"{late.total_seconds():.0f}" if late is not None else "",
                    f"{r.lateness.extension.total_seconds() / 3600:g} h" if r.lateness.extension else "",
                    csv_cell(r.lateness.text()), pts(r.penalty), pts(r.total), pts(sheet.max_total),
                    csv_cell("; ".join(r.notes))])
    return buf.getvalue()


CANVAS_HEADER = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


def canvas_csv(sheet: Sheet, column: str | None = None) -> str:
    """The sheet's totals in Canvas's gradebook import format (see the module docstring). A
    student the grader could not grade is left blank (Canvas then changes nothing)."""
    title = column or f"{sheet.assignment}"
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([*CANVAS_HEADER, csv_cell(title)])
    w.writerow(["Points Possible", "", "", "", "", pts(sheet.max_total)])
    for r in sheet.rows:
        p = r.person
        w.writerow([csv_cell(p.sortable_name), csv_cell(p.lms_user_id), csv_cell(p.sis_id),
                    csv_cell(p.login or r.student), csv_cell(p.section),
                    "" if r.status == NOT_GRADED else pts(r.total)])
    return buf.getvalue()


def summary(sheet: Sheet, limit: int = 8) -> list[str]:
    """A few lines for the terminal: the totals, who is late, who has nothing, what is pending."""
    totals = [r.total for r in sheet.rows if r.status != NOT_GRADED]
    lines = [f"gradesheet {sheet.assignment}: {len(sheet.rows)} students, out of {pts(sheet.max_total)} "
             f"(library {pts(sheet.library_max)}, notebook {pts(sheet.notebook_max)}"
             + (f", written {pts(sheet.written_max)}" if sheet.written_source == "nbgrader" else
                f"; written {pts(sheet.written_max)} {'on Gradescope' if sheet.written_source else 'not here'}")
             + f"); {sheet.policy.describe()}"]
    if totals:
        lines.append(f"  median {pts(statistics.median(totals))}, mean {pts(statistics.fmean(totals))}")

    def names(rows):
        shown = ", ".join(r.student for r in rows[:limit])
        return shown + (f" and {len(rows) - limit} more" if len(rows) > limit else "")

    late = [r for r in sheet.rows if r.penalty]
    if late:
        lines.append(f"  late penalty for {len(late)}: {names(late)}")
    absent = [r for r in sheet.rows if r.status in (NO_SUBMISSION, EMPTY)]
    if absent:
        lines.append(f"  nothing graded for {len(absent)} (no submission or an empty upload): {names(absent)}")
    pending = [r for r in sheet.rows if "to grade" in r.written_state]
    if pending:
        lines.append(f"  written answers still to grade for {len(pending)}: {names(pending)}")
    if sheet.notebook_max and all(r.notebook is None for r in sheet.rows):
        lines.append("  NO NOTEBOOK POINTS yet: grade the notebooks (`notebooks ... --assignment A --out` the same "
                     "folder, or into nbgrader's gradebook), then run `gradesheet` again")
    return lines
