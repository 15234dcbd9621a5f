"""What the grader writes for people, from made-up results (fast: nothing is graded): the feedback
page, grades.csv's notes, checks.csv, canvas.csv, the class report at 300 students, and nbgrader's
gradebook and export."""

import csv
import datetime
import html
import io
import re

import pytest

from autograder.grading import outputs, report, scoring
from autograder.grading.outputs import BatchInfo, StudentInfo
from autograder.grading.results import EngineReport, Verdict

HOSTILE = "=HYPERLINK(\"http://evil\")<script>alert(1)</script><img src=x onerror=alert(2)>"


def result(rubric, student, failing=None, name=None, unwritten=(), seconds=1.0, problem=""):
    """A scored result: every check passes except ``failing`` ({check id: (fraction, message)}),
    and the parts in ``unwritten`` fail with the stub's message."""
    failing = dict(failing or {})
    for part in unwritten:
        for c in rubric.part(part).checks:
            failing[c.id] = (0.0, f"{part} is not written yet (it raises NotImplementedError)")
    verdicts = {cid: Verdict(cid, cid not in failing, failing.get(cid, (1.0, ""))[0], failing.get(cid, (1.0, ""))[1],
                             f"title of {cid}") for cid in rubric.checks}
    rep = EngineReport(student, verdicts, "bubblewrap; uid 61000 of its own", seconds=seconds, calls=10)
    if problem:
        return scoring.score(rubric, student, name or student, problem=problem)
    return scoring.score(rubric, student, name or student, rep)


# ---- the feedback page ------------------------------------------------------------------------------

def test_feedback_says_what_to_fix_first_and_what_is_not_written(rubric):
    r = result(rubric, "alice", {
        "mae.values": (0.5, "3 of 6 cases failed:\n  - 1-D arrays: mae is not right: it is N times too large"),
        "huber.values": (0.0, "huber raised ValueError at course_lib/losses.py, line 148 (messages of your code "
                              "are not shown for hidden checks)")},
        unwritten=("dropout", "batchnorm"))
    page = outputs.feedback_html(r, rubric)
    top = page.split("<section", 1)[0]
    fix = top.split("What to fix first", 1)[1].split("Not written yet", 1)[0]
    assert fix.index("Huber loss") < fix.index("Mean absolute error")     # what crashes first
    assert "Huber loss</b></a> <span class=fail>&minus;3&nbsp;points" in fix            # 3 points, none earned
    assert "Mean absolute error</b></a> <span class=fail>&minus;1&nbsp;points" in fix   # half of 2 points
    todo = top.split("Not written yet", 1)[1]
    unwritten = sum(p.points for p in rubric.parts if p.id in ("dropout", "batchnorm"))
    assert f"({outputs.pts(unwritten)} points)" in top and "Dropout" in todo and "Batch normalization" in todo
    assert "<code class=where>course_lib/losses.py, line 148</code>" in page and "<b>ValueError</b>" in page
    assert "<b>1-D arrays</b>" in page
    assert re.search(r"\.pts,\.badge\{white-space:nowrap", page)     # a score never wraps into '1 / 1'
    assert "grid-template-columns:1.4rem minmax(0,1fr) max-content" in page


def test_feedback_escapes_whatever_the_student_controls(rubric):
    r = result(rubric, "alice", {"mse.public_value": (0.0, f"mse raised ValueError at course_lib/losses.py, line 3: "
                                                           f"{HOSTILE}")})
    r.problem = ""
    page = outputs.feedback_html(r, rubric)
    assert "<script>alert" not in page and "<img src=x" not in page and "&lt;script&gt;" in page
    bad = result(rubric, "mallory", problem=f"the name {HOSTILE!r} is not usable")
    page = outputs.feedback_html(bad, rubric)
    assert "<script>alert" not in page and "could not be graded" in page


def _fix_box(page):
    return page.split("What to fix first", 1)[1].split("</ol>", 1)[0]


