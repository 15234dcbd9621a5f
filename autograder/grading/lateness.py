"""The course's late policy, in one place (``late_policy.toml`` in the course folder), applied the
same way by every command and written into nbgrader's gradebook as its late penalty.

::

    [late]
    grace = "15 min"      # handed in at most this late: on time
    penalty = 0.10        # the fraction taken for each started `per` late (0: lateness is measured, never applied)
    per = "day"           # "day" or "hour"
    of = "earned"         # "earned": of the points the work earned; "possible": of the points it could earn
    cap = 0.5             # at most this fraction in all (1: down to nothing)
    zero_after = "7 days" # later than this: no credit at all (optional)

    [extensions]          # per assignment: student id = extra time, or a new due date
    "04_overfitting_and_penalties" = { alice = "2 days", bob = "2025-10-20 23:59 America/New_York" }

A submission is late by the time between its due date (the assignment's, moved by the student's
extension) and its submission time. Within the grace period it is on time; beyond it, every
started day (or hour), counted from the due date, costs ``penalty``, up to ``cap``; after
``zero_after`` it earns nothing. The fraction is taken of what each graded unit earned
(``of = "earned"``) or of what it could earn (``"possible"``), never more than the unit earned:
a unit is one of nbgrader's notebooks, or the library parts an assignment teaches, so that the
penalties written into nbgrader's gradebook add up to the gradesheet's.

Durations are written ``"2 days"``, ``"36 h"``, ``"90 min"``, ``"1 d 4 h"``, ``"0"``.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import os
import re
import tomllib

POLICY_FILE = "late_policy.toml"
_UNITS = {"d": 86400, "day": 86400, "days": 86400, "h": 3600, "hour": 3600, "hours": 3600,
          "min": 60, "mins": 60, "minute": 60, "minutes": 60, "m": 60, "s": 1, "sec": 1, "second": 1,
          "seconds": 1, "w": 604800, "week": 604800, "weeks": 604800}
_PART = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([a-z]+)\s*")


class PolicyError(ValueError):
    """The late policy file cannot be used: names the key and what is wrong."""


def parse_duration(text: str, where: str = "duration") -> datetime.timedelta:
    """``"2 days"``, ``"1 d 4 h"``, ``"90 min"``, ``"0"`` as a timedelta (``PolicyError`` otherwise)."""
    if isinstance(text, (int, float)) and not isinstance(text, bool) and text == 0:
        return datetime.timedelta(0)
    if not isinstance(text, str):
        raise PolicyError(f"{where}: {text!r} is not a duration (write it like \"2 days\" or \"90 min\")")
    body = text.strip().lower()
    if body in ("0", ""):
        return datetime.timedelta(0)
    seconds, pos = 0.0, 0
    while pos < len(body):
        m = _PART.match(body, pos)
        if not m or m.group(2) not in _UNITS:
            raise PolicyError(f"{where}: {text!r} is not a duration (write it like \"2 days\", \"36 h\", "
                              "\"90 min\" or \"1 d 4 h\")")
        seconds += float(m.group(1)) * _UNITS[m.group(2)]
        pos = m.end()
    return datetime.timedelta(seconds=seconds)


def duration_text(delay: datetime.timedelta) -> str:
    """A duration for people (``2 d``, ``36 h``, ``90 min``)."""
    seconds = int(delay.total_seconds())
    for size, unit in ((86400, "d"), (3600, "h"), (60, "min")):
        if seconds and seconds % size == 0:
            return f"{seconds // size} {unit}"
    return f"{seconds} s"


@dataclasses.dataclass(frozen=True)
class Lateness:
    """How late one submission is, and what the policy makes of it."""

    late: datetime.timedelta | None       # after the due date the student had (their extension included)
    extension: datetime.timedelta | None  # the student's extension, when they have one
    units: int = 0                        # started days (hours) counted
    fraction: float = 0.0                 # of the points (earned or possible) taken
    zero: bool = False                    # past zero_after: nothing is earned
    within_grace: bool = False
    per: str = "day"

    def text(self) -> str:
        """``late by 1 d 2 h: 2 days, 20 %`` for people ("" when on time)."""
        from .submissions import delay_text

        ext = f" (after an extension of {duration_text(self.extension)})" if self.extension else ""
        if self.late is None:
            return f"on time{ext}" if self.extension else ""
        if self.within_grace:
            return f"late by {delay_text(self.late)}{ext}, within the grace period: no penalty"
        if self.zero:
            return f"late by {delay_text(self.late)}{ext}: past the last day accepted, no credit"
        if not self.fraction:
            return f"late by {delay_text(self.late)}{ext}"
        unit = self.per if self.units == 1 else f"{self.per}s"
        return f"late by {delay_text(self.late)}{ext}: {self.units} started {unit}, {100 * self.fraction:.4g} % off"


@dataclasses.dataclass(frozen=True)
class LatePolicy:
    """The late policy (see the module docstring); ``LatePolicy()`` is no penalty at all."""

    grace: datetime.timedelta = datetime.timedelta(0)
    penalty: float = 0.0
    per: str = "day"
    of: str = "earned"
    cap: float = 1.0
    zero_after: datetime.timedelta | None = None
    extensions: dict[str, dict[str, datetime.timedelta | datetime.datetime]] = dataclasses.field(
        default_factory=dict)
    source: str = ""

    @property
    def applies(self) -> bool:
        """True when lateness costs points."""
        return bool(self.penalty) or self.zero_after is not None

    def describe(self) -> str:
        """The policy in one line."""
        if not self.applies:
            return "no late penalty" + (f" (from {self.source})" if self.source else " (no late_policy.toml)")
        bits = [f"{100 * self.penalty:.4g} % of the points {self.of} per started {self.per}"] if self.penalty else []
        if self.grace:
            bits.append(f"{duration_text(self.grace)} of grace")
        if self.cap < 1 and self.penalty:
            bits.append(f"at most {100 * self.cap:.4g} %")
        if self.zero_after is not None:
            bits.append(f"no credit after {duration_text(self.zero_after)}")
        return ", ".join(bits) + (f" (from {self.source})" if self.source else "")

    def extension(self, assignment: str | None, student: str,
                  due: datetime.datetime | None) -> datetime.timedelta | None:
        """The student's extension for ``assignment`` (a new due date is turned into the time it adds)."""
        given = self.extensions.get(assignment or "", {}).get(student)
        if given is None:
            return None
        if isinstance(given, datetime.timedelta):
            return given
        if due is None:
            return None
        return max(given - due, datetime.timedelta(0))

    def lateness(self, submitted_at: datetime.datetime | None, due: datetime.datetime | None,
                 student: str = "", assignment: str | None = None) -> Lateness:
        """How late a submission at ``submitted_at`` is for a due date ``due``, and its penalty."""
        extension = self.extension(assignment, student, due)
        if submitted_at is None or due is None:
            return Lateness(None, extension)
        deadline = due + (extension or datetime.timedelta(0))
        if submitted_at <= deadline:
            return Lateness(None, extension)
        late = submitted_at - deadline
        if late <= self.grace:
            return Lateness(late, extension, within_grace=True)
        if self.zero_after is not None and late > self.zero_after:
            return Lateness(late, extension, zero=True, fraction=1.0)
        size = 86400 if self.per == "day" else 3600
        units = math.ceil(late.total_seconds() / size)
        fraction = min(self.cap, self.penalty * units)
        return Lateness(late, extension, units=units, fraction=max(0.0, fraction), per=self.per)

    def penalty_for(self, lateness: Lateness, score: float, max_score: float) -> float:
        """The points one graded unit (a notebook, the library parts) loses: the fraction of what it
        earned or could earn, never more than it earned, rounded to 1/10000 of a point."""
        if lateness.zero:
            return round(max(score, 0.0), 4)
        if not lateness.fraction or score <= 0:
            return 0.0
        base = score if self.of == "earned" else max_score
        return round(min(score, lateness.fraction * base), 4)


