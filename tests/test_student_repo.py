"""The student-facing repository: no solution and no hidden check in it, and it works."""

import ast
import json
import os
import re
import shutil
import stat
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
    assert "*.zip" in ignored and ".venv/" in ignored and "*-written.pdf" in ignored
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


def test_students_get_their_own_environment_without_the_graders_packages(repo):
    assert (repo / "requirements.txt").read_text() == (ROOT / "requirements-student.txt").read_text()
    assert (repo / "requirements-lock.txt").read_text() == (ROOT / "requirements-student-lock.txt").read_text()
    assert (repo / "environment.yml").read_text() == (ROOT / "environment-student.yml").read_text()
    installed = (repo / "requirements-lock.txt").read_text().lower()
    for grader_side in ("nbgrader", "pyseccomp", "landlockpy", "ruff", "mypy", "hypothesis", "pytest-xdist"):
        assert f"\n{grader_side}==" not in installed, grader_side
    assert "\npytest==" in installed and "\njupyterlab==" in installed       # the self-checks, the lab
    assert not (repo / "scripts").exists()             # the grader's sandbox installer is not the students'


def _restricted_course(tmp_path):
    """What the export reads, with the modes a grader run as root leaves (sandbox.protect: no
    access for others; git's or an editor's 0600 files; an executable script)."""
    from autograder.authoring import student_repo

    course = tmp_path / "course"
    for rel in student_repo.COPY:
        shutil.copytree(ROOT / rel, course / rel, ignore=shutil.ignore_patterns("__pycache__"))
    for rel in student_repo.RENAME:
        (course / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / rel, course / rel)
    for path in sorted(course.rglob("*"), reverse=True):
        os.chmod(path, 0o750 if path.is_dir() else 0o640)
    os.chmod(course / "checks" / "written.py", 0o600)
    os.chmod(course / "checks" / "lab.py", 0o750)
    return course


def test_the_export_has_ordinary_modes_whatever_the_course_folders_modes(tmp_path, monkeypatch):
    from autograder.authoring import student_repo

    monkeypatch.setattr(student_repo, "ROOT", _restricted_course(tmp_path))
    old = os.umask(0o077)              # nor the instructor's umask
    try:
        dest = export(tmp_path / "out")
        (dest / "checks" / "written.py").chmod(0o600)        # an update heals a file changed since
        export(dest)
    finally:
        os.umask(old)
    modes = {p.relative_to(dest).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in [dest, *dest.rglob("*")]}
    assert modes["checks/lab.py"] == 0o755
    wrong = {rel: oct(mode) for rel, mode in modes.items()
             if rel != "checks/lab.py" and mode != (0o755 if (dest / rel).is_dir() else 0o644)}
    assert not wrong


def test_the_student_environment_has_what_students_import():
    """Every module that course_lib, the self-checks, submit and the notebooks import is the
    standard library's, the course's own, or a package of the students' lock."""
    import importlib.metadata
    import sys

    from autograder.authoring.student_repo import canonical, read_pins

    locked = set(read_pins(ROOT / "requirements-student-lock.txt"))
    providers = importlib.metadata.packages_distributions()
    sources = [p.read_text() for p in [*(ROOT / "checks").rglob("*.py"), *(ROOT / "course_lib").glob("*.py")]]
    for nb in (ROOT / "notebooks").rglob("*.ipynb"):
        sources += ["".join(c["source"]) for c in json.loads(nb.read_text())["cells"] if c["cell_type"] == "code"]
    imported = set()
    for text in sources:
        tree = ast.parse("\n".join(line for line in text.splitlines() if not line.lstrip().startswith(("%", "!"))))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"checks", "course_lib", "__future__"}
    assert {"numpy", "matplotlib", "sklearn", "pytest"} <= third_party
    missing = {m: providers.get(m) for m in third_party
               if not {canonical(d) for d in providers.get(m, [])} & locked}
    assert not missing, f"imported by the student side but not in requirements-student-lock.txt: {missing}"


def test_the_students_pins_are_the_courses_and_their_lock_is_generated():
    from autograder.authoring.student_repo import read_pins, student_lock

    student, course = read_pins(ROOT / "requirements-student.txt"), read_pins(ROOT / "requirements.txt")
    assert {n: v for n, (_, v) in student.items()} == {n: course[n][1] for n in student}
    conda = dict(re.findall(r"^\s+-\s+([A-Za-z0-9_.-]+)=([^\s#=]+)\s*$",
                            (ROOT / "environment-student.yml").read_text(), re.M))
    assert conda.pop("python") == "3.11" and conda == {n: v for n, (_, v) in student.items()}
    lock, course_lock = read_pins(ROOT / "requirements-student-lock.txt"), read_pins(ROOT / "requirements-lock.txt")
    assert all(course_lock[n] == pin for n, pin in lock.items()) and set(student) <= set(lock)
    assert (ROOT / "requirements-student-lock.txt").read_text() == student_lock(), \
        "requirements-student-lock.txt is out of date: run python -m autograder student-repo --lock"


def test_an_update_never_writes_through_a_link(tmp_path):
    dest = export(tmp_path / "course")
    outside = tmp_path / "outside.txt"
    outside.write_text("mine\n")
    (dest / "README.md").unlink()
    (dest / "README.md").symlink_to(outside)
    done = run(["autograder", "student-repo", str(dest)])
    assert done.returncode == 2 and "is a folder or a link" in done.stderr and outside.read_text() == "mine\n"
