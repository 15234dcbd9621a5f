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

Who handed each upload in (``identify``) is decided by what an LMS wrote, never by the part a
student controls: the name an LMS gives its downloads (``parse_lms_name``: Canvas, Moodle,
Blackboard; only the part the LMS writes, first match) or Gradescope's export metadata
(``submission_metadata.yml``). ``doejane_LATE_123456_7890123_alice-1.zip`` is Canvas user 123456,
``doejane`` to Canvas, whom Canvas marked late. Students are keyed on the LMS's unique id, so
namesakes stay apart. With a roster (``roster.Roster``) every upload is resolved through it and
gets the roster's id; an upload that maps to no one, or to several, is held back (``Held``) for
the instructor, never made into a new student. Several uploads of one student are one
submission, the latest (``Submission.submitted_at``, then the LMS's upload order); when they do
not all claim the same identity (``AB123.zip`` beside ``ab123.zip``) it is flagged
(``Submission.flags``), never merged or renamed silently. An empty upload says so.

Student ids are what every output is named after, so they are made safe here, once: a name
that is not a plain id (spaces, accents, a leading ``=``, ``..``, the name of an output file)
gets a safe id, and the original name is kept beside it (``Submission.name``) with a note.
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
from .roster import Claim, Roster

SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,79}$")
# Names the grader writes in its output folder (and that a student folder must therefore not take).
RESERVED_IDS = {"grades.csv", "report.html", "gradebook.sqlite", "gradebook.sqlite-wal",
                "gradebook.sqlite-shm", "logs", "checks.csv", "canvas.csv", "index.html",
                "notebook-grades.csv", "gradesheet.csv"}


class InputError(ValueError):
    """A PATH the grader cannot use at all (it does not exist, say): a usage error."""


# --------------------------------------------------------------------------------------------
# Names that LMSs give the files of their "download all submissions"
# --------------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class LmsName:
    """What an LMS wrote about a submission: the part of its download name the LMS writes (never
    the student's own file name, which follows it), or Gradescope's export metadata."""

    lms: str                     # "Canvas", "Moodle", "Blackboard" or "Gradescope"
    student: str                 # the student as the LMS names them ("doejane"), before ``safe_id``
    user_id: str = ""            # the LMS's own id of the student (Canvas user id, Moodle participant id, SID)
    late: bool | None = None     # the LMS's own verdict (Canvas's LATE), None when it does not say
    submitted_at: datetime.datetime | None = None   # when the LMS says it was handed in (Blackboard, Gradescope)
    sequence: int = 0            # upload order among one student's files (Canvas's attachment id)
    filename: str = ""           # the file as the student uploaded it
    email: str = ""              # Gradescope's

    def key(self) -> tuple[str, str]:
        """Who this is for the LMS: its unique id of the student, else its name for them."""
        return (self.lms, self.user_id or self.student.casefold())

    @property
    def canvas_user_id(self) -> str:
        """Canvas's user id (what canvas.csv and nbgrader's ``lms_user_id`` hold), or ""."""
        return self.user_id if self.lms == "Canvas" else ""

    def describe(self) -> str:
        kind = {"Moodle": "participant", "Gradescope": "SID"}.get(self.lms, "user")
        who = f"{self.lms} {kind} {self.user_id} ({self.student!r})" if self.user_id and self.lms != "Canvas" \
            else f"{self.lms} user {self.user_id}" if self.user_id else f"{self.lms}'s {self.student!r}"
        late = {True: f", marked LATE by {self.lms}", False: "", None: ""}[self.late]
        what = f"file {self.filename!r}" if self.lms != "Gradescope" else f"submission {self.filename!r}"
        return f"{self.lms} download name: {who}, {what}{late}"


# Each pattern reads only what the LMS writes, and the first match of it: the student's own file
# name comes last and may hold anything, a whole LMS name included.
#
# Canvas (lib/content_zipper.rb, ContentZipper#get_filename and #add_upload_submission):
# "<sortable name, `_<digits>_` removed, only word characters, lower case>[_LATE]_<user id>_
# <attachment id>_<file name>", or "[LATE_]anon_<anonymous id>_..." when grading is anonymous.
# Canvas itself reads the ids back as the first `_<digits>_` (its comment on sanitize_user_name).
# Canvas renames a student's second upload of "alice.zip" to "alice-1.zip".
_CANVAS = re.compile(r"^(?:(?P<name>\w+?)_)??(?:(?P<late>LATE)_)?"
                     r"(?P<uid>[1-9][0-9]{2,}|anon_[A-Za-z0-9]+)_(?P<att>[1-9][0-9]{2,})_(?P<file>.+)$")
