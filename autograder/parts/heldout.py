"""Measuring the hints on mistakes they were not written against.

Each part's corpus is split in two halves (``models.halves``: the mistakes of each hint alternate).
The hints are built from one half (its mistakes serve as the models of their hints, with the generic
scale models and the part's own), and every mistake of the other half is graded by the generated
checks in this process: the hint it gets is **right** (its own label), **wrong** (another cause) or
**none** (no cause named). A mistake labelled "no hint" is right when it gets none. Then the halves
swap.

    python -m autograder.parts.heldout [PART ...]

The corpus is trusted code, so it runs here, not in the sandbox; only the generated checks take
part (a mistake that only custom or speed checks catch is listed as not measured).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import pathlib
import sys
import tempfile

from autograder.authoring.release import build_library

from . import corpus_of, hint_table, hints_in, load
from .models import halves
from .trial import verdicts


@dataclasses.dataclass
class Measure:
    name: str
    part: str
    label: str | None
    got: set
    failed: list

    @property
    def verdict(self) -> str:
        if not self.failed:
            return "not measured"
        if self.label is None:
            return "right" if not self.got else "wrong"
        if self.got == {self.label}:
            return "right"
        return "none" if not self.got else "wrong"


@contextlib.contextmanager
def models_from(half):
    old = os.environ.get("COURSE_HINT_MODELS")
    os.environ["COURSE_HINT_MODELS"] = f"half:{half}"
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("COURSE_HINT_MODELS", None)
        else:
            os.environ["COURSE_HINT_MODELS"] = old


def measure(mistakes, part_id, models="all") -> list[Measure]:
    """Grade each of ``mistakes`` (of ``part_id``) by the part's generated checks, with the corpus
    models of ``models`` ("A", "B" or "all")."""
    from autograder.parts.corpus import mutate

    table = hint_table()
    out = []
    ctx = models_from(models) if models != "all" else contextlib.nullcontext()
    with ctx, tempfile.TemporaryDirectory() as tmp:
        for m in mistakes:
            root = pathlib.Path(tmp) / m.name
            build_library(root / "course_lib", None, mutate([m.name]) if hasattr(m, "catches") else _apply(m))
            found = verdicts(root, [part_id])
            failed = [cid for cid, (_, msg) in found.items() if msg]
            got = set().union(*(hints_in(msg, table) for _, msg in found.values() if msg)) if failed else set()
            out.append(Measure(m.name, part_id, m.hint, got, failed))
    return out


def _apply(change):
    from autograder.authoring.regions import replace_region

    def transform(module, text):
        return replace_region(text, change.qualname, change.body, f"{module}.py") if change.module == module else text

    return transform


def held_out(part_ids=None) -> list[Measure]:
    """Every corpus mistake, graded with the models of the other half only."""
    out = []
    for pid in part_ids or list(load()):
        mistakes = list(corpus_of(pid).MISTAKES)
        side = halves(mistakes)
        for half, other in (("A", "B"), ("B", "A")):
            out += measure([m for m in mistakes if side[m.name] == half], pid, models=other)
    return out


def summary(measures: list[Measure]) -> dict[str, int]:
    counts = {"right": 0, "wrong": 0, "none": 0, "not measured": 0}
    for m in measures:
        counts[m.verdict] += 1
    return counts


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder.parts.heldout")
    parser.add_argument("parts", nargs="*")
    args = parser.parse_args(argv)
    measures = held_out(args.parts)
    for m in measures:
        if m.verdict != "right":
            print(f"{m.verdict:13} {m.name} (label {m.label!r}, got {sorted(m.got)}, failed {m.failed})")
    counts = summary(measures)
    measured = counts["right"] + counts["wrong"] + counts["none"]
    print(f"{len(measures)} mistakes, {measured} measured: {counts['right']} right, {counts['wrong']} wrong, "
          f"{counts['none']} none ({counts['right'] / max(1, measured):.0%} right)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
