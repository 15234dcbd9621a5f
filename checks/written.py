"""The written answers of your notebooks, as one PDF a grader reads (``make submit`` writes it).

    python -m checks.written [--name NAME] [--out STEM]

The PDF has a fixed layout, the same for every student: a cover page, then one page per written
question, in the course's order, each with the question at the top and your answer in a box
below it. On Gradescope your instructor draws each question's box once, on a template with these
very pages, and every student's PDF lines up with it: upload the file as it is, with no page to
tag. Keep it that way: do not add, remove or reorder pages.

An answer always stays on its own page. A long one is set in smaller type (down to 6.5 points,
about 1,400 words); what still does not fit is cut, the page says so, and ``make submit`` warns
you: shorten that answer. Math stays as you typed it (``$\\delta$``), and images are not included.
Where matplotlib is missing, an HTML file is written instead (print it to PDF from a browser; its
pages do not line up with the template). This module is part of the student version.
"""

import html
import json
import pathlib
import re
import sys
import unicodedata
import warnings

UNANSWERED = "YOUR ANSWER HERE"
LAYOUT = pathlib.Path(__file__).with_name("written_questions.json")   # the course's questions, in order

# The page, in inches (A4 portrait). Every box sits at the same place on every page of every PDF.
PAGE = (8.27, 11.69)
MARGIN = 0.6
TITLE_Y = PAGE[1] - 0.8                            # the question's title (its baseline's top)
QUESTION_BOX = (MARGIN, PAGE[1] - 2.95, PAGE[0] - 2 * MARGIN, 1.95)      # x, y (bottom), width, height
ANSWER_LABEL_Y = QUESTION_BOX[1] - 0.12
ANSWER_BOX = (MARGIN, 0.75, PAGE[0] - 2 * MARGIN, ANSWER_LABEL_Y - 0.3 - 0.75)
PADDING = 0.12
FOOTER_Y = 0.4
# Type sizes in points: the largest that fits is used; below the smallest, the text is cut.
SIZES = (10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5)
LEADING = 1.3                                      # line height / type size
FONT = "DejaVu Sans"                               # ships with matplotlib: the same on every machine
CUT = "[... cut here: {n} more word{s} did not fit on this page. Shorten this answer.]"


# --------------------------------------------------------------------------------------------
# Reading the notebooks
# --------------------------------------------------------------------------------------------

def _source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _nbgrader(cell):
    md = cell.get("metadata", {}) if isinstance(cell, dict) else {}
    md = md.get("nbgrader", {}) if isinstance(md, dict) else {}
    return md if isinstance(md, dict) else {}