def test_one_cause_that_fails_many_parts_is_one_line_with_the_count(rubric):
    """A module that cannot be imported fails every part it holds with one message: the summary
    says so once, with the points it costs and the parts it fails, not once per part."""
    broken = ("course_lib.losses could not be imported: ModuleNotFoundError: No module named 'torch' at "
              "course_lib/losses.py, line 1")
    losses = [p for p in rubric.parts if all(t.startswith("losses.") for t in p.targets)]
    failing = {c.id: (0.0, broken) for p in losses for c in p.checks}
    failing["l1.values"] = (0.5, "l1 of a list of arrays is not right: it is twice too large")
    page = outputs.feedback_html(result(rubric, "alice", failing), rubric)
    fix = _fix_box(page)
    assert fix.count("<li>") == 2 and fix.count("No module named") == 1
    lost = sum(p.points for p in losses)
    assert f"One cause, {len(losses)} parts</b> <span class=fail>&minus;{outputs.pts(lost)}&nbsp;points" in fix
    assert all(f"href='#part-{p.id}'" in fix for p in losses) and "crashes" in fix
    assert fix.index("No module named") < fix.index("L1 penalty")      # what crashes comes first


def test_one_line_raising_for_several_functions_is_one_cause_and_other_lines_are_not(rubric):
    def raised(function, line):
        return (0.0, f"{function} raised NameError at course_lib/losses.py, line {line} (messages of your code "
                     "are not shown for hidden checks)")

    failing = {"mse.values": raised("mse", 12), "mae.values": raised("mae", 12), "huber.values": raised("huber", 99)}
    fix = _fix_box(outputs.feedback_html(result(rubric, "alice", failing), rubric))
    assert "One cause, 2 parts" in fix and fix.count("<li>") == 2
    one = fix.split("<li>")[1]
    assert "Mean squared error" in one and "Mean absolute error" in one and "Huber loss" not in one
    assert "line 99" in fix.split("<li>")[2]


def test_what_to_fix_first_says_the_whole_reason_with_its_case(rubric):
    hint = "min_delta is used as a fraction of best_loss; it is an absolute amount: val_loss < best_loss - min_delta"
    reason = ("best_loss after ten epochs is not the last loss that improved, with patience 3 and min_delta 0.5, "
              "although every earlier case passed and the stopping epochs were right: " + hint)
    failing = {"early_stopping.best": (0.8, f"1 of 5 cases failed:\n  - a level of 40, min_delta = 0.5: {reason}")}
    fix = _fix_box(outputs.feedback_html(result(rubric, "alice", failing), rubric))
    assert len(reason) > 200 and html.escape(hint) in fix and "..." not in fix
    assert "<b>a level of 40, min_delta = 0.5</b>: best_loss after" in fix
    case, cut = outputs._first_reason("x: " + "word " * 200)
    assert case == "" and cut.endswith(" \N{HORIZONTAL ELLIPSIS}") and "wor \N{HORIZONTAL ELLIPSIS}" not in cut


def test_cases_failing_for_the_same_reason_share_one_item(rubric):
    message = ("4 of 6 cases failed:\n  - 1-D arrays: boom\n  - a 2-D batch: boom\n  - float32 inputs: other"
               "\n  - lists of ints and a single element: boom")
    shown = outputs.message_html(message)
    assert shown.count("<li>") == 2 and shown.count("boom") == 1
    assert "<b>1-D arrays; a 2-D batch; lists of ints and a single element</b>: boom" in shown


def test_the_percentage_reads_100_only_for_full_marks(rubric):
    mse = rubric.part("mse")
    r = result(rubric, "alice", {"mse.values": (0.9, "x")})
    page = outputs.feedback_html(r, rubric, [mse])
    assert "(100%" not in page and f"{outputs._percent(r.parts['mse'].score, mse.points)}%" in page
    assert outputs._percent(155.6, 156) == 99 and outputs._percent(156, 156) == 100 and outputs._percent(0, 0) == 0


