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

Every file it writes is 0644 (0755 when its source is executable) and every folder 0755, whatever
the modes in the course folder: a grader run as root takes "others" access from the course
folder's entries (``grading.sandbox.protect``), and those modes must not travel to students.

Students get an environment of their own: ``requirements-student.txt`` (the notebooks' packages and
pytest for the self-checks, pinned as in ``requirements.txt``), ``requirements-student-lock.txt``
(those and everything they depend on, pinned as in ``requirements-lock.txt``: ``student_lock()``
makes it, ``python -m autograder student-repo --lock`` rewrites it) and ``environment-student.yml``,
shipped as the repository's ``requirements.txt``, ``requirements-lock.txt`` and ``environment.yml``.
"""

import os
import pathlib
import re
import shutil

from .. import ROOT

COPY = ["course_lib", "notebooks", "checks"]
RENAME = {"docs/students.md": "README.md", "docs/Makefile.students": "Makefile",
          "requirements-student.txt": "requirements.txt", "requirements-student-lock.txt": "requirements-lock.txt",
          "environment-student.yml": "environment.yml"}
IGNORE = {"__pycache__", ".ipynb_checkpoints"}
MARKER = ".student-repo"
FILE_MODE, EXEC_MODE, DIR_MODE = 0o644, 0o755, 0o755

# The students' .gitignore: their environment, caches, and the zips `make submit` makes (a
# student's zip holds their work, and must not end up in a repository, theirs or a fork).
GITIGNORE = """\
# Made by the course's `student-repo` command.
.venv/
__pycache__/
*.pyc
.ipynb_checkpoints/
.pytest_cache/
# What `make submit` makes: hand them in, do not commit them.
*.zip
*-written.pdf
*-written.html
"""


class NotAStudentRepo(Exception):
    """DEST holds files, but not a repository made by this command."""


def _written(dest: pathlib.Path) -> set[str]:
    """The paths (relative, files only) that a previous export wrote into ``dest``."""
    marker = dest / MARKER
    lines = marker.read_text().splitlines() if marker.is_file() else []
    return {line for line in lines if line and not line.startswith("#")}


def _copy_file(src: pathlib.Path, target: pathlib.Path) -> None:
    """Copy the bytes (not the modes) and give the file an ordinary mode."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, target)
    os.chmod(target, EXEC_MODE if os.stat(src).st_mode & 0o100 else FILE_MODE)


def _copy_tree(src: pathlib.Path, target: pathlib.Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    os.chmod(target, DIR_MODE)
    for entry in sorted(src.iterdir()):
        if entry.name in IGNORE or entry.suffix == ".pyc" or entry.is_symlink():
            continue
        if entry.is_dir():
            _copy_tree(entry, target / entry.name)
        elif entry.is_file():
            _copy_file(entry, target / entry.name)


def _write_text(path: pathlib.Path, text: str) -> None:
    path.write_text(text)
    os.chmod(path, FILE_MODE)


def export(dest):
    """Write (or update) the student repository in ``dest``; returns its path."""
    dest = pathlib.Path(dest)
    if dest.exists() and any(dest.iterdir()) and not (dest / MARKER).is_file():
        raise NotAStudentRepo(f"{dest} is not empty and is not a student repository made by this command "
                              f"(it has no {MARKER}): give an empty or new folder")
    for rel in [*RENAME.values(), ".gitignore", MARKER]:       # written in place: never through a link
        if (dest / rel).is_symlink() or (dest / rel).is_dir():
            raise NotAStudentRepo(f"{dest / rel} is a folder or a link: the student repository has a file there")
    before = _written(dest) if dest.exists() else set()
    if not dest.exists():
        dest.mkdir(parents=True)
        os.chmod(dest, DIR_MODE)
    for rel in COPY:
        src, target = ROOT / rel, dest / rel
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
        _copy_tree(src, target)
    for src, rel in RENAME.items():
        _copy_file(ROOT / src, dest / rel)
    _write_text(dest / ".gitignore", GITIGNORE)
    written = set(RENAME.values()) | {".gitignore"}
    for rel in COPY:
        written |= {p.relative_to(dest).as_posix() for p in (dest / rel).rglob("*") if p.is_file()}
    for stale in sorted(before - written):
        path = dest / stale
        if path.is_file() and not path.is_symlink():
            path.unlink()
    _write_text(dest / MARKER, "# Files written by `python -m autograder student-repo`; running it again "
                               "updates them.\n" + "".join(f"{p}\n" for p in sorted(written)))
    return dest


# --------------------------------------------------------------------------------------------
# The students' pinned environment
# --------------------------------------------------------------------------------------------

STUDENT_REQUIREMENTS = ROOT / "requirements-student.txt"
STUDENT_LOCK = ROOT / "requirements-student-lock.txt"
# Students' machines: a dependency counts when its marker holds on any of them.
PLATFORMS = [{"sys_platform": sp, "platform_system": ps, "os_name": on, "python_version": pv,
              "python_full_version": f"{pv}.0", "implementation_name": "cpython",
              "platform_python_implementation": "CPython", "platform_machine": pm, "extra": ""}
             for sp, ps, on, pm in (("linux", "Linux", "posix", "x86_64"), ("darwin", "Darwin", "posix", "arm64"),
                                    ("win32", "Windows", "nt", "AMD64"))
             for pv in ("3.11", "3.12", "3.13")]


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def read_pins(path) -> dict[str, tuple[str, str]]:
    """``canonical name -> (name as written, version)`` of a pip requirements file of ``==`` pins."""
    pins = {}
    for line in pathlib.Path(path).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, sep, version = line.partition("==")
            if not sep:
                raise ValueError(f"{path}: {line!r} is not pinned with ==")
            pins[canonical(name)] = (name.strip(), version.strip())
    return pins


def student_lock() -> str:
    """The text of requirements-student-lock.txt: the students' requirements and everything they
    depend on (on Linux, macOS or Windows), each pinned as requirements-lock.txt pins it. The
    dependencies are read from the installed packages' metadata, which must match the lock. A
    dependency the lock does not hold (one for another platform than the lock's) stays unpinned."""
    from importlib.metadata import PackageNotFoundError, distribution

    from packaging.requirements import Requirement

    lock = read_pins(ROOT / "requirements-lock.txt")
    chosen: dict[str, tuple[str, str]] = {}
    done: set[tuple[str, str]] = set()          # (package, extra) already followed
    todo = [(name, "") for name in read_pins(STUDENT_REQUIREMENTS)]
    while todo:
        name, extra = todo.pop()
        name = canonical(name)
        if (name, extra) in done or name not in lock:
            continue
        done.add((name, extra))
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            raise RuntimeError(f"{name} is not installed here: run `make` first (it installs the lock)") from None
        if dist.version != lock[name][1]:
            raise RuntimeError(f"{name} {dist.version} is installed but requirements-lock.txt pins {lock[name][1]}")
        chosen[name] = lock[name]
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is None or any(req.marker.evaluate({**env, "extra": extra}) for env in PLATFORMS):
                todo += [(req.name, "")] + [(req.name, wanted) for wanted in req.extras]
    header = ("# What students install, pinned: requirements-student.txt and everything it depends on, each as\n"
              "# requirements-lock.txt pins it. Generated: python -m autograder student-repo --lock\n"
              "# Used as constraints: pip install -r requirements.txt -c requirements-lock.txt\n")
    return header + "".join(f"{written}=={version}\n" for _, (written, version) in
                            sorted(chosen.items(), key=lambda item: item[1][0].lower()))
