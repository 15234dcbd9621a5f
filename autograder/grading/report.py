"""The instructor's class report (report.html): how the class did, what to re-teach, and which
submissions need a look."""

from __future__ import annotations

import base64
import collections
import html
import io

from .outputs import href, page, pts
from .results import GRADED, SubmissionResult
from .rubric import Rubric


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode()


def class_report(results: list[SubmissionResult], rubric: Rubric, summary=None,
                 title: str = "Class report") -> str:
    """Score histogram, pass rate of every check, the most common failure of each part, the
    submissions to look at, any check that broke, and every student's parts."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    e = html.escape
    n = len(results)
    body = [f"<h1>{e(title)}</h1>", f"<p>{n} submissions; {pts(rubric.total)} points available.</p>"]
    if summary is not None and summary.sandbox:
        body.append(f"<p>Sandbox: {e(summary.sandbox)}.</p>")
        if summary.missing_layers:
            body.append(f"<p class=fail>Missing isolation layers: {e('; '.join(summary.missing_layers))}.</p>")
    if not n:
        return page(title, "\n".join(body))

    pct = [100 * r.score / r.max_score for r in results]
    fig, ax = plt.subplots(figsize=(7, 3))
    ax.hist(pct, bins=20, range=(0, 100), color="#4063a8")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("score (%)")
    ax.set_ylabel("students")
    ax.set_title(f"Scores (mean {sum(pct) / n:.1f}%)")
    body.append(f"<h2>Scores</h2><img alt='score histogram' src='data:image/png;base64,{_png(fig)}'>")
    plt.close(fig)

    ids = list(rubric.checks)
    rates = [sum(c.passed for r in results for c in r.checks if c.id == cid) / n for cid in ids]
    fig, ax = plt.subplots(figsize=(7, 0.22 * len(ids) + 1))
    ax.barh(range(len(ids)), [100 * x for x in rates], color="#4f9a6b")
    ax.set_yticks(range(len(ids)), ids, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("students passing (%)")
    body.append(f"<h2>Pass rate of each check</h2><img alt='pass rates' src='data:image/png;base64,{_png(fig)}'>")
    plt.close(fig)

    body.append("<h2>Most common failure of each part</h2><table><tr><th>part</th><th>students "
                "losing points</th><th>most common message</th></tr>")
    for part in rubric.parts:
        messages: collections.Counter = collections.Counter()
        losing = 0
        for r in results:
            failed = [c for c in r.checks if c.part == part.id and not c.passed]
            losing += bool(failed)
            for c in failed:
                messages[c.message[:300] if c.message else "(no message)"] += 1
        common = messages.most_common(1)
        text = f"<pre>{e(common[0][0])}</pre> <i>({common[0][1]}x)</i>" if common else "&mdash;"
        body.append(f"<tr><td>{e(part.id)}</td><td>{losing}</td><td>{text}</td></tr>")
    body.append("</table>")

    flagged = [r for r in results if r.status != GRADED or r.flags]
    if flagged:
        body.append("<h2>Submissions to look at</h2><table><tr><th>student</th><th>name</th><th>why</th></tr>")
        for r in flagged:
            why = "; ".join(([r.problem] if r.problem else []) + r.flags)
            body.append(f"<tr><td>{e(r.student)}</td><td>{e(r.name)}</td><td>{e(why)}</td></tr>")
        body.append("</table>")

    broken = [(r.student, c) for r in results for c in r.checks if c.internal]
    if broken:
        body.append("<h2>Checks that broke (instructor only)</h2><p>These are errors in the checks, "
                    "not in the students' code: please report them.</p>")
        for student, c in broken[:50]:
            body.append(f"<p><b>{e(student)}</b> {e(c.id)}</p><pre>{e(c.detail or c.message)}</pre>")

    body.append("<h2>Students</h2><table><tr><th>student</th><th>score</th>"
                + "".join(f"<th>{e(p.id)}</th>" for p in rubric.parts) + "</tr>")
    for r in sorted(results, key=lambda r: r.student):
        cells = "".join(f"<td>{pts(r.parts[p.id].score)}</td>" for p in rubric.parts)
        body.append(f"<tr><td><a href='{e(href(r.student, 'feedback.html'))}'>{e(r.student)}</a></td>"
                    f"<td>{pts(r.score)}</td>{cells}</tr>")
    body.append("</table>")
    return page(title, "\n".join(body))
