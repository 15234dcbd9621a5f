"""The sandbox's layers, each shown to hold on its own, in both modes (fast: one child each).

A child is started on a tiny submission whose functions try what an attacker would, and each
test asserts what the kernel answered: the reference is unreadable, no socket, no process, no
write, no shared memory, and a memory hog is killed inside its own cgroup, not the grader."""

import contextlib
import os
import textwrap

import numpy as np
import pytest

from autograder import REFERENCE_LIB, RUBRIC
from autograder.grading.cgroups import Cage
from autograder.grading.limits import Limits
from autograder.grading.sandbox import MIN_PROCESS_BYTES, RemoteLibrary, plan_memory, probe
from checks.framework import StudentCrash, StudentError, StudentTimeout, call_message

MODES = [m for m in ("bwrap", "plain") if probe(m).ok]

PROBES = textwrap.dedent('''
    import os, socket

    def read(path):
        with open(path, "rb") as f:
            return len(f.read())

    def connect():
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect(("127.0.0.1", 9))

    def fork():
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        return pid

    def run():
        import subprocess
        return subprocess.run(["/bin/true"]).returncode

    def write(path):
        with open(path, "w") as f:
            f.write("x")

    def shm():
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        shmid = libc.shmget(0, 1 << 20, 0o1000 | 0o600)
        return shmid if shmid >= 0 else -ctypes.get_errno()

    def memfd():
        return os.memfd_create("x")

    def hog(mib):
        return len(bytearray(mib << 20))

    def kill_parent():
        os.kill(os.getppid(), 9)

    def sleep(seconds):
        import time
        time.sleep(seconds)
        return seconds

    def spin(seconds):
        import time
        end = time.thread_time() + seconds
        while time.thread_time() < end:
            pass
        return seconds

    def spin_in_thread(seconds):
        import threading
        worker = threading.Thread(target=spin, args=(seconds,))
        worker.start()
        worker.join()                  # the thread has exited when the call returns
        return seconds

    def spin_in_threads_forever():
        while True:                    # each thread exits after 50 ms: none is alive for long
            spin_in_thread(0.05)

    def echo(x):
        return x

    def fail(x):
        raise ValueError(f"no {x}")

    def exit_now():
        os._exit(3)

    class Stepper:
        def step(self, hang=False):
            while hang:
                pass
            return 1
''')


@contextlib.contextmanager
def _library(mode, limits, without=()):
    import pathlib
    import shutil
    import tempfile

    tmp_path = pathlib.Path(tempfile.mkdtemp(prefix="course-grader-sandbox-test-"))  # pytest's are 0700
    (tmp_path / "course_lib").mkdir()
    (tmp_path / "course_lib" / "__init__.py").write_text("")
    (tmp_path / "course_lib" / "probes.py").write_text(PROBES)
    os.chmod(tmp_path, 0o755)
    library = RemoteLibrary(str(tmp_path), limits, mode, without=without)
    try:
        yield library
    finally:
        library.close()
        shutil.rmtree(tmp_path, ignore_errors=True)


@pytest.fixture(params=MODES)
def lib(request):
    with _library(request.param, Limits(call_timeout=10)) as library:
        yield library


@pytest.fixture(params=MODES)
def quick(request):
    """A library whose calls have half a second each."""
    with _library(request.param, Limits(call_timeout=0.5)) as library:
        yield library


@pytest.fixture(params=MODES)
def timed(request):
    """A library whose calls have 2 s each: a call's first 50 ms count as its own time, however
    late the grader reads the child's times on a busy machine, so tests of what a call's time
    counts keep that small beside the limit."""
    with _library(request.param, Limits(call_timeout=2.0)) as library:
        yield library


def _denied(call, *args):
    with pytest.raises(StudentError) as info:
        call(*args)
    return info.value


def test_the_reference_rubric_and_other_files_are_unreadable(lib):
    for path in (REFERENCE_LIB / "losses.py", RUBRIC, "/etc/shadow"):
        err = _denied(lib.probes.read, str(path))
        assert err.type_name in ("PermissionError", "FileNotFoundError"), (path, err.type_name)


def test_the_submission_itself_is_readable(lib):
    assert lib.probes.read("course_lib/probes.py") > 0


