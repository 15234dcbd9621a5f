"""The written answers that `make submit` exports for a grader (a manually graded Gradescope
assignment): a fixed layout, the template's pages for every student whatever they wrote, each
answer inside its box on its own page."""

import json
import re
import shutil
import subprocess

import pytest
from conftest import ROOT

from autograder.grading.notebooks import load_course
from checks import written

BLANK = "YOUR ANSWER HERE"
LONG_ANSWER = "The gradient of MAE keeps its size near the minimum, so fixed steps overshoot. " * 40


def course_folder(tmp_path, answers=None, edit=None):
    """A student's course folder; ``answers`` {grade_id: text} are written into their cells, and
    ``edit(cells)`` may change a notebook's cells further (every notebook's)."""
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    shutil.copytree(ROOT / "course_lib", tmp_path / "course_lib")
    for path in (tmp_path / "notebooks").glob("*/*.ipynb"):
        nb = json.loads(path.read_text())
        for cell in nb["cells"]:
            grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
            if answers and grade_id in answers:
                cell["source"] = answers[grade_id]
        if edit:
            nb["cells"] = edit(nb["cells"])
        path.write_text(json.dumps(nb))
    return tmp_path


def pdf_pages(path):
    return len(re.findall(rb"/Type\s*/Page\b", open(path, "rb").read()))


def test_every_written_question_is_listed_with_the_students_answer(tmp_path):
    root = course_folder(tmp_path, {"q01_mae_jitter": "The gradient of MAE has the same size, $1/N$, at every step."})
    items = written.written_answers(root)
    assert [(i["notebook"], i["id"]) for i in items] == [(w.notebook, w.grade_id) for w in load_course().written]
    jitter = next(i for i in items if i["id"] == "q01_mae_jitter")
    assert jitter["answer"].startswith("The gradient of MAE") and "jitters" in jitter["question"]
    assert sum(1 for i in items if not i["answer"]) == len(items) - 1      # "YOUR ANSWER HERE" is no answer


def test_the_shipped_questions_are_the_courses():
    """checks/written_questions.json (what every PDF has a page for) lists the source notebooks'
    written questions in order, with their points (release keeps its text up to date)."""
    shipped = json.loads(written.LAYOUT.read_text())
    assert [(q["notebook"], q["id"], q["points"]) for q in shipped] == \
        [(w.notebook, w.grade_id, w.points) for w in load_course().written]
    assert written.course_questions() == shipped and all(q["question"] for q in shipped)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    from autograder.integrations.gradescope import write_template

    path, pages = write_template(tmp_path_factory.mktemp("template") / "template.pdf")
    assert pages == written.page_count(written.course_questions()) == 1 + len(load_course().written)
    return path, pages


def _drop_one_answer_cell(cells):
    return [c for c in cells if c["metadata"].get("nbgrader", {}).get("grade_id") != "q04_biases"]


def _add_an_unknown_answer_and_rewrite_a_question(cells):
    extra = {"cell_type": "markdown", "metadata": {"nbgrader": {"grade": True, "solution": True,
                                                                "grade_id": "my_own", "points": 1}},
             "source": "an answer of my own"}
    for cell in cells:
        if cell["cell_type"] == "markdown" and "Q1." in "".join(cell["source"]):
            cell["source"] = "A question I rewrote at length. " * 80
    return cells + [extra]


@pytest.mark.parametrize("kind", ["unanswered", "long answers", "a deleted answer cell",
                                  "an unknown answer and a rewritten question"])
def test_every_pdf_has_the_templates_pages_whatever_the_student_did(tmp_path, template, kind):
    ids = [w.grade_id for w in load_course().written]
    answers = {"long answers": {i: LONG_ANSWER * (k % 3 + 1) for k, i in enumerate(ids)}}.get(kind)
    edit = {"a deleted answer cell": _drop_one_answer_cell,
            "an unknown answer and a rewritten question": _add_an_unknown_answer_and_rewrite_a_question}.get(kind)
    root = course_folder(tmp_path, answers, edit)
    path, items, notes = written.export(root, str(tmp_path / "alice-written"), "alice")
    assert path.endswith(".pdf") and pdf_pages(path) == pdf_pages(template[0]) == template[1]
    assert [i["id"] for i in items] == ids
    said = " ".join(text for _, text in notes)
    if kind == "a deleted answer cell":
        assert "q04_biases is not in your notebook" in said
    if kind == "an unknown answer and a rewritten question":
        assert "'my_own' is not one of the course's questions" in said


def test_a_long_answer_is_set_smaller_then_cut_and_the_student_is_told(tmp_path):
    root = course_folder(tmp_path, {"q01_mae_jitter": LONG_ANSWER * 2, "q01_choose_loss": LONG_ANSWER * 30})
    _, items, notes = written.export(root, str(tmp_path / "alice-written"), "alice")
    got = {i["id"]: i for i in items}
    assert written.SIZES[-1] < got["q01_mae_jitter"]["size"] < written.SIZES[0] and not got["q01_mae_jitter"]["cut"]
    assert got["q01_choose_loss"]["size"] == written.SIZES[-1] and got["q01_choose_loss"]["cut"] > 1000
    assert got["q00_scaling"]["size"] == written.SIZES[0]
    levels = {text.split(":")[1].strip(): level for level, text in notes}
    assert levels == {"your answer to q01_mae_jitter is long": "note",
                      "your answer to q01_choose_loss is too long for its page": "WARNING"}


