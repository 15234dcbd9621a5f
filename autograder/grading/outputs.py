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
import contextlib
import csv
import dataclasses
import datetime
import html
import io
import json
import os
import re
import tempfile
import urllib.parse
from typing import TYPE_CHECKING

from .results import GRADED, SubmissionResult
from .rubric import Rubric

if TYPE_CHECKING:
    from .gradesheet import Sheet
    from .roster import Roster
    from .submissions import Held


def pts(x: float) -> str:
    """Points for people: at most two decimals, no trailing zeros (0.67, 7, 137.67)."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


def umask() -> int:
    """The process's umask, read without changing it (Linux's /proc; elsewhere set and restored)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


def atomic_write(path: str, text: str) -> None:
    """Write ``text`` to ``path`` so that a reader sees the old file or the new one, never half.
    The file gets the mode any new file of this process gets (0644 under the usual umask 022),
    not the 0600 of the temporary file it is written through: the instructor's group, or a web
    server, reads the report and the feedback as it reads any other file."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="") as f:
            f.write(text)
            os.fchmod(f.fileno(), 0o666 & ~umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


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


def terminal_text(text: object) -> str:
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
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:62rem;margin:1.5rem auto;padding:0 1rem;
color:#1f2328;line-height:1.45}
h1{font-size:1.45rem;margin:.2rem 0 .6rem;overflow-wrap:anywhere} h2{font-size:1.1rem;margin:0}
a{color:#0b57d0}
.total{font-size:1.25rem;font-weight:600}
.muted{color:#59636e} .pass{color:#116329} .fail{color:#b3261e} .warn{color:#8a4b00}
.box{border:1px solid #d0d7de;border-radius:8px;padding:.8rem 1rem;margin:1rem 0;background:#f6f8fa}
.box.fix{border-color:#f1aeb5;background:#fff5f5}
.box h2{margin-bottom:.4rem}
ol.fix,ul.todo{margin:.3rem 0 0;padding-left:1.4rem} ol.fix li,ul.todo li{margin:.35rem 0}
ol.fix li{overflow-wrap:anywhere} ol.fix .parts{color:#59636e;font-size:.9rem;margin-top:.15rem}
.part{border:1px solid #d0d7de;border-radius:8px;margin:1rem 0;overflow:hidden}
.part>header{display:flex;flex-wrap:wrap;gap:.3rem 1rem;justify-content:space-between;align-items:baseline;
padding:.55rem .8rem;background:#f6f8fa;border-bottom:1px solid #d0d7de}
.part>header .meta{color:#59636e;font-size:.9rem}
.check{display:grid;grid-template-columns:1.4rem minmax(0,1fr) max-content;gap:.15rem .6rem;
padding:.5rem .8rem;border-top:1px solid #eaeef2}
.check:first-of-type{border-top:0}
.mark{font-weight:700;text-align:center} .title{overflow-wrap:anywhere}
.pts,.badge{white-space:nowrap;font-variant-numeric:tabular-nums;text-align:right}
.msg{grid-column:2/4;margin:.15rem 0 0;overflow-wrap:anywhere}
.msg p{margin:.1rem 0} .msg ul{margin:.2rem 0;padding-left:1.2rem}
pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:.3rem 0;font-size:.85rem;background:#f6f8fa;
padding:.4rem .5rem;border-radius:4px}
code.where{background:#fff8c5;border:1px solid #eac54f;border-radius:4px;padding:0 .25rem;font-size:.85rem;
white-space:nowrap}
q.err{display:block;quotes:none;margin:.25rem 0;padding:.3rem .5rem;border-left:3px solid #cf222e;background:#fff5f5;
font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem;overflow-wrap:anywhere;white-space:pre-wrap}
.tag{font-size:.72rem;color:#59636e;border:1px solid #d0d7de;border-radius:3px;padding:0 .25rem;
white-space:nowrap;vertical-align:middle}
.badge{font-weight:600} .badge.full{color:#116329} .badge.some{color:#8a4b00} .badge.none{color:#b3261e}
@media (max-width:32rem){body{margin:.8rem auto;padding:0 .6rem} .check{padding:.5rem .5rem}}
"""

