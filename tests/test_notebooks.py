"""Every source notebook runs top to bottom on the reference solution; its figures are readable (every
axes labelled, every labelled series in a legend); `check(...)` echoes nothing; and it ends with a
summary that points to the next notebook."""

import json
import pathlib
import re

import nbclient
import nbformat
import pytest
from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "solutions" / "notebooks").glob("*/*.ipynb"))

# Injected before the notebook's first cell: keep every matplotlib Figure created, with the number
# of the cell that created it (the inline backend closes figures after each cell, but an object we
# hold keeps its axes).
RECORD_FIGURES = """\
import matplotlib.figure as _audit_mf
_audit_figures, _audit_cell = [], [None]
_audit_init = _audit_mf.Figure.__init__
def _audit_record(self, *args, **kwargs):
    _audit_init(self, *args, **kwargs)
    _audit_figures.append((_audit_cell[0], self))
_audit_mf.Figure.__init__ = _audit_record
"""

# Appended after the last cell: inspect every Axes of every recorded figure.
AUDIT_FIGURES = r"""
import json as _audit_json
from matplotlib.collections import PathCollection as _AuditPC

def _audit_axis_ok(ax, which):
    axis = ax.xaxis if which == "x" else ax.yaxis
    if axis.get_label_text().strip():
        return True
    if not axis.get_visible() or len(axis.get_ticklocs()) == 0:
        return True                                  # a picture: no ticks, so no quantity to name
    shared = ax.get_shared_x_axes() if which == "x" else ax.get_shared_y_axes()
    return any((s.xaxis if which == "x" else s.yaxis).get_label_text().strip()
               for s in shared.get_siblings(ax) if s is not ax)

def _audit(cell, fig):
    problems = []
    legend_labels = set()
    for leg in [a.get_legend() for a in fig.axes] + list(fig.legends):
        if leg is not None:
            legend_labels.update(t.get_text() for t in leg.get_texts())
    has_colorbar = any(hasattr(a, "_colorbar") for a in fig.axes)
    for i, ax in enumerate(fig.axes):
        where = f"cell {cell}, axes {i} ({ax.get_title()!r})"
        if hasattr(ax, "_colorbar"):
            cb = ax._colorbar
            label = (ax.yaxis if cb.orientation == "vertical" else ax.xaxis).get_label_text()
            if not label.strip():
                problems.append(f"{where}: a colorbar without a label")
            continue
        if not ax.get_visible() or not (ax.lines or ax.collections or ax.patches or ax.images):
            continue
        for which in "xy":
            if not _audit_axis_ok(ax, which):
                problems.append(f"{where}: no {which} label")
        handles, labels = ax.get_legend_handles_labels()
        labels = [l for l in labels if l and not l.startswith("_")]
        if len(labels) >= 2:
            missing = [l for l in labels if l not in legend_labels]
            if missing:
                problems.append(f"{where}: series without a legend entry: {missing}")
        coloured = [c for c in ax.collections if type(c) is _AuditPC and c.get_array() is not None]
        if coloured and ax.get_legend() is None and not fig.legends and not has_colorbar:
            problems.append(f"{where}: points coloured by value, with no legend or colorbar")
    return problems

_audit_report = {"figures": len(_audit_figures), "problems": []}
for _cell, _fig in _audit_figures:
    _audit_report["problems"] += _audit(_cell, _fig)
print("FIGURE-AUDIT" + _audit_json.dumps(_audit_report))
"""


def _marker(index):
    return nbformat.v4.new_code_cell(f"_audit_cell[0] = {index}")


def execute_with_audit(path):
    """Run the notebook with the figure recorder; returns (executed notebook, audit report)."""
    nb = nbformat.read(path, as_version=4)
    cells = [nbformat.v4.new_code_cell(RECORD_FIGURES)]
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            cells.append(_marker(index))
        cells.append(cell)
    cells.append(nbformat.v4.new_code_cell(AUDIT_FIGURES))
    nb.cells = cells
    client = nbclient.NotebookClient(nb, timeout=900, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    report = json.loads(text.split("FIGURE-AUDIT", 1)[1])
    nb.cells = nb.cells[1:-1]
    return nb, report


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.parent.name for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom_on_the_reference(path: pathlib.Path):
    nb, report = execute_with_audit(path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors
    # The notebook used the reference library, not the student stubs.
    text = "".join(o.get("text", "") for c in code for o in c.outputs)
    assert "NotImplementedError" not in text
    # No warnings printed (a warning in a notebook is either a bug or a lesson; ours are bugs).
    warned = [c.source[:60] for c in code for o in c.outputs if o.output_type == "stream" and o.name == "stderr"]
    assert not warned, warned
    # Every figure is readable.
    assert report["figures"] > 0
    assert not report["problems"], "\n".join(report["problems"])
    # check(...) at the end of a cell prints its verdicts and echoes no stray True/False.
    for cell in code:
        if re.search(r"^check\(.*\)\s*$", cell.source.strip().splitlines()[-1] if cell.source.strip() else ""):
            assert not [o for o in cell.outputs if o.output_type == "execute_result"], cell.source
            assert "public checks passed" in "".join(o.get("text", "") for o in cell.outputs)


def _last_words(path):
    cells = json.loads(path.read_text())["cells"]
    return cells[-1]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.parent.name for p in NOTEBOOKS])
def test_each_notebook_ends_with_a_summary_and_what_comes_next(path: pathlib.Path):
    last = _last_words(path)
    assert last["cell_type"] == "markdown" and last["source"].startswith("## Summary"), path.name
    number = int(path.parent.name[:2])
    following = sorted(p.parent.name for p in NOTEBOOKS if int(p.parent.name[:2]) == number + 1)
    if following:
        assert f"**Next: notebook {number + 1:02d}**" in last["source"], path.name
    else:
        assert "**Next:" in last["source"], path.name