def test_no_network_no_process_no_program(lib):
    assert _denied(lib.probes.connect).type_name in ("PermissionError", "OSError")
    assert _denied(lib.probes.fork).type_name in ("PermissionError", "BlockingIOError")
    assert _denied(lib.probes.run).type_name in ("PermissionError", "BlockingIOError", "FileNotFoundError")


def test_no_file_can_be_written_anywhere(lib):
    for path in ("course_lib/new.py", "/tmp/course-grader-test-write", "/dev/shm/course-grader-test-write"):
        assert _denied(lib.probes.write, path).type_name in ("PermissionError", "FileNotFoundError", "OSError")
        assert not os.path.exists(path if path.startswith("/") else os.path.join(lib.sandbox.submission_dir, path))


def test_no_shared_memory_outside_the_address_space(lib):
    assert lib.probes.shm() < 0
    assert _denied(lib.probes.memfd).type_name == "PermissionError"


def test_signals_cannot_reach_the_grader(lib):
    _denied(lib.probes.kill_parent)
    assert os.getpid()   # still here


def test_a_memory_hog_is_stopped_and_the_grader_lives_on(lib):
    with pytest.raises((StudentError, StudentCrash)):
        lib.probes.hog(4096)
    assert lib.probes.hog(16) == 16 << 20   # a fresh child answers again


def test_the_memory_budget_fits_the_machine():
    limits = Limits(memory_mb=2048, processes=8)
    caged = plan_memory(limits, jobs=2, cgroup=True)
    bare = plan_memory(limits, jobs=2, cgroup=False)
    assert caged.address_space == caged.budget <= 2048 << 20
    assert bare.address_space * bare.processes <= bare.budget and bare.address_space >= MIN_PROCESS_BYTES
    huge = plan_memory(Limits(memory_mb=1 << 20), jobs=1000, cgroup=False)
    assert huge.budget >= MIN_PROCESS_BYTES and huge.processes >= 1


@pytest.mark.skipif(os.getuid() != 0, reason="cgroups are made by root")
def test_a_memory_cage_bounds_all_processes_together():
    cage = Cage.create(f"course-grader-test-{os.getpid()}", 64 << 20, 4)
    if cage is None:
        pytest.skip("no writable cgroup hierarchy here")
    import subprocess
    import sys

    try:
        proc = subprocess.Popen([sys.executable, "-c", "x = bytearray(512 << 20); x[::4096] = b'1' * len(x[::4096])"],
                                preexec_fn=cage.enter)
        assert proc.wait(timeout=60) == -9          # killed by the kernel inside its cgroup
    finally:
        cage.destroy()


def test_every_layer_is_in_force_here():
    """On this machine (root, Landlock, libseccomp, a writable cgroup) nothing is missing; the
    probe also measures that a confined child can do none of the forbidden things."""
    for mode in MODES:
        found = probe(mode)
        assert found.ok and not found.readable and not found.socket and not found.fork, found
        if os.getuid() == 0:
            assert found.missing == [], found.missing


def test_arrays_cross_as_plain_data(lib):
    assert lib.probes.hog(0) == 0
    assert isinstance(np.asarray([1.0]), np.ndarray)


def test_a_call_limit_counts_the_childs_own_time_spinning_or_sleeping(quick):
    """The limit is the child's own time: running, or blocked in a system call (a sleep is the
    student's own choice), so both stop at the limit, never CALL_STRETCH times it."""
    import time

    from conftest import stretched

    from autograder.grading.sandbox import CALL_STRETCH

    assert quick.probes.sleep(0.01) == 0.01          # a quick call: no CPU read at all (< CPU_MARK_AFTER)
    for call in (lambda: quick.probes.spin(5.0), lambda: quick.probes.sleep(30.0)):
        start = time.monotonic()
        with pytest.raises(StudentTimeout) as info:
            call()
        assert info.value.cause == "call" and time.monotonic() - start < 0.5 * CALL_STRETCH + stretched(1.5)