_WHERE = re.compile(r"course_lib/[A-Za-z_][A-Za-z0-9_]*\.py, line [0-9]+")
_NOT_WRITTEN = "is not written yet"
_CRASH = (" raised ", "stopped the process", "did not return within the time limit", "could not be imported",
          "failed to import")


def _inline(text: str) -> str:
    """One line of a message as HTML: escaped, with the student's file and line highlighted."""
    out, last = [], 0
    for m in _WHERE.finditer(text):
        out.append(html.escape(text[last:m.start()]))
        out.append(f"<code class=where>{html.escape(m.group(0))}</code>")
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


_RAISED = re.compile(r"^(?P<what>.+?) raised (?P<kind>[A-Za-z_][A-Za-z0-9_]*|an exception of a class of your own)"
                     r"(?P<where> at course_lib/[A-Za-z_][A-Za-z0-9_]*\.py, line [0-9]+)?"
                     r"(?:(?P<hidden> \(messages of your code are not shown for hidden checks\))|: (?P<text>.*))?$")
_HIDDEN_NOTE = "your code's own message is not shown for hidden checks"


def _sentence(text: str) -> str:
    """One message line as HTML. An exception (``f raised ValueError at course_lib/x.py, line 3:
    text``) reads as: what raised which exception, where (highlighted), then its own text, set
    apart as the student's words (only public checks quote them)."""
    m = _RAISED.match(text)
    if not m:
        return _inline(text)
    out = f"{_inline(m['what'])} raised <b>{html.escape(m['kind'])}</b>"
    if m["where"]:
        out += f" at {_inline(m['where'][4:])}"
    if m["text"]:
        out += f"<q class=err>{_inline(m['text'])}</q>"
    elif m["hidden"]:
        out += f" <span class=muted>({_HIDDEN_NOTE})</span>"
    return out


def message_html(message: str) -> str:
    """A check's message for people: its first line as a sentence, a list of failed cases as a
    list (cases that failed for the very same reason share one item: ``a; b; c: reason``),
    numbers (got/expected, shown by public checks only) as preformatted text. Everything is
    escaped: messages may quote the student's own exception text."""
    lines = message.splitlines() or [""]
    parts = [f"<p>{_sentence(lines[0])}</p>"]
    items: list[tuple[list[str], str]] = []      # (the cases, their reason), in order
    by_reason: dict[str, list[str]] = {}
    block = []
    for line in lines[1:]:
        stripped = line.strip()
        if stripped.startswith("- "):
            case, sep, rest = stripped[2:].partition(": ")
            if not (sep and len(case) <= 80):
                items.append(([], stripped[2:]))
            elif rest in by_reason:
                by_reason[rest].append(case)
            else:
                by_reason[rest] = [case]
                items.append((by_reason[rest], rest))
        elif stripped:
            block.append(line)
    if items:
        lis = []
        for names, reason in items:
            named = "; ".join(names)          # (a case name may hold "and" or a comma)
            lis.append("<li>" + (f"<b>{_inline(named)}</b>: " if names else "") + f"{_sentence(reason)}</li>")
        parts.append("<ul>" + "".join(lis) + "</ul>")
    if block:
        parts.append("<pre>" + html.escape("\n".join(block)) + "</pre>")
    return "".join(parts)


def part_state(result: SubmissionResult, part_id: str) -> str:
    """``full``, ``partial``, ``wrong`` (written but no points) or ``not_attempted`` (every
    failing check says the function is not written yet)."""
    ps = result.parts[part_id]
    if ps.score >= ps.max_score:
        return "full"
    failing = [c for c in result.checks if c.part == part_id and not c.passed]
    if failing and all(_NOT_WRITTEN in c.message for c in failing):
        return "not_attempted"
    return "partial" if ps.score > 0 else "wrong"


