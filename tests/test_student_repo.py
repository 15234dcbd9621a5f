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


@pytest.mark.slow          # grades the zip end to end
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


def test_the_student_repository_ignores_submit_zips_and_environments(repo):
    ignored = (repo / ".gitignore").read_text().splitlines()
    assert "*.zip" in ignored and ".venv/" in ignored
    assert "/submitted/" not in ignored            # the instructor's folders are not the students' business


def test_running_it_again_updates_the_repository(tmp_path):
    from autograder.authoring.student_repo import MARKER

    dest = export(tmp_path / "course")
    (dest / ".git").mkdir()
    (dest / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (dest / "CI.yml").write_text("instructor's own file\n")
    (dest / "course_lib" / "old_module.py").write_text("# removed from the course since\n")
    (dest / "README.md").write_text("stale\n")
    export(dest)
    assert (dest / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n" and (dest / "CI.yml").exists()
    assert not (dest / "course_lib" / "old_module.py").exists()
    assert (dest / "README.md").read_text() == (ROOT / "docs" / "students.md").read_text()
    assert "course_lib/losses.py" in (dest / MARKER).read_text()


def test_it_refuses_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.tex").write_text("x")
    done = run(["autograder", "student-repo", str(tmp_path / "mine")])
    assert done.returncode == 2 and "not a student repository made by this command" in done.stderr
    assert "Traceback" not in done.stderr and (tmp_path / "mine" / "thesis.tex").read_text() == "x"
