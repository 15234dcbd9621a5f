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
        cpu += sum(json.loads(r)["cpu"].get("sandbox", 0.0) for (r,) in con.execute("SELECT result FROM grades"))
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


def nbgrader_autograde(students=2, workdir=None):
    """``nbgrader autograde`` of ``students`` complete submissions of every course notebook."""
    names = assignments()
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        course = pathlib.Path(tmp)
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
        for s in range(students):
            for name in names:
                folder = course / "submitted" / f"student{s}" / name
                folder.mkdir(parents=True)
                shutil.copy(course / "source" / name / f"{name}.ipynb", folder)
                shutil.copytree(ROOT / "solutions" / "course_lib", folder / "course_lib",
                                ignore=shutil.ignore_patterns("__pycache__"))
                (folder / "timestamp.txt").write_text("2026-11-22 12:00:00.000000 UTC")
        wall, cpu = 0.0, 0.0
        for name in names:
            w, c = _run_measured([sys.executable, "-m", "nbgrader", "autograde", name, "--create",
                                  "--log-level=ERROR"], course, env)
            wall, cpu = wall + w, cpu + c
    return {"n": students, "wall": wall, "cpu": cpu, "per_min": 60 * students / wall,
            "wall_per_sub": wall / students, "cpu_per_sub": cpu / students, "notebooks": len(names)}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[50, 100, 200])
    parser.add_argument("--jobs", type=int, default=None, help="grader parallelism (default: one per core)")
    parser.add_argument("--nbgrader-students", type=int, default=2,
                        help="students for the nbgrader baseline (0 to skip it)")
    parser.add_argument("--json", default=None, help="also write the figures to this file")
    args = parser.parse_args(argv)

    print("Reference losses on 1,000,000 elements (best of 5, CPU ms):")
    print(f"{'loss':<34} {'value':>8} {'gradient':>9}")
    table = loss_table()
    for name, value, grad in table:
        print(f"{name:<34} {value:>8.1f} {'' if grad is None else f'{grad:.1f}':>9}")
    print()
    print(f"machine: {os.cpu_count()} cores; grader jobs: {args.jobs or 'one per core'}")
    print(f"{'submissions':>11} {'wall s':>8} {'per minute':>11} {'wall s/sub':>11} {'CPU s/sub':>10}")
    rows = []
    for n in args.sizes:
        r = grader_throughput(n, args.jobs)
        rows.append(r)
        print(f"{n:>11} {r['wall']:>8.1f} {r['per_min']:>11.1f} {r['wall_per_sub']:>11.3f} {r['cpu_per_sub']:>10.3f}")
    figures = {"losses": table, "grader": rows}
    if args.nbgrader_students:
        nb = nbgrader_autograde(args.nbgrader_students)
        figures["nbgrader"] = nb
        best = rows[-1]
        print(f"\nnbgrader autograde, {nb['n']} students x {nb['notebooks']} notebooks, one after another: "
              f"{nb['wall']:.1f} s, {nb['per_min']:.2f} students per minute, {nb['wall_per_sub']:.1f} s and "
              f"{nb['cpu_per_sub']:.1f} CPU s per student")
        figures["ratio"] = best["per_min"] / nb["per_min"]
        print(f"throughput ratio (this grader at {best['n']} / nbgrader autograde): {figures['ratio']:.0f}x")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

