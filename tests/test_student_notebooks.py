"""A student's notebook is read once, as untrusted data (autograder/grading/student_notebooks.py):
every kind of spoiled notebook in the hostile corpus is either read (with a note saying what was
ignored) or refused with a reason, never an exception; what is kept is sources and validated
nbgrader ids, within caps; the grader's clock gives every question its share; and a failure of the
grader's own machinery costs one question (or, for a whole student, is retried, then reported as
not graded), never a verdict. Fast: nothing runs student code here."""

import json

import numpy as np
import pytest

from autograder.authoring import hostile_notebooks as hn
from autograder.grading import notebooks as nbg
from autograder.grading.student_notebooks import MAX_CELL_CHARS, MAX_CELLS, read_notebook

HONEST = hn.honest_notebooks()
FIRST = hn.assignments()[0]
ANSWER_ID = hn.answer_cells()[FIRST][0]


def spoiled(how, name=FIRST):
    return read_notebook(how(json.loads(json.dumps(HONEST[name]))), name)


def test_an_honest_notebook_keeps_its_answers_and_nothing_else():
    nb = read_notebook(json.dumps(HONEST[FIRST]).encode(), FIRST)
    assert nb.readable and nb.notes == []
    answer = nb.answer(ANSWER_ID, "code")
    assert answer is not None and "practice_" in answer.source and answer.solution
    assert all(c.source is None for c in nb.cells if c.kind == "markdown" and not c.solution)
    assert not hasattr(nb.cells[0], "outputs") and not hasattr(nb.cells[0], "metadata")


@pytest.mark.parametrize("how, why", [
    (hn.truncated, "not valid JSON"),
    (hn.nested_too_deep, "nested too deeply"),
    (hn.cells_not_a_list, "no list of cells"),
    (hn.not_utf8, "not valid JSON"),
])
def test_an_unreadable_notebook_is_refused_with_its_reason(how, why):
    nb = spoiled(how)
    assert not nb.readable and why in nb.problem and nb.cells == ()


@pytest.mark.parametrize("how, field", [
    (hn.grade_id_not_a_string, "grade_id is not a string"),
    (hn.flags_not_booleans, "is not true or false"),
    (hn.points_not_a_number, "points is not a number"),
])
def test_malformed_nbgrader_metadata_makes_an_ordinary_cell_and_a_note(how, field):
    nb = spoiled(how)
    assert nb.readable
    assert any(field in n and "read as an ordinary cell" in n for n in nb.metadata_notes()), nb.notes
    if how is not hn.points_not_a_number:        # that one spoils the test cell: the answer is still found
        assert nb.answer(ANSWER_ID) is None


def test_cells_that_are_not_cells_and_sources_that_are_not_text_are_skipped_with_notes():
    nb = spoiled(hn.bad_cells)
    assert nb.readable and len([n for n in nb.notes if "not a notebook cell" in n]) == 3
    assert nb.answer(ANSWER_ID, "code").source is None and any("source is not text" in n for n in nb.notes)


def test_sizes_are_capped():
    nb = spoiled(hn.huge_answer)
    assert nb.answer(ANSWER_ID, "code").source is None and any(f"{MAX_CELL_CHARS:,}" in n for n in nb.notes)
    nb = spoiled(hn.many_cells)
    assert len(nb.cells) == MAX_CELLS and nb.answer(ANSWER_ID) is None
    assert len(nb.notes) <= 12, "notes are capped too"


def test_deep_metadata_is_dropped_and_a_repeated_grade_id_counts_once():
    nb = spoiled(hn.deep_metadata)
    assert nb.readable and nb.notes == [] and nb.answer(ANSWER_ID) is not None
    nb = spoiled(hn.duplicate_answer)
    assert "practice_" in nb.answer(ANSWER_ID, "code").source       # the first copy, the right one
    assert any("repeats the grade_id" in n for n in nb.notes)


def test_a_fake_test_cell_is_noted_and_changes_nothing_the_grader_reads():
    nb = spoiled(hn.fake_test_cell)
    assert any("repeats the grade_id" in n for n in nb.notes)
    assert nb.answer(ANSWER_ID, "code") is not None


