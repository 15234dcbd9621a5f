"""Mutation sweep: small changes to the reference's solution regions, graded by the real grader.

The corpus (``autograder/parts/<part>/corpus.py``) holds the mistakes students make; this sweep
holds the ones nobody thought of. Every arithmetic operator, comparison, numeric constant,
boolean, ``np.*`` reduction, unary minus and ``.copy()`` inside a ``### BEGIN SOLUTION`` region is
changed, one at a time, into a library of its own, and the whole batch is graded. A mutant that
keeps full marks is a blind spot of the checks unless it is *equivalent* (it computes the same
function: ``>=`` for ``>`` where equality has probability zero, or where both branches agree);
those are listed in ``EQUIVALENT`` with the reason. A mutant must also lose its points in its
own part and only there (one bug, charged once, where it lives).

    python -m autograder mutants [--out build/mutants] [--jobs N]

prints the figures and exits 1 when a mutant survives that is not known to be equivalent, or
one is charged outside its own part (``tests/test_mutants.py`` holds it at that).
"""

from __future__ import annotations

import ast
import csv
import dataclasses
import json
import pathlib
import shutil
from typing import Any

from .. import ROOT

SOLUTION_LIB = ROOT / "solutions" / "course_lib"

_BINOPS: dict[type, type] = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
                             ast.Pow: ast.Mult}
_COMPARES: dict[type, type] = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
                               ast.Eq: ast.NotEq, ast.NotEq: ast.Eq}
_NAMES = {"mean": "sum", "sum": "mean", "maximum": "minimum", "minimum": "maximum", "max": "min", "min": "max",
          "log": "log1p", "exp": "expm1", "var": "std", "std": "var", "abs": "sign", "sign": "abs"}

# (module, function, the code changed, kind) -> why the change computes the same function
EQUIVALENT = {
    ("layers", "Dropout.forward", "self.rng.random(x.shape) >= self.p", "compare"):
        "rng.random() equals p with probability zero",
    ("losses", "binary_cross_entropy_with_logits_grad", "z >= 0", "compare"):
        "both branches of the stable sigmoid give 0.5 at z = 0",
    ("losses", "huber", "a <= delta", "compare"):
        "both pieces of Huber equal delta**2 / 2 at |d| = delta",
}


@dataclasses.dataclass(frozen=True)
class Mutant:
    name: str        # its folder: m0001
    module: str      # losses
    function: str    # huber, or Dropout.forward
    line: int
    kind: str        # binop, compare, constant, bool, name, negation, copy
    code: str        # the source of the node changed

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.module, self.function, self.code, self.kind)


def solution_regions(text: str) -> list[tuple[int, int]]:
    """(first, last) line numbers of each solution region."""
    found, start = [], None
    for number, line in enumerate(text.splitlines(), 1):
        if "### BEGIN SOLUTION" in line:
            start = number
        elif "### END SOLUTION" in line and start is not None:
            found.append((start, number))
            start = None
    return found


def _sites(tree: ast.AST, regions: list[tuple[int, int]]) -> list[tuple[str, Any]]:
    def inside(node):
        line = getattr(node, "lineno", None)
        return line is not None and any(a <= line <= b for a, b in regions)

    found: list[tuple[str, Any]] = []
    for node in ast.walk(tree):
        if not inside(node):
            continue
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            found.append(("binop", node))
        elif isinstance(node, ast.Compare) and type(node.ops[0]) in _COMPARES:
            found.append(("compare", node))
        elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
            found.append(("bool", node))
        elif isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            found.append(("constant", node))
        elif isinstance(node, ast.Attribute) and node.attr in _NAMES:
            found.append(("name", node))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            found.append(("negation", node))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (
                (node.func.attr == "copy" and not node.args) or (node.func.attr == "deepcopy" and len(node.args) == 1)):
            found.append(("copy", node))       # aliasing: x.copy() -> x, copy.deepcopy(x) -> x
    return found


class _Unwrap(ast.NodeTransformer):
    """Replaces one node by a part of it: ``-x`` by ``x``, ``x.copy()`` by ``x``."""

    def __init__(self, target: ast.AST, inner: ast.AST):
        self.target, self.inner = target, inner

    def visit(self, node):
        return self.inner if node is self.target else super().visit(node)


def _mutate(tree: ast.Module, kind: str, node) -> ast.Module:
    if kind == "binop":
        node.op = _BINOPS[type(node.op)]()
    elif kind == "compare":
        node.ops[0] = _COMPARES[type(node.ops[0])]()
    elif kind == "bool":
        node.value = not node.value
    elif kind == "constant":
        node.value = node.value + 1 if isinstance(node.value, int) else (1.0 if node.value == 0 else 2 * node.value)
    elif kind == "name":
        node.attr = _NAMES[node.attr]
    elif kind == "negation":
        tree = _Unwrap(node, node.operand).visit(tree)
    elif kind == "copy":
        tree = _Unwrap(node, node.args[0] if node.args else node.func.value).visit(tree)
    return tree


