"""The notebooks' auto-graded points in nbgrader's gradebook: ``python -m autograder notebooks``
records what ``nbgrader autograde`` records, like for like on the same students, without running
the experiments, and writes the notebooks formgrader shows."""

import csv
import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, examples_dir, nbgrader, run

from autograder.authoring.release import nbgrader_env

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("nbgrader-notebooks")]
ASSIGNMENTS = ("00_welcome",)   # nbgrader takes ~20 s per command here: one assignment is enough


def gradebook(url):
    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]
    from nbgrader.api import Gradebook

    return Gradebook(url)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = tmp_path_factory.mktemp("nbgrader-notebooks")
    for a in ASSIGNMENTS:
        shutil.copytree(ROOT / "solutions" / "notebooks" / a, course / "source" / a)
    shutil.copytree(ROOT / "checks", course / "checks", ignore=shutil.ignore_patterns("__pycache__"))
    (course / "nbgrader_config.py").write_text(
        f'c = get_config()\nc.CourseDirectory.root = {str(course)!r}\n'
        f'c.CourseDirectory.db_url = "sqlite:///{course}/gradebook.db"\n')
    for a in ASSIGNMENTS:
        nbgrader(course, "generate_assignment", a, "--force")
    wrong = json.loads((course / "release" / "00_welcome" / "00_welcome.ipynb").read_text())
    cell = next(c for c in wrong["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "q00_mse_by_hand")
    cell["source"] = "answer_mse = 3.0"
    students = {"alice": ("source", "reference"), "bob": ("release", "untouched"), "carol": (wrong, "reference")}
    for student, (notebooks, lib) in students.items():
        for a in ASSIGNMENTS:
            folder = course / "submitted" / student / a
            folder.mkdir(parents=True)
            if isinstance(notebooks, dict):
                (folder / f"{a}.ipynb").write_text(json.dumps(notebooks))
            else:
                shutil.copy(course / notebooks / a / f"{a}.ipynb", folder / f"{a}.ipynb")
            shutil.copytree(examples_dir() / "submissions" / lib / "course_lib", folder / "course_lib")
            (folder / "timestamp.txt").write_text("2026-11-22 12:00:00.000000 UTC")
    # Two gradebooks from the same start: nbgrader autograde's and ours.
    shutil.copy(course / "gradebook.db", course / "ours.db")
    nbgrader(course, "autograde", "00_welcome", "--create")
    done = run(["autograder", "notebooks", str(course / "submitted"), "--out", str(course / "out"),
                "--gradebook", f"sqlite:///{course}/ours.db", "--autograded", str(course / "ours-autograded"),
                "--no-progress"], cwd=course)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return course, done.stdout


def grades(url, assignment, student):
    with gradebook(url) as gb:
        nb = gb.find_submission_notebook(assignment, assignment, student)
        return {g.name: (g.auto_score, g.needs_manual_grade) for g in nb.grades}


@pytest.mark.parametrize("student", ["alice", "bob", "carol"])
def test_the_gradebook_holds_what_nbgrader_autograde_records(course, student):
    course_dir, _ = course
    theirs = grades(f"sqlite:///{course_dir}/gradebook.db", "00_welcome", student)
    ours = grades(f"sqlite:///{course_dir}/ours.db", "00_welcome", student)
    assert ours == theirs
    expected = {"alice": 1.0, "bob": 0.0, "carol": 0.0}[student]
    assert ours["q00_mse_by_hand_test"] == (expected, False)


def test_the_grades_are_exported_with_their_timestamps(course):
    course_dir, stdout = course
    assert "auto-graded cell" in stdout
    rows = list(csv.DictReader(open(course_dir / "out" / "notebook-grades.csv")))
    assert {r["student"]: r["00_welcome"] for r in rows} == {"alice": "1", "bob": "0", "carol": "0"}
    env = nbgrader_env()
    env["PYTHONPATH"] = ""
    subprocess.run([sys.executable, "-m", "nbgrader", "export", "--to", str(course_dir / "export.csv"),
                    f"--CourseDirectory.db_url=sqlite:///{course_dir}/ours.db", "--log-level=ERROR"],
                   cwd=course_dir, env=env, check=True, capture_output=True, timeout=300)
    export = {(r["assignment"], r["student_id"]): r for r in csv.DictReader(open(course_dir / "export.csv"))}
    assert float(export[("00_welcome", "alice")]["score"]) == 1.0       # the written answers wait
    assert export[("00_welcome", "alice")]["timestamp"].startswith("2026-11-22 12:00:00")


def test_formgrader_gets_the_autograded_notebooks(course):
    course_dir, _ = course
    nb = json.loads((course_dir / "ours-autograded" / "bob" / "00_welcome" / "00_welcome.ipynb").read_text())
    test = next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "q00_mse_by_hand_test")
    assert "### BEGIN HIDDEN TESTS" in "".join(test["source"])            # as nbgrader autograde leaves it
    assert test["outputs"][0]["output_type"] == "error"
    assert (course_dir / "ours-autograded" / "bob" / "00_welcome" / "timestamp.txt").exists()


def test_grading_again_keeps_manual_scores(course):
    course_dir, _ = course
    url = f"sqlite:///{course_dir}/ours.db"
    with gradebook(url) as gb:
        gb.find_grade("q00_scaling", "00_welcome", "00_welcome", "alice").manual_score = 1.5
        gb.db.commit()
    done = run(["autograder", "notebooks", str(course_dir / "submitted"), "--out", str(course_dir / "out2"),
                "--gradebook", url, "--autograded", str(course_dir / "ours-autograded"), "--no-progress"])
    assert done.returncode == 0, done.stderr[-2000:]
    with gradebook(url) as gb:
        assert gb.find_grade("q00_scaling", "00_welcome", "00_welcome", "alice").manual_score == 1.5
        assert gb.find_grade("q00_mse_by_hand_test", "00_welcome", "00_welcome", "alice").auto_score == 1.0
        assert {s.student_id for s in gb.assignment_submissions("00_welcome")} == {"alice", "bob", "carol"}