# Moodle (mod/assign, download_submissions / downloader::get_student_prefix): "<full name, its `_`
# replaced by spaces>_<participant id>_assignsubmission_<plugin>_<file>" (or a folder of that name
# with "download as folders"). The participant id (assign_user_mapping) is unique per assignment.
_MOODLE = re.compile(r"^(?P<name>[^_]+)_(?P<pid>[0-9]+)_assignsubmission_[a-z]+_(?P<file>.*)$")
# Blackboard Learn (Grade Centre > Assignment File Download): "<assignment>_<user name>_attempt_
# <YYYY-MM-DD-HH-MM-SS>[_<file>]" (the server's local time), beside a "<...>.txt" receipt. The
# first "_attempt_<time>" is Blackboard's; the rest is the student's file name.
_BLACKBOARD = re.compile(r"^(?P<assignment>.+?)_(?P<user>[^_]+)_attempt_"
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
        return LmsName("Moodle", m["name"].strip(), user_id=m["pid"], filename=m["file"])
    m = None if folder else _BLACKBOARD.match(name)
    if m:
        try:
            local = datetime.datetime.strptime(m["ts"], "%Y-%m-%d-%H-%M-%S")
        except ValueError:
            return None
        return LmsName("Blackboard", m["user"], submitted_at=local.astimezone(datetime.UTC),
                       filename=m["file"] or "")
    return None


GRADESCOPE_METADATA = "submission_metadata.yml"
MAX_METADATA_BYTES = 256 << 20


def read_gradescope_metadata(path: str) -> dict:
    """Gradescope's ``submission_metadata.yml`` (its "Export Submissions" zip, beside one
    ``submission_<id>/`` folder per submission): ``{folder: {":submitters": [{":name", ":sid",
    ":email"}], ":created_at", ":score", ":results", ":history"}}``. Read with YAML's safe loader;
    ``InputError`` when it cannot be read."""
    import yaml

    try:
        if os.path.getsize(path) > MAX_METADATA_BYTES:
            raise InputError(f"{path} is larger than {MAX_METADATA_BYTES >> 20} MiB")
        with open(path, "rb") as f:
            data = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError, RecursionError) as exc:
        raise InputError(f"{path} is not Gradescope's submission metadata: {type(exc).__name__}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path} is not Gradescope's submission metadata (not a mapping)")
    return {str(k): v for k, v in data.items() if isinstance(v, dict)}


def lms_side_file(name: str) -> bool:
    """A file an LMS adds beside the submissions, not a student's work: Blackboard's receipt for an
    attempt (``<assignment>_<user>_attempt_<time>.txt``), Gradescope's submission metadata."""
    if name == GRADESCOPE_METADATA:
        return True
    m = _BLACKBOARD.match(name[:-4]) if name.endswith(".txt") else None
    return bool(m and not m["file"])


def _aware_time(value) -> datetime.datetime | None:
    if isinstance(value, datetime.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=datetime.UTC)).astimezone(datetime.UTC)
    if isinstance(value, str):
        return parse_time(value)
    return None


