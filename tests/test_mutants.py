"""The mutation sweep (``autograder/authoring/mutants.py``): every small change to a solution
region loses points, in its own part only, unless it is listed as equivalent with the reason.

The sweep grades the mutants packed, several to a submission (one per part, none reaching
another's function). The fast tests show the packing changes nothing a part's checks see: each
packed library is every one of its mutants applied alone, side by side; functions that reach one
another (through helpers too) never share a submission; and a packed result that shows any
trouble sends its mutants to be graded alone. The slow tests grade."""

import shutil

import pytest

from autograder.authoring import mutants
from autograder.authoring.regions import BEGIN, END, replace_region
from autograder.grading.results import GRADED, CheckResult, PartResult, SubmissionResult
from autograder.grading.rubric import load as load_rubric


def _top_level(text):
    """{name: source} of the module-level functions and classes of ``text``, as ``ast.unparse``
    writes it (each starts at column 0, and nothing else of a module of defs does)."""
    chunks, name = {}, None
    for line in text.splitlines():
        if line.startswith(("def ", "class ")):
            name = line.split()[1].split("(")[0].rstrip(":")
            chunks[name] = []
        elif line and not line[0].isspace():
            name = None
        if name is not None:
            chunks[name].append(line)
    return {n: "\n".join(lines) for n, lines in chunks.items()}


def _each_alone_side_by_side(batch):
    """Every packed module of ``batch`` is, function by function, the reference or one mutant's
    own change: exactly what that mutant alone makes of the same function."""
    for module in {m.module for m in batch}:
        text = (mutants.SOLUTION_LIB / f"{module}.py").read_text()
        mine = [m for m in batch if m.module == module]
        together = _top_level(mutants.mutated(text, mine))
        owner = {m.function.split(".")[0]: m for m in mine}
        reference = _top_level(mutants.mutated(text, []))
        assert together.keys() == reference.keys()
        for name, code in together.items():
            if name in owner:
                assert code == _top_level(mutants.mutated(text, [owner[name]]))[name] != reference[name]
            else:
                assert code == reference[name], (module, name)


def _source_with(tmp_path, module, changes):
    """A copy of the reference library in which ``changes`` ({qualname: body}) replace regions."""
    lib = tmp_path / "source"
    shutil.copytree(mutants.SOLUTION_LIB, lib, ignore=shutil.ignore_patterns("__pycache__"))
    text = (lib / f"{module}.py").read_text()
    for qualname, body in changes.items():
        text = replace_region(text, qualname, body)
    (lib / f"{module}.py").write_text(text)
    return lib


