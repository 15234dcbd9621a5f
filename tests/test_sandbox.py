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
from autograder.grading.cgroups import MemoryCage
from autograder.grading.limits import Limits
from autograder.grading.sandbox import MIN_PROCESS_BYTES, RemoteLibrary, plan_memory, probe
from checks.framework import StudentCrash, StudentError

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
        end = time.process_time() + seconds
        while time.process_time() < end:
            pass
        return seconds
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
    cage = MemoryCage.create(f"course-grader-test-{os.getpid()}", 64 << 20, 4)
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


def test_a_call_limit_counts_cpu_but_waits_for_a_starved_or_blocked_child(quick):
    """The limit is the child's CPU time: a child that spins is stopped at the limit, one that
    waits (a busy machine, a blocking call) gets up to CALL_STRETCH times the limit."""
    import time

    from conftest import stretched

    from autograder.grading.sandbox import CALL_STRETCH

    assert quick.probes.sleep(0.01) == 0.01          # a quick call: no CPU read at all (< CPU_MARK_AFTER)
    assert quick.probes.sleep(0.9) == 0.9            # 0.9 s of waiting, no CPU: stretched past 0.5 s
    # the sandbox's own cap is CALL_STRETCH times the limit; stopping the child and starting the
    # next one take 1.5 s on a quiet machine, longer on a busy one (3.6 s seen at load 19 on 2 cores)
    start = time.monotonic()
    with pytest.raises(StudentError) as info:
        quick.probes.spin(5.0)
    assert info.value.type_name == "Timeout" and time.monotonic() - start < 0.5 * CALL_STRETCH + stretched(1.5)
    start = time.monotonic()
    with pytest.raises(StudentError):
        quick.probes.sleep(30.0)                     # waiting too has its end: CALL_STRETCH times the limit
    assert time.monotonic() - start < 0.5 * CALL_STRETCH + stretched(1.5)


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