def parse(text: str, source: str = POLICY_FILE) -> LatePolicy:
    """The policy in the TOML ``text`` (``PolicyError`` naming what is wrong)."""
    from .submissions import parse_time

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{source}: not valid TOML ({exc})") from None
    unknown = set(data) - {"late", "extensions"}
    if unknown:
        raise PolicyError(f"{source}: unknown table(s) {', '.join(sorted(unknown))} (the file has [late] and "
                          "[extensions])")
    late = data.get("late", {})
    if not isinstance(late, dict):
        raise PolicyError(f"{source}: [late] must be a table")
    known = {"grace", "penalty", "per", "of", "cap", "zero_after"}
    if set(late) - known:
        raise PolicyError(f"{source}: unknown key(s) in [late]: {', '.join(sorted(set(late) - known))} "
                          f"(known: {', '.join(sorted(known))})")

    def fraction(key: str, default: float) -> float:
        value = late.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise PolicyError(f"{source}: late.{key} = {value!r} must be a number from 0 to 1 (0.1 is 10 %)")
        return float(value)

    per, of = late.get("per", "day"), late.get("of", "earned")
    if per not in ("day", "hour"):
        raise PolicyError(f"{source}: late.per = {per!r} must be \"day\" or \"hour\"")
    if of not in ("earned", "possible"):
        raise PolicyError(f"{source}: late.of = {of!r} must be \"earned\" or \"possible\"")
    zero_after = late.get("zero_after")
    extensions: dict[str, dict[str, datetime.timedelta | datetime.datetime]] = {}
    raw = data.get("extensions", {})
    if not isinstance(raw, dict):
        raise PolicyError(f"{source}: [extensions] must be a table of assignments")
    for assignment, students in raw.items():
        if not isinstance(students, dict):
            raise PolicyError(f"{source}: extensions.{assignment} must be a table: student = \"2 days\" (or a due "
                              "date)")
        for student, given in students.items():
            where = f"{source}: extensions.{assignment}.{student}"
            when = parse_time(given) if isinstance(given, str) and re.search(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", given) \
                else None
            if isinstance(given, datetime.datetime):
                when = given if given.tzinfo else given.astimezone()
            extensions.setdefault(assignment, {})[student] = when if when is not None \
                else parse_duration(given, where)
    return LatePolicy(grace=parse_duration(late.get("grace", "0"), f"{source}: late.grace"),
                      penalty=fraction("penalty", 0.0), per=per, of=of, cap=fraction("cap", 1.0),
                      zero_after=None if zero_after is None else parse_duration(zero_after,
                                                                                f"{source}: late.zero_after"),
                      extensions=extensions, source=source)


def load(path: str | os.PathLike) -> LatePolicy:
    path = os.fspath(path)
    try:
        with open(path, encoding="utf-8") as f:
            return parse(f.read(), path)
    except OSError as exc:
        raise PolicyError(f"the late policy {path} cannot be read: {exc.strerror or exc}") from None


def find(path: str | os.PathLike | None = None, folder: str | os.PathLike = ".") -> LatePolicy:
    """The policy the commands use: ``path`` when given, else ``late_policy.toml`` in ``folder``
    (the course folder) when it exists, else no penalty."""
    if path is not None:
        return load(path)
    default = os.path.join(os.fspath(folder), POLICY_FILE)
    return load(default) if os.path.isfile(default) else LatePolicy()
