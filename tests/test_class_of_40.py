"""A class of 40 from a fresh clone through each path, as docs/instructors.md runs it: nbgrader
(collect, notebooks --gradebook, grade --gradebook, written answers graded in the gradebook,
nbgrader export), an LMS's zips (Canvas's download names: notebooks, grade), and Gradescope (its
"Export Submissions" of what run_autograder gave each upload: gradesheet --gradescope). The class
(``authoring.classroom``) has late, resubmitted, renamed, empty and unknown uploads, a case-variant
pair, namesakes, an extension and students who hand nothing in. Each path must end in one
gradesheet with one row per roster student and the late policy applied the same way, and every
total must agree across grades.csv, the report, nbgrader's export and canvas.csv."""

import csv
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest
from test_term import fresh_clone

from autograder.authoring import classroom
from autograder.authoring.release import nbgrader_env

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("class40")]
A = "04_overfitting_and_penalties"
UNGRADED_WRITTEN = 2                    # students whose written answers are left to grade


def rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def sheet(folder):
    return {r["student"]: r for r in rows(folder / "gradesheet.csv")}


def canvas_totals(folder):
    found = list(csv.reader(io.StringIO((folder / "canvas.csv").read_text())))
    return found[0], found[1], {r[3]: r for r in found[2:]}


def report_totals(folder):
    """Student -> total in the report's gradesheet table."""
    page = (folder / "report.html").read_text()
    table = page.split("id=sheet>", 1)[1].split("</table>", 1)[0]
    found = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", table)[1:]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", tr)
        found[html.unescape(cells[0])] = cells[-1]
    return found


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    return classroom.build(tmp_path_factory.mktemp("class") / "room", A, size=40)


@pytest.fixture(scope="module")
def course(room, tmp_path_factory):
    course = fresh_clone(tmp_path_factory.mktemp("class40") / "course")
    shutil.copy(room.roster, course / "roster.csv")
    shutil.copy(room.policy, course / "late_policy.toml")
    env = nbgrader_env()
    env["PYTHONPATH"] = str(course)

    def sh(*args, ok=(0,)):
        done = subprocess.run([sys.executable if a == "py" else str(a) for a in args], cwd=course, env=env,
                              capture_output=True, text=True, timeout=1800)
        assert done.returncode in ok, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        return done

    return course, sh


@pytest.fixture(scope="module")
def nbgrader_path(room, course):
    course, sh = course
    db = "sqlite:///gradebook.db"
    out = course / "grading" / A
    steps = {
        "release": sh("py", "-m", "autograder", "release", "--db", db, "--assignment", A, "--due",
                      f"{A}={room.due:%Y-%m-%d %H:%M} UTC"),
        "roster": sh("py", "-m", "nbgrader", "db", "student", "import", "roster.csv"),
        "collect": sh("py", "-m", "autograder", "collect", room.plain, "--assignment", A, ok=(1,)),
        "notebooks": sh("py", "-m", "autograder", "notebooks", "submitted", "--assignment", A, "--out", out,
                        "--gradebook", db, "--no-progress"),
        "grade": sh("py", "-m", "autograder", "grade", "submitted", "--assignment", A, "--out", out,
                    "--gradebook", db, "--no-progress"),
    }
    first_sheet = sheet(out)
    # The written answers, graded by hand (as formgrader records them), all but a few students'.
    from nbgrader.api import Gradebook

    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]   # nbgrader runs alembic
    graded = []
    with Gradebook(f"sqlite:///{course}/gradebook.db") as gb:
        for sub in sorted(gb.find_assignment(A).submissions, key=lambda s: s.student.id)[UNGRADED_WRITTEN:]:
            graded.append(sub.student.id)
            for nb in sub.notebooks:
                for g in nb.grades:
                    if g.cell.cell_type == "markdown":
                        g.manual_score = g.cell.max_score / 2
        gb.db.commit()
    steps["regrade"] = sh("py", "-m", "autograder", "grade", "submitted", "--assignment", A, "--out", out,
                          "--gradebook", db, "--no-progress")
    shutil.copy(out / "gradesheet.csv", out / "gradesheet-from-grade.csv")
    steps["gradesheet"] = sh("py", "-m", "autograder", "gradesheet", "--assignment", A, "--out", out,
                             "--gradebook", db)
    steps["export"] = sh("py", "-m", "nbgrader", "export", "--to", "export.csv")
    exported: dict[str, dict] = {}
    for r in rows(course / "export.csv"):
        if r["assignment"] in (A, f"{A}_library"):
            exported.setdefault(r["student_id"], {})[r["assignment"]] = r
    return {"out": out, "steps": steps, "first_sheet": first_sheet, "graded": graded, "export": exported}