def test_the_sweep_finds_every_kind_of_site_in_every_graded_module():
    found = mutants.find()
    assert len(found) > 200
    assert {m.kind for m in found} >= {"binop", "compare", "constant", "bool", "name", "negation", "copy"}
    graded = {t.split(".", 1)[0] for part in load_rubric().parts for t in part.targets}
    assert {m.module for m in found} == graded
    for m in found[:: len(found) // 7]:
        text = (mutants.SOLUTION_LIB / f"{m.module}.py").read_text()
        assert mutants.mutated(text, [m]) != mutants.mutated(text, []), mutants.describe(m)


def test_each_packed_library_is_its_mutants_applied_alone_side_by_side(rubric):
    """On the first submission (a mutant of every part) and on the first holding each kind that
    unwraps a node (those rebuild the tree); the slow sweep checks them all."""
    found = mutants.find()
    packed = mutants.pack(found, rubric)
    assert sorted(m.name for batch in packed for m in batch) == sorted(m.name for m in found)
    biggest = max(sum(mutants.part_of(m, rubric) == p.id for m in found) for p in rubric.parts)
    assert len(packed) == biggest            # as few submissions as the largest part allows
    chosen = [packed[0]] + [next(b for b in packed if kind in {m.kind for m in b}) for kind in ("negation", "copy")]
    for batch in chosen:
        _each_alone_side_by_side(batch)


def test_a_packed_submission_holds_one_mutant_per_part(rubric):
    for batch in mutants.pack(mutants.find(), rubric):
        parts = [mutants.part_of(m, rubric) for m in batch]
        assert len(parts) == len(set(parts))


def test_functions_that_reach_one_another_never_share_a_submission(tmp_path, rubric):
    """A cross-entropy that calls the student's own log_softmax (which its docstring allows),
    through a helper: a mutant of log_softmax would cost points in cce too, so the two never
    meet in one submission."""
    source = _source_with(tmp_path, "losses", {
        "categorical_cross_entropy": f"{BEGIN}\ntarget = (1.0 - eps) * target + eps / logits.shape[1]\n"
                                     f"return float(-np.sum(target * _log_probs(logits)) / logits.shape[0])\n{END}"})
    text = (source / "losses.py").read_text() + "\n\ndef _log_probs(z):\n    return log_softmax(z)\n"
    (source / "losses.py").write_text(text)
    reach = mutants.calls(source)
    assert {"losses._log_probs", "losses.log_softmax"} <= reach["losses.categorical_cross_entropy"]
    assert "losses.log_softmax" not in mutants.calls()["losses.categorical_cross_entropy"]
    found = mutants.find(source)
    packed = mutants.pack(found, rubric, source)
    for batch in packed:
        functions = {m.function for m in batch}
        assert not ({"categorical_cross_entropy", "log_softmax"} <= functions), [m.name for m in batch]
    assert [m for m in found if m.function == "log_softmax"] and [m for m in found if m.function == "softmax"]


def _result(rubric, lost=(), broken=(), seconds=1.0, status=GRADED):
    """A scored result in which the parts ``lost`` lost a point and the checks ``broken`` broke."""
    checks = [CheckResult(c.id, p.id, "", c.public, c.points, c.points, True, "", internal=c.id in broken)
              for p in rubric.parts for c in p.checks]
    parts = {p.id: PartResult(p.points - (p.id in lost), p.points) for p in rubric.parts}
    return SubmissionResult("s", "s", status, 0.0, rubric.total, parts, checks, seconds=seconds)


def test_a_packed_result_with_any_trouble_is_not_read_part_by_part(rubric):
    found = {m.function: m for m in mutants.find()}
    batch = [found["huber"], found["mae"]]
    assert mutants.troubles(batch, _result(rubric, lost=["huber"]), rubric) == []
    assert mutants.troubles(batch, _result(rubric, lost=["huber", "mae"]), rubric) == []
    assert mutants.troubles(batch, _result(rubric, lost=["huber", "mse"]), rubric) == \
        ["part mse holds no mutant but lost points"]
    assert mutants.troubles(batch, _result(rubric, broken=[rubric.parts[-1].checks[0].id]), rubric) == \
        [f"check {rubric.parts[-1].checks[0].id} broke"]
    assert "time limit" in mutants.troubles(batch, _result(rubric, seconds=180.0), rubric)[0]
    assert mutants.troubles(batch, None, rubric) == ["no result"]


def test_the_judge_fails_survivors_cascades_and_stale_equivalents(rubric):
    found = mutants.find()
    equivalent = [m for m in found if m.key in mutants.EQUIVALENT]
    huber = next(m for m in found if m.function == "huber" and m.key not in mutants.EQUIVALENT)
    mae = next(m for m in found if m.function == "mae")
    verdicts = [mutants.Verdict(m, m.name, [], alone=False) for m in equivalent]
    verdicts += [mutants.Verdict(huber, "p001", [], alone=False),                 # keeps full marks
                 mutants.Verdict(mae, "m0010", ["mae", "mse"], alone=True, why_alone="x")]   # a cascade
    sweep = mutants.judge(verdicts, rubric)
    assert sweep.survivors == [huber] and sweep.equivalent == equivalent and sweep.stale == []
    assert sweep.misplaced == [(mae, "mae", ["mse"])]
    assert [v.mutant for v in sweep.regraded] == [mae]
    stale = mutants.judge(verdicts[1:], rubric)
    assert stale.stale == [equivalent[0].key]
    assert mutants.judge(verdicts, rubric, equivalent={}).survivors == equivalent + [huber]


@pytest.mark.slow
def test_no_mutant_keeps_full_marks_or_loses_points_outside_its_part(tmp_path, rubric):
    sweep = mutants.run(tmp_path)
    assert len(sweep.mutants) > 200
    for batch in mutants.pack(sweep.mutants, rubric):
        _each_alone_side_by_side(batch)
    assert [mutants.describe(m) for m in sweep.survivors] == []
    assert [(mutants.describe(m), others) for m, _, others in sweep.misplaced] == []
    assert sweep.stale == []
    assert sweep.submissions < len(sweep.mutants) / 3, "the mutants were not packed"
    # the same grades, judged without the list of equivalents: exactly those survive
    assert mutants.judge(sweep.verdicts, rubric, equivalent={}).survivors == sweep.equivalent
    rows = (tmp_path / "mutants.csv").read_text().splitlines()
    assert len(rows) == len(sweep.mutants) + 1 and rows[1].startswith("m0001,")


@pytest.mark.slow
def test_a_cascade_in_a_packed_submission_sends_its_mutants_to_be_graded_alone(tmp_path):
    """With a broken mse in the library the mutants start from, a packed submission loses points
    in a part that holds no mutant: its mutants are graded again alone, and each is reported as
    charged outside its own part."""
    source = _source_with(tmp_path, "losses", {"mse": "return float(np.sum((y_pred - y_true) ** 2))"})
    found = mutants.find(source)
    chosen = [next(m for m in found if m.function == f) for f in ("huber", "mae")]
    sweep = mutants.run(tmp_path / "sweep", source=source, only=[m.name for m in chosen])
    assert sweep.submissions == 3                        # one packed, then each alone
    assert [v.mutant for v in sweep.regraded] == chosen
    assert "part mse holds no mutant but lost points" in sweep.regraded[0].why_alone
    assert sweep.misplaced == [(chosen[0], "huber", ["mse"]), (chosen[1], "mae", ["mse"])]
