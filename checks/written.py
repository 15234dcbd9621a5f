"""The written answers of your notebooks, as one PDF a grader reads (``make submit`` writes it).

    python -m checks.written [--name NAME] [--out FILE.pdf]

Every notebook's written questions (the markdown cells your instructor grades by hand) with your
answer below each, one question per page, and a first page listing the questions and their pages:
on Gradescope, upload it to the written-answers assignment and match each question to its page.
Math stays as you typed it (``$\\delta$``). Where matplotlib is missing, an HTML file is written
instead (print it to PDF from a browser). This module is part of the student version.
"""

import html
import json
import pathlib
import re
import sys
import textwrap
from typing import Any

UNANSWERED = "YOUR ANSWER HERE"
PAGE = (8.27, 11.69)          # A4, inches
MARGIN = 0.75                 # inches
FONT = 10                     # points
LINE = FONT * 1.45 / 72       # inches
WIDTH = 96                    # characters per line at 10 pt on A4 with these margins


def _source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _nbgrader(cell):
    md = cell.get("metadata", {})
    md = md.get("nbgrader", {}) if isinstance(md, dict) else {}
    return md if isinstance(md, dict) else {}


def written_answers(root):
    """[{notebook, id, points, question, answer}] for every written question of the notebooks
    under ``root/notebooks``, in order."""
    found = []
    for path in sorted(pathlib.Path(root, "notebooks").glob("*/*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        try:
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError, KeyError):
            continue
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
            found.append({"notebook": path.stem, "id": str(md.get("grade_id", "")), "points": md.get("points", 0),
                          "question": question, "answer": "" if answer == UNANSWERED else answer})
    return found


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


def _lines(text, width=WIDTH):
    out = []
    for paragraph in _paragraphs(text):
        found = re.match(r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?", paragraph)
        indent = found.end() if found else 0
        out += textwrap.wrap(paragraph, width, subsequent_indent=" " * min(indent, 8)) or [""]
    return out


def _title(item):
    points = item["points"]
    return f"{item['notebook'].replace('_', ' ')}: {item['id']} ({points:g} point{'s' if points != 1 else ''})"


def write_pdf(items, path, student):
    """One PDF: a first page listing the questions, then each question on a page of its own (more
    pages when the answer is long). Text only; math as typed."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    per_page = int((PAGE[1] - 2 * MARGIN - 3 * LINE) / LINE)

    def safe(text):
        return text.replace("$", r"\$")    # no mathtext: what the student typed, as typed

    pages: list[list[tuple[str, str]]] = []
    starts = []
    for item in items:
        block = [(_title(item), "title"), ("", "")]
        block += [(line, "question") for line in _lines(item["question"])]
        block += [("", ""), ("Answer:", "label")]
        block += [(line, "answer") for line in _lines(item["answer"] or "(no answer)")]
        starts.append(len(pages) + 2)     # the cover is page 1
        for k in range(0, len(block), per_page):
            pages.append(block[k:k + per_page])
    cover = [(f"Written answers of {student}", "title"), ("", ""),
             ("Each question starts on a new page: match it to that page when you upload.", "question"), ("", "")]
    cover += [(f"page {start:>3}   {_title(item)}", "answer") for item, start in zip(items, starts)]
    styles: dict[str, dict[str, Any]] = {
              "title": {"fontsize": FONT + 2, "fontweight": "bold"}, "label": {"fontsize": FONT, "fontweight": "bold"},
              "question": {"fontsize": FONT, "color": "#444444"}, "answer": {"fontsize": FONT}, "": {"fontsize": FONT}}
    with PdfPages(path) as pdf:
        for number, page in enumerate([cover[i:i + per_page] for i in range(0, len(cover), per_page)] + pages, 1):
            fig = Figure(figsize=PAGE)
            y = PAGE[1] - MARGIN
            for text, style in page:
                fig.text(MARGIN / PAGE[0], y / PAGE[1], safe(text), family="DejaVu Sans", va="top",
                         **styles[style])
                y -= LINE
            fig.text(0.5, MARGIN / 2 / PAGE[1], f"{student}, page {number}", ha="center", fontsize=FONT - 2,
                     color="#888888")
            pdf.savefig(fig)
    return path


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
    """Write ``out_stem``.pdf (or .html without matplotlib); returns (path, items)."""
    items = written_answers(root)
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return write_html(items, f"{out_stem}.html", student), items
    return write_pdf(items, f"{out_stem}.pdf", student), items


def main(argv=None):
    import argparse

    from checks.submit import course_root, default_name

    parser = argparse.ArgumentParser(prog="python -m checks.written", description=__doc__.split("\n")[0])
    parser.add_argument("--name", default=None, help="your student id (default: $STUDENT_ID, else your user name)")
    parser.add_argument("--out", default=None, metavar="STEM", help="file name without .pdf (default: NAME-written)")
    args = parser.parse_args(argv)
    root = course_root()
    name = args.name or default_name()
    path, items = export(root, args.out or str(root / f"{name}-written"), name)
    missing = sum(1 for i in items if not i["answer"])
    print(f"{len(items)} written answers ({missing} still empty) in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