REASON_LIMIT = 600      # characters of a reason in "What to fix first"; messages are far shorter


def _first_reason(text: str, limit: int = REASON_LIMIT) -> tuple[str, str]:
    """(case, reason): the first thing a check's message says went wrong. For a list of failed
    cases (``3 of 6 cases failed:`` then ``  - case: reason`` lines) it is the first case's name
    and reason; otherwise ``case`` is empty and ``reason`` the first line. A reason longer than
    ``limit`` (none of the checks' is) is cut at a word, never inside one."""
    lines = text.strip().splitlines()
    line, case = (lines[0] if lines else ""), ""
    if line.endswith("cases failed:") and len(lines) > 1:
        line = lines[1].strip()
        line = line[2:] if line.startswith("- ") else line
        name, sep, rest = line.partition(": ")
        if sep and len(name) <= 80:
            case, line = name, rest
    if len(line) > limit:
        line = line[:limit].rsplit(" ", 1)[0] + " \N{HORIZONTAL ELLIPSIS}"
    return case, line


def _cause(reason: str) -> str:
    """What makes two parts fail for one cause: the same exception raised at the same line of
    the student's file (whichever function of theirs called it), else the very same reason (a
    module that could not be imported fails every part it holds with one message)."""
    m = _RAISED.match(reason)
    if m and m["where"]:
        return f"{m['kind']}{m['where']}"
    return reason


def _reason_html(case: str, reason: str) -> str:
    return (f"<b>{_inline(case)}</b>: " if case else "") + _sentence(reason)


def _fix_first(result: SubmissionResult, parts) -> str:
    """The summary at the top: the parts that lose points, in the order to fix them (parts that
    crash first, then the course's order), and the parts not written yet. Parts that fail for one
    cause (a module that cannot be imported, one line that raises for every function calling
    it) are one line: the cause, the points it costs and the parts it fails."""
    groups: dict[str, list] = {}
    todo = []
    for order, part in enumerate(parts):
        ps = result.parts[part.id]
        lost = ps.max_score - ps.score
        if lost <= 0:
            continue
        state = part_state(result, part.id)
        failing = [c for c in result.checks if c.part == part.id and not c.passed]
        if state == "not_attempted":
            todo.append((part, lost))
            continue
        crash = any(any(k in c.message for k in _CRASH) for c in failing)
        case, reason = _first_reason(failing[0].message) if failing else ("", "")
        key = _cause(reason) if reason else f"part {part.id}"
        groups.setdefault(key, []).append((0 if crash else 1, order, part, lost, case, reason))
    if not groups and not todo:
        return ""
    e = html.escape
    rows = []
    if groups:
        ordered = sorted(groups.values(), key=lambda g: min((m[0], m[1]) for m in g))
        rows.append("<div class='box fix'><h2>What to fix first</h2><ol class=fix>")
        for members in ordered:
            crashes = " <span class=tag>crashes</span>" if any(m[0] == 0 for m in members) else ""
            first = members[0]
            why = _reason_html(first[4], first[5]) if first[5] else ""
            if len(members) == 1:
                _, _, part, lost, _, _ = first
                rows.append(f"<li><a href='#part-{e(part.id)}'><b>{e(part.title)}</b></a> "
                            f"<span class=fail>&minus;{pts(lost)}&nbsp;points</span> "
                            f"<span class=muted>(notebook {e(part.notebook)})</span>"
                            + (f": {why}" if why else "") + crashes + "</li>")
                continue
            lost = sum(m[3] for m in members)
            links = ", ".join(f"<a href='#part-{e(m[2].id)}'>{e(m[2].title)}</a>" for m in members)
            rows.append(f"<li><b>One cause, {len(members)} parts</b> "
                        f"<span class=fail>&minus;{pts(lost)}&nbsp;points</span>: {why}{crashes}"
                        f"<div class=parts>{links}</div></li>")
        rows.append("</ol></div>")
    if todo:
        at_stake = sum(lost for _, lost in todo)
        rows.append(f"<div class=box><h2>Not written yet ({pts(at_stake)} points)</h2><ul class=todo>")
        for part, lost in todo:
            rows.append(f"<li><a href='#part-{e(part.id)}'>{e(part.title)}</a> "
                        f"<span class=muted>{pts(lost)}&nbsp;points, notebook {e(part.notebook)}</span></li>")
        rows.append("</ul></div>")
    return "\n".join(rows)


