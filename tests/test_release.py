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


@pytest.mark.xdist_group("nbgrader")
def test_committed_student_version_is_what_generation_makes():
    problems = release.drift()
    assert not problems, "run `make release`:\n" + "\n".join(problems)


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