def gradescope_names(metadata: dict) -> dict[str, list[LmsName]]:
    """Who handed in each submission folder of a Gradescope export, and when (``:created_at``):
    one ``LmsName`` per submitter (several for a group submission)."""
    names: dict[str, list[LmsName]] = {}
    for folder, record in metadata.items():
        people = record.get(":submitters")
        when = _aware_time(record.get(":created_at"))
        for person in people if isinstance(people, list) else []:
            if not isinstance(person, dict):
                continue
            text = {k: str(person.get(f":{k}") or "").strip() for k in ("name", "sid", "email")}
            names.setdefault(folder, []).append(
                LmsName("Gradescope", text["name"] or text["sid"] or text["email"], text["sid"] or text["email"],
                        submitted_at=when, filename=folder, email=text["email"]))
    return names


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
    """Set ``sub.submitted_at`` and ``time_source``: what the LMS wrote (Blackboard's name,
    Gradescope's metadata), nbgrader's timestamp.txt, or the file's own modification time (for an
    LMS's download unzipped with ``unzip``, the time the LMS stored in its zip; said so)."""
    if sub.lms is not None and sub.lms.submitted_at is not None:
        source = "Gradescope's submission metadata" if sub.lms.lms == "Gradescope" else \
            f"the {sub.lms.lms} download name"
        sub.submitted_at, sub.time_source = sub.lms.submitted_at, source
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
    student: str = ""            # the safe id every output uses (``assign_ids``, or the roster's)
    assignment: str | None = None
    problem: str = ""            # why it cannot be graded (then it scores 0 with this message)
    notes: list[str] = dataclasses.field(default_factory=list)   # for the instructor
    staged: str = ""             # private folder holding course_lib/
    content_hash: str = ""
    modules: tuple[str, ...] = ()
    lms: LmsName | None = None   # what the LMS wrote about it (``parse_lms_name``, Gradescope's metadata)
    submitted_at: datetime.datetime | None = None   # when it was handed in (UTC), if known
    time_source: str = ""        # where ``submitted_at`` comes from, in words
    superseded: list[str] = dataclasses.field(default_factory=list)   # older files of this student
    flags: list[str] = dataclasses.field(default_factory=list)   # who-is-who questions for the instructor
    empty: bool = False          # the upload holds no file at all


@dataclasses.dataclass
class Held:
    """An upload that is neither graded nor collected, because who handed it in cannot be told:
    it maps to no student of the roster, or to several. The instructor says (roster aliases)."""

    name: str                    # the file or folder as found
    source: str
    kind: str                    # "unmatched" or "ambiguous"
    why: str


@dataclasses.dataclass
class Identification:
    """``identify``'s answer: the submissions to grade, one per student, and the uploads held back."""

    submissions: list[Submission]
    held: list[Held]


# Flags about who handed what in start with this, so that every output can group them.
CHECK_WHO = "CHECK WHO:"
EMPTY_UPLOAD = "the upload is empty"


def _is_submission_folder(path: str) -> bool:
    """True when the folder ``path`` is one submission rather than a folder of them."""
    if os.path.lexists(os.path.join(path, PACKAGE)):
        return True
    entries = [e for e in os.listdir(path) if not e.startswith(".")]
    if len(entries) == 1:
        only = os.path.join(path, entries[0])
        return os.path.isdir(only) and not os.path.islink(only) and os.path.lexists(os.path.join(only, PACKAGE))
    return False


def discover(paths: list[str], assignment: str | None = None, single: bool = False,
             roster: Roster | None = None) -> list[Submission]:
    """The submissions named by ``paths`` (see the module docstring), one per student, with safe,
    unique ids; with ``roster``, the roster's ids, and uploads it cannot place left out (see
    ``identify``, which also returns those). With ``single``, each PATH is one submission.

    Raises ``InputError`` only for a PATH that does not exist or is a file that is neither a zip
    nor a tarball, or a folder with nothing in it.
    """
    return identify(paths, assignment, single, roster).submissions


def _find(paths: list[str], assignment: str | None, single: bool) -> list[Submission]:
    """Every upload at ``paths``, before anyone is named."""
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
        gradescope: dict[str, list[LmsName]] = {}
        meta = os.path.join(path, GRADESCOPE_METADATA)
        if GRADESCOPE_METADATA in entries and os.path.isfile(meta) and not os.path.islink(meta):
            gradescope = gradescope_names(read_gradescope_metadata(meta))
        for name in entries:
            child = os.path.join(path, name)
            stem = contents.strip_archive_suffix(name)
            if os.path.islink(child):
                if not name.startswith("."):
                    subs.append(Submission(stem, child, assignment=assignment,
                                           problem="it is a symbolic link; submit the files themselves"))
            elif os.path.isdir(child):
                if name.startswith("."):   # .git, .ipynb_checkpoints, ...
                    continue
                people: list[LmsName | None] = list(gradescope.get(name, [])) or [None]
                for who in people:
                    subs.append(Submission(name, child, assignment=assignment, lms=who))
            elif contents.archive_kind(name):
                subs.append(Submission(stem, child, assignment=assignment))
            # other files (a CSV an LMS adds, .DS_Store, notes) are not submissions
    return subs


