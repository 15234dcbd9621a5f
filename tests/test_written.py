"""The written answers that `make submit` exports for a grader (a manually graded Gradescope
assignment): every written question of every notebook, with the student's answer, one per page."""

import json
import re
import shutil

from conftest import ROOT

from autograder.grading.notebooks import load_course
from checks import written


def course_folder(tmp_path, answer=None):
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    shutil.copytree(ROOT / "course_lib", tmp_path / "course_lib")
    if answer:
        path = tmp_path / "notebooks" / "01_regression_losses" / "01_regression_losses.ipynb"
        nb = json.loads(path.read_text())
        cell = next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "q01_mae_jitter")
        cell["source"] = answer
        path.write_text(json.dumps(nb))
    return tmp_path


def test_every_written_question_is_listed_with_the_students_answer(tmp_path):
    root = course_folder(tmp_path, answer="The gradient of MAE has the same size, $1/N$, at every step.")
    items = written.written_answers(root)
    assert [(i["notebook"], i["id"]) for i in items] == [(w.notebook, w.grade_id) for w in load_course().written]
    jitter = next(i for i in items if i["id"] == "q01_mae_jitter")
    assert jitter["answer"].startswith("The gradient of MAE") and "jitters" in jitter["question"]
    assert sum(1 for i in items if not i["answer"]) == len(items) - 1      # "YOUR ANSWER HERE" is no answer


def test_the_pdf_has_a_contents_page_and_a_page_per_question(tmp_path):
    root = course_folder(tmp_path)
    path, items = written.export(root, str(tmp_path / "alice-written"), "alice")
    data = open(path, "rb").read()
    assert path.endswith(".pdf") and data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 1 + len(items)


def test_the_html_fallback_escapes_and_keeps_every_answer(tmp_path):
    root = course_folder(tmp_path, answer="<script>alert(1)</script> and $\\delta$")
    items = written.written_answers(root)
    text = open(written.write_html(items, tmp_path / "w.html", "alice")).read()
    assert "<script>" not in text and "&lt;script&gt;" in text and "(no answer)" in text
    assert text.count("<section>") == len(items)
