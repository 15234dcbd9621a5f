"""nbgrader end to end, with its real commands: generate the assignment, autograde students'
notebooks in nbgrader's submitted/STUDENT/ASSIGNMENT/ layout, write the library grades into the
same gradebook with our grader, and read everything back with `nbgrader export`."""

import csv
import json
import os
import shutil
import sys

import pytest
from conftest import ROOT, examples_dir, grade, nbgrader

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("nbgrader")]
NB = "00_welcome"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = tmp_path_factory.mktemp("nbgrader-course")
    shutil.copytree(ROOT / "solutions" / "notebooks" / NB, course / "source" / NB)
    shutil.copytree(ROOT / "checks", course / "checks", ignore=shutil.ignore_patterns("__pycache__"))
    (course / "nbgrader_config.py").write_text(
        f'c = get_config()\nc.CourseDirectory.root = {str(course)!r}\n'
        f'c.CourseDirectory.db_url = "sqlite:///{course}/gradebook.db"\n')
    nbgrader(course, "generate_assignment", NB, "--force")
    released = course / "release" / NB / f"{NB}.ipynb"
    for student, notebook, lib in (("alice", course / "source" / NB / f"{NB}.ipynb", "reference"),
                                   ("bob", released, "untouched")):
        folder = course / "submitted" / student / NB
        folder.mkdir(parents=True)
        shutil.copy(notebook, folder / f"{NB}.ipynb")
        shutil.copytree(examples_dir() / "submissions" / lib / "course_lib", folder / "course_lib")
    nbgrader(course, "autograde", NB, "--create")
    done, results = grade([course / "submitted"], course / "out", "--assignment", NB,
                          "--gradebook", f"sqlite:///{course}/gradebook.db")
    assert done.returncode == 0, done.stderr[-2000:]
    nbgrader(course, "export", "--to", str(course / "grades.csv"))
    rows = {(r["assignment"], r["student_id"]): r for r in csv.DictReader(open(course / "grades.csv"))}
    return course, results, rows


def test_the_grader_reads_nbgraders_submitted_layout(course, rubric):
    _, results, _ = course
    assert results["alice"]["score"] == rubric.total and results["bob"]["score"] == 0


def test_export_lists_the_library_parts_the_assignment_teaches(course, rubric):
    _, _, rows = course
    taught = sum(p.points for p in rubric.parts if p.notebook == NB)
    assert 0 < taught < rubric.total
    assert float(rows[(f"{NB}_library", "alice")]["score"]) == taught
    assert float(rows[(f"{NB}_library", "alice")]["max_score"]) == taught
    assert float(rows[(f"{NB}_library", "bob")]["score"]) == 0
    assert ("course_lib", "alice") not in rows


def test_nbgrader_autograde_scored_the_notebooks(course):
    _, _, rows = course
    manual = sum(c["metadata"]["nbgrader"]["points"] for c in
                 json.load(open(ROOT / "solutions" / "notebooks" / NB / f"{NB}.ipynb"))["cells"]
                 if c["metadata"].get("nbgrader", {}).get("grade"))
    assert float(rows[(NB, "alice")]["max_score"]) == manual
    assert float(rows[(NB, "alice")]["score"]) == 1.0       # the automatic question; written ones wait
    assert float(rows[(NB, "bob")]["score"]) == 0.0


def test_written_answers_wait_for_manual_grading(course):
    course_dir, _, _ = course
    sys.path.insert(0, os.path.dirname(sys.executable))
    from nbgrader.api import Gradebook

    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]
    with Gradebook(f"sqlite:///{course_dir}/gradebook.db") as gb:
        nb = gb.find_submission_notebook(NB, NB, "alice")
        assert nb.needs_manual_grade
        assert {g.name for g in nb.grades if g.cell_type == "markdown"} == {"q00_scaling", "q00_gradcheck"}
