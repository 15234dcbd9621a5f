"""The mutation sweep (``autograder/authoring/mutants.py``): every small change to a solution
region loses points, in its own part only, unless it is listed as equivalent with the reason."""

import pytest

from autograder.authoring import mutants

pytestmark = pytest.mark.slow


def test_the_sweep_finds_every_kind_of_site_in_every_graded_module(tmp_path):
    found = mutants.build(tmp_path / "libraries")
    assert {m.kind for m in found} >= {"binop", "compare", "constant", "bool", "name", "negation", "copy"}
    assert {m.module for m in found} == {"losses", "penalties", "layers", "training"}
    changed = (tmp_path / "libraries" / found[0].name / "course_lib" / f"{found[0].module}.py").read_text()
    assert changed != (mutants.SOLUTION_LIB / f"{found[0].module}.py").read_text()


def test_no_mutant_keeps_full_marks_or_loses_points_outside_its_part(tmp_path):
    sweep = mutants.run(tmp_path)
    assert len(sweep.mutants) > 200
    assert [mutants.describe(m) for m in sweep.survivors] == []
    assert [(mutants.describe(m), others) for m, _, others in sweep.misplaced] == []
    assert sweep.stale == []
