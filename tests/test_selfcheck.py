"""The students' self-check: `python -m checks PART` and check("PART") in a notebook."""

import re

from conftest import ROOT, examples_dir, run

EXAMPLES = examples_dir() / "submissions"


def test_reference_passes_its_public_checks():
    done = run(["checks", "mse", "--lib", str(EXAMPLES / "reference")])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PASS" in done.stdout and "FAIL" not in done.stdout


def test_untouched_version_fails_with_a_hint():
    done = run(["checks", "mse", "--lib", str(EXAMPLES / "untouched")])
    assert done.returncode == 1
    assert "not written yet" in done.stdout


def test_mistake_gets_a_hint_in_the_students_terms():
    done = run(["checks", "mse", "--lib", str(EXAMPLES / "sum_instead_of_mean")])
    assert done.returncode == 1
    assert "a sum where a mean belongs" in done.stdout


def test_self_check_never_mentions_hidden_checks(rubric):
    done = run(["checks", "--lib", str(EXAMPLES / "untouched")])
    hidden = [cid for cid, c in rubric.checks.items() if not c.public]
    assert hidden and not [cid for cid in hidden if cid in done.stdout]


def test_unknown_part_is_a_clear_error():
    done = run(["checks", "no_such_part", "--lib", str(EXAMPLES / "reference")])
    assert done.returncode == 2
    assert re.search(r"No public checks for no_such_part\. Parts with checks: .*mse", done.stdout)


def test_missing_course_lib_is_a_clear_error(tmp_path):
    done = run(["checks", "mse", "--lib", str(tmp_path)])
    assert done.returncode == 2 and "no course_lib/ folder" in done.stderr


def test_notebook_call_prints_the_same_verdicts():
    import subprocess
    import sys

    code = f"from checks import check; print('RESULT', check('mse', lib={str(EXAMPLES / 'untouched')!r}))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "FAIL" in out.stdout and "RESULT False" in out.stdout
