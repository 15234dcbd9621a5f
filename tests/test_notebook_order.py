"""A student's notebook reaches a function of theirs only after the exercise that asks for it.

For a part, the part's notebook is run with a library in which that part's functions are the
student version's stubs (everything else is the reference): every cell before the part's exercise
runs, and the first error is the stub's ``NotImplementedError``, raised at or after the exercise
(the first markdown cell that names "Exercise" and one of the part's functions). A notebook that
used, say, ``metrics.accuracy`` for a plot before teaching it would crash for a student who works
through it in order.

``PARTS`` lists the parts checked so far (the ones whose functions used to be provided code, and
were used freely before they became exercises).
"""

import nbclient
import nbformat
import pytest
from conftest import ROOT

from autograder.authoring import release
from autograder.grading.rubric import load as load_rubric

PARTS = ("gradcheck", "metrics")


def _stubbed_library(dest, part):
    rubric = load_rubric()
    modules = {t.split(".", 1)[0] for t in part.targets}
    others = [p.id for p in rubric.parts if p.id != part.id and any(t.split(".", 1)[0] in modules for t in p.targets)]
    assert not others, f"{sorted(modules)} hold other parts too: {others}"   # stubbing a module stubs them all
    release.build_library(dest, rubric,
                          lambda module, text: release.stubbed(text, module, rubric) if module in modules else text)


@pytest.mark.slow
@pytest.mark.parametrize("part_id", PARTS)
def test_the_notebook_reaches_the_student_s_function_only_after_its_exercise(part_id, tmp_path):
    part = load_rubric().part(part_id)
    _stubbed_library(tmp_path / "course_lib", part)
    (tmp_path / "checks").symlink_to(ROOT / "checks")
    source = next((ROOT / "solutions" / "notebooks").glob(f"{part.notebook}/*.ipynb"))
    folder = tmp_path / "notebooks" / part.notebook
    folder.mkdir(parents=True)
    nb = nbformat.read(source, as_version=4)
    names = [t.rsplit(".", 1)[-1] for t in part.targets]
    exercise = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and "Exercise" in c.source
                    and any(f"`{n}`" in c.source for n in names))
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                                     resources={"metadata": {"path": str(folder)}})
    client.execute()
    errors = [(i, o) for i, c in enumerate(nb.cells) if c.cell_type == "code"
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors, f"{part.notebook} ran without calling the stubs of {part_id}"
    first, error = errors[0]
    assert error["ename"] == "NotImplementedError" and any(n in error["evalue"] for n in names), \
        f"{part.notebook}: cell {first} raised {error['ename']}: {error['evalue']}"
    assert first > exercise, (f"{part.notebook}: cell {first} calls {error['evalue'].split(':')[0]} before the "
                              f"exercise that asks for it (cell {exercise})")


def test_the_parts_listed_exist():
    assert set(PARTS) <= {p.id for p in load_rubric().parts}
