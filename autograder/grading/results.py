"""The typed results that travel from a check's verdict to every output, one name per field.

* ``Verdict``: what the engine decided for one check (no points yet);
* ``EngineReport``: a worker's answer for one submission (its verdicts and how the run went);
* ``CheckResult``, ``PartResult``, ``SubmissionResult``: the scored result (``scoring.score``),
  which the gradebook stores and every output reads.

Each has ``to_json()`` (a JSON-able dict) and ``from_json(dict)``; ``from_json`` of a stored
result accepts exactly what ``to_json`` writes.
"""

from __future__ import annotations

import dataclasses
from typing import Any, cast

# What happened to a submission as a whole.
GRADED = "graded"             # its checks ran (whatever they found)
UNUSABLE = "unusable"         # it could not be graded at all (no course_lib, a symlink, a bad zip): 0 points
NOT_GRADED = "not_graded"     # the grader failed on it (a worker died twice, say): retried on the next run
STATUSES = (GRADED, UNUSABLE, NOT_GRADED)


class _JSON:
    """``to_json``/``from_json`` for dataclasses; ``_nested`` rebuilds nested ones."""

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(cast(Any, self))

    @classmethod
    def _nested(cls, data: dict[str, Any]) -> dict[str, Any]:
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]):
        unknown = set(data) - {f.name for f in dataclasses.fields(cast(Any, cls))}
        if unknown:
            raise ValueError(f"{cls.__name__}: unknown fields {sorted(unknown)}")
        return cls(**cls._nested(dict(data)))


@dataclasses.dataclass
class Verdict(_JSON):
    """One check's outcome, as the engine decided it."""

    check: str                 # "mse.values"
    passed: bool
    fraction: float            # of its cases that passed (1.0 or 0.0 for all-or-nothing checks)
    message: str               # for the student; never hidden inputs or text the student's code produced
    title: str                 # the check's one-line description
    internal: bool = False     # the check itself broke: not the student's fault
    detail: str = ""           # for the instructor only (the traceback of a check that broke)
    seconds: float = 0.0
    held_out: dict = dataclasses.field(default_factory=dict)   # for the course's tests only (see below)


@dataclasses.dataclass
class EngineReport(_JSON):
    """A worker's answer for one submission."""

    student: str
    verdicts: dict[str, Verdict]
    sandbox: str               # the isolation layers that were in force, in words
    seconds: float = 0.0
    calls: int = 0             # requests sent to the student's code
    cpu_grader: float = 0.0    # CPU seconds of the trusted worker
    cpu_sandbox: float = 0.0   # CPU seconds of the student's processes (read from the kernel)
    course_lib_imported: bool = False   # the trust boundary, checked: must stay False

    @classmethod
    def _nested(cls, data: dict[str, Any]) -> dict[str, Any]:
        data["verdicts"] = {k: Verdict.from_json(v) for k, v in data["verdicts"].items()}
        return data


@dataclasses.dataclass
class CheckResult(_JSON):
    id: str
    part: str
    title: str
    public: bool
    score: float
    max_score: float
    passed: bool
    message: str
    internal: bool = False
    detail: str = ""
    seconds: float = 0.0
    # The hint the check would name with the models of one half of the corpus only ({"A": id or
    # None, "B": ...}): recorded when COURSE_HINT_REPORT is set, for measuring the hints on the
    # mistakes of the other half (tests/test_corpus.py); never shown to anyone.
    held_out: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class PartResult(_JSON):
    score: float
    max_score: float


@dataclasses.dataclass
class SubmissionResult(_JSON):
    """One student's scored result."""

    student: str               # the id used in every output (safe: see ``submissions.student_ids``)
    name: str                  # the submission's own name (a zip's or folder's), as given
    status: str                # GRADED, UNUSABLE or NOT_GRADED
    score: float
    max_score: float
    parts: dict[str, PartResult]
    checks: list[CheckResult]
    problem: str = ""          # why it could not be graded (UNUSABLE, NOT_GRADED)
    flags: list[str] = dataclasses.field(default_factory=list)   # notes for the instructor
    sandbox: str = ""
    seconds: float = 0.0
    calls: int = 0
    cpu_sandbox: float = 0.0
    course_lib_imported: bool = False
    files: list[str] = dataclasses.field(default_factory=list)   # the course_lib modules graded

    @classmethod
    def _nested(cls, data: dict[str, Any]) -> dict[str, Any]:
        data["parts"] = {k: PartResult.from_json(v) for k, v in data["parts"].items()}
        data["checks"] = [CheckResult.from_json(c) for c in data["checks"]]
        return data

    def check(self, check_id: str) -> CheckResult:
        return next(c for c in self.checks if c.id == check_id)