def _percent(score: float, best: float) -> int:
    """A whole percentage that reads 100 only for full marks (155.6 of 156 is 99%, not 100%)."""
    if not best:
        return 0
    return 100 if score >= best else min(99, round(100 * score / best))


def feedback_html(result: SubmissionResult, rubric: Rubric, parts=None, heading: str = "") -> str:
    """The student's feedback page: the score, what to fix first, then every part's checks with
    what went wrong. ``parts`` limits it to some parts (one assignment's, for nbgrader)."""
    e = html.escape
    parts = tuple(parts) if parts is not None else rubric.parts
    score = sum(result.parts[p.id].score for p in parts)
    best = sum(result.parts[p.id].max_score for p in parts)
    complete = sum(1 for p in parts if result.parts[p.id].score >= result.parts[p.id].max_score)
    heading = heading or f"Feedback for {result.student}"
    rows = [f"<h1>{e(heading)}</h1>",
            f"<p><span class=total>{pts(score)} of {pts(best)} points</span> "
            f"<span class=muted>({_percent(score, best)}%; {complete} of {len(parts)} parts "
            "complete)</span></p>"]
    if result.problem:
        rows.append(f"<div class='box fix'><h2>Your submission could not be graded</h2>"
                    f"<p>{e(result.problem)}</p></div>")
    else:
        rows.append(_fix_first(result, parts))
    rows.append("<p class=muted>Checks marked <span class=tag>hidden</span> are not in your self-checks; "
                "their messages describe the problem without showing the grader's inputs.</p>")
    for part in parts:
        ps = result.parts[part.id]
        kind = "full" if ps.score >= ps.max_score else ("some" if ps.score > 0 else "none")
        rows.append(f"<section class=part id='part-{e(part.id)}'><header><h2>{e(part.title)}</h2>"
                    f"<span class=meta>notebook {e(part.notebook)}</span>"
                    f"<span class='badge {kind}'>{pts(ps.score)}&nbsp;/&nbsp;{pts(ps.max_score)}</span></header>")
        for c in (c for c in result.checks if c.part == part.id):
            mark = "<span class='mark pass' title=passed>&#10003;</span>" if c.passed else \
                "<span class='mark fail' title=failed>&#10007;</span>"
            tag = "public" if c.public else "hidden"
            msg = "" if c.passed or result.problem else f"<div class=msg>{message_html(c.message)}</div>"
            rows.append(f"<div class=check>{mark}<span class=title>{e(c.title or c.id)} <span class=tag>{tag}</span>"
                        f"</span><span class=pts>{pts(c.score)}&nbsp;/&nbsp;{pts(c.max_score)}</span>{msg}</div>")
        rows.append("</section>")
    return page(heading, "\n".join(r for r in rows if r))


def page(title: str, body: str, style: str = STYLE, script: str = "") -> str:
    """A whole HTML page; ``script`` is the grader's own code (never anything a student wrote)."""
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport "
            f"content='width=device-width, initial-scale=1'><title>{html.escape(title)}</title>"
            f"<style>{style}</style></head><body>\n{body}\n"
            + (f"<script>{script}</script>" if script else "") + "</body></html>\n")


def write_student(out_dir: str, result: SubmissionResult, rubric: Rubric) -> None:
    folder = student_dir(out_dir, result.student)
    atomic_write(os.path.join(folder, "results.json"),
                 json.dumps(gradescope_results(result, rubric), indent=2, sort_keys=True) + "\n")
    atomic_write(os.path.join(folder, "feedback.html"), feedback_html(result, rubric))