@pytest.fixture(scope="module")
def lms_path(room, course, nbgrader_path):
    course, sh = course
    out = course / "grading-lms"
    out.mkdir()
    # The grader's own cache: the same libraries, graded under the same ids, are not graded again.
    shutil.copy(nbgrader_path["out"] / "gradebook.sqlite", out / "gradebook.sqlite")
    steps = {
        "notebooks": sh("py", "-m", "autograder", "notebooks", room.canvas, "--assignment", A, "--out", out,
                        "--no-progress"),
        "grade": sh("py", "-m", "autograder", "grade", room.canvas, "--assignment", A, "--out", out,
                    "--due", f"{room.due:%Y-%m-%d %H:%M} UTC", "--no-progress"),
    }
    return {"out": out, "steps": steps}


@pytest.fixture(scope="module")
def gradescope_path(room, course, tmp_path_factory):
    """Gradescope's export, emulated: each upload's results.json is what `gradescope-run` (what
    run_autograder runs) gives its content; submission_metadata.yml as Gradescope writes it."""
    import yaml

    course, sh = course
    work = tmp_path_factory.mktemp("gradescope")
    contents = {}
    for s in room.students:
        for u in s.uploads:
            if u.library:
                contents.setdefault((u.library, u.notebook), room.plain / u.plain_name)

    def run(item):
        (key, upload) = item
        folder = work / "runs" / "-".join(str(k) for k in key)
        (folder / "submission").mkdir(parents=True)
        shutil.copy(upload, folder / "submission" / "upload.zip")
        sh("py", "-m", "autograder", "gradescope-run", folder / "submission", "--results", folder / "results.json")
        return key, json.loads((folder / "results.json").read_text())

    with ThreadPoolExecutor(2) as pool:
        results = dict(pool.map(run, contents.items()))
    export = work / "assignment_4242_export"
    export.mkdir()
    metadata = {}
    for n, s in enumerate(room.students):
        uploads = sorted((u for u in s.uploads if u.library), key=lambda u: u.at)
        if not uploads:
            continue                                         # Gradescope takes no empty upload
        final = uploads[-1]
        folder = export / f"submission_{300000 + n}"
        folder.mkdir()
        with zipfile.ZipFile(room.plain / final.plain_name) as zf:
            zf.extractall(folder)                            # Gradescope unpacks a zip upload
        result = results[(final.library, final.notebook)]
        metadata[folder.name] = {
            ":submitters": [{":name": f"{s.first} {s.last}", ":sid": f"SIS{s.canvas_id}",
                             ":email": f"{s.id.lower()}@example.edu"}],
            ":created_at": final.at, ":score": result["score"], ":results": result,
            ":history": [{":created_at": u.at, ":score": results[(u.library, u.notebook)]["score"]}
                         for u in uploads[:-1]]}
    (export / "submission_metadata.yml").write_text(yaml.safe_dump(metadata, allow_unicode=True))
    out = course / "grading-gradescope"
    done = sh("py", "-m", "autograder", "gradesheet", "--assignment", A, "--gradescope", export, "--out", out,
              "--due", f"{room.due:%Y-%m-%d %H:%M} UTC")
    return {"out": out, "done": done}


# ---- who is who --------------------------------------------------------------------------------------

def test_collect_fits_one_screen_and_resolves_who_is_who(room, course, nbgrader_path):
    course, _ = course
    out = nbgrader_path["steps"]["collect"].stdout
    assert len(out.splitlines()) <= 16, out                          # one screen, not three lines a student
    assert "WHO?     mystery.zip: the upload 'mystery' maps to no student of the roster" in out
    assert "EMPTY    eempty.zip (eempty): the upload is empty" in out
    assert "CHECK WHO (1): AB123" in out and "NOTHING from 2 of the roster's 40 students: nnever, nnothing" in out
    submitted = {p.name for p in (course / "submitted").iterdir()}
    assert "mystery" not in submitted and "smitherin" in submitted and "rresub" in submitted and "AB123" in submitted
    assert not submitted - {s.id for s in room.roster_students()}                      # nobody new
    details = {r["upload"]: r for r in rows(course / f"collect-{A}.csv")}
    assert details["Erin Smith - HW4 final v2.zip"]["student"] == "smitherin"           # renamed, via the alias
    assert details["rresub-1.zip"]["student"] == "rresub"                               # the -1 resubmission
    assert details["mystery.zip"]["action"] == "held" and details["eempty.zip"]["action"] == "skipped"


def test_the_lms_path_reads_canvas_names_and_holds_the_stranger(room, lms_path):
    out = lms_path["steps"]["grade"].stdout
    assert "NOT GRADED (who?) strangersam_" in out and "maps to no student of the roster" in out
    graded = {r["student"] for r in rows(lms_path["out"] / "grades.csv")}
    assert graded == {s.id for s in room.roster_students() if s.uploads}
    header, points, canvas = canvas_totals(lms_path["out"])
    assert [canvas[s.id][1] for s in room.roster_students()] == [s.canvas_id for s in room.roster_students()]


# ---- one gradesheet per path ------------------------------------------------------------------------

