"""Judging a check's cases, and naming a mistake only when the evidence leaves no doubt.

A generated check runs the student's code on many inputs (its *cases*). Each case becomes an
``Outcome``: the input's kind in words, what the student's code returned (or the ``StudentError``
it raised), the right result and the tolerance that the input's conditioning allows. ``verdict``
then fails the check with a message in the student's terms:

* it says which kinds of input fail, and how the first failing result differs (its type, its
  shape, how many elements and the first index, the ratio or sign of the error, NaN or infinity),
  without ever showing a hidden input or the value expected for it;
* it names a likely mistake (a ``Hint``) only when a *model* of that mistake reproduces the
  student's results on every case of the check, failing and passing alike, and no model of
  another mistake does. A model is the output of a known wrong implementation (a sum for a mean,
  a formula from the corpus of mistakes) on the same inputs; models come with the case data.

This module is shipped with the public self-checks, which use it exactly as the grader does.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

from .framework import StudentError

__all__ = ["Outcome", "Raised", "UNKNOWN", "Difference", "compare", "verdict", "reproduces", "describe_kinds",
           "found_hints", "held_out"]

MODEL_RTOL = 1e-6       # a model's output and the student's may differ by rounding this much


@dataclasses.dataclass(frozen=True)
class Raised:
    """A model (or reference) that raised: its exception type's name."""

    type_name: str


UNKNOWN = Raised("Unknown")     # a model that says nothing about an input (a factor with no meaning there)


@dataclasses.dataclass
class Difference:
    """How one result differs from the right one, in words that reveal no input."""

    text: str                       # "is a list where a float was expected", ...
    kind: str = "values"            # type | shape | structure | error | nonfinite | values
    bad: int = 0                    # elements that differ
    total: int = 0                  # elements compared
    first: tuple | None = None      # index of the first differing element
    ratio: tuple | None = None      # (lowest, highest) ratio got / right over the differing elements

    def detail(self) -> str:
        """The difference with its counts: "3 of 12 elements differ, the first at index (1, 2); ..."."""
        if self.kind not in ("values", "nonfinite"):
            return self.text
        parts = [self.text]
        if self.total > 1:
            where = f", the first at index {self.first}" if self.first is not None else ""
            parts.append(f"{self.bad} of {self.total} elements differ{where}")
        if self.ratio is not None:
            lo, hi = self.ratio
            if lo == hi == 0:
                parts.append("each is 0 where the right value is not")
            elif math.isclose(lo, hi, rel_tol=1e-6, abs_tol=1e-12):
                parts.append(f"each is {_num(lo)} times the right value")
            elif lo > 0:
                parts.append(f"they are {_num(lo)} to {_num(hi)} times the right values (same sign)")
            elif hi < 0:
                parts.append(f"their sign is flipped ({_num(lo)} to {_num(hi)} times the right values)")
            else:
                parts.append("some have the wrong sign")
        return "; ".join(parts)


def _num(x: float) -> str:
    return f"{x:.3g}"


# --------------------------------------------------------------------------------------------
# Comparing one result with the right one
# --------------------------------------------------------------------------------------------

def _is_real(x) -> bool:
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, (bool, np.bool_))


def _what(x) -> str:
    """A short, value-free description of a result."""
    if isinstance(x, StudentError):
        return "an error"
    if x is None:
        return "None (is a return statement missing?)"
    if isinstance(x, (bool, np.bool_)):
        return "a bool"
    if isinstance(x, np.ndarray):
        return f"an array of shape {x.shape}"
    if isinstance(x, np.generic):
        return f"a NumPy {x.dtype} scalar"
    if isinstance(x, (list, tuple)):
        return f"a {type(x).__name__} of {len(x)} items"
    if isinstance(x, dict):
        return f"a dict of {len(x)} entries"
    if _is_real(x):
        return "a number"
    name = getattr(x, "type_name", None) or type(x).__name__
    return f"an object of type {name}"


def _expected_kind(want) -> str:
    if want is None:
        return "None"
    if isinstance(want, (bool, np.bool_)):
        return "True or False"
    if isinstance(want, (np.ndarray, np.generic)):
        return f"an array of shape {np.shape(want)}"
    if type(want) is int:
        return "an integer"
    if type(want) is float:
        return "a float"
    if isinstance(want, (list, tuple)):
        return f"a {type(want).__name__} of {len(want)} items"
    if isinstance(want, dict):
        return f"a dict of {len(want)} entries"
    return type(want).__name__


