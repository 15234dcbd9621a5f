"""The limits on one submission's code: one object that feeds the command line's flags, the table
in docs/grader.md and the sandboxed child (as JSON).

Each field's metadata says how people see it: ``flag`` (the ``grade`` option, when it has one),
``what`` (the docs' wording) and ``unit``. ``child_rlimits`` is the one place that maps the
limits onto the kernel's resource limits.

The deadlines form one hierarchy, each derived from the one above it, so that no stretch of a
lower one can outlive a higher one:

* a job (one submission in a worker) may take ``job_timeout``: the submission's time plus one
  sandbox start, for closing up after it (the pool kills a worker past it);
* the submission's checks may take ``submission_timeout`` together;
* a check must end by ``check_end``: the submission's end, less a reserve for every check
  still to run after it, so that a hang in one check cannot use up the time of the others; but
  every check has at least ``check_minimum`` from its start, and none runs past the submission;
* a call has ``call_timeout`` of its own time, stretched on a busy machine, and never runs past
  the end of its check.
"""

from __future__ import annotations

import dataclasses
import json
import resource

RESERVED_SHARE = 0.5     # of the submission's time, held back for the checks still to run


def _limit(default, what, unit, flag=None):
    return dataclasses.field(default=default, metadata={"what": what, "unit": unit, "flag": flag})


@dataclasses.dataclass(frozen=True)
class Limits:
    """What one submission's code may use. The defaults are documented in docs/grader.md."""

    call_timeout: float = _limit(10.0, "time of its own for one call into student code, running or "
                                 "blocked (stretched, up to 4x, while a busy machine keeps it waiting "
                                 "for a CPU; never past the end of its check)", "s", "--call-timeout")
    submission_timeout: float = _limit(180.0, "wall clock for all the checks of one submission (each "
                                       "check ends early enough to leave the checks after it a share)",
                                       "s", "--submission-timeout")
    memory_mb: int = _limit(2048, "memory of one submission, all its processes together (a memory "
                            "cgroup where one can be made, else address space)", "MiB", "--memory-mb")
    cpu_seconds: int = _limit(120, "CPU time of one sandboxed process", "s", "--cpu-seconds")
    open_files: int = _limit(64, "open files of one sandboxed process", "files")
    processes: int = _limit(8, "processes and threads of one submission (new processes are refused "
                            "anyway where seccomp runs)", "tasks")
    file_bytes: int = _limit(16 << 20, "largest file a sandboxed process may write (it may write "
                             "nowhere anyway)", "bytes")
    start_timeout: float = _limit(30.0, "wall clock for a sandboxed process to start, before any "
                                  "student code runs", "s")

    @property
    def job_timeout(self) -> float:
        """Wall-clock seconds a worker may take over one submission: its checks' time, then as long
        as one sandbox may take to start, for what follows it (the remaining checks fail at
        once, the sandbox is killed). Past it, the grader itself has failed."""
        return self.submission_timeout + self.start_timeout

    @property
    def check_minimum(self) -> float:
        """Seconds every check may use from its start (before the submission's end), whatever
        the checks before it used: one call's limit, at most a quarter of the submission's time.
        A call still running at its check's end after this long is held to have hung."""
        return min(self.call_timeout, self.submission_timeout / 4)

    def check_end(self, now: float, submission_end: float, checks_after: int, checks: int) -> float:
        """When a check that starts ``now`` must be over (monotonic times): the submission's end,
        less a reserve for each of the ``checks_after`` checks still to run after it, out of
        ``checks`` (the reserves together are half of the submission's time, so an early check
        that hangs may use up to half of it); but never before ``check_minimum`` from now, nor
        after the submission's end."""
        reserved = submission_end - RESERVED_SHARE * self.submission_timeout * checks_after / max(1, checks)
        return min(submission_end, max(now + self.check_minimum, reserved))

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Limits:
        data = json.loads(text)
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise ValueError(f"unknown limits: {', '.join(sorted(unknown))}")
        return cls(**data)

    @property
    def memory_bytes(self) -> int:
        return self.memory_mb << 20

    def child_rlimits(self, own_uid: bool, address_space: int) -> dict[str, list[int]]:
        """The kernel resource limits a sandboxed child sets on itself: {RLIMIT name: [soft, hard]}.

        ``address_space`` is the per-process bound the caller chose (see ``Sandbox``);
        RLIMIT_NPROC counts every process of a uid, so it is only sound for a uid of the child's own.
        """
        limits = {
            "RLIMIT_AS": [address_space, address_space],
            "RLIMIT_CPU": [self.cpu_seconds, self.cpu_seconds + 1],   # SIGXCPU, then SIGKILL a second later
            "RLIMIT_NOFILE": [self.open_files, self.open_files],
            "RLIMIT_FSIZE": [self.file_bytes, self.file_bytes],
            "RLIMIT_CORE": [0, 0],
        }
        if own_uid:
            limits["RLIMIT_NPROC"] = [self.processes, self.processes]
        assert all(hasattr(resource, name) for name in limits)
        return limits


def fields() -> list[dataclasses.Field]:
    return list(dataclasses.fields(Limits))


def add_flags(parser) -> None:
    """The limits' options (``--call-timeout``, ...) on an argparse parser: every subcommand that
    runs student code takes the same ones, with the same defaults and help."""
    import argparse

    defaults = Limits()

    def positive(kind):
        def parse(text):
            value = kind(text)
            if value <= 0:
                raise argparse.ArgumentTypeError(f"must be > 0, got {text}")
            return value
        return parse

    for f in fields():
        if f.metadata["flag"]:
            default = getattr(defaults, f.name)
            parser.add_argument(f.metadata["flag"], dest=f.name, type=positive(type(default)), default=default,
                                metavar=f.metadata["unit"].upper(),
                                help=f"{f.metadata['what']} (default {default:g} {f.metadata['unit']})")


def from_args(args) -> Limits:
    """The ``Limits`` that ``add_flags``' options parsed into ``args``."""
    return Limits(**{f.name: getattr(args, f.name) for f in fields() if f.metadata["flag"]})


def docs_table() -> str:
    """The markdown table of docs/grader.md's "Limits" section."""
    defaults = Limits()
    rows = ["| limit | default | option |", "|---|---|---|"]
    for f in fields():
        value = getattr(defaults, f.name)
        unit = f.metadata["unit"]
        if unit == "bytes" and value >= 1 << 20:
            shown = f"{value >> 20} MiB"
        else:
            shown = f"{value:g} {unit}"
        flag = f"`{f.metadata['flag']}`" if f.metadata["flag"] else "(code: `Limits`)"
        rows.append(f"| {f.metadata['what']} | {shown} | {flag} |")
    return "\n".join(rows)
