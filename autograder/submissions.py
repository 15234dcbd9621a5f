"""Finding submissions on disk and staging a private copy of each one's ``course_lib``.

A PATH given to the grader is:

* a ``.zip`` file: one submission, the student id is the file name without ``.zip``;
* a folder that holds ``course_lib/``: one submission, the student id is the folder's name;
* a folder holding exactly one folder that holds ``course_lib/`` (nbgrader's
  ``submitted/STUDENT/ASSIGNMENT/``, or ``alice/my-work/course_lib``): one submission named for
  the outer folder;
* any other folder: a folder of submissions, each entry (a zip or a folder, with ``course_lib/``
  at its top or one folder down) one student. With ``assignment``, a student folder's
  ``ASSIGNMENT/`` subfolder is the one used (nbgrader's layout with several assignments).

Staging copies only the ``.py`` files of ``course_lib/`` (regular files, no symlinks, within size
limits) into a fresh folder; nothing else the student sent (a ``conftest.py``, a fake ``numpy``,
a ``sitecustomize.py``) is ever seen by the grader or the sandbox.
"""

import dataclasses
import hashlib
import os
import re
import shutil
import stat
import tempfile
import zipfile

PACKAGE = "course_lib"
MAX_FILES = 64                   # .py files in course_lib/
MAX_FILE_BYTES = 1 << 20         # one .py file
MAX_ZIP_ENTRIES = 5000
MAX_ZIP_BYTES = 64 << 20         # uncompressed, whole archive
STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$")


class InputError(ValueError):
    """A PATH the grader cannot use at all (it does not exist, say): a usage error."""


@dataclasses.dataclass
class Submission:
    """One student's submission: where it is, and (after ``stage``) a private copy."""

    student: str
    source: str                  # the folder or zip given
    inner: str = ""              # for folders: the folder holding course_lib/; for zips: its path inside
    problem: str = ""            # why it cannot be graded (then it scores 0 with this message)
    staged: str = ""             # private folder holding course_lib/
    content_hash: str = ""
    files: tuple = ()


def _lib_dirs_of_folder(folder, assignment=None):
    """Folders at ``folder`` or one level down that hold course_lib/ (a sorted list)."""
    if os.path.isdir(os.path.join(folder, PACKAGE)):
        return [folder]
    if assignment:
        candidate = os.path.join(folder, assignment)
        return [candidate] if os.path.isdir(os.path.join(candidate, PACKAGE)) else []
    found = []
    for name in sorted(os.listdir(folder)):
        sub = os.path.join(folder, name)
        if not name.startswith(".") and os.path.isdir(sub) and not os.path.islink(sub) \
                and os.path.isdir(os.path.join(sub, PACKAGE)):
            found.append(sub)
    return found


def _zip_lib_prefix(path):
    """The path inside the zip that holds course_lib/ ('' or 'folder/'), or raise ValueError."""
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
    prefixes = set()
    for n in names:
        parts = n.split("/")
        if len(parts) >= 2 and parts[0] == PACKAGE:
            prefixes.add("")
        elif len(parts) >= 3 and parts[1] == PACKAGE and not parts[0].startswith(("__MACOSX", ".")):
            prefixes.add(parts[0] + "/")
    if not prefixes:
        raise ValueError("it holds no course_lib/ folder (at its top or one folder down)")
    if len(prefixes) > 1:
        raise ValueError(f"it holds several course_lib/ folders ({', '.join(sorted(p or '.' for p in prefixes))})")
    return prefixes.pop()


def _student_id(name):
    return name[:-4] if name.lower().endswith(".zip") else name


def _one(path, student, assignment):
    """A Submission for a zip or a folder that is one submission (a problem is recorded, not raised)."""
    sub = Submission(student=student, source=path)
    if not STUDENT_ID.match(student):
        sub.problem = f"the name {student!r} is not usable as a student id"
    elif path.lower().endswith(".zip"):
        try:
            sub.inner = _zip_lib_prefix(path)
        except (zipfile.BadZipFile, OSError) as exc:
            sub.problem = f"the zip file could not be read ({exc})"
        except ValueError as exc:
            sub.problem = f"the zip file cannot be graded: {exc}"
    else:
        dirs = _lib_dirs_of_folder(path, assignment)
        if len(dirs) == 1:
            sub.inner = dirs[0]
        elif not dirs:
            sub.problem = "no course_lib/ folder was found (at its top or one folder down)"
        else:
            names = ", ".join(os.path.relpath(d, path) for d in dirs)
            sub.problem = f"several folders hold a course_lib/ ({names}); pass --assignment to pick one"
    return sub


