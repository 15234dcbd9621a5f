"""What each step of the instructor's term costs, measured by running it (``docs/instructors.md``'s
table is this module's output, never typed):

    python -m autograder costs [--students 45] [--autograde-students 3] [--fresh-venv] [--write]

It clones the course, makes a class of ``--students`` students (zips as ``make submit`` makes them:
complete work, a sum where a mean belongs, untouched stubs, late ones, missing notebooks, a
Canvas-named download, one file that is not a zip) and walks the guide's commands in a clone, one
after another, timing each with the wall clock. ``nbgrader autograde`` runs every cell of every
student's notebook one student after another (tens of seconds each): it is timed on
``--autograde-students`` of them (``0``: all). ``--fresh-venv`` builds the clone's own ``.venv`` in
``make demo``, as a fresh clone does (it installs the pinned packages: from the network, or the
machine's pip cache or index); otherwise the clone uses this environment.

The figures are printed; ``--write`` also stores them in ``docs/costs.json`` and rewrites the
guide's table (the ``cost-table`` block) from them. ``tests/test_costs.py`` checks that the guide's
table is what the stored figures give, without running anything.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time
import zipfile

from .. import ROOT

GUIDE = ROOT / "docs" / "instructors.md"
FIGURES = ROOT / "docs" / "costs.json"
ASSIGNMENT = "04_overfitting_and_penalties"     # the guide's $A
DUE = datetime.datetime(2025, 10, 15, 23, 59, tzinfo=datetime.UTC)
CANVAS = "smitherin_123456_7890123_erin-1.zip"  # a Canvas download's name (student smitherin)


# --------------------------------------------------------------------------------------------
# The class
# --------------------------------------------------------------------------------------------

def _kind(i: int) -> dict:
    """Student ``i``'s work: mostly complete, some with a mistake, some untouched or late or
    missing their notebook (the mix is fixed: the same class every run)."""
    return {"library": "untouched" if i % 9 == 4 else "mistake" if i % 5 == 2 else "reference",
            "notebook": None if i % 11 == 7 else "blank" if i % 9 == 4 else "solved",
            "late": i % 6 == 5}


def make_class(course: pathlib.Path, work: pathlib.Path, students: int) -> tuple[pathlib.Path, list[str]]:
    """``students`` zips (``sNNN.zip``), the Canvas-named one and one that is not a zip, in
    ``work/zips``; returns (the folder, the roster's ids)."""
    from ..parts.corpus import EXAMPLES, mutate
    from .release import build_library, build_student_library

    libs = work / "libs"
    build_library(libs / "reference")
    build_student_library(libs / "untouched")
    build_library(libs / "mistake", transform=mutate(EXAMPLES["sum_instead_of_mean"]))
    notebooks = {"solved": course / "solutions" / "notebooks" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
                 "blank": course / "notebooks" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"}
    zips = work / "zips"
    zips.mkdir(parents=True)
    ids = []
    for i in range(students):
        kind = _kind(i)
        name = CANVAS if i == 1 else f"s{i:03d}.zip"
        ids.append("smitherin" if i == 1 else f"s{i:03d}")
        when = DUE + datetime.timedelta(hours=2 if kind["late"] else -3)
        with zipfile.ZipFile(zips / name, "w", zipfile.ZIP_DEFLATED) as zf:
            for py in sorted((libs / kind["library"]).glob("*.py")):
                zf.write(py, f"course_lib/{py.name}")
            if kind["notebook"]:
                zf.write(notebooks[kind["notebook"]], f"notebooks/{ASSIGNMENT}/{ASSIGNMENT}.ipynb")
        os.utime(zips / name, (when.timestamp(), when.timestamp()))
    (zips / "broken.zip").write_bytes(b"this is not a zip file\n")
    return zips, ids + ["nobody"]          # one student of the roster hands nothing in


# --------------------------------------------------------------------------------------------
# The steps
# --------------------------------------------------------------------------------------------

def sandbox_cpu(out: pathlib.Path, kind: str) -> float:
    """CPU seconds of the sandboxed student code that a run recorded in its output folder: the
    library's (``kind`` "grade") in ``gradebook.sqlite``, the notebooks' ("notebooks") in each
    ``STUDENT/notebooks.json``."""
    import sqlite3

    if kind == "notebooks":
        return sum(json.loads(p.read_text()).get("cpu_sandbox", 0.0) for p in out.glob("*/notebooks.json"))
    if not (out / "gradebook.sqlite").is_file():
        return 0.0
    con = sqlite3.connect(out / "gradebook.sqlite")
    try:
        return sum(json.loads(r).get("cpu_sandbox", 0.0) for (r,) in con.execute("SELECT result FROM grades"))
    finally:
        con.close()


class Walk:
    """Runs the guide's commands in ``course``, timing each."""

    def __init__(self, course: pathlib.Path, venv: pathlib.Path | None, log=print):
        self.course, self.log, self.rows = course, log, []
        self.python = str(venv / "bin" / "python") if venv else sys.executable
        self.env = dict(os.environ, PYTHONPATH=str(course), OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
        self.env["PATH"] = os.path.dirname(self.python) + os.pathsep + self.env.get("PATH", "")
        self.env.pop("VIRTUAL_ENV", None)

    def run(self, step: str, shown: str, cmd: list[str], students: int | None = None, ok=(0,), note: str = "",
            per_student: bool = False, sandboxed: tuple[str, str] | None = None):
        """Run ``cmd`` in the course; record the step, the command as the guide shows it, the
        students, the wall seconds, the CPU seconds (of the command, the processes it waited for,
        and the sandboxed student code it ran, which the grader records in its output folder:
        ``sandboxed`` is (that folder, the kind of run), see ``sandbox_cpu``; the grader kills those
        processes rather than waiting for them, so the kernel's count misses them), the load
        average after it, and a note."""
        self.log(f"{step}: {shown}")
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            proc = subprocess.Popen([str(c) for c in cmd], cwd=self.course, env=self.env, stdout=out, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            seconds = time.perf_counter() - start
            if proc.returncode not in ok:
                out.seek(0)
                err.seek(0)
                raise RuntimeError(f"{shown} exited {proc.returncode}:\n{out.read().decode()[-3000:]}\n"
                                   f"{err.read().decode()[-3000:]}")
        cpu = usage.ru_utime + usage.ru_stime
        if sandboxed:
            cpu += sandbox_cpu(self.course / sandboxed[0], sandboxed[1])
        self.rows.append({"step": step, "command": shown, "students": students, "seconds": round(seconds, 1),
                          "cpu": round(cpu, 1), "note": note, "per_student": per_student,
                          "load": round(os.getloadavg()[0], 1)})
        self.log(f"    {seconds:.1f} s ({cpu:.1f} s of CPU)")

    def py(self, *args):
        return [self.python, "-m", *args]


def walk(students: int = 45, autograde_students: int = 3, fresh_venv: bool = False, workdir=None,
         log=print) -> dict:
    """Clone the course, make the class and run the guide's steps; returns the figures."""
    load = [os.getloadavg()[0]]
    started = datetime.datetime.now(datetime.UTC)
    with tempfile.TemporaryDirectory(prefix="costs-", dir=workdir) as tmp:
        work = pathlib.Path(tmp)
        course = work / "course"
        venv = None if fresh_venv else pathlib.Path(sys.prefix)
        w = Walk(work, venv, log)
        w.run("clone", "git clone ...", ["git", "clone", "--quiet", ROOT, course])
        w.course = course
        w.env["PYTHONPATH"] = str(course)
        if fresh_venv:
            w.run("try it", "make demo", ["make", "demo"], 3, note="builds .venv from scratch, grades 3 students",
                  sandboxed=("demo-out", "grade"))
            w.python = str(course / ".venv" / "bin" / "python")
            w.env["PATH"] = str(course / ".venv" / "bin") + os.pathsep + w.env["PATH"]
        else:
            w.run("try it", "make demo", ["make", f"VENV={sys.prefix}", "demo"], 3,
                  note="grades 3 students; building .venv comes on top, once", sandboxed=("demo-out", "grade"))
        zips, roster = make_class(course, work, students)
        (course / "roster.csv").write_text("id,first_name,last_name,email\n"
                                           + "".join(f"{s},First{i},Last{i},\n" for i, s in enumerate(roster)))
        from .release import assignments

        dues = [f"{a}=2025-10-{1 + 2 * k:02d} 23:59 UTC" for k, a in enumerate(assignments())]
        w.run("once per term", "release --db sqlite:///gradebook.db --due ... --due ...",
              w.py("autograder", "release", "--db", "sqlite:///gradebook.db",
                   *[x for d in dues for x in ("--due", d)]), note=f"all {len(dues)} assignments")
        w.run("once per term", "nbgrader db student import roster.csv",
              w.py("nbgrader", "db", "student", "import", "roster.csv"), len(roster))
        dest = work / "course-student"
        make = ["make"] + ([] if fresh_venv else [f"VENV={sys.prefix}"])
        w.run("students' repository", "make student-repo DEST=... (first time)",
              [*make, "student-repo", f"DEST={dest}"])
        w.run("students' repository", "make student-repo DEST=... (update)", [*make, "student-repo", f"DEST={dest}"])
        a = ASSIGNMENT
        handed = students + 1                     # the class's zips and the one that is not a zip
        w.run("collect", "collect zips/ --assignment $A", w.py("autograder", "collect", zips, "--assignment", a),
              handed, ok=(1,), note="one file is not a zip: exit 1", per_student=True)
        graded = students                         # all but the file that is not a zip
        w.run("notebooks", "notebooks submitted --assignment $A --gradebook ...",
              w.py("autograder", "notebooks", "submitted", "--assignment", a, "--out", f"grading/{a}",
                   "--gradebook", "sqlite:///gradebook.db", "--no-progress"), graded, per_student=True,
              sandboxed=(f"grading/{a}", "notebooks"))
        ids = sorted(p.name for p in (course / "submitted").iterdir() if (p / a).is_dir())
        some = ids if autograde_students <= 0 else ids[:autograde_students]
        others = [s for s in ids if s not in some]
        w.run("notebooks", "nbgrader autograde $A",
              w.py("nbgrader", "autograde", a, "--force", "--log-level=ERROR",
                   *([f"--CourseDirectory.student_id_exclude={','.join(others)}"] if others else [])), len(some),
              note="instead: every cell, one student after another" + (f"; timed on {len(some)} of the class"
                                                                       if others else ""), per_student=True)
        w.run("library", "grade submitted --assignment $A --gradebook ... --feedback-dir feedback",
              w.py("autograder", "grade", "submitted", "--assignment", a, "--out", f"grading/{a}",
                   "--gradebook", "sqlite:///gradebook.db", "--feedback-dir", "feedback", "--no-progress"), graded,
              per_student=True, sandboxed=(f"grading/{a}", "grade"))
        w.run("feedback", "nbgrader generate_feedback $A",
              w.py("nbgrader", "generate_feedback", a, "--log-level=ERROR"), graded, per_student=True)
        w.run("export", "nbgrader export --to grades.csv",
              w.py("nbgrader", "export", "--to", "grades.csv", "--log-level=ERROR"), len(roster))
        w.run("LMS folder", "grade zips/ --out grading-lms --due ...",
              w.py("autograder", "grade", zips, "--out", "grading-lms", "--due", "2025-10-15 23:59 UTC",
                   "--no-progress"), handed, per_student=True, sandboxed=("grading-lms", "grade"))
        load += [row["load"] for row in w.rows]
    return {"when": started.strftime("%Y-%m-%d"), "students": students, "assignment": ASSIGNMENT,
            "cores": os.cpu_count(),
            "load": [round(min(load), 1), round(max(load), 1)], "fresh_venv": fresh_venv, "steps": w.rows}


# --------------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------------

def duration(seconds: float) -> str:
    """``0.4 s``, ``27 s``, ``2 min 6 s``."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def table(figures: dict) -> str:
    """The guide's table, from ``figures`` (what ``walk`` returns)."""
    low, high = figures["load"]
    rows = [f"Measured by `python -m autograder costs --students {figures['students']}` on {figures['when']}, on "
            f"a {figures['cores']}-core machine that others were using too (load average {low:g} to {high:g}); "
            "each step in a clone, one after another, with the class it made (zips as `make submit` makes them: "
            "complete work, a mistake, untouched stubs, late ones, missing notebooks, a Canvas download name, "
            f"one file that is not a zip), `$A` being {figures.get('assignment', ASSIGNMENT)}.",
            "Time is the wall clock (what you wait); CPU is the processor time of the command, the processes "
            "it waited for and the sandboxed student code it ran: on a quiet machine the wall clock comes "
            "closer to it, or below it where the work is spread over the cores.",
            "", "| step | command | students | time | per student | CPU |", "|---|---|---|---|---|---|"]
    for row in figures["steps"]:
        n = row["students"]
        per = duration(row["seconds"] / n) if n and row.get("per_student") else ""
        note = f" ({row['note']})" if row["note"] else ""
        rows.append(f"| {row['step']} | `{row['command']}`{note} | {n if n else ''} | {duration(row['seconds'])} "
                    f"| {per} | {duration(row['cpu'])} |")
    return "\n".join(rows)


def write(figures: dict) -> None:
    """Store ``figures`` and rewrite the guide's table from them."""
    from . import docs

    FIGURES.write_text(json.dumps(figures, indent=1) + "\n")
    text = GUIDE.read_text()
    others = {m.group("name") for m in docs.BLOCK.finditer(text)} - {"cost-table"}
    GUIDE.write_text(docs.render(text, {"cost-table": table(figures)}, leave=others))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder costs", description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=45, help="the class's size (default 45)")
    parser.add_argument("--autograde-students", type=int, default=3,
                        help="students nbgrader autograde is timed on (default 3; 0: all)")
    parser.add_argument("--fresh-venv", action="store_true",
                        help="make demo builds the clone's own .venv (installs the pinned packages)")
    parser.add_argument("--write", action="store_true",
                        help="store the figures in docs/costs.json and rewrite the guide's table")
    args = parser.parse_args(argv)
    if args.students < 3:
        parser.error("--students must be at least 3")
    figures = walk(args.students, args.autograde_students, args.fresh_venv,
                   log=lambda m: print(m, file=sys.stderr, flush=True))
    print(table(figures))
    if args.write:
        write(figures)
        print(f"\nwritten to {FIGURES.relative_to(ROOT)} and {GUIDE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