# --------------------------------------------------------------------------------------------
# The class
# --------------------------------------------------------------------------------------------

@dataclasses.dataclass
class StudentInfo:
    """What the grader knows of one student besides the result (``__main__`` gathers it)."""

    submitted_at: datetime.datetime | None = None
    time_source: str = ""
    late: datetime.timedelta | None = None     # after the due date, by this much
    lms: str = ""                              # the LMS whose download name it had
    lms_late: bool | None = None               # the LMS's own verdict (Canvas's LATE)
    lms_user_id: str = ""                      # the LMS's id of the student (Canvas user id)
    missing_notebooks: list[str] = dataclasses.field(default_factory=list)
    first_name: str = ""                       # from the roster
    last_name: str = ""
    flags: list[str] = dataclasses.field(default_factory=list)   # who-is-who questions (``CHECK WHO``)

    def notes(self) -> list[str]:
        """What grades.csv's ``problem`` column and the report add for this student."""
        from .submissions import delay_text, time_text

        notes = []
        if self.late is not None:
            notes.append(f"late by {delay_text(self.late)} (handed in {time_text(self.submitted_at)}, "
                         f"from {self.time_source})")
        elif self.lms_late:
            notes.append(f"late ({self.lms} marked it LATE)")
        if self.missing_notebooks:
            notes.append("missing notebook(s): " + ", ".join(self.missing_notebooks))
        return notes


@dataclasses.dataclass
class BatchInfo:
    """The run as a whole: the assignment, its due date, each student's ``StudentInfo``, the
    students of the roster who handed nothing in, the uploads held back because the roster cannot
    place them (``submissions.Held``), the assignment's gradesheet, and the grader's hash."""

    assignment: str | None = None
    due: datetime.datetime | None = None
    students: dict[str, StudentInfo] = dataclasses.field(default_factory=dict)
    missing_students: list[str] = dataclasses.field(default_factory=list)
    grader_hash: str = ""
    when: datetime.datetime = dataclasses.field(default_factory=lambda: datetime.datetime.now(datetime.UTC))
    held: list[Held] = dataclasses.field(default_factory=list)
    empty_students: list[str] = dataclasses.field(default_factory=list)    # their upload held no file
    sheet: Sheet | None = None
    roster: Roster | None = None

    def info(self, student: str) -> StudentInfo:
        return self.students.get(student) or StudentInfo()

    def attention(self, limit: int = 8) -> list[str]:
        """Lines for the terminal: uploads held back, who-is-who questions, who is late, who lacks
        a notebook, who handed nothing in (the first ``limit`` of each; grades.csv and the report
        list them all)."""
        def names(students):
            return ", ".join(students[:limit]) + (f" and {len(students) - limit} more" if len(students) > limit else "")

        late = [s for s, i in sorted(self.students.items()) if i.late is not None or i.lms_late]
        missing = [s for s, i in sorted(self.students.items()) if i.missing_notebooks]
        lines = []
        for h in self.held[:limit]:
            lines.append(f"NOT GRADED (who?) {h.name}: {h.why}")
        if len(self.held) > limit:
            lines.append(f"NOT GRADED (who?): {len(self.held) - limit} more uploads (the report lists them)")
        who = [s for s, i in sorted(self.students.items()) if i.flags]
        if who:
            lines.append(f"CHECK WHO: {len(who)} submission(s): {names(who)} (grades.csv's problem column says why)")
        if late:
            lines.append(f"LATE: {len(late)} submission(s): {names(late)}")
        if missing:
            lines.append(f"MISSING NOTEBOOK: {len(missing)} submission(s): {names(missing)}")
        if self.empty_students:
            lines.append(f"EMPTY UPLOAD from {len(self.empty_students)} student(s): {names(self.empty_students)}")
        if self.missing_students:
            lines.append(f"NO SUBMISSION from {len(self.missing_students)} student(s) of the roster: "
                         + names(self.missing_students))
        return lines

    def parts(self, rubric: Rubric):
        """The rubric parts this run's totals are over: the assignment's (all without one)."""
        return assignment_parts(rubric, self.assignment)


