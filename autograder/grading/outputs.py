"""What the grader writes: grades.csv, results.json (Gradescope's schema), feedback.html per
student, and the table printed at the end (the class report is ``report``).

Students see ``results.json`` and ``feedback.html``: check titles, pass or fail, and the checks'
own messages, which never hold hidden inputs or expected values. Instructor-only details (the
traceback of a check that broke) go in the class report only.

Every piece of text that a student controls (a submission's name, a message quoting their
exception) is neutralized for where it lands: ``csv_cell`` (no formula), ``html.escape`` (no
markup, no link), ``terminal_text`` (no escape sequences). Student ids are already safe
(``submissions.assign_ids``): these are the second line of defence.
"""

from __future__ import annotations

import collections
import csv
import html
import io
import json
import os
import tempfile
import urllib.parse

from .results import GRADED, SubmissionResult
from .rubric import Rubric


def pts(x: float) -> str:
    """Points for people: at most two decimals, no trailing zeros (0.67, 7, 137.67)."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


def atomic_write(path: str, text: str) -> None:
    """Write ``text`` to ``path`` so that a reader sees the old file or the new one, never half."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="") as f:
        f.write(text)
    os.replace(tmp, path)


# --------------------------------------------------------------------------------------------
# Neutralizing text a student controls
# --------------------------------------------------------------------------------------------

def csv_cell(value) -> str:
    """A CSV cell that no spreadsheet runs as a formula (OWASP's rule: a leading = + - @, tab or
    carriage return gets a leading apostrophe); numbers are left alone."""
    if isinstance(value, (int, float)):
        return str(value)
    text = "".join(ch if ch.isprintable() else " " for ch in str(value))
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        text = "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def terminal_text(text: str) -> str:
    """Text for the terminal: control characters (escape sequences included) shown as ``?``."""
    return "".join(ch if ch.isprintable() else "?" for ch in str(text))


def href(student: str, page: str) -> str:
    """A relative link to a student's page that cannot be a ``javascript:`` or absolute URL."""
    return "./" + urllib.parse.quote(student, safe="") + "/" + page


def student_dir(out_dir: str, student: str) -> str:
    """``out_dir/student``, refusing any id that would lead elsewhere (ids are safe already)."""
    folder = os.path.abspath(os.path.join(out_dir, student))
    if os.path.dirname(folder) != os.path.abspath(out_dir) or student in ("", ".", ".."):
        raise ValueError(f"unsafe student id {student!r}")
    return folder


# --------------------------------------------------------------------------------------------
# Per student
# --------------------------------------------------------------------------------------------

