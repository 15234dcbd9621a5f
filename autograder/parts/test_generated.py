"""The hidden checks that the parts' contracts generate: one test per ``Values``, ``Speed`` and
``Sequences`` check that is not public (public ones run from ``checks/public/cases``, as students
run them). Each is marked with its check id and title, like a hand-written check.

With ``COURSE_HINT_REPORT`` set, a failing check also records the hint it would name with the
models of each half of the corpus alone (``held_out``), for tests/test_corpus.py to measure the
hints on the mistakes of the other half."""

import os

import pytest

from checks.framework import Fail, check

from . import load, run
from .spec import Sequences, Speed, Values


def _params():
    for part in load().values():
        for c in part.checks:
            if isinstance(c, (Values, Sequences, Speed)) and not c.public:
                yield pytest.param(part.id, c.id, marks=check(f"{part.id}.{c.id}", title=c.title),
                                   id=f"{part.id}.{c.id}")


@pytest.mark.parametrize("part_id, check_id", list(_params()))
def test_generated(lib, ref, cases, request, part_id, check_id):
    part = load()[part_id]
    spec = part.check(check_id)
    if isinstance(spec, Speed):
        from autograder.parts.support import vectorized_cases

        module = spec.functions[0].split(".")[0]
        refs = [(f.split(".", 1)[1], run.target(ref, f)) for f in spec.functions]
        vectorized_cases(lib, cases, module, refs, list(spec.inputs), spec.kwargs or None)
        cases.verdict()
        return
    runner = run.values if isinstance(spec, Values) else run.sequences
    report: dict = {}
    fraction, message = runner(lib, ref, part, spec, report=report)
    request.node.user_properties.append(("fraction", fraction))
    if report.get("held_out") and os.environ.get("COURSE_HINT_REPORT"):
        request.node.user_properties.append(("held_out", report["held_out"]))
    if message:
        raise Fail(message)
