"""Benchmarks of the grader: figures printed, never asserted (``make bench``).

1. Throughput: grade N copies of a complete submission (N = 50, 100, 200 by default) from
   scratch with the real command line, and print submissions per minute, wall seconds and CPU
   seconds per submission (CPU of the grader and every process under it), so that cost is seen
   to be linear in N.
2. The baseline: ``nbgrader autograde`` of the same kind of student (complete work, notebooks
   included) on the course's notebooks, one student after another as nbgrader does, and the
   ratio of the two throughputs.

    python -m autograder bench [--sizes 50 100 200] [--nbgrader-students 2] [--jobs N]
"""

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

from .. import ROOT
from .release import assignments, build_library, nbgrader_env


def _run_measured(cmd, cwd, env=None):
    """Run ``cmd``; return (wall seconds, CPU seconds of it and all its waited-for descendants)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed:\n{proc.stderr.read().decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def grader_throughput(n, jobs=None, workdir=None):
    """Grade ``n`` copies of the reference submission; returns a dict of figures."""
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        batch = pathlib.Path(tmp) / "batch"
        for i in range(n):
            build_library(batch / f"student{i:04d}" / "course_lib")
        cmd = [sys.executable, "-m", "autograder", "grade", str(batch), "--out", str(pathlib.Path(tmp) / "out"),
               "--no-progress"] + (["--jobs", str(jobs)] if jobs else [])
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        wall, cpu = _run_measured(cmd, ROOT, env)
        grades = (pathlib.Path(tmp) / "out" / "grades.csv").read_text().splitlines()
        assert len(grades) == n + 1
        # The sandboxed children are killed, not waited for by their parents, so the kernel's
        # rusage misses them: the workers measure them (from /proc) and record them per student.
        import sqlite3

        con = sqlite3.connect(pathlib.Path(tmp) / "out" / "gradebook.sqlite")
        cpu += sum(json.loads(r).get("cpu_sandbox", 0.0) for (r,) in con.execute("SELECT result FROM grades"))
        con.close()
    return {"n": n, "wall": wall, "cpu": cpu, "per_min": 60 * n / wall, "cpu_per_sub": cpu / n,
            "wall_per_sub": wall / n}


def loss_table(n=1_000_000, repeat=5):
    """CPU milliseconds of each reference loss, value then gradient, on ``n`` elements."""
    import time as _time

    import numpy as np

    from ..grading import reference

    losses = reference.load().losses
    rng = np.random.default_rng(0)
    a, b = rng.uniform(-3, 3, n), rng.uniform(-3, 3, n)
    p, y01 = rng.uniform(0.01, 0.99, n), (rng.random(n) < 0.5).astype(float)
    signs = np.where(rng.random(n) < 0.5, -1.0, 1.0)
    rows, c = n // 10, 10
    logits, labels = rng.uniform(-3, 3, (rows, c)), rng.integers(0, c, rows)
    simplex = rng.random((rows, c)) + 0.01
    simplex /= simplex.sum(axis=1, keepdims=True)
    cases = [("mse", (a, b)), ("mae", (a, b)), ("huber", (a, b)), ("binary_cross_entropy", (p, y01)),
             ("binary_cross_entropy_with_logits", (a, y01)), ("categorical_cross_entropy", (logits, labels)),
             ("hinge", (a, signs)), ("multiclass_hinge", (logits, labels)), ("kl_divergence", (simplex, simplex[::-1]))]
    table = []
    for name, args in cases:
        times = []
        for fn in (getattr(losses, name), getattr(losses, name + "_grad")):
            best = float("inf")
            for _ in range(repeat):
                start = _time.process_time()
                fn(*args)
                best = min(best, _time.process_time() - start)
            times.append(best * 1000)
        table.append((name, times[0], times[1]))
    for name in ("softmax", "log_softmax"):
        best = float("inf")
        for _ in range(repeat):
            start = _time.process_time()
            getattr(losses, name)(logits)
            best = min(best, _time.process_time() - start)
        table.append((name, best * 1000, None))
    return table


def _course(dest, students):
    """An nbgrader course folder: every assignment generated (the gradebook records it) and
    ``students`` students of complete work (the source notebooks and the reference library) in
    ``submitted/STUDENT/ASSIGNMENT/``, each with nbgrader's ``timestamp.txt``."""
    names = assignments()
    course = pathlib.Path(dest)
    shutil.copytree(ROOT / "solutions" / "notebooks", course / "source")
    shutil.copytree(ROOT / "checks", course / "checks", ignore=shutil.ignore_patterns("__pycache__"))
    (course / "nbgrader_config.py").write_text(
        f'c = get_config()\nc.CourseDirectory.root = {str(course)!r}\n'
        f'c.CourseDirectory.db_url = "sqlite:///{course}/gradebook.db"\n'
        "c.ExecutePreprocessor.timeout = 900\n")
    env = nbgrader_env()
    env["PYTHONPATH"] = ""
    for name in names:
        subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", name, "--force",
                        "--log-level=ERROR"], cwd=course, env=env, check=True, capture_output=True)
    add_students(course, range(students))
    return course, env


