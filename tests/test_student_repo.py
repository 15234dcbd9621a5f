"""The student-facing repository: no solution and no hidden check in it, and it works."""

import json
import re
import zipfile

import pytest
from conftest import ROOT, grade, run

from autograder.authoring import release
from autograder.authoring.student_repo import export


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    return export(tmp_path_factory.mktemp("student") / "course")


def test_holds_only_the_student_version(repo):
    assert not (repo / "solutions").exists() and not (repo / "examples").exists()
    assert not (repo / "autograder").exists()    # students run only checks/ (self-checks, submit)
    assert (repo / "README.md").read_text().startswith("# Loss functions and regularization: your course folder")


def test_no_solution_or_hidden_check_anywhere(repo):
    secrets = release.solution_lines()
    hidden = set()
    for path in (ROOT / "autograder" / "hidden").glob("*.py"):
        hidden.update(re.findall(r'"""(.{30,}?)(?:\n|""")', path.read_text()))
    for path in repo.rglob("*"):
        if path.is_file():
            text = path.read_text(errors="replace")
            assert not [s for s in secrets if s in text], path
            assert not [h for h in hidden if h in text], path


def test_self_check_runs(repo):
    done = run(["checks", "mse"], cwd=repo, env={"PYTHONPATH": str(repo)})
    assert done.returncode == 1 and "not written yet" in done.stdout


def test_submit_packs_course_lib_and_notebooks_and_the_zip_is_gradable(repo, tmp_path, rubric):
    done = run(["checks.submit", "--name", "alice", "--out", str(tmp_path)], cwd=repo,
               env={"PYTHONPATH": str(repo)})
    assert done.returncode == 0, done.stderr
    assert "not written yet" in done.stdout and "alice.zip" in done.stdout
    with zipfile.ZipFile(tmp_path / "alice.zip") as zf:
        names = zf.namelist()
    assert {n.split("/")[0] for n in names} == {"course_lib", "notebooks"}
    assert len([n for n in names if n.endswith(".ipynb")]) == len(list((repo / "notebooks").rglob("*.ipynb")))
    _, results = grade([tmp_path / "alice.zip"], tmp_path / "out")
    assert results["alice"]["score"] == 0


def test_submit_rejects_a_bad_name(repo):
    done = run(["checks.submit", "--name", "../evil", "--no-checks"], cwd=repo, env={"PYTHONPATH": str(repo)})
    assert done.returncode == 2 and "cannot name a submission" in done.stderr


def test_notebooks_in_the_repo_hold_no_outputs(repo):
    for nb in (repo / "notebooks").rglob("*.ipynb"):
        for cell in json.loads(nb.read_text())["cells"]:
            assert cell.get("outputs", []) == []
