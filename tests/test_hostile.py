"""Hostile submissions (autograder/authoring/hostile.py) graded in one batch with honest ones, once
under bubblewrap and once as plain confined processes (what Gradescope's containers get), the
plain run on a machine kept busy by other processes: none gains a point, the batch goes on,
nothing is left running, nothing leaks out of the sandbox or into the outputs, and the honest
submissions get exactly the grades they get alone."""

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
    assert graded["results"]["endless_loops"]["seconds"] <= 45 + 15


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
    assert "<script" not in report.lower()
    assert "\x1b" not in graded["done"].stdout and "\x1b" not in graded["done"].stderr
    assert not (graded["batch"].parent / "course-grader-escape.py").exists()


def test_the_output_says_which_isolation_layers_were_in_force(graded):
    line = next(line for line in graded["done"].stdout.splitlines() if line.startswith("sandbox:"))
    # the plain line says "a plain process (bubblewrap could not run)": test how it starts
    assert line.split(None, 1)[1].startswith("bubblewrap") == (graded["mode"] == "bwrap")
    if os.getuid() == 0:
        assert "of its own" in line
    assert "seccomp" in line