def _empty(source: str) -> str:
    """Why the upload at ``source`` holds nothing (a file of 0 bytes, an archive or a folder with
    no file in it), or "" (anything else, unreadable uploads included, is for ``stage`` to judge)."""
    try:
        if os.path.isfile(source) and not os.path.islink(source) and os.path.getsize(source) == 0:
            return f"{EMPTY_UPLOAD}: a file of 0 bytes"
        entries = contents.read(source)
    except Exception:  # whatever it is, staging reports it
        return ""
    if any(not e.is_dir for e in entries):
        return ""
    return f"{EMPTY_UPLOAD}: the {'folder' if os.path.isdir(source) else 'archive'} holds no file"


def identify(paths: list[str], assignment: str | None = None, single: bool = False,
             roster: Roster | None = None) -> Identification:
    """Who handed in what at ``paths``: the submissions to grade (one per student) and, with a
    roster, the uploads held back because they map to no student or to several.

    Only what an LMS wrote names a student (``parse_lms_name``, Gradescope's metadata), else the
    upload's own name. With ``roster`` every upload is resolved through it (``Roster.resolve``);
    without one, students are keyed on the LMS's unique id (namesakes stay apart, named with that
    id) or on their name without regard to case. Several uploads of one student are one
    submission, the latest (then the LMS's upload order); when they do not all claim the same
    identity (``AB123.zip`` beside ``ab123.zip``, an alias beside the id) it is flagged for the
    instructor (``Submission.flags``). An empty upload gets a problem that says so."""
    subs = _find(paths, assignment, single)
    for sub in subs:
        folder = os.path.isdir(sub.source) and not os.path.islink(sub.source)
        if sub.lms is None and not single:
            sub.lms = parse_lms_name(printable(sub.name), folder=folder)
        _submission_time(sub)
        if not sub.problem:
            why = _empty(sub.source)
            if why:
                sub.problem, sub.empty = why, True
    held: list[Held] = []
    if roster is not None:
        subs, held = _resolve(subs, roster)
    subs = latest_of_each(subs, by_roster=roster is not None)
    assign_ids(subs, roster)
    for sub in subs:
        sub.name = printable(sub.name)     # for people and files: no undecodable bytes
    return Identification(sorted(subs, key=lambda s: s.student), sorted(held, key=lambda h: h.name))


def _claim(sub: Submission) -> Claim:
    if sub.lms is not None:
        return Claim(sub.lms.student, sub.lms.lms, sub.lms.user_id, sub.lms.email)
    return Claim(printable(sub.name))


def _upload(sub: Submission) -> str:
    return printable(os.path.basename(sub.source))


def _resolve(subs: list[Submission], roster: Roster) -> tuple[list[Submission], list[Held]]:
    """Each upload resolved through the roster: matched ones get their roster id; the others are
    held. Uploads that the LMS says are different people but that the roster can only place by
    name on one student (namesakes) are all held: nothing tells which is the roster's."""
    matched: dict[str, list[tuple[Submission, str]]] = {}
    held: list[Held] = []
    for sub in subs:
        match = roster.resolve(_claim(sub))
        if match.student is None:
            empty = "(an empty upload) " if sub.empty else ""
            held.append(Held(_upload(sub), sub.source, match.problem, empty + match.why))
            continue
        matched.setdefault(match.student.id, []).append((sub, match.how))
    kept = []
    for student, group in matched.items():
        people = {s.lms.key() for s, _ in group if s.lms is not None}
        by_name = any(how in ("Canvas name", "Moodle full name", "Gradescope name") for _, how in group)
        if len(people) > 1 and by_name:
            uploads = ", ".join(_upload(s) for s, _ in group)
            for s, _ in group:
                held.append(Held(_upload(s), s.source, "ambiguous",
                                 f"{len(people)} different {s.lms.lms if s.lms else 'LMS'} users ({uploads}) all match "
                                 f"{student} by name (namesakes): give the roster each one's LMS id (lms_user_id, or "
                                 "an alias) and run again"))
            continue
        for s, how in group:
            s.student = student
            if how != "id":
                s.notes.append(f"the roster's {student!r} (by {how})")
            kept.append(s)
    return kept, held


