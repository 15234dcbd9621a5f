"""The grader's command line, end to end on the example submissions."""

import json
import os

import pytest
from conftest import ROOT, Patience, check_differences, examples_dir, grade, run

EXAMPLES = examples_dir() / "submissions"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    done, results = grade([EXAMPLES], out)
    return done, results, out


@pytest.mark.slow
def test_demo_grades_reference_full_untouched_zero_mistake_partial(demo, rubric):
    done, results, out = demo
    assert done.returncode == 0, done.stderr[-3000:]
    assert results["reference"]["score"] == rubric.total
    assert results["untouched"]["score"] == 0
    assert 0 < results["sum_instead_of_mean"]["score"] < rubric.total
    lines = (out / "grades.csv").read_text().splitlines()
    assert lines[0] == "student," + ",".join(p.id for p in rubric.parts) + ",total,max_total,name,problem"
    assert [line.split(",")[0] for line in lines[1:]] == ["reference", "sum_instead_of_mean", "untouched"]
    for student in results:
        assert (out / student / "feedback.html").is_file()
        data = json.loads((out / student / "results.json").read_text())
        assert data["score"] == results[student]["score"]
        assert len(data["tests"]) == len(rubric.checks)
    assert (out / "report.html").is_file()
    assert "reference" in done.stdout and "grades:" in done.stdout


@pytest.mark.slow
def test_feedback_never_reveals_hidden_expected_values(demo, rubric):
    _, results, out = demo
    for student, result in results.items():
        for c in result["checks"]:
            if not c["public"]:
                assert "expected:" not in c["message"] and "got:" not in c["message"], (student, c["id"])


@pytest.mark.slow
def test_second_run_reuses_unchanged_grades_and_gives_the_same_table(demo):
    _, _, out = demo
    before = (out / "grades.csv").read_text()
    done, _ = grade([EXAMPLES], out)
    assert done.returncode == 0
    assert "0 graded, 3 unchanged" in done.stdout
    assert (out / "grades.csv").read_text() == before


@pytest.mark.slow
def test_grading_twice_from_scratch_gives_identical_grades(demo, tmp_path):
    _, first, out = demo
    done, again = grade([EXAMPLES], tmp_path, "--jobs", "1")
    assert done.returncode == 0
    assert check_differences(first, again) == []
    assert (tmp_path / "grades.csv").read_text() == (out / "grades.csv").read_text()


def test_missing_path_is_a_clear_usage_error(tmp_path):
    done = run(["autograder", "grade", str(tmp_path / "nope"), "--out", str(tmp_path / "out")])
    assert done.returncode == 2
    assert "nope does not exist" in done.stderr


def test_a_file_that_is_not_a_zip_is_a_clear_usage_error(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    done = run(["autograder", "grade", str(tmp_path / "notes.txt"), "--out", str(tmp_path / "out")])
    assert done.returncode == 2 and "not a .zip" in done.stderr


def test_bad_option_values_are_rejected(tmp_path):
    done = run(["autograder", "grade", str(EXAMPLES), "--out", str(tmp_path), "--jobs", "0"])
    assert done.returncode == 2 and "--jobs" in done.stderr


def _processes_holding(path):
    """PIDs of other processes with an open file under ``path`` (our run's workers hold their
    logs)."""
    import os

    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        if int(pid) == os.getpid():
            continue
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}").startswith(str(path)):
                    found.append(int(pid))
                    break
            except OSError:
                continue
    return found


def _describe(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = f.read().replace(b"\0", b" ").decode()[:200]
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rpartition(")")[2].split()[:2]
        return pid, state, cmd
    except OSError as exc:
        return pid, str(exc)


@pytest.mark.slow
def test_a_killed_grader_loses_nothing_and_resumes(tmp_path):
    import contextlib
    import os
    import shutil
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    batch = tmp_path / "batch"
    for i in range(8):
        shutil.copytree(EXAMPLES / "reference", batch / f"s{i:02d}")
    shutil.copytree(EXAMPLES / "untouched", batch / "zz")
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "autograder", "grade", str(batch), "--out", str(out),
                             "--jobs", "2", "--no-progress"], cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def rows():
        try:
            with contextlib.closing(sqlite3.connect(out / "gradebook.sqlite", timeout=10)) as con:
                return con.execute("SELECT COUNT(*) FROM grades").fetchone()[0]
        except sqlite3.Error:   # not created yet
            return 0

    patience = Patience(300)               # of a quiet machine's time: longer on a busy one
    while rows() < 2 and not patience.over() and proc.poll() is None:
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    kept = rows()
    assert 2 <= kept < 9, "the grader should have been killed half-way"
    patience = Patience(10)                # for the kernel to end them all
    while (held := _processes_holding(out)) and not patience.over():
        time.sleep(0.2)
    assert held == [], ("workers outlived the grader", [_describe(p) for p in held])
    import glob
    import tempfile

    left = os.path.join(tempfile.gettempdir(), f"course-grader-run-{proc.pid}-*")

    done, results = grade([batch], out)
    assert done.returncode == 0
    assert glob.glob(left) == [], "the next run sweeps what a killed grader left behind"
    assert f"{9 - kept} graded, {kept} unchanged" in done.stdout
    _, fresh = grade([batch], tmp_path / "fresh")
    assert check_differences(results, fresh) == []
    assert (out / "grades.csv").read_text() == (tmp_path / "fresh" / "grades.csv").read_text()
    assert results.keys() == fresh.keys()


def test_staging_folders_of_dead_graders_are_swept(tmp_path, monkeypatch):
    import subprocess
    import tempfile

    from autograder.grading import submissions

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = subprocess.Popen(["true"])
    dead.wait()
    for pid in (dead.pid, os.getpid()):
        (tmp_path / f"{submissions.RUN_PREFIX}{pid}-abc" / "cl-sub-x").mkdir(parents=True)
    (tmp_path / f"{submissions.RUN_PREFIX}not-a-pid").mkdir()
    area = submissions.staging_area()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"{submissions.RUN_PREFIX}{os.getpid()}-abc", f"{submissions.RUN_PREFIX}not-a-pid",
         os.path.basename(area)])


def test_other_limits_invalidate_the_kept_grades():
    from autograder.grading.grade import Options, grader_hash
    from autograder.grading.limits import Limits

    base = grader_hash(Options())
    assert grader_hash(Options()) == base
    assert grader_hash(Options(limits=Limits(submission_timeout=30.0))) != base
    assert grader_hash(Options(limits=Limits(memory_mb=512))) != base
    assert grader_hash(Options(jobs=7)) == base      # how many workers never changes a grade