def written_answers(root):
    """[{notebook, id, points, question, answer}] for every written question of the notebooks
    under ``root/notebooks``, in order (what this student's notebooks hold)."""
    found = []
    for path in sorted(pathlib.Path(root, "notebooks").glob("*/*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        try:
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            if not isinstance(cells, list):
                continue
        except (OSError, ValueError, KeyError, TypeError):
            continue
        cells = [c for c in cells if isinstance(c, dict)]
        for i, cell in enumerate(cells):
            md = _nbgrader(cell)
            if cell.get("cell_type") != "markdown" or not md.get("grade") or not md.get("solution"):
                continue
            question = ""
            for j in range(i - 1, -1, -1):
                if cells[j].get("cell_type") == "markdown" and not _nbgrader(cells[j]).get("grade"):
                    question = _source(cells[j]).strip()
                    break
            answer = _source(cell).strip()
            points = md.get("points", 0)
            found.append({"notebook": path.stem, "id": str(md.get("grade_id", "")),
                          "points": points if isinstance(points, (int, float)) else 0,
                          "question": question, "answer": "" if answer == UNANSWERED else answer})
    return found


def layout_from(root):
    """The course's written questions (no answers), from the notebooks under ``root/notebooks``:
    what ``written_questions.json`` holds (``make release`` writes it from the student notebooks)."""
    return [{k: item[k] for k in ("notebook", "id", "points", "question")} for item in written_answers(root)]


def course_questions(root=None):
    """The questions every PDF has a page for, in order: the course's list shipped beside this
    module, or (a course folder without it) the notebooks' own."""
    try:
        questions = json.loads(LAYOUT.read_text(encoding="utf-8"))
        if isinstance(questions, list) and questions:
            return questions
    except (OSError, ValueError):
        pass
    return layout_from(root or ".")


def pages(root):
    """(items, warnings): one item per question of the course, in the course's order, with this
    student's answer (``""`` when there is none), and what the student should know (a question
    not found in their notebooks, an answer the course does not know)."""
    questions = course_questions(root)
    theirs = {(a["notebook"], a["id"]): a["answer"] for a in written_answers(root)}
    notes = []
    items = []
    for q in questions:
        key = (q["notebook"], q["id"])
        if key not in theirs:
            notes.append(f"{q['notebook']}: written question {q['id']} is not in your notebook (its page is "
                         "left empty): did a cell get deleted?")
        items.append({**q, "answer": theirs.get(key, "")})
    known = {(q["notebook"], q["id"]) for q in questions}
    notes += [f"{nb}: the answer cell {qid!r} is not one of the course's questions: it is not in the PDF"
              for nb, qid in theirs if (nb, qid) not in known]
    return items, notes


# --------------------------------------------------------------------------------------------
# Text: markdown's paragraphs, wrapped to a box with the font's own widths
# --------------------------------------------------------------------------------------------

def clean(text):
    """What can be printed: tabs as spaces, control and format characters (escape sequences,
    bidirectional overrides, zero-width characters) dropped."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C").expandtabs(4)


def plain(markdown):
    """A question's markdown as it reads: bold and italic markers and heading marks dropped
    (``**Q1.**`` reads ``Q1.``); code spans and math stay as typed."""
    text = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", markdown)
    return re.sub(r"^#{1,6}\s+", "", text, flags=re.M)


def _paragraphs(text):
    """Markdown's paragraphs: lines joined as markdown joins them, except where a line starts a
    list item, a heading, a table row, a quote or a code block."""
    out: list[str] = []
    fenced = False
    for line in text.splitlines():
        starts = re.match(r"^\s*([-*+>|#]|\d+[.)]|```|    )", line)
        if line.strip().startswith("```"):
            fenced = not fenced
        if out and out[-1].strip() and not out[-1].lstrip().startswith("#") and line.strip() and not starts \
                and not fenced:
            out[-1] += " " + line.strip()
        else:
            out.append(line)
    return out or [""]


class _Measure:
    """Widths of text in points: the sum of its characters' advances in the font file matplotlib
    draws with, unhinted (a PDF places glyphs at the font's own advances, which scale linearly
    with the size), plus 1% for kerning, which matplotlib applies and which rarely widens."""

    SAFETY = 1.01

    def __init__(self, family=FONT):
        from matplotlib import font_manager, ft2font

        self.font = ft2font.FT2Font(font_manager.findfont(font_manager.FontProperties(family=family)))
        self.font.set_size(72, 72)                 # 1 em = 72 units: advances in points per point of size
        self.flags = ft2font.LoadFlags.NO_HINTING
        self.charmap = self.font.get_charmap()
        self.advances: dict[str, float] = {}

    def _advance(self, ch):
        if ch not in self.advances:
            # A character the font lacks is drawn as a box: counted as wide as "M".
            code = ord(ch) if ord(ch) in self.charmap else ord("M")
            self.advances[ch] = self.font.load_char(code, flags=self.flags).linearHoriAdvance / 65536 / 72
        return self.advances[ch]

    def __call__(self, text, size):
        return sum(self._advance(ch) for ch in text) * size * self.SAFETY

    def missing(self, text):
        """The characters of ``text`` the font has no glyph for (shown as boxes)."""
        return sorted({ch for ch in text if ch != "\n" and ord(ch) not in self.charmap})


def wrap(text, width, size, measure):
    """The lines of ``text`` (markdown) within ``width`` points at ``size`` points: words are
    never split unless one alone is wider than the line."""
    lines = []
    for paragraph in _paragraphs(text):
        found = re.match(r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?", paragraph)
        indent = " " * min(found.end() if found else 0, 8)
        words = paragraph.split(" ")
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if measure(candidate, size) <= width or not line.strip():
                line = candidate
            else:
                lines.append(line)
                line = indent + word
            while measure(line, size) > width and len(line) > 1:      # a word wider than the line
                cut = len(line) - 1
                while cut > 1 and measure(line[:cut], size) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = indent + line[cut:]
        lines.append(line.rstrip())
    return lines


def fit(text, width, height, measure, sizes=SIZES):
    """(size, lines, words cut): ``text`` set in the largest size whose lines fit ``height``
    points; at the smallest size the lines that do not fit are replaced by a note saying how many
    words were cut."""
    for size in sizes:
        lines = wrap(text, width, size, measure)
        if len(lines) * size * LEADING <= height:
            return size, lines, 0
    size = sizes[-1]
    lines = wrap(text, width, size, measure)
    room = max(1, int(height // (size * LEADING)))
    words = len(text.split())
    longest = wrap(CUT.format(n=words, s="s"), width, size, measure)      # the note at its widest
    kept = lines[:max(0, room - len(longest))]
    missing = max(1, words - sum(len(line.split()) for line in kept))
    note = wrap(CUT.format(n=missing, s="s" if missing != 1 else ""), width, size, measure)
    return size, kept + note, missing


# --------------------------------------------------------------------------------------------
# The PDF
# --------------------------------------------------------------------------------------------

def _title(item):
    points = item["points"]
    return f"{item['notebook'].replace('_', ' ')}: {item['id']} ({points:g} point{'s' if points != 1 else ''})"


def page_count(questions):
    """Pages of every PDF (and of the template) for these questions: a cover and one per question."""
    return 1 + len(questions)


def write_pdf(items, path, student=None):
    """The PDF: a cover, then one page per item (its question, and its answer in the answer box).
    ``student=None`` writes the instructor's template: the same pages, answer boxes empty. Returns
    one ``{"id", "notebook", "size", "cut", "missing"}`` per item: the type size its answer got,
    the words cut, and the characters the font lacks (drawn as boxes)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    measure = _Measure()
    total = page_count(items)
    who = student if student is not None else "TEMPLATE"
    grey, dark = "#6b6b6b", "#333333"

    def new_page(number):
        fig = Figure(figsize=PAGE)

        def text(x, y, s, **kw):
            kw.setdefault("family", FONT)
            fig.text(x / PAGE[0], y / PAGE[1], s, parse_math=False, va=kw.pop("va", "top"), **kw)

        text(PAGE[0] / 2, FOOTER_Y, f"{clean(who)} \N{MIDDLE DOT} written answers \N{MIDDLE DOT} page {number} of "
             f"{total}", ha="center", fontsize=8, color=grey)
        return fig, text

    def box(fig, rect, **kw):
        x, y, w, h = rect
        fig.add_artist(Rectangle((x / PAGE[0], y / PAGE[1]), w / PAGE[0], h / PAGE[1],
                                 transform=fig.transFigure, **kw))

    def lines_in(text, rect, lines, size, color):
        x, y, _, h = rect
        top = y + h - PADDING
        for k, line in enumerate(lines):
            text(x + PADDING, top - k * size * LEADING / 72, line, fontsize=size, color=color)

    fits = []
    with PdfPages(path, metadata={"Title": f"Written answers of {clean(who)}", "Creator": "checks.written",
                                  "CreationDate": None}) as pdf:
        fig, text = new_page(1)
        width = (PAGE[0] - 2 * MARGIN - 2 * PADDING) * 72
        text(MARGIN, PAGE[1] - MARGIN, "Written answers", fontsize=20, fontweight="bold")
        if student is None:
            text(MARGIN, PAGE[1] - MARGIN - 0.5, "Template: the pages of every student's PDF", fontsize=12)
            intro = (f"Every student's written-answers PDF has these {total} pages: this cover, then one page per "
                     "question, its answer in the box. On Gradescope, make this the template of a fixed-length "
                     "(templated) assignment and draw each question's region once, around its page's answer box.")
        else:
            text(MARGIN, PAGE[1] - MARGIN - 0.5, f"Student: {clean(student)}", fontsize=12)
            intro = ("One page per question, the same page in every student's PDF: the answer to each question is "
                     "in the box on its page. Upload this file as it is (on Gradescope, with no page to tag).")
        intro_lines = wrap(intro, width, 10, measure)
        lines_in(text, (MARGIN, 0, 0, PAGE[1] - 1.55 + PADDING), intro_lines, 10, dark)
        top = PAGE[1] - 1.55 - len(intro_lines) * 10 * LEADING / 72 - 0.3
        room = (top - 0.9) * 72
        size = next((s for s in SIZES if len(items) * s * LEADING <= room), SIZES[-1])
        for k, item in enumerate(items):
            y = top - k * size * LEADING / 72
            text(MARGIN + 0.7, y, f"page {k + 2}", fontsize=size, ha="right")
            text(MARGIN + 0.85, y, clean(_title(item)), fontsize=size)
        pdf.savefig(fig)
        for number, item in enumerate(items, 2):
            fig, text = new_page(number)
            title = clean(f"Question {number - 1} of {len(items)} \N{MIDDLE DOT} {_title(item)}")
            text(MARGIN, TITLE_Y + 0.2, title, fontsize=12, fontweight="bold")
            qx, qy, qw, qh = QUESTION_BOX
            box(fig, QUESTION_BOX, facecolor="#f2f2f2", edgecolor="none")
            q_size, q_lines, _ = fit(plain(clean(item["question"])), (qw - 2 * PADDING) * 72, (qh - 2 * PADDING) * 72,
                                     measure)
            lines_in(text, QUESTION_BOX, q_lines, q_size, dark)
            text(MARGIN, ANSWER_LABEL_Y, "Answer", fontsize=10, fontweight="bold")
            box(fig, ANSWER_BOX, facecolor="none", edgecolor="black", linewidth=1.0)
            answer = clean(item.get("answer", "")) if student is not None else ""
            ax, ay, aw, ah = ANSWER_BOX
            if student is None:
                size, lines, cut = 10.0, [], 0
            elif not answer.strip():
                size, lines, cut = 10.0, ["(no answer)"], 0
            else:
                size, lines, cut = fit(answer, (aw - 2 * PADDING) * 72, (ah - 2 * PADDING) * 72, measure)
            lines_in(text, ANSWER_BOX, lines, size, "black")
            fits.append({"id": item["id"], "notebook": item["notebook"], "size": size, "cut": cut,
                         "missing": measure.missing(answer)})
            with warnings.catch_warnings():      # (each is reported once, in ``missing``)
                warnings.filterwarnings("ignore", message="Glyph .* missing from font")
                pdf.savefig(fig)
    return fits


def write_html(items, path, student):
    e = html.escape
    parts = [f"<!doctype html><meta charset=utf-8><title>Written answers of {e(student)}</title>",
             "<style>body{font-family:sans-serif;max-width:45rem;margin:2rem auto} section{break-before:page}"
             " .q{color:#444;white-space:pre-wrap} .a{white-space:pre-wrap;border-left:3px solid #888;"
             "padding-left:.6rem}</style>", f"<h1>Written answers of {e(student)}</h1>"]
    for item in items:
        parts.append(f"<section><h2>{e(_title(item))}</h2><div class=q>{e(item['question'])}</div>"
                     f"<p><b>Answer:</b></p><div class=a>{e(item['answer'] or '(no answer)')}</div></section>")
    pathlib.Path(path).write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path


def export(root, out_stem, student):
    """Write ``out_stem``.pdf (or .html without matplotlib); returns (path, items, notes): the
    items with each answer's ``size`` and ``cut``, and what the student should be told, as
    ``(level, text)`` pairs, level ``WARNING`` (something to fix) or ``note``."""
    items, warnings = pages(root)
    notes = [("WARNING", w) for w in warnings]
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return write_html(items, f"{out_stem}.html", student), items, notes + [
            ("WARNING", "matplotlib is missing: the answers are in an HTML file, whose pages do not line up "
                        "with the template")]
    path = f"{out_stem}.pdf"
    for item, got in zip(items, write_pdf(items, path, student)):
        item.update(size=got["size"], cut=got["cut"], missing=got["missing"])
    for item in items:
        if item["missing"]:
            shown = " ".join(item["missing"][:10]) + (" ..." if len(item["missing"]) > 10 else "")
            notes.append(("WARNING", f"{item['notebook']}: in your answer to {item['id']}, the PDF's font has no "
                                     f"{shown}: they show as boxes (write them in words, or as LaTeX)."))
        if item["cut"]:
            notes.append(("WARNING", f"{item['notebook']}: your answer to {item['id']} is too long for its page: "
                                     f"its last {item['cut']} word(s) are cut. Shorten it."))
        elif item["size"] < SIZES[0]:
            notes.append(("note", f"{item['notebook']}: your answer to {item['id']} is long: it is set in "
                                  f"{item['size']:g}-point type to fit its page."))
    return path, items, notes


def main(argv=None):
    import argparse

    from checks.submit import course_root, default_name

    parser = argparse.ArgumentParser(prog="python -m checks.written", description=__doc__.split("\n")[0])
    parser.add_argument("--name", default=None, help="your student id (default: $STUDENT_ID, else your user name)")
    parser.add_argument("--out", default=None, metavar="STEM", help="file name without .pdf (default: NAME-written)")
    args = parser.parse_args(argv)
    root = course_root()
    name = args.name or default_name()
    path, items, notes = export(root, args.out or str(root / f"{name}-written"), name)
    missing = sum(1 for i in items if not i["answer"])
    print(f"{len(items)} written answers ({missing} still empty) in {path}")
    for level, note in notes:
        print(f"  {level}: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
