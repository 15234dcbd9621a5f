"""Mutation sweep: small changes to the reference's solution regions, graded by the real grader.

The corpus (``autograder/parts/<part>/corpus.py``) holds the mistakes students make; this sweep
holds the ones nobody thought of. Every arithmetic operator, comparison, numeric constant,
boolean, ``np.*`` reduction, unary minus and ``.copy()`` inside a ``### BEGIN SOLUTION`` region is
changed, one at a time. A mutant that keeps full marks is a blind spot of the checks unless it is
*equivalent* (it computes the same function: ``>=`` for ``>`` where equality has probability
zero, or where both branches agree); those are listed in ``EQUIVALENT`` with the reason. A mutant
must also lose its points in its own part and only there (one bug, charged once, where it lives).

The mutants are graded packed, as the corpus is (``autograder.parts.corpus.batches``): one
submission holds at most one mutant per part, and never two of which one's function reaches the
other's (directly or through helpers: ``calls``). A check only calls the functions of its own
part (``tests/test_isolation.py``), so each part of a packed submission is graded on its own
mutant alone, exactly as if that mutant were graded by itself, and the parts without a mutant
must keep full marks. A packed submission that shows anything else (a part without a mutant
losing points, a check that broke, the submission's time limit reached, a submission not graded)
has its mutants graded again, each alone, and those verdicts count. ``--alone`` grades every
mutant alone (283 submissions instead of about 45: the way to cross-check the packing).

    python -m autograder mutants [--out build/mutants] [--jobs N] [--alone]

prints the figures, writes one row per mutant to ``DIR/mutants.csv`` (its verdict, the
submission that graded it, the parts it lost points in), and exits 1 when a mutant survives that
is not known to be equivalent, or one is charged outside its own part, or an ``EQUIVALENT``
entry matches no mutant (``tests/test_mutants.py`` holds it at that).
"""

from __future__ import annotations

import ast
import csv
import dataclasses
import json
import pathlib
import shutil
from collections.abc import Iterable
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
    name: str        # m0001: its submission's name when graded alone
    module: str      # losses
    function: str    # huber, or Dropout.forward
    line: int
    kind: str        # binop, compare, constant, bool, name, negation, copy
    code: str        # the source of the node changed
    site: int = 0    # its place among the module's sites (``_sites`` order)

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.module, self.function, self.code, self.kind)

    @property
    def target(self) -> str:
        return f"{self.module}.{self.function}"

    @property
    def unit(self) -> str:
        """The module-level function or class holding it ("layers.Dropout"): what ``calls`` relates."""
        return f"{self.module}.{self.function.split('.')[0]}"


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
    lines = {line for a, b in regions for line in range(a, b + 1)}

    def inside(node):
        return getattr(node, "lineno", None) in lines

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


def _function_at(spans: list[tuple[int, int, str]], line: int) -> str:
    """``Class.method`` or ``function`` enclosing ``line``; ``spans`` are the (first line, last
    line, name) of every function and class of the module."""
    return ".".join(name for first, last, name in sorted(spans) if first <= line <= last) or "?"


def _segment(lines: list[bytes], node: Any) -> str:
    """The source of ``node`` (``ast.get_source_segment``, without splitting the module again)."""
    first, last = node.lineno - 1, (node.end_lineno or node.lineno) - 1
    start, end = node.col_offset, node.end_col_offset
    if first == last:
        return lines[first][start:end].decode()
    return b"".join([lines[first][start:]] + lines[first + 1:last] + [lines[last][:end]]).decode()


def _spans(tree: ast.Module) -> list[tuple[int, int, str]]:
    return [(node.lineno, node.end_lineno or 0, node.name) for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.ClassDef))]


def _modules(source: pathlib.Path) -> list[pathlib.Path]:
    """The modules of ``source`` that hold solution regions."""
    return [p for p in sorted(pathlib.Path(source).glob("*.py")) if solution_regions(p.read_text())]


def find(source: pathlib.Path = SOLUTION_LIB) -> list[Mutant]:
    """Every mutant of the solution regions of ``source`` (nothing is written)."""
    mutants: list[Mutant] = []
    for path in _modules(source):
        text = path.read_text()
        tree = ast.parse(text)
        spans, lines = _spans(tree), text.encode().splitlines(keepends=True)
        for site, (kind, node) in enumerate(_sites(tree, solution_regions(text))):
            mutants.append(Mutant(f"m{len(mutants) + 1:04d}", path.stem, _function_at(spans, node.lineno),
                                  node.lineno, kind, _segment(lines, node), site))
    return mutants


