"""Running a student's ``course_lib`` in a sandboxed child process.

The grader (trusted) never imports student code. ``RemoteLibrary`` is a ``checks.framework.Library``
whose requests go over a pipe to a child process that holds the student's code:

* on Linux the child runs inside bubblewrap: no network, its own PID namespace (killing it kills
  everything it started), ``--die-with-parent``, and a read-only view holding only the Python
  interpreter, NumPy, the wire module and the submission's ``course_lib`` (never ``solutions/``,
  the hidden checks or the output folder);
* where bubblewrap cannot run, it is a plain child process, and the grader says so loudly;
* either way the child drops root (to a uid of its own) and runs under limits on address space, CPU
  seconds, open files, processes and file size, and every call has a wall-clock limit after which
  the whole child is killed.

A call that times out, or a child that dies, costs only the check that made it: the next call
starts a fresh child.
"""

import dataclasses
import fcntl
import functools
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import numpy as np

from checks import wire
from checks.framework import Library, StudentCrash, StudentError, StudentTimeout

HERE = os.path.dirname(os.path.abspath(__file__))
CHILD_SOURCES = {
    "child.py": os.path.join(HERE, "sandbox_child.py"),
    "wire.py": os.path.join(os.path.dirname(HERE), "checks", "wire.py"),
}
BASE_UID = 61000
F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)


class SandboxUnavailable(RuntimeError):
    """The sandbox could not start at all (a problem of the grading machine, not the student)."""


@dataclasses.dataclass
class Limits:
    """Resource limits of one child; the defaults are documented in docs/grader.md."""

    call_timeout: float = 10.0          # wall-clock seconds per call into student code
    start_timeout: float = 30.0         # seconds for the child to start (before any student code)
    memory_bytes: int = 2 << 30         # address space
    cpu_seconds: int = 120              # CPU seconds over the child's whole life
    open_files: int = 64
    processes: int = 32                 # processes and threads of the child's uid
    file_bytes: int = 16 << 20          # largest file the child may write


def _numpy_dirs():
    root = os.path.dirname(os.path.abspath(np.__file__))
    libs = os.path.join(os.path.dirname(root), "numpy.libs")
    return root, (libs if os.path.isdir(libs) else None)


@functools.lru_cache(maxsize=1)
def bwrap_path():
    return shutil.which("bwrap")


