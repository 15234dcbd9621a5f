"""Hostile submissions (autograder/authoring/hostile.py) graded in one batch with honest ones, once
under bubblewrap and once as plain confined processes (what Gradescope's containers get), the
plain run on a machine kept busy by other processes: none gains a point, the batch goes on,
nothing is left running, nothing leaks out of the sandbox or into the outputs, and the honest
submissions get exactly the grades they get alone.

The timing attacks (``hostile.TIMING``) are graded in the same batch: Python loops dressed up
for the speed checks score no more than the same loops written honestly, and a hang costs its
own part only. A second, smaller batch is graded with a long call limit (20 s), as an instructor
may set it with ``--call-timeout``: every submission is still graded, hangs cost only their part."""

import csv
import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
import threading
import time

import pytest
from conftest import ROOT, examples_dir, grade

from autograder.authoring import hostile
from autograder.grading.sandbox import UID_LOCKS, UID_RANGE, probe
from autograder.grading.submissions import discover

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("hostile")]
HONEST = ["reference", "sum_instead_of_mean"]
LIMITS = ["--call-timeout", "3", "--submission-timeout", "45"]
MODES = ["bwrap", "plain"]
# Attacks that may keep points they earn honestly (on small inputs), and the checks they must fail.
PARTLY_HONEST = {"speed_gaming": ("mse.vectorized",), "broken_module": ()}
TIMING = {a.name for a in hostile.TIMING}              # built on the reference: judged on their own
DRESSED_LOOPS = ("memoized_loops", "loops_in_exited_threads", "loops_while_inputs_are_made")


def _listener(accepted):
    """Listen on 127.0.0.1:LISTEN_PORT and record any connection (there must be none); returns
    an Event that stops it, or None when the port is busy."""
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        srv.bind(("127.0.0.1", hostile.LISTEN_PORT))
    except OSError:
        return None
    srv.listen()
    srv.settimeout(0.2)
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
                accepted.append(conn.recv(100))
                conn.close()
            except OSError:
                continue
        srv.close()

    threading.Thread(target=loop, daemon=True).start()
    return stop


def _uid_in_use(uid):
    """True when a live grader holds ``uid`` (another test's sandbox may be running right now)."""
    import fcntl

    try:
        fd = os.open(os.path.join(UID_LOCKS, str(uid)), os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)


