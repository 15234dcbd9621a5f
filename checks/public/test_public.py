"""The public checks that the parts' contracts generate, run from ``checks/public/cases/*.json``.

Each case file holds, for one part, its public checks: inputs (or call sequences), the right
results with the tolerance each allows, and what known mistakes give on the same inputs (the
hints). The checks run your code on every input and judge the results exactly as the grader does
(``checks.diagnosis``, ``checks.sequences``); the grader runs these same files.
"""

import json
import pathlib

import pytest

from checks import casefile
from checks import sequences as S
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


def _target(lib, dotted):
    module, name = dotted.split(".", 1)
    obj = getattr(lib, module)
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


def _values(lib, spec, hints):
    fn = _target(lib, spec["function"])
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
    return verdict(outcomes, spec["function"].rsplit(".", 1)[-1], models, hints, reveal=True)


def _sequences(lib, spec, hints):
    seqs = [S.Sequence(s["kind"], casefile.decode(s["init"]),
                       tuple(S.Op(o["method"], tuple(casefile.decode(o["args"])), casefile.decode(o["kwargs"]),
                                  tuple(o["observe"]), o["label"]) for o in s["ops"]), tuple(s["facets"]))
            for s in spec["sequences"]]
    wants = [[((t["where"], t["subject"]), casefile.decode(t["want"])) for t in s["trace"]] for s in spec["sequences"]]
    atols = [[casefile.decode(t["atol"]) for t in s["trace"]] for s in spec["sequences"]]
    shown = [[t["shown"] for t in s["trace"]] for s in spec["sequences"]]
    make = _target(lib, spec["cls"])
    student = [S.trace(S.Side(make, lib), seq) for seq in seqs]
    models = [(m["hint"], [[(None, v) for v in casefile.decode(t)] for t in m["traces"]]) for m in spec["models"]]

    def model_traces(lengths):
        return [(hint, S.cut(ts, lengths)) for hint, ts in models]

    return S.judge(seqs, student, wants, atols, spec["rtol"], model_traces, spec["cls"].rsplit(".", 1)[-1], hints,
                   reveal=True, shown=shown)


@pytest.mark.parametrize("file_name, check_id", list(_checks()))
def test_public(lib, request, file_name, check_id):
    data, spec = _load(file_name, check_id)
    run = _sequences if spec.get("type") == "sequences" else _values
    fraction, message = run(lib, spec, data["hints"])
    request.node.user_properties.append(("fraction", fraction))
    if message:
        raise Fail(message)
