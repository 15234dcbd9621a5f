"""Writing the grader's scores into nbgrader's own gradebook, and reading what nbgrader knows.

Library scores are recorded per assignment, as the course teaches them: the parts whose rubric
``notebook`` is assignment A (``04_overfitting_and_penalties`` teaches ``l1``, ``l2`` and
``elastic_net``) become nbgrader assignment ``A_library`` (``library_assignment``), holding one
notebook ``course_lib`` with one grade cell per part, its maximum the part's points. Each student's
submission carries the real submission time (``timestamp.txt`` written by ``collect``, an LMS's
name, or the zip's time) and the assignment carries A's due date, so nbgrader computes lateness
for the library exactly as for the notebooks. Without an assignment (grading a whole library
at once) every part goes into one assignment, ``course_lib``.

Where the scores show: ``nbgrader export`` lists ``A_library`` beside ``A`` for every student (the
course's export plugin, ``nbgrader_plugins.RoundedCsvExport``, writes points with at most two
decimals); formgrader's "Manage Students" page counts them in each student's total. Formgrader's
assignment pages list only assignments that have a source folder (``solutions/notebooks/A/``),
so they do not show ``A_library``: nbgrader's own design, checked against a running formgrader
(``docs/instructors.md``).
"""

from __future__ import annotations

import datetime
import os
import sys
import warnings

ASSIGNMENT = "course_lib"          # the whole library, when no assignment is given
NOTEBOOK = "course_lib"
SUFFIX = "_library"


def library_assignment(assignment: str | None) -> str:
    """The nbgrader assignment holding the library parts that ``assignment`` teaches."""
    return f"{assignment}{SUFFIX}" if assignment else ASSIGNMENT


def library_parts(rubric, assignment: str | None):
    """The rubric parts that ``assignment`` teaches (every part without an assignment)."""
    return tuple(p for p in rubric.parts if assignment is None or p.notebook == assignment)


def _alembic_on_path():
    """nbgrader runs ``alembic`` by name when it opens a gradebook."""
    bindir = os.path.dirname(sys.executable)
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")


def _gradebook(db_url):
    _alembic_on_path()
    from nbgrader.api import Gradebook

    return Gradebook(db_url)


def _naive_utc(when: datetime.datetime | None) -> datetime.datetime | None:
    """nbgrader stores naive UTC times."""
    if when is None:
        return None
    return when.astimezone(datetime.UTC).replace(tzinfo=None) if when.tzinfo else when


def _aware(when: datetime.datetime | None) -> datetime.datetime | None:
    return when.replace(tzinfo=datetime.UTC) if when is not None and when.tzinfo is None else when