def test_every_path_has_one_row_per_roster_student(room, nbgrader_path, lms_path, gradescope_path):
    roster = [s.id for s in room.roster_students()]
    for path in (nbgrader_path, lms_path, gradescope_path):
        got = sheet(path["out"])
        assert sorted(got) == sorted(roster)
        assert got["eempty"]["status"] in ("empty upload", "no submission")
        assert got["nnever"]["status"] == "no submission" and got["nnever"]["total"] == "0"
    assert sheet(nbgrader_path["out"])["eempty"]["status"] == "empty upload"
    assert sheet(lms_path["out"])["eempty"]["status"] == "empty upload"


def test_the_late_policy_is_applied_the_same_way_on_every_path(room, nbgrader_path, lms_path, gradescope_path):
    sheets = [sheet(p["out"]) for p in (nbgrader_path, lms_path, gradescope_path)]
    for s in room.roster_students():
        if not s.uploads or not s.final.library:
            continue
        late = {sh[s.id]["seconds_late"] for sh in sheets}
        assert len(late) == 1, (s.id, late)
        assert len({sh[s.id]["late"] for sh in sheets}) == 1, s.id
        assert len({sh[s.id]["library"] for sh in sheets}) == 1, s.id          # the same points everywhere
        assert len({sh[s.id]["notebook"] for sh in sheets}) == 1, s.id
    for sh in sheets:
        assert "2 started days, 20 % off" in sh["llate"]["late"] and float(sh["llate"]["penalty"]) > 0
        assert "50 % off" in sh["vlater"]["late"]
        assert sh["etended"]["late"].startswith("on time (after an extension of 3 d)")
        assert sh["etended"]["penalty"] == "0"
    gs = sheets[2]["llate"]
    assert float(gs["penalty"]) == pytest.approx(0.2 * (float(gs["library"]) + float(gs["notebook"])), abs=0.01)


def test_nbgraders_gradebook_carries_the_policys_penalty(nbgrader_path):
    exported = nbgrader_path["export"]
    for assignment in (A, f"{A}_library"):
        assert float(exported["llate"][assignment]["late_submission_penalty"]) > 0
        assert float(exported["etended"][assignment]["late_submission_penalty"]) == 0
        assert exported["etended"][assignment]["seconds_late"] != "0"              # measured, not applied


# ---- totals that agree -------------------------------------------------------------------------------

def _agree(folder, roster, exported=None):
    got = sheet(folder)
    grades = {r["student"]: r for r in rows(folder / "grades.csv")}
    header, points, canvas = canvas_totals(folder)
    reported = report_totals(folder)
    assert header == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", A]
    assert points[0] == "Points Possible" and points[5] == got[roster[0]]["max_total"]
    for student in roster:
        row = got[student]
        assert canvas[student][5] == row["total"] and reported[student] == row["total"], student
        if student in grades:                                  # the library's total is the sheet's library
            # (an empty upload: grades.csv's row scores 0, the sheet leaves its library blank)
            assert grades[student]["total"] == (row["library"] or "0"), student
        if exported is not None:
            total = sum(float(r["score"]) for r in exported.get(student, {}).values())
            assert total == pytest.approx(float(row["total"]), abs=0.011), student


def test_totals_agree_on_the_nbgrader_path(room, nbgrader_path):
    out = nbgrader_path["out"]
    _agree(out, [s.id for s in room.roster_students()], nbgrader_path["export"])
    assert (out / "gradesheet.csv").read_text() == (out / "gradesheet-from-grade.csv").read_text()
    got = sheet(out)
    ungraded = [s for s, r in got.items() if "to grade" in r["written_state"]]
    assert len(ungraded) == UNGRADED_WRITTEN and got[nbgrader_path["graded"][0]]["written_state"] == "graded"
    first = nbgrader_path["first_sheet"]          # before the written answers were graded: they add points
    late = got["llate"]
    assert float(late["total"]) > float(first["llate"]["total"]) and float(late["penalty"]) > float(
        first["llate"]["penalty"])


def test_totals_agree_on_the_lms_path(room, lms_path):
    _agree(lms_path["out"], [s.id for s in room.roster_students()])
    assert "NO NOTEBOOK POINTS" not in lms_path["steps"]["grade"].stdout


def test_the_gradescope_path_leaves_the_written_answers_to_gradescope(room, gradescope_path, nbgrader_path):
    got = sheet(gradescope_path["out"])
    header, points, canvas = canvas_totals(gradescope_path["out"])
    nb = sheet(nbgrader_path["out"])
    for s in room.roster_students():
        assert canvas[s.id][5] == got[s.id]["total"]
        if got[s.id]["status"] == "graded":
            assert got[s.id]["written_state"] == "on Gradescope"
            assert float(got[s.id]["max_total"]) == float(nb[s.id]["max_total"]) - float(nb[s.id]["written_max"])
    assert "1 earlier submission(s) on Gradescope" in got["rresub"]["notes"]
    assert "NOT IN THE SHEET (who?) submission_" in gradescope_path["done"].stdout
