"""The notebooks' auto-graded points in nbgrader's gradebook: ``python -m autograder notebooks``
records what ``nbgrader autograde`` records, like for like on the same students, without running
the experiments, and writes the notebooks formgrader shows.

A class with odd and hostile notebooks (a truncated one, malformed grade cells, HTML and JavaScript
in outputs and answers, metadata nested deep, an endless loop: autograder/authoring/
hostile_notebooks.py) goes through ``notebooks --gradebook`` while CPU hogs run: every student is
recorded, the odd ones are flagged, the notebooks formgrader shows are the released ones with the
students' answers (no output, no markup of theirs), and nbgrader's own feedback built from them
carries no script. A student whose rows the gradebook refuses is that student's problem alone."""

import csv
import html.parser
import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, examples_dir, nbgrader, run

from autograder.authoring import hostile_notebooks as hn
from autograder.authoring.release import nbgrader_env
from autograder.grading import notebooks as nbg

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
    cell["source"] = "practice_mse = 5.0\nanswer_mse = 3.0"      # the practice right, the graded answer wrong
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
    # Gradebooks from the same start: nbgrader autograde's, ours, and the odd class's.
    shutil.copy(course / "gradebook.db", course / "ours.db")
    shutil.copy(course / "gradebook.db", course / "class.db")
    shutil.copy(course / "gradebook.db", course / "writers.db")
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


# --------------------------------------------------------------------------------------------
# A class with odd and hostile notebooks, through --gradebook
# --------------------------------------------------------------------------------------------

A = ASSIGNMENTS[0]
HONEST = 12
ODD = {      # student -> (how its notebook is spoiled or its answer replaced, flagged?, earns its point?)
    "truncated": (hn.truncated, True, False),
    "grade_id_not_a_string": (hn.grade_id_not_a_string, True, False),
    "points_not_a_number": (hn.points_not_a_number, True, True),
    "flags_not_booleans": (hn.flags_not_booleans, True, False),
    "fake_test_cell": (hn.fake_test_cell, True, True),
    "html_everywhere": (hn.html_everywhere, False, True),
    "deep_metadata": (hn.deep_metadata, False, True),
    "one_hang": (hn.HANGS["loop"], False, False),
}


class Busy:
    def __init__(self, n):
        self.procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]

    def stop(self):
        for p in self.procs:
            p.kill()
            p.wait()


@pytest.fixture(scope="module")
def odd_class(course):
    course_dir, _ = course
    submitted = course_dir / "class-submitted"
    model = hn.honest_notebooks()[A]
    for i in range(HONEST):
        hn.write_student(submitted / f"honest{i:02d}", {A: json.dumps(model).encode()})
    for name, (how, _, _) in ODD.items():
        if isinstance(how, str):      # an answer cell
            data = json.dumps(hn.honest_notebooks({A: how})[A]).encode()
        else:
            data = how(json.loads(json.dumps(model)))
        hn.write_student(submitted / name, {A: data})
    busy = Busy(2)
    try:
        done = run(["autograder", "notebooks", str(submitted), "--assignment", A,
                    "--out", str(course_dir / "class-out"), "--gradebook", f"sqlite:///{course_dir}/class.db",
                    "--autograded", str(course_dir / "class-autograded"), "--submission-timeout", "20",
                    "--no-progress"], cwd=course_dir)
    finally:
        busy.stop()
    return course_dir, done


def test_every_student_of_the_odd_class_is_recorded_and_the_odd_ones_flagged(odd_class):
    course_dir, done = odd_class
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert f"{HONEST + len(ODD)} student(s) recorded" in done.stdout
    rows = {r["student"]: r for r in csv.DictReader(open(course_dir / "class-out" / "notebook-grades.csv"))}
    assert set(rows) == {f"honest{i:02d}" for i in range(HONEST)} | set(ODD)
    for name, row in rows.items():
        flagged, earns = ODD.get(name, (None, False, True))[1:]
        assert row[A] == ("1" if earns else "0"), (name, row)
        assert bool(row["problem"]) == flagged, (name, row["problem"])
        if flagged:
            assert f"PROBLEM {name}:" in done.stderr
    with gradebook(f"sqlite:///{course_dir}/class.db") as gb:
        submitted = {s.student.id for s in gb.assignment_submissions(A)}
        assert submitted == set(rows)
        unread = {"truncated", "grade_id_not_a_string", "flags_not_booleans"}   # formgrader flags them too
        for name in rows:
            nb = gb.find_submission_notebook(A, A, name)
            test = next(g for g in nb.grades if g.name == f"{hn.answer_cells()[A][0]}_test")
            assert test.auto_score == float(rows[name][A]), name
            assert test.needs_manual_grade == (name in unread), name