class Sandbox:
    """One child process serving the student's ``course_lib`` found in ``submission_dir``.

    Args:
        submission_dir: a private copy holding ``course_lib/`` (readable by ``uid``).
        limits: ``Limits``.
        mode: ``"bwrap"`` or ``"plain"``.
    """

    def __init__(self, submission_dir, limits, mode):
        self.submission_dir = os.path.abspath(submission_dir)
        self.limits, self.mode = limits, mode
        self.proc = None
        self.uid, self._uid_lock = claim_uid() if os.getuid() == 0 else (None, None)
        self._grader_dir = None
        self.cpu_used = 0.0    # CPU seconds of children already gone

    # -- starting and stopping -----------------------------------------------------------------

    def _grader_files(self):
        """A private folder with the two files the child runs (readable by the child's uid)."""
        if self._grader_dir is None:
            self._grader_dir = tempfile.mkdtemp(prefix="cl-grader-")
            for name, src in CHILD_SOURCES.items():
                shutil.copyfile(src, os.path.join(self._grader_dir, name))
            os.chmod(self._grader_dir, 0o755)
            for name in CHILD_SOURCES:
                os.chmod(os.path.join(self._grader_dir, name), 0o644)
        return self._grader_dir

    def _limits_spec(self):
        lim = self.limits
        spec = f"as={lim.memory_bytes},cpu={lim.cpu_seconds},nofile={lim.open_files},fsize={lim.file_bytes},core=0"
        if self.uid is not None:  # RLIMIT_NPROC counts the uid's processes: only sound for our own uid
            spec += f",nproc={lim.processes}"
        return spec

    def _env(self, paths, workdir):
        env = {
            "CL_LIMITS": self._limits_spec(),
            "CL_PATHS": ":".join(paths),
            "CL_WORKDIR": workdir,
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            # glibc keeps freed blocks below 128 MiB for reuse instead of unmapping them: a loss on
            # a million elements then stops paying ~1,700 page faults per call, which made its CPU
            # time swing 10x when another process was faulting pages (the vectorization check).
            "MALLOC_MMAP_THRESHOLD_": str(128 << 20), "MALLOC_TRIM_THRESHOLD_": str(256 << 20),
            "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "HOME": "/nonexistent",
            "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin",
        }
        if self.uid is not None:
            env["CL_UID"] = env["CL_GID"] = str(self.uid)
            if self.mode == "plain":
                env["CL_PRELOAD"] = "1"
        return env

    def _command(self):
        python = os.path.realpath(sys.executable)
        numpy_dir, numpy_libs = _numpy_dirs()
        grader_dir = self._grader_files()
        if self.mode == "plain":
            site = os.path.dirname(numpy_dir)
            env = self._env([grader_dir, site, self.submission_dir], self.submission_dir)
            return [python, "-I", "-S", os.path.join(grader_dir, "child.py")], env

        env = self._env(["/grader", "/site", "/submission"], "/submission")
        cmd = [bwrap_path(), "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
               "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--clearenv"]
        for key, value in env.items():
            cmd += ["--setenv", key, value]
        for top in ("/usr", "/bin", "/lib", "/lib64", "/lib32", "/libx32", "/sbin"):
            if os.path.islink(top):
                cmd += ["--symlink", os.readlink(top), top]
            elif os.path.isdir(top):
                cmd += ["--ro-bind", top, top]
        cmd += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache",
                "--proc", "/proc", "--dev", "/dev"]
        prefix = os.path.realpath(sys.base_prefix)
        if not prefix.startswith("/usr/"):
            # bwrap would copy the modes of the real parents (/root is 0700): open them up.
            parts = prefix.strip("/").split("/")[:-1]
            for i in range(1, len(parts) + 1):
                cmd += ["--perms", "0755", "--dir", "/" + "/".join(parts[:i])]
            cmd += ["--ro-bind", prefix, prefix]
        cmd += ["--perms", "0755", "--dir", "/site", "--ro-bind", numpy_dir, "/site/numpy"]
        if numpy_libs:
            cmd += ["--ro-bind", numpy_libs, "/site/numpy.libs"]
        cmd += ["--ro-bind", grader_dir, "/grader",
                "--ro-bind", self.submission_dir, "/submission",
                "--chdir", "/submission"]
        if os.getuid() == 0:  # the child keeps only what it needs to drop to its own uid
            cmd += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
        cmd += [python, "-I", "-S", "/grader/child.py"]
        return cmd, {}

    def start(self):
        cmd, env = self._command()
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=env, start_new_session=True, close_fds=True, preexec_fn=die_with_parent,
        )
        for stream in (self.proc.stdin, self.proc.stdout):
            os.set_blocking(stream.fileno(), False)
            try:  # bigger pipes: arrays of a million numbers in a few system calls
                fcntl.fcntl(stream.fileno(), F_SETPIPE_SZ, 1 << 20)
            except OSError:
                pass
        self._wfd, self._rfd = self.proc.stdin.fileno(), self.proc.stdout.fileno()
        self._wpoll, self._rpoll = select.poll(), select.poll()
        self._wpoll.register(self._wfd, select.POLLOUT)
        self._rpoll.register(self._rfd, select.POLLIN)
        try:
            hello, _ = self._receive(time.monotonic() + self.limits.start_timeout)
        except (StudentTimeout, StudentCrash) as exc:
            self.kill()
            raise SandboxUnavailable(f"the {self.mode} sandbox did not start: {exc.message}") from None
        if not isinstance(hello, dict) or not hello.get("hello"):
            self.kill()
            why = hello.get("startup_error", "") if isinstance(hello, dict) else ""
            raise SandboxUnavailable(f"the {self.mode} sandbox did not start properly\n{why}")

    def kill(self):
        """Kill the child and everything it started; safe to call twice."""
        proc, self.proc = self.proc, None
        if proc is not None:
            self.cpu_used += tree_cpu_seconds(proc.pid)
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            for stream in (proc.stdin, proc.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        if self.uid is not None:
            kill_uid(self.uid)

    def close(self):
        self.kill()
        if self._grader_dir:
            shutil.rmtree(self._grader_dir, ignore_errors=True)
            self._grader_dir = None
        if self._uid_lock is not None:
            os.close(self._uid_lock)
            self._uid_lock = None

    # -- talking -----------------------------------------------------------------------------------

    def exchange(self, structure, arrays, timeout):
        """Send one request and return the reply (message, arrays); raises StudentTimeout or
        StudentCrash (after killing the child) when the child does not answer properly."""
        deadline = time.monotonic() + timeout
        try:
            self._send(wire.pack(structure, arrays), deadline)
            return self._receive(deadline)
        except (StudentTimeout, StudentCrash):
            self.kill()
            raise

    def _wait(self, poller, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise StudentTimeout("Timeout", f"{self.limits.call_timeout:g} s")
        poller.poll(remaining * 1000)

    def _send(self, data, deadline):
        view = memoryview(data)
        while view:
            try:
                n = os.write(self._wfd, view[:1 << 20])
            except BlockingIOError:
                self._wait(self._wpoll, deadline)
                continue
            except OSError:
                raise StudentCrash("Crash", self._death()) from None
            view = view[n:]

    def _receive(self, deadline):
        def read(n):
            while True:
                try:
                    chunk = os.read(self._rfd, min(n, 1 << 20))
                except BlockingIOError:
                    self._wait(self._rpoll, deadline)
                    continue
                if not chunk:
                    raise StudentCrash("Crash", self._death())
                return chunk

        try:
            return wire.unpack_from(read)
        except wire.WireError as exc:
            raise StudentCrash("ProtocolError", f"it sent a malformed reply ({exc})") from None

    def cpu_seconds(self):
        """CPU time used so far by every process of this sandbox, restarted children included
        (measured by the kernel, so the student's code cannot misreport it)."""
        return self.cpu_used + (tree_cpu_seconds(self.proc.pid) if self.proc is not None else 0.0)

    def _death(self):
        """Why the child is gone, in words."""
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


def die_with_parent():
    """In a new child (preexec_fn): get SIGKILL when the process that started it dies (Linux)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
    except Exception:
        pass


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


def tree_cpu_seconds(root):
    """Total CPU time (from /proc/PID/task/TID/schedstat, in ns) of ``root`` and its descendants."""
    total, todo, seen = 0, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                    total += int(f.read().split()[0])
                with open(f"/proc/{pid}/task/{tid}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
            except (OSError, ValueError, IndexError):
                continue
    return total / 1e9


def kill_uid(uid, patience=0.3):
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


def _is_zombie(pid):
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rpartition(")")[2].split()[0] in ("Z", "X")


class RemoteLibrary(Library):
    """The student's ``course_lib``, reached through a sandboxed child.

    Starts the child on the first request and again after a crash or a timeout (objects from the
    dead child are then gone). A function whose call timed out is not called again: later calls
    to it fail at once, so an endless loop costs its time only once.

    ``deadline`` (a ``time.monotonic()`` value, or None) caps the whole submission: calls fail at
    once after it.
    """

    def __init__(self, submission_dir, limits=None, mode="bwrap", deadline=None):
        self.sandbox = Sandbox(submission_dir, limits or Limits(), mode)
        self.limits = self.sandbox.limits
        self.deadline = deadline
        self.timed_out = set()
        self.broken_modules = {}   # module -> the StudentError its import gave (or its timeout)
        self.imported = set()      # modules imported in the current child
        self.calls = 0

    def _target(self, structure):
        """The "module.function" a request calls, read from its encoded form, else None."""
        body = structure.get("$dict", structure) if isinstance(structure, dict) else {}
        target = body.get("target") if isinstance(body, dict) else None
        return target if isinstance(target, str) else None

    def _exchange(self, structure, arrays, timeout=None):
        target = self._target(structure)
        if target in self.timed_out:
            raise StudentTimeout("Timeout", "an earlier call to it did not return in time, so it was not called again")
        if target:
            self._ensure_imported(target.split(".", 1)[0])
        return self._send_to_child(structure, arrays, timeout, target)

    def _ensure_imported(self, module):
        """Import a module on its own before the first call into it, so that an import that
        fails or hangs is recognized once and then fails every later call at once."""
        if module in self.broken_modules:
            raise self.broken_modules[module]
        if module in self.imported and self.sandbox.proc is not None and self.sandbox.proc.poll() is None:
            return
        encoder = wire.Encoder()
        structure = encoder.encode({"op": "import", "module": module})
        try:
            reply, _ = self._send_to_child(structure, encoder.arrays, None, None)
        except StudentTimeout:
            exc = StudentTimeout("Timeout", f"importing course_lib.{module} did not finish in time",
                                 what=f"course_lib.{module}")
            self.broken_modules[module] = exc
            raise exc from None
        except StudentCrash as exc:
            exc.what = f"importing course_lib.{module}"
            self.broken_modules[module] = exc
            raise
        if isinstance(reply, dict) and isinstance(reply.get("error"), dict):
            err = reply["error"]
            exc = StudentError(str(err.get("type", "ImportError"))[:100], str(err.get("message", ""))[:2000],
                               str(err.get("where", ""))[:3000], what=f"course_lib.{module}")
            self.broken_modules[module] = exc
            raise exc
        self.imported.add(module)

    def _send_to_child(self, structure, arrays, timeout, target):
        budget = timeout or self.limits.call_timeout
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise StudentTimeout("Timeout", "the time allowed for the whole submission is used up")
            budget = min(budget, left)
        if self.sandbox.proc is None or self.sandbox.proc.poll() is not None:
            self.sandbox.kill()
            self.sandbox.start()
            self.imported = set()
        self.calls += 1
        try:
            return self.sandbox.exchange(structure, arrays, budget)
        except StudentTimeout:
            if target and timeout is None:  # a shorter limit a check chose is not remembered
                self.timed_out.add(target)
            raise

    def cpu_seconds(self):
        return self.sandbox.cpu_seconds()

    def close(self):
        self.sandbox.close()


def probe(mode, limits=None):
    """Start a child of ``mode`` with an empty submission; returns None if it works, else why not."""
    if mode == "bwrap" and not bwrap_path():
        return "bubblewrap (bwrap) is not installed"
    tmp = tempfile.mkdtemp(prefix="cl-probe-")
    os.chmod(tmp, 0o755)
    box = Sandbox(tmp, limits or Limits(), mode)
    try:
        box.start()
        return None
    except SandboxUnavailable as exc:
        return str(exc)
    finally:
        box.close()
        shutil.rmtree(tmp, ignore_errors=True)


def choose_mode(requested="auto", warn=print):
    """``"bwrap"`` or ``"plain"``; warns loudly when it has to fall back."""
    if requested == "plain":
        warn("WARNING: sandbox disabled (--sandbox plain): student code runs as a plain limited process.")
        return "plain"
    why = probe("bwrap")
    if why is None:
        return "bwrap"
    if requested == "bwrap":
        raise SandboxUnavailable(f"bubblewrap sandbox requested but unavailable: {why}")
    banner = "!" * 78
    warn(f"{banner}\nWARNING: bubblewrap cannot run here ({why}).\n"
         "Student code will run as plain processes with resource limits only: it can read files\n"
         "this user can read and open network connections. Install bubblewrap (Debian/Ubuntu:\n"
         "apt-get install bubblewrap) before grading real submissions.\n" + banner)
    return "plain"

