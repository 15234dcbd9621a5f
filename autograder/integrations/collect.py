"""Unpacking students' zips (from ``make submit``, or an LMS's download) into nbgrader's layout.

    python -m autograder collect ZIP_OR_FOLDER... --assignment NAME [--into submitted]
                                 [--due WHEN] [--gradebook URL]

For each student it writes ``submitted/STUDENT/NAME/``: the student's ``course_lib/*.py``, the
notebook(s) of assignment NAME (found in the zip under ``.../NAME/``, or by their names anywhere
in it) and ``timestamp.txt``, which is what ``nbgrader autograde NAME`` (lateness included) and
``python -m autograder grade submitted --assignment NAME`` read.

* **Who.** A zip's name is its student (``alice.zip``), except that an LMS's download names are
  read for the student the LMS knows (``doejane_LATE_123456_7890123_alice.zip`` is Canvas's
  ``doejane``; see ``submissions.parse_lms_name``). Names that cannot be ids get a safe id.
* **When.** ``timestamp.txt`` holds the submission's real time: the LMS's name when it carries one
  (Blackboard), else the zip's modification time. Canvas's names say only whether Canvas found
  the submission late; with a due date (``--due``, or the assignment's in nbgrader's gradebook)
  its verdict wins: a submission Canvas found on time is recorded at most at the due date, one it
  found LATE at least one second after it, and the output says so.
* **Resubmissions.** Of several zips from one student the latest is used (then the LMS's upload
  order); a student collected before is replaced only by a submission at least as recent.
* **What is missing.** Each notebook of the released assignment (``notebooks/NAME/``) that a zip
  lacks is reported (nbgrader autograde scores it 0).
* **What cannot be used** (no ``course_lib/``, an unreadable or hostile zip: the grader's own rules
  in ``grading.contents``; a file that is not a zip, such as a notebook uploaded on its own) is
  listed, the others are collected, and the command exits 1.

A student's folder is replaced whole, so a resubmission leaves nothing of the previous one.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import pathlib
import shutil
import tempfile

from .. import ROOT
from ..grading import contents
from ..grading.submissions import (
    InputError,
    delay_text,
    discover,
    late_by,
    nbgrader_timestamp,
    provided_modules,
    read_timestamp,
    recorded_time,
    time_text,
)

__all__ = ["collect", "Collected", "InputError", "expected_notebooks"]


@dataclasses.dataclass
class Collected:
    """What ``collect`` did with one student's submission."""

    student: str
    name: str                    # the zip's or folder's own name
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

    def summary(self) -> str:
        """One line for the terminal."""
        if not self.ok:
            return f"{self.student}: NOT USED: {self.problem}"
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


def collect(paths, assignment, into="submitted", due=None, release_dir=None, lms_ids=None) -> list[Collected]:
    """Collect the submissions at ``paths`` for ``assignment`` into ``into``; returns one
    ``Collected`` per student, sorted by student. ``due`` (an aware datetime) decides lateness.
    ``lms_ids`` (a dict) receives ``student -> LMS user id`` for the students an LMS named."""
    expected = expected_notebooks(assignment, release_dir)
    known = provided_modules()
    into = pathlib.Path(into)
    done = [Collected(contents.printable(name), contents.printable(name), ok=False, action="skipped",
                      problem="not a zip or a tarball: hand in the zip that `make submit` makes")
            for name in _loose_files(paths)]
    for sub in discover([str(p) for p in paths]):
        item = Collected(sub.student, sub.name, ok=False, notes=list(sub.notes),
                         lms_user_id=sub.lms.user_id if sub.lms is not None else "")
        done.append(item)
        try:
            if sub.problem:
                raise contents.Unusable(sub.problem)
            lib = contents.library(contents.read(sub.source), known, notebooks=True)
        except contents.Unusable as exc:
            item.action, item.problem = "skipped", str(exc)
            continue
        except Exception as exc:  # whatever one submission raises is its own problem
            item.action, item.problem = "skipped", f"{type(exc).__name__}: {exc}"
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
        item.submitted_at, item.time_source, item.late = when, source, late_by(when, due)
        item.notes += notes
        if when is None:
            item.warnings.append("no submission time is known: timestamp.txt not written (nbgrader counts "
                                 "it on time)")
        target = into / sub.student / assignment
        item.target = str(target)
        before = read_timestamp(str(target / "timestamp.txt")) if target.is_dir() else None
        if before is not None and when is not None and before > when:
            item.action = "kept"
            item.submitted_at, item.time_source, item.late = before, "collected before", late_by(before, due)
            item.notes.append(f"kept the later submission already collected ({time_text(before)}); "
                              f"this one is from {time_text(when)}")
            continue
        _write(target, lib.modules, notebooks, when)
        item.action = "replaced" if before is not None or sub.superseded else "collected"
    return sorted(done, key=lambda c: c.student)


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
                    and not contents.archive_kind(name):
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
