"""Shared helpers of the course's own test suite."""

import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def examples_dir():
    """The example and hostile submissions (``python -m autograder examples``), built once per test
    run into build/test-examples (never committed): ``.../submissions`` and ``.../hostile``."""
    import fcntl

    dest = ROOT / "build" / "test-examples"
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid-{os.getpid()}"
    dest.parent.mkdir(parents=True, exist_ok=True)
    with open(ROOT / "build" / ".test-examples.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        marker = dest / ".run"
        if not marker.exists() or marker.read_text() != run_id:
            from autograder.authoring.release import build_examples

            build_examples(dest)
            marker.write_text(run_id)
    return dest


def run(args, cwd=ROOT, timeout=900, env=None, check=False):
    """Run ``python -m <args>`` from the course folder; returns the CompletedProcess."""
    full_env = dict(os.environ, PYTHONPATH=str(ROOT))
    full_env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + full_env.get("PATH", "")
    full_env.update(env or {})
    done = subprocess.run([sys.executable, "-m", *args], cwd=str(cwd), env=full_env,
                          capture_output=True, text=True, timeout=timeout)
    if check and done.returncode != 0:
        raise AssertionError(f"{args} exited {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


def nbgrader(course, *args):
    """Run one of nbgrader's commands in ``course``, as an instructor does; it must succeed."""
    from autograder.authoring.release import nbgrader_env

    env = nbgrader_env()
    env["PYTHONPATH"] = ""
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args, "--log-level=ERROR"], cwd=course, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done


def grade(paths, out, *extra, timeout=1800, env=None):
    """Grade with the real command line; returns (CompletedProcess, {student: result dict})."""
    import json

    done = run(["autograder", "grade", *map(str, paths), "--out", str(out), "--no-progress", *extra],
               timeout=timeout, env=env)
    results = {}
    out = pathlib.Path(out)
    if (out / "gradebook.sqlite").exists():
        import sqlite3

        con = sqlite3.connect(out / "gradebook.sqlite")
        results = {s: json.loads(r) for s, r in con.execute("SELECT student, result FROM grades")}
        con.close()
    return done, results


def check_differences(a, b):
    """The checks whose outcome differs between two grading runs' results ({student: result}):
    what a failed comparison of two grades.csv files needs to say."""
    diffs = []
    for student in sorted(set(a) | set(b)):
        checks_a = {c["id"]: c for c in a.get(student, {}).get("checks", [])}
        checks_b = {c["id"]: c for c in b.get(student, {}).get("checks", [])}
        for cid in sorted(set(checks_a) | set(checks_b)):
            ca, cb = checks_a.get(cid, {}), checks_b.get(cid, {})
            if ca.get("score") != cb.get("score"):
                diffs.append((student, cid, ca.get("score"), ca.get("message"), cb.get("score"), cb.get("message")))
    return diffs


@pytest.fixture(scope="session")
def rubric():
    from autograder.grading.rubric import load

    return load()