def assignment_parts(rubric: Rubric, assignment: str | None):
    """The parts ``assignment`` teaches (every part without an assignment, or when it teaches none)."""
    parts = [p for p in rubric.parts if assignment is None or p.notebook == assignment]
    return parts or list(rubric.parts)


def assignment_score(result: SubmissionResult, parts) -> tuple[float, float]:
    """The points of ``result`` over ``parts``, and their maximum."""
    return (round(sum(result.parts[p.id].score for p in parts), 4),
            round(sum(result.parts[p.id].max_score for p in parts), 4))


def grades_csv(results: list[SubmissionResult], rubric: Rubric, batch: BatchInfo | None = None) -> str:
    """One row per student: ``student``, one column per part graded, ``total``, ``max_total`` (the
    contract's columns), then ``name`` (the submission's own name, when the id differs) and
    ``problem`` (why it could not be graded, or what the instructor should know: late, a missing
    notebook, a resubmission, an LMS's name, an upload to check). With an assignment, the parts
    are those it teaches and the totals are over them (what canvas.csv and the report use)."""
    parts = batch.parts(rubric) if batch is not None else list(rubric.parts)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["student", *[p.id for p in parts], "total", "max_total", "name", "problem"])
    for r in sorted(results, key=lambda r: r.student):
        notes = [r.problem] if r.problem else []
        notes += r.flags
        if batch is not None:
            notes += batch.info(r.student).notes()
        score, best = assignment_score(r, parts)
        w.writerow([csv_cell(r.student), *[pts(r.parts[p.id].score) for p in parts],
                    pts(score), pts(best), csv_cell(r.name if r.name != r.student else ""),
                    csv_cell("; ".join(notes))])
    return buf.getvalue()


def write_class(out_dir: str, results: list[SubmissionResult], rubric: Rubric, batch: BatchInfo | None = None) -> None:
    atomic_write(os.path.join(out_dir, "grades.csv"), grades_csv(results, rubric, batch))


