"""Writing nbgrader source notebooks from Python (for authors; instructors may also edit the
notebooks in JupyterLab with nbgrader's Create Assignment toolbar).

    from autograder.authoring import Notebook
    nb = Notebook()
    nb.md("# Title")
    nb.setup()                                   # the standard first code cell
    nb.code("x = 1")
    nb.answer("answer = 2.5", grade_id="q_mse")  # solution cell (stripped for students)
    nb.tests("assert answer == 2.5", grade_id="q_mse_test", points=1)
    nb.written("Why ...?", grade_id="q_why", points=2)
    nb.save("solutions/notebooks/00_welcome/00_welcome.ipynb")

Cell ids are derived from the notebook's name and position, so rewriting a notebook gives the
same file.
"""

import hashlib
import json
import pathlib

import nbformat

SETUP = '''\
# Setup: make course_lib importable (your copy, found in this folder or above) and reload it
# whenever you save a change to it.
%load_ext autoreload
%autoreload 2
import sys, pathlib
_here = pathlib.Path.cwd().resolve()
for _name in ("checks", "course_lib"):  # the course folder, then the folder holding course_lib
    _root = next(p for p in (_here, *_here.parents) if (p / _name).is_dir())
    if str(_root) not in sys.path:
        sys.path.insert(0, str(_root))'''


def _meta(grade_id, *, grade, solution, locked, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


class Notebook:
    def __init__(self):
        self.cells = []

    def md(self, text):
        self.cells.append(nbformat.v4.new_markdown_cell(text.strip("\n")))

    def code(self, source):
        self.cells.append(nbformat.v4.new_code_cell(source.strip("\n")))

    def setup(self):
        cell = nbformat.v4.new_code_cell(SETUP)
        cell.metadata.update(_meta("setup", grade=False, solution=False, locked=True))
        self.cells.append(cell)

    def answer(self, source, grade_id):
        """A code cell the student fills in; its solution lines go between solution markers."""
        body = f"### BEGIN SOLUTION\n{source.strip()}\n### END SOLUTION"
        cell = nbformat.v4.new_code_cell(body)
        cell.metadata.update(_meta(grade_id, grade=False, solution=True, locked=False))
        self.cells.append(cell)

    def tests(self, source, grade_id, points, hidden=""):
        """An autograded test cell; ``hidden`` lines are removed from the student version."""
        body = source.strip()
        if hidden:
            body += f"\n### BEGIN HIDDEN TESTS\n{hidden.strip()}\n### END HIDDEN TESTS"
        cell = nbformat.v4.new_code_cell(body)
        cell.metadata.update(_meta(grade_id, grade=True, solution=False, locked=True, points=points))
        self.cells.append(cell)

    def written(self, prompt, grade_id, points, model_answer=""):
        """A question (locked markdown) and a manually graded answer cell."""
        self.md(prompt)
        body = "YOUR ANSWER HERE"
        if model_answer:  # the instructor's model answer; students get "YOUR ANSWER HERE"
            body = f"### BEGIN SOLUTION\n{model_answer.strip()}\n### END SOLUTION"
        cell = nbformat.v4.new_markdown_cell(body)
        cell.metadata.update(_meta(grade_id, grade=True, solution=True, locked=False, points=points))
        self.cells.append(cell)

    def save(self, path):
        path = pathlib.Path(path)
        nb = nbformat.v4.new_notebook()
        nb.cells = self.cells
        nb.metadata = {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        }
        for i, cell in enumerate(nb.cells):
            cell["id"] = hashlib.sha1(f"{path.stem}:{i}".encode()).hexdigest()[:12]
        nbformat.validate(nb)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
        return path
