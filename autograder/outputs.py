"""What the grader writes: grades.csv, results.json (Gradescope's schema), feedback.html per
student, the instructor's class report, and the table printed at the end.

Students see ``results.json`` and ``feedback.html``: check titles, pass or fail, and the checks'
own messages, which never hold hidden inputs or expected values. Instructor-only details (the
traceback of a check that broke) go in the class report only.
"""

import base64
import collections
import csv
import html
import io
import json
import os
import tempfile


def pts(x):
    """Points for people: at most two decimals, no trailing zeros (0.67, 7, 137.67)."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


def atomic_write(path, text):
    """Write ``text`` to ``path`` so that a reader sees the old file or the new one, never half."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.replace(tmp, path)


# --------------------------------------------------------------------------------------------
# Per student
# --------------------------------------------------------------------------------------------

def gradescope_results(result, rubric):
    """``result`` (see ``autograder.scoring``) in Gradescope's results.json schema."""
    tests = []
    part_index = {p.id: i for i, p in enumerate(rubric.parts, 1)}
    counters = collections.Counter()
    titles = {p.id: p.title for p in rubric.parts}
    for c in result["checks"]:
        counters[c["part"]] += 1
        name = f"{titles[c['part']]}: {c['title'] or c['id']}"
        tests.append({
            "name": name,
            "number": f"{part_index[c['part']]}.{counters[c['part']]}",
            "score": c["score"],
            "max_score": c["max_score"],
            "status": "passed" if c["passed"] else "failed",
            "output": "" if c["passed"] else c["message"],
            "visibility": rubric.public_visibility if c["public"] else rubric.hidden_visibility,
            "tags": [c["part"], "public" if c["public"] else "hidden"],
        })
    summary = f"{pts(result['score'])} / {pts(result['max_score'])} points."
    if result.get("problem"):
        summary = f"{result['problem']}\n{summary}"
    return {
        "score": result["score"],
        "execution_time": round(float(result.get("seconds") or 0.0), 3),
        "output": summary,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem} h2{font-size:1.15rem;margin-top:1.6rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%} td,th{padding:.3rem .5rem;border-bottom:1px solid #eee;
text-align:left;vertical-align:top} .pass{color:#16723a} .fail{color:#b3261e} .part{color:#555}
pre{white-space:pre-wrap;margin:.2rem 0;font-size:.9rem;background:#f7f7f7;padding:.4rem}
.tag{font-size:.75rem;color:#666;border:1px solid #ccc;border-radius:3px;padding:0 .25rem}
"""


def feedback_html(result, rubric):
    """The student's feedback page: what passed, what failed and why, part by part."""
    e = html.escape
    rows = [f"<h1>Feedback for {e(result['student'])}</h1>",
            f"<p><b>{pts(result['score'])} of {pts(result['max_score'])} points.</b> "
            "Checks marked <span class=tag>hidden</span> are not in your self-checks; their "
            "messages describe the problem without showing the grader's inputs.</p>"]
    if result.get("problem"):
        rows.append(f"<p class=fail><b>Your submission could not be graded:</b> {e(result['problem'])}</p>")
    for part in rubric.parts:
        ps = result["parts"][part.id]
        rows.append(f"<h2>{e(part.title)} <span class=part>({pts(ps['score'])} / {pts(ps['max_score'])}"
                    f"; notebook {e(part.notebook)})</span></h2><table>")
        for c in (c for c in result["checks"] if c["part"] == part.id):
            mark = "<span class=pass>passed</span>" if c["passed"] else "<span class=fail>failed</span>"
            tag = "public" if c["public"] else "hidden"
            msg = "" if c["passed"] else f"<pre>{e(c['message'])}</pre>"
            rows.append(f"<tr><td>{mark}</td><td>{e(c['title'] or c['id'])} <span class=tag>{tag}</span>"
                        f"{msg}</td><td>{pts(c['score'])} / {pts(c['max_score'])}</td></tr>")
        rows.append("</table>")
    return _page(f"Feedback: {result['student']}", "\n".join(rows))


def _page(title, body):
    return (f"<!doctype html><html><head><meta charset=utf-8><title>{html.escape(title)}</title>"
            f"<style>{STYLE}</style></head><body>\n{body}\n</body></html>\n")


def write_student(out_dir, result, rubric):
    folder = os.path.join(out_dir, result["student"])
    atomic_write(os.path.join(folder, "results.json"),
                 json.dumps(gradescope_results(result, rubric), indent=2, sort_keys=True) + "\n")
    atomic_write(os.path.join(folder, "feedback.html"), feedback_html(result, rubric))


# --------------------------------------------------------------------------------------------
# The class
# --------------------------------------------------------------------------------------------

def grades_csv(results, rubric):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["student", *[p.id for p in rubric.parts], "total", "max_total"])
    for r in sorted(results, key=lambda r: r["student"]):
        w.writerow([r["student"], *[pts(r["parts"][p.id]["score"]) for p in rubric.parts],
                    pts(r["score"]), pts(r["max_score"])])
    return buf.getvalue()


def table(results, rubric):
    """A plain-text class table: one line per student, one character per part."""
    glyph = lambda s, m: "#" if s >= m else ("+" if s > 0 else ".")  # noqa: E731
    width = max([len("student")] + [len(r["student"]) for r in results])
    lines = [f"{'student':<{width}}  {'score':>13}  parts ({' '.join(p.id for p in rubric.parts)})"]
    for r in sorted(results, key=lambda r: r["student"]):
        marks = "".join(glyph(r["parts"][p.id]["score"], r["parts"][p.id]["max_score"]) for p in rubric.parts)
        pct = 100 * r["score"] / r["max_score"] if r["max_score"] else 0
        lines.append(f"{r['student']:<{width}}  {pts(r['score']):>6}/{pts(r['max_score']):<6}  {marks}  {pct:5.1f}%"
                     + (f"  ({r['problem']})" if r.get("problem") else ""))
    lines.append("parts: # full marks, + partial, . none")
    return "\n".join(lines)


def _png(fig):
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode()


def class_report(results, rubric, title="Class report"):
    """The instructor's HTML report: score histogram, pass rate of every check, the most common
    failure of each part, and any check that broke."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    e = html.escape
    n = len(results)
    body = [f"<h1>{e(title)}</h1>", f"<p>{n} submissions graded; {rubric.total:g} points available.</p>"]
    if not n:
        return _page(title, "\n".join(body))

    pct = [100 * r["score"] / r["max_score"] for r in results]
    fig, ax = plt.subplots(figsize=(7, 3))
    ax.hist(pct, bins=20, range=(0, 100), color="#4063a8")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("score (%)")
    ax.set_ylabel("students")
    ax.set_title(f"Scores (mean {sum(pct) / n:.1f}%)")
    body.append(f"<h2>Scores</h2><img src='data:image/png;base64,{_png(fig)}'>")
    plt.close(fig)

    ids = list(rubric.checks)
    rates = [sum(c["passed"] for r in results for c in r["checks"] if c["id"] == cid) / n for cid in ids]
    fig, ax = plt.subplots(figsize=(7, 0.22 * len(ids) + 1))
    ax.barh(range(len(ids)), [100 * x for x in rates], color="#4f9a6b")
    ax.set_yticks(range(len(ids)), ids, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("students passing (%)")
    body.append(f"<h2>Pass rate of each check</h2><img src='data:image/png;base64,{_png(fig)}'>")
    plt.close(fig)

    body.append("<h2>Most common failure of each part</h2><table><tr><th>part</th><th>students "
                "losing points</th><th>most common message</th></tr>")
    for part in rubric.parts:
        messages = collections.Counter()
        losing = 0
        for r in results:
            failed = [c for c in r["checks"] if c["part"] == part.id and not c["passed"]]
            losing += bool(failed)
            for c in failed:
                messages[c["message"].splitlines()[0][:200] if c["message"] else "(no message)"] += 1
        common = messages.most_common(1)
        text = f"{e(common[0][0])} <i>({common[0][1]}x)</i>" if common else "&mdash;"
        body.append(f"<tr><td>{e(part.id)}</td><td>{losing}</td><td>{text}</td></tr>")
    body.append("</table>")

    broken = [(r["student"], c) for r in results for c in r["checks"] if c.get("internal")]
    if broken:
        body.append("<h2>Checks that broke (instructor only)</h2><p>These are errors in the checks, "
                    "not in the students' code: please report them.</p>")
        for student, c in broken[:50]:
            body.append(f"<p><b>{e(student)}</b> {e(c['id'])}</p><pre>{e(c.get('detail') or c['message'])}</pre>")

    body.append("<h2>Students</h2><table><tr><th>student</th><th>score</th>"
                + "".join(f"<th>{e(p.id)}</th>" for p in rubric.parts) + "</tr>")
    for r in sorted(results, key=lambda r: r["student"]):
        cells = "".join(f"<td>{pts(r['parts'][p.id]['score'])}</td>" for p in rubric.parts)
        body.append(f"<tr><td><a href='{e(r['student'])}/feedback.html'>{e(r['student'])}</a></td>"
                    f"<td>{pts(r['score'])}</td>{cells}</tr>")
    body.append("</table>")
    return _page(title, "\n".join(body))
