"""Reading what a submission holds, safely, from a folder, a zip or a tarball.

A submission is untrusted data: it may hold links to the grader's own files, devices, pipes,
encrypted or exotic compression, names that are not text, or archives that unpack without end.
``read(path)`` lists a submission as ``Entry`` objects without following any link and without
extracting anything; ``library(entries)`` then finds the ``course_lib`` modules in that list and
reads them within limits. Whatever is wrong raises ``Unusable`` with a reason for people.

The rules, the same for every kind of container:

* a symbolic link anywhere in the submission (a zip's or tarball's link entries, a tarball's hard
  links, a link on disk) makes the whole submission unusable: a link's target is never read;
* on disk, files are opened one path component at a time with ``O_NOFOLLOW`` relative to their
  already-opened folder, and checked with ``fstat`` to be regular files with a single name;
* devices, pipes and sockets make the submission unusable; paths with ``..`` or a leading ``/``
  too;
* only the ``.py`` files directly in ``course_lib/`` whose names are Python module names are read
  (and, when asked, the notebooks), each within a size limit, the whole within a total.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import re
import stat
import tarfile
import zipfile
from collections.abc import Callable, Iterable

PACKAGE = "course_lib"
MODULE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}\.py$")
MAX_ENTRIES = 5000              # files and folders in one submission
MAX_DEPTH = 16
MAX_MODULES = 64
MAX_MODULE_BYTES = 1 << 20
MAX_NOTEBOOK_BYTES = 20 << 20
MAX_TOTAL_BYTES = 128 << 20     # everything read or scanned from one submission
SKIPPED_FOLDERS = {".git", ".hg", ".svn", "__pycache__", ".ipynb_checkpoints", "__MACOSX", ".venv",
                   "venv", "node_modules", ".mypy_cache", ".pytest_cache"}
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
ZIP_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate",
               zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "lzma"}
ZIP_METHOD_NAMES = {9: "Deflate64", 6: "Implode", 93: "Zstandard", 95: "xz", 98: "PPMd", 99: "AES encryption"}


class Unusable(Exception):
    """This submission cannot be graded; ``str(exc)`` says why, in words for the student."""


def archive_kind(name: str) -> str | None:
    """"zip", "tar" or None, from a file name."""
    lower = name.lower()
    if lower.endswith(".zip"):
        return "zip"
    if lower.endswith(TAR_SUFFIXES):
        return "tar"
    return None


def strip_archive_suffix(name: str) -> str:
    lower = name.lower()
    for suffix in (".zip", *TAR_SUFFIXES):
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


def printable(name: str) -> str:
    """A file name as text: undecodable bytes and control characters shown as ``?``."""
    raw = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join(ch if ch.isprintable() else "?" for ch in raw)


@dataclasses.dataclass(frozen=True)
class Entry:
    """One file or folder of a submission: its path inside the submission (a tuple of names),
    and for files a function that reads at most ``limit`` bytes of it."""

    path: tuple[str, ...]
    is_dir: bool
    size: int = 0
    reader: Callable[[int], bytes] | None = None

    @property
    def name(self) -> str:
        return self.path[-1]

    def read(self, limit: int) -> bytes:
        assert self.reader is not None
        data = self.reader(limit + 1)
        if len(data) > limit:
            raise Unusable(f"{'/'.join(map(printable, self.path))} is larger than {limit >> 10} KiB")
        return data


def _check_parts(parts: Iterable[str], shown: str) -> tuple[str, ...]:
    parts = tuple(p for p in parts if p not in ("", "."))
    if any(p == ".." for p in parts):
        raise Unusable(f"it holds a path that climbs out of it ({printable(shown)})")
    if len(parts) > MAX_DEPTH:
        raise Unusable(f"it nests folders more than {MAX_DEPTH} deep")
    return parts


# --------------------------------------------------------------------------------------------
# Folders on disk
# --------------------------------------------------------------------------------------------

_OPEN_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_OPEN_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _open_below(root: str, parts: tuple[str, ...]) -> int:
    """A file descriptor of the folder ``root``/``parts``, each part opened without following
    links relative to the one before (``root`` itself is the grader's, already resolved)."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for part in parts:
            nxt = os.open(part, _OPEN_DIR, dir_fd=fd)
            os.close(fd)
            fd = nxt
    except OSError as exc:
        os.close(fd)
        shown = "/".join(map(printable, parts))
        if exc.errno == errno.ELOOP:
            raise Unusable(f"{shown} is a symbolic link; links are not accepted") from None
        raise Unusable(f"the folder {shown or '.'} could not be read ({exc.strerror})") from None
    return fd


def _file_reader(root: str, parts: tuple[str, ...]) -> Callable[[int], bytes]:
    """Reads the file ``root``/``parts`` with every component opened without following links, and
    only if it is (still) a regular file with a single name."""
    shown = "/".join(map(printable, parts))

    def read(limit: int) -> bytes:
        dfd = _open_below(root, parts[:-1])
        try:
            fd = os.open(parts[-1], _OPEN_FILE, dir_fd=dfd)
        except OSError as exc:
            raise Unusable(f"{shown} could not be opened ({exc.strerror})") from None
        finally:
            os.close(dfd)
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise Unusable(f"{shown} is {_kind(st.st_mode)}")
            if st.st_nlink > 1:
                raise Unusable(f"{shown} is a hard link (a second name for another file)")
            chunks, got = [], 0
            while got < limit:
                chunk = os.read(fd, min(limit - got, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
            return b"".join(chunks)
        finally:
            os.close(fd)

    return read


def read_folder(path: str) -> list[Entry]:
    """The entries of the folder ``path`` (the submission), walked without following links."""
    try:
        st = os.lstat(path)
    except OSError as exc:
        raise Unusable(f"it could not be read ({exc.strerror})") from None
    if stat.S_ISLNK(st.st_mode):
        raise Unusable("it is a symbolic link; submit the files themselves")
    root = os.path.realpath(path)
    entries: list[Entry] = []
    todo: list[tuple[str, ...]] = [()]
    while todo:
        rel = todo.pop()
        fd = _open_below(root, rel)
        try:
            with os.scandir(fd) as it:
                listing = sorted((e.name, e.stat(follow_symlinks=False)) for e in it)
        finally:
            os.close(fd)
        for name, est in listing:
            child = rel + (name,)
            shown = "/".join(map(printable, child))
            if len(entries) >= MAX_ENTRIES:
                raise Unusable(f"it holds more than {MAX_ENTRIES} files and folders")
            if stat.S_ISLNK(est.st_mode):
                raise Unusable(f"{shown} is a symbolic link; links are not accepted: submit the files "
                               "themselves")
            if stat.S_ISDIR(est.st_mode):
                _check_parts(child, shown)
                entries.append(Entry(child, True))
                if name not in SKIPPED_FOLDERS:
                    todo.append(child)
            elif stat.S_ISREG(est.st_mode):
                if est.st_nlink > 1:
                    raise Unusable(f"{shown} is a hard link (a second name for another file); submit "
                                   "a copy of the file")
                entries.append(Entry(child, False, est.st_size, _file_reader(root, child)))
            else:
                raise Unusable(f"{shown} is {_kind(est.st_mode)}, not a file or a folder")
    return entries


# --------------------------------------------------------------------------------------------
# Zips and tarballs
# --------------------------------------------------------------------------------------------

def read_zip(path: str) -> list[Entry]:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise Unusable(f"it is not a readable zip file ({exc})") from None
    except OSError as exc:
        raise Unusable(f"the zip file could not be read ({exc.strerror or exc})") from None
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise Unusable(f"the zip holds more than {MAX_ENTRIES} entries")
    entries, seen = [], set()
    for info in infos:
        name = info.filename.replace("\\", "/")
        parts = _check_parts(name.split("/"), name)
        if name.startswith("/"):
            raise Unusable(f"it holds an absolute path ({printable(name)})")
        if not parts:
            continue
        shown = "/".join(map(printable, parts))
        mode = info.external_attr >> 16
        if info.create_system == 3 and stat.S_ISLNK(mode):
            raise Unusable(f"{shown} is a symbolic link; links are not accepted: zip the files themselves")
        if info.create_system == 3 and stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise Unusable(f"{shown} is {_kind(mode)}, not a file or a folder")
        if parts in seen and not info.is_dir():
            raise Unusable(f"the zip holds {shown} twice")
        seen.add(parts)
        if info.is_dir():
            entries.append(Entry(parts, True))
            continue
        entries.append(Entry(parts, False, info.file_size, _zip_reader(path, info, shown)))
    zf.close()
    return entries


def _zip_reader(path: str, info: zipfile.ZipInfo, shown: str) -> Callable[[int], bytes]:
    def read(limit: int) -> bytes:
        if info.flag_bits & 0x1:
            raise Unusable(f"{shown} is encrypted (the zip has a password): make the zip again "
                           "without a password")
        if info.compress_type not in ZIP_METHODS:
            method = ZIP_METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
            raise Unusable(f"{shown} is compressed with {method}, which cannot be read here: make the "
                           "zip again with ordinary (deflate) compression, e.g. with `make submit`")
        try:
            with zipfile.ZipFile(path) as zf, zf.open(info) as f:
                return f.read(limit)
        except Exception as exc:  # CRC errors, truncated data, zlib errors, ...
            raise Unusable(f"{shown} could not be read from the zip ({type(exc).__name__}: "
                           f"{printable(str(exc))[:200]})") from None

    return read


def read_tar(path: str) -> list[Entry]:
    """Tarballs are read as a stream (members in order), keeping the data of the members that may
    be needed (``.py`` and ``.ipynb`` files) within the total limit."""
    entries: list[Entry] = []
    total, seen = 0, set()
    try:
        with tarfile.open(path, mode="r|*") as tf:
            for member in tf:
                if len(entries) >= MAX_ENTRIES:
                    raise Unusable(f"the tarball holds more than {MAX_ENTRIES} entries")
                name = member.name
                if name.startswith("/"):
                    raise Unusable(f"it holds an absolute path ({printable(name)})")
                parts = _check_parts(name.split("/"), name)
                if not parts:
                    continue
                shown = "/".join(map(printable, parts))
                if member.issym():
                    raise Unusable(f"{shown} is a symbolic link; links are not accepted: pack the files "
                                   "themselves")
                if member.islnk():
                    raise Unusable(f"{shown} is a hard link (a second name for another file); pack a "
                                   "copy of the file")
                if member.isdir():
                    entries.append(Entry(parts, True))
                    continue
                if not member.isreg():
                    kind = ("a device" if member.ischr() or member.isblk() else
                            "a named pipe" if member.isfifo() else "not a regular file")
                    raise Unusable(f"{shown} is {kind}")
                if parts in seen:
                    raise Unusable(f"the tarball holds {shown} twice")
                seen.add(parts)
                total += member.size
                if total > MAX_TOTAL_BYTES:
                    raise Unusable(f"the tarball unpacks to more than {MAX_TOTAL_BYTES >> 20} MiB")
                data = b""
                if parts[-1].endswith((".py", ".ipynb")):
                    f = tf.extractfile(member)
                    data = f.read(member.size) if f is not None else b""
                entries.append(Entry(parts, False, member.size, _bytes_reader(data)))
    except Unusable:
        raise
    except Exception as exc:  # tarfile.ReadError, EOFError, zlib/lzma/bz2 errors, ...
        raise Unusable(f"the tarball could not be read ({type(exc).__name__}: {printable(str(exc))[:200]})") from None
    return entries


def _bytes_reader(data: bytes) -> Callable[[int], bytes]:
    return lambda limit: data[:limit]


def read(path: str) -> list[Entry]:
    """The entries of the submission at ``path`` (a folder, a zip or a tarball); ``Unusable`` if it
    cannot be listed safely."""
    kind = archive_kind(path) if os.path.isfile(path) and not os.path.islink(path) else None
    if os.path.islink(path):
        raise Unusable("it is a symbolic link; submit the files themselves")
    if kind == "zip":
        return read_zip(path)
    if kind == "tar":
        return read_tar(path)
    return read_folder(path)


# --------------------------------------------------------------------------------------------
# Finding the library (and the notebooks) in a list of entries
# --------------------------------------------------------------------------------------------

@dataclasses.dataclass
class Library:
    """The ``course_lib`` modules found in a submission."""

    modules: dict[str, bytes]                 # "losses.py" -> its bytes
    notes: list[str]                          # what the instructor should know (files ignored, ...)
    notebooks: dict[str, bytes] = dataclasses.field(default_factory=dict)   # "06_dropout.ipynb" -> bytes


def _visible(parts: tuple[str, ...]) -> bool:
    return not any(p.startswith(".") or p in SKIPPED_FOLDERS for p in parts)


def library_folder(entries: list[Entry], assignment: str | None = None) -> tuple[str, ...] | None:
    """The path of the folder that holds ``course_lib/``: the top, one folder down, or (with
    ``assignment``) ``ASSIGNMENT/`` in nbgrader's layout. ``Unusable`` when ambiguous, None when
    there is none."""
    holders = sorted({e.path[:-2] for e in entries if len(e.path) >= 2 and e.path[-2] == PACKAGE
                      and _visible(e.path) and len(e.path) - 2 <= 1})
    if () in holders:
        return ()
    if assignment is not None:
        return (assignment,) if (assignment,) in holders else None
    if len(holders) > 1:
        names = ", ".join("/".join(map(printable, h)) for h in holders)
        raise Unusable(f"several folders hold a course_lib/ ({names}); keep one (or, for nbgrader's "
                       "layout, pass --assignment)")
    return holders[0] if holders else None


def library(entries: list[Entry], known_modules: Iterable[str], assignment: str | None = None,
            notebooks: bool = False) -> Library:
    """Read the ``course_lib`` modules of a submission listed as ``entries``.

    Where there is no ``course_lib/`` folder, module files at the top (``losses.py``, as a
    student uploads the files they edited) are taken as the library. ``known_modules`` are the
    names of the course's modules (``losses.py``, ...), used to recognize such loose files.
    """
    known = set(known_modules)
    notes: list[str] = []
    base = library_folder(entries, assignment)
    if base is not None:
        lib = base + (PACKAGE,)
        files = [e for e in entries if not e.is_dir and e.path[:-1] == lib]
    else:
        files = [e for e in entries if not e.is_dir and len(e.path) == 1 and e.name in known]
        if not files:
            notebook_count = sum(1 for e in entries if not e.is_dir and e.name.endswith(".ipynb"))
            if notebook_count:
                raise Unusable(f"it holds {notebook_count} notebook(s) but no course_lib/ folder: the "
                               "library is graded from course_lib/, so submit the zip that `make submit` "
                               "makes (it holds both)")
            raise Unusable("no course_lib/ folder was found (at its top or one folder down), and no "
                           "course_lib module files (losses.py, ...) at its top")
        notes.append("course_lib module files were found loose at the top of the submission: "
                     + ", ".join(sorted(e.name for e in files)))
    modules: dict[str, bytes] = {}
    total = 0
    for e in sorted(files, key=lambda e: e.name):
        if not e.name.endswith(".py"):
            continue
        if not MODULE_NAME.match(e.name):
            notes.append(f"ignored course_lib/{printable(e.name)}: not a Python module name")
            continue
        if len(modules) >= MAX_MODULES:
            raise Unusable(f"course_lib/ holds more than {MAX_MODULES} .py files")
        data = e.read(MAX_MODULE_BYTES)
        total += len(data)
        modules[e.name] = data
    if not modules:
        raise Unusable("course_lib/ holds no .py files")
    found_notebooks = {}
    if notebooks:
        for e in entries:
            if e.is_dir or not e.name.endswith(".ipynb") or not _visible(e.path):
                continue
            data = e.read(MAX_NOTEBOOK_BYTES)
            total += len(data)
            if total > MAX_TOTAL_BYTES:
                raise Unusable(f"its files add up to more than {MAX_TOTAL_BYTES >> 20} MiB")
            found_notebooks["/".join(e.path)] = data
    return Library(modules, notes, found_notebooks)
