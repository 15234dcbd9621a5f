"""The student-facing repository: what an instructor publishes to students.

``python -m autograder student-repo DEST`` copies an explicit list of files (the student
version of the library and notebooks, the public self-checks, the students' commands and the
set-up files) into DEST. Everything else stays behind: ``solutions/``, the hidden checks, the
rubric, the mistakes corpus, the grader's engine and its tests. ``tests/test_student_repo.py``
checks that the result holds no solution and no hidden check, and that it works.
"""

import pathlib
import shutil

from .. import ROOT

COPY = ["course_lib", "notebooks", "checks", "requirements.txt", "requirements-lock.txt",
        "environment.yml", ".gitignore", "scripts/install-sandbox",
        ]
RENAME = {"docs/students.md": "README.md", "docs/Makefile.students": "Makefile"}
IGNORE = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.pyc")


def export(dest):
    dest = pathlib.Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} is not empty")
    dest.mkdir(parents=True, exist_ok=True)
    for rel in COPY:
        src = ROOT / rel
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, target, ignore=IGNORE)
        else:
            shutil.copy2(src, target)
    for src, rel in RENAME.items():
        shutil.copy2(ROOT / src, dest / rel)
    return dest