def test_every_hostile_notebook_is_read_without_an_exception():
    for attack in hn.attacks():
        if attack.spoil is not None:
            name, how = attack.spoil
            nb = spoiled(how, name)
            assert nb.readable or nb.problem


def test_the_clock_gives_every_question_its_share(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(nbg.time, "monotonic", lambda: now[0])
    clock = nbg.Clock(90.0, 9)
    assert clock.question_deadline() == pytest.approx(110.0)
    now[0] = 110.0        # the first question hung for its whole share
    clock.done()
    assert clock.question_deadline() == pytest.approx(120.0)    # the next still has 80 / 8 = 10 s
    now[0] = 110.5        # it took half a second: the time left is shared by the rest
    clock.done()
    assert clock.question_deadline() == pytest.approx(110.5 + 79.5 / 7)


class FakeRunner:
    """A stand-in for the sandboxed ``CellRunner``: runs the course's own model answers here
    (trusted code) and fails, as the grader's machinery can, where it is told to."""

    limits = nbg.Limits()

    def __init__(self, fail_always=(), fail_once=()):
        self.fail_always, self.fail_once, self.restarts = set(fail_always), set(fail_once), 0

    def run(self, source, names, prelude, deadline, fresh=True, cap=None):
        from autograder.grading.sandbox import SandboxUnavailable

        for marker in self.fail_always | self.fail_once:
            if marker in source:
                self.fail_once.discard(marker)
                raise SandboxUnavailable("the plain sandbox did not start: it took too long")
        ns = {"np": np}
        exec(source, ns)
        return {n: ns[n] for n in names if n in ns}, None

    def restart(self):
        self.restarts += 1

    def layers(self):
        return "fake"

    def cpu_seconds(self):
        return 0.0

    def close(self):
        pass


def honest_work(name="s"):
    notebooks = {a: read_notebook(json.dumps(nb).encode(), a) for a, nb in HONEST.items()}
    return nbg.StudentWork(name, name, notebooks, {})


def test_a_failure_of_the_graders_own_costs_one_question_and_is_retried_once(tmp_path, monkeypatch):
    runner = FakeRunner(fail_always={"practice_kl"}, fail_once={"practice_stop_epoch"})
    monkeypatch.setattr(nbg, "CellRunner", lambda *args: runner)
    course = nbg.load_course()
    result = nbg.grade_work(honest_work(), course, str(tmp_path), nbg.Limits(), "plain", 1)
    got = {q.assignment: q for q in result.questions}
    assert [q.assignment for q in result.not_graded] == ["03_kl_divergence"]
    assert "not graded" in got["03_kl_divergence"].message and "did not start" not in got["03_kl_divergence"].message
    assert any("03_kl_divergence" in n and "did not start" in n for n in result.notes)     # for the instructor
    assert got["05_early_stopping"].passed and runner.restarts == 3      # two tries for 03, one retry for 05
    assert result.score == course.points - 1 and not result.problem


def test_a_student_the_grader_fails_on_is_tried_again_then_reported_not_graded(monkeypatch):
    course = nbg.load_course()
    calls = {"ok": 0, "bad": 0, "flaky": 0}

    def grade_work(work, *args):
        calls[work.student] += 1
        if work.student == "bad" or (work.student == "flaky" and calls["flaky"] == 1):
            raise OSError("no staging folder")
        return nbg.NotebookResult(work.student, work.name, [nbg._result(q, passed=True) for q in course.questions])

    monkeypatch.setattr(nbg, "grade_work", grade_work)
    results = {r.student: r for r in nbg.grade_all([honest_work(n) for n in calls], course, jobs=2)}
    assert calls == {"ok": 1, "bad": 2, "flaky": 2}
    assert results["ok"].score == results["flaky"].score == course.points
    bad = results["bad"]
    assert len(bad.not_graded) == len(course.questions) and "graded again on the next run" in bad.problem
    from autograder.integrations.nbgrader_notebooks import grades_csv

    rows = grades_csv(list(results.values()), course)
    assert "not graded" in next(line for line in rows.splitlines() if line.startswith("bad,"))