def checks_csv(results: list[SubmissionResult], rubric: Rubric) -> str:
    """Student x check: one row per student, one column per check (the points it earned), then
    ``total``: what a spreadsheet needs to look at one check across the class."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    ids = list(rubric.checks)
    w.writerow(["student", *ids, "total", "status"])
    w.writerow(["(max)", *[pts(rubric.checks[c].points) for c in ids], pts(rubric.total), ""])
    for r in sorted(results, key=lambda r: r.student):
        earned = {c.id: c.score for c in r.checks}
        w.writerow([csv_cell(r.student), *[pts(earned.get(c, 0.0)) for c in ids], pts(r.score), r.status])
    return buf.getvalue()


def canvas_csv(results: list[SubmissionResult], rubric: Rubric, batch: BatchInfo | None = None,
               column: str | None = None) -> str:
    """The library's grades in Canvas's gradebook import format, for a run without an assignment
    (with one, canvas.csv is the gradesheet's: ``gradesheet.canvas_csv``): the same columns and
    ``Points Possible`` row, one column of the library's points. Submissions the grader failed on
    are left blank (Canvas changes nothing)."""
    from .gradesheet import CANVAS_HEADER
    from .results import NOT_GRADED
    from .roster import Student

    batch = batch or BatchInfo()
    parts = batch.parts(rubric)
    title = column or (f"{batch.assignment} library" if batch.assignment else "course_lib")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([*CANVAS_HEADER, csv_cell(title)])
    w.writerow(["Points Possible", "", "", "", "", pts(sum(p.points for p in parts))])
    roster = batch.roster
    for r in sorted(results, key=lambda r: r.student):
        info = batch.info(r.student)
        person = (roster.get(r.student) if roster is not None else None) or \
            Student(r.student, info.first_name, info.last_name, lms_user_id=info.lms_user_id)
        score = "" if r.status == NOT_GRADED else pts(assignment_score(r, parts)[0])
        w.writerow([csv_cell(person.sortable_name), csv_cell(person.lms_user_id or info.lms_user_id),
                    csv_cell(person.sis_id), csv_cell(person.login or r.student), csv_cell(person.section), score])
    return buf.getvalue()


def write_nbgrader_feedback(feedback_dir: str, autograded_dir: str, results: list[SubmissionResult],
                            rubric: Rubric, batch: BatchInfo) -> collections.Counter:
    """Each student's library feedback (the parts that the assignment teaches) as
    ``course_lib.html``, where nbgrader keeps a student's files for an assignment, never creating
    a folder that nbgrader would then take as done:

    * in ``autograded_dir/STUDENT/ASSIGNMENT/`` when ``nbgrader autograde`` made it: ``nbgrader
      generate_feedback`` copies it into the feedback folder beside the notebooks' feedback;
    * in ``feedback_dir/STUDENT/ASSIGNMENT/`` when ``generate_feedback`` already made it (refreshed);
    * in ``feedback_dir/STUDENT/ASSIGNMENT/`` (made, with ``timestamp.txt``) for a student nbgrader
      did not autograde (no notebook handed in): nbgrader writes no feedback there.

    Returns how many pages went where (``autograded``, ``feedback``, ``feedback only``)."""
    from .results import NOT_GRADED
    from .submissions import nbgrader_timestamp

    assignment = batch.assignment or "course_lib"
    parts = [p for p in rubric.parts if batch.assignment is None or p.notebook == batch.assignment]
    counts: collections.Counter = collections.Counter()
    if not parts:
        return counts
    for r in results:
        if r.status == NOT_GRADED:
            continue
        heading = f"{r.student}: course_lib, {assignment}" if batch.assignment else ""
        text = feedback_html(r, rubric, parts, heading)
        graded = os.path.join(student_dir(autograded_dir, r.student), assignment)
        given = os.path.join(student_dir(feedback_dir, r.student), assignment)
        if os.path.isdir(graded):
            atomic_write(os.path.join(graded, "course_lib.html"), text)
            counts["autograded"] += 1
            if os.path.isdir(given):
                atomic_write(os.path.join(given, "course_lib.html"), text)
                counts["feedback"] += 1
            continue
        atomic_write(os.path.join(given, "course_lib.html"), text)
        counts["feedback only"] += 1
        when = batch.info(r.student).submitted_at
        stamp = os.path.join(given, "timestamp.txt")
        if when is not None and not os.path.exists(stamp):
            atomic_write(stamp, nbgrader_timestamp(when) + "\n")
    return counts


def table(results: list[SubmissionResult], rubric: Rubric, parts=None) -> str:
    """A plain-text class table: one line per student, one character per part; the score is over
    ``parts`` (an assignment's; every part by default)."""
    def glyph(s, m):
        return "#" if s >= m else ("+" if s > 0 else ".")

    parts = list(parts) if parts is not None else list(rubric.parts)
    width = max([len("student")] + [len(r.student) for r in results])
    lines = [f"{'student':<{width}}  {'score':>13}  parts ({' '.join(p.id for p in parts)})"]
    for r in sorted(results, key=lambda r: r.student):
        marks = "".join(glyph(r.parts[p.id].score, r.parts[p.id].max_score) for p in parts)
        score, best = assignment_score(r, parts)
        pct = 100 * score / best if best else 0
        status = "" if r.status == GRADED else f"  ({r.problem[:120]})"
        lines.append(terminal_text(f"{r.student:<{width}}  {pts(score):>6}/{pts(best):<6}  "
                                   f"{marks}  {pct:5.1f}%{status}"))
    lines.append("parts: # full marks, + partial, . none")
    return "\n".join(lines)
