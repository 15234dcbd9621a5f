"""The roster: who is in the class, and which student an upload belongs to (the identity map).

``collect``, ``grade``, ``notebooks`` and ``gradesheet`` read the same roster (``--roster FILE``,
else ``roster.csv`` in the course folder when there is one) and resolve every upload through it:
an upload that maps to one roster student is that student's; one that maps to no one, or to
several, is held back and flagged for the instructor, never made into a new student.

The roster file is the CSV that ``nbgrader db student import`` reads (nbgrader ignores the
columns it does not know), with a header row and one student a row:

=============== ==========================================================================
``id``          the student id every output is named after (required, unique without regard
                to case)
``first_name``, ``last_name``, ``email``
                nbgrader's columns; the names are also how Canvas, Moodle and Gradescope name
                students in their downloads, and what Canvas's import matches last
``lms_user_id`` Canvas's numeric user id (nbgrader's column; in Canvas's download names)
``login``       the LMS login: Blackboard's user name, Canvas's SIS Login ID
``sis_id``      the institution's student number: Canvas's SIS User ID, Gradescope's SID
``section``     Canvas's section (written into canvas.csv)
``aliases``     other names this student's uploads carry, separated by ``;`` (an upload named
                ``Erin Smith - HW4 final v2.zip`` is hers with the alias ``Erin Smith - HW4
                final v2``); compared without regard to case, accents, spaces and punctuation
=============== ==========================================================================

A Canvas gradebook export (Grades > Export: ``Student``, ``ID``, ``SIS User ID``, ``SIS Login
ID``, ``Section``) is read as a roster too: the id is the SIS Login ID (else the SIS User ID,
else Canvas's id), the names come from ``Student`` ("Last, First").

How an upload is matched (``Roster.resolve``), by what its LMS wrote (``submissions.LmsName``)
or, without an LMS, by its own name:

* Canvas: its user id against ``lms_user_id``; else the name part of the download name against
  the key Canvas makes from each student's sortable name (``canvas_key``: "Smith, Erin" ->
  ``smitherin``), unless that student's known Canvas id is another;
* Moodle: the full name against ``first_name last_name`` and the aliases (Moodle's participant
  id changes from one assignment to the next, so it only tells two namesakes apart);
* Blackboard: the user name against ``login``, then ``id``;
* Gradescope: the SID against ``sis_id`` and ``id``, the email against ``email``, the name;
* a plain name (``alice.zip``, ``alice-1.zip``, ``Alice (2).zip``): the id, exactly, then without
  regard to case; the same without a duplicate suffix (``-1``, `` (2)``); an alias; the full name;
  the login.
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import io
import os
import re
import unicodedata

ROSTER_FILE = "roster.csv"
MAX_ROSTER_BYTES = 16 << 20
COLUMNS = ("id", "first_name", "last_name", "email", "lms_user_id", "login", "sis_id", "section", "aliases")
# Canvas's gradebook export (and import) columns: app/models/gradebook_importer.rb in canvas-lms.
CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,79}$")
_DUPLICATE_SUFFIX = re.compile(r"^(?P<base>.+?)(?:-[0-9]{1,3}| ?\([0-9]{1,3}\))$")


class RosterError(ValueError):
    """The roster file cannot be used (a missing id column, a duplicate id): names the row."""


def normalized(text: str) -> str:
    """``text`` for matching people's names: accents dropped, case folded, only letters and
    digits kept (``"Zoë O'Brien - HW4"`` -> ``"zoeobrienhw4"``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed.casefold() if ch.isalnum() and not unicodedata.combining(ch))


def canvas_key(last_name: str, first_name: str) -> str:
    """The name part Canvas writes in its submission download for a student whose sortable name
    is "Last, First": Canvas's ``ContentZipper#get_filename`` (lib/content_zipper.rb) removes
    ``_<digits>_``, keeps only word characters and lower-cases it ("Smith, Erin" -> ``smitherin``)."""
    sortable = f"{last_name}, {first_name}" if first_name else last_name
    sortable = re.sub(r"_(\d+)_", r"\1", sortable)
    return re.sub(r"[^\w]", "", sortable).lower()