def export_to_nbgrader(results, rubric, db_url, assignment: str | None = None,
                       times: dict | None = None) -> str | None:
    """Record ``results`` (``SubmissionResult``s) in the gradebook at ``db_url`` (an SQLAlchemy
    URL such as ``sqlite:///gradebook.db``) as ``library_assignment(assignment)``; ``times`` maps
    students to their submission times (aware datetimes). Returns the nbgrader assignment's name,
    or None when ``assignment`` teaches no library part (the capstone). Results the grader could
    not grade (NOT_GRADED) are not recorded: whatever was recorded before stays."""
    from nbgrader.api import MissingEntry

    from ..grading.results import NOT_GRADED

    parts = library_parts(rubric, assignment)
    if not parts:
        return None
    name = library_assignment(assignment)
    times = times or {}
    with _gradebook(db_url) as gb:
        due = None
        if assignment:
            try:
                due = gb.find_assignment(assignment).duedate
            except MissingEntry:
                pass
        gb.update_or_create_assignment(name, duedate=due)
        gb.update_or_create_notebook(NOTEBOOK, name)
        for part in parts:
            gb.update_or_create_grade_cell(part.id, NOTEBOOK, name, max_score=part.points, cell_type="code")
        wanted = {p.id for p in parts}
        cells = {c.name for c in gb.find_notebook(NOTEBOOK, name).grade_cells}
        stale = cells - wanted       # the rubric lost a part: rebuild the notebook's cells
        if stale:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for submission in list(gb.find_assignment(name).submissions):
                    gb.remove_submission(name, submission.student.id)
                gb.remove_notebook(NOTEBOOK, name)
            gb.update_or_create_notebook(NOTEBOOK, name)
            for part in parts:
                gb.update_or_create_grade_cell(part.id, NOTEBOOK, name, max_score=part.points, cell_type="code")
        for result in results:
            if result.status == NOT_GRADED:
                continue
            student = result.student
            try:
                gb.find_student(student)
            except MissingEntry:
                gb.add_student(student)
            when = _naive_utc(times.get(student))
            try:
                submission = gb.find_submission(name, student)
                grades = [gb.find_grade(p.id, NOTEBOOK, name, student) for p in parts]
            except MissingEntry:     # a new student, or the rubric gained a part: a fresh submission
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")   # SQLAlchemy notes on nbgrader's own removal
                    try:
                        gb.remove_submission(name, student)
                    except MissingEntry:
                        pass
                    submission = gb.add_submission(name, student)
                grades = [gb.find_grade(p.id, NOTEBOOK, name, student) for p in parts]
            submission.timestamp = when
            for part, grade in zip(parts, grades):
                grade.auto_score = result.parts[part.id].score
                # A score an instructor set by hand stays (it overrides auto_score), flagged for a
                # look since the automatic one may have changed: what nbgrader autograde does.
                grade.needs_manual_grade = grade.manual_score is not None
            gb.db.commit()
    return name


def assignment_due(db_url, assignment: str) -> datetime.datetime | None:
    """The due date nbgrader's gradebook holds for ``assignment`` (aware, UTC), or None."""
    from nbgrader.api import MissingEntry

    with _gradebook(db_url) as gb:
        try:
            return _aware(gb.find_assignment(assignment).duedate)
        except MissingEntry:
            return None


def record_assignments(db_url, assignments, due: dict | None = None) -> list[str]:
    """Create (or update) ``assignments`` in the gradebook with their due dates (``due``: name ->
    aware datetime; an assignment without one keeps the due date it has), and the library
    assignment of each that teaches library parts. Returns lines saying what was recorded."""
    from ..grading.rubric import load

    rubric = load()
    due = due or {}
    lines = []
    with _gradebook(db_url) as gb:
        for name in assignments:
            kwargs = {"duedate": _naive_utc(due[name])} if name in due else {}
            record = gb.update_or_create_assignment(name, **kwargs)
            parts = library_parts(rubric, name)
            if parts:
                lib = library_assignment(name)
                gb.update_or_create_assignment(lib, duedate=record.duedate)
                gb.update_or_create_notebook(NOTEBOOK, lib)
                for part in parts:
                    gb.update_or_create_grade_cell(part.id, NOTEBOOK, lib, max_score=part.points,
                                                   cell_type="code")
            when = _aware(record.duedate)
            lines.append(f"{name}: due {when:%Y-%m-%d %H:%M} UTC" if when else f"{name}: no due date")
    return lines


def roster(db_url) -> dict[str, dict]:
    """The students nbgrader's gradebook knows: id -> {first_name, last_name, email, lms_user_id}."""
    with _gradebook(db_url) as gb:
        return {s.id: {"first_name": s.first_name, "last_name": s.last_name, "email": s.email,
                       "lms_user_id": s.lms_user_id} for s in gb.students}


