"""What a part's contract is made of: the kinds of checks, the cases they run, and the part itself.

A part (``autograder/parts/<part>/part.py``) declares, as data:

* its identity in the rubric: title, notebook, the PyTorch operation it follows, its targets;
* its checks, each with its points: ``Values`` (a function's results on generated inputs, compared
  with the reference's), ``Speed`` (whole-array code on big inputs), ``Sequences`` (a stateful
  object driven through generated call sequences beside the reference's), ``Custom`` (a pytest test
  in the part's folder, for behaviour such as "a penalty narrows the train/validation gap");
* the hints its checks may name (id -> text) and the models of mistakes behind them
  (``Model``: a wrong formula; the part's corpus of mistakes adds one model per labelled mistake).

Cases come from generators of the part's *domain*: every shape, container, dtype, range and
conditioning its docstrings promise (``autograder.parts.domains``), seeded, so that the same
grader always asks the same questions, and the public cases differ from the hidden ones.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from checks.sequences import Op, Sequence, Shared  # noqa: F401  (part of the vocabulary of parts)


@dataclasses.dataclass(frozen=True)
class Case:
    """One input of a function check: its kind in words ("3-D arrays with a large offset"), the
    arguments, and what a mean over it divides by (``n``, for the scale models)."""

    kind: str
    args: tuple
    kwargs: dict = dataclasses.field(default_factory=dict)
    n: int = 1
    facets: tuple = ()       # the kind's parts, e.g. ("0-d arrays", "Python lists", "exact ties")


@dataclasses.dataclass(frozen=True)
class Check:
    id: str                  # the rubric's short id: "values" (the full id is "mse.values")
    points: float
    title: str               # one line: what it checks
    public: bool = False


@dataclasses.dataclass(frozen=True)
class Values(Check):
    """``function`` on each case must give the reference's result, within a tolerance that follows
    the input's conditioning (``tolerance``: "perturbed" for continuous results, "fixed" for
    results with jumps such as gradients at a kink, or a function ``(ref_fn, case) -> atol``)."""

    function: str = ""                                  # "losses.mse"
    cases: Callable[[int], list[Case]] = lambda seed: []
    seed: int = 0
    rtol: float = 1e-9
    tolerance: Any = "perturbed"
    factors: Callable[[Case], list[tuple[float, str]]] | None = None   # the part's own scale models


@dataclasses.dataclass(frozen=True)
class Speed(Check):
    """Each of ``functions`` handles big generated inputs in about the CPU time of whole-array code."""

    functions: tuple = ()
    inputs: tuple = ()                                   # checks.wire.Generated, one per argument
    kwargs: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class Sequences(Check):
    """The student's ``cls`` driven through each sequence must observe what the reference's does."""

    cls: str = ""                                        # "layers.BatchNorm1d"
    sequences: Callable[[int], list[Sequence]] = lambda seed: []
    seed: int = 0
    rtol: float = 1e-9
    tolerance: Any = "fixed"


@dataclasses.dataclass(frozen=True)
class Custom(Check):
    """Implemented by one ``@check("<part>.<id>")`` test in the part's folder (its ``test_*.py``)."""


@dataclasses.dataclass(frozen=True)
class Model:
    """A known mistake, as code: ``fn`` replaces ``target`` ("losses.mse") and should give what a
    student who made that mistake gets. ``params``: one model per value, passed as ``param=``."""

    hint: str
    target: str
    fn: Callable
    params: tuple = (None,)


@dataclasses.dataclass(frozen=True)
class Part:
    id: str
    title: str
    notebook: str
    pytorch: str                   # the PyTorch operation it follows, or "none: why"
    targets: tuple
    checks: tuple
    hints: dict = dataclasses.field(default_factory=dict)     # hint id -> text
    models: tuple = ()

    def check(self, short_id: str) -> Check:
        return next(c for c in self.checks if c.id == short_id)

    @property
    def points(self) -> float:
        return sum(c.points for c in self.checks)