@dataclasses.dataclass(frozen=True)
class Student:
    """One student of the roster."""

    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    lms_user_id: str = ""
    login: str = ""
    sis_id: str = ""
    section: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def sortable_name(self) -> str:
        """"Last, First", as Canvas's gradebook names students (the id when no name is known)."""
        if self.last_name and self.first_name:
            return f"{self.last_name}, {self.first_name}"
        return self.last_name or self.first_name or self.id

    @property
    def full_name(self) -> str:
        return " ".join(x for x in (self.first_name, self.last_name) if x)

    def names(self) -> set[str]:
        """Every normalized name an upload may carry for this student (for plain names)."""
        found = {normalized(a) for a in self.aliases}
        if self.first_name or self.last_name:
            found |= {normalized(self.full_name), normalized(f"{self.last_name} {self.first_name}")}
        return {n for n in found if n}


@dataclasses.dataclass
class Claim:
    """What an upload says about who handed it in: the LMS's words, else its own name."""

    name: str                  # the name the LMS gives the student, or the upload's own name
    lms: str = ""              # "Canvas", "Moodle", "Blackboard", "Gradescope", or "" (a plain name)
    user_id: str = ""          # the LMS's id of the student (Canvas user id, Moodle participant id, SID)
    email: str = ""            # Gradescope's


@dataclasses.dataclass
class Match:
    """How a claim resolved: one student (``student``), or none with ``problem`` saying why."""

    student: Student | None
    how: str = ""              # "Canvas user id", "alias", ... (for the instructor)
    problem: str = ""          # "unmatched" or "ambiguous" when ``student`` is None
    why: str = ""              # the explanation, in words


