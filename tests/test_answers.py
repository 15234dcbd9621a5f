"""The notebooks' "check your understanding" self-checks (checks/answers.py) tell a right answer from a
wrong one without containing it: the visible test cell passes for the model answer and for the same
answer sensibly rounded, fails for wrong ones, never accepts a value that the hidden (grading) test
rejects, and `nbgrader validate` reports the difference."""

import ast
import json
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest
from conftest import ROOT, examples_dir

from checks import answers

SOURCES = sorted((ROOT / "solutions" / "notebooks").glob("*/*.ipynb"))
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS\n?", re.S)
SOLUTION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)


def questions():
    """(notebook, solution code, visible test code, hidden test code) for each self-checked answer."""
    found = []
    for path in SOURCES:
        cells = json.loads(path.read_text())["cells"]
        for i, cell in enumerate(cells):
            meta = cell["metadata"].get("nbgrader", {})
            if cell["cell_type"] == "code" and meta.get("grade") and "expect(" in cell["source"]:
                answer = cells[i - 1]
                assert answer["metadata"]["nbgrader"]["solution"], "the answer cell comes right before its test"
                solution = SOLUTION.search(answer["source"]).group(1)
                hidden = HIDDEN.search(cell["source"]).group(1)
                visible = HIDDEN.sub("", cell["source"])
                found.append((f"{path.parent.name}:{meta['grade_id']}", solution, visible, hidden))
    return found


QUESTIONS = questions()
IDS = [q[0] for q in QUESTIONS]


def answer_names(solution):
    return [t.id for node in ast.parse(solution).body if isinstance(node, ast.Assign) for t in node.targets]


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


def test_every_numeric_check_your_understanding_has_a_self_check():
    auto = 0
    for path in SOURCES:
        for cell in json.loads(path.read_text())["cells"]:
            meta = cell["metadata"].get("nbgrader", {})
            if cell["cell_type"] == "code" and meta.get("grade"):
                auto += 1
                assert "expect(" in cell["source"], meta["grade_id"]
    assert auto == len(QUESTIONS) >= 9


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_the_model_answer_passes_the_visible_and_the_hidden_test(question):
    _, solution, visible, hidden = question
    values = model_answers(solution)
    assert passes(visible, values) and passes(hidden, values)


def _perturbed(value, how):
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return value + (1 if how == "up" else -1)
    if isinstance(value, float):
        return value * 1.1 + 0.1 if how == "up" else value * 0.9 - 0.1
    array = np.array(value, dtype=float)
    array.flat[0] += 0.5 if how == "up" else -0.5
    return array.tolist() if isinstance(value, list) else array


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_a_wrong_answer_fails_the_visible_test(question):
    _, solution, visible, _ = question
    values = model_answers(solution)
    for name in values:
        for how in ("up", "down"):
            assert not passes(visible, {**values, name: _perturbed(values[name], how)}), (name, how)


def _key_of(visible, name):
    return re.search(rf'expect\("{name}", {name}, "([^"]+)"\)', visible).group(1)


def _rounded(value, digits):
    if isinstance(value, (int, np.integer)):
        return value
    if isinstance(value, float):
        return float(f"{value:.{digits}g}")
    return [float(f"{v:.{digits}g}") for v in np.ravel(value)]


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_the_answer_rounded_as_the_question_asks_passes(question):
    _, solution, visible, _ = question
    values = model_answers(solution)
    for name, value in values.items():
        spec = _key_of(visible, name).split(":")[1]
        if spec == "int":
            continue
        low = int(spec.split("-")[0])
        for digits in range(low, low + 3):
            assert passes(visible, {**values, name: _rounded(value, digits)}), (name, digits)


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_the_self_check_never_accepts_what_the_grader_rejects(question):
    """Values near the answer: whatever the visible test accepts, the hidden test accepts too."""
    _, solution, visible, hidden = question
    values = model_answers(solution)
    offsets = np.concatenate([-np.logspace(-13, -1, 25), np.logspace(-13, -1, 25)])
    accepted = 0
    for name, value in values.items():
        key = _key_of(visible, name)
        for d in offsets:
            if isinstance(value, (int, np.integer)):
                candidate = value + (1 if d > 0 else -1) * (abs(d) > 1e-3)
            else:
                array = np.array(value, dtype=float)
                candidate = array * (1 + d) + d
                candidate = float(candidate) if isinstance(value, float) else candidate
            if answers.matches(candidate, key):
                accepted += 1
                assert passes(hidden, {**values, name: candidate}), (name, candidate)
    assert accepted > 0


def test_keys_hold_only_hashes():
    for _, solution, visible, _ in QUESTIONS:
        for name in model_answers(solution):
            question, spec, hashes = _key_of(visible, name).split(":")
            assert re.fullmatch(r"(int|\d+-\d+)", spec) and re.fullmatch(r"[0-9a-f]{16}(,[0-9a-f]{16})*", hashes)


@pytest.mark.slow
def test_nbgrader_validate_tells_a_wrong_number_from_a_right_one(tmp_path):
    shutil.copytree(examples_dir() / "submissions" / "reference" / "course_lib", tmp_path / "course_lib")
    shutil.copytree(ROOT / "checks", tmp_path / "checks", ignore=shutil.ignore_patterns("__pycache__"))
    source = ROOT / "solutions" / "notebooks" / "00_welcome" / "00_welcome.ipynb"
    verdicts = {}
    for label, answer in (("right", "answer_mse = 2.5"), ("wrong", "answer_mse = 3.0")):
        nb = json.loads(source.read_text())
        for cell in nb["cells"]:
            if cell["metadata"].get("nbgrader", {}).get("grade_id") == "q00_mse_by_hand":
                cell["source"] = answer
        folder = tmp_path / label
        folder.mkdir()
        (folder / "00_welcome.ipynb").write_text(json.dumps(nb))
        done = subprocess.run([sys.executable, "-m", "nbgrader", "validate", str(folder / "00_welcome.ipynb")],
                              cwd=folder, capture_output=True, text=True, timeout=600)
        verdicts[label] = done.stdout + done.stderr
    assert "Success!" in verdicts["right"], verdicts["right"][-2000:]
    assert "Success!" not in verdicts["wrong"] and "answer_mse" in verdicts["wrong"], verdicts["wrong"][-2000:]
