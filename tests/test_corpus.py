"""Every mistake in the corpus loses points (in its own part only, on the checks it names), and
every correct alternative keeps full marks: graded by the real grader, in one batch."""

import pytest

from autograder import release
from autograder.hidden.corpus import ALTERNATIVES, MISTAKES, mutate
from conftest import grade

pytestmark = pytest.mark.xdist_group("corpus")   # graded once, on one worker (--dist loadgroup)


@pytest.fixture(scope="module")
def graded(tmp_path_factory, rubric):
    batch = tmp_path_factory.mktemp("corpus")
    for change in MISTAKES + ALTERNATIVES:
        release.build_library(batch / change.name / "course_lib", rubric, mutate([change.name]))
    done, results = grade([batch], tmp_path_factory.mktemp("corpus-out"))
    assert done.returncode == 0, done.stderr[-3000:]
    return results


def test_corpus_is_well_formed(rubric):
    names = [c.name for c in MISTAKES + ALTERNATIVES]
    assert len(names) == len(set(names))
    caught = {c for m in MISTAKES for c in m.catches}
    assert not [c for c in rubric.checks if c not in caught], "a check that no realistic mistake fails"
    for m in MISTAKES:
        part = rubric.part_of_target(m.target)
        assert part is not None, m.name
        assert m.catches and all(c in rubric.checks and rubric.checks[c].part == part.id for c in m.catches), m.name


@pytest.mark.slow
@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.name)
def test_mistake_loses_points_in_its_own_part_only(graded, rubric, mistake):
    result = graded[mistake.name]
    part = rubric.part_of_target(mistake.target).id
    verdicts = {c["id"]: c for c in result["checks"]}
    for cid in mistake.catches:
        assert not verdicts[cid]["passed"], f"{cid} did not catch {mistake.name} ({mistake.why})"
    assert result["parts"][part]["score"] < result["parts"][part]["max_score"]
    for other, score in result["parts"].items():
        if other != part:
            assert score["score"] == score["max_score"], f"{mistake.name} cost points in {other}"
    assert not [c["id"] for c in result["checks"] if c["internal"]]


@pytest.mark.slow
@pytest.mark.parametrize("alternative", ALTERNATIVES, ids=lambda a: a.name)
def test_correct_alternative_keeps_full_marks(graded, alternative):
    result = graded[alternative.name]
    failed = [(c["id"], c["message"]) for c in result["checks"] if not c["passed"]]
    assert not failed, f"{alternative.name} ({alternative.why}) lost points: {failed}"