def add_students(course, numbers):
    for s in numbers:
        for name in assignments():
            folder = course / "submitted" / f"student{s:04d}" / name
            folder.mkdir(parents=True)
            shutil.copy(course / "source" / name / f"{name}.ipynb", folder)
            shutil.copytree(ROOT / "solutions" / "course_lib", folder / "course_lib",
                            ignore=shutil.ignore_patterns("__pycache__"))
            (folder / "timestamp.txt").write_text("2026-11-22 12:00:00.000000 UTC")


def nbgrader_autograde(students=2, workdir=None, course=None):
    """``nbgrader autograde`` of ``students`` complete submissions of every course notebook (in
    ``course``, made by ``_course``, or a fresh one)."""
    names = assignments()
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        if course is None:
            course, env = _course(pathlib.Path(tmp) / "course", students)
        else:
            env = nbgrader_env()
            env["PYTHONPATH"] = ""
        wall, cpu = 0.0, 0.0
        for name in names:
            w, c = _run_measured([sys.executable, "-m", "nbgrader", "autograde", name, "--create",
                                  "--log-level=ERROR"], course, env)
            wall, cpu = wall + w, cpu + c
    return {"n": students, "wall": wall, "cpu": cpu, "per_min": 60 * students / wall,
            "wall_per_sub": wall / students, "cpu_per_sub": cpu / students, "notebooks": len(names)}


def notebooks_vs_nbgrader(n=300, nbgrader_students=2, jobs=None, workdir=None):
    """The notebooks' auto-graded points, like for like: ``nbgrader autograde`` on the first
    ``nbgrader_students`` students of a class, and ``python -m autograder notebooks`` on the same
    students, then on the whole class of ``n``; both write nbgrader's gradebook and autograded/
    notebooks. Returns the figures of both (per student: wall and CPU seconds)."""
    from ..grading.notebooks import load_course

    points = load_course().points
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        tmp = pathlib.Path(tmp)
        course, env = _course(tmp / "course", nbgrader_students)
        ours_small = tmp / "ours-small"
        shutil.copytree(course, ours_small)          # the same students and the same fresh gradebook
        baseline = nbgrader_autograde(nbgrader_students, course=course) if nbgrader_students else None
        if baseline is not None:
            import sqlite3

            con = sqlite3.connect(course / "gradebook.db")
            auto = dict(con.execute(
                "SELECT submitted_assignment.student_id, SUM(grade.auto_score) FROM grade "
                "JOIN submitted_notebook ON grade.notebook_id = submitted_notebook.id "
                "JOIN submitted_assignment ON submitted_notebook.assignment_id = submitted_assignment.id "
                "JOIN grade_cells ON grade.cell_id = grade_cells.id WHERE grade_cells.cell_type = 'code' "
                "GROUP BY submitted_assignment.student_id"))
            con.close()
            baseline["auto_points"] = auto
        small = _ours(ours_small, jobs, points) if nbgrader_students else None
        add_students(ours_small, range(nbgrader_students, n))
        shutil.rmtree(ours_small / "out", ignore_errors=True)
        big = _ours(ours_small, jobs, points)
    return {"nbgrader": baseline, "ours_same_students": small, "ours_class": big, "points": points}


