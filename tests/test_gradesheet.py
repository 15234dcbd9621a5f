"""One gradesheet per assignment: the same rows, penalties and totals whatever the path, and the
same totals in grades.csv, the report, nbgrader's export and canvas.csv (fast: nothing is graded;
nbgrader's gradebook and its export plugin are the real ones)."""

import csv
import datetime
import io
import logging
import warnings

import pytest

from autograder.grading import gradesheet, lateness, outputs, report, roster, scoring
from autograder.grading.gradesheet import Evidence, Unit
from autograder.grading.outputs import BatchInfo, StudentInfo, pts
from autograder.grading.results import EngineReport, Verdict

A = "04_overfitting_and_penalties"
DUE = datetime.datetime(2025, 10, 15, 23, 59, tzinfo=datetime.UTC)
POLICY = lateness.parse('[late]\npenalty = 0.1\ncap = 0.5\n[extensions]\n"04_overfitting_and_penalties" = '
                        '{ dave = "3 days" }\n', "late_policy.toml")
ROSTER = roster.parse("id,first_name,last_name,email,lms_user_id,login,sis_id,section\n"
                      "alice,Alice,Ash,a@x.org,111,aash,S1,A\nbob,Bob,Birch,,222,,S2,A\n"
                      "carol,Carol,Cedar,,,,,B\ndave,Dave,Dogwood,,,,,B\nerin,Erin,\"=HYPERLINK(\"\"x\"\")\",,,,,B\n")
HOUR = datetime.timedelta(hours=1)


def result(rubric, student, failing=(), problem=""):
    """A scored result: every check passes except those of the parts in ``failing``."""
    verdicts = {cid: Verdict(cid, c.part not in failing, 0.0 if c.part in failing else 1.0, "", cid)
                for cid, c in rubric.checks.items()}
    if problem:
        return scoring.score(rubric, student, student, problem=problem)
    return scoring.score(rubric, student, student, EngineReport(student, verdicts, "bubblewrap", seconds=1.0))


@pytest.fixture(scope="module")
def points(rubric):
    return gradesheet.maxima(A, rubric)


def evidence(points):
    library, auto, written = points
    return {
        "alice": Evidence("alice", library=library, submitted_at=DUE - HOUR,
                          units=[Unit(A, auto, auto, written - 2, written)]),
        "bob": Evidence("bob", library=library - 3, submitted_at=DUE + 26 * HOUR,           # 2 started days
                        units=[Unit(A, auto, auto, None, written, written_pending=3)]),
        "carol": Evidence("carol", status=gradesheet.EMPTY, library=0.0, submitted_at=DUE - HOUR),
        "dave": Evidence("dave", library=library, submitted_at=DUE + 50 * HOUR,             # 3 days' extension
                         units=[Unit(A, 0.0, auto, written, written)]),
        "zed": Evidence("zed", library=1.0, submitted_at=DUE, lms_user_id="999"),            # not on the roster
    }


def test_one_row_per_roster_student_with_the_penalty_of_each_unit(points, rubric):
    library, auto, written = points
    sheet = gradesheet.assemble(A, evidence(points), ROSTER, POLICY, DUE, "nbgrader", "test", rubric=rubric)
    rows = {r.student: r for r in sheet.rows}
    assert [r.student for r in sheet.rows] == ["alice", "bob", "carol", "dave", "erin", "zed"]
    assert sheet.max_total == library + auto + written
    assert rows["alice"].total == library + auto + written - 2 and rows["alice"].penalty == 0
    bob = rows["bob"]                                         # 20 % of what each unit earned, written not graded yet
    assert bob.lateness.units == 2 and bob.penalty == pytest.approx(0.2 * (library - 3 + auto))
    assert bob.unit_penalties == {A: pytest.approx(0.2 * auto), "course_lib": pytest.approx(0.2 * (library - 3))}
    assert bob.written is None and bob.written_state == "3 answer(s) to grade"
    assert bob.total == pytest.approx(0.8 * (library - 3 + auto))
    assert rows["dave"].lateness.late is None and rows["dave"].penalty == 0           # his extension
    assert rows["carol"].status == "empty upload" and rows["carol"].total == 0
    assert rows["erin"].status == "no submission" and rows["erin"].total == 0
    assert rows["zed"].notes[0] == "not on the roster" and rows["zed"].person.lms_user_id == "999"


