"""For authors: grade the corpus with the real grader and show (or write) each mistake's checks.

    python -m autograder.parts.recatch [PART ...] [--write]

When checks change, the checks a mistake fails may change too. This grades every corpus entry of
the given parts (all by default), packed as the corpus test packs them, and prints each mistake
whose failed checks or hint differ from what its ``catches`` and ``hint`` say, and each alternative
that lost points. ``--write`` rewrites the ``catches`` of the mistakes in their corpus files (the
hints and the alternatives are left for a person to judge). Review the diff before committing.
"""

import argparse
import json
import pathlib
import re
import sqlite3
import subprocess
import sys
import tempfile

from autograder import ROOT
from autograder.authoring.release import build_library
from autograder.grading.rubric import load as load_rubric

from . import hint_table, hints_in


def grade_entries(entries):
    """{entry name: its part's checks from the real grader}, the entries packed into few submissions."""
    from autograder.parts.corpus import batches, mutate

    rubric = load_rubric()
    base = pathlib.Path(tempfile.mkdtemp(prefix="recatch-"))
    packed = batches(entries)
    for i, batch in enumerate(packed):
        build_library(base / "subs" / f"batch-{i:02d}" / "course_lib", rubric, mutate([c.name for c in batch]))
    subprocess.run([sys.executable, "-m", "autograder", "grade", str(base / "subs"), "--out", str(base / "out"),
                    "--no-progress"], cwd=ROOT, check=True, capture_output=True)
    con = sqlite3.connect(base / "out" / "gradebook.sqlite")
    results = {s: json.loads(r) for s, r in con.execute("SELECT student, result FROM grades")}
    con.close()
    out = {}
    for i, batch in enumerate(packed):
        result = results[f"batch-{i:02d}"]
        for c in batch:
            part = rubric.part_of_target(c.target).id
            out[c.name] = [ch for ch in result["checks"] if rubric.checks[ch["id"]].part == part]
    return out


def _tuple(items) -> str:
    """``items`` as a tuple of strings in the corpus files' layout (one per line when long)."""
    one_line = "(" + ", ".join(f'"{c}"' for c in items) + ("," if len(items) == 1 else "") + ")"
    if len(one_line) <= 100:
        return one_line
    return "(\n" + "".join(f'            "{c}",\n' for c in items) + "        )"


def main(argv=None):
    from autograder.parts.corpus import ALTERNATIVES, MISTAKES, PARTS

    parser = argparse.ArgumentParser(prog="python -m autograder.parts.recatch")
    parser.add_argument("parts", nargs="*")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    rubric = load_rubric()
    chosen = [c for c in MISTAKES + ALTERNATIVES
              if not args.parts or rubric.part_of_target(c.target).id in args.parts]
    graded = grade_entries(chosen)
    table = hint_table()
    changes = {}
    for m in chosen:
        checks = graded[m.name]
        failed = tuple(sorted(c["id"] for c in checks if not c["passed"]))
        if not hasattr(m, "catches"):
            if failed:
                print(f"ALTERNATIVE {m.name} lost points: {failed}")
            continue
        hints = set().union(*(hints_in(c["message"], table) for c in checks if not c["passed"]))
        if set(failed) != set(m.catches) or hints != ({m.hint} if m.hint else set()):
            print(f"{m.name}: catches {sorted(m.catches)} -> {list(failed)}; hint {m.hint!r} -> {sorted(hints)}")
            changes[m.name] = failed
    if args.write and changes:
        for module in PARTS.values():
            path = pathlib.Path(module.__file__)
            text = path.read_text()
            for name, failed in changes.items():
                pattern = re.compile(r'(Mistake\(\s*"' + re.escape(name) + r'",.*?""",\s*)\(([^)]*)\)', re.S)
                text = pattern.sub(lambda mm, f=failed: mm.group(1) + _tuple(f), text, count=1)
            path.write_text(text)
        print(f"rewrote the catches of {len(changes)} mistakes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