def discover(paths, assignment=None):
    """Submissions named by ``paths`` (see the module docstring), sorted by student id.

    Raises ``InputError`` for a PATH that does not exist, is neither a folder nor a zip, or when
    two submissions would share one student id.
    """
    subs = []
    for path in paths:
        path = os.path.abspath(path)
        if not os.path.exists(path):
            raise InputError(f"{path} does not exist")
        if os.path.isfile(path):
            if not path.lower().endswith(".zip"):
                raise InputError(f"{path} is a file but not a .zip")
            subs.append(_one(path, _student_id(os.path.basename(path)), assignment))
            continue
        if not os.path.isdir(path):
            raise InputError(f"{path} is neither a folder nor a .zip file")
        entries = [e for e in sorted(os.listdir(path)) if not e.startswith(".")]
        single_child = len(entries) == 1 and os.path.isdir(os.path.join(path, entries[0])) and \
            os.path.isdir(os.path.join(path, entries[0], PACKAGE))
        if os.path.isdir(os.path.join(path, PACKAGE)) or single_child:
            subs.append(_one(path, os.path.basename(path), assignment))
            continue
        for name in entries:
            child = os.path.join(path, name)
            if os.path.islink(child):
                continue
            if (os.path.isfile(child) and name.lower().endswith(".zip")) or os.path.isdir(child):
                subs.append(_one(child, _student_id(name), assignment))
        if not entries:
            raise InputError(f"{path} is an empty folder")
    seen = {}
    for s in subs:
        if s.student in seen:
            raise InputError(f"two submissions are named {s.student!r}: {seen[s.student]} and {s.source}")
        seen[s.student] = s.source
    return sorted(subs, key=lambda s: s.student)


def _hash_files(files):
    h = hashlib.sha256()
    for name, data in files:
        h.update(name.encode() + b"\0" + len(data).to_bytes(8, "little") + data)
    return h.hexdigest()


def _collect_from_folder(lib_dir):
    files = []
    for name in sorted(os.listdir(lib_dir)):
        path = os.path.join(lib_dir, name)
        st = os.lstat(path)
        if not name.endswith(".py") or not stat.S_ISREG(st.st_mode):
            continue  # only regular .py files: no symlinks (which could point at the solutions)
        if st.st_size > MAX_FILE_BYTES:
            raise ValueError(f"course_lib/{name} is larger than {MAX_FILE_BYTES >> 10} KiB")
        with open(path, "rb") as f:
            files.append((name, f.read(MAX_FILE_BYTES + 1)))
    return files


def _collect_from_zip(path, prefix):
    files = []
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise ValueError(f"the zip holds more than {MAX_ZIP_ENTRIES} entries")
        if sum(i.file_size for i in infos) > MAX_ZIP_BYTES:
            raise ValueError(f"the zip unpacks to more than {MAX_ZIP_BYTES >> 20} MiB")
        base = prefix + PACKAGE + "/"
        for info in infos:
            if not info.filename.startswith(base):
                continue
            rest = info.filename[len(base):]
            if "/" in rest or not rest.endswith(".py") or info.is_dir():
                continue
            if stat.S_ISLNK(info.external_attr >> 16):
                continue
            if info.file_size > MAX_FILE_BYTES:
                raise ValueError(f"course_lib/{rest} is larger than {MAX_FILE_BYTES >> 10} KiB")
            with zf.open(info) as f:
                data = f.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                raise ValueError(f"course_lib/{rest} is larger than {MAX_FILE_BYTES >> 10} KiB")
            files.append((rest, data))
    return sorted(files)


def stage(sub, parent=None):
    """Copy the submission's course_lib .py files into a private folder (inside ``parent`` when
    given); sets ``staged``, ``content_hash`` and ``files``, or ``problem`` when the files cannot
    be used."""
    if sub.problem:
        sub.content_hash = _hash_files([("problem", sub.problem.encode())])
        return sub
    try:
        if sub.source.lower().endswith(".zip"):
            files = _collect_from_zip(sub.source, sub.inner)
        else:
            files = _collect_from_folder(os.path.join(sub.inner, PACKAGE))
        if len(files) > MAX_FILES:
            raise ValueError(f"course_lib/ holds more than {MAX_FILES} .py files")
        if not files:
            raise ValueError("course_lib/ holds no .py files")
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        sub.problem = f"the submission cannot be graded: {exc}"
        sub.content_hash = _hash_files([("problem", sub.problem.encode())])
        return sub
    staged = tempfile.mkdtemp(prefix="cl-sub-", dir=parent)
    lib = os.path.join(staged, PACKAGE)
    os.mkdir(lib)
    for name, data in files:
        with open(os.path.join(lib, name), "wb") as f:
            f.write(data)
        os.chmod(os.path.join(lib, name), 0o644)
    os.chmod(lib, 0o755)
    os.chmod(staged, 0o755)
    sub.staged, sub.files = staged, tuple(name for name, _ in files)
    sub.content_hash = _hash_files(files)
    return sub


RUN_PREFIX = "course-grader-run-"


def staging_area():
    """A folder for one grading run's staged copies, named for this process so that a later run
    can remove what a killed one left behind (``sweep_staging_areas``)."""
    sweep_staging_areas()
    area = tempfile.mkdtemp(prefix=f"{RUN_PREFIX}{os.getpid()}-")
    os.chmod(area, 0o711)   # the sandboxes' uids may enter it, not list it
    return area


def sweep_staging_areas():
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


def unstage(sub):
    if sub.staged:
        shutil.rmtree(sub.staged, ignore_errors=True)
        sub.staged = ""