def _age(sub: Submission) -> tuple:
    """Sorts a student's submissions oldest first: by time, then the LMS's upload order."""
    when = sub.submitted_at.timestamp() if sub.submitted_at is not None else float("-inf")
    return (when, sub.lms.sequence if sub.lms is not None else 0, sub.source)


def latest_of_each(subs: list[Submission], by_roster: bool = False) -> list[Submission]:
    """One submission per student: the latest of each student's (a resubmission replaces what came
    before); the others are named in its ``superseded`` and its notes. A student is the roster's
    id (``by_roster``: set by ``_resolve``), else the LMS's unique id, else the name without regard
    to case. Uploads of one student that do not all claim the same identity are flagged."""
    groups: dict[tuple[str, str], list[Submission]] = {}
    for sub in subs:
        if by_roster:
            key = ("roster", sub.student)
        elif sub.lms is not None:
            key = sub.lms.key()
        else:
            key = ("", printable(sub.name).casefold())
        groups.setdefault(key, []).append(sub)
    kept = []
    for group in groups.values():
        group.sort(key=_age)
        latest = group[-1]
        if len(group) > 1:
            older = [_upload(s) for s in group[:-1]]
            latest.superseded = older
            latest.notes.append(f"resubmitted: graded the latest of {len(group)} submissions ({_upload(latest)}); "
                                "superseded: " + ", ".join(older))
            claims = {s.lms.key() if s.lms is not None else ("", _without_duplicate_suffix(printable(s.name)))
                      for s in group}
            if len(claims) > 1:
                flag = (f"{CHECK_WHO} {len(group)} uploads were taken for one student ({', '.join(older)}, and "
                        f"{_upload(latest)}, used as the latest): check they are all the same student's")
                latest.flags.append(flag)
                latest.notes.append(flag)
        kept.append(latest)
    return kept


_DUPLICATE = re.compile(r"^(?P<base>.+?)(?:-[0-9]{1,3}| ?\([0-9]{1,3}\))$")


def _without_duplicate_suffix(name: str) -> str:
    """``alice-1`` and ``alice (2)`` (a second upload of ``alice.zip``, as LMSs and browsers name
    it) are ``alice``."""
    m = _DUPLICATE.match(name)
    return m["base"] if m else name


def safe_id(name: str) -> str:
    """A plain id made from ``name``: ASCII letters, digits and ``._@+-``, starting with a letter
    or digit, at most 80 characters (``"Zoë O'Brien"`` -> ``"Zoe_O_Brien"``)."""
    text = "".join(ch if ch.isascii() else ("" if unicodedata.combining(ch) else "_")
                   for ch in unicodedata.normalize("NFKD", printable(name)))
    text = re.sub(r"[^A-Za-z0-9._@+-]+", "_", text)
    text = re.sub(r"\.{2,}", "_", text).lstrip("._@+-").rstrip(".")[:80].rstrip(".")
    return text or "student"


def assign_ids(subs: list[Submission], roster: Roster | None = None) -> None:
    """Give each submission a safe id, unique without regard to case; note every change, and flag
    what the instructor should check. With a roster the ids are the roster's (set already)."""
    if roster is not None:
        for sub in subs:
            if sub.lms is not None:
                sub.notes.append(f"{sub.lms.describe()}; graded as {sub.student!r}")
        return
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
        namesakes = bool(sub.lms is not None and sub.lms.user_id and len(by_id.get(candidate.lower(), ())) > 1)
        if namesakes and sub.lms is not None:
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
        if namesakes and sub.lms is not None:
            others = len(by_id[safe_id(sub.lms.student).lower()]) - 1
            flag = (f"{CHECK_WHO} {sub.lms.lms} names {others + 1} students {sub.lms.student!r}: graded as "
                    f"{student!r} by its id; give a roster (--roster) to name them")
            sub.flags.append(flag)
            sub.notes.append(flag)
        if student != candidate:
            flag = (f"{CHECK_WHO} the id {candidate!r} was taken by another upload; this one "
                    f"({_upload(sub)}) is graded as {student!r}: give a roster (--roster) to say who it is")
            sub.flags.append(flag)
            sub.notes.append(flag)


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