def test_on_gradescope_the_written_answers_are_gradescopes(points, rubric):
    library, auto, written = points
    sheet = gradesheet.assemble(A, evidence(points), ROSTER, POLICY, DUE, "Gradescope", "test", rubric=rubric)
    assert sheet.max_total == library + auto
    alice = sheet.row("alice")
    assert alice.written is None and alice.written_state == "on Gradescope" and alice.total == library + auto


def test_the_csv_files_hold_the_sheets_totals_in_canvass_import_format(points, rubric):
    sheet = gradesheet.assemble(A, evidence(points), ROSTER, POLICY, DUE, "nbgrader", "test", rubric=rubric)
    sheet.rows[0].status = gradesheet.NOT_GRADED                   # the grader failed on alice: left blank
    rows = list(csv.DictReader(io.StringIO(gradesheet.gradesheet_csv(sheet))))
    assert list(rows[0]) == gradesheet.COLUMNS
    assert {r["student"]: r["total"] for r in rows} == {r.student: pts(r.total) for r in sheet.rows}
    assert rows[1]["seconds_late"] == str(26 * 3600) and "2 started days, 20 % off" in rows[1]["late"]
    canvas = list(csv.reader(io.StringIO(gradesheet.canvas_csv(sheet, "Assignment 4 (1234)"))))
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Assignment 4 (1234)"]
    assert canvas[1] == ["Points Possible", "", "", "", "", pts(sheet.max_total)]
    assert canvas[2] == ["Ash, Alice", "111", "S1", "aash", "A", ""]
    assert canvas[3] == ["Birch, Bob", "222", "S2", "bob", "A", pts(sheet.row("bob").total)]
    assert canvas[6][0] == "'=HYPERLINK(\"x\"), Erin"                              # no formula


def test_grades_csv_and_the_report_total_over_the_assignments_parts(rubric, points):
    library = points[0]
    results = [result(rubric, "alice"), result(rubric, "bob", failing=("l1", "dropout"))]
    batch = BatchInfo(assignment=A, due=DUE, students={"bob": StudentInfo(submitted_at=DUE + 26 * HOUR)})
    rows = list(csv.DictReader(io.StringIO(outputs.grades_csv(results, rubric, batch))))
    taught = [p for p in rubric.parts if p.notebook == A]
    assert list(rows[0])[1:len(taught) + 3] == [p.id for p in taught] + ["total", "max_total"]
    l1 = rubric.part("l1").points
    assert rows[1]["total"] == pts(library - l1) and rows[1]["max_total"] == pts(library)   # dropout is not A's
    ev = gradesheet.from_results(results, batch, A, rubric)
    batch.sheet = gradesheet.assemble(A, ev, None, POLICY, DUE, "", "test", rubric=rubric)
    page = report.class_report(results, rubric, None, batch=batch)
    assert f"<dt>points</dt><dd>{pts(library)}: the {len(taught)} part(s) {A} teaches" in page
    assert f"<b>{pts(library - l1 / 2)}" in page                               # the median, over A's parts only
    assert f"Gradesheet: {A}" in page and pts(batch.sheet.row("bob").total) in page
    table = outputs.table(results, rubric, batch.parts(rubric))
    assert f"{pts(library - l1)}/{pts(library)}" in table


