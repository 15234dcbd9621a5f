"""Measure the grader on the held-out corpus: every entry graded by the real grader (packed as the
project's corpus test packs its own), then, per mistake, whether it lost points in its own part,
whether points were lost in another part, and which hints its feedback names; per alternative,
whether it kept full marks.

    python -m heldout_corpus.measure [PART ...] [--corpus heldout_corpus2] [--out FILE.json]

Which named hints are right is for a person to judge, from each mistake's ``cause`` (in the
student's words) against the hint's text: ``review.md`` (written beside ``--out``) lists them.
Nothing here feeds the grader: the corpus is a measurement set only.
"""

import argparse
import importlib
import json
import pathlib
import sqlite3
import subprocess
import sys
import tempfile

from autograder import ROOT
from autograder.authoring.regions import replace_region
from autograder.authoring.release import build_library
from autograder.grading.rubric import load as load_rubric
from autograder.parts import hint_table, hints_in
from autograder.parts.changes import Change
from autograder.parts.corpus import batches

PARTS = ["mse", "mae", "huber", "bce", "bce_logits", "softmax", "cce", "hinge", "multiclass_hinge", "kl",
         "l1", "l2", "elastic_net", "early_stopping", "dropout", "batchnorm"]


def entries(parts, corpus="heldout_corpus"):
    out = []
    for part in parts:
        module = importlib.import_module(f"{corpus}.{part}")
        for kind, items in (("mistake", module.MISTAKES), ("alternative", module.ALTERNATIVES)):
            for d in items:
                out.append((part, kind, d, Change(d["name"], d["target"], d["body"])))
    return out


def transform(changes):
    def apply(module, text):
        for c in changes:
            if c.module == module:
                text = replace_region(text, c.qualname, c.body, f"{module}.py")
        return text
    return apply


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m heldout_corpus.measure")
    parser.add_argument("parts", nargs="*")
    parser.add_argument("--corpus", default="heldout_corpus",
                        help="the package holding the corpus (heldout_corpus, heldout_corpus2)")
    parser.add_argument("--out", default=None, help="default: build/<corpus>-measure.json")
    args = parser.parse_args(argv)
    args.out = args.out or str(ROOT / "build" / f"{args.corpus}-measure.json")
    rubric = load_rubric()
    items = entries(args.parts or PARTS, args.corpus)
    by_name = {c.name: (part, kind, d) for part, kind, d, c in items}
    packed = batches([c for *_, c in items])
    base = pathlib.Path(tempfile.mkdtemp(prefix="heldout-"))
    for i, batch in enumerate(packed):
        build_library(base / "subs" / f"b{i:03d}" / "course_lib", rubric, transform(batch))
    done = subprocess.run([sys.executable, "-m", "autograder", "grade", str(base / "subs"), "--out",
                           str(base / "out"), "--no-progress"], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stdout[-2000:], done.stderr[-2000:])
        return 1
    con = sqlite3.connect(base / "out" / "gradebook.sqlite")
    results = {s: json.loads(r) for s, r in con.execute("SELECT student, result FROM grades")}
    con.close()
    table = hint_table()
    report = []
    for i, batch in enumerate(packed):
        result = results[f"b{i:03d}"]
        held = {rubric.part_of_target(c.target).id for c in batch}
        for c in batch:
            part, kind, d = by_name[c.name]
            mine = [ch for ch in result["checks"] if rubric.checks[ch["id"]].part == part]
            failed = [ch["id"] for ch in mine if not ch["passed"]]
            spilled = [p for p, s in result["parts"].items() if p not in held and s["score"] < s["max_score"]]
            hints = sorted(set().union(*(hints_in(ch["message"], table) for ch in mine if not ch["passed"])))
            report.append({"name": c.name, "part": part, "kind": kind, "mistake_kind": d.get("kind"),
                           "cause": d.get("cause") or d.get("why"), "failed": failed, "spilled": spilled,
                           "hints": hints, "messages": [ch["message"] for ch in mine if not ch["passed"]]})
    out = pathlib.Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1))
    mistakes = [r for r in report if r["kind"] == "mistake"]
    alts = [r for r in report if r["kind"] == "alternative"]
    caught = [r for r in mistakes if r["failed"]]
    lines = [f"# Held-out measurement: {len(mistakes)} mistakes, {len(alts)} alternatives", ""]
    lines.append(f"- mistakes that lost points in their own part: {len(caught)} of {len(mistakes)}")
    lines.append(f"- mistakes with a hint: {sum(bool(r['hints']) for r in caught)}; without: "
                 f"{sum(not r['hints'] for r in caught)}")
    lines.append(f"- points lost outside the part: {sum(bool(r['spilled']) for r in report)}")
    lines.append(f"- alternatives that lost points: {sum(bool(r['failed']) for r in alts)} of {len(alts)}")
    lines += ["", "## Missed mistakes", ""] + [f"- {r['name']}: {r['cause']}" for r in mistakes if not r["failed"]]
    lines += ["", "## Alternatives that lost points", ""]
    lines += [f"- {r['name']}: {r['failed']}: {r['messages'][:1]}" for r in alts if r["failed"]]
    lines += ["", "## Hints named (judge each: does the hint name the cause?)", ""]
    for r in caught:
        if r["hints"]:
            lines.append(f"- {r['name']}\n  - cause: {r['cause']}\n  - hints: "
                         + "; ".join(f"{h}: {table[h]}" for h in r["hints"]))
    (out.parent / "review.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines[:8]))
    print(f"details: {out} and {out.parent / 'review.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
