"""Reads ``rubric.toml``: the parts, their checks, points and visibility (see that file's header)."""

import dataclasses
import tomllib

from .. import RUBRIC


@dataclasses.dataclass(frozen=True)
class Check:
    id: str           # "part.name"
    part: str
    points: float
    public: bool


@dataclasses.dataclass(frozen=True)
class Part:
    id: str
    title: str
    targets: tuple
    notebook: str
    checks: tuple
    pytorch: str = ""     # the PyTorch operation it follows, or "none: why"

    @property
    def points(self):
        return sum(c.points for c in self.checks)


@dataclasses.dataclass(frozen=True)
class Rubric:
    all_parts: tuple                  # every part, graded or not yet
    hidden_visibility: str = "after_published"
    public_visibility: str = "visible"

    @property
    def parts(self):
        """The graded parts (those with checks)."""
        return tuple(p for p in self.all_parts if p.checks)

    @property
    def checks(self):
        return {c.id: c for p in self.parts for c in p.checks}

    @property
    def total(self):
        return sum(p.points for p in self.parts)

    def part(self, part_id):
        return next(p for p in self.parts if p.id == part_id)

    def part_of_target(self, target):
        """The part whose targets include ``target`` ("losses.mse", or "layers.Dropout" for
        "layers.Dropout.forward"), else None."""
        for p in self.all_parts:
            for t in p.targets:
                if target == t or target.startswith(t + "."):
                    return p
        return None


class RubricError(ValueError):
    pass


def load(path=RUBRIC):
    with open(path, "rb") as f:
        data = tomllib.load(f)
    parts, seen = [], set()
    for part_id, spec in data.get("parts", {}).items():
        checks = []
        for c in spec.get("checks", []):
            cid = f"{part_id}.{c['id']}"
            if cid in seen:
                raise RubricError(f"{path}: check {cid} appears twice")
            seen.add(cid)
            points = c.get("points")
            if not isinstance(points, (int, float)) or points <= 0:
                raise RubricError(f"{path}: check {cid} needs points > 0")
            checks.append(Check(cid, part_id, float(points), bool(c.get("public", False))))
        if checks and not str(spec.get("pytorch", "")).strip():
            raise RubricError(f"{path}: part {part_id} needs pytorch = \"F.name\" (the PyTorch operation whose "
                              "convention it follows) or pytorch = \"none: why\" (in its part.py, "
                              f"autograder/parts/{part_id}/part.py, which `make release` writes the rubric from)")
        parts.append(Part(part_id, spec.get("title", part_id), tuple(spec.get("targets", ())),
                          spec.get("notebook", ""), tuple(checks), str(spec.get("pytorch", ""))))
    gs = data.get("gradescope", {})
    visibilities = {"hidden", "after_due_date", "after_published", "visible"}
    for key in ("hidden_visibility", "public_visibility"):
        if gs.get(key, "visible") not in visibilities:
            raise RubricError(f"{path}: gradescope.{key} must be one of {sorted(visibilities)}")
    return Rubric(tuple(parts), gs.get("hidden_visibility", "after_published"),
                  gs.get("public_visibility", "visible"))