def gradescope_results(result: SubmissionResult, rubric: Rubric, show_total: bool = True) -> dict:
    """``result`` in Gradescope's results.json schema. With ``show_total`` False the top-level
    output does not state the total (it would reveal the hidden checks' points before they are
    published)."""
    tests = []
    part_index = {p.id: i for i, p in enumerate(rubric.parts, 1)}
    counters: collections.Counter = collections.Counter()
    titles = {p.id: p.title for p in rubric.parts}
    for c in result.checks:
        counters[c.part] += 1
        tests.append({
            "name": f"{titles[c.part]}: {c.title or c.id}",
            "number": f"{part_index[c.part]}.{counters[c.part]}",
            "score": c.score,
            "max_score": c.max_score,
            "status": "passed" if c.passed else "failed",
            "output": "" if c.passed else c.message,
            "visibility": rubric.public_visibility if c.public else rubric.hidden_visibility,
            "tags": [c.part, "public" if c.public else "hidden"],
        })
    lines = []
    if result.problem:
        lines.append(result.problem)
    if show_total:
        lines.append(f"{pts(result.score)} / {pts(result.max_score)} points.")
    return {
        "score": result.score,
        "execution_time": round(float(result.seconds or 0.0), 3),
        "output": "\n".join(lines),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem} h2{font-size:1.15rem;margin-top:1.6rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%} td,th{padding:.3rem .5rem;border-bottom:1px solid #eee;
text-align:left;vertical-align:top} .pass{color:#16723a} .fail{color:#b3261e} .part{color:#555}
td.score{white-space:nowrap;text-align:right}
pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:.2rem 0;font-size:.9rem;background:#f7f7f7;padding:.4rem}
.tag{font-size:.75rem;color:#666;border:1px solid #ccc;border-radius:3px;padding:0 .25rem}
"""


def feedback_html(result: SubmissionResult, rubric: Rubric) -> str:
    """The student's feedback page: what passed, what failed and why, part by part."""
    e = html.escape
    rows = [f"<h1>Feedback for {e(result.student)}</h1>",
            f"<p><b>{pts(result.score)} of {pts(result.max_score)} points.</b> "
            "Checks marked <span class=tag>hidden</span> are not in your self-checks; their "
            "messages describe the problem without showing the grader's inputs.</p>"]
    if result.problem:
        rows.append(f"<p class=fail><b>Your submission could not be graded:</b> {e(result.problem)}</p>")
    failed = [c for c in result.checks if not c.passed]
    if failed and not result.problem:
        rows.append(f"<p>{len(failed)} of {len(result.checks)} checks failed, in: "
                    + ", ".join(e(p.title) for p in rubric.parts
                                if any(c.part == p.id for c in failed)) + ".</p>")
    for part in rubric.parts:
        ps = result.parts[part.id]
        rows.append(f"<h2>{e(part.title)} <span class=part>({pts(ps.score)} / {pts(ps.max_score)}"
                    f"; notebook {e(part.notebook)})</span></h2><table>")
        for c in (c for c in result.checks if c.part == part.id):
            mark = "<span class=pass>passed</span>" if c.passed else "<span class=fail>failed</span>"
            tag = "public" if c.public else "hidden"
            msg = "" if c.passed else f"<pre>{e(c.message)}</pre>"
            rows.append(f"<tr><td>{mark}</td><td>{e(c.title or c.id)} <span class=tag>{tag}</span>"
                        f"{msg}</td><td class=score>{pts(c.score)} / {pts(c.max_score)}</td></tr>")
        rows.append("</table>")
    return page(f"Feedback: {result.student}", "\n".join(rows))


def page(title: str, body: str, style: str = STYLE) -> str:
    return (f"<!doctype html><html><head><meta charset=utf-8><meta name=viewport "
            f"content='width=device-width, initial-scale=1'><title>{html.escape(title)}</title>"
            f"<style>{style}</style></head><body>\n{body}\n</body></html>\n")


def write_student(out_dir: str, result: SubmissionResult, rubric: Rubric) -> None:
    folder = student_dir(out_dir, result.student)
    atomic_write(os.path.join(folder, "results.json"),
                 json.dumps(gradescope_results(result, rubric), indent=2, sort_keys=True) + "\n")
    atomic_write(os.path.join(folder, "feedback.html"), feedback_html(result, rubric))


# --------------------------------------------------------------------------------------------
# The class
# --------------------------------------------------------------------------------------------

def grades_csv(results: list[SubmissionResult], rubric: Rubric) -> str:
    """One row per student: ``student``, one column per part, ``total``, ``max_total`` (the
    contract's columns), then ``name`` (the submission's own name, when the id differs) and
    ``problem`` (why it could not be graded, or what the instructor should know)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["student", *[p.id for p in rubric.parts], "total", "max_total", "name", "problem"])
    for r in sorted(results, key=lambda r: r.student):
        notes = [r.problem] if r.problem else []
        notes += r.flags
        w.writerow([csv_cell(r.student), *[pts(r.parts[p.id].score) for p in rubric.parts],
                    pts(r.score), pts(r.max_score), csv_cell(r.name if r.name != r.student else ""),
                    csv_cell("; ".join(notes))])
    return buf.getvalue()


def write_class(out_dir: str, results: list[SubmissionResult], rubric: Rubric) -> None:
    atomic_write(os.path.join(out_dir, "grades.csv"), grades_csv(results, rubric))


def table(results: list[SubmissionResult], rubric: Rubric) -> str:
    """A plain-text class table: one line per student, one character per part."""
    def glyph(s, m):
        return "#" if s >= m else ("+" if s > 0 else ".")

    width = max([len("student")] + [len(r.student) for r in results])
    lines = [f"{'student':<{width}}  {'score':>13}  parts ({' '.join(p.id for p in rubric.parts)})"]
    for r in sorted(results, key=lambda r: r.student):
        marks = "".join(glyph(r.parts[p.id].score, r.parts[p.id].max_score) for p in rubric.parts)
        pct = 100 * r.score / r.max_score if r.max_score else 0
        status = "" if r.status == GRADED else f"  ({r.problem[:120]})"
        lines.append(terminal_text(f"{r.student:<{width}}  {pts(r.score):>6}/{pts(r.max_score):<6}  "
                                   f"{marks}  {pct:5.1f}%{status}"))
    lines.append("parts: # full marks, + partial, . none")
    return "\n".join(lines)