def test_feedback_for_one_assignment_shows_only_its_parts(rubric):
    parts = [p for p in rubric.parts if p.notebook == "04_overfitting_and_penalties"]
    page = outputs.feedback_html(result(rubric, "alice"), rubric, parts, "alice: course_lib, 04")
    assert "L1 penalty" in page and "Mean squared error" not in page
    assert f"{sum(p.points for p in parts):g} of {sum(p.points for p in parts):g} points" in page


# ---- the class's files ----------------------------------------------------------------------------

def test_grades_checks_and_canvas_csvs(rubric):
    late = datetime.timedelta(hours=2)
    results = [result(rubric, "alice", {"mse.values": (0.5, "x")}), result(rubric, "bob"),
               result(rubric, "eve", name="=cmd|' /C calc'!A0")]
    batch = BatchInfo(assignment="00_welcome", students={
        "bob": StudentInfo(submitted_at=datetime.datetime(2025, 10, 2, 1, 59, tzinfo=datetime.UTC),
                           time_source="timestamp.txt", late=late, missing_notebooks=["00_welcome.ipynb"]),
        "alice": StudentInfo(lms="Canvas", lms_user_id="123456", first_name="Alice", last_name="Ash"),
        "eve": StudentInfo(first_name="=1+1", last_name="@SUM(A1)")})
    grades = {r["student"]: r for r in csv.DictReader(io.StringIO(outputs.grades_csv(results, rubric, batch)))}
    assert "late by 2 h 0 min" in grades["bob"]["problem"] and "missing notebook(s)" in grades["bob"]["problem"]
    assert grades["eve"]["name"].startswith("'=")
    rows = list(csv.reader(io.StringIO(outputs.checks_csv(results, rubric))))
    assert rows[0][0] == "student" and rows[0][1:-2] == list(rubric.checks) and rows[0][-2:] == ["total", "status"]
    assert rows[2][0] == "alice" and rows[2][1 + list(rubric.checks).index("mse.values")] == "1"
    canvas = list(csv.reader(io.StringIO(outputs.canvas_csv(results, rubric, batch))))
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "00_welcome library"]
    welcome = sum(p.points for p in rubric.parts if p.notebook == "00_welcome")      # mse, gradcheck
    half = rubric.checks["mse.values"].points / 2
    assert canvas[1] == ["Points Possible", "", "", "", "", outputs.pts(welcome)]
    assert canvas[2] == ["Ash, Alice", "123456", "", "alice", "", outputs.pts(welcome - half)]
    assert canvas[4][0] == "'@SUM(A1), =1+1"           # a formula in a roster name stays text


# ---- the class report ------------------------------------------------------------------------------

def test_diagnosed_mistakes_are_grouped_across_cases_and_numbers():
    message = ("3 of 6 cases failed:\n  - 1-D arrays: l2 of [1, 2] is not right: it is twice too large (a missing 0.5?)"
               "\n  - a batch: l2 of a batch is not right: it is twice too large (a missing 0.5?)"
               "\n  - float32: l2 raised ValueError at course_lib/penalties.py, line 9: boom")
    found = report.diagnoses(message)
    assert len(found) == 2 and found[0][0] == found[1][0]
    assert report.diagnoses("mse is not right (3 of 4 elements differ)") == []
    assert report.diagnoses("mse is not written yet (it raises NotImplementedError)") == []


