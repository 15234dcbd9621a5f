"""Unpacking students' zips (from ``make submit``, or an LMS's download) into nbgrader's layout.

    python -m autograder collect ZIP_OR_FOLDER... --assignment NAME [--into submitted]
                                 [--due WHEN] [--gradebook URL] [--roster FILE] [--late-policy FILE]

For each student it writes ``submitted/STUDENT/NAME/``: the student's ``course_lib/*.py``, the
notebook(s) of assignment NAME (found in the zip under ``.../NAME/``, or by their names anywhere
in it) and ``timestamp.txt``, which is what ``nbgrader autograde NAME`` (lateness included) and
``python -m autograder grade submitted --assignment NAME`` read.

* **Who** (``submissions.identify``): an LMS's download names are read for the student the LMS
  knows, from the part the LMS writes only (``doejane_LATE_123456_7890123_alice.zip`` is Canvas
  user 123456); otherwise the zip's name. With a roster (``roster.csv``), every upload is resolved
  through it: renames and ``-1`` resubmissions find their student; an upload that maps to no
  student, or to several, is not collected and is listed for the instructor, never made into a
  new student. Uploads of one student that do not all carry the same name are flagged.
* **When.** ``timestamp.txt`` holds the submission's real time: what the LMS wrote (Blackboard's
  name), else the zip's modification time (said so). Canvas's names say only whether Canvas
  found the submission late; with a due date its verdict wins: a submission Canvas found on time
  is recorded at most at the due date, one it found LATE at least one second after it.
* **Late**, by how much after the student's own due date (their extension in the late policy
  counted), and the penalty the course's policy takes (``lateness``).
* **Resubmissions.** Of several zips from one student the latest is used (then the LMS's upload
  order); a student collected before is replaced only by a submission at least as recent.
* **What is missing.** Each notebook of the released assignment (``notebooks/NAME/``) that a zip
  lacks is reported (nbgrader autograde scores it 0).
* **What cannot be used**: an empty upload (said so), no ``course_lib/``, an unreadable or hostile
  zip (the grader's own rules in ``grading.contents``), a file that is not a zip: listed, the
  others collected, and the command exits 1.

The terminal gets one screen (``summary_lines``); every upload's details go to a CSV file
(``details_csv``: ``collect-NAME.csv`` beside the submitted folder).

A student's folder is replaced whole, so a resubmission leaves nothing of the previous one.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import os
import pathlib
import shutil
import tempfile

from .. import ROOT
from ..grading import contents
from ..grading.lateness import Lateness, LatePolicy
from ..grading.roster import Roster
from ..grading.submissions import (
    InputError,
    delay_text,
    identify,
    lms_side_file,
    nbgrader_timestamp,
    provided_modules,
    read_timestamp,
    recorded_time,
    time_text,
)

__all__ = ["collect", "Collected", "InputError", "expected_notebooks", "summary_lines", "details_csv"]


@dataclasses.dataclass
class Collected:
    """What ``collect`` did with one student's submission."""

    student: str
    name: str                    # the zip's or folder's own name, without .zip
    ok: bool                     # False: it could not be used (``problem`` says why)
    action: str = ""             # "collected", "kept" (a later one was already there) or "skipped"
    problem: str = ""
    submitted_at: datetime.datetime | None = None
    time_source: str = ""
    late: datetime.timedelta | None = None
    notebooks: list[str] = dataclasses.field(default_factory=list)
    missing: list[str] = dataclasses.field(default_factory=list)     # notebooks of the assignment it lacks
    warnings: list[str] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)
    target: str = ""
    lms_user_id: str = ""
    kind: str = ""               # why it was not used: "empty", "who" (held: the roster cannot place it), "unusable"
    flags: list[str] = dataclasses.field(default_factory=list)      # who-is-who questions
    lateness: Lateness | None = None
    superseded: list[str] = dataclasses.field(default_factory=list)
    upload: str = ""             # the file or folder as found (``alice.zip``)

    def summary(self) -> str:
        """One line for the terminal."""
        if not self.ok:
            return f"{self.student or self.name}: NOT USED: {self.problem}"
        when = f"{time_text(self.submitted_at)} ({self.time_source})" if self.submitted_at else "time unknown"
        late = f", LATE by {delay_text(self.late)}" if self.late else ""
        books = f"{len(self.notebooks)} notebook(s)" + (f", MISSING {', '.join(self.missing)}" if self.missing else "")
        return f"{self.student}: {self.action}, {books}, submitted {when}{late}"


def expected_notebooks(assignment: str, release_dir: str | os.PathLike | None = None) -> list[str]:
    """The notebooks students receive for ``assignment`` (``notebooks/ASSIGNMENT/*.ipynb``).
    ``InputError`` when the course has no such assignment."""
    release = pathlib.Path(release_dir) if release_dir is not None else ROOT / "notebooks"
    folder = release / assignment
    if not folder.is_dir() or "/" in assignment or assignment in ("", ".", ".."):
        known = sorted(p.name for p in release.iterdir() if p.is_dir() and not p.name.startswith(".")) \
            if release.is_dir() else []
        raise InputError(f"there is no assignment {assignment!r} in {release} (the course's assignments: "
                         f"{', '.join(known) or 'none'})")
    return sorted(p.name for p in folder.glob("*.ipynb"))