@pytest.mark.slow       # nbgrader's gradebook (alembic) is slow to open on a busy machine
def test_nbgraders_gradebook_and_export_give_the_sheets_totals(tmp_path, rubric, points):
    """The real gradebook: the notebook's grades set as nbgrader records them, the library as `grade
    --gradebook` records it, the sheet's penalties written back, and `nbgrader export` (the course's
    exporter) summing to the sheet's total for every student."""
    from nbgrader.api import Gradebook

    from autograder.integrations import nbgrader_sync
    from autograder.integrations.nbgrader_plugins import RoundedCsvExport

    library, auto, written = points
    url = f"sqlite:///{tmp_path}/gradebook.db"
    nbgrader_sync.record_assignments(url, [A], {A: DUE})
    nbgrader_sync._alembic_on_path()
    with Gradebook(url) as gb:
        gb.update_or_create_notebook(A, A)
        gb.update_or_create_grade_cell("answer_test", A, A, max_score=auto, cell_type="code")
        gb.update_or_create_grade_cell("written", A, A, max_score=written, cell_type="markdown")
        for student, late, auto_score, manual in [("alice", -HOUR, auto, written / 2), ("bob", 26 * HOUR, auto, None),
                                                  ("dave", 50 * HOUR, 0.0, written)]:
            gb.update_or_create_student(student)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")             # SQLAlchemy's notes on nbgrader's own add_submission
                sub = gb.add_submission(A, student, timestamp=(DUE + late).replace(tzinfo=None))
            gb.find_grade("answer_test", A, A, student).auto_score = auto_score
            gb.find_grade("written", A, A, student).manual_score = manual
            del sub
        gb.db.commit()
    results = [result(rubric, "alice"), result(rubric, "bob", failing=("l2",)), result(rubric, "dave")]
    times = {"alice": DUE - HOUR, "bob": DUE + 26 * HOUR, "dave": DUE + 50 * HOUR}
    nbgrader_sync.export_to_nbgrader(results, rubric, url, A, times)

    found, due = nbgrader_sync.evidence(url, A)
    assert due == DUE and found["bob"].library == library - rubric.part("l2").points
    assert found["bob"].units[0].written_pending == 1 and found["alice"].units[0].written == written / 2
    sheet = gradesheet.assemble(A, found, ROSTER, POLICY, due, "nbgrader", "gradebook", rubric=rubric)
    assert sheet.row("bob").penalty > 0 and sheet.row("dave").penalty == 0
    assert nbgrader_sync.write_late_penalties(url, sheet) == 2                   # bob's notebook and library

    plugin = RoundedCsvExport(to=str(tmp_path / "export.csv"))
    plugin.log = logging.getLogger("test")
    with Gradebook(url) as gb:
        plugin.export(gb)
    exported: dict[str, float] = {}
    for row in csv.DictReader(open(tmp_path / "export.csv")):
        if row["assignment"] in (A, f"{A}_library"):
            exported[row["student_id"]] = exported.get(row["student_id"], 0.0) + float(row["score"])
    for r in sheet.rows:
        assert exported.get(r.student, 0.0) == pytest.approx(r.total, abs=0.011), r.student
    assert exported["bob"] < library + auto


def test_a_gradescope_export_gives_the_same_sheet(tmp_path, rubric, points):
    library, auto, _ = points
    taught = [p for p in rubric.parts if p.notebook == A]
    export = tmp_path / "assignment_7_export"

    def tests(lost_part=None, notebook_score=auto):
        found = [{"name": p.title, "score": 0.0 if p.id == lost_part else p.points, "max_score": p.points,
                  "tags": [p.id, "hidden"]} for p in rubric.parts]
        found.append({"name": "notebook", "score": notebook_score, "max_score": auto,
                      "tags": ["notebook", A, "public"]})
        found.append({"name": "another notebook", "score": 1.0, "max_score": 1.0,
                      "tags": ["notebook", "00_welcome", "public"]})
        return found

    import yaml

    metadata = {
        "submission_1": {":submitters": [{":name": "Alice Ash", ":sid": "S1", ":email": "a@x.org"}],
                         ":created_at": DUE - HOUR, ":score": 1, ":results": {"score": 1, "tests": tests()}},
        "submission_2": {":submitters": [{":name": "Bob Birch", ":sid": "S2", ":email": ""}],
                         ":created_at": DUE + 26 * HOUR, ":results": {"tests": tests(taught[0].id, 0.0)},
                         ":history": [{":created_at": DUE - HOUR, ":score": 3}]},
        "submission_3": {":submitters": [{":name": "Who Ever", ":sid": "S9", ":email": "w@x"}],
                         ":created_at": DUE, ":results": {"tests": tests()}},
    }
    for folder in metadata:
        (export / folder).mkdir(parents=True)
        (export / folder / "losses.py").write_text("x = 1\n")
    (export / "submission_metadata.yml").write_text(yaml.safe_dump(metadata))
    found, held = gradesheet.from_gradescope(str(export), A, ROSTER, rubric)
    assert [h.name for h in held] == ["submission_3"]
    assert found["alice"].library == library and found["alice"].units[0].auto == auto
    assert found["bob"].library == library - taught[0].points and found["bob"].units[0].auto == 0
    assert any("1 earlier submission" in n for n in found["bob"].notes)
    sheet = gradesheet.assemble(A, found, ROSTER, POLICY, DUE, "Gradescope", "export", rubric=rubric)
    assert sheet.row("alice").total == library + auto
    assert sheet.row("bob").total == pytest.approx(0.8 * (library - taught[0].points))
