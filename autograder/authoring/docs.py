"""The parts of the docs that are derived, not written: each lives between two markers,

    <!-- generated: NAME -->
    ...
    <!-- end generated -->

and ``python -m autograder release`` rewrites it from its source (the rubric, the limits);
``release --check`` and the test suite report any block that is out of date.
"""

from __future__ import annotations

import re

from .. import ROOT
from ..grading.limits import docs_table
from ..grading.outputs import pts
from ..grading.rubric import Rubric
from ..grading.rubric import load as load_rubric

DOCS = ["README.md", "docs/grader.md", "docs/instructors.md"]
BLOCK = re.compile(r"(<!-- generated: (?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- end generated -->)", re.S)


def _functions(rubric: Rubric, notebook: str) -> str:
    names = []
    for part in rubric.all_parts:
        if part.notebook == notebook:
            names += [f"`{t.split('.', 1)[1]}`" for t in part.targets]
    return ", ".join(names) or "nothing new"


def course_table(rubric: Rubric) -> str:
    """README's table: each notebook, what students write in it and the points it carries."""
    notebooks = sorted({p.notebook for p in rubric.all_parts} | {"08_capstone"})
    rows = ["| notebook | students write in `course_lib/` | library points |", "|---|---|---|"]
    for nb in notebooks:
        points = sum(p.points for p in rubric.parts if p.notebook == nb)
        title = nb[:2] + " " + nb[3:].replace("_", " ")
        rows.append(f"| {title} | {_functions(rubric, nb)} | {pts(points) if points else '-'} |")
    rows.append(f"| **total** | | **{pts(rubric.total)}** |")
    return "\n".join(rows)


def blocks(rubric: Rubric | None = None) -> dict[str, str]:
    rubric = rubric or load_rubric()
    return {
        "limits": docs_table(),
        "course-table": course_table(rubric),
        **notebook_blocks(rubric),
    }


def notebook_blocks(rubric: Rubric) -> dict[str, str]:
    """The Gradescope assignments' points: the library and the notebooks' questions."""
    from ..grading.notebooks import load_course

    course = load_course()
    return {
        "gradescope-points": f"{pts(rubric.total + course.points)} points: the library's {pts(rubric.total)} "
                             f"({len(rubric.checks)} checks, {sum(c.public for c in rubric.checks.values())} of "
                             f"them public) and the notebooks' {len(course.questions)} auto-graded questions",
        "written-points": f"{len(course.written)} written questions, "
                          f"{pts(sum(w.points for w in course.written))} points in all",
    }


def render(text: str, made: dict[str, str]) -> str:
    def fill(m):
        if m.group("name") not in made:
            raise KeyError(f"unknown generated block {m.group('name')!r}")
        return m.group(1) + made[m.group("name")] + "\n" + m.group(4)
    return BLOCK.sub(fill, text)


def regenerate() -> list[str]:
    """Rewrite every generated block; returns the files changed."""
    made, changed = blocks(), []
    for rel in DOCS:
        path = ROOT / rel
        text = path.read_text()
        new = render(text, made)
        if new != text:
            path.write_text(new)
            changed.append(rel)
    return changed


def drift() -> list[str]:
    made = blocks()
    return [f"{rel}: a generated block is out of date" for rel in DOCS
            if render((ROOT / rel).read_text(), made) != (ROOT / rel).read_text()]
