"""The graded parts of the course, one folder each: ``autograder/parts/<part>/``.

A part's folder holds everything about it but its solution (which lives in ``solutions/course_lib``
between solution markers) and its notebook prose:

* ``part.py``: ``PART``, the contract as data (``autograder.parts.spec``): the checks and their
  points, the inputs they generate, the hints and the models of mistakes behind them;
* ``corpus.py`` (optional): ``MISTAKES`` and ``ALTERNATIVES``, realistic wrong bodies that must lose
  points in this part only, and correct bodies written differently that must keep full marks;
* ``test_<part>.py`` (optional): the part's ``Custom`` checks (behaviour, as pytest tests).

Nothing registers itself by being imported: ``load()`` reads the folders, in course order (by
notebook, then by where the part's first target is defined in the reference).
"""

from __future__ import annotations

import functools
import importlib
import pathlib
import types

from autograder import REFERENCE_LIB

from .spec import Part

HERE = pathlib.Path(__file__).resolve().parent


def part_ids() -> list[str]:
    return sorted(p.name for p in HERE.iterdir() if (p / "part.py").is_file())


def _position(part: Part) -> tuple:
    module, _, name = part.targets[0].partition(".")
    text = (REFERENCE_LIB / f"{module}.py").read_text()
    first = name.split(".")[0]
    for i, line in enumerate(text.splitlines()):
        if line.startswith((f"def {first}(", f"class {first}(", f"class {first}:")):
            return (part.notebook, module, i)
    return (part.notebook, module, 1 << 30)


@functools.cache
def load() -> dict[str, Part]:
    """{part id: Part}, in course order."""
    parts = []
    for pid in part_ids():
        part = importlib.import_module(f"{__name__}.{pid}.part").PART
        if part.id != pid:
            raise ValueError(f"autograder/parts/{pid}/part.py defines the part {part.id!r}: name the folder after it")
        parts.append(part)
    return {p.id: p for p in sorted(parts, key=_position)}


def corpus_of(part_id: str) -> types.ModuleType:
    """The part's corpus module (``MISTAKES``, ``ALTERNATIVES``); an empty one if it has none."""
    try:
        return importlib.import_module(f"{__name__}.{part_id}.corpus")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{part_id}.corpus":
            raise
        empty = types.ModuleType(f"{__name__}.{part_id}.corpus")
        empty.MISTAKES, empty.ALTERNATIVES = [], []     # type: ignore[attr-defined]
        return empty


def hint_table() -> dict[str, str]:
    """{hint id: text} of every hint a generated check may name: the generic ones and the parts'."""
    from .models import GENERIC_HINTS

    table = dict(GENERIC_HINTS)
    for part in load().values():
        for hid, text in part.hints.items():
            if table.get(hid, text) != text:
                raise ValueError(f"hint {hid!r} has two different texts")
            table[hid] = text
    return table


def hints_in(message: str, table: dict[str, str]) -> set[str]:
    """The ids of the hints of ``table`` whose text ``message`` holds."""
    return {hid for hid, text in table.items() if text in message}


def hint(hint_id: str):
    """The hint ``hint_id`` of the parts' tables, for a custom check's ``close(..., diagnoses=...)``."""
    from checks.framework import Hint

    return Hint(hint_id, hint_table()[hint_id])