def test_the_text_stays_in_its_box_and_what_the_font_lacks_is_named(tmp_path):
    measure = written._Measure()
    width = 200.0
    for size in written.SIZES:
        for line in written.wrap(LONG_ANSWER + " x" * 3 + " " + "unbreakable" * 30, width, size, measure):
            assert measure(line, size) <= width
    size, lines, cut = written.fit(LONG_ANSWER * 20, width, 300, measure)
    assert size == written.SIZES[-1] and cut and "did not fit" in " ".join(lines[-2:])
    assert len(lines) * size * written.LEADING <= 300
    root = course_folder(tmp_path, {"q00_scaling": "tab\there \x1b[31mred\u202e and 🙂 漢"})
    _, items, notes = written.export(root, str(tmp_path / "w"), "alice")
    assert any(level == "WARNING" and "🙂" in text and "漢" in text for level, text in notes)
    cleaned = written.clean("a\x1b[31m\u202eb\tc\u200bd")
    assert cleaned.startswith("a[31mb ") and cleaned.endswith(" cd") and "\t" not in cleaned


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler's pdftotext")
def test_answers_sit_inside_the_answer_box_as_poppler_reads_the_pdf(tmp_path):
    """Read as a user's tools read it (poppler's word boxes): every word of an answer is inside
    the answer box of its page, at every type size, cut answers included."""
    ids = [w.grade_id for w in load_course().written]
    lengths = [int(len(LONG_ANSWER) * (1 + 0.2 * k)) for k in range(12)]
    root = course_folder(tmp_path, {i: (LONG_ANSWER * 3)[:n] + " " + "x" * 300 for i, n in zip(ids, lengths)})
    path, items, _ = written.export(root, str(tmp_path / "w"), "alice")
    assert len({i["size"] for i in items[:12]}) >= 5
    html = subprocess.run(["pdftotext", "-bbox", path, "-"], capture_output=True, text=True, check=True).stdout
    x, y, w, h = (v * 72 for v in written.ANSWER_BOX)
    page_h = written.PAGE[1] * 72
    top, bottom = page_h - (y + h), page_h - y          # poppler's y grows downwards
    for number, page in enumerate(html.split("<page ")[1:], 1):
        if number == 1 or number > 13:          # the cover, the unanswered
            continue
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)', page)
        inside = [(float(a), float(b), float(c), float(d)) for a, b, c, d, _ in words if float(b) > top]
        assert len(inside) > 20, number
        for x0, y0, x1, y1 in inside:
            if y0 > bottom:                               # the footer
                continue
            assert x <= x0 and x1 <= x + w and y1 <= bottom, (number, x0, y0, x1, y1)


def test_the_html_fallback_escapes_and_keeps_every_answer(tmp_path):
    root = course_folder(tmp_path, {"q01_mae_jitter": "<script>alert(1)</script> and $\\delta$"})
    items = written.written_answers(root)
    text = open(written.write_html(items, tmp_path / "w.html", "alice")).read()
    assert "<script>" not in text and "&lt;script&gt;" in text and "(no answer)" in text
    assert text.count("<section>") == len(items)


def test_hostile_notebooks_cost_only_their_own_pages(tmp_path):
    root = course_folder(tmp_path)
    (root / "notebooks" / "02_classification_losses" / "02_classification_losses.ipynb").write_text("{not json")
    (root / "notebooks" / "03_kl_divergence" / "03_kl_divergence.ipynb").write_text('{"cells": 7}')
    (root / "notebooks" / "05_early_stopping" / "05_early_stopping.ipynb").write_text(
        json.dumps({"cells": [3, None, {"cell_type": "markdown", "metadata": [], "source": 5}]}))
    path, items, notes = written.export(root, str(tmp_path / "w"), "alice")
    assert pdf_pages(path) == written.page_count(items) == 1 + len(load_course().written)
    assert sum("is not in your notebook" in text for _, text in notes) == \
        sum(1 for w in load_course().written if w.notebook.startswith(("02", "03", "05")))


def test_make_gradescope_writes_the_template_beside_the_zip(tmp_path):
    from conftest import run

    done = run(["autograder", "gradescope", "--out", str(tmp_path / "gs.zip")], check=True)
    template = tmp_path / "gradescope-written-template.pdf"
    assert f"({written.page_count(written.course_questions())} pages)" in done.stdout and template.is_file()
    assert pdf_pages(template) == 1 + len(load_course().written)


def test_release_notices_a_question_list_out_of_date(tmp_path, monkeypatch):
    from autograder.authoring import docs

    for rel in [*docs.DOCS, *docs.FILES, "notebooks"]:
        src, dest = ROOT / rel, tmp_path / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if src.is_dir() else shutil.copyfile)(src, dest)
    monkeypatch.setattr(docs, "ROOT", tmp_path)
    assert docs.drift() == []
    shipped = json.loads((tmp_path / "checks" / "written_questions.json").read_text())
    (tmp_path / "checks" / "written_questions.json").write_text(json.dumps(shipped[:-1]))
    assert docs.drift() == ["checks/written_questions.json is out of date"]
    assert docs.regenerate() == ["checks/written_questions.json"] and docs.drift() == []