def _pick_notebooks(found: dict[str, bytes], assignment: str,
                    expected: list[str]) -> tuple[dict[str, bytes], list[str]]:
    """The notebooks of ``assignment`` among a submission's (path -> bytes): those in a folder
    named after it, else the expected notebooks found by name anywhere else. Returns them by file
    name, and notes for the instructor."""
    notes = []
    mine = {p.rsplit("/", 1)[-1]: data for p, data in sorted(found.items())
            if len(p.split("/")) >= 2 and p.split("/")[-2] == assignment}
    for name in expected:
        if name in mine:
            continue
        elsewhere = sorted(p for p in found if p.rsplit("/", 1)[-1] == name)
        if elsewhere:
            mine[name] = found[elsewhere[0]]
            notes.append(f"{name} was not in a folder {assignment}/: took {contents.printable(elsewhere[0])}")
    unknown = sorted(set(mine) - set(expected))
    if unknown and expected:
        notes.append(f"notebook(s) that are not part of {assignment} (nbgrader skips them): {', '.join(unknown)}")
    return mine, notes


def collect(paths, assignment, into="submitted", due=None, release_dir=None, lms_ids=None,
            roster: Roster | None = None, policy: LatePolicy | None = None) -> list[Collected]:
    """Collect the submissions at ``paths`` for ``assignment`` into ``into``; returns one
    ``Collected`` per student (and per upload not used), sorted by student. ``due`` (an aware
    datetime) decides lateness, ``policy`` the penalty and extensions, ``roster`` who is who.
    ``lms_ids`` (a dict) receives ``student -> Canvas user id`` for the students Canvas named."""
    expected = expected_notebooks(assignment, release_dir)
    known = provided_modules()
    policy = policy or LatePolicy()
    into = pathlib.Path(into)
    done = [Collected("", contents.printable(name), ok=False, action="skipped", kind="unusable",
                      problem="not a zip or a tarball: hand in the zip that `make submit` makes",
                      upload=contents.printable(name))
            for name in _loose_files(paths)]
    found = identify([str(p) for p in paths], roster=roster)
    for held in found.held:
        done.append(Collected("", held.name, ok=False, action="held", kind="who", problem=held.why, upload=held.name))
    for sub in found.submissions:
        item = Collected(sub.student, sub.name, ok=False, notes=list(sub.notes), flags=list(sub.flags),
                         lms_user_id=sub.lms.canvas_user_id if sub.lms is not None else "",
                         superseded=list(sub.superseded),
                         upload=contents.printable(os.path.basename(sub.source)))
        done.append(item)
        try:
            if sub.problem:
                raise contents.Unusable(sub.problem)
            lib = contents.library(contents.read(sub.source), known, notebooks=True)
        except contents.Unusable as exc:
            item.action, item.problem = "skipped", str(exc)
            item.kind = "empty" if sub.empty else "unusable"
            continue
        except Exception as exc:  # whatever one submission raises is its own problem
            item.action, item.problem, item.kind = "skipped", f"{type(exc).__name__}: {exc}", "unusable"
            continue
        item.ok = True
        item.notes += lib.notes
        if item.lms_user_id and lms_ids is not None:
            lms_ids[sub.student] = item.lms_user_id
        notebooks, notes = _pick_notebooks(lib.notebooks, assignment, expected)
        item.notes += notes
        item.notebooks = sorted(notebooks)
        item.missing = [n for n in expected if n not in notebooks]
        if item.missing:
            item.warnings.append(f"missing notebook(s) {', '.join(item.missing)}: nbgrader autograde scores "
                                 f"{'it' if len(item.missing) == 1 else 'them'} 0")
        when, source, notes = recorded_time(sub, due)
        item.submitted_at, item.time_source = when, source
        item.notes += notes
        if when is None:
            item.warnings.append("no submission time is known: timestamp.txt not written (nbgrader counts "
                                 "it on time)")
        target = into / sub.student / assignment
        item.target = str(target)
        before = read_timestamp(str(target / "timestamp.txt")) if target.is_dir() else None
        if before is not None and when is not None and before > when:
            item.action = "kept"
            item.submitted_at, item.time_source = before, "collected before"
            item.notes.append(f"kept the later submission already collected ({time_text(before)}); "
                              f"this one is from {time_text(when)}")
        else:
            _write(target, lib.modules, notebooks, when)
            item.action = "replaced" if before is not None or sub.superseded else "collected"
        item.lateness = policy.lateness(item.submitted_at, due, sub.student, assignment)
        item.late = item.lateness.late if not item.lateness.within_grace else None
    return sorted(done, key=lambda c: (c.student == "", c.student, c.name))