def compare(got, want, atol=0.0, rtol=1e-9, path="") -> Difference | None:
    """None when ``got`` is ``want`` within ``atol + rtol * |want|`` per element (NaN and
    infinities must match exactly), else the first ``Difference``. The types must be the ones the
    contract promises: a float for a float (a NumPy float scalar counts), an array of the same
    shape for an array (a scalar counts for shape ()), the same container for a list, tuple or
    dict, True or False for a bool."""
    where = f" at {path}" if path else ""
    if isinstance(got, StudentError):
        return Difference(f"raised {got.type_name}{where}", kind="error")
    if isinstance(want, Raised):
        return None if isinstance(got, Raised) and got.type_name == want.type_name else \
            Difference(f"is a result where an error was due{where}", kind="type")
    if want is None:
        return None if got is None else Difference(f"is {_what(got)} where None was expected{where}", "type")
    if isinstance(want, (bool, np.bool_)):
        if not isinstance(got, (bool, np.bool_)):
            return Difference(f"is {_what(got)} where True or False was expected{where}", "type")
        if bool(got) == bool(want):
            return None
        return Difference(f"is {bool(got)} where {bool(want)} is right{where}")
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return Difference(f"is {_what(got)} where {_expected_kind(want)} was expected{where}", "type")
        if set(got) != set(want):
            return Difference(f"is a dict whose keys differ from the right ones{where}", "structure")
        for key in want:
            diff = compare(got[key], want[key], atol[key] if isinstance(atol, dict) else atol, rtol,
                           f"{path}[{key!r}]")
            if diff:
                return diff
        return None
    if isinstance(want, (list, tuple)):
        if type(got) is not type(want):
            return Difference(f"is {_what(got)} where {_expected_kind(want)} was expected{where}", "type")
        if len(got) != len(want):
            return Difference(f"is a {type(got).__name__} of {len(got)} items where {len(want)} were "
                              f"expected{where}", "structure")
        for i, (g, w) in enumerate(zip(got, want)):
            diff = compare(g, w, atol[i] if isinstance(atol, (list, tuple)) else atol, rtol, f"{path}[{i}]")
            if diff:
                return diff
        return None
    if isinstance(want, (np.ndarray, np.generic)):      # an array (a NumPy scalar: shape ())
        shape = np.shape(want)
        if isinstance(got, (np.ndarray, np.generic)):
            if np.asarray(got).dtype.kind not in "biuf":
                return Difference(f"is an array of dtype {np.asarray(got).dtype}; numbers were expected{where}",
                                  "type")
            if np.shape(got) != shape:
                return Difference(f"is an array of shape {np.shape(got)} where shape {shape} was "
                                  f"expected{where}", "shape")
        elif not (shape == () and _is_real(got)):
            return Difference(f"is {_what(got)} where an array of shape {shape} was expected{where}", "type")
    elif type(want) is int:
        if not isinstance(got, (int, np.integer)) or isinstance(got, (bool, np.bool_)):
            return Difference(f"is {_what(got)} where an integer was expected{where}", "type")
        return None if int(got) == want else Difference(f"is {int(got)} where {want} is right{where}")
    elif type(want) is float:
        if not _is_real(got):
            extra = " (did you forget to average?)" if isinstance(got, np.ndarray) and got.size > 1 else ""
            return Difference(f"is {_what(got)} where one float was expected{where}{extra}", "type")
    else:
        return Difference(f"is {_what(got)} where {_expected_kind(want)} was expected{where}", "type")
    return _compare_numbers(np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64), atol, rtol, where)