class Roster:
    """The class: students by id, and the indexes that ``resolve`` looks uploads up in."""

    def __init__(self, students: list[Student], source: str = ""):
        self.source = source
        self.students: dict[str, Student] = {}
        folded: dict[str, str] = {}
        for s in students:
            if s.id.casefold() in folded:
                raise RosterError(f"{source or 'the roster'}: the id {s.id!r} appears twice (ids are compared "
                                  f"without regard to case: {folded[s.id.casefold()]!r})")
            folded[s.id.casefold()] = s.id
            self.students[s.id] = s
        self._by_fold = folded
        self._index: dict[str, dict[str, set[str]]] = {k: {} for k in
                                                       ("lms_user_id", "canvas", "login", "sis_id", "email", "name")}
        for s in students:
            self._add("lms_user_id", s.lms_user_id, s.id)
            self._add("canvas", canvas_key(s.last_name, s.first_name) if s.last_name else "", s.id)
            self._add("login", s.login.casefold(), s.id)
            self._add("sis_id", s.sis_id.casefold(), s.id)
            self._add("email", s.email.casefold(), s.id)
            for n in s.names():
                self._add("name", n, s.id)

    def _add(self, index: str, key: str, student: str) -> None:
        if key:
            self._index[index].setdefault(key, set()).add(student)

    def __len__(self) -> int:
        return len(self.students)

    def __contains__(self, student: str) -> bool:
        return student in self.students

    def get(self, student: str) -> Student | None:
        return self.students.get(student)

    # ---- resolving ----------------------------------------------------------------------------

    def _one(self, found: set[str] | None, how: str, claim: Claim) -> Match | None:
        """A match when ``found`` holds one student, an ambiguous match when several, else None."""
        if not found:
            return None
        if len(found) == 1:
            return Match(self.students[next(iter(found))], how)
        who = ", ".join(sorted(found))
        return Match(None, how, "ambiguous", f"{_describe(claim)} could be any of {who} ({how}): add the upload's "
                                             "name to one student's aliases in the roster")

    def resolve(self, claim: Claim) -> Match:
        """The roster student ``claim`` names (see the module docstring for the order)."""
        idx = self._index
        attempts: list[tuple[set[str] | None, str]] = []
        if claim.lms == "Canvas":
            if claim.user_id:
                found = idx["lms_user_id"].get(claim.user_id)
                if found:
                    return self._one(found, "Canvas user id", claim) or Match(None)
                by_name = idx["canvas"].get(claim.name.lower(), set())
                known = {s for s in by_name if self.students[s].lms_user_id}
                if known and known == by_name:
                    ids = ", ".join(f"{s} ({self.students[s].lms_user_id})" for s in sorted(known))
                    return Match(None, "Canvas name", "unmatched",
                                 f"{_describe(claim)}: the roster's {ids} has another Canvas user id (a namesake?): "
                                 "add this one's lms_user_id to the roster")
                attempts.append((by_name - known, "Canvas name"))
            else:
                attempts.append((idx["canvas"].get(claim.name.lower()), "Canvas name"))
        elif claim.lms == "Moodle":
            attempts.append((idx["name"].get(normalized(claim.name)), "Moodle full name"))
        elif claim.lms == "Blackboard":
            attempts += [(idx["login"].get(claim.name.casefold()), "Blackboard user name"),
                         (self._fold(claim.name), "Blackboard user name as id")]
        elif claim.lms == "Gradescope":
            attempts += [(idx["sis_id"].get(claim.user_id.casefold()), "Gradescope SID"),
                         (self._fold(claim.user_id), "Gradescope SID as id"),
                         (idx["email"].get(claim.email.casefold()), "Gradescope email"),
                         (idx["name"].get(normalized(claim.name)), "Gradescope name")]
        else:
            name = claim.name
            if name in self.students:
                return Match(self.students[name], "id")
            attempts.append((self._fold(name), "id (other case)"))
            base = _DUPLICATE_SUFFIX.match(name)
            if base:
                attempts.append((self._fold(base["base"]), "id with a duplicate suffix"))
            attempts += [(idx["name"].get(normalized(name)), "alias or full name"),
                         (idx["login"].get(name.casefold()), "login")]
            if base:
                attempts.append((idx["name"].get(normalized(base["base"])), "alias or full name with a duplicate "
                                                                             "suffix"))
        for found, how in attempts:
            if found and claim.user_id and claim.lms in ("Canvas",):
                found = {s for s in found if not self.students[s].lms_user_id
                         or self.students[s].lms_user_id == claim.user_id}
            match = self._one(found, how, claim)
            if match is not None:
                return match
        close = self.closest(claim.name)
        hint = f" (closest: {', '.join(close)})" if close else ""
        return Match(None, "", "unmatched",
                     f"{_describe(claim)} maps to no student of the roster{hint}: add it to a student's aliases "
                     f"in {os.path.basename(self.source) or 'the roster'}, or rename the file")

    def _fold(self, name: str) -> set[str] | None:
        found = self._by_fold.get(name.casefold())
        return {found} if found else None

    def closest(self, name: str, n: int = 2) -> list[str]:
        """Roster ids whose id or names look like ``name`` (a hint for the instructor)."""
        keys: dict[str, str] = {}
        for s in self.students.values():
            for k in {normalized(s.id), *s.names()}:
                keys.setdefault(k, s.id)
        target = normalized(name)
        hits = difflib.get_close_matches(target, list(keys), n=n * 2, cutoff=0.6) if target else []
        return list(dict.fromkeys(keys[h] for h in hits))[:n]

    # ---- combining ----------------------------------------------------------------------------

    def with_gradebook(self, known: dict[str, dict]) -> Roster:
        """This roster completed by what nbgrader's gradebook knows (``nbgrader_sync.roster``):
        names, emails and Canvas ids that the file leaves empty. Students only in the gradebook
        are added (``nbgrader db student import`` may have been given another file)."""
        merged = []
        for sid, info in known.items():
            mine = self.students.get(sid)
            extra: dict[str, str] = {k: str(info.get(k) or "") for k in ("first_name", "last_name", "email",
                                                                          "lms_user_id")}
            if mine is None:
                if sid.casefold() in self._by_fold:
                    continue
                merged.append(Student(sid, extra["first_name"], extra["last_name"], extra["email"],
                                      extra["lms_user_id"]))
            else:
                merged.append(dataclasses.replace(
                    mine, first_name=mine.first_name or extra["first_name"],
                    last_name=mine.last_name or extra["last_name"], email=mine.email or extra["email"],
                    lms_user_id=mine.lms_user_id or extra["lms_user_id"]))
        merged += [s for sid, s in self.students.items() if sid not in known]
        return Roster(merged, self.source)


