"""Finding submissions, naming their students, and staging a private copy of each library.

A PATH given to the grader is:

* a ``.zip`` or a tarball (``.tar``, ``.tar.gz``, ``.tgz``, ...): one submission, named after the
  file without its extension;
* a folder that holds ``course_lib/`` (or a single folder holding one, as in nbgrader's
  ``submitted/STUDENT/ASSIGNMENT/``): one submission, named after the folder;
* any other folder: a folder of submissions, each entry (a zip, a tarball or a folder) one
  student. With ``assignment``, a student folder's ``ASSIGNMENT/`` subfolder is the one used
  (nbgrader's layout with several assignments).

Only a PATH that does not exist, or is a file that is neither a zip nor a tarball, is an error
(``InputError``): everything that can go wrong with one submission (an unreadable zip, a link, no
library) is recorded on that submission and costs only its own points.

Student ids are what every output is named after, so they are made safe here, once: a name
that is not a plain id (spaces, accents, a leading ``=``, ``..``, the name of an output file,
a name that differs from another only in case) gets a safe id, and the original name is kept
beside it (``Submission.name``) with a note saying why.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import shutil
import tempfile
import unicodedata

from .. import STUDENT_LIB
from . import contents
from .contents import PACKAGE, Unusable, printable

SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,79}$")
# Names the grader writes in its output folder (and that a student folder must therefore not take).
RESERVED_IDS = {"grades.csv", "report.html", "gradebook.sqlite", "gradebook.sqlite-wal",
                "gradebook.sqlite-shm", "logs", "checks.csv", "canvas.csv", "index.html"}


class InputError(ValueError):
    """A PATH the grader cannot use at all (it does not exist, say): a usage error."""


@dataclasses.dataclass
class Submission:
    """One student's submission: where it is, who it is, and (after ``stage``) a private copy."""

    name: str                    # as given: the zip's or folder's name without its extension
    source: str                  # the path given or found
    student: str = ""            # the safe id every output uses (``assign_ids``)
    assignment: str | None = None
    problem: str = ""            # why it cannot be graded (then it scores 0 with this message)
    notes: list[str] = dataclasses.field(default_factory=list)   # for the instructor
    staged: str = ""             # private folder holding course_lib/
    content_hash: str = ""
    modules: tuple[str, ...] = ()


def _is_submission_folder(path: str) -> bool:
    """True when the folder ``path`` is one submission rather than a folder of them."""
    if os.path.lexists(os.path.join(path, PACKAGE)):
        return True
    entries = [e for e in os.listdir(path) if not e.startswith(".")]
    if len(entries) == 1:
        only = os.path.join(path, entries[0])
        return os.path.isdir(only) and not os.path.islink(only) and os.path.lexists(os.path.join(only, PACKAGE))
    return False


def discover(paths: list[str], assignment: str | None = None, single: bool = False) -> list[Submission]:
    """The submissions named by ``paths`` (see the module docstring), with safe, unique ids;
    with ``single``, each PATH is one submission whatever it holds.

    Raises ``InputError`` only for a PATH that does not exist or is a file that is neither a zip
    nor a tarball, or a folder with nothing in it.
    """
    subs: list[Submission] = []
    for path in paths:
        path = os.path.abspath(path)
        if not os.path.lexists(path):
            raise InputError(f"{path} does not exist")
        base = os.path.basename(path)
        if os.path.isfile(path) and not os.path.islink(path):
            if not contents.archive_kind(base):
                raise InputError(f"{path} is a file but not a .zip or a tarball (.tar, .tar.gz, .tgz, ...)")
            subs.append(Submission(contents.strip_archive_suffix(base), path, assignment=assignment))
            continue
        if os.path.islink(path) or not os.path.isdir(path):
            subs.append(Submission(base, path, assignment=assignment,
                                   problem="it is a symbolic link or not a folder; submit the files themselves"))
            continue
        if single or _is_submission_folder(path):
            subs.append(Submission(base, path, assignment=assignment))
            continue
        entries = sorted(os.listdir(path))
        if not entries:
            raise InputError(f"{path} is an empty folder")
        for name in entries:
            child = os.path.join(path, name)
            stem = contents.strip_archive_suffix(name)
            if os.path.islink(child):
                if not name.startswith("."):
                    subs.append(Submission(stem, child, assignment=assignment,
                                           problem="it is a symbolic link; submit the files themselves"))
            elif os.path.isdir(child):
                if not name.startswith("."):   # .git, .ipynb_checkpoints, ...
                    subs.append(Submission(name, child, assignment=assignment))
            elif contents.archive_kind(name):
                subs.append(Submission(stem, child, assignment=assignment))
            # other files (a CSV an LMS adds, .DS_Store, notes) are not submissions
    assign_ids(subs)
    for sub in subs:
        sub.name = printable(sub.name)     # for people and files: no undecodable bytes
    return sorted(subs, key=lambda s: s.student)