def record_students(db_url, students: dict[str, str]) -> list[str]:
    """Make sure nbgrader's gradebook knows ``students`` (id -> LMS user id, or ""), so that
    ``nbgrader autograde`` does not stop at a student missing from the roster; an LMS user id is
    recorded where the gradebook has none (names are left as they are). Returns the students
    that were not in the gradebook."""
    from nbgrader.api import MissingEntry

    added = []
    with _gradebook(db_url) as gb:
        for student, user_id in sorted(students.items()):
            try:
                record = gb.find_student(student)
            except MissingEntry:
                gb.add_student(student, lms_user_id=user_id or None)
                added.append(student)
                continue
            if user_id and not record.lms_user_id:
                record.lms_user_id = user_id
                gb.db.commit()
    return added


# --------------------------------------------------------------------------------------------
# The assignment's gradesheet from nbgrader's gradebook, and its late penalties written back
# --------------------------------------------------------------------------------------------

def evidence(db_url, assignment: str) -> tuple[dict, datetime.datetime | None]:
    """What nbgrader's gradebook holds of ``assignment`` for each student (``gradesheet.Evidence``):
    the notebooks' auto-graded points (code grade cells) and written answers (markdown grade and
    task cells: graded once a score is set, by hand or by nbgrader's rule for an untouched answer),
    the library parts (``library_assignment``) and the submission time; and the due date."""
    from nbgrader.api import MissingEntry

    from ..grading.gradesheet import Evidence, Unit

    found: dict[str, Evidence] = {}
    with _gradebook(db_url) as gb:
        try:
            record = gb.find_assignment(assignment)
        except MissingEntry:
            raise ValueError(f"nbgrader's gradebook {db_url} has no assignment {assignment!r}: record it with "
                             f"`python -m autograder release --db {db_url} --assignment {assignment}`") from None
        due = _aware(record.duedate)
        for sub in record.submissions:
            ev = found.setdefault(sub.student.id, Evidence(sub.student.id))
            ev.submitted_at = _aware(sub.timestamp)
            ev.time_source = "nbgrader's gradebook"
            for nb in sub.notebooks:
                unit = Unit(nb.notebook.name)
                for g in nb.grades:
                    cell = g.cell
                    points = float(cell.max_score or 0.0)
                    if cell.cell_type == "markdown":
                        unit.written_max += points
                        if g.manual_score is None and g.auto_score is None:
                            unit.written_pending += 1
                        else:
                            unit.written = (unit.written or 0.0) + float(g.score or 0.0)
                    else:
                        unit.auto_max += points
                        unit.auto += float(g.score or 0.0)
                ev.units.append(unit)
        try:
            library = gb.find_assignment(library_assignment(assignment))
        except MissingEntry:
            library = None
        for sub in library.submissions if library is not None else []:
            ev = found.setdefault(sub.student.id, Evidence(sub.student.id))
            ev.library = round(float(sum(float(g.score or 0.0) for nb in sub.notebooks for g in nb.grades)), 4)
            if ev.submitted_at is None:
                ev.submitted_at, ev.time_source = _aware(sub.timestamp), "nbgrader's gradebook (library)"
    return found, due


def write_late_penalties(db_url, sheet) -> int:
    """Record each student's late penalties (``gradesheet.Sheet``) in nbgrader's gradebook, where
    ``nbgrader export`` and formgrader read them: ``late_submission_penalty`` of each notebook of
    the assignment, and of the library's ``course_lib`` notebook. A unit on time gets none.
    Returns how many notebooks carry a penalty."""
    from nbgrader.api import MissingEntry

    from ..grading.gradesheet import LIBRARY_UNIT

    library = library_assignment(sheet.assignment)
    count = 0
    with _gradebook(db_url) as gb:
        for row in sheet.rows:
            if row.status == "not graded":
                continue
            for unit, penalty in row.unit_penalties.items():
                try:
                    if unit == LIBRARY_UNIT:
                        nb = gb.find_submission_notebook(NOTEBOOK, library, row.student)
                    else:
                        nb = gb.find_submission_notebook(unit, sheet.assignment, row.student)
                except MissingEntry:
                    continue
                nb.late_submission_penalty = penalty or None
                count += bool(penalty)
        gb.db.commit()
    return count
