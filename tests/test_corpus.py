"""The corpus, graded by the real grader: every mistake loses points in its own part only, on
exactly the checks it names, and gets exactly the hint it names; every correct alternative keeps
full marks; and the hints, measured on the mistakes they were not built from, name no wrong cause.

The corpus is packed into few submissions (``autograder.parts.corpus.batches``): each holds at
most one entry per part, and never an entry that calls a function another one replaces. Checks
only call the functions of their own part (``tests/test_isolation.py``), so each part of a
packed submission is graded on its own entry alone; the parts without an entry in a submission
must keep full marks. Only the entries whose tests are selected are graded (``pytest -k``).

The grading run also records, for every failing generated check, the hint it would name with the
models of one half of the corpus alone (``COURSE_HINT_REPORT``): the held-out measurement reads,
for each mistake, the hint built from the OTHER half (``autograder.parts.models.halves``)."""

import ast

import pytest
from conftest import ROOT, grade

from autograder.authoring import release
from autograder.parts import changes, hint_table, hints_in, load
from autograder.parts.corpus import ALTERNATIVES, MISTAKES, PARTS, batches, mutate
from autograder.parts.models import halves

pytestmark = pytest.mark.xdist_group("corpus")   # graded once, on one worker (--dist loadgroup)

# Where each class of TAGS applies: every such part has a mistake and an alternative of the class.
APPLIES = {
    "boundary": ["mae", "huber", "hinge", "multiclass_hinge", "kl", "l1", "elastic_net", "early_stopping", "metrics"],
    "extreme": ["bce", "bce_logits", "softmax", "cce", "kl"],
    "arguments": ["cce", "multiclass_hinge", "elastic_net", "early_stopping", "batchnorm", "metrics", "gradcheck"],
    "state": ["early_stopping", "dropout", "batchnorm"],
    "cascade": ["early_stopping", "dropout", "batchnorm"],
    "randomness": ["dropout"],
    "domain": ["mse", "mae", "huber", "bce", "bce_logits", "softmax", "early_stopping", "l1", "l2", "dropout", "kl",
               "cce", "hinge", "multiclass_hinge", "metrics", "gradcheck"],
    "conditioning": ["mse", "mae", "huber", "batchnorm", "kl", "cce", "hinge", "multiclass_hinge"],
    "repeated": ["batchnorm", "dropout"],
    "second_output": ["early_stopping"],
    "environment": ["mae", "huber", "bce", "bce_logits", "softmax", "metrics", "gradcheck"],
}
HINTED = 0.75        # the share of mistakes that must get a hint naming their own mistake (the others: no
                     # model can be sure of them, such as a formula that loses digits in its own way)
HELD_OUT_RIGHT = 0.8


def part_of(change, rubric):
    return rubric.part_of_target(change.target).id


def _selected_entries(request):
    """The corpus entries whose tests this session runs (all of them for the module-wide tests)."""
    names = set()
    for item in request.session.items:
        if item.module is not request.module:
            continue
        callspec = getattr(item, "callspec", None)
        entry = callspec.params.get("mistake") or callspec.params.get("alternative") if callspec else None
        if entry is None and item.name.split("[")[0] in NEEDS_ALL:
            return list(MISTAKES + ALTERNATIVES)
        if entry is not None:
            names.add(entry.name)
    return [c for c in MISTAKES + ALTERNATIVES if c.name in names]


