"""The first code that runs in a sandboxed child, before any student code (trusted, self-contained).

It keeps the protocol pipe for itself (the student's prints go to /dev/null), drops root if it has
it, sets its own resource limits so the student's code cannot raise them, puts only NumPy, the
wire module and the submission on ``sys.path``, says hello, and answers requests (``wire.serve``).

Settings come from environment variables set by ``autograder.sandbox``:
CL_UID/CL_GID (drop to these when root), CL_LIMITS ("as=BYTES,cpu=S,nofile=N,nproc=N,fsize=B"),
CL_PATHS (":"-separated folders to put first on sys.path), CL_WORKDIR.
"""

import os
import resource
import sys


# Modules loaded before student code in a plain child that drops root (CL_PRELOAD=1): after the
# drop it may no longer read the interpreter's files (under /root, say). A bubblewrap child keeps
# them readable and loads modules when the student's code asks.
PRELOAD = ("numpy.random", "numpy.linalg", "copy", "math", "cmath", "functools", "itertools",
           "collections", "numbers", "dataclasses", "typing", "warnings", "abc", "random",
           "statistics", "operator", "enum", "zlib", "binascii", "json", "struct", "decimal",
           "fractions", "heapq", "bisect", "string", "re", "time", "traceback")


def _limits(spec):
    names = {"as": resource.RLIMIT_AS, "cpu": resource.RLIMIT_CPU, "nofile": resource.RLIMIT_NOFILE,
             "nproc": resource.RLIMIT_NPROC, "fsize": resource.RLIMIT_FSIZE, "core": resource.RLIMIT_CORE}
    for item in filter(None, spec.split(",")):
        key, value = item.split("=")
        soft = int(value)
        hard = soft + 1 if key == "cpu" else soft  # SIGXCPU first, then SIGKILL a second later
        resource.setrlimit(names[key], (soft, hard))


def main(proto_in, proto_out):
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)
    keep = {0, 1, 2, proto_in, proto_out}
    for fd in range(3, 256):
        if fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass

    env = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith("CL_")}
    sys.path[:0] = [p for p in env.get("CL_PATHS", "").split(":") if p]
    # Load what the server and typical course code use while the interpreter's files are surely
    # readable (a plain child drops root below and may lose access to them).
    import numpy  # noqa: F401
    import wire  # noqa: F401
    for name in PRELOAD if env.get("CL_PRELOAD") else ("numpy.random",):
        __import__(name)
    uid, gid = int(env.get("CL_UID", "-1")), int(env.get("CL_GID", "-1"))
    if os.getuid() == 0 and uid > 0:
        os.setgroups([])
        os.setgid(gid if gid > 0 else uid)
        os.setuid(uid)
    _limits(env.get("CL_LIMITS", ""))
    if env.get("CL_WORKDIR"):
        os.chdir(env["CL_WORKDIR"])

    reader = os.fdopen(proto_in, "rb", buffering=0)
    writer = os.fdopen(proto_out, "wb")

    def write(data):
        writer.write(data)
        writer.flush()

    write(wire.pack({"hello": True, "uid": os.getuid(), "pid": os.getpid()}))
    sys.stdout = sys.stderr = open(os.devnull, "w")
    wire.serve(reader.read, write, wire.Dispatcher("course_lib"))


def report_startup_failure(proto_out):
    """Tell the grader why the child could not start (a problem of the machine, not the student)."""
    import json
    import struct
    import traceback

    text = traceback.format_exc()[-4000:]
    header = json.dumps({"m": {"startup_error": text}, "blobs": []}).encode()
    os.write(proto_out, b"CLW1" + struct.pack("<I", len(header)) + header)


_proto_in, _proto_out = os.dup(0), os.dup(1)
try:
    main(_proto_in, _proto_out)
except BaseException:
    report_startup_failure(_proto_out)
    raise
