"""The parts of the docs that are derived, not written: each lives between two markers,

    <!-- generated: NAME -->
    ...
    <!-- end generated -->

and ``python -m autograder release`` rewrites it from its source (the rubric, the limits);
``release --check`` and the test suite report any block that is out of date. Blocks of
``MEASURED`` (the guide's cost table) come from a run that takes minutes: ``python -m autograder
costs`` writes them, and release leaves them alone.

Whole files derived the same way (``FILES``): ``checks/written_questions.json``, the written
questions every written-answers PDF has a page for (``checks.written``), from the student notebooks.
"""

from __future__ import annotations

import json
import re

from .. import ROOT
from ..grading.limits import docs_table
from ..grading.outputs import pts
from ..grading.rubric import Rubric
from ..grading.rubric import load as load_rubric

DOCS = ["README.md", "docs/grader.md", "docs/instructors.md"]
BLOCK = re.compile(r"(<!-- generated: (?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- end generated -->)", re.S)
MEASURED = {"cost-table"}          # written by `python -m autograder costs`, not by release


def written_questions() -> str:
    """``checks/written_questions.json``: the course's written questions, in order, from the
    student notebooks (which ``release`` has just generated)."""
    from checks.written import layout_from

    return json.dumps(layout_from(ROOT), indent=1, ensure_ascii=False) + "\n"


FILES = {"checks/written_questions.json": written_questions}


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


def render(text: str, made: dict[str, str], leave: set[str] = MEASURED) -> str:
    """``text`` with each block of ``made`` rewritten; blocks named in ``leave`` are kept as
    they are, and any other block is an error."""
    def fill(m):
        if m.group("name") in leave and m.group("name") not in made:
            return m.group(0)
        if m.group("name") not in made:
            raise KeyError(f"unknown generated block {m.group('name')!r}")
        return m.group(1) + made[m.group("name")] + "\n" + m.group(4)
    return BLOCK.sub(fill, text)


def regenerate() -> list[str]:
    """Rewrite every generated block and file; returns the files changed."""
    made, changed = blocks(), []
    for rel in DOCS:
        path = ROOT / rel
        text = path.read_text()
        new = render(text, made)
        if new != text:
            path.write_text(new)
            changed.append(rel)
    for rel, make in FILES.items():
        path, new = ROOT / rel, make()
        if not path.is_file() or path.read_text() != new:
            path.write_text(new)
            changed.append(rel)
    return changed


def drift() -> list[str]:
    made = blocks()
    problems = [f"{rel}: a generated block is out of date" for rel in DOCS
                if render((ROOT / rel).read_text(), made) != (ROOT / rel).read_text()]
    return problems + [f"{rel} is out of date" for rel, make in FILES.items()
                       if not (ROOT / rel).is_file() or (ROOT / rel).read_text() != make()]
