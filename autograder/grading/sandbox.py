"""Running a student's ``course_lib`` in a sandboxed child process.

The grader (trusted) never imports student code. ``RemoteLibrary`` is a ``checks.framework.Library``
whose requests go over a pipe to a child process that holds the student's code. The child is
wrapped in every layer this machine allows, and the grader says which ones were in force:

* **bubblewrap** (where it can start): its own PID, network, IPC and UTS namespaces, and a
  read-only view holding only the interpreter, NumPy, the grader's three bootstrap files and the
  submission's ``course_lib`` (never ``solutions/``, the hidden checks or the output folder);
* **a uid of its own** (when the grader runs as root): the child cannot read the grader's files,
  other students' copies or the outputs, whose modes the grader sets itself (``protect``);
* **Landlock and seccomp** (``confine``, set by the child on itself before any student code):
  read-only access to what it needs, no network, no new processes, no shared memory, no writes;
* **one memory budget** (``cgroups``): a memory cgroup where one can be made, else a bound on each
  process's address space times the number of processes; the child marks itself as the first
  process the kernel kills under memory pressure;
* **resource limits and deadlines**: CPU seconds, open files, file size; a limit per call on the
  child's own time (running or blocked; the time a busy machine keeps it waiting for a CPU is
  not its own), never past the end of its check (``RemoteLibrary``), after which the whole child
  is killed. Its CPU is counted for the whole sandbox, exited threads included (``cpu_seconds``).

A call that times out, or a child that dies, costs only the check that made it: the next call
starts a fresh child.
"""

from __future__ import annotations

import ctypes.util
import dataclasses
import fcntl
import functools
import itertools
import json
import os
import pathlib
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import numpy as np

from checks import wire
from checks.framework import Library, StudentCrash, StudentError, StudentTimeout, _call_key, _describe_request

from .. import REFERENCE_LIB, ROOT, RUBRIC
from .cgroups import Cage, available_memory
from .limits import Limits

HERE = os.path.dirname(os.path.abspath(__file__))
CHILD_SOURCES = {
    "child.py": os.path.join(HERE, "child.py"),
    "confine.py": os.path.join(HERE, "confine.py"),
    "wire.py": os.path.join(os.path.dirname(os.path.dirname(HERE)), "checks", "wire.py"),
}
# What the child imports from site-packages (bound into a bubblewrap sandbox one by one).
CHILD_PACKAGES = ("numpy", "numpy.libs", "landlockpy", "pyseccomp.py")
BASE_UID = 61000
F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)
MAX_REPLY_BYTES = 64 << 20          # the largest reply the checks ever need is a few MiB
CALL_STRETCH = 4.0                  # a call may take up to this many times its limit on a busy machine
CPU_MARK_AFTER = 0.05                # a call's CPU is first read once it has lasted this long (see _wait)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
MIN_PROCESS_BYTES = 512 << 20       # address space one honest child needs at most (measured: ~160 MiB)
# glibc keeps freed blocks below 128 MiB for reuse instead of unmapping them: a loss on a million
# elements then stops paying ~1,700 page faults per call, which made its CPU time swing 10x when
# another process was faulting pages. The workers run with the same settings, so that the
# reference's time measured there is comparable with the student's here (the speed checks:
# without them the worker's reference took three to four times as long at 250,000 elements).
ALLOCATOR_ENV = {"MALLOC_MMAP_THRESHOLD_": str(128 << 20), "MALLOC_TRIM_THRESHOLD_": str(256 << 20)}


class SandboxUnavailable(RuntimeError):
    """The sandbox could not start at all (a problem of the grading machine, not the student)."""


def _site_dir():
    return os.path.dirname(os.path.dirname(os.path.abspath(np.__file__)))


@functools.lru_cache(maxsize=1)
def bwrap_path():
    return shutil.which("bwrap")


@functools.lru_cache(maxsize=1)
def _libraries():
    """The C libraries ``confine`` loads, resolved here once (the lookup runs ``ldconfig``)."""
    return {name: path for name in ("c", "seccomp") if (path := ctypes.util.find_library(name))}


@dataclasses.dataclass(frozen=True)
class MemoryPlan:
    """How one sandbox's memory is bounded: a cgroup (``cage``), or address space × processes."""

    budget: int                  # bytes for all of the submission's processes together
    address_space: int           # RLIMIT_AS of each process
    processes: int               # RLIMIT_NPROC (and the cgroup's pids.max)