@pytest.mark.skipif(os.getuid() != 0, reason="setting another uid's affinity needs root")
def test_a_child_starved_by_a_busy_machine_is_waited_for(quick):
    """Time the child spent waiting for a CPU that other processes held is not its own: a call
    that needs 0.3 s of CPU, on a CPU shared with 3 spinning processes (about 1.2 s of wall-clock
    time, more if the machine is busy too), is waited for past its limit of 0.5 s: it returns,
    or it stops only at CALL_STRETCH times the limit."""
    import subprocess
    import sys
    import time

    from autograder.grading.sandbox import CALL_STRETCH, _tree, tree_times

    quick.probes.sleep(0)
    cpu = sorted(os.sched_getaffinity(0))[0]
    root = quick.sandbox.proc.pid
    for _, tasks in _tree(root):           # root may set any process's affinity
        for tid in tasks:
            os.sched_setaffinity(int(tid), {cpu})
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(3)]
    try:
        for hog in hogs:
            os.sched_setaffinity(hog.pid, {cpu})
        waited, start = tree_times(root)[1], time.monotonic()
        try:
            assert quick.probes.spin(0.3) == 0.3
            assert time.monotonic() - start > 0.5, "not starved: the test proves nothing here"
            assert waited is not None and tree_times(root)[1] - waited > 0.2     # it did wait
        except StudentTimeout:
            assert time.monotonic() - start >= 0.9 * CALL_STRETCH * 0.5     # starved past the stretch itself
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()


def test_cpu_of_threads_that_have_exited_is_counted(timed):
    """CPU is the whole sandbox's, exited threads included: work done in a thread that is gone
    when the call returns counts, and a child that burns its limit in short-lived threads stops
    at about its limit (it no longer looks idle, which used to stretch its limit four times)."""
    import time

    from conftest import stretched

    timed.probes.sleep(0)
    before = timed.cpu_seconds()
    assert timed.probes.spin_in_thread(0.3) == 0.3
    assert timed.cpu_seconds() - before >= 0.29
    start, cpu = time.monotonic(), timed.cpu_seconds()
    with pytest.raises(StudentTimeout) as info:
        timed.probes.spin_in_threads_forever()
    assert info.value.cause == "call"
    # Stopped once it had had its 2 s (the waiting a busy machine imposed aside), not at 4 x 2 s.
    assert timed.cpu_seconds() - cpu < 2 * 1.5 and time.monotonic() - start < 2 * 4 + stretched(1.5)


def test_a_call_never_passes_the_end_of_its_check(lib):
    """The check's end caps a call, whatever its own limit: cut short, it is not held against the
    function (called again in the next check), and the message says that time ran out."""
    import time

    lib.probes.sleep(0)
    lib.begin_check(time.monotonic() + 0.5)            # the call's own limit is 10 s
    start = time.monotonic()
    with pytest.raises(StudentTimeout) as info:
        lib.probes.spin(5.0)
    assert time.monotonic() - start < 1.5 and info.value.cause == "cap"
    assert "time left for this check ran out" in info.value.student_message()
    assert "probes.spin" not in lib.timed_out
    lib.begin_check(time.monotonic() + 10)
    assert lib.probes.spin(0.01) == 0.01                # the next check may call it again
    lib.begin_check(time.monotonic() - 1)
    with pytest.raises(StudentTimeout) as info:
        lib.probes.echo(1)                              # nothing left: fails at once, without a call
    assert info.value.cause == "cap" and "no time was left" in info.value.student_message()


@pytest.mark.parametrize("mode", MODES)
def test_a_call_still_running_when_a_check_it_had_time_in_ends_is_held_to_have_hung(mode):
    """Cut short by its check's end after the time every check is given (``check_minimum``), a
    call is remembered like one that used its own limit: a hang is not paid again in each check."""
    import time

    limits = Limits(call_timeout=2.0, submission_timeout=4.0)
    assert limits.check_minimum == 1.0
    with _library(mode, limits) as library:
        library.probes.sleep(0)
        library.begin_check(time.monotonic() + 1.5)
        with pytest.raises(StudentTimeout) as info:
            library.probes.spin(5.0)
        assert info.value.cause == "call" and "probes.spin" in library.timed_out
        assert "still running when its check's time ran out" in info.value.student_message()


def test_a_check_has_its_minimum_whatever_came_before_but_never_outlives_the_submission():
    limits = Limits(call_timeout=10.0, submission_timeout=180.0)
    end = 1000.0
    assert limits.check_end(end - 180, end, 99, 100) == pytest.approx(end - 180 + 90.9, abs=0.1)   # half, at first
    assert limits.check_end(end - 5, end, 50, 100) == end          # little left: the submission's end
    assert limits.check_end(end - 60, end, 90, 100) == end - 50    # a hang before it: its minimum, 10 s
    assert limits.check_end(end - 30, end, 0, 100) == end
    assert limits.job_timeout > limits.submission_timeout


