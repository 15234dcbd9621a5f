"""Generating everything that is derived from ``solutions/``: the single source of truth.

Committed, because students receive them (``python -m autograder release`` writes them,
``release --check`` and the test suite report any difference from a fresh generation):

* ``course_lib/``: the student library, each solution region replaced by the stub of
  ``checks.stubs`` naming the function, its file and the notebook that teaches it;
* ``notebooks/``: the student notebooks, by ``nbgrader generate_assignment`` from
  ``solutions/notebooks/`` (solutions and hidden tests removed, outputs cleared);
* ``checks/public/cases/``: the public cases of the parts' contracts (``autograder.parts.public``):
  inputs, the reference's results and the outputs of known mistakes, never the reference's code.

``record(db_url, due)`` (``release --db URL --due NAME=WHEN``) only records the assignments and
their due dates in an nbgrader gradebook; it regenerates nothing.

Built on demand into an ignored folder, never committed (``python -m autograder examples DIR``):

* ``DIR/submissions/``: the demo's submissions (the reference, the untouched student version,
  and submissions carrying mistakes from the corpus);
* ``DIR/hostile/``: attacks on the grader (``autograder.authoring.hostile``).
"""

import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

from .. import ROOT, SOLUTIONS
from ..grading.rubric import load as load_rubric
from .regions import solution_regions, student_version

LIB = "course_lib"


class ReleaseError(RuntimeError):
    pass


def build_library(dest, rubric=None, transform=None):
    """Write a full course_lib into ``dest`` (a ``course_lib`` folder): ``transform(module, text)``
    gives each module's text (the reference as is by default)."""
    rubric = rubric or load_rubric()
    dest = pathlib.Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for src in sorted((SOLUTIONS / LIB).glob("*.py")):
        text = src.read_text()
        module = src.stem
        if transform is not None:
            text = transform(module, text)
        (dest / src.name).write_text(text)


def notebook_of(rubric, module):
    """``qualname -> notebook`` for the module: the notebook of the rubric part listing it."""
    def find(qualname):
        part = rubric.part_of_target(f"{module}.{qualname}")
        if part is None:
            raise ReleaseError(f"{module}.{qualname} has a solution region but no part of autograder/rubric.toml lists "
                               "it in its targets: list it in the targets of autograder/parts/PART/part.py, "
                               "then run `make release` (which writes the rubric from the parts)")
        return part.notebook
    return find


def stubbed(text, module, rubric):
    """The student version of one module's source."""
    return student_version(text, module, notebook_of(rubric, module), f"{module}.py")


def build_student_library(dest, rubric=None):
    rubric = rubric or load_rubric()
    build_library(dest, rubric, lambda module, text: stubbed(text, module, rubric))


# --------------------------------------------------------------------------------------------
# Notebooks (real nbgrader)
# --------------------------------------------------------------------------------------------

