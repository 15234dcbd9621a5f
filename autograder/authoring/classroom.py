"""A realistic class for trying a term end to end: the uploads of one assignment by N students,
named as ``make submit`` names them (what an instructor gathers by hand) and as Canvas's
"Download Submissions" names them, with the roster and the late policy that go with them.
``tests/test_class_of_40.py`` takes it through every path; ``python -m autograder.authoring.classroom
DEST --size 300`` writes one to time the commands on.

Among the students, whatever the size: complete work, a realistic mistake, untouched work, work
without its notebook, late by hours and by days (one past the cap), a student with an extension,
resubmissions (``alice-1.zip``; Canvas's later attachment), an upload renamed by its student
(``Erin Smith - HW4 final v2.zip``, mapped by the roster's aliases), an upload from someone the
roster does not know, an empty zip, a case-variant pair (``AB123.zip`` beside ``ab123.zip``),
two namesakes, and roster students who hand nothing in.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import os
import pathlib
import zipfile

from .. import ROOT

DUE = datetime.datetime(2025, 10, 15, 23, 59, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)
POLICY = """[late]
grace = "15 min"
penalty = 0.1
per = "day"
of = "earned"
cap = 0.5

[extensions]
"{assignment}" = {{ {extended} = "3 days" }}
"""

FIRST = ["Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Mallory", "Niaj",
         "Olivia", "Peggy", "Rupert", "Sybil", "Trent", "Uma", "Victor", "Walter", "Xena", "Yusuf", "Zoë", "Ana"]
LAST = ["Ash", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Gum", "Hazel", "Ivy", "Juniper", "Kapok", "Larch",
        "Maple", "Nutmeg", "Oak", "Pine", "Quince", "Rowan", "Spruce", "Teak", "Ulmus", "Vine", "Willow", "Yew"]
# What the ordinary students do, in turn (the special cases are added once each).
ORDINARY = [("complete", "solved", 0), ("complete", "solved", -2), ("mistake", "solved", -5),
            ("untouched", "blank", -1), ("complete", "solved", 3), ("complete", None, -3), ("mistake", "blank", 30),
            ("complete", "solved", -20)]


@dataclasses.dataclass
class Upload:
    """One file a student handed in."""

    library: str                 # "complete", "mistake", "untouched" or "" (an empty zip)
    notebook: str | None         # "solved", "blank" or None
    at: datetime.datetime
    plain_name: str              # as gathered by hand
    canvas_name: str             # as Canvas's download names it


@dataclasses.dataclass
class Student:
    """One person of the class (or a stranger the roster does not know)."""

    id: str
    first: str
    last: str
    canvas_id: str
    kind: str                    # what is special about them ("ordinary", "late", "renamed", ...)
    uploads: list[Upload] = dataclasses.field(default_factory=list)
    on_roster: bool = True
    aliases: str = ""

    @property
    def final(self) -> Upload | None:
        return max(self.uploads, key=lambda u: u.at) if self.uploads else None


@dataclasses.dataclass
class Classroom:
    """What ``build`` wrote: the class, and where its files are."""

    assignment: str
    students: list[Student]
    plain: pathlib.Path          # folder of the uploads as gathered by hand
    canvas: pathlib.Path         # folder of the uploads as Canvas names them
    roster: pathlib.Path
    policy: pathlib.Path
    libraries: dict[str, pathlib.Path]
    notebooks: dict[str, pathlib.Path]
    due: datetime.datetime = DUE

    def roster_students(self) -> list[Student]:
        return [s for s in self.students if s.on_roster]

    def by_kind(self, kind: str) -> list[Student]:
        return [s for s in self.students if s.kind == kind]


def _canvas_key(last: str, first: str) -> str:
    from ..grading.roster import canvas_key

    return canvas_key(last, first)


def _library_for_mistake(assignment: str):
    """A ``build_library`` transform applying the corpus's first mistake in a part ``assignment``
    teaches (a realistic partial score), or None when the corpus has none there."""
    from ..grading.rubric import load
    from ..parts.corpus import MISTAKES, mutate

    rubric = load()
    taught = {p.id for p in rubric.parts if p.notebook == assignment}
    for m in MISTAKES:
        if m.catches and rubric.checks[m.catches[0]].part in taught:
            return mutate([m.name])
    return None


def build(dest: str | os.PathLike, assignment: str = "04_overfitting_and_penalties", size: int = 40,
          due: datetime.datetime = DUE, spoiled: bool = False) -> Classroom:
    """Write a class of ``size`` roster students (and one stranger) into ``dest``; ``spoiled`` adds
    two students whose notebooks nbgrader cannot take as they are: one truncated (an interrupted
    save), one whose grade cell's metadata has the wrong types (``grade_id`` a number, ``points``
    a word)."""
    from .release import build_library, build_student_library

    dest = pathlib.Path(dest)
    libs = {"complete": dest / "libs" / "complete", "untouched": dest / "libs" / "untouched",
            "mistake": dest / "libs" / "mistake"}
    build_library(libs["complete"])
    build_student_library(libs["untouched"])
    build_library(libs["mistake"], transform=_library_for_mistake(assignment))
    books = {"solved": ROOT / "solutions" / "notebooks" / assignment / f"{assignment}.ipynb",
             "blank": ROOT / "notebooks" / assignment / f"{assignment}.ipynb"}
    if spoiled:
        books.update(_spoiled_notebooks(books["solved"], dest / "notebooks"))

    students: list[Student] = []
    names: set[str] = set()

    def person(i: int, kind: str, first: str | None = None, last: str | None = None, sid: str | None = None):
        first = first or FIRST[i % len(FIRST)]
        last = last or (LAST[(i // len(FIRST) + i) % len(LAST)] + ("" if i < len(FIRST) else str(i // len(FIRST))))
        sid = sid or f"{(first[0] + last).lower()}"
        sid = "".join(ch for ch in sid if ch.isascii() and (ch.isalnum() or ch in "._-"))
        while sid.lower() in names:
            sid += "x"
        names.add(sid.lower())
        s = Student(sid, first, last, str(100000 + i), kind)
        students.append(s)
        return s

    attachment = [7000000]

    def upload(s: Student, library: str, notebook: str | None, hours: float, plain: str | None = None,
               file: str | None = None) -> None:
        attachment[0] += 1
        at = due + datetime.timedelta(hours=hours)
        late = "_LATE" if at > due else ""
        original = file or f"{s.id}.zip"
        s.uploads.append(Upload(library, notebook, at, plain or f"{s.id}.zip",
                                f"{_canvas_key(s.last, s.first)}{late}_{s.canvas_id}_{attachment[0]}_{original}"))

    specials = 12                                                    # roster students below
    for i in range(max(size - specials, 1)):
        s = person(i, "ordinary")
        library, notebook, hours = ORDINARY[i % len(ORDINARY)]
        upload(s, library, notebook, hours + (i % 5) / 10)
    base = len(students)
    s = person(base, "late", "Lena", "Late")
    upload(s, "complete", "solved", 26)                              # 2 started days: 20 %
    s = person(base + 1, "very late", "Vera", "Later")
    upload(s, "complete", "solved", 24 * 9)                          # past the 50 % cap
    s = person(base + 2, "extension", "Exa", "Tended")
    upload(s, "complete", "solved", 50)                              # 3 days' extension: on time
    s = person(base + 3, "resubmitted", "Rhea", "Resub")
    upload(s, "untouched", "blank", -30)
    upload(s, "complete", "solved", -2, plain=f"{s.id}-1.zip", file=f"{s.id}-1.zip")
    s = person(base + 4, "renamed", "Erin", "Smith", "smitherin")
    s.aliases = "Erin Smith - HW4 final v2"
    upload(s, "complete", "solved", -4, plain="Erin Smith - HW4 final v2.zip", file="HW4 final v2.zip")
    s = person(base + 5, "empty", "Emma", "Empty")
    upload(s, "", None, -1)
    s = person(base + 6, "case variant", "Abe", "Bell", "AB123")
    upload(s, "untouched", "blank", -10, plain="ab123.zip", file="ab123.zip")
    upload(s, "complete", "solved", -6, plain="AB123.zip", file="AB123.zip")
    for k in range(2):                                               # two Jane Does
        s = person(base + 7 + k, "namesake", "Jane", "Doe", f"jdoe{k + 1}")
        upload(s, "complete" if k == 0 else "mistake", "solved", -3 - k)
    person(base + 9, "nothing", "Nora", "Nothing")
    person(base + 10, "nothing", "Ned", "Never")
    s = person(base + 11, "missing notebook", "Mona", "Nobook")
    upload(s, "complete", None, -1)
    if spoiled:
        s = person(base + 13, "truncated notebook", "Tru", "Cated")
        upload(s, "complete", "truncated", -2)
        s = person(base + 14, "malformed grade cell", "Mal", "Formed")
        upload(s, "complete", "malformed", -2)
    stranger = person(base + 12, "stranger", "Sam", "Stranger", "mystery")
    stranger.on_roster = False
    upload(stranger, "complete", "solved", -1)

    plain, canvas = dest / "uploads", dest / "canvas"
    for folder in (plain, canvas):
        folder.mkdir(parents=True, exist_ok=True)
    for s in students:
        for u in s.uploads:
            for folder, name in ((plain, u.plain_name), (canvas, u.canvas_name)):
                _write_zip(folder / name, libs.get(u.library), books.get(u.notebook or ""), assignment, u.at)
    extended = next(s.id for s in students if s.kind == "extension")
    roster = dest / "roster.csv"
    lines = ["id,first_name,last_name,email,lms_user_id,sis_id,aliases"]
    lines += [f"{s.id},{s.first},{s.last},{s.id.lower()}@example.edu,{s.canvas_id},SIS{s.canvas_id},{s.aliases}"
              for s in students if s.on_roster]
    roster.write_text("\n".join(lines) + "\n")
    policy = dest / "late_policy.toml"
    policy.write_text(POLICY.format(assignment=assignment, extended=extended))
    return Classroom(assignment, students, plain, canvas, roster, policy, libs, books, due)


def _spoiled_notebooks(solved: pathlib.Path, folder: pathlib.Path) -> dict[str, pathlib.Path]:
    """A truncated copy of the solved notebook and one whose first grade cell has metadata of the
    wrong types."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    text = solved.read_text()
    truncated = folder / "truncated.ipynb"
    truncated.write_text(text[: len(text) // 2])
    nb = json.loads(text)
    cell = next(c for c in nb["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("grade"))
    cell["metadata"]["nbgrader"].update(grade_id=12345, points="ten")
    malformed = folder / "malformed.ipynb"
    malformed.write_text(json.dumps(nb, indent=1))
    return {"truncated": truncated, "malformed": malformed}


def _write_zip(path: pathlib.Path, lib: pathlib.Path | None, notebook: pathlib.Path | None, assignment: str,
               at: datetime.datetime) -> None:
    """What ``make submit`` packs (nothing at all for an empty upload), handed in at ``at``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        if lib is not None:
            for p in sorted(lib.glob("*.py")):
                zf.write(p, f"course_lib/{p.name}")
        if lib is not None and notebook is not None:
            zf.write(notebook, f"notebooks/{assignment}/{assignment}.ipynb")
    os.utime(path, (at.timestamp(), at.timestamp()))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.authoring.classroom", description=__doc__)
    parser.add_argument("dest")
    parser.add_argument("--size", type=int, default=40)
    parser.add_argument("--assignment", default="04_overfitting_and_penalties")
    parser.add_argument("--spoiled", action="store_true",
                        help="add a truncated notebook and a notebook with a malformed grade cell")
    args = parser.parse_args(argv)
    room = build(args.dest, args.assignment, args.size, spoiled=args.spoiled)
    print(f"{len(room.roster_students())} roster students, {sum(len(s.uploads) for s in room.students)} uploads in "
          f"{room.plain} (and as Canvas names them in {room.canvas}); {room.roster}, {room.policy}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
