"""A student's notebook is read once, as untrusted data (autograder/grading/student_notebooks.py):
every kind of spoiled notebook in the hostile corpus is either read (with a note saying what was
ignored) or refused with a reason, never an exception; what is kept is sources and validated
nbgrader ids, within caps; and the grader's clock gives every question its share. Fast: nothing
runs student code here."""

import json

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