def _leftover_processes():
    """Processes of sandbox uids that no live grader holds, and processes carrying the marker."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            uid = os.stat(f"/proc/{pid}").st_uid
            cmd = pathlib.Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if (uid in UID_RANGE and not _uid_in_use(uid)) or hostile.MARKER.encode() in cmd:
            found.append((pid, uid, cmd[:80]))
    return found


class Busy:
    """Other processes keeping every core busy while the batch is graded."""

    def __init__(self, n):
        self.procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]

    def stop(self):
        for p in self.procs:
            p.kill()
            p.wait()


@pytest.fixture(scope="module", params=MODES)
def graded(request, tmp_path_factory):
    mode = request.param
    if mode == "bwrap" and not probe("bwrap").ok:
        pytest.skip("bubblewrap cannot run on this machine")
    batch = tmp_path_factory.mktemp(f"hostile-{mode}")
    hostile.build_all(batch)
    for name in HONEST:
        shutil.copytree(examples_dir() / "submissions" / name, batch / name)
    ids = {s.student: s.name for s in discover([batch])}
    accepted = []
    stop = _listener(accepted)
    out = tmp_path_factory.mktemp(f"hostile-out-{mode}")
    busy = Busy(2) if mode == "plain" else None
    started = time.monotonic()
    try:
        done, results = grade([batch], out, "--sandbox", mode, *LIMITS)
    finally:
        if busy:
            busy.stop()
        if stop is not None:
            stop.set()
    alone = {}
    for name in HONEST:
        _, one = grade([examples_dir() / "submissions" / name], tmp_path_factory.mktemp(f"alone-{name}"),
                       "--sandbox", mode)
        alone.update(one)
    return {"mode": mode, "done": done, "results": results, "alone": alone, "accepted": accepted, "out": out,
            "listening": stop is not None, "ids": ids, "batch": batch,
            "seconds": time.monotonic() - started}


def test_the_batch_goes_on_and_every_submission_is_graded(graded):
    assert graded["done"].returncode == 0, graded["done"].stderr[-3000:]
    assert set(graded["results"]) == set(graded["ids"])
    assert "not graded" not in graded["done"].stderr.lower()


def test_no_attack_gains_a_point(graded):
    gained = {}
    for student, result in graded["results"].items():
        if student in HONEST:
            continue
        name = graded["ids"][student]
        if name in TIMING:
            continue
        if name in PARTLY_HONEST:
            gained.update({(student, c["id"]): c["score"] for c in result["checks"]
                           if c["id"] in PARTLY_HONEST[name] and c["score"]})
        elif result["score"]:
            gained[student] = [(c["id"], c["score"]) for c in result["checks"] if c["score"]]
        assert not [c["id"] for c in result["checks"] if c["internal"]], f"a check broke on {student}"
    assert gained == {}


def test_a_module_that_does_not_import_costs_only_its_own_parts(graded, rubric):
    result = graded["results"]["broken_module"]
    in_penalties = {p.id for p in rubric.parts if any(t.startswith("penalties.") for t in p.targets)}
    assert in_penalties == {"l1", "l2", "elastic_net"}
    for part, score in result["parts"].items():
        assert score["score"] == (0 if part in in_penalties else score["max_score"]), part


def test_honest_submissions_get_exactly_the_grades_they_get_alone(graded):
    for name in HONEST:
        batch = [(c["id"], c["score"], c["message"]) for c in graded["results"][name]["checks"]]
        single = [(c["id"], c["score"], c["message"]) for c in graded["alone"][name]["checks"]]
        assert batch == single, name


def test_the_per_submission_cap_bounds_an_endless_submission(graded):
    for name in ("endless_loops", "sleeping_calls"):
        assert graded["results"][name]["status"] == "graded"
        assert graded["results"][name]["seconds"] <= 45 + 15, name


def _lost(result):
    """{check id: points lost}."""
    return {c["id"]: c["max_score"] - c["score"] for c in result["checks"] if c["score"] < c["max_score"]}


def test_python_loops_are_charged_however_they_are_dressed_up(graded):
    """Loops that remember results, work in threads that exit, or work while the inputs are made
    score no more than the same loops written honestly, which lose exactly the speed checks."""
    honest = graded["results"]["honest_loops"]
    assert set(_lost(honest)) == set(hostile.LOOPED_CHECKS), _lost(honest)
    for name in DRESSED_LOOPS:
        result = graded["results"][name]
        assert result["score"] <= honest["score"], (name, _lost(result))
        lost = _lost(result)
        assert all(lost.get(c, 0) >= points for c, points in _lost(honest).items()), (name, lost)


def test_a_hang_in_one_method_costs_its_own_part_only(graded, rubric):
    """An endless loop in EarlyStopping.step of an otherwise right library: early stopping's
    points are lost, every other part keeps full marks, and no other check's feedback speaks of
    time (it used to blame "importing course_lib.losses")."""
    result = graded["results"]["endless_step"]
    assert set(p for p, s in result["parts"].items() if s["score"] < s["max_score"]) == {"early_stopping"}
    for c in result["checks"]:
        if c["part"] != "early_stopping":
            assert c["score"] == c["max_score"] and "time" not in c["message"], (c["id"], c["message"][:200])
    assert result["seconds"] <= 45 + 15


def test_nothing_is_left_running(graded):
    assert _leftover_processes() == []


def test_the_grading_process_never_imported_student_code(graded):
    assert not [s for s, r in graded["results"].items() if r["course_lib_imported"]]


def test_no_network_connection_got_through(graded):
    if not graded["listening"]:
        pytest.skip(f"port {hostile.LISTEN_PORT} was busy")
    assert graded["accepted"] == []


def test_no_forged_or_hoarding_file_was_written_anywhere(graded):
    out = graded["out"]
    places = [pathlib.Path("/tmp"), pathlib.Path("/dev/shm"), pathlib.Path("/var/tmp"), out, ROOT,
              pathlib.Path.home(), graded["batch"], graded["batch"].parent]
    for place in places:
        if not place.is_dir():
            continue
        for path in place.iterdir():
            assert hostile.MARKER not in path.name, path
            assert path.name != "course-grader-escape.py", path
        assert not (place / "results.json").exists() or place == out, place
    for student_dir in out.iterdir():
        results = student_dir / "results.json"
        if results.exists():
            assert hostile.MARKER not in results.read_text()


def test_no_shared_memory_segment_is_left(graded):
    with open("/proc/sysvipc/shm") as f:
        rows = [line.split() for line in f.readlines()[1:]]
    uid_column = 7   # key shmid perms size cpid lpid nattch uid ...
    assert [r for r in rows if int(r[uid_column]) in UID_RANGE] == []


def test_hidden_checks_never_show_what_the_students_code_produced(graded):
    for student, result in graded["results"].items():
        for c in result["checks"]:
            if not c["public"]:
                assert hostile.LEAK not in c["message"], (student, c["id"], c["message"][:200])
                assert "expected:" not in c["message"] and "got:" not in c["message"], (student, c["id"])


def test_no_path_of_the_grading_machine_reaches_feedback(graded):
    host = [str(ROOT), "course-grader-run", "cl-sub-", "cl-grader-", str(graded["out"])]
    for student, result in graded["results"].items():
        for c in result["checks"]:
            found = [h for h in host if h in c["message"]]
            assert not found, (student, c["id"], found, c["message"][:300])


def test_outputs_neutralize_names_and_messages(graded):
    out = graded["out"]
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or re.fullmatch(r"-?[\d.]+", cell), cell
    assert (out / "grades.csv").is_file() and (out / "report.html").is_file()
    for entry in out.iterdir():
        assert entry.resolve().parent == out.resolve()
    report = (out / "report.html").read_text()
    assert not re.search(r"href\s*=\s*['\"]\s*javascript:", report, re.I)
    # The only script is the report's own table sorting, a constant: nothing a student wrote runs.
    from autograder.grading.report import SCRIPT

    assert report.lower().count("<script") == 1 and f"<script>{SCRIPT}</script>" in report
    assert "\x1b" not in graded["done"].stdout and "\x1b" not in graded["done"].stderr
    assert not (graded["batch"].parent / "course-grader-escape.py").exists()


def test_the_output_says_which_isolation_layers_were_in_force(graded):
    line = next(line for line in graded["done"].stdout.splitlines() if line.startswith("sandbox:"))
    assert ("a plain process" in line) == (graded["mode"] == "plain")
    if os.getuid() == 0:
        assert "of its own" in line
    assert "seccomp" in line


@pytest.fixture(scope="module")
def long_limits(tmp_path_factory):
    """Submissions that hang or sleep, beside the reference, graded with a long call limit (20 s)
    as plain processes on a machine kept busy: a call's stretch can no longer outlive its check,
    its submission or the worker's own limit."""
    batch = tmp_path_factory.mktemp("long-limits")
    for attack in hostile.TIMING:
        if attack.name in ("sleeping_calls", "endless_step"):
            hostile.build(batch / attack.name, attack)
    shutil.copytree(examples_dir() / "submissions" / "reference", batch / "reference")
    busy = Busy(2)
    try:
        return grade([batch], tmp_path_factory.mktemp("long-limits-out"), "--sandbox", "plain",
                     "--call-timeout", "20", "--submission-timeout", "60")
    finally:
        busy.stop()


def test_a_long_call_limit_still_grades_every_submission(long_limits, rubric):
    done, results = long_limits
    assert done.returncode == 0 and "not graded" not in done.stderr.lower(), done.stderr[-3000:]
    assert {r["status"] for r in results.values()} == {"graded"} and len(results) == 3
    assert results["reference"]["score"] == rubric.total
    lost = {p for p, s in results["endless_step"]["parts"].items() if s["score"] < s["max_score"]}
    assert lost == {"early_stopping"}
    for result in results.values():
        assert result["seconds"] <= 60 + 15
