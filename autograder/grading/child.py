"""The first code that runs in a sandboxed child, before any student code (trusted, self-contained).

It keeps the protocol pipe for itself (the student's prints go to /dev/null), drops root if it
has it, sets its own resource limits, confines itself (``confine``: Landlock, seccomp), says hello
with the layers that are in force, and answers requests (``wire.serve``).

Its settings come as JSON in the environment variable CL_CONFIG, written by
``autograder.grading.sandbox``:

    {"paths": [folders put first on sys.path], "workdir": ..., "uid": 61000 or null,
     "rlimits": {"RLIMIT_AS": [soft, hard], ...}, "readable": [folders Landlock lets it read],
     "libraries": {"c": path, "seccomp": path}, "preload": bool, "probe": [paths to try reading]}
"""

import json
import os
import resource
import sys

# Modules loaded before student code in a plain child that drops root (``preload``): after the
# drop it may no longer read the interpreter's files (under /root, say). A bubblewrap child keeps
# them readable and loads modules when the student's code asks.
PRELOAD = ("numpy.random", "numpy.linalg", "copy", "math", "cmath", "functools", "itertools",
           "collections", "numbers", "dataclasses", "typing", "warnings", "abc", "random",
           "statistics", "operator", "enum", "zlib", "binascii", "json", "struct", "decimal",
           "fractions", "heapq", "bisect", "string", "re", "time", "traceback", "io", "pathlib",
           "tempfile", "shutil", "threading", "signal", "socket", "subprocess", "ctypes", "mmap")


def _own_fds(proto_in, proto_out):
    """stdin/stdout/stderr to /dev/null; every other inherited descriptor closed."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)
    os.closerange(3, min(proto_in, proto_out))
    os.closerange(max(proto_in, proto_out) + 1, 1024)
    for fd in range(min(proto_in, proto_out) + 1, max(proto_in, proto_out)):
        try:
            os.close(fd)
        except OSError:
            pass


def _drop_root(uid):
    if os.getuid() == 0 and uid:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    return os.getuid() != 0 and uid is not None and os.getuid() == uid


def _probe(paths):
    """What the confined process can still do: read each of ``paths``? open a socket? fork?
    (Asked only by the grader's start-up probe, never while a submission is graded.)"""
    import socket

    found: dict = {"readable": []}
    for path in paths:
        try:
            with open(path, "rb") as f:
                f.read(1)
            found["readable"].append(path)
        except OSError:
            pass
    try:
        socket.socket().close()
        found["socket"] = True
    except OSError:
        found["socket"] = False
    try:
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
        found["fork"] = True
    except OSError:
        found["fork"] = False
    return found


def main(proto_in, proto_out):
    _own_fds(proto_in, proto_out)
    config = json.loads(os.environ.pop("CL_CONFIG", "{}"))
    sys.path[:0] = config.get("paths", [])
    import confine
    import numpy  # noqa: F401
    import wire

    confine.load(config.get("libraries", {}))
    for name in PRELOAD if config.get("preload") else ("numpy.random",):
        __import__(name)
    wire.guard_imports("course_lib")      # the student's code may import NumPy and the standard library
    devnull = open(os.devnull, "w")   # for the student's prints (opened before writing is denied)
    layers = {}
    try:  # raise our own badness: under memory pressure the kernel kills a sandbox before the grader
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write("1000")
    except OSError:
        pass
    if _drop_root(config.get("uid")):
        layers["uid"] = f"uid {os.getuid()} of its own"
    for name, (soft, hard) in config.get("rlimits", {}).items():
        resource.setrlimit(getattr(resource, name), (soft, hard))
    if config.get("workdir"):
        os.chdir(config["workdir"])
    for name, layer in (("landlock", lambda: confine.landlock(config.get("readable", []))),
                        ("seccomp", confine.seccomp)):
        if name in config.get("without", ()):        # a test of the other layers alone
            layers[name] = ""
            layers[f"{name}_missing"] = "left off for a test"
            continue
        try:
            layers[name] = layer()
        except confine.Unavailable as exc:
            layers[name] = ""
            layers[f"{name}_missing"] = str(exc)

    writer = os.fdopen(proto_out, "wb")

    def write(data):
        writer.write(data)
        writer.flush()

    hello = {"hello": True, "uid": os.getuid(), "pid": os.getpid(), "layers": layers}
    if config.get("probe") is not None:
        hello["probe"] = _probe(config["probe"])
    write(wire.pack(hello))
    sys.stdout = sys.stderr = devnull
    wire.serve(lambda n: os.read(proto_in, n), write, wire.Dispatcher("course_lib"))


def report_startup_failure(proto_out):
    """Tell the grader why the child could not start (a problem of the machine, not the student)."""
    import struct
    import traceback

    text = traceback.format_exc()[-4000:]
    header = json.dumps({"m": {"startup_error": text}, "arrays": []}).encode()
    os.write(proto_out, b"CLW1" + struct.pack("<I", len(header)) + header)


_proto_in, _proto_out = os.dup(0), os.dup(1)
try:
    main(_proto_in, _proto_out)
except BaseException:
    report_startup_failure(_proto_out)
    raise