def assignments(root=ROOT):
    """The assignment folders under solutions/notebooks (one notebook each), sorted."""
    base = pathlib.Path(root) / "solutions" / "notebooks"
    return sorted(p.name for p in base.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def nbgrader_env():
    """nbgrader runs ``alembic`` by name: put this interpreter's bin/ first on PATH."""
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    return env


def build_notebooks(release_dir, db_url=None, root=ROOT):
    """Run ``nbgrader generate_assignment`` for every assignment into ``release_dir``: in one
    nbgrader process when every folder is an assignment (nbgrader's start-up is most of its
    time: 9 processes took 4 times as long as one), else one per assignment."""
    release_dir = pathlib.Path(release_dir).resolve()
    names = assignments(root)
    folders = sorted(p.name for p in (pathlib.Path(root) / "solutions" / "notebooks").iterdir()
                     if p.is_dir() and not p.name.startswith("."))
    with tempfile.TemporaryDirectory() as tmp:
        db = db_url or f"sqlite:///{tmp}/gradebook.db"
        for name in (["*"] if names == folders else names):
            cmd = [sys.executable, "-m", "nbgrader", "generate_assignment", name, "--force",
                   "--CourseDirectory.root=" + str(root),
                   "--CourseDirectory.release_directory=" + str(release_dir),
                   f"--CourseDirectory.db_url={db}", "--log-level=WARN"]
            done = subprocess.run(cmd, cwd=str(root), env=nbgrader_env(), capture_output=True, text=True)
            if done.returncode != 0:
                raise ReleaseError(f"nbgrader generate_assignment {name} failed:\n{done.stdout}\n{done.stderr}")
    for nb in release_dir.rglob("*.ipynb"):
        _normalize_notebook(nb)
    for junk in release_dir.rglob(".ipynb_checkpoints"):
        shutil.rmtree(junk)


def notebooks_key(root=ROOT):
    """A hash of everything ``build_notebooks`` makes its output from: the source notebooks,
    nbgrader's configuration and the course's nbgrader plugins, this module, the pinned packages
    and the installed nbgrader, nbconvert and nbformat, and Python. The test suite keeps one
    generation per key (``tests/conftest.py``), so notebooks are regenerated only when one of
    these changed."""
    import hashlib
    from importlib.metadata import version

    root = pathlib.Path(root)
    h = hashlib.sha256(sys.version.encode())
    for package in ("nbgrader", "nbconvert", "nbformat"):
        h.update(f"\0{package}=={version(package)}".encode())
    files = sorted(p for p in (root / "solutions" / "notebooks").rglob("*")
                   if p.is_file() and ".ipynb_checkpoints" not in p.parts)
    files += [root / "nbgrader_config.py", root / "requirements-lock.txt", pathlib.Path(__file__),
              pathlib.Path(__file__).parents[1] / "integrations" / "nbgrader_plugins.py"]
    for path in files:
        h.update(b"\0" + str(path.relative_to(root) if path.is_relative_to(root) else path.name).encode())
        h.update(b"\0" + (path.read_bytes() if path.exists() else b"(none)"))
    return h.hexdigest()


def record(db_url, due=None, root=ROOT, only=None):
    """Record the assignments (all, or ``only`` these) in nbgrader's gradebook at ``db_url`` as
    ``nbgrader generate_assignment`` does (notebooks, grade cells, the cells' source), into a
    throw-away release folder so that nothing committed is rewritten; then the due dates (``due``:
    name -> aware datetime; others keep theirs) and each assignment's library assignment
    (``integrations.nbgrader_sync``). Returns a line per assignment."""
    from ..integrations.nbgrader_sync import record_assignments

    names = list(only) if only else assignments(root)
    with tempfile.TemporaryDirectory() as tmp:
        # One nbgrader process for all of them ("*"): nbgrader's start-up is most of its time.
        for pattern in (names if only else ["*"]):
            cmd = [sys.executable, "-m", "nbgrader", "generate_assignment", pattern, "--force",
                   "--CourseDirectory.root=" + str(root), "--CourseDirectory.release_directory=" + tmp,
                   f"--CourseDirectory.db_url={db_url}", "--log-level=WARN"]
            done = subprocess.run(cmd, cwd=str(root), env=nbgrader_env(), capture_output=True, text=True)
            if done.returncode != 0:
                raise ReleaseError(f"nbgrader generate_assignment {pattern} failed:\n{done.stdout}\n{done.stderr}")
    return record_assignments(db_url, names, due or {})


def _normalize_notebook(path):
    """Stable JSON (nbgrader's output depends on nothing else, but pin the formatting)."""
    data = json.loads(path.read_text())
    path.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


# --------------------------------------------------------------------------------------------
# Examples
# --------------------------------------------------------------------------------------------

def build_examples(dest, rubric=None):
    """The demo's submissions (``dest/submissions``: reference, untouched, and the corpus's
    ``EXAMPLES``) and the hostile ones (``dest/hostile``), written afresh."""
    from ..parts.corpus import EXAMPLES, mutate
    from .hostile import build_all

    rubric = rubric or load_rubric()
    dest = pathlib.Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    subs = dest / "submissions"
    build_library(subs / "reference" / LIB, rubric)
    build_student_library(subs / "untouched" / LIB, rubric)
    for name, mistake_names in EXAMPLES.items():
        build_library(subs / name / LIB, rubric, mutate(mistake_names))
    build_all(dest / "hostile", rubric)
    return dest


# --------------------------------------------------------------------------------------------
# Release and drift check
# --------------------------------------------------------------------------------------------

TARGETS = {"rubric": "autograder/rubric.toml", "course_lib": "course_lib", "notebooks": "notebooks",
           "cases": "checks/public/cases"}
PARTS = tuple(TARGETS)
FILES = {"rubric"}          # targets that are one file (the others are folders, replaced whole)


def _build(part, dest, rubric, root, db_url=None):
    if part == "rubric":
        from ..parts.rubric import text

        pathlib.Path(dest).write_text(text())
    elif part == "course_lib":
        build_student_library(dest, rubric)
    elif part == "notebooks":
        build_notebooks(dest, db_url=db_url, root=root)
    elif part == "cases":
        from ..parts.public import write

        write(pathlib.Path(dest))


def release(root=ROOT, parts=PARTS, db_url=None):
    """Regenerate the derived folders in place (each is replaced whole)."""
    root = pathlib.Path(root)
    if "rubric" in parts:                   # first: what is generated next reads it
        _build("rubric", root / TARGETS["rubric"], None, root)
    rubric = load_rubric()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        folders = [p for p in parts if p not in FILES]
        for part in folders:
            _build(part, tmp / part, rubric, root, db_url)
        for part in folders:
            target = root / TARGETS[part]
            if target.exists():
                shutil.rmtree(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(tmp / part, target)


def drift(root=ROOT, parts=PARTS, built=None):
    """Differences between the committed derived folders and a fresh generation (a list of str).
    ``built`` maps a part to a folder already generated from the same sources (the test suite's
    shared generation of the notebooks); the other parts are generated here."""
    root = pathlib.Path(root)
    rubric = load_rubric()
    built = dict(built or {})
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for part in parts:
            if part not in built:
                _build(part, tmp / part, rubric, root)
                built[part] = tmp / part
        for part in parts:
            if part in FILES:
                if pathlib.Path(built[part]).read_bytes() != (root / TARGETS[part]).read_bytes():
                    problems.append(f"{TARGETS[part]} differs from what generation makes (from autograder/parts)")
            else:
                problems += _compare(pathlib.Path(built[part]), root / TARGETS[part], TARGETS[part])
    return problems


def _files(base):
    skip = {"__pycache__", ".ipynb_checkpoints"}
    return {p.relative_to(base).as_posix() for p in base.rglob("*")
            if p.is_file() and not skip.intersection(p.parts)}


def _compare(fresh, committed, label):
    if not committed.exists():
        return [f"{label}/ is missing"]
    made, have = _files(fresh), _files(committed)
    problems = [f"{label}/{n} is missing (generation makes it)" for n in sorted(made - have)]
    problems += [f"{label}/{n} is not made by generation" for n in sorted(have - made)]
    problems += [f"{label}/{n} differs from what generation makes" for n in sorted(made & have)
                 if (fresh / n).read_bytes() != (committed / n).read_bytes()]
    return problems


def solution_lines(root=ROOT):
    """Lines that only solutions contain: every non-trivial line inside a solution region of
    solutions/course_lib that appears nowhere in the provided code around the regions (for leak
    tests; a line such as ``self.mask = None`` that the provided code also has proves nothing)."""
    inside, outside = set(), []
    for src in sorted((pathlib.Path(root) / "solutions" / LIB).glob("*.py")):
        text = src.read_text()
        lines = text.splitlines()
        last = 0
        for region in solution_regions(text, src.name):
            outside += lines[last:region.begin]
            inside.update(line.strip() for line in lines[region.begin + 1:region.end])
            last = region.end + 1
        outside += lines[last:]
    provided = "\n".join(outside)
    return {s for s in inside if len(s) >= 12 and not s.startswith("#") and s not in provided}