@pytest.fixture(scope="module")
def class_of_300(rubric):
    results = []
    for i in range(300):
        failing = {}
        if i % 3 == 0:
            failing["mse.values"] = (0.0, "mse of a 2-D batch is not right: it is N times too large: a sum where a "
                                          f"mean belongs, or a missing division by N (case {i % 7})")
        if i % 10 == 0:
            failing["huber.grad"] = (0.0, "huber_grad did not return within the time limit (10 s); is there an "
                                          "endless loop?")
        unwritten = ("batchnorm",) if i % 4 == 0 else ()
        results.append(result(rubric, f"s{i:03d}", failing, unwritten=unwritten, seconds=1 + i % 17))
    results.append(result(rubric, "hacker", problem="the submission cannot be graded: it is not a readable zip file"))
    results.append(result(rubric, "Zoe_O_Brien", name=f"Zoë O'Brien {HOSTILE}"))
    results[-1].flags.append(f"the name {HOSTILE!r} is not usable as a student id; graded as 'Zoe_O_Brien'")
    batch = BatchInfo(assignment=None, due=datetime.datetime(2025, 10, 1, 23, 59, tzinfo=datetime.UTC),
                      students={"s001": StudentInfo(late=datetime.timedelta(minutes=5))},
                      missing_students=["frank"], grader_hash="abc123def4567890")
    return results, report.class_report(results, rubric, None, batch=batch)


def test_the_class_report_summarizes_300_students(class_of_300, rubric):
    results, page = class_of_300
    assert "<b>302</b>" in page and "median" in page and "quartiles" in page
    assert "abc123def456" in page and "2025-10-01 23:59 UTC" in page
    parts = page.split("<h2>Parts</h2>", 1)[1].split("</table>", 1)[0]
    row = parts.split("Batch normalization", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r"<td class=n>(\d+)%</td>", row) == ["75", "0", "0", "25"]     # not attempted != wrong
    mistakes = page.split("Most common mistakes", 1)[1].split("Flagged submissions", 1)[0]
    assert "a sum where a mean belongs" in mistakes and ">100 <" in mistakes and "other case" in mistakes
    assert "did not return" not in mistakes and "not written yet" not in mistakes
    flagged = page.split("Flagged submissions", 1)[1].split("Slowest submissions", 1)[0]
    for heading in ("Unusable submissions (1)", "Unusable names (1)", "Timeouts (30)", "Late (1)", "Missing (1)"):
        assert heading in flagged, heading
    slow = page.split("Slowest submissions", 1)[1].split("</table>", 1)[0]
    assert slow.count("<tr>") == 11 and "17.0 s" in slow


def test_the_class_report_is_safe_and_its_table_sorts(class_of_300):
    _, page = class_of_300
    assert "<script>alert" not in page and "<img src=x" not in page and "&lt;script&gt;" in page
    assert page.count("<script>") == 1                       # the grader's own sorting script, nothing else
    assert "href='./Zoe_O_Brien/feedback.html'" in page and "javascript:" not in page
    table = page.split("id=students", 1)[1]
    assert table.count("<tr>") == 303 and "class=sortable" in page.split("id=students", 1)[0][-60:] + table[:40]
    assert "overflow-x:auto" in page and "position:sticky" in page and "writing-mode:vertical-rl" in page


# ---- nbgrader's gradebook and export ---------------------------------------------------------------