def summary_lines(done: list[Collected], roster: Roster | None, into: str, details: str, limit: int = 6) -> list[str]:
    """What the terminal shows: one screen, whatever the class's size."""
    used = [c for c in done if c.ok]
    late = [c for c in used if c.late]
    missing = [c for c in used if c.missing]
    replaced = [c for c in used if c.superseded or c.action == "replaced"]
    kept = [c for c in used if c.action == "kept"]
    not_used = [c for c in done if not c.ok]
    uploads = sum(1 + len(c.superseded) for c in done)
    lines = [f"{uploads} upload(s): {len(used)} student(s) collected into {os.path.abspath(into)}"
             + (f" ({len(replaced)} resubmitted" + (f", {len(kept)} kept a later one" if kept else "") + ")"
                if replaced or kept else "")
             + f", {len(late)} late, {len(missing)} missing a notebook, {len(not_used)} not used"]

    def names(items, what=lambda c: c.student):
        shown = ", ".join(what(c) for c in items[:limit * 2])
        return shown + (f" and {len(items) - limit * 2} more" if len(items) > limit * 2 else "")

    if late:
        def late_text(c):
            off = f", {100 * c.lateness.fraction:.4g} % off" if c.lateness is not None and c.lateness.fraction else ""
            return f"{c.student} ({delay_text(c.late)}{off})" if c.late else c.student

        lines.append(f"LATE ({len(late)}): " + names(late, late_text))
    if missing:
        lines.append(f"MISSING NOTEBOOK ({len(missing)}): {names(missing)}")
    if not_used:
        lines.append(f"NOT USED ({len(not_used)}):")
        label = {"empty": "EMPTY", "who": "WHO?", "unusable": "UNUSABLE"}
        for c in sorted(not_used, key=lambda c: ("who", "empty", "unusable").index(c.kind or "unusable"))[:limit]:
            who = f" ({c.student})" if c.student else ""
            lines.append(f"  {label.get(c.kind, 'UNUSABLE'):8} {c.upload or c.name}{who}: {_short(c.problem)}")
        if len(not_used) > limit:
            lines.append(f"  ... and {len(not_used) - limit} more (see the details file)")
    flagged = [c for c in used if c.flags]
    if flagged:
        lines.append(f"CHECK WHO ({len(flagged)}): {names(flagged)} (several uploads with different names taken "
                     "as one student's, or namesakes: see the details file)")
    if roster is not None:
        collected = {c.student for c in done if c.student}
        absent = sorted(s for s in roster.students if s not in collected)
        if absent:
            lines.append(f"NOTHING from {len(absent)} of the roster's {len(roster)} students: "
                         + ", ".join(absent[:limit * 2]) + (" ..." if len(absent) > limit * 2 else ""))
    lines.append(f"details: {details} (one row per upload)")
    return lines


def _short(text: str, limit: int = 150) -> str:
    return text if len(text) <= limit else text[:limit - 3] + "..."


DETAIL_COLUMNS = ["upload", "student", "action", "problem", "submitted_at", "time_source", "late", "seconds_late",
                  "notebooks", "missing_notebooks", "check_who", "notes"]


def details_csv(done: list[Collected]) -> str:
    """Every upload and what collect did with it, for a spreadsheet."""
    from ..grading.outputs import csv_cell

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(DETAIL_COLUMNS)
    for c in done:
        late = c.lateness.text() if c.lateness is not None else ""
        seconds = f"{c.late.total_seconds():.0f}" if c.late else ""
        w.writerow([csv_cell(c.upload or c.name), csv_cell(c.student), c.action, csv_cell(c.problem),
                    c.submitted_at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC") if c.submitted_at
                    else "", csv_cell(c.time_source), csv_cell(late), seconds, csv_cell(" ".join(c.notebooks)),
                    csv_cell(" ".join(c.missing)), csv_cell("; ".join(c.flags)),
                    csv_cell("; ".join(c.warnings + c.notes))])
    return buf.getvalue()


def _loose_files(paths) -> list[str]:
    """Files in the given folders that are not submissions (an LMS's PDF or text entry, a notebook
    uploaded on its own): collect lists them as not used. Hidden files are left out."""
    loose = []
    for path in map(str, paths):
        if not os.path.isdir(path) or os.path.islink(path):
            continue
        for name in sorted(os.listdir(path)):
            full = os.path.join(path, name)
            if not name.startswith(".") and os.path.isfile(full) and not os.path.islink(full) \
                    and not contents.archive_kind(name) and not lms_side_file(name):
                loose.append(name)
    return loose


def _write(target: pathlib.Path, modules: dict[str, bytes], notebooks: dict[str, bytes],
           when: datetime.datetime | None) -> None:
    """Replace ``target`` by a folder holding course_lib/, the notebooks and timestamp.txt."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = pathlib.Path(tempfile.mkdtemp(prefix=".collect-", dir=target.parent))
    try:
        (fresh / "course_lib").mkdir()
        for name, data in modules.items():
            (fresh / "course_lib" / name).write_bytes(data)
        for name, data in notebooks.items():
            (fresh / name).write_bytes(data)
        if when is not None:
            (fresh / "timestamp.txt").write_text(nbgrader_timestamp(when) + "\n")
        os.chmod(fresh, 0o755)
        if target.exists():
            shutil.rmtree(target)
        os.replace(fresh, target)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
