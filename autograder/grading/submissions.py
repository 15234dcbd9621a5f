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

Names that an LMS gave its downloads (``parse_lms_name``: Canvas, Moodle, Blackboard) name the
student the LMS knows, not the file: ``doejane_LATE_123456_7890123_alice-1.zip`` is Canvas's
student ``doejane`` (Canvas user 123456), whom Canvas marked late. A student who appears more
than once (two files from the same LMS user, or the same name twice) is a resubmission: the
latest (``Submission.submitted_at``, then the LMS's upload order) is used and the others are
listed in its notes (``superseded``).
"""

from __future__ import annotations

import dataclasses
import datetime
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
                "gradebook.sqlite-shm", "logs", "checks.csv", "canvas.csv", "index.html",
                "notebook-grades.csv"}


class InputError(ValueError):
    """A PATH the grader cannot use at all (it does not exist, say): a usage error."""


# --------------------------------------------------------------------------------------------
# Names that LMSs give the files of their "download all submissions"
# --------------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class LmsName:
    """What an LMS's download name says about a submission."""

    lms: str                     # "Canvas", "Moodle" or "Blackboard"
    student: str                 # the student as the LMS names them ("doejane"), before ``safe_id``
    user_id: str = ""            # the LMS's own id of the student (Canvas's user id), if any
    late: bool | None = None     # the LMS's own verdict (Canvas's LATE), None when it does not say
    submitted_at: datetime.datetime | None = None   # when the name carries a time (Blackboard)
    sequence: int = 0            # upload order among one student's files (Canvas's attachment id)
    filename: str = ""           # the file as the student uploaded it

    def describe(self) -> str:
        who = f"{self.lms} user {self.user_id}" if self.user_id else f"{self.lms}'s {self.student!r}"
        late = {True: f", marked LATE by {self.lms}", False: "", None: ""}[self.late]
        return f"{self.lms} download name: {who}, file {self.filename!r}{late}"


# Canvas (lib/content_zipper.rb): "<sortable name, lower case, only word characters>[_LATE]_<user
# id>_<attachment id>_<file name>", or "[LATE_]anon_<anonymous id>_..." when grading is anonymous.
# Canvas renames a student's second upload of "alice.zip" to "alice-1.zip".
_CANVAS = re.compile(r"^(?:(?P<name>\w+?)_)??(?:(?P<late>LATE)_)?"
                     r"(?P<uid>[1-9][0-9]{2,}|anon_[A-Za-z0-9]+)_(?P<att>[1-9][0-9]{2,})_(?P<file>.+)$")
# Moodle ("download all submissions"): "<full name>_<participant id>_assignsubmission_file_<file>".
_MOODLE = re.compile(r"^(?P<name>.+?)_(?P<pid>[0-9]+)_assignsubmission_(?:file|onlinetext)_(?P<file>.*)$")
# Blackboard: "<assignment>_<user name>_attempt_<YYYY-MM-DD-HH-MM-SS>[_<file>]" (the server's time).
_BLACKBOARD = re.compile(r"^(?P<assignment>.+)_(?P<user>[^_]+)_attempt_"
                         r"(?P<ts>[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{2}-[0-9]{2}-[0-9]{2})(?:_(?P<file>.*))?$")


def parse_lms_name(name: str, folder: bool = False) -> LmsName | None:
    """The student an LMS's download name is for (``name`` without ``.zip``), or None when it is
    not such a name. Canvas: ``doejane_LATE_123456_7890123_alice-1``; Moodle: ``Jane
    Doe_4821_assignsubmission_file_alice``; Blackboard: ``hw4_jdoe_attempt_2025-10-01-23-59-59``.
    A ``folder``'s name is read only as Moodle's "download as folders" names it: Canvas and
    Blackboard download files, and folders (nbgrader's ``submitted/STUDENT``) are named by id."""
    m = None if folder else _CANVAS.match(name)
    if m:
        uid = m["uid"]
        anonymous = uid.startswith("anon_")
        student = uid if anonymous else (m["name"] or uid)
        return LmsName("Canvas", student, "" if anonymous else uid, bool(m["late"]),
                       sequence=int(m["att"]), filename=m["file"])
    m = _MOODLE.match(name)
    if m:
        return LmsName("Moodle", m["name"], filename=m["file"])
    m = None if folder else _BLACKBOARD.match(name)
    if m:
        try:
            local = datetime.datetime.strptime(m["ts"], "%Y-%m-%d-%H-%M-%S")
        except ValueError:
            return None
        return LmsName("Blackboard", m["user"], submitted_at=local.astimezone(datetime.UTC),
                       filename=m["file"] or "")
    return None


def nbgrader_timestamp(when: datetime.datetime) -> str:
    """``when`` as nbgrader writes ``timestamp.txt`` (UTC): ``2025-10-01 21:59:59.000000 UTC``."""
    return when.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S.%f UTC")


def read_timestamp(path: str) -> datetime.datetime | None:
    """The time in an nbgrader ``timestamp.txt`` (UTC), or None when there is none or it cannot be
    read. Accepts what nbgrader writes (``2025-10-01 21:59:59.123456 UTC``) and ISO 8601."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read(200).strip()
    except OSError:
        return None
    return parse_time(text)


def parse_time(text: str) -> datetime.datetime | None:
    """A time given by people or written by nbgrader, as an aware UTC datetime (naive times are the
    machine's local time; ``UTC`` and numeric offsets are understood), or None."""
    text = text.strip()
    if not text:
        return None
    zone: datetime.tzinfo | None = None
    head, _, last = text.rpartition(" ")
    if head and (last in ("UTC", "GMT") or "/" in last):     # "... UTC", "... America/New_York"
        try:
            import zoneinfo

            zone = datetime.UTC if last in ("UTC", "GMT") else zoneinfo.ZoneInfo(last)
        except (ValueError, KeyError, OSError):
            return None
        text = head
    elif text.endswith("Z"):
        zone, text = datetime.UTC, text[:-1]
    try:
        when = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=zone) if zone is not None else when.astimezone()
    return when.astimezone(datetime.UTC)


def late_by(submitted_at: datetime.datetime | None, due: datetime.datetime | None) -> datetime.timedelta | None:
    """How late a submission is (None when on time, or when either time is unknown)."""
    if submitted_at is None or due is None or submitted_at <= due:
        return None
    return submitted_at - due


def delay_text(delay: datetime.timedelta) -> str:
    """``3 d 4 h``, ``1 h 14 min``, ``12 min``, ``40 s``: a delay for people."""
    seconds = int(delay.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min"
    return f"{secs} s"


def time_text(when: datetime.datetime | None) -> str:
    """``2025-10-01 21:59 UTC`` (or ``unknown``)."""
    return when.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC") if when is not None else "unknown"


def recorded_time(sub: Submission, due: datetime.datetime | None) -> tuple[datetime.datetime | None, str, list[str]]:
    """The time to record for ``sub`` (and where it comes from, and notes): its own, except that
    an LMS's verdict on lateness wins over a file time that is only the time of the download.
    A submission Canvas found on time is recorded at most at the due date; one it found LATE at
    least one second after it."""
    when, source = sub.submitted_at, sub.time_source
    notes: list[str] = []
    verdict = sub.lms.late if sub.lms is not None else None
    if verdict is None or due is None or sub.lms is None:
        return when, source, notes
    lms = sub.lms.lms
    if not verdict and (when is None or when > due):
        notes.append(f"{lms} found it on time, and its download does not say when it was handed in: "
                     "recorded at the due date")
        return due, f"{lms}: on time", notes
    if verdict and (when is None or when <= due):
        notes.append(f"{lms} found it LATE, and its download does not say when it was handed in: "
                     f"recorded 1 s after the due date (see {lms} for the real time)")
        return due + datetime.timedelta(seconds=1), f"{lms}: LATE", notes
    return when, source, notes


def _submission_time(sub: Submission) -> None:
    """Set ``sub.submitted_at`` and ``time_source``: the LMS's name, nbgrader's timestamp.txt, or
    the file's own time (a zip's modification time)."""
    if sub.lms is not None and sub.lms.submitted_at is not None:
        sub.submitted_at, sub.time_source = sub.lms.submitted_at, f"the {sub.lms.lms} download name"
        return
    if os.path.isdir(sub.source) and not os.path.islink(sub.source):
        for folder in ([sub.assignment] if sub.assignment else []) + ["."]:
            stamp = os.path.join(sub.source, folder, "timestamp.txt")
            when = read_timestamp(stamp) if os.path.isfile(stamp) and not os.path.islink(stamp) else None
            if when is not None:
                sub.submitted_at, sub.time_source = when, "timestamp.txt"
                return
        return
    try:
        st = os.lstat(sub.source)
    except OSError:
        return
    sub.submitted_at = datetime.datetime.fromtimestamp(st.st_mtime, datetime.UTC)
    sub.time_source = "the file's modification time"


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
    lms: LmsName | None = None   # what the LMS's download name says (``parse_lms_name``)
    submitted_at: datetime.datetime | None = None   # when it was handed in (UTC), if known
    time_source: str = ""        # where ``submitted_at`` comes from, in words
    superseded: list[str] = dataclasses.field(default_factory=list)   # older files of this student


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
    for sub in subs:
        folder = os.path.isdir(sub.source) and not os.path.islink(sub.source)
        sub.lms = None if single else parse_lms_name(printable(sub.name), folder=folder)
        _submission_time(sub)
    subs = latest_of_each(subs)
    assign_ids(subs)
    for sub in subs:
        sub.name = printable(sub.name)     # for people and files: no undecodable bytes
    return sorted(subs, key=lambda s: s.student)


def _identity(sub: Submission) -> tuple[str, str]:
    """Who handed ``sub`` in: the LMS's user (its id, else its name for them), else the name."""
    if sub.lms is not None:
        return (sub.lms.lms, sub.lms.user_id or sub.lms.student.lower())
    return ("", sub.name)


def _age(sub: Submission) -> tuple:
    """Sorts a student's submissions oldest first: by time, then the LMS's upload order."""
    when = sub.submitted_at.timestamp() if sub.submitted_at is not None else float("-inf")
    return (when, sub.lms.sequence if sub.lms is not None else 0, sub.source)


def latest_of_each(subs: list[Submission]) -> list[Submission]:
    """One submission per student: the latest of each student's (a resubmission replaces what came
    before); the others are named in its ``superseded`` and its notes."""
    groups: dict[tuple[str, str], list[Submission]] = {}
    for sub in subs:
        groups.setdefault(_identity(sub), []).append(sub)
    kept = []
    for group in groups.values():
        group.sort(key=_age)
        latest = group[-1]
        if len(group) > 1:
            older = [os.path.basename(s.source) for s in group[:-1]]
            latest.superseded = [printable(o) for o in older]
            latest.notes.append(f"resubmitted: graded the latest of {len(group)} submissions "
                                f"({printable(os.path.basename(latest.source))}); superseded: "
                                + ", ".join(latest.superseded))
        kept.append(latest)
    return kept


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
    # Two LMS users whose names make the same id are both named with their LMS id, so that each
    # keeps the same id from one assignment to the next whoever else submits.
    by_id: dict[str, set[str]] = {}
    for sub in subs:
        if sub.lms is not None:
            by_id.setdefault(safe_id(sub.lms.student).lower(), set()).add(sub.lms.user_id or sub.lms.student)
    for sub in sorted(subs, key=lambda s: (s.name.encode("utf-8", "surrogateescape"), s.source)):
        shown = printable(sub.name)
        wanted = sub.lms.student if sub.lms is not None else sub.name
        usable = bool(SAFE_ID.match(wanted)) and wanted.lower() not in RESERVED_IDS and ".." not in wanted
        candidate = wanted if usable else safe_id(wanted)
        if sub.lms is not None and sub.lms.user_id and len(by_id.get(candidate.lower(), ())) > 1:
            candidate = f"{candidate}-{sub.lms.user_id}"
        if candidate.lower() in RESERVED_IDS:
            candidate = f"student-{candidate}"
        student, n = candidate, 2
        while student.lower() in taken:
            student = f"{candidate}-{n}"
            n += 1
        taken.add(student.lower())
        sub.student = student
        if sub.lms is not None:
            sub.notes.append(f"{sub.lms.describe()}; graded as {student!r}")
        elif student != sub.name:
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