def mutated(text: str, chosen: Iterable[Mutant]) -> str:
    """The module source ``text`` with every mutant in ``chosen`` (all of this module, none
    inside another) applied at once."""
    tree = ast.parse(text)                          # a fresh tree: the same walk finds the same nodes
    sites = _sites(tree, solution_regions(text))
    targets = []
    for m in chosen:
        kind, node = sites[m.site]
        if kind != m.kind or node.lineno != m.line:
            raise ValueError(f"{describe(m)} does not match the source any more: build the mutants again")
        targets.append((kind, node))
    for kind, node in targets:                       # each one changes its own node only
        tree = _mutate(tree, kind, node)
    return ast.unparse(tree)


def write_library(dest: pathlib.Path, chosen: Iterable[Mutant], source: pathlib.Path = SOLUTION_LIB) -> None:
    """A full ``course_lib`` at ``dest``: the reference in ``source``, with the ``chosen`` mutants."""
    chosen = list(chosen)
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("__pycache__"))
    for module in sorted({m.module for m in chosen}):
        path = pathlib.Path(source) / f"{module}.py"
        (dest / path.name).write_text(mutated(path.read_text(), [m for m in chosen if m.module == module]))


def build(dest: pathlib.Path, source: pathlib.Path = SOLUTION_LIB) -> list[Mutant]:
    """Write one library per mutant into ``dest/<name>/course_lib``; returns the mutants."""
    dest = pathlib.Path(dest)
    shutil.rmtree(dest, ignore_errors=True)
    mutants = find(source)
    for m in mutants:
        write_library(dest / m.name / "course_lib", [m], source)
    return mutants


# --------------------------------------------------------------------------------------------
# Packing: many mutants in one submission, each graded as if alone
# --------------------------------------------------------------------------------------------

def calls(source: pathlib.Path = SOLUTION_LIB) -> dict[str, set[str]]:
    """``"module.name" -> every "module.name" it reaches``: for each module-level function or
    class of ``source``, the module-level functions and classes its code refers to, through any
    chain of others (``categorical_cross_entropy`` calling ``log_softmax``, a method calling a
    helper that calls another part's function). A name that is referred to counts as called."""
    direct: dict[str, set[str]] = {}
    for path in sorted(pathlib.Path(source).glob("*.py")):
        tree = ast.parse(path.read_text())
        module = path.stem
        tops = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
        modules: dict[str, str] = {}         # local name -> course module (from . import _validation as _v)
        names: dict[str, str] = {}           # local name -> "module.name" (from .losses import mse)
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                for a in node.names:
                    if node.module:
                        names[a.asname or a.name] = f"{node.module}.{a.name}"
                    else:
                        modules[a.asname or a.name] = a.name
        for node in tree.body:
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            found = set()
            for inner in ast.walk(node):
                if isinstance(inner, ast.Name) and inner.id in tops:
                    found.add(f"{module}.{inner.id}")
                elif isinstance(inner, ast.Name) and inner.id in names:
                    found.add(names[inner.id])
                elif isinstance(inner, ast.Attribute) and isinstance(inner.value, ast.Name) \
                        and inner.value.id in modules:
                    found.add(f"{modules[inner.value.id]}.{inner.attr}")     # _v.as_array
            direct[f"{module}.{node.name}"] = found - {f"{module}.{node.name}"}
    reach: dict[str, set[str]] = {}
    for start in direct:
        seen, todo = set(), list(direct[start])
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo += direct.get(name, ())
        reach[start] = seen
    return reach


def pack(mutants: list[Mutant], rubric=None, source: pathlib.Path = SOLUTION_LIB) -> list[list[Mutant]]:
    """The mutants packed into few submissions: at most one mutant per part in each, and never
    two whose functions reach one another (``calls``). First fit, in order, so the same mutants
    always pack the same way (here: as many submissions as the part with the most mutants has)."""
    from ..grading.rubric import load

    rubric = rubric or load()
    reach = calls(source)
    batches: list[list[Mutant]] = []
    for m in mutants:
        part = part_of(m, rubric)
        for batch in batches:
            if all(part_of(o, rubric) != part and o.unit not in reach.get(m.unit, ())
                   and m.unit not in reach.get(o.unit, ()) and o.unit != m.unit for o in batch):
                batch.append(m)
                break
        else:
            batches.append([m])
    return batches