def test_formgrader_gets_the_released_notebook_with_the_answers_and_nothing_else(odd_class):
    course_dir, _ = odd_class
    released = json.loads((ROOT / "notebooks" / A / f"{A}.ipynb").read_text())
    size = (ROOT / "notebooks" / A / f"{A}.ipynb").stat().st_size
    for folder in (course_dir / "class-autograded").iterdir():
        path = folder / A / f"{A}.ipynb"
        text = path.read_text()
        nb = json.loads(text)
        assert len(text) < 2 * size, (folder.name, len(text))                 # nothing grew (deep metadata)
        assert hn.MARKER not in text or folder.name == "html_everywhere", folder.name
        cells = nb["cells"][1:] if folder.name == "truncated" else nb["cells"]
        assert [c.get("id") for c in cells] == [c.get("id") for c in released["cells"]], folder.name
        assert [c["metadata"] for c in cells] == [c["metadata"] for c in released["cells"]], folder.name
        for cell in cells:
            for output in cell.get("outputs", []):     # only the grader's own: a failed test's error
                assert output["output_type"] in ("error", "stream") and "data" not in output, folder.name
    truncated = json.loads((course_dir / "class-autograded" / "truncated" / A / f"{A}.ipynb").read_text())
    assert "could not read this student's notebook" in truncated["cells"][0]["source"]


class _Markup(html.parser.HTMLParser):
    """The elements and attributes of an HTML page that run code or lead elsewhere."""

    def __init__(self):
        super().__init__()
        self.active = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on") or (name in ("href", "src") and (value or "").strip().lower().startswith(
                    ("javascript:", "data:text/html", "vbscript:"))):
                self.active.append((tag, name, value))
        if tag in ("script", "iframe", "object", "embed"):
            self.active.append((tag, "", ""))


def test_nbgrader_feedback_built_from_them_carries_no_script_of_the_students(odd_class):
    """nbgrader's own generate_feedback (the same HTML rendering formgrader's pages use), run on the
    autograded notebooks: the page of the student who wrote HTML, JavaScript and a javascript:
    link in answers and outputs holds none of it as markup, only the scripts of nbgrader's own
    template, which an honest student's page holds as well."""
    course_dir, _ = odd_class
    pages = {}
    for student in ("html_everywhere", "honest00"):
        nbgrader(course_dir, "generate_feedback", A, "--student", student, "--force",
                 f"--CourseDirectory.db_url=sqlite:///{course_dir}/class.db",
                 "--CourseDirectory.autograded_directory=class-autograded",
                 "--CourseDirectory.feedback_directory=class-feedback")
        page = (course_dir / "class-feedback" / student / A / f"{A}.html").read_text()
        parser = _Markup()
        parser.feed(page)
        pages[student] = (page, parser.active)
    page, active = pages["html_everywhere"]
    assert "My answer." in page                                 # the written answer is there, as text
    assert not [a for a in active if a[1]], active              # no event handler, no javascript: link
    assert len([a for a in active if a[0] == "script"]) == len([a for a in pages["honest00"][1] if a[0] == "script"])
    assert f"document.title='{hn.MARKER}'</script>" not in page


def test_a_student_the_gradebook_refuses_is_that_students_problem_alone(course, monkeypatch):
    """The gradebook writer in-process, with nbgrader refusing one student's rows (and the
    formgrader notebook of another failing): both are flagged, every other student is recorded."""
    from nbgrader.api import Gradebook

    from autograder.grading.student_notebooks import read_notebook
    from autograder.integrations import nbgrader_notebooks as nbn

    course_dir, _ = course
    questions = [q for q in nbg.load_course().questions if q.assignment == A]
    model = json.dumps(hn.honest_notebooks()[A]).encode()
    pairs = []
    for name in ("ann", "ben", "cat", "dan"):
        work = nbg.StudentWork(name, name, {A: read_notebook(model, A)}, {}, source=str(course_dir))
        result = nbg.NotebookResult(name, name, [nbg._result(q, passed=True, visible=True) for q in questions])
        pairs.append((work, result))
    real = Gradebook.update_or_create_student

    def refuse_ben(self, student_id, **kw):
        if student_id == "ben":
            raise RuntimeError("the database said no")
        return real(self, student_id, **kw)

    monkeypatch.setattr(Gradebook, "update_or_create_student", refuse_ben)
    real_page = nbn.autograded_notebook

    def break_cat(released, notebook, qs, rs):
        if rs and rs[0] is pairs[2][1].questions[0]:
            raise OSError("disk full")
        return real_page(released, notebook, qs, rs)

    monkeypatch.setattr(nbn, "autograded_notebook", break_cat)
    written = nbn.write_gradebook(pairs, nbg.Course(tuple(questions), ()), f"sqlite:///{course_dir}/writers.db",
                                  str(course_dir / "writers-autograded"))
    assert written.students == 3 and set(written.problems) == {"ben", "cat"}
    assert "not recorded in the gradebook" in written.problems["ben"][0]
    assert "not written" in written.problems["cat"][0]
    with gradebook(f"sqlite:///{course_dir}/writers.db") as gb:
        assert {s.student.id for s in gb.assignment_submissions(A)} == {"ann", "cat", "dan"}
    assert sorted(p.name for p in (course_dir / "writers-autograded").iterdir()) == ["ann", "dan"]
