"""Generating everything that is derived from ``solutions/``: the single source of truth.

* ``course_lib/``: the student library, each ``### BEGIN SOLUTION`` ... ``### END SOLUTION``
  region replaced by ``raise NotImplementedError(...)`` naming the function, its file and the
  notebook that teaches it;
* ``notebooks/``: the student notebooks, by ``nbgrader generate_assignment`` from
  ``solutions/notebooks/`` (solutions and hidden tests removed, outputs cleared);
* ``examples/submissions/``: the demo's submissions (the reference, the untouched student
  version, and submissions carrying mistakes from the corpus (``autograder/hidden/*_corpus.py``));
* ``examples/hostile/``: attacks on the grader (``autograder/hostile.py``).

``python -m autograder release`` writes them; ``python -m autograder release --check`` (and the
test suite) regenerates them in a temporary folder and reports any difference from what is
committed.
"""

import ast
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import textwrap

from . import ROOT, SOLUTIONS
from .rubric import load as load_rubric

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
LIB = "course_lib"


class ReleaseError(RuntimeError):
    pass


# --------------------------------------------------------------------------------------------
# Solution regions in .py files
# --------------------------------------------------------------------------------------------

def solution_regions(text, filename="<source>"):
    """[(begin_line, end_line, indent, qualname)] for each region (0-based line numbers of the
    marker lines); ``qualname`` is the function or method holding it ("Dropout.forward")."""
    lines = text.splitlines()
    tree = ast.parse(text, filename)
    functions = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                functions.append((child.lineno - 1, child.end_lineno - 1, prefix + child.name))
                visit(child, prefix + child.name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")

    visit(tree, "")
    regions, begin = [], None
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped == BEGIN:
            if begin is not None:
                raise ReleaseError(f"{filename}:{i + 1}: {BEGIN} inside another region")
            begin = i
        elif stripped == END:
            if begin is None:
                raise ReleaseError(f"{filename}:{i + 1}: {END} without {BEGIN}")
            holders = [f for f in functions if f[0] < begin <= f[1]]
            if not holders:
                raise ReleaseError(f"{filename}:{begin + 1}: a solution region outside any function")
            qualname = max(holders, key=lambda f: f[0])[2]
            indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
            regions.append((begin, i, indent, qualname))
            begin = None
    if begin is not None:
        raise ReleaseError(f"{filename}:{begin + 1}: {BEGIN} is never closed")
    return regions


def _notebook_for(rubric, module, qualname):
    part = rubric.part_of_target(f"{module}.{qualname}")
    if part is None:
        raise ReleaseError(f"{module}.{qualname} has a solution region but no rubric part lists it in targets")
    return part.notebook


def student_version(text, module, rubric, filename="<source>"):
    """``text`` with every solution region replaced by a stub that raises NotImplementedError."""
    lines = text.splitlines()
    out, last = [], 0
    for begin, end, indent, qualname in solution_regions(text, filename):
        notebook = _notebook_for(rubric, module, qualname)
        out += lines[last:begin]
        out += [f"{indent}# YOUR CODE HERE",
                f'{indent}raise NotImplementedError("{qualname}: write it in course_lib/{module}.py '
                f'(notebook {notebook})")']
        last = end + 1
    out += lines[last:]
    return "\n".join(out) + "\n"


def replace_region(text, qualname, body, filename="<source>"):
    """``text`` with the solution region of ``qualname`` replaced by ``body`` (dedented source,
    re-indented to the region): how the mistakes corpus builds its wrong implementations."""
    regions = [r for r in solution_regions(text, filename) if r[3] == qualname]
    if len(regions) != 1:
        raise ReleaseError(f"{filename}: {qualname} has {len(regions)} solution regions, expected 1")
    begin, end, indent, _ = regions[0]
    lines = text.splitlines()
    new = [indent + line if line.strip() else "" for line in textwrap.dedent(body).strip("\n").splitlines()]
    return "\n".join(lines[:begin] + new + lines[end + 1:]) + "\n"


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


def build_student_library(dest, rubric=None):
    rubric = rubric or load_rubric()
    build_library(dest, rubric, lambda module, text: student_version(text, module, rubric, f"{module}.py"))


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
    """Run ``nbgrader generate_assignment`` for every assignment into ``release_dir``."""
    release_dir = pathlib.Path(release_dir).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        db = db_url or f"sqlite:///{tmp}/gradebook.db"
        for name in assignments(root):
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


def _normalize_notebook(path):
    """Stable JSON (nbgrader's output depends on nothing else, but pin the formatting)."""
    data = json.loads(path.read_text())
    path.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


# --------------------------------------------------------------------------------------------
# Examples
# --------------------------------------------------------------------------------------------

def build_examples(dest, rubric=None):
    """The demo's submissions: reference, untouched, and the EXAMPLES of ``autograder.hidden.corpus``."""
    from .hidden.corpus import EXAMPLES, mutate

    rubric = rubric or load_rubric()
    dest = pathlib.Path(dest)
    build_library(dest / "reference" / LIB, rubric)
    build_student_library(dest / "untouched" / LIB, rubric)
    for name, mistake_names in EXAMPLES.items():
        build_library(dest / name / LIB, rubric, mutate(mistake_names))


# --------------------------------------------------------------------------------------------
# Release and drift check
# --------------------------------------------------------------------------------------------

TARGETS = {"course_lib": "course_lib", "notebooks": "notebooks", "examples": "examples/submissions",
           "hostile": "examples/hostile"}
PARTS = tuple(TARGETS)


def _build(part, dest, rubric, root, db_url=None):
    if part == "course_lib":
        build_student_library(dest, rubric)
    elif part == "notebooks":
        build_notebooks(dest, db_url=db_url, root=root)
    elif part == "examples":
        build_examples(dest, rubric)
    elif part == "hostile":
        from .hostile import build_all

        build_all(dest, rubric)


def release(root=ROOT, parts=PARTS, db_url=None):
    """Regenerate the derived folders in place (each is replaced whole)."""
    root = pathlib.Path(root)
    rubric = load_rubric()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for part in parts:
            _build(part, tmp / part, rubric, root, db_url)
        for part in parts:
            target = root / TARGETS[part]
            if target.exists():
                shutil.rmtree(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(tmp / part, target)


def drift(root=ROOT, parts=PARTS):
    """Differences between the committed derived folders and a fresh generation (a list of str)."""
    root = pathlib.Path(root)
    rubric = load_rubric()
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for part in parts:
            _build(part, tmp / part, rubric, root)
        for part in parts:
            problems += _compare(tmp / part, root / TARGETS[part], TARGETS[part])
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
        for begin, end, _, _ in solution_regions(text, src.name):
            outside += lines[last:begin]
            inside.update(line.strip() for line in lines[begin + 1:end])
            last = end + 1
        outside += lines[last:]
    provided = "\n".join(outside)
    return {s for s in inside if len(s) >= 12 and not s.startswith("#") and s not in provided}
