"""The corpus, graded by the real grader in one batch: every mistake loses points in its own part
only, on exactly the checks it names, and gets exactly the hint it names; every correct
alternative keeps full marks.

The corpus is packed into few submissions (``autograder.hidden.corpus.batches``): each holds at
most one entry per part, and never an entry that calls a function another one replaces. Checks
only call the functions of their own part (``tests/test_isolation.py``), so each part of a
packed submission is graded on its own entry alone; the parts without an entry in a submission
must keep full marks."""

import ast
import importlib
import warnings

import pytest
from conftest import ROOT, grade

from autograder.authoring import release
from autograder.hidden.corpus import ALTERNATIVES, MISTAKES, PARTS, batches, mutate
from autograder.parts import changes, hint_table
from autograder.parts import hints_in as _hints_in
from checks.framework import HINTS

pytestmark = pytest.mark.xdist_group("corpus")   # graded once, on one worker (--dist loadgroup)

# Where each class of TAGS applies: every such part has a mistake and an alternative of the class.
APPLIES = {
    "boundary": ["mae", "huber", "hinge", "multiclass_hinge", "kl", "l1", "elastic_net", "early_stopping"],
    "extreme": ["bce", "bce_logits", "softmax", "cce", "kl"],
    "arguments": ["cce", "multiclass_hinge", "elastic_net", "early_stopping", "batchnorm"],
    "state": ["early_stopping", "dropout", "batchnorm"],
    "cascade": ["early_stopping", "dropout", "batchnorm"],
    "randomness": ["dropout"],
    "domain": ["mse", "mae", "huber", "bce", "bce_logits", "softmax", "early_stopping", "l1", "l2", "dropout", "kl",
               "cce", "hinge", "multiclass_hinge"],
    "conditioning": ["mse", "mae", "huber", "batchnorm", "kl", "cce", "hinge", "multiclass_hinge"],
    "repeated": ["batchnorm", "dropout"],
    "second_output": ["early_stopping"],
    "environment": ["mae", "huber", "bce", "bce_logits", "softmax"],
}
HINTED = 0.9          # the share of mistakes that must get a hint naming their own mistake


def load_all_hints():
    """{hint id: text} of every hint a check can give: the parts' tables, and (for the parts still
    checked by hand-written modules) what importing those modules registers."""
    with warnings.catch_warnings():                 # their @check marks are registered by their own plugin
        warnings.simplefilter("ignore", pytest.PytestUnknownMarkWarning)
        for folder, package in ((ROOT / "checks" / "public", "checks.public"),
                                (ROOT / "autograder" / "hidden", "autograder.hidden")):
            for path in sorted(folder.glob("test_*.py")):
                importlib.import_module(f"{package}.{path.stem}")
    return {**{h.id: h.text for h in HINTS.values()}, **hint_table()}


def hints_in(message):
    return _hints_in(message, load_all_hints())


def part_of(change, rubric):
    return rubric.part_of_target(change.target).id


@pytest.fixture(scope="module")
def graded(tmp_path_factory, rubric):
    """{entry name: (its submission's result, the parts that held an entry in it)}."""
    base = tmp_path_factory.mktemp("corpus")
    packed = batches()
    for i, batch in enumerate(packed):
        release.build_library(base / f"batch-{i:02d}" / "course_lib", rubric, mutate([c.name for c in batch]))
    done, results = grade([base], tmp_path_factory.mktemp("corpus-out"))
    assert done.returncode == 0, done.stderr[-3000:]
    out = {}
    for i, batch in enumerate(packed):
        result = results[f"batch-{i:02d}"]
        held = {part_of(c, rubric) for c in batch}
        for c in batch:
            out[c.name] = (result, held)
    return out


def test_corpus_is_well_formed(rubric):
    hints = load_all_hints()
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
    """A hint no corpus mistake receives is a diagnosis nobody has shown to be right."""
    named = {m.hint for m in MISTAKES}
    assert not sorted(set(load_all_hints()) - named)


def test_no_hint_text_holds_another():
    """Hints are told apart by their text in a message: none may contain another."""
    texts = list(load_all_hints().values())
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
            found.update(f"{base}.{a.name}" if base.endswith(".") is False else base + a.name for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_corpus_and_checks_stay_apart():
    """Checks never import the corpus (a check must not know the mistakes it is tested on);
    nothing under autograder/hidden imports the grading core; the corpus reaches the release
    code in one place."""
    hidden = ROOT / "autograder" / "hidden"
    corpus_modules = {p.stem for p in hidden.glob("*_corpus.py")} | {"corpus", "changes"}
    assert "autograder.parts.changes" in _imports(hidden / "changes.py")
    for path in hidden.glob("*.py"):
        imports = _imports(path)
        if path.stem not in corpus_modules:
            assert not [i for i in imports if any(i.endswith(m) or f"{m}." in i or f".{m}" in i
                                                  for m in corpus_modules)], path.name
        assert not [i for i in imports if i.split(".")[-1] in ("grade", "engine", "outputs")
                    and "autograder" in i or i.lstrip(".") in ("grade", "engine", "outputs")], path.name
        if path.stem.endswith("_corpus"):
            assert imports <= {".changes", ".changes.Alternative", ".changes.Mistake", "dataclasses"}, path.name
    users = [p.name for p in hidden.glob("*.py") if "replace_region" in p.read_text()]
    assert users == ["corpus.py"]


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
    hints = set().union(*(hints_in(c["message"]) for c in mine if not c["passed"]))
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