def part_of(m: Mutant, rubric) -> str:
    """The id of the graded part whose checks must catch ``m`` (else its function's name)."""
    part = rubric.part_of_target(m.target)
    return part.id if part is not None and part.checks else m.target


def troubles(batch: list[Mutant], result, rubric, limits=None) -> list[str]:
    """Why the packed submission's result cannot be read part by part ([] when it can): anything
    that one mutant could have caused in another's part."""
    from ..grading.limits import Limits
    from ..grading.results import GRADED

    if result is None:
        return ["no result"]
    limits = limits or Limits()
    found = []
    if result.status != GRADED:
        found.append(f"not graded: {result.problem}")
    held = {part_of(m, rubric) for m in batch}
    found += [f"part {p} holds no mutant but lost points" for p, s in result.parts.items()
              if p not in held and s.score < s.max_score]
    found += [f"check {c.id} broke" for c in result.checks if c.internal]
    if result.seconds >= limits.submission_timeout:
        found.append(f"it ran {result.seconds:g} s, into the submission's time limit")
    return found


@dataclasses.dataclass
class Verdict:
    mutant: Mutant
    submission: str              # the submission that graded it (alone or packed)
    lost: list[str]              # the parts it lost points in (its own part only, when packed)
    alone: bool                  # graded alone (by --alone, or again after trouble in its packed submission)
    why_alone: str = ""          # the trouble that sent it to be graded alone


@dataclasses.dataclass
class Sweep:
    mutants: list[Mutant]
    survivors: list[Mutant]          # full marks, not known to be equivalent
    equivalent: list[Mutant]         # full marks, and listed in EQUIVALENT
    misplaced: list[tuple[Mutant, str, list[str]]]   # (mutant, its part, the other parts it lost points in)
    stale: list[tuple[str, str, str, str]]           # EQUIVALENT entries no mutant matched
    verdicts: list[Verdict] = dataclasses.field(default_factory=list)
    submissions: int = 0             # how many submissions were graded, in all

    @property
    def regraded(self) -> list[Verdict]:
        """Mutants graded alone because their packed submission could not be read part by part."""
        return [v for v in self.verdicts if v.why_alone]


def lost_parts(result, parts: Iterable[str]) -> list[str]:
    return [p for p in parts if result.parts[p].score < result.parts[p].max_score]


def judge(verdicts: list[Verdict], rubric, equivalent=None) -> Sweep:
    """Sort the mutants by what they lost: nothing (equivalent or survivor), their own part
    only (killed), or elsewhere too (misplaced)."""
    equivalent = EQUIVALENT if equivalent is None else equivalent
    mutants = [v.mutant for v in verdicts]
    sweep = Sweep(mutants, [], [], [], [], verdicts)
    for v in verdicts:
        m = v.mutant
        if not v.lost:
            (sweep.equivalent if m.key in equivalent else sweep.survivors).append(m)
            continue
        own = part_of(m, rubric)
        if own not in v.lost or len(v.lost) > 1:
            sweep.misplaced.append((m, own, [p for p in v.lost if p != own]))
    matched = {m.key for m in sweep.equivalent}
    sweep.stale = [key for key in equivalent if key not in matched]
    return sweep


def _grade(libraries: pathlib.Path, out: pathlib.Path, jobs: int) -> dict[str, Any]:
    """Grade each folder of ``libraries`` (one submission each, even when there is only one)."""
    from ..grading.grade import Options, grade

    paths = [str(p) for p in sorted(libraries.iterdir())]
    results, _ = grade(paths, str(out), Options(jobs=jobs, progress=False, report=False, force=True),
                       log=lambda message: None)
    return {r.student: r for r in results}