def _function_at(tree: ast.Module, line: int) -> str:
    """``Class.method`` or ``function`` enclosing ``line`` (innermost)."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.lineno <= line <= (node.end_lineno or 0):
            names.append((node.lineno, node.name))
    return ".".join(name for _, name in sorted(names)) or "?"


def build(dest: pathlib.Path, source: pathlib.Path = SOLUTION_LIB) -> list[Mutant]:
    """Write one library per mutant into ``dest/<name>/course_lib``; returns the mutants."""
    dest = pathlib.Path(dest)
    shutil.rmtree(dest, ignore_errors=True)
    mutants: list[Mutant] = []
    for path in sorted(source.glob("*.py")):
        text = path.read_text()
        regions = solution_regions(text)
        if not regions:
            continue
        original = ast.parse(text)
        for index, (kind, node) in enumerate(_sites(original, regions)):
            tree = ast.parse(text)                      # a fresh tree: the same walk finds the same node
            _, target = _sites(tree, regions)[index]
            mutant = Mutant(f"m{len(mutants) + 1:04d}", path.stem, _function_at(original, node.lineno),
                            node.lineno, kind, ast.get_source_segment(text, node) or "")
            changed = ast.unparse(ast.fix_missing_locations(_mutate(tree, kind, target)))
            lib = dest / mutant.name / "course_lib"
            shutil.copytree(source, lib, ignore=shutil.ignore_patterns("__pycache__"))
            (lib / path.name).write_text(changed)
            mutants.append(mutant)
    return mutants


@dataclasses.dataclass
class Sweep:
    mutants: list[Mutant]
    survivors: list[Mutant]          # full marks, not known to be equivalent
    equivalent: list[Mutant]         # full marks, and listed in EQUIVALENT
    misplaced: list[tuple[Mutant, str, list[str]]]   # (mutant, its part, the other parts it lost points in)
    stale: list[tuple[str, str, str, str]]           # EQUIVALENT entries no mutant matched


def judge(mutants: list[Mutant], grades_csv: pathlib.Path) -> Sweep:
    """Read the grader's grades.csv of a sweep."""
    from ..grading.rubric import load

    rubric = load()
    points = {p.id: p.points for p in rubric.parts}
    with open(grades_csv, newline="") as f:
        rows = {r["student"]: r for r in csv.DictReader(f)}
    sweep = Sweep(mutants, [], [], [], [])
    for m in mutants:
        row = rows[m.name]
        lost = [p for p in points if float(row[p]) < points[p]]
        if not lost:
            (sweep.equivalent if m.key in EQUIVALENT else sweep.survivors).append(m)
            continue
        part = rubric.part_of_target(f"{m.module}.{m.function}")
        own = part.id if part is not None else None
        if own not in lost or len(lost) > 1:
            sweep.misplaced.append((m, str(own), [p for p in lost if p != own]))
    matched = {m.key for m in sweep.equivalent}
    sweep.stale = [key for key in EQUIVALENT if key not in matched]
    return sweep


def run(out: pathlib.Path, jobs: int = 0) -> Sweep:
    """Build the mutants under ``out/libraries``, grade them into ``out/grades``, judge."""
    from ..grading.grade import Options, grade

    out = pathlib.Path(out)
    mutants = build(out / "libraries")
    grade([str(out / "libraries")], str(out / "grades"), Options(jobs=jobs, progress=False, report=False, force=True),
          log=lambda message: None)
    sweep = judge(mutants, out / "grades" / "grades.csv")
    (out / "mutants.json").write_text(json.dumps([dataclasses.asdict(m) for m in mutants], indent=1))
    return sweep


def describe(m: Mutant) -> str:
    return f"{m.name} {m.module}.{m.function}, line {m.line}: {m.kind} of `{m.code}`"


def main(out: str, jobs: int = 0) -> int:
    sweep = run(pathlib.Path(out), jobs)
    kinds: dict[str, int] = {}
    for m in sweep.mutants:
        kinds[m.kind] = kinds.get(m.kind, 0) + 1
    print(f"{len(sweep.mutants)} mutants of the solution regions ("
          + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) + ")")
    killed = len(sweep.mutants) - len(sweep.survivors) - len(sweep.equivalent)
    print(f"  {killed} lose points, {len(sweep.equivalent)} equivalent (listed, with the reason), "
          f"{len(sweep.survivors)} survive")
    print(f"  {len(sweep.misplaced)} charged outside their own part")
    for m in sweep.survivors:
        print(f"SURVIVES: {describe(m)}: a blind spot of the checks (or, if it computes the same function, "
              "an EQUIVALENT entry with the reason)")
    for m, own, others in sweep.misplaced:
        print(f"MISPLACED: {describe(m)}: part {own} should lose points, and only it; also lost: {', '.join(others)}")
    for key in sweep.stale:
        print(f"STALE: EQUIVALENT lists {key}, which no mutant matches any more: remove it")
    return 1 if sweep.survivors or sweep.misplaced or sweep.stale else 0
