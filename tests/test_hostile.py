"""Hostile submissions (autograder/hostile.py, examples/hostile/) graded in one batch with honest
ones: none gains a point, the batch goes on, nothing is left running, nothing leaks out of the
sandbox, and the honest submissions get exactly the grades they get alone."""

import os
import pathlib
import shutil
import socket
import threading

import pytest
from conftest import ROOT, examples_dir, grade

from autograder.authoring import hostile
from autograder.grading.sandbox import UID_LOCKS, UID_RANGE, probe

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("hostile")]
HONEST = ["reference", "sum_instead_of_mean"]
LIMITS = ["--call-timeout", "3", "--submission-timeout", "45"]
BWRAP = probe("bwrap") is None


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


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    batch = tmp_path_factory.mktemp("hostile-batch")
    for attack in hostile.ATTACKS:
        hostile.build(batch / attack.name, attack)
    for name in HONEST:
        shutil.copytree(examples_dir() / "submissions" / name, batch / name)
    accepted = []
    stop = _listener(accepted)
    out = tmp_path_factory.mktemp("hostile-out")
    done, results = grade([batch], out, *LIMITS)
    if stop is not None:
        stop.set()
    alone = {}
    for name in HONEST:
        _, one = grade([examples_dir() / "submissions" / name], tmp_path_factory.mktemp(f"alone-{name}"))
        alone.update(one)
    return done, results, alone, accepted, out, stop is not None


def test_the_batch_goes_on_and_every_submission_is_graded(graded):
    done, results, *_ = graded
    assert done.returncode == 0, done.stderr[-3000:]
    assert set(results) == {a.name for a in hostile.ATTACKS} | set(HONEST)


@pytest.mark.parametrize("attack", [a for a in hostile.ATTACKS if a.base == "untouched"], ids=lambda a: a.name)
def test_no_attack_gains_a_point(graded, attack):
    _, results, *_ = graded
    if attack.name == "read_solutions" and not BWRAP:
        pytest.skip("without bubblewrap the sandbox cannot hide solutions/ (the grader warns about it)")
    result = results[attack.name]
    assert result["score"] == 0, [(c["id"], c["score"]) for c in result["checks"] if c["score"]]
    assert not [c["id"] for c in result["checks"] if c["internal"]], "a check broke on this submission"


def test_a_module_that_does_not_import_costs_only_its_own_parts(graded, rubric):
    result = graded[1]["broken_module"]
    in_penalties = {p.id for p in rubric.parts if any(t.startswith("penalties.") for t in p.targets)}
    assert in_penalties == {"l1", "l2", "elastic_net"}
    for part, score in result["parts"].items():
        assert score["score"] == (0 if part in in_penalties else score["max_score"]), part


def test_honest_submissions_get_exactly_the_grades_they_get_alone(graded):
    _, results, alone, *_ = graded
    for name in HONEST:
        batch = [(c["id"], c["score"], c["message"]) for c in results[name]["checks"]]
        single = [(c["id"], c["score"], c["message"]) for c in alone[name]["checks"]]
        assert batch == single, name


def test_the_per_submission_cap_bounds_an_endless_submission(graded):
    assert graded[1]["endless_loops"]["seconds"] <= 45 + 15


def test_nothing_is_left_running(graded):
    assert _leftover_processes() == []


def test_the_grading_process_never_imported_student_code(graded):
    assert not [s for s, r in graded[1].items() if r["course_lib_imported"]]


@pytest.mark.skipif(not BWRAP, reason="network isolation needs bubblewrap")
def test_no_network_connection_got_through(graded):
    *_, accepted, out, listening = graded
    if not listening:
        pytest.skip(f"port {hostile.LISTEN_PORT} was busy")
    assert accepted == []


@pytest.mark.skipif(not BWRAP, reason="filesystem isolation needs bubblewrap")
def test_no_forged_file_was_written_anywhere(graded):
    *_, out, _ = graded
    places = [pathlib.Path("/tmp"), out, ROOT, pathlib.Path.home()]
    for place in places:
        for path in place.glob("*"):
            assert hostile.MARKER not in path.name, path
        assert not (place / "results.json").exists() or place == out, place
    for student_dir in out.iterdir():
        results = student_dir / "results.json"
        if results.exists():
            assert hostile.MARKER not in results.read_text()


@pytest.mark.skipif(not BWRAP, reason="filesystem isolation needs bubblewrap")
def test_the_sandbox_hid_the_solutions_and_the_hidden_checks(graded):
    result = graded[1]["read_solutions"]
    assert result["score"] == 0
