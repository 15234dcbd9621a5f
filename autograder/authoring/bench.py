"""Benchmarks of the grader: figures printed, never asserted (``make bench``).

1. Throughput: grade N copies of a complete submission (N = 50, 100, 300 by default) from
   scratch with the real command line, and print submissions per minute, wall seconds, CPU
   seconds and round trips into the sandbox per submission (CPU of the grader and every process
   under it), so that cost is seen to be linear in N. The same batches are graded in the same
   run by the grader of an earlier commit (``--baseline``, built with ``git archive`` into a
   temporary folder and run with this environment's Python), the two in turn, pair by pair
   (A B, then B A, ...), and the ratio of each pair is printed: pairing keeps the ratio
   meaningful when the machine's speed drifts during the run.
2. Gradescope's latency: ``gradescope-run`` on one complete submission (library and notebooks)
   with half a CPU, as Gradescope's small containers give (a CPU cgroup with a quota of 50 ms
   every 100 ms), for this grader and the baseline in turn.
3. The notebooks: ``python -m autograder notebooks`` on a class, and ``nbgrader autograde`` of
   the same kind of student (complete work) on the course's notebooks, one student after another
   as nbgrader does, and the ratio of the two throughputs.

    python -m autograder bench [--sizes 50 100 300] [--baseline REV|none] [--pairs 1]
                               [--gradescope-runs 3] [--nbgrader-students 2] [--jobs N]
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

# The grader before the timing and throughput work (issues 22 and 24): what the ratios compare with.
BASELINE = "c79de61"


def _run_measured(cmd, cwd, env=None):
    """Run ``cmd``; return (wall seconds, CPU seconds of it and all its waited-for descendants)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed:\n{proc.stderr.read().decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def grader_throughput(n, jobs=None, workdir=None, root=ROOT):
    """Grade ``n`` copies of the reference submission with the grader in ``root`` (this one, or a
    baseline's tree); returns a dict of figures."""
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        batch = pathlib.Path(tmp) / "batch"
        for i in range(n):
            build_library(batch / f"student{i:04d}" / "course_lib")
        cmd = [sys.executable, "-m", "autograder", "grade", str(batch), "--out", str(pathlib.Path(tmp) / "out"),
               "--no-progress"] + (["--jobs", str(jobs)] if jobs else [])
        env = dict(os.environ, PYTHONPATH=str(root))
        wall, cpu = _run_measured(cmd, root, env)
        grades = (pathlib.Path(tmp) / "out" / "grades.csv").read_text().splitlines()
        assert len(grades) == n + 1
        # The sandboxed children are killed, not waited for by their parents, so the kernel's
        # rusage misses them: the workers measure them and record them per student.
        import sqlite3

        con = sqlite3.connect(pathlib.Path(tmp) / "out" / "gradebook.sqlite")
        results = [json.loads(r) for (r,) in con.execute("SELECT result FROM grades")]
        con.close()
        scores = {r["score"] for r in results}
        cpu += sum(r.get("cpu_sandbox", 0.0) for r in results)
        calls = sum(r.get("calls", 0) for r in results)
    return {"n": n, "wall": wall, "cpu": cpu, "per_min": 60 * n / wall, "cpu_per_sub": cpu / n,
            "wall_per_sub": wall / n, "calls_per_sub": calls / n, "scores": sorted(scores)}


def baseline_tree(rev, dest):
    """The course as it was at ``rev`` (``git archive``), in the folder ``dest``; or None and why,
    when there is no git history here (a student repository, Gradescope's zip)."""
    if rev in (None, "", "none"):
        return None, "no baseline asked for"
    try:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev], capture_output=True,
                                 check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        return None, f"git archive {rev} failed ({exc})"
    import io
    import tarfile

    dest = pathlib.Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tf:
        tf.extractall(dest, filter="data")
    return dest, ""


def paired_throughput(sizes, jobs, baseline, pairs=1, log=print):
    """For each size: ``pairs`` pairs of runs, this grader (A) and the baseline's (B) in turn, the
    order swapped from one pair to the next; returns [{"n", "a": [figures], "b": [...],
    "ratios": [A/B per pair]}]."""
    rows = []
    for n in sizes:
        row = {"n": n, "a": [], "b": [], "ratios": []}
        for k in range(pairs):
            order = ("a", "b") if k % 2 == 0 else ("b", "a")
            got = {}
            for which in order:
                if which == "b" and baseline is None:
                    continue
                got[which] = grader_throughput(n, jobs, root=ROOT if which == "a" else baseline)
                row[which].append(got[which])
            if "b" in got:
                row["ratios"].append(got["a"]["per_min"] / got["b"]["per_min"])
        rows.append(row)
    return rows


def _median(values):
    values = sorted(values)
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else 0.5 * (values[mid - 1] + values[mid])


