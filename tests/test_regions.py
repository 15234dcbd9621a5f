"""The solution-region parser, which decides what students receive: malformed regions are errors
that name the line, and generating the student version never lets a region's line through."""

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder import SOLUTIONS
from autograder.authoring.regions import (
    BEGIN,
    END,
    RegionError,
    replace_region,
    solution_regions,
    student_version,
)
from checks.stubs import unwritten

GOOD = textwrap.dedent(f'''
    def mse(a, b):
        """doc"""
        {BEGIN}
        return secret_one(a, b)
        {END}


    class Dropout:
        def forward(self, x):
            x = check(x)
            {BEGIN}
            return secret_two(x)
            {END}
''')


def test_regions_are_found_with_their_functions():
    regions = solution_regions(GOOD)
    assert [r.qualname for r in regions] == ["mse", "Dropout.forward"]
    assert [r.indent for r in regions] == ["    ", "        "]


def test_the_student_version_keeps_the_code_around_and_drops_every_region_line():
    text = student_version(GOOD, "losses", lambda q: "00_welcome")
    assert "secret" not in text and BEGIN not in text and END not in text
    assert "x = check(x)" in text and '"""doc"""' in text
    assert [u[0] for u in unwritten(text)] == ["mse", "Dropout.forward"]
    compile(text, "student", "exec")


@pytest.mark.parametrize("text, why", [
    (f"def f():\n    {BEGIN}\n    return 1\n", "never closed"),
    (f"def f():\n    return 1\n    {END}\n", "without"),
    (f"def f():\n    {BEGIN}\n    {BEGIN}\n    pass\n    {END}\n", "inside another"),
    (f"{BEGIN}\nx = 1\n{END}\n", "outside any function"),
])
def test_malformed_regions_are_errors_naming_the_line(text, why):
    with pytest.raises(RegionError, match=why):
        solution_regions(text, "bad.py")


def test_replace_region_swaps_one_body_and_keeps_the_others():
    text = replace_region(GOOD, "mse", "return 42")
    assert "return 42" in text and "secret_two" in text and "secret_one" not in text
    with pytest.raises(RegionError, match="0 solution regions"):
        replace_region(GOOD, "nope", "pass")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(p.name for p in (SOLUTIONS / "course_lib").glob("*.py"))),
       st.integers(0, 10_000), st.sampled_from([BEGIN, END]))
def test_a_stray_marker_anywhere_in_a_real_module_is_an_error_or_a_clean_parse(name, at, marker):
    lines = (SOLUTIONS / "course_lib" / name).read_text().splitlines()
    at %= len(lines) + 1
    indent = lines[at - 1][: len(lines[at - 1]) - len(lines[at - 1].lstrip())] if at else ""
    broken = "\n".join(lines[:at] + [indent + marker] + lines[at:]) + "\n"
    try:
        regions = solution_regions(broken, name)
    except (RegionError, SyntaxError):
        return
    text = student_version(broken, name[:-3], lambda q: "nb")
    inside = {line.strip() for r in regions for line in broken.splitlines()[r.begin + 1:r.end] if line.strip()}
    assert not [line for line in text.splitlines() if line.strip() in inside and len(line.strip()) > 12
                and line.strip() not in "\n".join(broken.splitlines()[:regions[0].begin])]