def safe_id(name: str) -> str:
    """A plain id made from ``name``: ASCII letters, digits and ``._@+-``, starting with a letter
    or digit, at most 80 characters (``"Zoë O'Brien"`` -> ``"Zoe_O_Brien"``)."""
    text = "".join(ch if ch.isascii() else ("" if unicodedata.combining(ch) else "_")
                   for ch in unicodedata.normalize("NFKD", printable(name)))
    text = re.sub(r"[^A-Za-z0-9._@+-]+", "_", text)
    text = re.sub(r"\.{2,}", "_", text).lstrip("._@+-").rstrip(".")[:80].rstrip(".")
    return text or "student"


def assign_ids(subs: list[Submission]) -> None:
    """Give each submission a safe id, unique without regard to case; note every change."""
    taken: set[str] = set()
    for sub in sorted(subs, key=lambda s: (s.name.encode("utf-8", "surrogateescape"), s.source)):
        shown = printable(sub.name)
        usable = bool(SAFE_ID.match(sub.name)) and sub.name.lower() not in RESERVED_IDS \
            and ".." not in sub.name
        candidate = sub.name if usable else safe_id(sub.name)
        if candidate.lower() in RESERVED_IDS:
            candidate = f"student-{candidate}"
        student, n = candidate, 2
        while student.lower() in taken:
            student = f"{candidate}-{n}"
            n += 1
        taken.add(student.lower())
        sub.student = student
        if student != sub.name:
            why = "is not usable as a student id" if not usable else "is taken by another submission"
            sub.notes.append(f"the name {shown!r} {why}; graded as {student!r}")


def _hash_modules(modules: dict[str, bytes]) -> str:
    h = hashlib.sha256()
    for name, data in sorted(modules.items()):
        h.update(name.encode() + b"\0" + len(data).to_bytes(8, "little") + data)
    return h.hexdigest()


def provided_modules() -> dict[str, bytes]:
    """The student version's modules (stubs and provided code): what completes a partial upload."""
    return {p.name: p.read_bytes() for p in sorted(STUDENT_LIB.glob("*.py"))}


def stage(sub: Submission, parent: str | None = None, provided: dict[str, bytes] | None = None) -> Submission:
    """Read the submission's library (see ``contents``) into a private folder (inside ``parent``
    when given); sets ``staged``, ``modules`` and ``content_hash``, or ``problem``. Modules of the
    course that the submission lacks are taken from the student version (``provided``), so a
    student who uploads only the files they edited is graded on them."""
    provided = provided_modules() if provided is None else provided
    if not sub.problem:
        try:
            lib = contents.library(contents.read(sub.source), provided, sub.assignment)
        except Unusable as exc:
            sub.problem = f"the submission cannot be graded: {exc}"
        else:
            sub.notes += lib.notes
            missing = sorted(set(provided) - set(lib.modules))
            if missing and len(missing) < len(provided):
                sub.notes.append("completed with the provided version of " + ", ".join(missing))
            modules = {**{m: provided[m] for m in missing}, **lib.modules}
            sub.content_hash = _hash_modules(modules)
            sub.modules = tuple(sorted(modules))
            sub.staged = _write(modules, parent)
    if sub.problem:
        sub.content_hash = _hash_modules({"problem": sub.problem.encode()})
    return sub


def _write(modules: dict[str, bytes], parent: str | None) -> str:
    staged = tempfile.mkdtemp(prefix="cl-sub-", dir=parent)
    lib = os.path.join(staged, PACKAGE)
    os.mkdir(lib)
    for name, data in modules.items():
        with open(os.path.join(lib, name), "wb") as f:
            f.write(data)
    return staged


RUN_PREFIX = "course-grader-run-"


def staging_area() -> str:
    """A folder for one grading run's staged copies, named for this process so that a later run
    can remove what a killed one left behind (``sweep_staging_areas``). Only root (the grader)
    may list it; each sandbox is given its own copy (see ``sandbox.Sandbox.confine_copy``)."""
    sweep_staging_areas()
    area = tempfile.mkdtemp(prefix=f"{RUN_PREFIX}{os.getpid()}-")
    os.chmod(area, 0o711)
    return area


def sweep_staging_areas() -> None:
    """Remove the staging folders of grader processes that are no longer running."""
    tmp = tempfile.gettempdir()
    for name in os.listdir(tmp):
        if not name.startswith(RUN_PREFIX):
            continue
        try:
            pid = int(name[len(RUN_PREFIX):].split("-", 1)[0])
            os.kill(pid, 0)
        except ValueError:
            continue
        except ProcessLookupError:
            shutil.rmtree(os.path.join(tmp, name), ignore_errors=True)
        except PermissionError:
            pass    # alive, another user's


def unstage(sub: Submission) -> None:
    if sub.staged:
        shutil.rmtree(sub.staged, ignore_errors=True)
        sub.staged = ""
