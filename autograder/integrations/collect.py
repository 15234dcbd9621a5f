"""Unpacking students' zips (from ``make submit``) into nbgrader's layout.

    python -m autograder collect ZIP_OR_FOLDER... --assignment NAME [--into submitted]

For each ``STUDENT.zip`` it writes ``submitted/STUDENT/NAME/``: the student's ``course_lib/*.py``
and the notebook(s) of assignment NAME (found in the zip under ``.../NAME/``), which is what
``nbgrader autograde NAME`` and ``python -m autograder grade submitted --assignment NAME`` read.
Zips are read with the grader's own rules (``grading.contents``: no links, no extraction of
anything else, limits on sizes); a submission that cannot be used is reported and skipped, and
the others are collected. A student's folder is replaced whole, so a resubmission leaves nothing
of the previous one behind.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import tempfile

from ..grading import contents
from ..grading.submissions import InputError, discover, provided_modules


def collect(paths, assignment, into="submitted"):
    """Returns [(student, message, ok)] describing what was done with each submission."""
    report = []
    known = provided_modules()
    into = pathlib.Path(into)
    for sub in discover(paths):
        try:
            if sub.problem:
                raise contents.Unusable(sub.problem)
            entries = contents.read(sub.source)
            lib = contents.library(entries, known, notebooks=True)
        except contents.Unusable as exc:
            report.append((sub.student, f"skipped: {exc}", False))
            continue
        except Exception as exc:  # whatever one submission raises is its own problem
            report.append((sub.student, f"skipped: {type(exc).__name__}: {exc}", False))
            continue
        notebooks = {p.rsplit("/", 1)[-1]: data for p, data in lib.notebooks.items()
                     if len(p.split("/")) >= 2 and p.split("/")[-2] == assignment}
        target = into / sub.student / assignment
        target.parent.mkdir(parents=True, exist_ok=True)
        fresh = pathlib.Path(tempfile.mkdtemp(prefix=".collect-", dir=target.parent))
        (fresh / "course_lib").mkdir()
        for name, data in lib.modules.items():
            (fresh / "course_lib" / name).write_bytes(data)
        for name, data in notebooks.items():
            (fresh / name).write_bytes(data)
        if target.exists():
            shutil.rmtree(target)
        os.replace(fresh, target)
        notes = "".join(f"; {n}" for n in sub.notes + lib.notes)
        report.append((sub.student, f"{len(lib.modules)} library files, {len(notebooks)} notebook(s) -> "
                                    f"{target}{notes}", True))
    return report


__all__ = ["collect", "InputError"]