def _compare_numbers(a, e, atol, rtol, where) -> Difference | None:
    atol = np.broadcast_to(np.asarray(atol, dtype=np.float64), e.shape)
    same_special = (np.isnan(a) & np.isnan(e)) | (np.isinf(a) & np.isinf(e) & (np.sign(a) == np.sign(e)))
    with np.errstate(invalid="ignore", over="ignore"):
        ok = same_special | (np.isfinite(a) & np.isfinite(e) & (np.abs(a - e) <= atol + rtol * np.abs(e)))
    if np.all(ok):
        return None
    bad = ~ok
    first = tuple(int(i) for i in np.argwhere(bad)[0]) if a.ndim else None
    if np.any(np.isnan(a) & bad & ~np.isnan(e)):
        text = f"gives NaN where the right value is a number{where}"
        return Difference(text, "nonfinite", int(bad.sum()), a.size, first)
    if np.any(np.isinf(a) & bad & ~np.isinf(e)):
        return Difference(f"gives infinity where the right value is finite{where}", "nonfinite", int(bad.sum()),
                          a.size, first)
    if np.any(~np.isfinite(e) & bad):
        kind = "NaN" if np.any(np.isnan(e) & bad) else "infinite"
        return Difference(f"gives a finite number where the right value is {kind}{where}", "nonfinite",
                          int(bad.sum()), a.size, first)
    ratio = None
    nonzero = bad & (e != 0)
    if np.all(nonzero == bad) and np.any(nonzero):
        r = a[nonzero] / e[nonzero]
        ratio = (float(np.min(r)) + 0.0, float(np.max(r)) + 0.0)     # + 0.0: no "-0"
    text = f"differs from the right value{where}" if a.size == 1 else f"differs from the right values{where}"
    return Difference(text, "values", int(bad.sum()), a.size, first, ratio)


# --------------------------------------------------------------------------------------------
# A check's cases together
# --------------------------------------------------------------------------------------------

@dataclasses.dataclass
class Outcome:
    """One case of a check: the input's kind in words, the student's result, the right one."""

    kind: str
    got: Any
    want: Any
    atol: Any = 0.0
    rtol: float = 1e-9
    shown: str = ""             # for public checks: the input and the right result, in words
    facets: tuple = ()          # the kind's parts (shape, container, condition), for summaries
    where: str = ""             # which result of the case (in a call sequence: "call 3 (step #2)")
    subject: str = ""           # what gave the result ("best_state", "step"), when not the check's function
    difference: Difference | None = dataclasses.field(default=None, init=False)

    def __post_init__(self):
        self.difference = compare(self.got, self.want, self.atol, self.rtol)

    @property
    def ok(self) -> bool:
        return self.difference is None


def reproduces(outcomes: list[Outcome], outputs: list) -> bool:
    """True when a model's ``outputs`` (one per case) are the student's results on every case (where
    the model says anything: ``UNKNOWN`` is skipped), and differ from the right result on at least
    one failing case: the student's code behaves as that mistake does wherever the check looked."""
    if len(outputs) != len(outcomes) or all(o.ok for o in outcomes):
        return False
    differs = False
    for o, m in zip(outcomes, outputs):
        if isinstance(m, Raised) and m == UNKNOWN:
            continue
        if isinstance(o.got, StudentError):
            # where the code raised, the model must raise the same exception (a timeout or a crash
            # is no formula's output)
            if not isinstance(m, Raised) or m.type_name != o.got.type_name:
                return False
        elif isinstance(m, Raised):
            return False
        elif compare(o.got, m, o.atol, max(o.rtol, MODEL_RTOL)) is not None:
            return False
        if not o.ok and not differs:
            differs = isinstance(m, Raised) or compare(m, o.want, o.atol, o.rtol) is not None
    return differs


def describe_kinds(outcomes: list[Outcome]) -> str:
    """Which inputs fail, in few words: "0-d arrays only", "all but 0-d arrays", "lists of ints and
    3-D arrays", else a few of the failing kinds. Uses the cases' facets (shape, container,
    condition, ...) when they have them: a facet explains the failures when every case with one
    of the failing values fails."""
    failing = [o for o in outcomes if not o.ok]
    if len(failing) == len(outcomes):
        return "every input"
    width = {len(o.facets) for o in outcomes}
    exact, partial = None, None
    if len(width) == 1 and width != {0}:
        for f in range(width.pop()):
            bad = list(dict.fromkeys(o.facets[f] for o in failing))
            if not any(o.ok and o.facets[f] in bad for o in outcomes):
                good = list(dict.fromkeys(o.facets[f] for o in outcomes if o.facets[f] not in bad))
                words = f"{_and(bad)} only" if len(bad) <= len(good) else f"all but {_and(good)}"
                if exact is None or len(words) < len(exact):
                    exact = words
            elif len(bad) <= 3:
                counts = [(v, sum(not o.ok for o in outcomes if o.facets[f] == v),
                           sum(o.facets[f] == v for o in outcomes)) for v in bad]
                purity = sum(k for _, k, _ in counts) / sum(n for _, _, n in counts)
                if partial is None or (purity, -len(bad)) > partial[0]:
                    partial = ((purity, -len(bad)), ", ".join(f"{v} ({k} of {n})" for v, k, n in counts))
    if exact is not None:
        return exact
    if partial is not None:
        return partial[1]
    kinds = list(dict.fromkeys(o.kind for o in failing))
    more = f", and {len(kinds) - 3} more kinds" if len(kinds) > 3 else ""
    return "; ".join(kinds[:3]) + more


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def found_hints(outcomes: list[Outcome], models, half=None) -> set:
    """The hint ids some model of which reproduces every outcome. A model is (hint id, outputs) or
    (hint id, outputs, half): with ``half``, only the models of that half of the corpus ("A", "B")
    and those of no half (the generic and the part's own) count."""
    return {m[0] for m in models
            if (half is None or len(m) < 3 or m[2] in (None, half)) and reproduces(outcomes, m[1])}


