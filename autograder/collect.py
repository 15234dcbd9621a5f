"""Unpacking students' zips (from ``make submit``) into nbgrader's layout.

    python -m autograder collect ZIP_OR_FOLDER... --assignment NAME [--into submitted]

For each ``STUDENT.zip`` it writes ``submitted/STUDENT/NAME/``: the student's ``course_lib/*.py``
and the notebook(s) of assignment NAME (found in the zip under ``notebooks/NAME/``), which is
what ``nbgrader autograde NAME`` and ``python -m autograder grade submitted --assignment NAME``
read. Zips are read with the grader's own limits (no extraction of anything else).
"""

import pathlib
import zipfile

from .submissions import InputError, _collect_from_zip, _zip_lib_prefix, discover

MAX_NOTEBOOK_BYTES = 50 << 20


def collect(paths, assignment, into="submitted"):
    """Returns [(student, message)] describing what was written for each zip."""
    report = []
    for sub in discover(paths):
        if not sub.source.lower().endswith(".zip"):
            report.append((sub.student, "skipped: not a zip"))
            continue
        target = pathlib.Path(into) / sub.student / assignment
        try:
            prefix = _zip_lib_prefix(sub.source)
            files = _collect_from_zip(sub.source, prefix)
            notebooks = []
            with zipfile.ZipFile(sub.source) as zf:
                for info in zf.infolist():
                    parts = info.filename.split("/")
                    if (len(parts) >= 2 and parts[-2] == assignment and parts[-1].endswith(".ipynb")
                            and ".ipynb_checkpoints" not in parts and not info.is_dir()
                            and info.file_size <= MAX_NOTEBOOK_BYTES):
                        notebooks.append((parts[-1], zf.read(info)))
        except (ValueError, zipfile.BadZipFile, OSError) as exc:
            report.append((sub.student, f"skipped: {exc}"))
            continue
        (target / "course_lib").mkdir(parents=True, exist_ok=True)
        for name, data in files:
            (target / "course_lib" / name).write_bytes(data)
        for name, data in notebooks:
            (target / name).write_bytes(data)
        report.append((sub.student, f"{len(files)} library files, {len(notebooks)} notebook(s) -> {target}"))
    return report


__all__ = ["collect", "InputError"]