def _describe(claim: Claim) -> str:
    if claim.lms == "Canvas":
        return f"Canvas's {claim.name!r}" + (f" (user {claim.user_id})" if claim.user_id else "")
    if claim.lms:
        return f"{claim.lms}'s {claim.name!r}" + (f" ({claim.user_id})" if claim.user_id else "")
    return f"the upload {claim.name!r}"


def _cell(row: dict, key: str) -> str:
    value = row.get(key)
    return value.strip() if isinstance(value, str) else ""


def parse(text: str, source: str = "roster.csv") -> Roster:
    """A roster from the text of its CSV file (nbgrader's columns and ours, or Canvas's export)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    canvas = "id" not in header and all(c in header for c in ("Student", "ID"))
    if "id" not in header and not canvas:
        raise RosterError(f"{source}: no 'id' column (the header is {', '.join(header) or 'empty'}): the roster "
                          "needs at least id, and usually first_name, last_name, email")
    students = []
    for line, row in enumerate(reader, start=2):
        if canvas:
            student = _canvas_row(row)
            if student is None:
                continue
        else:
            sid = _cell(row, "id")
            if not sid:
                if any(_cell(row, k) for k in COLUMNS):
                    raise RosterError(f"{source}, line {line}: no id")
                continue
            student = Student(sid, _cell(row, "first_name"), _cell(row, "last_name"), _cell(row, "email"),
                              _cell(row, "lms_user_id"), _cell(row, "login"), _cell(row, "sis_id"),
                              _cell(row, "section"),
                              tuple(a.strip() for a in _cell(row, "aliases").split(";") if a.strip()))
        from .submissions import RESERVED_IDS

        if student.id.lower() in RESERVED_IDS:
            raise RosterError(f"{source}, line {line}: the id {student.id!r} is the name of a file the grader writes "
                              "beside the students' folders: give that student another id")
        if not _SAFE_ID.match(student.id) or ".." in student.id:
            raise RosterError(f"{source}, line {line}: the id {student.id!r} is not a plain id (letters, digits and "
                              "._@+- only, starting with a letter or digit, at most 80 characters)")
        students.append(student)
    return Roster(students, source)


def _canvas_row(row: dict) -> Student | None:
    """A student from a row of Canvas's gradebook export (None for its "Points Possible" row and
    Canvas's test student)."""
    name = _cell(row, "Student")
    if not name or name.startswith("Points Possible") or name == "Student, Test":
        return None
    last, _, first = name.partition(",")
    login, sis, uid = _cell(row, "SIS Login ID"), _cell(row, "SIS User ID"), _cell(row, "ID")
    sid = login or sis or uid
    return Student(sid, first.strip(), last.strip(), "", uid, login, sis, _cell(row, "Section"))


def load(path: str | os.PathLike) -> Roster:
    """The roster in the CSV file at ``path`` (``RosterError`` naming what is wrong)."""
    path = os.fspath(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_ROSTER_BYTES:
            raise RosterError(f"{path}: {size >> 20} MiB is too large for a roster")
        with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
            text = f.read()
    except OSError as exc:
        raise RosterError(f"the roster {path} cannot be read: {exc.strerror or exc}") from None
    return parse(text, path)


def find(path: str | os.PathLike | None = None, gradebook: dict[str, dict] | None = None) -> Roster | None:
    """The roster the commands use: ``path`` when given, else ``roster.csv`` in the current folder
    when it exists; completed (or, without a file, made) from nbgrader's gradebook students when
    ``gradebook`` is given. None when there is neither."""
    roster = None
    if path is not None:
        roster = load(path)
    elif os.path.isfile(ROSTER_FILE):
        roster = load(ROSTER_FILE)
    if gradebook:
        roster = (roster or Roster([], "nbgrader's gradebook")).with_gradebook(gradebook)
    return roster