def held_out(outcomes: list[Outcome], models) -> dict:
    """{"A": the hint named with the models of half A only (or None), "B": ...}: what the hints say
    of a mistake of the other half, which none of those models was written from."""
    out = {}
    for half in ("A", "B"):
        found = found_hints(outcomes, models, half)
        out[half] = next(iter(found)) if len(found) == 1 else None
    return out


def _trivial(value) -> bool:
    """True when every number in ``value`` (a number, an array, or lists, tuples and dicts of them)
    is 0, NaN or an infinity (False counts as 0): what a function that computes nothing can give."""
    if isinstance(value, dict):
        return all(_trivial(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return all(_trivial(v) for v in value)
    try:
        a = np.asarray(value)
    except Exception:
        return False
    if a.dtype.kind not in "biuf":
        return False
    a = a.astype(np.float64)
    return bool(np.all((a == 0) | ~np.isfinite(a)))


def verdict(outcomes: list[Outcome], what: str, models=(), hints=None, reveal=False, student_message=None,
            groups=None, unit="inputs", report=None, trivial=None):
    """(fraction, message): the share of cases that passed, and '' when all did, else what the
    student reads.

    ``models`` are (hint id, outputs) pairs, one output per outcome (``Raised`` where the model
    raised); ``hints`` maps hint ids to their texts. A hint is named only when some model of it
    reproduces every outcome and no model of another hint does. ``student_message(error)`` turns a
    ``StudentError`` into words (the self-check may quote the student's message, the grader not).
    ``groups`` (lengths) makes consecutive outcomes one case (a call sequence, which passes when
    all its results do); ``unit`` names the cases ("inputs", "call sequences"). ``report``, a dict,
    receives ``held_out`` (see ``held_out``) when a case failed. ``trivial`` (one bool per case)
    marks the cases that code computing nothing passes (by default: every right result is zeros,
    NaN or infinities); they earn credit only beside a passed case that is not trivial.
    """
    sizes = list(groups) if groups else [1] * len(outcomes)
    cases, chunks, start = [], [], 0
    for n in sizes:
        chunk = outcomes[start:start + n]
        start += n
        bad = [o for o in chunk if not o.ok]
        cases.append(bad[0] if bad else chunk[0])
        chunks.append(chunk)
    total = len(cases)
    failed = [o for o in cases if not o.ok]
    fraction = 1.0 - len(failed) / total if total else 0.0
    if not failed:
        return fraction, ""
    if trivial is None:
        trivial = [all(_trivial(o.want) for o in chunk) for chunk in chunks]
    if not any(o.ok and not t for o, t in zip(cases, trivial)) and not all(trivial):
        # Only cases whose right result is all zeros, NaN or infinities passed: a constant (0.0,
        # NaN, an array of zeros) gives those whatever it computes, so they earn nothing alone.
        fraction = 0.0
    found = found_hints(outcomes, models)
    hint = (hints or {}).get(next(iter(found))) if len(found) == 1 else None
    if report is not None:
        report["held_out"] = held_out(outcomes, models)
    first = failed[0]
    subject = first.subject or f"{what}(...)"
    if isinstance(first.got, StudentError):
        detail = student_message(first.got) if student_message else first.got.student_message(subject)
    else:
        detail = f"{subject} {first.difference.detail()}" if first.difference else subject
    head = f"{what} is not right" if total == 1 else f"{what} is not right on {len(failed)} of {total} {unit}"
    lines = [head + (f": {hint}" if hint else "")]
    if 1 < len(failed) < total:
        lines.append(f"  failing: {describe_kinds(cases)}")
    at = f", {first.where}" if first.where else ""
    lines.append(f"  first failure, on {first.kind}{at}: {detail}")
    if reveal and first.shown:
        lines.append(f"  {first.shown}")
    return fraction, "\n".join(lines)