def test_methods_that_hang_are_not_called_again(quick):
    """A method that ran out of its own time (EarlyStopping.step, say) is remembered like a
    function: later calls fail at once, so an endless loop costs its time once."""
    import time

    stepper = quick.probes.Stepper()
    assert stepper.step() == 1
    with pytest.raises(StudentTimeout):
        stepper.step(hang=True)
    stepper = quick.probes.Stepper()
    start = time.monotonic()
    with pytest.raises(StudentTimeout) as info:
        stepper.step()
    assert time.monotonic() - start < 0.2 and "not called again" in info.value.student_message()


def test_a_batch_is_one_round_trip_and_each_request_stands_alone(quick):
    quick.probes.echo(0)                                 # imported: the batch is then one request
    calls = quick.calls
    got = quick.batch([call_message("probes.echo", 1), call_message("probes.fail", 2),
                       call_message("probes.echo", [3.0])])
    assert quick.calls == calls + 1
    assert got[0] == 1 and got[2] == [3.0]
    assert isinstance(got[1], StudentError) and got[1].type_name == "ValueError" and got[1].what == "fail"


def test_a_hang_or_a_crash_in_a_batch_costs_only_its_own_request(quick):
    """On a batch that runs out of time or loses its child, each request is sent again alone: the
    one that hung times out (and is remembered), the one that crashed crashes, the rest answer."""
    got = quick.batch([call_message("probes.echo", 1), call_message("probes.spin", 5.0),
                       call_message("probes.echo", 2)])
    assert got[0] == 1 and got[2] == 2
    assert isinstance(got[1], StudentTimeout) and got[1].cause == "call"
    assert "probes.spin" in quick.timed_out
    got = quick.batch([call_message("probes.echo", 1), call_message("probes.exit_now"),
                       call_message("probes.spin", 1.0), call_message("probes.echo", 2)])
    assert got[0] == 1 and got[3] == 2
    assert isinstance(got[1], StudentCrash)
    assert isinstance(got[2], StudentTimeout) and "not called again" in got[2].student_message()


@pytest.mark.skipif(os.getuid() != 0 or "plain" not in MODES, reason="sandboxes get uids of their own only as root")
def test_without_landlock_file_modes_alone_keep_every_copy_of_the_reference_out_of_reach():
    """Where the kernel has no Landlock (and bubblewrap cannot run), the uid and the modes set by
    the grader are what is left: nothing in the course folder but the runtime may be readable,
    since git's objects, built examples and earlier outputs all hold copies of the reference."""
    from autograder import ROOT
    from autograder.grading.sandbox import protect, protected_paths

    folder = ROOT / "build" / "test-modes"              # a built copy, world-readable inside
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / "losses.py"
    copy.write_bytes((REFERENCE_LIB / "losses.py").read_bytes())
    os.chmod(copy, 0o644)
    os.chmod(folder, 0o755)
    protect(protected_paths())                          # what choose_mode does before grading
    with _library("plain", Limits(call_timeout=10), without=("landlock",)) as library:
        assert library.probes.read("course_lib/probes.py") > 0    # it runs, and reads its own files
        assert "Landlock" not in library.sandbox.layers()
        for path in (REFERENCE_LIB / "losses.py", RUBRIC, ROOT / ".git" / "HEAD", copy, ROOT / "README.md"):
            if path.exists():
                err = _denied(library.probes.read, str(path))
                assert err.type_name in ("PermissionError", "FileNotFoundError"), (path, err.type_name)


def test_handles_do_not_outlive_the_child_that_made_them(quick):
    """After a restart (a crash here; a hang alike), a handle kept from the old child names no
    object of the new one (its ids start at a random point), and ``generation`` says the objects
    are gone, so a check that keeps handles can make them again."""
    kept = quick.put([1.0, 2.0])
    before = quick.generation
    with pytest.raises(StudentCrash):
        quick.probes.exit_now()
    assert quick.generation == before + 1
    again = quick.put([3.0])                       # the new child: its first object
    assert again.id != kept.id
    with pytest.raises(StudentError):
        quick.request({"op": "get", "ref": kept.id, "path": []})
    assert quick.generation == before + 1