def run(out: pathlib.Path, jobs: int = 0, alone: bool = False, source: pathlib.Path = SOLUTION_LIB,
        only: Iterable[str] | None = None) -> Sweep:
    """Find the mutants (all, or the names in ``only``), grade them packed (or each ``alone``)
    under ``out``, grade again alone those of packed submissions with trouble, and judge."""
    from ..grading.rubric import load

    rubric = load()
    out = pathlib.Path(out)
    mutants = find(source)
    if only is not None:
        wanted = set(only)
        mutants = [m for m in mutants if m.name in wanted]
    verdicts: dict[str, Verdict] = {}
    submissions = 0
    todo_alone: dict[str, str] = {m.name: "--alone" for m in mutants} if alone else {}
    if not alone:
        batches = pack(mutants, rubric, source)
        shutil.rmtree(out / "packed", ignore_errors=True)
        for i, batch in enumerate(batches):
            write_library(out / "packed" / f"p{i + 1:03d}" / "course_lib", batch, source)
        results = _grade(out / "packed", out / "grades-packed", jobs)
        submissions += len(batches)
        for i, batch in enumerate(batches):
            name = f"p{i + 1:03d}"
            result = results.get(name)
            trouble = troubles(batch, result, rubric)
            for m in batch:
                if trouble or result is None:
                    todo_alone[m.name] = "; ".join(trouble)
                else:
                    own = [p for p in [part_of(m, rubric)] if p in result.parts]
                    verdicts[m.name] = Verdict(m, name, lost_parts(result, own), alone=False)
    if todo_alone:
        shutil.rmtree(out / "alone", ignore_errors=True)
        for m in mutants:
            if m.name in todo_alone:
                write_library(out / "alone" / m.name / "course_lib", [m], source)
        results = _grade(out / "alone", out / "grades-alone", jobs)
        submissions += len(todo_alone)
        for m in mutants:
            if m.name in todo_alone:
                result = results[m.name]
                graded = [p.id for p in rubric.parts]
                verdicts[m.name] = Verdict(m, m.name, lost_parts(result, graded), alone=True,
                                           why_alone="" if alone else todo_alone[m.name])
    sweep = judge([verdicts[m.name] for m in mutants], rubric)
    sweep.submissions = submissions
    _write_table(out, sweep, rubric)
    return sweep


def _verdict_word(sweep: Sweep, m: Mutant) -> str:
    if m in sweep.survivors:
        return "SURVIVES"
    if m in sweep.equivalent:
        return "equivalent"
    return "MISPLACED" if any(x is m for x, _, _ in sweep.misplaced) else "killed"


def _write_table(out: pathlib.Path, sweep: Sweep, rubric) -> None:
    """``out/mutants.csv``: one row per mutant, its verdict and where it was graded; and
    ``out/mutants.json``, the mutants themselves."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "mutants.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["mutant", "module", "function", "line", "kind", "code", "part", "verdict", "lost",
                    "submission", "graded_alone_because"])
        for v in sweep.verdicts:
            m = v.mutant
            w.writerow([m.name, m.module, m.function, m.line, m.kind, m.code, part_of(m, rubric),
                        _verdict_word(sweep, m), " ".join(v.lost), v.submission, v.why_alone])
    (out / "mutants.json").write_text(json.dumps([dataclasses.asdict(m) for m in sweep.mutants], indent=1))


def describe(m: Mutant) -> str:
    return f"{m.name} {m.module}.{m.function}, line {m.line}: {m.kind} of `{m.code}`"


def main(out: str, jobs: int = 0, alone: bool = False) -> int:
    sweep = run(pathlib.Path(out), jobs, alone)
    kinds: dict[str, int] = {}
    for m in sweep.mutants:
        kinds[m.kind] = kinds.get(m.kind, 0) + 1
    print(f"{len(sweep.mutants)} mutants of the solution regions ("
          + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) + ")")
    packed = len({v.submission for v in sweep.verdicts if not v.alone})
    print(f"  graded in {sweep.submissions} submissions ({packed} packed, "
          f"{sum(v.alone for v in sweep.verdicts)} alone)")
    killed = len(sweep.mutants) - len(sweep.survivors) - len(sweep.equivalent)
    print(f"  {killed} lose points, {len(sweep.equivalent)} equivalent (listed, with the reason), "
          f"{len(sweep.survivors)} survive")
    print(f"  {len(sweep.misplaced)} charged outside their own part")
    print(f"  one row per mutant: {pathlib.Path(out) / 'mutants.csv'}")
    for v in sweep.regraded:
        print(f"GRADED ALONE: {describe(v.mutant)}: its packed submission could not be read part by part "
              f"({v.why_alone})")
    for m in sweep.survivors:
        print(f"SURVIVES: {describe(m)}: a blind spot of the checks (or, if it computes the same function, "
              "an EQUIVALENT entry with the reason)")
    for m, own, others in sweep.misplaced:
        print(f"MISPLACED: {describe(m)}: part {own} should lose points, and only it; also lost: {', '.join(others)}")
    for key in sweep.stale:
        print(f"STALE: EQUIVALENT lists {key}, which no mutant matches any more: remove it")
    return 1 if sweep.survivors or sweep.misplaced or sweep.stale else 0