@pytest.fixture(scope="module")
def graded(tmp_path_factory, rubric, request):
    """{entry name: (its submission's result, the parts that held an entry in it)}."""
    base = tmp_path_factory.mktemp("corpus")
    packed = batches(_selected_entries(request))
    for i, batch in enumerate(packed):
        release.build_library(base / f"batch-{i:02d}" / "course_lib", rubric, mutate([c.name for c in batch]))
    # each batch by its own path: a folder holding one submission folder is read as that one
    # submission (a student's archive that wraps its folder), so [base] fails for a single batch
    folders = [base / f"batch-{i:02d}" for i in range(len(packed))]
    done, results = grade(folders, tmp_path_factory.mktemp("corpus-out"), env={"COURSE_HINT_REPORT": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    out = {}
    for i, batch in enumerate(packed):
        result = results[f"batch-{i:02d}"]
        held = {part_of(c, rubric) for c in batch}
        for c in batch:
            out[c.name] = (result, held)
    return out


def test_corpus_is_well_formed(rubric):
    hints = hint_table()
    names = [c.name for c in MISTAKES + ALTERNATIVES]
    assert len(names) == len(set(names))
    caught = {c for m in MISTAKES for c in m.catches}
    assert not [c for c in rubric.checks if c not in caught], "a check that no realistic mistake fails"
    for m in MISTAKES:
        part = rubric.part_of_target(m.target)
        assert part is not None, m.name
        assert m.catches and all(c in rubric.checks and rubric.checks[c].part == part.id for c in m.catches), m.name
        assert m.hint is None or m.hint in hints, f"{m.name} names an unknown hint {m.hint!r}"
    for c in MISTAKES + ALTERNATIVES:
        assert set(c.tags) <= set(changes.TAGS), c.name
    for part_id, module in PARTS.items():      # each part's corpus holds only that part's entries
        assert all(part_of(c, rubric) == part_id for c in module.MISTAKES + module.ALTERNATIVES), part_id


def test_every_hint_is_proven_by_a_mistake():
    """A hint of a part that no corpus mistake receives is a diagnosis nobody has shown to be right."""
    named = {m.hint for m in MISTAKES}
    declared = {h for part in load().values() for h in part.hints}
    assert not sorted(declared - named)


def test_no_hint_text_holds_another():
    """Hints are told apart by their text in a message: none may contain another."""
    texts = list(hint_table().values())
    assert not [(a, b) for a in texts for b in texts if a != b and a in b]


def test_most_mistakes_get_a_hint_naming_them():
    hinted = [m for m in MISTAKES if m.hint is not None]
    assert len(hinted) >= HINTED * len(MISTAKES), [m.name for m in MISTAKES if m.hint is None]


def test_each_class_has_mistakes_and_alternatives_where_it_applies(rubric):
    assert set(APPLIES) == set(changes.TAGS)
    for tag, parts in APPLIES.items():
        for part in parts:
            for kind in (MISTAKES, ALTERNATIVES):
                assert [c for c in kind if tag in c.tags and part_of(c, rubric) == part], (tag, part, kind[0].__class__)


def _imports(path):
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = ("." * node.level) + (node.module or "")
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_corpus_and_checks_stay_apart():
    """A part's corpus is pure data; the checks reach the corpus only through the models of its
    labelled mistakes (``autograder.parts.models``); nothing under autograder/parts imports the
    grading core's orchestration; the mistakes' bodies reach the reference's source in the corpus
    gatherer, the models and the authors' held-out tool only."""
    parts = ROOT / "autograder" / "parts"
    for path in parts.glob("*/corpus.py"):
        assert _imports(path) <= {"..changes", "..changes.Alternative", "..changes.Mistake"}, path
    for path in parts.rglob("*.py"):
        imports = _imports(path)
        assert not [i for i in imports if i.split(".")[-1] in ("grade", "engine", "outputs", "pool")], path
        if path.name != "corpus.py" and path.parent == parts:
            assert not [i for i in imports if i.endswith(".corpus") or i == "corpus"] or \
                path.name in ("recatch.py", "heldout.py", "trial.py"), path
    users = sorted(p.name for p in parts.rglob("*.py") if "replace_region" in p.read_text())
    assert users == ["corpus.py", "heldout.py", "models.py"]


@pytest.mark.slow
@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.name)
def test_mistake_loses_points_in_its_own_part_only(graded, rubric, mistake):
    result, _ = graded[mistake.name]
    part = part_of(mistake, rubric)
    mine = [c for c in result["checks"] if rubric.checks[c["id"]].part == part]
    failed = {c["id"] for c in mine if not c["passed"]}
    assert failed == set(mistake.catches), \
        f"{mistake.name} ({mistake.why}): failed {sorted(failed)}, expected {sorted(mistake.catches)}"
    assert result["parts"][part]["score"] < result["parts"][part]["max_score"]
    table = hint_table()
    hints = set().union(*(hints_in(c["message"], table) for c in mine if not c["passed"]))
    assert hints == ({mistake.hint} if mistake.hint else set()), \
        f"{mistake.name} got the hints {sorted(hints)}: " + " | ".join(c["message"] for c in mine if not c["passed"])
    assert not [c["id"] for c in result["checks"] if c["internal"]]


@pytest.mark.slow
@pytest.mark.parametrize("alternative", ALTERNATIVES, ids=lambda a: a.name)
def test_correct_alternative_keeps_full_marks(graded, rubric, alternative):
    result, _ = graded[alternative.name]
    part = part_of(alternative, rubric)
    failed = [(c["id"], c["message"]) for c in result["checks"]
              if not c["passed"] and rubric.checks[c["id"]].part == part]
    assert not failed, f"{alternative.name} ({alternative.why}) lost points: {failed}"
    assert not [c["id"] for c in result["checks"] if c["internal"]]


@pytest.mark.slow
def test_parts_without_an_entry_keep_full_marks(graded):
    for name, (result, held) in graded.items():
        for part, score in result["parts"].items():
            if part not in held:
                assert score["score"] == score["max_score"], f"the submission holding {name} lost points in {part}"


def held_out_verdicts(graded, rubric):
    """{mistake: "right" | "wrong" | "none"}: the hint each mistake gets from the checks whose
    models come from the other half of the corpus only (the generic and the parts' own models
    always count). A mistake labelled "no hint" is right when it gets none. Mistakes that only
    custom checks catch (statistics, behaviour, speed) are left out: their hints use no model."""
    side = {}
    for module in PARTS.values():
        side.update(halves(module.MISTAKES))
    out = {}
    for m in MISTAKES:
        result, _ = graded[m.name]
        part = part_of(m, rubric)
        measured = [c for c in result["checks"] if rubric.checks[c["id"]].part == part and not c["passed"]
                    and c.get("held_out")]
        if not measured:
            continue
        other = "B" if side[m.name] == "A" else "A"
        got = {c["held_out"].get(other) for c in measured} - {None}
        if m.hint is None:
            out[m.name] = "right" if not got else "wrong"
        else:
            out[m.name] = "right" if got == {m.hint} else ("none" if not got else "wrong")
    return out


@pytest.mark.slow
def test_hints_name_no_wrong_cause_on_the_held_out_half(graded, rubric, capsys):
    """Hints built from one half of the corpus, on the other half: no wrong cause, and the right
    one for at least 80% of the mistakes measured."""
    verdicts = held_out_verdicts(graded, rubric)
    counts = {k: sum(v == k for v in verdicts.values()) for k in ("right", "wrong", "none")}
    with capsys.disabled():
        print(f"\nheld out: {len(verdicts)} mistakes measured: {counts['right']} right, {counts['wrong']} wrong, "
              f"{counts['none']} none")
    wrong = [name for name, v in verdicts.items() if v == "wrong"]
    assert not wrong, f"hints built from the other half name a wrong cause for {wrong}"
    assert counts["right"] >= HELD_OUT_RIGHT * len(verdicts), \
        [name for name, v in verdicts.items() if v == "none"]


NEEDS_ALL = {"test_parts_without_an_entry_keep_full_marks", "test_hints_name_no_wrong_cause_on_the_held_out_half"}