def _ours(course, jobs, points):
    students = sorted(p.name for p in (course / "submitted").iterdir())
    cmd = [sys.executable, "-m", "autograder", "notebooks", str(course / "submitted"), "--out", str(course / "out"),
           "--gradebook", f"sqlite:///{course}/gradebook.db", "--autograded", str(course / "autograded"),
           "--no-progress"] + (["--jobs", str(jobs)] if jobs else [])
    env = nbgrader_env()
    env["PYTHONPATH"] = str(ROOT)
    wall, cpu = _run_measured(cmd, ROOT, env)
    sandbox = 0.0
    for s in students:      # sandboxed children are killed, not waited for: their CPU is recorded
        result = json.loads((course / "out" / s / "notebooks.json").read_text())
        sandbox += result["cpu_sandbox"]
        assert result["score"] == points, f"{s}: {result['score']} of {points}"
    n = len(students)
    return {"n": n, "wall": wall, "cpu": cpu + sandbox, "per_min": 60 * n / wall, "wall_per_sub": wall / n,
            "cpu_per_sub": (cpu + sandbox) / n}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[50, 100, 200])
    parser.add_argument("--jobs", type=int, default=None, help="grader parallelism (default: one per core)")
    parser.add_argument("--nbgrader-students", type=int, default=2,
                        help="students for the nbgrader baseline (0 to skip it)")
    parser.add_argument("--notebook-class", type=int, default=300,
                        help="students whose notebooks are graded at class scale (0 to skip)")
    parser.add_argument("--json", default=None, help="also write the figures to this file")
    args = parser.parse_args(argv)

    print("Reference losses on 1,000,000 elements (best of 5, CPU ms):")
    print(f"{'loss':<34} {'value':>8} {'gradient':>9}")
    table = loss_table()
    for name, value, grad in table:
        print(f"{name:<34} {value:>8.1f} {'' if grad is None else f'{grad:.1f}':>9}")
    print()
    print(f"machine: {os.cpu_count()} cores; grader jobs: {args.jobs or 'one per core'}")
    print("The library (python -m autograder grade):")
    print(f"{'submissions':>11} {'wall s':>8} {'per minute':>11} {'wall s/sub':>11} {'CPU s/sub':>10}")
    rows = []
    for n in args.sizes:
        r = grader_throughput(n, args.jobs)
        rows.append(r)
        print(f"{n:>11} {r['wall']:>8.1f} {r['per_min']:>11.1f} {r['wall_per_sub']:>11.3f} {r['cpu_per_sub']:>10.3f}")
    figures = {"losses": table, "grader": rows}
    nb = None
    if args.notebook_class:
        print("\nThe notebooks' auto-graded questions (python -m autograder notebooks, into nbgrader's gradebook):")
        found = notebooks_vs_nbgrader(args.notebook_class, args.nbgrader_students, args.jobs)
        figures["notebooks"] = found
        nb = found["nbgrader"]
        runs = (("same students as nbgrader", found["ours_same_students"]), ("the class", found["ours_class"]))
        for label, r in runs:
            if r is None:
                continue
            print(f"  {label}: {r['n']} students x 9 notebooks in {r['wall']:.1f} s wall ({r['per_min']:.0f} "
                  f"students per minute), {r['wall_per_sub']:.3f} s and {r['cpu_per_sub']:.3f} CPU s per student")
    elif args.nbgrader_students:
        nb = nbgrader_autograde(args.nbgrader_students)
    if nb is not None:
        figures["nbgrader"] = nb
        best = rows[-1] if rows else None
        print(f"\nnbgrader autograde, {nb['n']} students x {nb['notebooks']} notebooks, one after another: "
              f"{nb['wall']:.1f} s, {nb['per_min']:.2f} students per minute, {nb['wall_per_sub']:.1f} s and "
              f"{nb['cpu_per_sub']:.1f} CPU s per student")
        if best is not None:
            figures["ratio"] = best["per_min"] / nb["per_min"]
            print(f"library: throughput ratio (this grader at {best['n']} / nbgrader autograde): "
                  f"{figures['ratio']:.0f}x")
        if args.notebook_class:
            keys = (("same students", "ours_same_students"), (f"class of {args.notebook_class}", "ours_class"))
            for label, key in keys:
                r = figures["notebooks"][key]
                if r is None:
                    continue
                wall, cpu = nb["wall_per_sub"] / r["wall_per_sub"], nb["cpu_per_sub"] / r["cpu_per_sub"]
                figures[f"notebooks_ratio_{key}"] = {"wall": wall, "cpu": cpu}
                print(f"notebooks ({label}): nbgrader autograde / this grader, per student: {wall:.0f}x wall "
                      f"clock, {cpu:.0f}x CPU")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
