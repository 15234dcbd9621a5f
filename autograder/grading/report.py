"""The instructor's class report (report.html): how the class did, what to re-teach, which
submissions need a look, and how the run went.

Sections, in order: the run (date, assignment and due date, grader hash, sandbox layers,
counts); the scores (median and quartiles, a histogram); each part (mean, and the share of
students with full marks, partial credit, wrong, or not attempted: "not written yet" is not
attempted); the most common diagnosed mistakes with how many students made each (what to
re-teach); flagged submissions (not graded, unusable, unusable names, sandbox layers missing,
timeouts, late, missing notebooks or submissions, anything that touched the trust boundary); the
slowest submissions; checks that broke; every check's pass rate; and a sortable table of every
student that fits the page at any width (its own horizontal scroll on a phone).

Everything a student controls (names, messages quoting their exceptions) is escaped, links are
relative (``outputs.href``), and the page runs only the grader's own sorting script.
"""

from __future__ import annotations

import base64
import collections
import datetime
import html
import io
import re
import statistics

from .outputs import BatchInfo, assignment_score, href, page, part_state, pts
from .results import GRADED, NOT_GRADED, UNUSABLE, SubmissionResult
from .rubric import Rubric
from .submissions import CHECK_WHO

STYLE = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:80rem;margin:1.2rem auto;padding:0 1rem;
color:#1f2328;line-height:1.4}
h1{font-size:1.5rem;margin:.2rem 0} h2{font-size:1.15rem;margin:1.8rem 0 .5rem;border-bottom:1px solid #d0d7de;
padding-bottom:.2rem} h3{font-size:1rem;margin:1rem 0 .3rem}
.muted{color:#59636e} .fail{color:#b3261e} .ok{color:#116329}
.meta{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.1rem 1rem;margin:.5rem 0}
.meta dt{color:#59636e} .meta dd{margin:0;overflow-wrap:anywhere}
.cards{display:flex;flex-wrap:wrap;gap:.6rem;margin:.6rem 0}
.card{border:1px solid #d0d7de;border-radius:8px;padding:.4rem .8rem;min-width:7.5rem}
.card b{display:block;font-size:1.25rem;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto;max-width:100%;border:1px solid #d0d7de;border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{padding:.3rem .45rem;border-bottom:1px solid #eaeef2;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.msg{white-space:pre-wrap;overflow-wrap:anywhere;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;
font-size:.82rem;margin:0}
.bar{display:flex;height:.8rem;min-width:8rem;border-radius:3px;overflow:hidden;background:#eaeef2}
.bar span{display:block;height:100%}
.full{background:#2da44e} .partial{background:#d4a72c} .wrong{background:#cf222e} .not_attempted{background:#afb8c1}
.key span{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;vertical-align:middle;margin:0 .2rem 0 .6rem}
#students{font-size:.82rem}
#students th{cursor:pointer;user-select:none;position:sticky;top:0;white-space:nowrap}
#students th[aria-sort=ascending]::after{content:" \\25B2"} #students th[aria-sort=descending]::after{content:" \\25BC"}
#students td.cell{text-align:center;font-variant-numeric:tabular-nums;white-space:nowrap;padding:.25rem .3rem}
#students td.cell.full{background:#dafbe1} #students td.cell.partial{background:#fff8c5}
#students td.cell.wrong{background:#ffebe9} #students td.cell.not_attempted{background:#f6f8fa;color:#8c959f}
#students th.part{writing-mode:vertical-rl;transform:rotate(180deg);padding:.4rem .2rem;font-weight:500}
#students td:first-child,#students th:first-child{position:sticky;left:0;background:#fff;z-index:1}
#students th:first-child{z-index:2;background:#f6f8fa}
.flags{max-width:22rem;overflow-wrap:anywhere}
tr.ours td{background:#f0f6ff} .tag{font-size:.72rem;color:#0b57d0;border:1px solid #9ec5fe;border-radius:3px;
padding:0 .25rem;white-space:nowrap}
details summary{cursor:pointer;margin:.4rem 0}
img{max-width:100%;height:auto}
@media (max-width:40rem){body{padding:0 .5rem} .meta{grid-template-columns:1fr} .meta dt{margin-top:.3rem}}
"""

# Sorts the student table: click a header (again to reverse). Cells carry data-v (a number or
# text) when the shown text is not what sorts.
SCRIPT = """
document.querySelectorAll('table.sortable').forEach(function (table) {
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, col) {
    th.tabIndex = 0;
    function sort() {
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      var numeric = th.classList.contains('num');
      var rows = Array.prototype.slice.call(table.tBodies[0].rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute('data-v') || a.cells[col].textContent;
        var y = b.cells[col].getAttribute('data-v') || b.cells[col].textContent;
        var d = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
        return asc ? d : -d;
      });
      rows.forEach(function (r) { table.tBodies[0].appendChild(r); });
    }
    th.addEventListener('click', sort);
    th.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') { sort(); } });
  });
});
"""

STATES = (("full", "full marks"), ("partial", "partial credit"), ("wrong", "wrong (no points)"),
          ("not_attempted", "not attempted"))

NOT_WRITTEN = "is not written yet"
TIMEOUT = "did not return within the time limit"
# Messages that say something went wrong without saying what: not a diagnosis.
_GENERIC = re.compile(r"(is not right(?: \(\d+ of \d+ elements differ\))?(?: \(speed is credited only once the "
                      r"values are right\))?\.?$)|(did not return within)|"
                      r"( raised )|(stopped the process)|(this check did not run)|(could not be graded)|"
                      r"(cases failed:$)")
_WHERE = re.compile(r" at course_lib/[A-Za-z_][A-Za-z0-9_]*\.py, line [0-9]+")


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode()


def _cut(text: str, limit: int) -> str:
    return text[:limit] + ("..." if len(text) > limit else "")


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _quartiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) == 1:
        return values[0], values[0], values[0]
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q2, q3


def diagnoses(message: str) -> list[tuple[str, str]]:
    """The diagnosed mistakes in one check's message (one per failed case), as (key, text): the
    text without the student's file and line, and a key that is the same for the same mistake met
    in other cases or with other numbers (the diagnosis after "is not right: ", numbers blanked)."""
    lines = message.strip().splitlines()
    if not lines:
        return []
    cases = [line.strip()[2:] for line in lines[1:] if line.strip().startswith("- ")]
    candidates = [c.split(": ", 1)[1] if ": " in c else c for c in cases] if cases else [lines[0]]
    found = []
    for line in candidates:
        line = _WHERE.sub("", line.strip())
        if not line or NOT_WRITTEN in line or _GENERIC.search(line):
            continue
        core = line.split(" is not right: ", 1)[1] if " is not right: " in line else line
        found.append((_shape(core), line[:300]))
    return found


def _layers(sandbox: str) -> str:
    """The layers a sandbox description names, without the numbers that differ between workers
    (the uid of each sandbox, the cgroup's size)."""
    return re.sub(r"[0-9]+", "#", sandbox)


def _shape(text: str) -> str:
    """A message with its numbers blanked: the same mistake met with other inputs."""
    return re.sub(r"-?[0-9]+(?:\.[0-9]+)?(?:e-?[0-9]+)?", "#", text)


def _flags(results: list[SubmissionResult], summary, batch: BatchInfo) -> list[tuple[str, str, list]]:
    """(title, what it means, [(student, name, why)]) for every kind of submission to look at."""
    sandboxes = collections.Counter(_layers(r.sandbox) for r in results if r.status == GRADED and r.sandbox)
    usual = sandboxes.most_common(1)[0][0] if sandboxes else ""
    groups: dict[str, list] = collections.defaultdict(list)
    for r in sorted(results, key=lambda r: r.student):
        info = batch.info(r.student)
        if r.course_lib_imported:
            groups["trust"].append((r.student, r.name, "the grader imported course_lib: report this"))
        if r.status == NOT_GRADED:
            groups["not_graded"].append((r.student, r.name, r.problem))
        elif r.status == UNUSABLE:
            groups["unusable"].append((r.student, r.name, r.problem))
        for f in r.flags:
            if "is not usable as a student id" in f:
                groups["names"].append((r.student, r.name, f))
        if r.status == GRADED and usual and _layers(r.sandbox) != usual:
            groups["sandbox"].append((r.student, r.name, f"graded under: {r.sandbox or 'unknown'}"))
        timed_out = [c.id for c in r.checks if TIMEOUT in c.message]
        if timed_out:
            groups["timeouts"].append((r.student, r.name, f"{len(timed_out)} check(s) ran out of time: "
                                       + ", ".join(timed_out[:6]) + (" ..." if len(timed_out) > 6 else "")))
        late = [n for n in info.notes() if n.startswith("late")]
        if late:
            groups["late"].append((r.student, r.name, late[0]))
        if info.missing_notebooks:
            groups["missing"].append((r.student, r.name, "missing notebook(s): " + ", ".join(info.missing_notebooks)))
        for f in r.flags:
            if f.startswith(CHECK_WHO):
                groups["who"].append((r.student, r.name, f[len(CHECK_WHO):].strip()))
        other = [f for f in r.flags if "is not usable as a student id" not in f and not f.startswith(CHECK_WHO)]
        if other:
            groups["notes"].append((r.student, r.name, "; ".join(other)))
    for h in batch.held:
        groups["held"].append(("(not graded)", h.name, h.why))
    for student in batch.empty_students:
        groups["missing"].append((student, "", "handed in an empty upload"))
    for student in batch.missing_students:
        groups["missing"].append((student, "", "on the roster, but handed nothing in"))
    layers = getattr(summary, "missing_layers", None) or []
    for layer in layers:
        groups["sandbox"].insert(0, ("(the whole run)", "", layer))
    kinds = [
        ("trust", "Trust boundary", "the grader's own process imported student code: this must never happen"),
        ("held", "Uploads not graded: who handed them in?", "they map to no student of the roster, or to several: "
                 "add the name to a student's aliases in the roster and grade again"),
        ("who", "Check who handed in", "uploads taken for one student that do not all carry the same name, or "
                "namesakes told apart by their LMS id"),
        ("not_graded", "Not graded", "the grader failed on these; they are graded again on the next run"),
        ("unusable", "Unusable submissions", "scored 0: the reason is in their feedback"),
        ("names", "Unusable names", "their file or folder name could not be a student id: graded under a safe id"),
        ("sandbox", "Sandbox layers missing", "isolation layers that were not in force"),
        ("timeouts", "Timeouts", "calls into their code ran out of time (endless loops, or very slow code)"),
        ("late", "Late", "handed in after the due date"),
        ("missing", "Missing", "notebooks not handed in, and students who handed nothing in"),
        ("notes", "Other notes", "resubmissions, LMS names, partial uploads completed with the provided code"),
    ]
    return [(title, meaning, groups[key]) for key, title, meaning in kinds if groups.get(key)]


def _run_section(results, rubric, summary, batch: BatchInfo) -> list[str]:
    e = html.escape
    counts = collections.Counter(r.status for r in results)
    rows = [("date", batch.when.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"))]
    if batch.assignment:
        rows.append(("assignment", batch.assignment))
    if batch.assignment or batch.due:
        rows.append(("due", batch.due.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC") if batch.due
                     else "not known: lateness is not computed (give --due, or record due dates in nbgrader)"))
    rows.append(("submissions", f"{len(results)}: {counts[GRADED]} graded, {counts[UNUSABLE]} unusable, "
                                f"{counts[NOT_GRADED]} not graded"))
    if summary is not None:
        rows.append(("this run", f"{summary.graded} graded, {summary.reused} unchanged since the last run, "
                                 f"{summary.retried} retried, in {summary.seconds:.1f} s"))
        rows.append(("sandbox", summary.sandbox or "(nothing was graded in this run)"))
    if batch.grader_hash:
        rows.append(("grader", f"{batch.grader_hash[:12]} (hash of the checks, rubric, reference and limits)"))
    parts = batch.parts(rubric)
    if len(parts) < len(rubric.parts):
        rows.append(("points", f"{pts(sum(p.points for p in parts))}: the {len(parts)} part(s) {batch.assignment} "
                               f"teaches (the library has {pts(rubric.total)} in {len(rubric.parts)} parts, "
                               f"{len(rubric.checks)} checks)"))
    else:
        rows.append(("points", f"{pts(rubric.total)} in {len(rubric.parts)} parts, {len(rubric.checks)} checks"))
    body = ["<dl class=meta>"] + [f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in rows] + ["</dl>"]
    if summary is not None and summary.missing_layers:
        body.append(f"<p class=fail>Missing isolation layers: {e('; '.join(summary.missing_layers))}.</p>")
    return body


def _gradesheet_section(sheet) -> list[str]:
    """The assignment's gradesheet: what gradesheet.csv and canvas.csv hold, every total included."""
    e = html.escape
    rows = sheet.rows
    graded = [r.total for r in rows if r.status != "not graded"] or [0.0]
    late = [r for r in rows if r.penalty]
    pending = [r for r in rows if "to grade" in r.written_state]
    written = ("written " + pts(sheet.written_max) if sheet.written_source == "nbgrader" else
               f"written answers {'on Gradescope' if sheet.written_source else 'not graded here'}")
    cards = [("students", str(len(rows))), ("out of", pts(sheet.max_total)), ("median", pts(statistics.median(graded))),
             ("mean", pts(statistics.fmean(graded))), ("late penalties", str(len(late))),
             ("written to grade", str(len(pending)))]
    body = [f"<h2>Gradesheet: {e(sheet.assignment)}</h2>",
            f"<p class=muted>Library {pts(sheet.library_max)} + notebook {pts(sheet.notebook_max)} + {e(written)}, "
            f"less the late penalty ({e(sheet.policy.describe())}); points from {e(sheet.source)}. The same totals "
            "are in gradesheet.csv and canvas.csv.</p>",
            "<div class=cards>" + "".join(f"<div class=card><span class=muted>{e(k)}</span><b>{e(v)}</b></div>"
                                          for k, v in cards) + "</div>",
            "<details><summary>Every student's total</summary><div class=scroll><table class=sortable id=sheet>"
            "<thead><tr><th>student</th><th>status</th><th class=num>library</th><th class=num>notebook</th>"
            "<th class=num>written</th><th>late</th><th class=num>penalty</th><th class=num>total</th></tr></thead>"
            "<tbody>"]
    for r in rows:
        def num(x):
            return f"<td class=n data-v='{x if x is not None else -1:.4f}'>{pts(x) if x is not None else ''}</td>"
        body.append(f"<tr><td>{e(r.student)}</td><td>{e(r.status)}</td>{num(r.library)}{num(r.notebook)}"
                    f"{num(r.written)}<td>{e(r.lateness.text())}</td>{num(r.penalty)}{num(r.total)}</tr>")
    body.append("</tbody></table></div></details>")
    return body


def class_report(results: list[SubmissionResult], rubric: Rubric, summary=None,
                 title: str = "Class report", batch: BatchInfo | None = None) -> str:
    """The class report as one self-contained HTML page (see the module docstring)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    e = html.escape
    batch = batch or BatchInfo()
    n = len(results)
    if batch.assignment:
        title = f"{title}: {batch.assignment}"
    body = [f"<h1>{e(title)}</h1>"] + _run_section(results, rubric, summary, batch)
    if not n:
        return page(title, "\n".join(body), STYLE)

    # ---- scores ---------------------------------------------------------------------------------
    taught = batch.parts(rubric)
    score_of = {r.student: assignment_score(r, taught)[0] for r in results}
    scores = sorted(score_of.values())
    q1, median, q3 = _quartiles(scores)
    total = sum(p.points for p in taught) or 1.0
    cards = [("students", str(n)), ("median", f"{pts(median)} ({100 * median / total:.0f}%)"),
             ("quartiles", f"{pts(q1)} to {pts(q3)}"), ("mean", pts(statistics.fmean(scores))),
             ("lowest", pts(scores[0])), ("highest", pts(scores[-1]))]
    heading = f"Scores: the library parts {batch.assignment} teaches" if len(taught) < len(rubric.parts) else "Scores"
    body.append(f"<h2>{e(heading)}</h2><div class=cards>"
                + "".join(f"<div class=card><span class=muted>{e(k)}</span><b>{e(v)}</b></div>" for k, v in cards)
                + "</div>")
    fig, ax = plt.subplots(figsize=(7, 2.6))
    ax.hist([100 * s / total for s in scores], bins=20, range=(0, 100), color="#4063a8")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("score (%)")
    ax.set_ylabel("students")
    for x, style in ((q1, ":"), (median, "-"), (q3, ":")):
        ax.axvline(100 * x / total, color="#b3261e", linestyle=style, linewidth=1)
    ax.set_title("Scores (red: median, dotted: quartiles)", fontsize=10)
    body.append(f"<img alt='histogram of the scores' width=630 src='data:image/png;base64,{_png(fig)}'>")
    plt.close(fig)

    if batch.sheet is not None:
        body += _gradesheet_section(batch.sheet)

    # ---- parts ----------------------------------------------------------------------------------
    states = {r.student: {p.id: part_state(r, p.id) for p in rubric.parts} for r in results}
    graded = [r for r in results if r.status == GRADED] or results
    body.append(f"<h2>Parts</h2><p class='muted key'>Share of the {len(graded)} graded submissions:"
                + "".join(f"<span class={k}></span>{e(label)}" for k, label in STATES)
                + ". Not attempted: the function still raises NotImplementedError.</p>")
    body.append("<div class=scroll><table><thead><tr><th>part</th><th>notebook</th><th class=n>points</th>"
                "<th class=n>mean</th>" + "".join(f"<th class=n>{e(label)}</th>" for _, label in STATES)
                + "<th>share</th></tr></thead><tbody>")
    g = len(graded)
    for part in rubric.parts:
        mean = statistics.fmean(r.parts[part.id].score for r in graded)
        share = collections.Counter(states[r.student][part.id] for r in graded)
        bar = "".join(f"<span class={k} style='width:{100 * share[k] / g:.1f}%' title='{e(label)}: {share[k]}'>"
                      "</span>" for k, label in STATES)
        ours = " <span class=tag>this assignment</span>" if batch.assignment == part.notebook else ""
        body.append(f"<tr{' class=ours' if ours else ''}><td>{e(part.title)} <span class=muted>({e(part.id)})</span>"
                    f"{ours}</td><td>{e(part.notebook)}</td>"
                    f"<td class=n>{pts(part.points)}</td><td class=n>{pts(mean)}</td>"
                    + "".join(f"<td class=n>{_pct(share[k] / g)}</td>" for k, _ in STATES)
                    + f"<td><div class=bar>{bar}</div></td></tr>")
    body.append("</tbody></table></div>")

    # ---- diagnosed mistakes ---------------------------------------------------------------------
    mistakes: dict[tuple[str, str], set[str]] = collections.defaultdict(set)
    examples: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    for r in results:
        if r.status != GRADED:
            continue
        for c in r.checks:
            if not c.passed and not c.internal:
                for core, text in diagnoses(c.message):
                    key = (c.part, core)
                    mistakes[key].add(r.student)
                    examples[key][text] += 1
    common = sorted(mistakes.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:20]
    titles = {p.id: p.title for p in rubric.parts}
    body.append("<h2>Most common mistakes (what to re-teach)</h2>")
    if common:
        body.append("<p class=muted>Failures the checks could name, by how many students made each (messages "
                    "that only say a value is wrong, crashes, timeouts and unwritten functions are left out).</p>")
        body.append("<div class=scroll><table><thead><tr><th class=n>students</th><th>part</th><th>mistake</th>"
                    "</tr></thead><tbody>")
        for key, who in common:
            part = key[0]
            text, _ = examples[key].most_common(1)[0]
            variants = len(examples[key]) - 1
            plural = "s" if variants > 1 else ""
            more = f" <span class=muted>(and {variants} other case{plural})</span>" if variants else ""
            body.append(f"<tr><td class=n>{len(who)} <span class=muted>({_pct(len(who) / g)})</span></td>"
                        f"<td>{e(titles.get(part, part))}</td><td><p class=msg>{e(text)}</p>{more}</td></tr>")
        body.append("</tbody></table></div>")
    else:
        body.append("<p>No diagnosed mistakes.</p>")

    # ---- flagged --------------------------------------------------------------------------------
    flagged = _flags(results, summary, batch)
    body.append("<h2>Flagged submissions</h2>")
    if not flagged:
        body.append("<p class=ok>Nothing to look at: every submission was graded, on time and complete, "
                    "in a full sandbox.</p>")
    for heading, meaning, rows in flagged:
        body.append(f"<h3>{e(heading)} ({len(rows)})</h3><p class=muted>{e(meaning)}</p>"
                    "<div class=scroll><table><thead><tr><th>student</th><th>submitted as</th><th>why</th></tr>"
                    "</thead><tbody>")
        for student, name, why in rows[:300]:
            link = e(href(student, "feedback.html")) if not student.startswith("(") else ""
            cell = f"<a href='{link}'>{e(student)}</a>" if link else e(student)
            body.append(f"<tr><td>{cell}</td><td>{e(name if name != student else '')}</td>"
                        f"<td><p class=msg>{e(why)}</p></td></tr>")
        body.append("</tbody></table></div>")

    # ---- slowest --------------------------------------------------------------------------------
    slow = sorted((r for r in results if r.status == GRADED and r.seconds), key=lambda r: -r.seconds)[:10]
    if slow:
        body.append("<h2>Slowest submissions</h2><div class=scroll><table><thead><tr><th>student</th>"
                    "<th class=n>wall time</th><th class=n>CPU in the sandbox</th><th class=n>calls</th>"
                    "<th class=n>score</th></tr></thead><tbody>")
        for r in slow:
            body.append(f"<tr><td><a href='{e(href(r.student, 'feedback.html'))}'>{e(r.student)}</a></td>"
                        f"<td class=n>{r.seconds:.1f} s</td><td class=n>{r.cpu_sandbox:.1f} s</td>"
                        f"<td class=n>{r.calls}</td><td class=n>{pts(score_of[r.student])}</td></tr>")
        body.append("</tbody></table></div>")

    # ---- checks that broke ----------------------------------------------------------------------
    broken = [(r.student, c) for r in results for c in r.checks if c.internal]
    if broken:
        body.append("<h2 class=fail>Checks that broke (instructor only)</h2><p>These are errors in the checks, "
                    "not in the students' code: please report them.</p>")
        for student, c in broken[:50]:
            body.append(f"<h3>{e(student)}: {e(c.id)}</h3><pre class=msg>{e(c.detail or c.message)}</pre>")

    # ---- every check ----------------------------------------------------------------------------
    body.append("<details><summary>Pass rate of every check</summary><div class=scroll><table><thead><tr>"
                "<th>check</th><th class=n>points</th><th class=n>passed</th><th>most common message</th></tr>"
                "</thead><tbody>")
    by_check: dict[str, list] = collections.defaultdict(list)
    for r in results:
        for c in r.checks:
            by_check[c.id].append(c)
    for cid, check in rubric.checks.items():
        got = by_check.get(cid, [])
        passed = sum(c.passed for c in got)
        messages = collections.Counter(c.message for c in got if not c.passed and c.message)
        top = messages.most_common(1)
        text = f"<p class=msg>{e(top[0][0][:600])}</p> <span class=muted>({top[0][1]})</span>" if top else ""
        body.append(f"<tr><td>{e(cid)}{'' if check.public else ' <span class=muted>hidden</span>'}</td>"
                    f"<td class=n>{pts(check.points)}</td><td class=n>{_pct(passed / n)}</td><td>{text}</td></tr>")
    body.append("</tbody></table></div></details>")

    # ---- students -------------------------------------------------------------------------------
    body.append(f"<h2>Students ({n})</h2><p class=muted>Click a column to sort. Cells: points of each part "
                "(green full, yellow partial, red wrong, grey not attempted).</p>")
    head = ("<tr><th>student</th><th class=num>score</th><th class=num>%</th>"
            + "".join(f"<th class='part num' title='{e(p.title)}'>{e(p.id)}</th>" for p in rubric.parts)
            + "<th>notes</th></tr>")
    body.append(f"<div class=scroll><table id=students class=sortable><thead>{head}</thead><tbody>")
    for r in sorted(results, key=lambda r: r.student):
        info = batch.info(r.student)
        notes = ([r.problem] if r.problem else []) + info.notes() + r.flags
        cells = "".join(f"<td class='cell {states[r.student][p.id]}' data-v='{r.parts[p.id].score:.4f}'>"
                        f"{pts(r.parts[p.id].score)}</td>" for p in rubric.parts)
        shown = "; ".join(notes)
        body.append(f"<tr><td><a href='{e(href(r.student, 'feedback.html'))}'>{e(r.student)}</a></td>"
                    f"<td class=n data-v='{score_of[r.student]:.4f}'>{pts(score_of[r.student])}</td>"
                    f"<td class=n data-v='{score_of[r.student] / total:.6f}'>{100 * score_of[r.student] / total:.0f}"
                    f"</td>{cells}"
                    f"<td class=flags title='{e(shown)}'>{e(_cut(shown, 160))}</td></tr>")
    body.append("</tbody></table></div>")
    return page(title, "\n".join(body), STYLE, SCRIPT)
