"""The student-facing repository: what an instructor publishes to students.

``python -m autograder student-repo DEST`` copies an explicit list of files (the student
version of the library and notebooks, the public self-checks, the students' commands and the
set-up files) into DEST. Everything else stays behind: ``solutions/``, the hidden checks, the
rubric, the mistakes corpus, the grader's engine and its tests. ``tests/test_student_repo.py``
checks that the result holds no solution and no hidden check, and that it works.

Run it again on the same DEST to update the repository after a change to the course: every file
this command writes is replaced, files it wrote before and no longer writes are removed, and
anything else (``.git``, a CI file the instructor added) is left alone. DEST must be empty, or a
repository this command made (it leaves ``.student-repo`` there, listing what it wrote).
"""

import pathlib
import shutil

from .. import ROOT

COPY = ["course_lib", "notebooks", "checks", "requirements.txt", "requirements-lock.txt",
        "environment.yml", "scripts/install-sandbox"]
RENAME = {"docs/students.md": "README.md", "docs/Makefile.students": "Makefile"}
IGNORE = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.pyc")
MARKER = ".student-repo"

# The students' .gitignore: their environment, caches, and the zips `make submit` makes (a
# student's zip holds their work, and must not end up in a repository, theirs or a fork).
GITIGNORE = """\
# Made by the course's `student-repo` command.
.venv/
__pycache__/
*.pyc
.ipynb_checkpoints/
.pytest_cache/
# What `make submit` makes: hand it in, do not commit it.
*.zip
"""


class NotAStudentRepo(Exception):
    """DEST holds files, but not a repository made by this command."""


def _written(dest: pathlib.Path) -> set[str]:
    """The paths (relative, files only) that a previous export wrote into ``dest``."""
    marker = dest / MARKER
    lines = marker.read_text().splitlines() if marker.is_file() else []
    return {line for line in lines if line and not line.startswith("#")}


def export(dest):
    """Write (or update) the student repository in ``dest``; returns its path."""
    dest = pathlib.Path(dest)
    if dest.exists() and any(dest.iterdir()) and not (dest / MARKER).is_file():
        raise NotAStudentRepo(f"{dest} is not empty and is not a student repository made by this command "
                              f"(it has no {MARKER}): give an empty or new folder")
    before = _written(dest) if dest.exists() else set()
    dest.mkdir(parents=True, exist_ok=True)
    for rel in COPY:
        src, target = ROOT / rel, dest / rel
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, target, ignore=IGNORE)
        else:
            shutil.copy2(src, target)
    for src, rel in RENAME.items():
        shutil.copy2(ROOT / src, dest / rel)
    (dest / ".gitignore").write_text(GITIGNORE)
    written = set(RENAME.values()) | {".gitignore"}
    for rel in COPY:
        target = dest / rel
        files = [p for p in target.rglob("*") if p.is_file()] if target.is_dir() else [target]
        written |= {p.relative_to(dest).as_posix() for p in files}
    for stale in sorted(before - written):
        path = dest / stale
        if path.is_file() and not path.is_symlink():
            path.unlink()
    (dest / MARKER).write_text("# Files written by `python -m autograder student-repo`; running it again "
                               "updates them.\n" + "".join(f"{p}\n" for p in sorted(written)))
    return dest