@pytest.mark.slow          # nbgrader's gradebook: its alembic migrations take seconds
def test_library_scores_go_to_the_assignment_that_teaches_them(tmp_path, rubric):
    from autograder.grading.results import NOT_GRADED
    from autograder.integrations import nbgrader_sync

    url = f"sqlite:///{tmp_path}/gradebook.db"
    due = datetime.datetime(2025, 10, 1, 23, 59, tzinfo=datetime.UTC)
    nbgrader_sync.record_assignments(url, ["04_overfitting_and_penalties", "08_capstone"],
                                     {"04_overfitting_and_penalties": due})
    third = {"l1.values": (2 / 3, "x"), "l2.values": (1 / 3, "y")}
    results = [result(rubric, "alice", third), result(rubric, "bob"), result(rubric, "carl")]
    results[2].status = NOT_GRADED
    times = {"alice": due - datetime.timedelta(hours=1), "bob": due + datetime.timedelta(seconds=90)}
    name = nbgrader_sync.export_to_nbgrader(results, rubric, url, "04_overfitting_and_penalties", times)
    assert name == "04_overfitting_and_penalties_library"
    assert nbgrader_sync.export_to_nbgrader(results, rubric, url, "08_capstone", times) is None
    nbgrader_sync._alembic_on_path()
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(url) as gb:
        lib = gb.find_assignment(name)
        assert lib.duedate == due.replace(tzinfo=None)
        assert {c.name for c in gb.find_notebook("course_lib", name).grade_cells} == {"l1", "l2", "elastic_net"}
        assert lib.max_score == sum(p.points for p in rubric.parts if p.notebook == "04_overfitting_and_penalties")
        bob = gb.find_submission(name, "bob")
        assert bob.total_seconds_late == 90 and gb.find_submission(name, "alice").total_seconds_late == 0
        with pytest.raises(MissingEntry):
            gb.find_submission(name, "carl")           # the grader failed on carl: nothing recorded
        gb.find_grade("l1", "course_lib", name, "alice").manual_score = 8.0     # an instructor's override
        gb.db.commit()
    nbgrader_sync.export_to_nbgrader(results, rubric, url, "04_overfitting_and_penalties", times)
    with Gradebook(url) as gb:
        grade = gb.find_grade("l1", "course_lib", name, "alice")
        assert grade.manual_score == 8.0 and grade.score == 8.0 and grade.needs_manual_grade


@pytest.mark.slow          # nbgrader's gradebook: its alembic migrations take seconds
def test_nbgrader_export_writes_clean_points(tmp_path, rubric):
    import logging

    from autograder.integrations import nbgrader_sync
    from autograder.integrations.nbgrader_plugins import RoundedCsvExport

    url = f"sqlite:///{tmp_path}/gradebook.db"
    results = [result(rubric, "alice", {f"{p}.values": (2 / 3, "x") for p in ("mse", "mae", "huber", "l1")})]
    nbgrader_sync.export_to_nbgrader(results, rubric, url)
    from nbgrader.api import Gradebook

    plugin = RoundedCsvExport(to=str(tmp_path / "export.csv"))
    plugin.log = logging.getLogger("test")
    with Gradebook(url) as gb:
        raw = gb.find_submission("course_lib", "alice").score
        plugin.export(gb)
    row = next(csv.DictReader(open(tmp_path / "export.csv")))
    assert row["assignment"] == "course_lib" and row["score"] == outputs.pts(raw) == outputs.pts(results[0].score)
    assert len(row["score"].partition(".")[2]) <= 2 and row["max_score"] == f"{rubric.total:g}"


@pytest.mark.slow          # nbgrader's gradebook: its alembic migrations take seconds
def test_collect_makes_sure_nbgrader_knows_every_student(tmp_path):
    from autograder.integrations import nbgrader_sync

    url = f"sqlite:///{tmp_path}/gradebook.db"
    assert nbgrader_sync.record_students(url, {"alice": "", "smitherin": "123456"}) == ["alice", "smitherin"]
    assert nbgrader_sync.record_students(url, {"alice": "42", "smitherin": "999"}) == []
    roster = nbgrader_sync.roster(url)
    assert roster["alice"]["lms_user_id"] == "42" and roster["smitherin"]["lms_user_id"] == "123456"


# ---- file modes -----------------------------------------------------------------------------------

def test_outputs_get_the_mode_of_any_new_file_not_the_temporary_files_0600(tmp_path):
    import os
    import stat

    path = tmp_path / "report.html"
    path.write_text("old")
    path.chmod(0o600)                               # what an earlier run left
    old = os.umask(0o022)
    try:
        outputs.atomic_write(str(path), "new")
        assert stat.S_IMODE(path.stat().st_mode) == 0o644 and path.read_text() == "new"
        os.umask(0o027)                             # an instructor who keeps others out
        outputs.atomic_write(str(tmp_path / "grades.csv"), "x")
        assert stat.S_IMODE((tmp_path / "grades.csv").stat().st_mode) == 0o640
        assert outputs.umask() == 0o027
    finally:
        os.umask(old)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grades.csv", "report.html"]     # no temporary left
