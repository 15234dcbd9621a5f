"""The public checks that the parts' contracts generate, run from ``checks/public/cases/*.json``.

Each case file holds, for one part, its public checks: inputs, the right results with the
tolerance each allows, and what known mistakes give on the same inputs (the hints). The checks call
your function on every input and judge the results exactly as the grader does
(``checks.diagnosis``); the grader runs these same files.
"""

import json
import pathlib

import pytest

from checks import casefile
from checks.diagnosis import Outcome, verdict
from checks.framework import Fail, StudentError, check

CASES = pathlib.Path(__file__).resolve().parent / "cases"


def _checks():
    for path in sorted(CASES.glob("*.json")):
        data = json.loads(path.read_text())
        for spec in data["checks"]:
            yield pytest.param(path.name, spec["id"], marks=check(spec["id"], title=spec["title"]), id=spec["id"])


def _load(file_name, check_id):
    data = json.loads((CASES / file_name).read_text())
    return data, next(c for c in data["checks"] if c["id"] == check_id)


@pytest.mark.parametrize("file_name, check_id", list(_checks()))
def test_public(lib, request, file_name, check_id):
    data, spec = _load(file_name, check_id)
    module, name = spec["function"].split(".", 1)
    fn = getattr(getattr(lib, module), name)
    outcomes = []
    for case in spec["cases"]:
        try:
            got = fn(*casefile.decode(case["args"]), **casefile.decode(case["kwargs"]))
        except StudentError as exc:
            exc.__traceback__ = None
            got = exc
        outcomes.append(Outcome(case["kind"], got, casefile.decode(case["want"]), casefile.decode(case["atol"]),
                                spec["rtol"], shown=case["shown"]))
    models = [(m["hint"], [casefile.decode(o) for o in m["outputs"]]) for m in spec["models"]]
    fraction, message = verdict(outcomes, name, models, data["hints"], reveal=True)
    request.node.user_properties.append(("fraction", fraction))
    if message:
        raise Fail(message)