class CpuQuota:
    """A CPU cgroup with a quota (``share`` of one CPU: 0.5 is 50 ms every 100 ms) that a command
    can be started in, as Gradescope's small containers give; None from ``make`` where no CPU
    cgroup can be made here (then the latency is measured without a quota, and says so)."""

    PERIOD_US = 100_000

    def __init__(self, path, version):
        self.path, self.version = path, version

    @classmethod
    def make(cls, share):
        from ..grading.cgroups import V1_ROOT, V2_ROOTS, _own_cgroups

        own, name = _own_cgroups(), f"course-grader-bench-{os.getpid()}"
        quota = int(share * cls.PERIOD_US)
        if "" in own:
            for root in V2_ROOTS:
                parent = root + own[""].rstrip("/")
                try:
                    with open(os.path.join(parent, "cgroup.subtree_control")) as f:
                        if "cpu" not in f.read().split():
                            continue
                    path = os.path.join(parent, name)
                    os.makedirs(path, exist_ok=True)
                    pathlib.Path(path, "cpu.max").write_text(f"{quota} {cls.PERIOD_US}")
                    return cls(path, 2)
                except OSError:
                    continue
        for mount in ("cpu", "cpu,cpuacct", "cpuacct,cpu"):
            top = os.path.join(V1_ROOT, mount)
            if "cpu" not in own or not os.path.isfile(os.path.join(top, "cpu.cfs_quota_us")):
                continue
            try:
                path = os.path.join(top, own["cpu"].lstrip("/"), name)
                os.makedirs(path, exist_ok=True)
                pathlib.Path(path, "cpu.cfs_period_us").write_text(str(cls.PERIOD_US))
                pathlib.Path(path, "cpu.cfs_quota_us").write_text(str(quota))
                return cls(path, 1)
            except OSError:
                continue
        return None

    def enter(self):
        """(preexec_fn) Move the new process into the group."""
        pathlib.Path(self.path, "cgroup.procs").write_text(str(os.getpid()))

    def remove(self):
        try:
            os.rmdir(self.path)
        except OSError:
            pass


def _gradescope_submission(dest):
    """One complete submission as ``make submit`` packs it (unpacked, as Gradescope gives it):
    the reference library and the source notebooks."""
    dest = pathlib.Path(dest)
    build_library(dest / "course_lib")
    for nb in sorted((ROOT / "solutions" / "notebooks").glob("*/*.ipynb")):
        (dest / "notebooks" / nb.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copy(nb, dest / "notebooks" / nb.parent.name / nb.name)
    return dest


def gradescope_latency(baseline, runs=3, share=0.5, workdir=None):
    """Wall seconds of ``gradescope-run`` on one complete submission with ``share`` of a CPU, this
    grader and the baseline's in turn; returns {"a": [...], "b": [...], "quota": bool}."""
    quota = CpuQuota.make(share)
    found: dict = {"a": [], "b": [], "quota": quota is not None}
    try:
        with tempfile.TemporaryDirectory(dir=workdir) as tmp:
            submission = _gradescope_submission(pathlib.Path(tmp) / "submission")
            for k in range(runs):
                for which in (("a", "b") if k % 2 == 0 else ("b", "a")):
                    if which == "b" and baseline is None:
                        continue
                    root = ROOT if which == "a" else baseline
                    results = pathlib.Path(tmp) / f"results-{which}-{k}.json"
                    cmd = [sys.executable, "-m", "autograder", "gradescope-run", str(submission), "--results",
                           str(results)]
                    env = dict(os.environ, PYTHONPATH=str(root))
                    start = time.perf_counter()
                    subprocess.run(cmd, cwd=root, env=env, check=True, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, preexec_fn=quota.enter if quota else None)
                    found[which].append(time.perf_counter() - start)
                    found.setdefault(f"score_{which}", json.loads(results.read_text()).get("score"))
    finally:
        if quota is not None:
            quota.remove()
    return found


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
    parser.add_argument("--sizes", type=int, nargs="*", default=[50, 100, 300])
    parser.add_argument("--jobs", type=int, default=None, help="grader parallelism (default: one per core)")
    parser.add_argument("--baseline", default=BASELINE,
                        help=f"the commit to compare with, graded in the same run (default {BASELINE}; none: skip)")
    parser.add_argument("--pairs", type=int, default=1, help="pairs of runs (this grader, the baseline) per size")
    parser.add_argument("--gradescope-runs", type=int, default=3,
                        help="runs of gradescope-run at half a CPU, each grader (0 to skip)")
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
    figures: dict = {"losses": table}
    with tempfile.TemporaryDirectory(prefix="course-bench-baseline-") as tmp:
        baseline, why = baseline_tree(args.baseline, pathlib.Path(tmp) / "course")
        label = f"baseline {args.baseline}" if baseline else f"no baseline ({why})"
        print(f"machine: {os.cpu_count()} cores; grader jobs: {args.jobs or 'one per core'}; {label}")
        print("The library (python -m autograder grade), this grader (A)" + (" and the baseline (B), in turn:"
                                                                            if baseline else ":"))
        print(f"{'submissions':>11} {'grader':>6} {'wall s':>8} {'per minute':>11} {'wall s/sub':>11} "
              f"{'CPU s/sub':>10} {'calls/sub':>10}")
        rows = paired_throughput(args.sizes, args.jobs, baseline, args.pairs)
        for row in rows:
            for which in ("a", "b"):
                for r in row[which]:
                    print(f"{row['n']:>11} {which.upper():>6} {r['wall']:>8.1f} {r['per_min']:>11.1f} "
                          f"{r['wall_per_sub']:>11.3f} {r['cpu_per_sub']:>10.3f} {r['calls_per_sub']:>10.0f}")
            if row["ratios"]:
                print(f"{'':>11} {'A/B':>6} throughput ratio per pair: "
                      + ", ".join(f"{x:.2f}" for x in row["ratios"]) + f" (median {_median(row['ratios']):.2f})")
        figures["grader"] = rows
        if args.gradescope_runs:
            found = gradescope_latency(baseline, args.gradescope_runs)
            figures["gradescope"] = found
            how = "half a CPU (a CPU cgroup's quota)" if found["quota"] else "no CPU quota (no CPU cgroup here)"
            print(f"\nGradescope: gradescope-run on one complete submission (library and notebooks), {how}:")
            for which, name in (("a", "this grader"), ("b", "baseline")):
                if found[which]:
                    print(f"  {name}: median {_median(found[which]):.1f} s (runs: "
                          + ", ".join(f"{x:.1f}" for x in found[which]) + f"), score {found.get('score_' + which)}")
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
        best = rows[-1]["a"][-1] if rows and rows[-1]["a"] else None
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
