"""An instructor's term, end to end, as docs/instructors.md runs it from a fresh clone: five
students (on time, late, resubmitted, missing a notebook, an LMS-named download) and one who
hands nothing in go through `release --db`, nbgrader's roster import, `collect`, `nbgrader
autograde` (with the course's late policy as its late-penalty plugin), `grade --gradebook` and
`nbgrader export`, with the grades, lateness, penalties and flags each step must show. (A class of
40 on every path is tests/test_class_of_40.py.)"""

import csv
import datetime
import io
import os
import shutil
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT

from autograder.authoring.release import nbgrader_env
from autograder.grading.rubric import load as load_rubric

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("term")]
NB = "00_welcome"
DUE = datetime.datetime(2025, 10, 1, 23, 59, tzinfo=datetime.UTC)
ROSTER = """id,first_name,last_name,email
alice,Alice,Ash,alice@example.org
bob,Bob,Birch,
carol,Carol,Cedar,
dave,Dave,Dogwood,
smitherin,Erin,Smith,
frank,Frank,Fir,
"""


def fresh_clone(dest):
    """The course as a clone holds it: the files git tracks (and new ones not ignored)."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, check=True,
                            capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file() and not src.is_symlink():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def make_zip(path, lib_dir, notebook, when):
    """What `make submit` packs: course_lib/*.py and notebooks/NB/NB.ipynb, handed in at ``when``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(lib_dir.glob("*.py")):
            zf.write(p, f"course_lib/{p.name}")
        if notebook is not None:
            zf.write(notebook, f"notebooks/{NB}/{NB}.ipynb")
    os.utime(path, (when.timestamp(), when.timestamp()))


@pytest.fixture(scope="module")
def term(tmp_path_factory):
    from autograder.authoring.release import build_library, build_student_library
    from autograder.parts.corpus import EXAMPLES, mutate

    work = tmp_path_factory.mktemp("term")
    course = fresh_clone(work / "course")
    libs = work / "libs"
    build_library(libs / "reference")
    build_student_library(libs / "untouched")
    build_library(libs / "mistake", transform=mutate(EXAMPLES["sum_instead_of_mean"]))
    solved = course / "solutions" / "notebooks" / NB / f"{NB}.ipynb"
    blank = course / "notebooks" / NB / f"{NB}.ipynb"
    hour = datetime.timedelta(hours=1)
    (work / "week1").mkdir()
    (work / "week2").mkdir()
    make_zip(work / "week1" / "alice.zip", libs / "reference", solved, DUE - hour)
    make_zip(work / "week1" / "bob.zip", libs / "reference", solved, DUE + 2 * hour)
    make_zip(work / "week1" / "carol.zip", libs / "untouched", blank, DUE - 3 * hour)
    make_zip(work / "week1" / "dave.zip", libs / "reference", None, DUE - hour)
    # Canvas's download: "<name>_<user id>_<attachment id>_<file>", unzipped a day late.
    make_zip(work / "week1" / "smitherin_123456_7890123_erin-1.zip", libs / "mistake", solved, DUE + 24 * hour)
    make_zip(work / "week2" / "carol.zip", libs / "reference", solved, DUE - hour / 6)   # her resubmission
    (course / "roster.csv").write_text(ROSTER)
    (course / "late_policy.toml").write_text('[late]\npenalty = 0.1\nper = "day"\n')

    env = nbgrader_env()
    env["PYTHONPATH"] = str(course)
    log = []

    def sh(*args, ok=(0,)):
        done = subprocess.run([str(a) for a in args], cwd=course, env=env, capture_output=True, text=True,
                              timeout=600)
        log.append(done)
        assert done.returncode in ok, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        return done

    py = sys.executable
    steps = {
        "release": sh(py, "-m", "autograder", "release", "--db", "sqlite:///gradebook.db", "--assignment", NB,
                      "--due", f"{NB}=2025-10-01 23:59 UTC"),
        "roster": sh(py, "-m", "nbgrader", "db", "student", "import", "roster.csv"),
        "collect1": sh(py, "-m", "autograder", "collect", work / "week1", "--assignment", NB),
        "keep": shutil.copy(course / f"collect-{NB}.csv", course / "collect-week1.csv"),
        "collect2": sh(py, "-m", "autograder", "collect", work / "week2", "--assignment", NB),
        "autograde": sh(py, "-m", "nbgrader", "autograde", NB),
        "grade": sh(py, "-m", "autograder", "grade", "submitted", "--assignment", NB, "--out", f"grading/{NB}",
                    "--gradebook", "sqlite:///gradebook.db", "--feedback-dir", "feedback", "--no-progress"),
        # the sandboxed alternative to nbgrader autograde, into the library's output folder (no gradebook:
        # nbgrader's own run above is what the export is checked against)
        "notebooks": sh(py, "-m", "autograder", "notebooks", "submitted", "--assignment", NB, "--out",
                        f"grading/{NB}", "--no-progress"),
        "feedback": sh(py, "-m", "nbgrader", "generate_feedback", NB),
        "export": sh(py, "-m", "nbgrader", "export", "--to", "export.csv"),
    }
    exported = {(r["assignment"], r["student_id"]): r for r in csv.DictReader(open(course / "export.csv"))}
    return course, steps, exported


def test_collect_reports_lateness_missing_notebooks_lms_names_and_resubmissions(term):
    course, steps, _ = term
    first = steps["collect1"].stdout
    assert "00_welcome: due 2025-10-01 23:59 UTC (from sqlite:///gradebook.db)" in first
    assert "roster: roster.csv (6 students)" in first and "late policy: 10 % of the points earned" in first
    assert "5 upload(s): 5 student(s) collected" in first and "1 late, 1 missing a notebook, 0 not used" in first
    assert "LATE (1): bob (2 h 0 min, 10 % off)" in first and "MISSING NOTEBOOK (1): dave" in first
    assert "NOTHING from 1 of the roster's 6 students: frank" in first
    assert len(first.splitlines()) <= 10                                   # one screen, not lines per student
    details = {r["student"]: r for r in csv.DictReader(open(course / "collect-week1.csv"))}
    assert details["bob"]["submitted_at"] == "2025-10-02 01:59:00 UTC" and details["bob"]["seconds_late"] == "7200"
    assert details["dave"]["missing_notebooks"] == "00_welcome.ipynb"
    erin = details["smitherin"]
    assert erin["upload"] == "smitherin_123456_7890123_erin-1.zip" and "Canvas user 123456" in erin["notes"]
    assert "Canvas found it on time" in erin["notes"] and "by Canvas name" in erin["notes"]
    again = {r["student"]: r for r in csv.DictReader(open(course / "collect-00_welcome.csv"))}
    assert "1 upload(s): 1 student(s) collected" in steps["collect2"].stdout and again["carol"]["action"] == "replaced"
    assert "not on nbgrader's roster" not in first and "added to" not in first          # everyone was imported
    for student in ("alice", "bob", "carol", "dave", "smitherin"):
        assert (course / "submitted" / student / NB / "timestamp.txt").is_file()


def test_nbgrader_computes_lateness_from_the_real_submission_times(term):
    _, _, rows = term
    assert rows[(NB, "alice")]["seconds_late"] == "0"
    assert rows[(NB, "bob")]["seconds_late"] == "7200" and rows[(f"{NB}_library", "bob")]["seconds_late"] == "7200"
    assert rows[(NB, "smitherin")]["seconds_late"] == "0"            # Canvas said on time
    assert rows[(f"{NB}_library", "carol")]["timestamp"] == "2025-10-01 23:49:00"     # the resubmission's


def test_the_late_policy_is_nbgraders_late_penalty_and_the_totals_agree(term, rubric):
    """nbgrader autograde's plugin, then grade --gradebook, write the policy's penalty (one started
    day: 10 %) on bob's notebook and library; the gradesheet, canvas.csv and nbgrader's export
    give the same totals."""
    course, steps, rows = term
    notebook = rows[(NB, "bob")]
    assert float(notebook["late_submission_penalty"]) == pytest.approx(0.1 * float(notebook["raw_score"]))
    library = rows[(f"{NB}_library", "bob")]
    assert float(library["late_submission_penalty"]) == pytest.approx(0.1 * float(library["raw_score"]))
    assert rows[(NB, "alice")]["late_submission_penalty"] == "0"
    out = course / "grading" / NB
    sheet = {r["student"]: r for r in csv.DictReader(open(out / "gradesheet.csv"))}
    assert sorted(sheet) == ["alice", "bob", "carol", "dave", "frank", "smitherin"]
    assert "1 started day, 10 % off" in sheet["bob"]["late"] and sheet["frank"]["status"] == "no submission"
    canvas = {r[3]: r[5] for r in csv.reader(io.StringIO((out / "canvas.csv").read_text()))}
    for student, row in sheet.items():
        exported = sum(float(rows[(a, student)]["score"]) for a in (NB, f"{NB}_library"))
        assert exported == pytest.approx(float(row["total"]), abs=0.011), student
        assert canvas[student] == row["total"]


def mistake_score(course, rubric):
    """What the grader gave smitherin's sum-instead-of-mean library in the parts NB teaches (grades.csv)."""
    grades = {r["student"]: r for r in csv.DictReader(open(course / "grading" / NB / "grades.csv"))}
    return f"{sum(float(grades['smitherin'][p.id]) for p in rubric.parts if p.notebook == NB):g}"


def test_export_has_the_library_per_assignment_with_clean_points(term, rubric):
    course, _, rows = term
    taught = sum(p.points for p in rubric.parts if p.notebook == NB)
    partial = mistake_score(course, rubric)
    assert 0 < float(partial) < taught
    library = {s: rows[(f"{NB}_library", s)] for s in ("alice", "bob", "carol", "dave", "smitherin", "frank")}
    assert {s: r["raw_score"] for s, r in library.items()} == {
        "alice": f"{taught:g}", "bob": f"{taught:g}", "carol": f"{taught:g}", "dave": f"{taught:g}",
        "smitherin": partial, "frank": "0"}
    assert library["alice"]["max_score"] == f"{taught:g}"
    assert rows[(NB, "alice")]["score"] == "1" and rows[(NB, "dave")]["score"] == "0"   # dave's notebook is missing
    assert rows[(NB, "alice")]["last_name"] == "Ash"                                   # the roster's names
    assert not [r for r in rows.values() for k in ("score", "raw_score") if len(r[k].partition(".")[2]) > 2]


def test_grade_flags_what_the_instructor_should_know(term, rubric):
    course, steps, _ = term
    out = course / "grading" / NB
    assert "LATE: 1 submission(s): bob" in steps["grade"].stdout
    assert "MISSING NOTEBOOK: 1 submission(s): dave" in steps["grade"].stdout
    assert "NO SUBMISSION from 1 student(s) of the roster: frank" in steps["grade"].stdout
    assert f"library scores recorded as assignment {NB}_library" in steps["grade"].stdout
    grades = {r["student"]: r for r in csv.DictReader(open(out / "grades.csv"))}
    assert "late by 2 h 0 min" in grades["bob"]["problem"] and not grades["alice"]["problem"]
    assert "missing notebook(s): 00_welcome.ipynb" in grades["dave"]["problem"]
    report = (out / "report.html").read_text()
    taught = [p for p in load_rubric().parts if p.notebook == NB]                 # mse and gradcheck
    assert report.count("<span class=tag>this assignment</span>") == len(taught) >= 1
    for heading in ("Late (1)", "Missing (2)", "Most common mistakes", "Slowest submissions",
                    "<dt>due</dt><dd>2025-10-01 23:59 UTC</dd>"):
        assert heading in report, heading
    canvas = list(csv.reader(io.StringIO((out / "canvas.csv").read_text())))
    assert canvas[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    erin = next(r for r in canvas if r[3] == "smitherin")
    assert erin[:5] == ["Smith, Erin", "123456", "", "smitherin", ""]                    # Canvas's id
    sheet = {r["student"]: r for r in csv.DictReader(open(out / "gradesheet.csv"))}
    assert erin[5] == sheet["smitherin"]["total"] and sheet["smitherin"]["library"] == mistake_score(course, rubric)
    assert f"course_lib.html: 4 in autograded/<student>/{NB}/course_lib.html" in steps["grade"].stdout


def test_the_output_folder_holds_students_and_reserved_names_only(term):
    """Every file the grader writes beside the students' folders has a name no student id can take."""
    from autograder.grading.submissions import RESERVED_IDS

    course, steps, _ = term
    out = course / "grading" / NB
    students = {"alice", "bob", "carol", "dave", "smitherin"}
    assert {p.name.lower() for p in out.iterdir()} - students <= RESERVED_IDS
    assert (out / "notebook-grades.csv").is_file() and (out / "alice" / "notebooks.json").is_file()
    assert "alice" in (out / "notebook-grades.csv").read_text()


def test_library_feedback_travels_with_nbgraders_feedback(term):
    course, _, _ = term
    for student in ("alice", "bob", "carol", "smitherin"):                # autograded by nbgrader
        folder = course / "feedback" / student / NB
        assert (folder / f"{NB}.html").is_file() and (folder / "course_lib.html").is_file(), student
    page = (course / "feedback" / "smitherin" / NB / "course_lib.html").read_text()
    assert "What to fix first" in page and "Mean squared error" in page and "Dropout" not in page
    dave = course / "feedback" / "dave" / NB                              # no notebook: nbgrader skipped him
    assert (dave / "course_lib.html").is_file() and (dave / "timestamp.txt").is_file()