def plan_memory(limits: Limits, jobs: int, cgroup: bool) -> MemoryPlan:
    """Fit the memory budget to the machine: ``jobs`` sandboxes at once must not exceed what is
    available. With a cgroup, each process may use the whole budget (the cgroup bounds the sum);
    without one, the budget is split between the processes the child may have."""
    budget = min(limits.memory_bytes, int(0.8 * available_memory() / max(1, jobs)))
    budget = max(budget, MIN_PROCESS_BYTES)
    if cgroup:
        return MemoryPlan(budget, budget, limits.processes)
    processes = max(1, min(limits.processes, budget // MIN_PROCESS_BYTES))
    return MemoryPlan(budget, budget // processes, processes)


@dataclasses.dataclass
class Call:
    """A call in flight: when it started, its own limit, the cap it may never pass, and, once it has
    lasted CPU_MARK_AFTER, the child's times at that moment: (when, CPU, waiting for a CPU)."""

    started: float
    limit: float
    cap: float | None
    stretch: bool = True          # False: the limit is plain wall-clock time (a child's start)
    mark: tuple[float, float, float | None] | None = None


class Sandbox:
    """One child process serving the student's ``course_lib`` found in ``submission_dir``.

    Args:
        submission_dir: a private copy holding ``course_lib/``.
        limits: ``Limits``.
        mode: ``"bwrap"`` or ``"plain"``.
        jobs: how many sandboxes run at once (to fit the memory budget to the machine).
        probe: paths the child should try to read after confining itself (start-up probe only).
    """

    def __init__(self, submission_dir: str, limits: Limits, mode: str, jobs: int = 1,
                 probe: list[str] | None = None, without: tuple[str, ...] = ()):
        self.submission_dir = os.path.abspath(submission_dir)
        self.limits, self.mode, self.jobs, self.probe_paths = limits, mode, jobs, probe
        self.without = without      # layers left off ("landlock", "seccomp"): for tests of the others alone
        self.proc: subprocess.Popen | None = None
        self.uid: int | None = None
        self._uid_lock: int | None = None
        if os.getuid() == 0:
            self.uid, self._uid_lock = claim_uid()
        self._grader_dir: str | None = None
        self._cage: Cage | None = None
        self._cages = itertools.count()
        self.cpu_used = 0.0    # CPU seconds of children already gone
        self.hello: dict = {}
        self._call: Call | None = None
        self._unpacker = wire.Unpacker(MAX_REPLY_BYTES)
        self._memory_layer = ""     # how the last child's memory was bounded, in words
        if self.uid is not None:
            confine_copy(self.submission_dir, self.uid)

    # -- starting and stopping -----------------------------------------------------------------

    def _grader_files(self) -> str:
        """A private folder with the files the child runs (readable by the child's uid)."""
        if self._grader_dir is None:
            self._grader_dir = tempfile.mkdtemp(prefix="cl-grader-")
            for name, src in CHILD_SOURCES.items():
                shutil.copyfile(src, os.path.join(self._grader_dir, name))
                os.chmod(os.path.join(self._grader_dir, name), 0o644)
            os.chmod(self._grader_dir, 0o755)
        return self._grader_dir

    def _memory(self) -> MemoryPlan:
        plan = plan_memory(self.limits, self.jobs, cgroup=False)
        if self.uid is not None:
            name = f"course-grader-{os.getpid()}-{self.uid}-{next(self._cages)}"
            self._cage = Cage.create(name, plan.budget, self.limits.processes)
            if self._cage is not None:
                plan = plan_memory(self.limits, self.jobs, cgroup=True)
        return plan

    def _config(self, paths: list[str], workdir: str, readable: list[str], plan: MemoryPlan) -> str:
        config = {
            "paths": paths, "workdir": workdir, "uid": self.uid,
            "rlimits": self.limits.child_rlimits(own_uid=self.uid is not None, address_space=plan.address_space)
            | ({"RLIMIT_NPROC": [plan.processes, plan.processes]} if self.uid is not None else {}),
            "readable": readable, "libraries": _libraries(),
            "preload": self.mode == "plain" and self.uid is not None,
            "without": list(self.without),
        }
        if self.probe_paths is not None:
            config["probe"] = self.probe_paths
        return json.dumps(config)

    def _env(self, config: str) -> dict[str, str]:
        return {
            "CL_CONFIG": config,
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            **ALLOCATOR_ENV,
            "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "HOME": "/nonexistent",
            "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin",
        }

    def _command(self, plan: MemoryPlan) -> tuple[list[str], dict[str, str]]:
        python = os.path.realpath(sys.executable)
        grader_dir = self._grader_files()
        prefixes = sorted({os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix)})
        system = [p for p in ("/usr/lib", "/usr/lib64", "/lib", "/lib64", "/usr/local/lib") if os.path.isdir(p)]
        devices = ["/dev/null", "/dev/urandom"]
        if self.mode == "plain":
            site = _site_dir()
            readable = prefixes + system + devices + [site, grader_dir, self.submission_dir]
            config = self._config([grader_dir, site, self.submission_dir], self.submission_dir, readable, plan)
            return [python, "-I", "-S", os.path.join(grader_dir, "child.py")], self._env(config)

        readable = prefixes + system + devices + ["/site", "/grader", "/submission"]
        config = self._config(["/grader", "/site", "/submission"], "/submission", readable, plan)
        cmd = [bwrap_path(), "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
               "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--clearenv"]
        for key, value in self._env(config).items():
            cmd += ["--setenv", key, value]
        for top in ("/usr", "/bin", "/lib", "/lib64", "/lib32", "/libx32", "/sbin"):
            if os.path.islink(top):
                cmd += ["--symlink", os.readlink(top), top]
            elif os.path.isdir(top):
                cmd += ["--ro-bind", top, top]
        cmd += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache", "--proc", "/proc", "--dev", "/dev"]
        for prefix in prefixes:
            if prefix == "/usr" or prefix.startswith("/usr/"):
                continue
            # bwrap would copy the modes of the real parents (/root is 0700): open them up.
            parts = prefix.strip("/").split("/")[:-1]
            for i in range(1, len(parts) + 1):
                cmd += ["--perms", "0755", "--dir", "/" + "/".join(parts[:i])]
            cmd += ["--ro-bind", prefix, prefix]
        site = _site_dir()
        cmd += ["--perms", "0755", "--dir", "/site"]
        for name in CHILD_PACKAGES:
            cmd += ["--ro-bind-try", os.path.join(site, name), f"/site/{name}"]
        cmd += ["--ro-bind", grader_dir, "/grader", "--ro-bind", self.submission_dir, "/submission",
                "--chdir", "/submission"]
        if os.getuid() == 0:  # the child keeps only what it needs to drop to its own uid
            cmd += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
        cmd += [python, "-I", "-S", "/grader/child.py"]
        return cmd, {}

    def start(self, cap: float | None = None) -> None:
        """Start the child and wait for its hello, for at most ``start_timeout`` seconds and never
        past ``cap`` (a monotonic time: the submission's end). Raises ``SandboxUnavailable`` when
        it cannot start, ``StudentTimeout`` (cause "cap") when the cap came first."""
        plan = self._memory()
        cmd, env = self._command(plan)
        cage = self._cage

        def in_new_child():
            die_with_parent()
            if cage is not None:
                cage.enter()

        proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=env, start_new_session=True, close_fds=True, preexec_fn=in_new_child,
        )
        self.proc, self.plan = proc, plan
        self._memory_layer = (cage.describe(plan.budget) if cage is not None else
                              f"address space {plan.address_space >> 20} MiB x {plan.processes} processes")
        self._unpacker = wire.Unpacker(MAX_REPLY_BYTES)
        assert proc.stdin is not None and proc.stdout is not None
        self._wfd, self._rfd = proc.stdin.fileno(), proc.stdout.fileno()
        for fd in (self._wfd, self._rfd):
            os.set_blocking(fd, False)
            try:  # bigger pipes: arrays of a million numbers in a few system calls
                fcntl.fcntl(fd, F_SETPIPE_SZ, 1 << 20)
            except OSError:
                pass
        self._wpoll, self._rpoll = select.poll(), select.poll()
        self._wpoll.register(self._wfd, select.POLLOUT)
        self._rpoll.register(self._rfd, select.POLLIN)
        self._call = Call(time.monotonic(), self.limits.start_timeout, cap, stretch=False)
        try:
            hello, _ = self._receive()
        except StudentTimeout as exc:
            self.kill()
            if exc.cause == "cap":
                raise
            raise SandboxUnavailable(f"the {self.mode} sandbox did not start: {exc.message}") from None
        except StudentCrash as exc:
            self.kill()
            raise SandboxUnavailable(f"the {self.mode} sandbox did not start: {exc.message}") from None
        if not isinstance(hello, dict) or not hello.get("hello"):
            self.kill()
            why = hello.get("startup_error", "") if isinstance(hello, dict) else ""
            raise SandboxUnavailable(f"the {self.mode} sandbox did not start properly\n{why}")
        self.hello = hello

    def layers(self) -> str:
        """The isolation layers in force around the current (or last) child, in words."""
        found = self.hello.get("layers", {}) if isinstance(self.hello, dict) else {}
        parts = ["bubblewrap (namespaces: pid, net, ipc, uts; read-only view)" if self.mode == "bwrap"
                 else "a plain process (bubblewrap could not run)"]
        if found.get("uid"):
            parts.append(found["uid"])
        parts += [found[k] for k in ("landlock", "seccomp") if found.get(k)]
        if self._memory_layer:
            parts.append(self._memory_layer)
        return "; ".join(parts)

    def missing_layers(self) -> list[str]:
        found = self.hello.get("layers", {}) if isinstance(self.hello, dict) else {}
        missing = [f"{k}: {found[k + '_missing']}" for k in ("landlock", "seccomp") if found.get(k + "_missing")]
        if self.uid is None:
            missing.append("own uid: the grader does not run as root")
        return missing

    def kill(self) -> None:
        """Kill the child and everything it started; safe to call twice."""
        proc, self.proc = self.proc, None
        counted = False
        if proc is not None:
            if self._cage is None or self._cage.cpu_seconds() is None:
                self.cpu_used += tree_cpu_seconds(proc.pid)   # the processes' clocks die with them
                counted = True
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            for stream in (proc.stdin, proc.stdout):
                try:
                    if stream is not None:
                        stream.close()
                except OSError:
                    pass
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        if self.uid is not None:
            kill_uid(self.uid)
        if self._cage is not None:
            final = self._cage.destroy()       # counts to the end: the cgroup outlives its processes
            if final is not None and not counted:
                self.cpu_used += final
            self._cage = None

    def close(self) -> None:
        self.kill()
        if self._grader_dir:
            shutil.rmtree(self._grader_dir, ignore_errors=True)
            self._grader_dir = None
        if self._uid_lock is not None:
            os.close(self._uid_lock)
            self._uid_lock = None

    # -- talking -----------------------------------------------------------------------------------

    def exchange(self, structure, arrays, limit: float, cap: float | None = None):
        """Send one request and return the reply (message, arrays).

        ``limit`` is the call's own limit in seconds: it ends when the child has had that much
        time of its own (running, or blocked in a system call such as sleep), so that a call
        starved by a busy machine waits longer (up to ``CALL_STRETCH`` times the limit); ``cap``
        (a monotonic time) is never passed, whatever the stretch: the end of the time of the
        check, part or submission the call belongs to. Raises ``StudentTimeout`` (``cause``
        "call" when its own limit ran out, "cap" when the cap did) or ``StudentCrash``, after
        killing the child."""
        assert self.proc is not None
        self._call = Call(time.monotonic(), limit, cap)
        try:
            self._send(wire.pack(structure, arrays))
            return self._receive()
        except (StudentTimeout, StudentCrash):
            self.kill()
            raise

    def _times(self) -> tuple[float, float | None]:
        """(CPU seconds, seconds its threads waited for a CPU) of the live child, both counted
        since it started: CPU from its cgroup (everything that ever ran in it) where there is
        one, else from its processes' clocks (exited threads included); the waiting from each
        live thread's scheduler statistics (None where the kernel keeps none)."""
        assert self.proc is not None
        cpu, waited = tree_times(self.proc.pid)
        caged = self._cage.cpu_seconds() if self._cage is not None else None
        return (cpu if caged is None else caged), waited

    def _own_time(self, call: Call) -> float:
        """How much of the call's limit it has used: the time since it started, less what its
        threads spent waiting for a CPU that others held, and never less than its CPU time (a
        child with several threads can use more CPU than wall-clock time)."""
        assert call.mark is not None
        when, cpu, waited = call.mark
        now_cpu, now_waited = self._times()
        wall = time.monotonic() - when
        used_cpu = now_cpu - cpu
        if waited is None or now_waited is None:       # no scheduler statistics: CPU time only
            own = used_cpu
        else:
            own = max(used_cpu, wall - (now_waited - waited))
        return (when - call.started) + own   # the first CPU_MARK_AFTER seconds count as its own

    def _deadline(self) -> tuple[float, str]:
        """When the call in flight must end, and why: ``"call"`` (its own limit, stretched while
        the child was kept from running) or ``"cap"``."""
        call = self._call
        assert call is not None
        own = call.started + call.limit
        if call.stretch and call.mark is not None and self.proc is not None and time.monotonic() >= own:
            used = self._own_time(call)
            if used < 0.9 * call.limit:
                own = min(call.started + CALL_STRETCH * call.limit, time.monotonic() + (call.limit - used))
        if call.cap is not None and call.cap < own:
            return call.cap, "cap"
        return own, "call"

    def _wait(self, poller) -> None:
        """Wait for the pipe (up to a second at a time), or raise ``StudentTimeout`` when the call
        in flight has no time left."""
        now = time.monotonic()
        call = self._call
        assert call is not None
        # Reading the child's times walks /proc: most calls answer within a millisecond, so they
        # are first read (the call "marked") only for a call that lasts CPU_MARK_AFTER seconds.
        mark_at = None
        if call.stretch and call.mark is None and self.proc is not None:
            if now - call.started >= CPU_MARK_AFTER:
                call.mark = (now, *self._times())
            else:
                mark_at = call.started + CPU_MARK_AFTER
        deadline, why = self._deadline()
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise StudentTimeout("Timeout", f"{call.limit:g} s", cause=why)
        wait = min(remaining, 1.0)
        if mark_at is not None:
            wait = min(wait, max(mark_at - now, 0.001))
        poller.poll(wait * 1000)

    def _send(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            try:
                n = os.write(self._wfd, view[:1 << 20])
            except BlockingIOError:
                self._wait(self._wpoll)
                continue
            except OSError:
                raise StudentCrash("Crash", self._death()) from None
            view = view[n:]

    def _receive(self):
        unpacker = self._unpacker
        try:
            while (got := unpacker.next()) is None:
                try:
                    # A whole reply in one system call when it fits, however many parts it has.
                    chunk = os.read(self._rfd, min(max(unpacker.need(), 1 << 16), 16 << 20))
                except BlockingIOError:
                    self._wait(self._rpoll)
                    continue
                if not chunk:
                    raise StudentCrash("Crash", self._death())
                unpacker.feed(chunk)
        except wire.WireError as exc:
            raise StudentCrash("ProtocolError", f"it sent a malformed reply ({exc})") from None
        return got

    def cpu_seconds(self) -> float:
        """CPU time used so far by every process of this sandbox, restarted children and exited
        threads included (measured by the kernel, so the student's code cannot misreport it)."""
        if self.proc is None:
            return self.cpu_used
        caged = self._cage.cpu_seconds() if self._cage is not None else None
        return self.cpu_used + (tree_cpu_seconds(self.proc.pid) if caged is None else caged)

    def _death(self) -> str:
        """Why the child is gone, in words."""
        if self.proc is None:
            return "the process is gone"
        try:
            code = self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return "the process closed its connection"
        if code < 0:
            name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
            hint = {"SIGXCPU": "it used up its CPU time", "SIGKILL": "it was killed (out of memory?)",
                    "SIGSEGV": "it crashed"}.get(name, "")
            return f"the process was ended by {name}" + (f": {hint}" if hint else "")
        if self.mode == "bwrap" and code == 1:
            return "the process exited (exit status 1)"
        return f"the process exited with status {code} (sys.exit or os._exit?)"


@functools.lru_cache(maxsize=1)
def course_class_names() -> frozenset[str]:
    """The classes the course's library defines (``Dropout``, ...): names a check may show."""
    import ast

    names = set()
    for path in REFERENCE_LIB.glob("*.py"):
        names |= {n.name for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.ClassDef)}
    return frozenset(names)


def die_with_parent() -> None:
    """In a new child (preexec_fn): get SIGKILL when the process that started it dies (Linux)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
    except Exception:
        pass


def confine_copy(folder: str, uid: int) -> None:
    """Make a staged copy readable by the sandbox's own uid and by nobody else but root: owner
    root, group the sandbox's (gid = uid), folders 0750, files 0640, so that other students'
    sandboxes cannot read it and its own sandbox cannot change it."""
    for dirpath, _, filenames in os.walk(folder):
        os.chown(dirpath, 0, uid)
        os.chmod(dirpath, 0o750)
        for name in filenames:
            path = os.path.join(dirpath, name)
            os.chown(path, 0, uid, follow_symlinks=False)
            os.chmod(path, 0o640)


def protect(paths: list[str]) -> None:
    """Take every permission of "others" from ``paths`` (the reference, the hidden checks, the
    output folder): a sandbox running as a uid of its own then cannot enter them, whatever the
    modes of the files inside. Only meaningful as root (sandboxes get their own uids)."""
    for path in paths:
        try:
            mode = os.stat(path).st_mode
            if mode & 0o007:
                os.chmod(path, mode & ~0o007)
        except OSError:
            pass


def runtime_entries() -> set[str]:
    """The entries at the top of the course folder that hold the Python the child runs (a
    ``.venv`` there, say): the only ones a sandbox needs to read."""
    keep = set()
    for path in (sys.prefix, sys.base_prefix, sys.executable, _site_dir()):
        try:
            relative = pathlib.Path(os.path.realpath(path)).relative_to(os.path.realpath(ROOT))
        except ValueError:
            continue
        if relative.parts:
            keep.add(relative.parts[0])
    return keep


def protected_paths(out_dir: str | None = None) -> list[str]:
    """What a sandbox must never read: everything in the course folder but the runtime (the
    reference, the hidden checks and the rubric, and also git's objects, built examples, earlier
    outputs: each can hold a copy of the reference), and the outputs."""
    keep = runtime_entries()
    paths = [str(ROOT / name) for name in sorted(os.listdir(ROOT)) if name not in keep]
    return paths + ([os.path.abspath(out_dir)] if out_dir else [])


UID_RANGE = range(BASE_UID, BASE_UID + 1000)
UID_LOCKS = os.path.join(tempfile.gettempdir(), "course-grader-uids")


def claim_uid():
    """An unprivileged uid that no other live sandbox (of any grader process) is using, and the
    lock file descriptor that holds it. Each sandbox owns its uid alone, so limits on processes
    count only its own, and killing every process of the uid after a call kills only its own."""
    os.makedirs(UID_LOCKS, mode=0o700, exist_ok=True)
    for uid in UID_RANGE:
        fd = os.open(os.path.join(UID_LOCKS, str(uid)), os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue
        kill_uid(uid)  # leftovers of a grader that was killed
        return uid, fd
    raise SandboxUnavailable("no free sandbox uid")


def _tree(root: int) -> list[tuple[int, list[str]]]:
    """``root`` and its live descendants: [(pid, its thread ids)]."""
    found, todo, seen = [], [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        found.append((pid, tasks))
        for tid in tasks:
            try:
                with open(f"/proc/{pid}/task/{tid}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
            except (OSError, ValueError):
                continue
    return found


def process_cpu_seconds(pid: int) -> float:
    """CPU time of the process ``pid``: every thread it ever had, exited ones included (its CPU
    clock, which ``clock_getcpuclockid`` names), and the children it has waited for."""
    try:
        total = time.clock_gettime((~pid << 3) | 2)    # MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED)
    except OSError:                                     # gone
        return 0.0
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rpartition(b")")[2].split()
        total += (int(fields[13]) + int(fields[14])) / CLOCK_TICKS   # cutime, cstime
    except (OSError, ValueError, IndexError):
        pass
    return total


def tree_cpu_seconds(root: int) -> float:
    """Total CPU time of ``root`` and its descendants, exited threads included (the fallback where
    the sandbox has no cgroup to count it)."""
    return sum(process_cpu_seconds(pid) for pid, _ in _tree(root))


def tree_times(root: int) -> tuple[float, float | None]:
    """(CPU seconds, seconds spent waiting for a CPU) of ``root`` and its descendants. The waiting
    (the second field of each live thread's ``schedstat``) is what a busy machine takes from a
    call; None where the kernel keeps no scheduler statistics."""
    cpu, waited = 0.0, 0
    for pid, tasks in _tree(root):
        cpu += process_cpu_seconds(pid)
        for tid in tasks:
            try:
                with open(f"/proc/{pid}/task/{tid}/schedstat", "rb") as f:
                    waited += int(f.read().split()[1])
            except FileNotFoundError:
                continue                                # a thread that just exited
            except (OSError, ValueError, IndexError):
                return cpu, None
    return cpu, waited / 1e9


def kill_uid(uid: int, patience: float = 0.3) -> None:
    """SIGKILL every process owned by ``uid`` (a sandbox's own uid: nothing else runs as it), and
    wait up to ``patience`` seconds for them to die. Zombies are already dead: they only wait for
    their parent (bubblewrap's init, or this process) to reap them."""
    deadline, pause = time.monotonic() + patience, 0.001
    while True:
        alive = False
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                if os.stat(f"/proc/{entry}").st_uid != uid or _is_zombie(entry):
                    continue
                alive = True
                os.kill(int(entry), signal.SIGKILL)
            except (FileNotFoundError, ProcessLookupError, PermissionError):
                pass
        if not alive or time.monotonic() > deadline:
            return
        time.sleep(pause)
        pause = min(2 * pause, 0.02)


def _is_zombie(pid: str) -> bool:
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rpartition(")")[2].split()[0] in ("Z", "X")


class RemoteLibrary(Library):
    """The student's ``course_lib``, reached through a sandboxed child.

    Starts the child on the first request and again after a crash or a timeout (objects from the
    dead child are then gone). A function or method whose call ran out of its own time is not
    called again: later calls to it fail at once, so an endless loop costs its time only once.

    Time comes in one hierarchy: ``deadline`` (a ``time.monotonic()`` value, or None) ends the
    whole submission; ``begin_check(end)`` ends the current check no later; a call has its own
    limit and never runs past the earlier of the two (its cap). A call that the cap cuts short
    says so. It is held against the code it was running (not called again) only when it had run
    for ``Limits.check_minimum``, the time every check is given: else it was the check's time,
    or the submission's, that ran out. (A child that has to be started again may take the
    check's time: its start is bounded by the submission's end only.)
    """

    def __init__(self, submission_dir: str, limits: Limits | None = None, mode: str = "bwrap",
                 deadline: float | None = None, jobs: int = 1, without: tuple[str, ...] = ()):
        self.sandbox = Sandbox(submission_dir, limits or Limits(), mode, jobs, without=without)
        self.shown_types = course_class_names()
        self.limits = self.sandbox.limits
        self.deadline = deadline
        self.check_end: float | None = None
        self.check_started = time.monotonic()
        self.timed_out: set[str] = set()
        self.broken_modules: dict[str, StudentError] = {}
        self.imported: set[str] = set()
        self.calls = 0
        self.starts = 0

    @property
    def generation(self) -> int:                         # type: ignore[override]
        """The start of the child that the next request talks to (``Library.generation``): a
        child that has died (a hang, a crash) is replaced at the next request."""
        proc = self.sandbox.proc
        return self.starts + (0 if proc is not None and proc.poll() is None else 1)

    def begin_check(self, end: float | None) -> None:
        """Calls from now on belong to a check that must be over by ``end`` (monotonic; None: only
        the submission's deadline holds)."""
        self.check_end, self.check_started = end, time.monotonic()

    def _cap(self) -> tuple[float | None, str]:
        """(The moment no call may pass, whose end it is: "check" or "submission")."""
        if self.check_end is not None and (self.deadline is None or self.check_end < self.deadline):
            return self.check_end, "check"
        return self.deadline, "submission"

    def _out_of_time(self, whose: str, at_start: bool) -> str:
        """Why a call was cut short, in the student's terms (a StudentTimeout's message, cause "cap")."""
        total = f"{self.limits.submission_timeout:g} s"
        if whose == "submission":
            return f"the time allowed for the whole submission ({total}) {'was used up' if at_start else 'ran out'}"
        if self.deadline is None:
            return "no time was left for this check" if at_start else "the time left for this check ran out"
        before = self.check_started - (self.deadline - self.limits.submission_timeout)
        return (f"{'no time was left' if at_start else 'the time left'} for this check"
                f"{'' if at_start else ' ran out'} (the checks before it had used {before:.0f} s of the "
                f"{total} the whole submission may take)")

    @staticmethod
    def _module_of(structure):
        """The module a request calls into ("losses" for "losses.mse"), read from its encoded form."""
        body = structure.get("$dict", structure) if isinstance(structure, dict) else {}
        target = body.get("target") if isinstance(body, dict) else None
        return target.split(".", 1)[0] if isinstance(target, str) else None

    def _exchange(self, structure, arrays, timeout=None, key=None):
        if key is not None and key in self.timed_out:
            raise StudentTimeout("Timeout", "an earlier call to it did not return in time, so it was not called again")
        module = self._module_of(structure)
        if module:
            self._ensure_imported(module)
        return self._send_to_child(structure, arrays, timeout, key)

    def _ensure_imported(self, module: str) -> None:
        """Import a module on its own before the first call into it, so that an import that
        fails or hangs is recognized once and then fails every later call at once."""
        if module in self.broken_modules:
            raise self.broken_modules[module].again()
        if module in self.imported and self.sandbox.proc is not None and self.sandbox.proc.poll() is None:
            return
        encoder = wire.Encoder()
        structure = encoder.encode({"op": "import", "module": module})
        what = f"course_lib.{module}"
        try:
            reply, _ = self._send_to_child(structure, encoder.arrays, None, None)
        except StudentTimeout as exc:
            if exc.cause == "cap":       # the check's time ran out: nothing is known of the module
                raise
            hung = StudentTimeout("Timeout", f"importing {what} did not finish in time", what=what)
            self.broken_modules[module] = hung
            raise hung from None
        except StudentCrash as exc:
            exc.what = f"importing {what}"
            self.broken_modules[module] = exc
            raise
        if isinstance(reply, dict) and "error" in reply:
            failed = StudentError.from_reply(reply["error"], what=what, at_import=True)
            self.broken_modules[module] = failed
            raise failed
        self.imported.add(module)

    def _send_to_child(self, structure, arrays, timeout, key):
        limit = timeout or self.limits.call_timeout
        cap, whose = self._cap()
        if cap is not None and cap <= time.monotonic():
            raise StudentTimeout("Timeout", self._out_of_time(whose, at_start=True), cause="cap")
        if self.sandbox.proc is None or self.sandbox.proc.poll() is not None:
            self.sandbox.kill()
            self.imported = set()
            self.starts += 1
            try:
                self.sandbox.start(self.deadline)       # trusted work: the check's end does not cut it
            except StudentTimeout as exc:
                exc.message = self._out_of_time("submission", at_start=False)
                raise
        started = time.monotonic()
        try:
            self.calls += 1
            return self.sandbox.exchange(structure, arrays, limit, cap)
        except StudentTimeout as exc:
            hung = exc.cause == "call" or (whose == "check" and time.monotonic() - started >= self.limits.check_minimum)
            if exc.cause == "cap" and hung:
                exc.cause, exc.message = "call", (f"it was still running when its check's time ran out, "
                                                  f"{time.monotonic() - started:.0f} s after it was called")
            elif exc.cause == "cap":
                exc.message = self._out_of_time(whose, at_start=False)
            if hung and key and timeout is None:   # a shorter limit a check chose is not remembered
                self.timed_out.add(key)
            raise

    def batch(self, requests, timeout=None):
        """``Library.batch`` in one round trip. Requests whose function already hung, or whose
        module does not import, fail at once; the others go together. When the batch as a whole
        runs out of time or the child dies, each of its requests is sent again on its own, with
        its own limit, so that a hang or a crash costs only the requests that caused it."""
        out: list = [None] * len(requests)
        send = []
        for i, message in enumerate(requests):
            key, what = _call_key(message), _describe_request(message)
            try:
                if key is not None and key in self.timed_out:
                    raise StudentTimeout("Timeout", "an earlier call to it did not return in time, "
                                                    "so it was not called again")
                if isinstance(message.get("target"), str):
                    self._ensure_imported(message["target"].split(".", 1)[0])
                send.append(i)
            except StudentError as exc:
                exc.what, exc.__traceback__ = exc.what or what, None
                out[i] = exc
        if len(send) <= 1:
            return [out[i] if out[i] is not None else super(RemoteLibrary, self).batch([requests[i]], timeout)[0]
                    for i in range(len(requests))]
        encoder = wire.Encoder()
        structure = encoder.encode({"op": "batch", "requests": [requests[i] for i in send]})
        try:
            reply, arrays = self._send_to_child(structure, encoder.arrays, timeout, None)
            replies = reply.get("batch") if isinstance(reply, dict) else None
            if not isinstance(replies, list) or len(replies) != len(send):
                raise StudentCrash("ProtocolError", "the reply to a batch was not understood")
        except StudentTimeout as exc:
            if exc.cause != "cap":
                return self._one_by_one(requests, out, send, timeout)
            for i in send:
                out[i] = StudentTimeout(exc.type_name, exc.message, what=_describe_request(requests[i]), cause="cap")
            return out
        except StudentCrash:
            return self._one_by_one(requests, out, send, timeout)
        for i, sub in zip(send, replies):
            try:
                out[i] = self._result(sub, arrays, _describe_request(requests[i]))
            except StudentError as exc:
                exc.__traceback__ = None
                out[i] = exc
        return out

    def _one_by_one(self, requests, out, send, timeout):
        for i in send:
            out[i] = super().batch([requests[i]], timeout)[0]
        return out

    def cpu_seconds(self) -> float:
        return self.sandbox.cpu_seconds()

    def close(self) -> None:
        self.sandbox.close()


@dataclasses.dataclass
class Probe:
    """What a start-up probe found: whether a child of this mode runs, and what it can do."""

    mode: str
    error: str = ""                  # why it did not start ('' if it did)
    layers: str = ""
    missing: list[str] = dataclasses.field(default_factory=list)
    readable: list[str] = dataclasses.field(default_factory=list)   # protected files it could read
    socket: bool = False
    fork: bool = False

    @property
    def ok(self) -> bool:
        return not self.error


def probe(mode: str, limits: Limits | None = None, out_dir: str | None = None) -> Probe:
    """Start a child of ``mode`` with an empty submission and ask what it can still do: read the
    reference and the rubric? open a socket? start a process? (Measured, not assumed.)"""
    if mode == "bwrap" and not bwrap_path():
        return Probe(mode, error="bubblewrap (bwrap) is not installed")
    tmp = tempfile.mkdtemp(prefix="cl-probe-")
    os.makedirs(os.path.join(tmp, "course_lib"))
    targets = [str(REFERENCE_LIB / "losses.py"), str(RUBRIC), str(ROOT / ".git" / "HEAD")]
    if out_dir and os.path.isdir(out_dir):
        targets.append(os.path.join(os.path.abspath(out_dir), "grades.csv"))
    box = Sandbox(tmp, limits or Limits(), mode, probe=[t for t in targets if os.path.exists(t)])
    try:
        box.start()
        found = box.hello.get("probe", {})
        return Probe(mode, layers=box.layers(), missing=box.missing_layers(),
                     readable=list(found.get("readable", [])), socket=bool(found.get("socket")),
                     fork=bool(found.get("fork")))
    except SandboxUnavailable as exc:
        return Probe(mode, error=str(exc))
    finally:
        box.close()
        shutil.rmtree(tmp, ignore_errors=True)


def choose_mode(requested: str = "auto", warn=print, out_dir: str | None = None) -> Probe:
    """The sandbox to grade with, probed: bubblewrap when it runs (unless ``plain`` is asked
    for), else a plain confined process. Warns plainly about every layer that is missing and
    about anything the probe could still do that it should not."""
    if os.getuid() == 0:
        protect(protected_paths(out_dir))
    found = None
    if requested in ("auto", "bwrap"):
        found = probe("bwrap", out_dir=out_dir)
        if not found.ok and requested == "bwrap":
            raise SandboxUnavailable(f"bubblewrap sandbox requested but unavailable: {found.error}")
    if found is None or not found.ok:
        why = found.error if found is not None else "--sandbox plain"
        found = probe("plain", out_dir=out_dir)
        if not found.ok:
            raise SandboxUnavailable(f"no sandbox can start here: {found.error}")
        found.missing.insert(0, f"bubblewrap: {why}")
    problems = [f"it could read {p}" for p in found.readable]
    problems += ["it could open a network socket"] * found.socket + ["it could start processes"] * found.fork
    if problems:
        banner = "!" * 78
        warn(f"{banner}\nWARNING: student code is NOT fully isolated here: {'; '.join(problems)}.\n"
             f"Missing layers: {'; '.join(found.missing) or 'none'}.\n"
             "Run the grader as root (sandboxes then get uids of their own) on a kernel with Landlock,\n"
             f"or install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap).\n{banner}")
    return found
