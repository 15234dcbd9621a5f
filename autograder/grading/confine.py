"""The layers a sandboxed child puts around itself before any student code runs (trusted code,
copied into the sandbox beside ``child.py``; it imports only the standard library, ``landlockpy``
and ``pyseccomp``).

* **Landlock** (Linux 5.13+, no privileges needed): from now on this process and its children may
  read only the folders given (the interpreter, NumPy, the grader's two files, the submission)
  and write nowhere; TCP is refused; signals and abstract sockets cannot reach processes outside.
  This is what keeps ``solutions/`` and the hidden checks unreadable where bubblewrap cannot run.
* **seccomp** (libseccomp): system calls the checks never need fail with EPERM: sockets, new
  processes and programs, System V and POSIX shared memory, memfd, io_uring, ptrace, files
  opened for writing, namespaces, mounts, keyrings, signals to other processes.

Both are irreversible for the process and everything it starts. Each returns a short description
of what is in force, or raises ``Unavailable`` with the reason (an old kernel, a container that
forbids the system call), which the grader reports as a layer that is missing.
"""

import ctypes.util
import errno
import os


class Unavailable(RuntimeError):
    """This layer cannot be put in place on this machine."""


_LOADED: dict[str, object] = {}


def load(paths):
    """Import the two libraries now, while the interpreter's files are surely readable (a plain
    child is about to drop root). ``paths`` ({"c": "/lib/.../libc.so.6", "seccomp": ...}) are the
    C libraries as the grader resolved them: the packages' own lookup runs ``ldconfig`` in a
    subprocess, which is slow and may not even be possible inside the sandbox."""
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: paths.get(name) or original(name)
    for name in ("landlockpy", "landlockpy.errors", "pyseccomp"):
        try:
            _LOADED[name] = __import__(name, fromlist=["*"])
        except Exception as exc:  # not installed, or the C library is missing
            _LOADED[name] = exc


def _module(name):
    found = _LOADED.get(name)
    if found is None:
        load({})
        found = _LOADED[name]
    if isinstance(found, Exception):
        raise Unavailable(f"{name} cannot be loaded ({type(found).__name__}: {found})")
    return found


def landlock(readable):
    """Allow reading (files and folder listings) beneath each path of ``readable``, and nothing
    else: no writing, no TCP, no signals or abstract sockets outside this process's domain."""
    ll = _module("landlockpy")
    AccessFS, AccessNet, Ruleset, Scope = ll.AccessFS, ll.AccessNet, ll.Ruleset, ll.Scope
    LandlockError = _module("landlockpy.errors").LandlockError
    try:
        ruleset = Ruleset(scoped=Scope.ABSTRACT_UNIX_SOCKET | Scope.SIGNAL)
    except (LandlockError, OSError) as exc:
        raise Unavailable(f"the kernel refuses Landlock ({exc})") from None
    with ruleset:
        try:
            for path in readable:
                if os.path.isdir(path):
                    ruleset.allow_path(path, AccessFS.READ_FILE | AccessFS.READ_DIR)
                elif os.path.exists(path):
                    ruleset.allow_path(path, AccessFS.READ_FILE)
            ruleset.restrict()
        except (LandlockError, OSError) as exc:
            raise Unavailable(f"the kernel refuses the Landlock rules ({exc})") from None
        parts = ["read-only access to the runtime and the submission"]
        if ruleset.handled_net & AccessNet.CONNECT_TCP:
            parts.append("no TCP")
        if ruleset.scoped & Scope.SIGNAL:
            parts.append("no signals out")
        return f"Landlock ABI {ruleset.abi_version} ({', '.join(parts)})"


# System calls that fail with EPERM, whatever their arguments (names missing on an architecture
# are skipped).
DENIED = [
    # networking
    "socket", "socketpair",
    # new programs and processes (threads are still allowed: see clone below)
    "execve", "execveat", "fork", "vfork",
    # shared memory that lives outside the process's address space limit
    "shmget", "shmat", "shmctl", "msgget", "semget", "mq_open", "memfd_create", "memfd_secret",
    # ways around the filter or into other processes
    "io_uring_setup", "io_uring_enter", "io_uring_register", "ptrace", "process_vm_readv",
    "process_vm_writev", "process_madvise", "pidfd_getfd", "pidfd_send_signal", "bpf",
    "perf_event_open", "userfaultfd", "unshare", "setns", "keyctl", "add_key", "request_key",
    "tkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo",
    # the file system: nothing is created, changed or removed
    "mkdir", "mkdirat", "rmdir", "unlink", "unlinkat", "rename", "renameat", "renameat2", "link",
    "linkat", "symlink", "symlinkat", "chmod", "fchmod", "fchmodat", "fchmodat2", "chown", "fchown",
    "lchown", "fchownat", "truncate", "ftruncate", "creat", "mknod", "mknodat", "utime", "utimes",
    "utimensat", "futimesat", "setxattr", "lsetxattr", "fsetxattr", "removexattr", "lremovexattr",
    "fremovexattr", "name_to_handle_at", "open_by_handle_at", "fanotify_init",
    # the machine
    "mount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree", "fsopen", "fsmount",
    "fspick", "mount_setattr", "swapon", "swapoff", "reboot", "kexec_load", "kexec_file_load",
    "init_module", "finit_module", "delete_module", "acct", "sethostname", "setdomainname",
    "quotactl", "settimeofday", "clock_settime", "clock_adjtime", "adjtimex",
]
# System calls that fail with ENOSYS, so that the C library falls back to one the filter can read
# (their arguments are structures in memory, which seccomp cannot inspect).
UNSUPPORTED = ["clone3", "openat2"]
WRITE_FLAGS = (os.O_WRONLY, os.O_RDWR, os.O_CREAT, os.O_TRUNC, os.O_APPEND)
CLONE_THREAD = 0x00010000


def seccomp():
    """Load the filter described above; returns its description."""
    sc = _module("pyseccomp")
    pid = os.getpid()
    try:
        f = sc.SyscallFilter(sc.ALLOW)
        deny = sc.ERRNO(errno.EPERM)

        def rule(action, name, *args):
            try:
                f.add_rule(action, name, *args)
            except (OSError, ValueError, RuntimeError):
                pass  # a system call this architecture does not have

        for name in DENIED:
            rule(deny, name)
        for name in UNSUPPORTED:
            rule(sc.ERRNO(errno.ENOSYS), name)
        # clone: threads only (a new process has no CLONE_THREAD)
        rule(deny, "clone", sc.Arg(0, sc.MASKED_EQ, CLONE_THREAD, 0))
        # open and openat: reading only
        for flag in WRITE_FLAGS:
            rule(sc.ERRNO(errno.EACCES), "open", sc.Arg(1, sc.MASKED_EQ, flag, flag))
            rule(sc.ERRNO(errno.EACCES), "openat", sc.Arg(2, sc.MASKED_EQ, flag, flag))
        # signals and limits: this process only
        rule(deny, "kill", sc.Arg(0, sc.NE, pid))
        rule(deny, "tgkill", sc.Arg(0, sc.NE, pid))
        rule(deny, "prlimit64", sc.Arg(0, sc.NE, 0))
        f.load()
    except OSError as exc:
        raise Unavailable(f"the kernel refuses the seccomp filter ({exc})") from None
    return "seccomp (no sockets, new processes, shared memory, writes or other processes)"
