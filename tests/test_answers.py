"""The notebooks' "check your understanding" self-checks (checks/answers.py): every auto-graded
question has a practice sibling (the same reasoning on other numbers) whose answer the visible test
cell checks by key, while the graded answer's visible checks are form and range only. So the
visible cell tells a right practice answer from a wrong one, and says nothing about the graded
value: no key printed in the released notebooks accepts a graded answer, enumerating numbers
against every key recovers practice answers only, and a wrong graded answer passes every visible
check. `nbgrader validate` sees the same."""

import ast
import json
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest
from conftest import ROOT, examples_dir

from autograder.authoring import hostile_notebooks
from checks import answers

SOURCES = sorted((ROOT / "solutions" / "notebooks").glob("*/*.ipynb"))
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS\n?", re.S)
SOLUTION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)
EXPECT = re.compile(r'expect\("(\w+)", (\w+), "([^"]+)"\)')


def names_read(code):
    return {n.id for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def questions():
    """(id, solution code, visible test code, hidden test code, practice names, graded names)."""
    found = []
    for path in SOURCES:
        cells = json.loads(path.read_text())["cells"]
        for i, cell in enumerate(cells):
            meta = cell["metadata"].get("nbgrader", {})
            if cell["cell_type"] == "code" and meta.get("grade"):
                answer = cells[i - 1]
                assert answer["metadata"]["nbgrader"]["solution"], "the answer cell comes right before its test"
                solution = SOLUTION.search(answer["source"]).group(1)
                hidden = HIDDEN.search(cell["source"]).group(1)
                visible = HIDDEN.sub("", cell["source"])
                practice = [m.group(1) for m in EXPECT.finditer(visible)]
                graded = sorted(names_read(hidden) & set(answer_names(solution)))
                found.append((f"{path.parent.name}:{meta['grade_id']}", solution, visible, hidden, practice, graded))
    return found


def answer_names(solution):
    return [t.id for node in ast.parse(solution).body if isinstance(node, ast.Assign) for t in node.targets]


QUESTIONS = questions()
IDS = [q[0] for q in QUESTIONS]


def run(code, namespace):
    exec(compile(code, "<cell>", "exec"), namespace)


def model_answers(solution):
    namespace = {"np": np}
    run(solution, namespace)
    return {name: namespace[name] for name in answer_names(solution)}


def passes(test_code, values):
    try:
        run(test_code, {"np": np, **values})
    except AssertionError:
        return False
    return True


def _perturbed(value, how):
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return value + (1 if how == "up" else -1)
    if isinstance(value, float):
        return value * 1.1 + 0.1 if how == "up" else value * 0.9 - 0.1
    array = np.array(value, dtype=float)
    array.flat[0] += 0.5 if how == "up" else -0.5
    return array.tolist() if isinstance(value, list) else array


def _key_of(visible, name):
    return next(m.group(3) for m in EXPECT.finditer(visible) if m.group(1) == name)


def _rounded(value, digits):
    if isinstance(value, (int, np.integer)):
        return value
    if isinstance(value, float):
        return float(f"{value:.{digits}g}")
    return [float(f"{v:.{digits}g}") for v in np.ravel(value)]


def test_every_graded_question_has_a_practice_self_check_and_no_key_on_a_graded_value():
    auto = 0
    for path in SOURCES:
        for cell in json.loads(path.read_text())["cells"]:
            meta = cell["metadata"].get("nbgrader", {})
            if cell["cell_type"] == "code" and meta.get("grade"):
                auto += 1
                assert "expect(" in cell["source"], meta["grade_id"]
    assert auto == len(QUESTIONS) >= 9
    for qid, _, visible, hidden, practice, graded in QUESTIONS:
        assert practice and graded, qid
        assert not set(practice) & names_read(hidden), f"{qid}: a key checks a graded variable"
        assert all(name.startswith("practice_") for name in practice), qid
        assert all(m.group(1) == m.group(2) for m in EXPECT.finditer(visible)), qid


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_the_model_answer_passes_the_visible_and_the_hidden_test(question):
    _, solution, visible, hidden, _, _ = question
    values = model_answers(solution)
    assert passes(visible, values) and passes(hidden, values)


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_a_wrong_practice_answer_fails_the_visible_test(question):
    _, solution, visible, _, practice, _ = question
    values = model_answers(solution)
    for name in practice:
        for how in ("up", "down"):
            assert not passes(visible, {**values, name: _perturbed(values[name], how)}), (name, how)


def _wrong(value):
    """Wrong values of the same form and sign as a graded answer: 10% off, or one epoch earlier."""
    if isinstance(value, (int, np.integer)):
        return [value - 1]
    if isinstance(value, float):
        return [value * 1.1, value * 0.9]
    return [_perturbed(value, "up"), _perturbed(value, "down")]


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_the_visible_test_says_nothing_about_the_graded_value(question):
    """Wrong graded values of the right form pass every visible check (so the visible cell is no
    oracle), and the hidden test tells them from the right one."""
    _, solution, visible, hidden, _, graded = question
    values = model_answers(solution)
    for name in graded:
        for value in _wrong(values[name]):
            trial = {**values, name: value}
            assert passes(visible, trial), (name, value)
            assert not passes(visible + "\n" + hidden, trial), (name, value)


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_practice_answers_differ_from_the_graded_ones(question):
    """A practice answer equal to a graded one of its question would hand it over with its key."""
    _, solution, _, _, practice, graded = question
    values = model_answers(solution)
    for p in practice:
        for g in graded:
            assert np.shape(values[p]) != np.shape(values[g]) or not np.allclose(values[p], values[g]), (p, g)


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_the_practice_answer_rounded_as_the_question_asks_passes(question):
    _, solution, visible, _, practice, _ = question
    values = model_answers(solution)
    for name in practice:
        spec = _key_of(visible, name).split(":")[1]
        if spec == "int":
            continue
        low = int(spec.split("-")[0])
        for digits in range(low, low + 3):
            assert passes(visible, {**values, name: _rounded(values[name], digits)}), (name, digits)


def _graded_values():
    """Every graded answer of the course, as written and rounded to 3..7 digits."""
    found = []
    for _, solution, _, _, _, graded in QUESTIONS:
        values = model_answers(solution)
        for name in graded:
            found.append(values[name])
            if not isinstance(values[name], (int, np.integer)):
                found += [_rounded(values[name], d) for d in range(3, 8)]
    return found


def test_no_key_in_the_released_notebooks_accepts_a_graded_answer():
    keys = [key for pairs in hostile_notebooks.released_keys().values() for _, key in pairs]
    assert len(keys) >= 12
    for key in keys:
        for value in _graded_values():
            assert not answers.matches(value, key), (key, value)


def test_enumerating_numbers_against_the_released_keys_recovers_practice_answers_only():
    """The attack of issue 22 (simple numbers tried against every key students receive), with the
    graded answers among the candidates: what it recovers is the practice answers, never a
    graded one; grading what it recovers earns nothing (``test_notebook_grading``)."""
    graded = {float(v) for v in _graded_values() if np.ndim(v) == 0}
    practice = {float(v) for _, s, _, _, names, _ in QUESTIONS for n, v in model_answers(s).items()
                if n in names and np.ndim(v) == 0}
    recovered = hostile_notebooks.oracle_answers(sorted(graded | practice | {0.0, 1.0, 2.0, 0.5, -1.0}))
    assert recovered, "the enumeration recovers the practice answers"
    for name, got in recovered.items():
        assert all(variable.startswith("practice_") for variable in got), (name, got)
        assert {float(v) for v in got.values()} <= practice, (name, got)


def test_keys_hold_only_hashes():
    for _, _, visible, _, practice, _ in QUESTIONS:
        for name in practice:
            question, spec, hashes = _key_of(visible, name).split(":")
            assert re.fullmatch(r"(int|\d+-\d+)", spec) and re.fullmatch(r"[0-9a-f]{16}(,[0-9a-f]{16})*", hashes)


@pytest.mark.slow
def test_nbgrader_validate_checks_the_practice_and_not_the_graded_answer(tmp_path):
    shutil.copytree(examples_dir() / "submissions" / "reference" / "course_lib", tmp_path / "course_lib")
    shutil.copytree(ROOT / "checks", tmp_path / "checks", ignore=shutil.ignore_patterns("__pycache__"))
    # The source notebook (every other answer filled in) with its hidden tests taken out, as
    # nbgrader generate_assignment takes them out of what students get and validate.
    source = ROOT / "solutions" / "notebooks" / "00_welcome" / "00_welcome.ipynb"
    hidden = re.compile(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\n?", re.S)
    verdicts = {}
    cases = (("right", "practice_mse = 5.0\nanswer_mse = 2.5"),
             ("wrong_practice", "practice_mse = 4.0\nanswer_mse = 2.5"),
             ("wrong_graded", "practice_mse = 5.0\nanswer_mse = 3.0"))
    for label, answer in cases:
        nb = json.loads(source.read_text())
        for cell in nb["cells"]:
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            cell["source"] = hidden.sub("", text)
            if cell["metadata"].get("nbgrader", {}).get("grade_id") == "q00_mse_by_hand":
                cell["source"] = answer
        assert "BEGIN HIDDEN" not in json.dumps(nb)
        folder = tmp_path / label
        folder.mkdir()
        (folder / "00_welcome.ipynb").write_text(json.dumps(nb))
        done = subprocess.run([sys.executable, "-m", "nbgrader", "validate", str(folder / "00_welcome.ipynb")],
                              cwd=folder, capture_output=True, text=True, timeout=600)
        verdicts[label] = done.stdout + done.stderr
    assert "Success!" in verdicts["right"], verdicts["right"][-2000:]
    assert "Success!" not in verdicts["wrong_practice"] and "practice_mse" in verdicts["wrong_practice"]
    assert "Success!" in verdicts["wrong_graded"], verdicts["wrong_graded"][-2000:]     # no oracle
