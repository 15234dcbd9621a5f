"""The student version is exactly what generation from solutions/ makes, and leaks nothing."""

import json
import re

import pytest
from conftest import ROOT

from autograder.authoring import release
from autograder.authoring.regions import solution_regions
from checks.stubs import unwritten

STUDENT_PATHS = ["course_lib", "notebooks", "checks"]


def student_files():
    for top in STUDENT_PATHS:
        for path in sorted((ROOT / top).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                yield path


def test_committed_student_version_but_the_notebooks_is_what_generation_makes():
    problems = release.drift(parts=tuple(p for p in release.PARTS if p != "notebooks"))
    assert not problems, "run `make release`:\n" + "\n".join(problems)


@pytest.mark.slow
def test_committed_notebooks_are_what_nbgrader_generates(nbgrader_course):
    """Against the suite's one generation of the notebooks (``nbgrader_course``, made again only
    when their sources change), which the tests that run nbgrader share."""
    problems = release.drift(parts=("notebooks",), built={"notebooks": nbgrader_course / "notebooks"})
    assert not problems, "run `make release`:\n" + "\n".join(problems)


@pytest.mark.slow
def test_the_shared_course_is_what_nbgrader_needs(nbgrader_course, tmp_path):
    """Every assignment recorded in its gradebook, the released notebooks beside the sources, and
    a copy that nbgrader's own commands work in (the course's export plugin included)."""
    import sqlite3

    from conftest import copy_course, nbgrader

    with sqlite3.connect(nbgrader_course / "gradebook.db") as db:
        recorded = sorted(name for (name,) in db.execute("SELECT name FROM assignment"))
    assert recorded == release.assignments()
    for name in recorded:
        assert (nbgrader_course / "notebooks" / name / f"{name}.ipynb").is_file()
        assert (nbgrader_course / "solutions" / "notebooks" / name / f"{name}.ipynb").is_file()
    course = copy_course(nbgrader_course, tmp_path / "course")
    nbgrader(course, "export", "--to", "grades.csv")
    assert (course / "grades.csv").read_text().startswith("assignment,") and "seconds_late" in \
        (course / "grades.csv").read_text().splitlines()[0]       # RoundedCsvExport, from the course


def test_the_shared_generation_is_made_again_when_a_source_changes(tmp_path):
    """The key of the cached generation covers the source notebooks and nbgrader's configuration."""
    import shutil

    (tmp_path / "solutions").mkdir()
    shutil.copytree(ROOT / "solutions" / "notebooks", tmp_path / "solutions" / "notebooks")
    for name in ("nbgrader_config.py", "requirements-lock.txt"):
        shutil.copy(ROOT / name, tmp_path / name)
    key = release.notebooks_key(tmp_path)
    assert key == release.notebooks_key(tmp_path)
    source = tmp_path / "solutions" / "notebooks" / "00_welcome" / "00_welcome.ipynb"
    source.write_text(source.read_text().replace("answer", "answer ", 1))
    assert release.notebooks_key(tmp_path) != key
    changed = release.notebooks_key(tmp_path)
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n")
    assert release.notebooks_key(tmp_path) != changed


def test_no_solution_line_in_the_student_version():
    secrets = release.solution_lines()
    assert len(secrets) > 20  # the scan finds the solutions at all
    leaks = []
    for path in student_files():
        text = path.read_text(errors="replace")
        leaks += [f"{path.relative_to(ROOT)}: {s}" for s in secrets if s in text]
    assert not leaks, "\n".join(leaks)


def _notebook_solution_lines(folder):
    """Lines of solution regions, hidden tests and model answers in the source notebooks."""
    found = set()
    for nb_path in folder.rglob("*.ipynb"):
        for cell in json.loads(nb_path.read_text())["cells"]:
            text = "".join(cell["source"])
            for block in re.findall(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", text, re.S):
                found.update(line.strip() for line in block[1].splitlines() if len(line.strip()) >= 8)
    return found


def test_no_notebook_solution_or_hidden_test_in_the_student_notebooks():
    secrets = _notebook_solution_lines(ROOT / "solutions" / "notebooks")
    assert secrets
    leaks = []
    for path in (ROOT / "notebooks").rglob("*.ipynb"):
        text = "".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"])
        leaks += [f"{path.relative_to(ROOT)}: {s}" for s in secrets if s in text]
    assert not leaks, "\n".join(leaks)


def test_no_hidden_check_in_the_student_version():
    """No hidden check's code or description reaches the student version (the descriptions are
    distinctive sentences: the titles of the parts' hidden checks, and the first line of each
    custom hidden check's docstring)."""
    import ast

    from autograder.parts import load

    hidden_docs = {c.title for part in load().values() for c in part.checks if not c.public}
    for path in (ROOT / "autograder" / "parts").glob("*/test_*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and ast.get_docstring(node):
                hidden_docs.add(ast.get_docstring(node).split("\n")[0])
    assert len(hidden_docs) > 40
    for path in student_files():
        text = path.read_text(errors="replace")
        assert "autograder.parts" not in text and "autograder/parts" not in text, path
        assert not [d for d in hidden_docs if d in text], path


def test_committed_notebooks_hold_no_outputs():
    for path in list((ROOT / "notebooks").rglob("*.ipynb")) + list((ROOT / "solutions" / "notebooks").rglob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None, path


def test_every_stub_names_its_function_file_and_notebook(rubric):
    notebooks = {p.name for p in (ROOT / "notebooks").iterdir() if p.is_dir()}
    stubs = 0
    for path in (ROOT / "course_lib").glob("*.py"):
        for qualname, file, notebook in unwritten(path.read_text()):
            stubs += 1
            assert file == f"course_lib/{path.name}"
            if rubric.part_of_target(f"{path.stem}.{qualname}").checks:  # graded parts have notebooks
                assert notebook in notebooks, f"{qualname} points to a notebook that does not exist"
    regions = sum(len(solution_regions(p.read_text(), p.name))
                  for p in (ROOT / "solutions" / "course_lib").glob("*.py"))
    assert stubs == regions > 0


def test_reference_modules_import_each_other_relatively():
    for path in (ROOT / "solutions" / "course_lib").glob("*.py"):
        assert not re.search(r"^\s*(from|import) course_lib", path.read_text(), re.M), path


def test_generated_tables_in_the_docs_are_up_to_date():
    from autograder.authoring import docs

    problems = docs.drift()
    assert not problems, "run `make release`:\n" + "\n".join(problems)
