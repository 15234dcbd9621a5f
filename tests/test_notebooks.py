"""Every source notebook runs top to bottom on the reference solution; its figures are readable (every
axes labelled, every labelled series in a legend); `check(...)` echoes nothing; it ends with a summary
that points to the next notebook; every number its text states about its own run is true of the run
(``CLAIMS``); and every running time its text announces is the one the test suite measured
(``tests/notebook_times.json``), never a guess.

Claims about other seeds than the ones a notebook runs live in ``tests/test_notebook_claims.py``.

To measure the cells again and write the figures into the notebooks' text (then ``make release``)::

    RECORD_NOTEBOOK_TIMES=1 .venv/bin/python -m pytest tests/test_notebooks.py -n 0 -k top_to_bottom
"""

import ast
import dataclasses
import datetime
import fcntl
import json
import math
import os
import pathlib
import re

import nbclient
import nbformat
import pytest
from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "solutions" / "notebooks").glob("*/*.ipynb"))
IDS = [p.parent.name for p in NOTEBOOKS]

NOTEBOOK_TIMES = ROOT / "tests" / "notebook_times.json"
# A code cell that took at least this many CPU seconds on the reference is announced in the text before it.
SLOW_CELL_SECONDS = 5.0
# How the text announces a slow cell: "about 20 seconds<!--time:ID-->", ID being the code cell's id.
TIME_MARK = re.compile(r"about (\d+) seconds<!--time:([0-9a-f]+)-->")


@dataclasses.dataclass(frozen=True)
class Claim:
    """A number or comparison the text states about the notebook's own run.

    ``quote`` is the text's words (whitespace aside) and ``holds`` a Python expression over the
    notebook's variables after its last cell, true when the claim holds."""

    quote: str
    holds: str


# Injected before the notebook's first cell: keep every matplotlib Figure created, with the number
# of the cell that created it (the inline backend closes figures after each cell, but an object we
# hold keeps its axes).
RECORD_FIGURES = """\
import os as _audit_os
import matplotlib.figure as _audit_mf
_audit_figures, _audit_cell, _audit_clock = [], [None], []
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
    """Run before the code cell at ``index`` (None: after the last one): the cell's number, and the
    CPU seconds of the kernel and of the processes it waited for (``check`` runs its checks in a
    child), whose differences are each cell's CPU seconds."""
    return nbformat.v4.new_code_cell(f"_audit_cell[0] = {index}; _audit_clock.append(({index}, "
                                     "sum(_audit_os.times()[:4])))")


# Appended after the audit: evaluate the notebook's claims in its own namespace.
EVALUATE_CLAIMS = """
import json as _claims_json
_claims_out = []
for _claim_expr in {exprs!r}:
    try:
        _claims_out.append(bool(eval(_claim_expr)))
    except Exception as _claim_error:
        _claims_out.append(f"{{type(_claim_error).__name__}}: {{_claim_error}}")
print("CLAIMS" + _claims_json.dumps(_claims_out))
print("CLOCK" + _claims_json.dumps(_audit_clock))
"""


def _seconds(cell):
    """How long a code cell took, from the timestamps nbclient records (None if it did not run)."""
    timing = cell.get("metadata", {}).get("execution", {})
    if "iopub.execute_input" not in timing or "shell.execute_reply" not in timing:
        return None
    start, end = (datetime.datetime.fromisoformat(timing[k].replace("Z", "+00:00"))
                  for k in ("iopub.execute_input", "shell.execute_reply"))
    return (end - start).total_seconds()


@dataclasses.dataclass
class Run:
    """One execution of a notebook: its cells with outputs, the figure audit, the claims' verdicts
    (True, False or the error the expression raised), and each code cell's seconds by cell id: the
    kernel's CPU seconds (what a machine to itself takes, whatever else this one is running) and
    the wall-clock seconds of this run."""

    nb: nbformat.NotebookNode
    report: dict
    claims: list
    seconds: dict
    wall_seconds: dict


def execute_with_audit(path, claims=()):
    """Run the notebook with the figure recorder, then evaluate ``claims`` in its namespace."""
    nb = nbformat.read(path, as_version=4)
    ids = [cell.get("id") for cell in nb.cells]
    cells = [nbformat.v4.new_code_cell(RECORD_FIGURES)]
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            cells.append(_marker(index))
        cells.append(cell)
    cells.append(_marker(None))
    cells.append(nbformat.v4.new_code_cell(AUDIT_FIGURES))
    cells.append(nbformat.v4.new_code_cell(EVALUATE_CLAIMS.format(exprs=[c.holds for c in claims])))
    nb.cells = cells
    client = nbclient.NotebookClient(nb, timeout=900, kernel_name="python3", record_timing=True,
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    text = "".join(o.get("text", "") for o in nb.cells[-2].outputs)
    report = json.loads(text.split("FIGURE-AUDIT", 1)[1])
    last = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    verdicts = json.loads(last.split("CLAIMS", 1)[1].split("CLOCK", 1)[0])
    clock = json.loads(last.split("CLOCK", 1)[1])
    cpu = {ids[index]: later - now for (index, now), (_, later) in zip(clock, clock[1:])}
    nb.cells = nb.cells[1:-3]
    wall = {c.get("id"): _seconds(c) for c in nb.cells if c.cell_type == "code" and c.get("id")}
    return Run(nb, report, verdicts, cpu, {k: v for k, v in wall.items() if v is not None})


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_runs_top_to_bottom_on_the_reference(path: pathlib.Path):
    claims = CLAIMS.get(path.parent.name, [])
    run = execute_with_audit(path, claims)
    nb, report = run.nb, run.report
    # The cells' times: printed for the record, written down when asked, never asserted (a busy
    # machine is slow, not wrong).
    slow = {k: (round(v, 1), round(run.wall_seconds.get(k, 0.0), 1)) for k, v in run.seconds.items() if v >= 1.0}
    print(f"{path.parent.name}: {sum(run.seconds.values()):.1f} CPU s ({sum(run.wall_seconds.values()):.1f} s "
          f"wall) in code cells; cells of 1 CPU s or more (CPU s, wall s): {slow}")
    if os.environ.get("RECORD_NOTEBOOK_TIMES"):
        record_times(path, run.seconds)
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
    # Every number the text states about this run is true of it.
    false = [f"{c.quote!r}: {c.holds} -> {verdict}" for c, verdict in zip(claims, run.claims) if verdict is not True]
    assert not false, "claims of the text that this run does not hold:\n" + "\n".join(false)


def _load_json_notebook(path):
    return json.loads(path.read_text())


def _save_json_notebook(path, data):
    """Write a notebook the way the repository keeps them (one string per source, indent 1)."""
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def announced_seconds(seconds):
    """The figure the text gives for a cell measured at ``seconds`` of CPU: half as long again (a
    laptop may be slower than the machine that measured it), rounded up to a multiple of 5 (of 10
    beyond a minute), so that the text errs on the long side."""
    seconds = 1.5 * seconds
    step = 5 if seconds <= 60 else 10
    return int(step * max(1, math.ceil(seconds / step)))


def record_times(path, seconds):
    """Store this notebook's measured cell times in NOTEBOOK_TIMES and write the announced figures
    into its text."""
    name = path.parent.name
    with open(NOTEBOOK_TIMES.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        times = json.loads(NOTEBOOK_TIMES.read_text()) if NOTEBOOK_TIMES.exists() else {}
        times.setdefault("notebooks", {})[name] = {
            "total": round(sum(seconds.values()), 1),
            "cells": {k: round(v, 1) for k, v in sorted(seconds.items()) if v >= 1.0},
        }
        times["notebooks"] = dict(sorted(times["notebooks"].items()))
        times["measured"] = ("the kernel's CPU seconds per code cell of the reference run, which is what a "
                             "machine to itself takes (cells under 1 s left out); written by "
                             "RECORD_NOTEBOOK_TIMES=1 pytest tests/test_notebooks.py")
        NOTEBOOK_TIMES.write_text(json.dumps(times, indent=1, sort_keys=True) + "\n")
    data = _load_json_notebook(path)
    recorded = times["notebooks"][name]["cells"]
    for cell in data["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = TIME_MARK.sub(
                lambda m: f"about {announced_seconds(recorded.get(m[2], 0.0))} seconds<!--time:{m[2]}-->",
                cell["source"])
    _save_json_notebook(path, data)


def _recorded_cells(path):
    times = json.loads(NOTEBOOK_TIMES.read_text())
    return times["notebooks"].get(path.parent.name, {}).get("cells", {})


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_the_times_the_text_announces_are_the_measured_ones(path: pathlib.Path):
    """Every "about N seconds" of the text names a code cell of this notebook, and N is the figure
    of that cell's recorded time (re-measure with RECORD_NOTEBOOK_TIMES=1 when code changes)."""
    data = _load_json_notebook(path)
    code_ids = [c.get("id") for c in data["cells"] if c["cell_type"] == "code"]
    recorded = _recorded_cells(path)
    for index, cell in enumerate(data["cells"]):
        for match in TIME_MARK.finditer(cell["source"] if cell["cell_type"] == "markdown" else ""):
            figure, cell_id = int(match[1]), match[2]
            assert cell_id in code_ids, f"{path.name}: the time mark names no code cell: {match[0]}"
            assert [c.get("id") for c in data["cells"]].index(cell_id) > index, \
                f"{path.name}: {match[0]} announces a cell that comes before it"
            assert cell_id in recorded, f"{path.name}: no recorded time for {match[0]}: record the times"
            assert figure == announced_seconds(recorded[cell_id]), \
                f"{path.name}: the text says {figure} s, the recorded time {recorded[cell_id]} s gives " \
                f"{announced_seconds(recorded[cell_id])}: record the times again"
    # And no other running time: every "seconds" or "minutes" of the text is a measured one.
    text = "".join(c["source"] for c in data["cells"] if c["cell_type"] == "markdown")
    unmeasured = [text[max(0, m.start() - 40):m.end()] for m in re.finditer(r"\b(?:seconds|minutes|hours)\b", text)
                  if not text.startswith("<!--time:", m.end())]
    assert not unmeasured, f"{path.name}: a running time in the text that nobody measures: {unmeasured}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_slow_cell_is_announced(path: pathlib.Path):
    """A cell that took SLOW_CELL_SECONDS or more on the reference is announced in the text before
    it, with its measured time."""
    text = "".join(c["source"] for c in _load_json_notebook(path)["cells"] if c["cell_type"] == "markdown")
    silent = [cell_id for cell_id, s in _recorded_cells(path).items()
              if s >= SLOW_CELL_SECONDS and f"<!--time:{cell_id}-->" not in text]
    assert not silent, f"{path.name}: slow cells the text does not announce: {silent}"


def _normalized(text):
    return " ".join(text.split())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_each_claim_quotes_the_text(path: pathlib.Path):
    """The claims held for a notebook quote its text as it now reads: a sentence that changed must
    have its evidence looked at again."""
    cells = _load_json_notebook(path)["cells"]
    prose = _normalized(" ".join(c["source"] for c in cells if c["cell_type"] == "markdown"))
    missing = [c.quote for c in CLAIMS.get(path.parent.name, []) if _normalized(c.quote) not in prose]
    assert not missing, f"{path.name}: claims whose words are no longer in the text: {missing}"


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


# ------------------------------------------------------------------------------------------------
# The docstrings of what students write state the contract, never the expression they write
# ------------------------------------------------------------------------------------------------

# Expressions that docstrings once handed over (and variants of them): none may come back.
GIVEAWAYS = {
    "mse_grad": ["2 (y_pred - y_true)", "2 * (y_pred - y_true)", "2(y_pred"],
    "mae_grad": ["sign(y_pred - y_true)", "sign(d)"],
    "huber_grad": ["d / N", "delta sign(d)", "clip"],
    "binary_cross_entropy_grad": ["(p - y) /", "p (1 - p)", "p * (1 - p)"],
    "binary_cross_entropy_with_logits": ["max(z, 0)", "exp(-|z|)", "log1p"],
    "binary_cross_entropy_with_logits_grad": ["sigmoid(z) - y", "(sigmoid(z) - y)"],
    "log_softmax": ["z - logsumexp", "z - max"],
    "categorical_cross_entropy_grad": ["softmax(logits) - t", "(softmax(logits) - t)"],
    "hinge_grad": ["-y / N", "-y/N"],
    "multiclass_hinge_grad": ["1/N at every", "minus 1/N", "number of such j"],
    "kl_divergence_grad": ["-p / q", "-p/q"],
    "l1_grad": ["lam * sign(w)", "sign(w)"],
    "l2_grad": ["lam * w"],
    "elastic_net_grad": ["r sign(w)", "(1 - r) w", "sign(w)"],
    "Dropout": ["dout * mask", "dout * self.mask"],
    "BatchNorm1d": ["inv_std", "dx_hat", "sum(dout * x_hat", "- x_hat *"],
    "numerical_gradient": ["2 h", "2h", "2 * h", "(2 * h)", "f(x + h", "f(x - h"],
    "precision": ["tp /", "TP /", "/ (TP", "predicted.sum()"],
    "recall": ["tp /", "TP /", "/ (TP", "actual.sum()"],
    "f1_score": ["2 p r", "2 * p * r", "2pr", "/ (p + r)"],
}
# Whatever the function, a gradient's docstring never divides by N.
GRADIENT_GIVEAWAYS = ["/ N", "/N"]


def _docstrings(path):
    """{function or class name: its docstring, with its methods' docstrings for a class}."""
    found = {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            text = ast.get_docstring(node) or ""
            if isinstance(node, ast.ClassDef):
                text += "\n".join(ast.get_docstring(m) or "" for m in node.body if isinstance(m, ast.FunctionDef))
            found[node.name] = text
    return found


@pytest.mark.parametrize("library", ["course_lib", "solutions/course_lib"])
def test_no_docstring_gives_the_expression_students_write(library):
    docstrings = {}
    for module in ("losses", "penalties", "layers", "gradcheck", "metrics"):
        docstrings.update(_docstrings(ROOT / library / f"{module}.py"))
    assert set(GIVEAWAYS) <= set(docstrings), set(GIVEAWAYS) - set(docstrings)
    found = []
    for name, text in docstrings.items():
        flat = " ".join(text.split())
        forbidden = GIVEAWAYS.get(name, []) + (GRADIENT_GIVEAWAYS if name.endswith("_grad") else [])
        found += [f"{name}: {g!r}" for g in forbidden if g in flat]
    assert not found, "docstrings that hand over what the student writes:\n" + "\n".join(found)


# ------------------------------------------------------------------------------------------------
# The claims of each notebook's text about its own run (evaluated after its last cell)
# ------------------------------------------------------------------------------------------------

CLAIMS = {
    "00_welcome": [
        Claim("levels off near the variance of the noise, $0.8^2 = 0.64$",
              "abs(history[-1] - 0.64) < 0.2"),
        Claim("Each time $h$ shrinks tenfold, the one-sided error shrinks tenfold and the central error a "
              "hundredfold",
              "all(8 < errors[a][0] / errors[b][0] < 12 and 80 < errors[a][1] / errors[b][1] < 120 "
              "for a, b in ((1e-1, 1e-2), (1e-2, 1e-3)))"),
    ],
    "01_regression_losses": [
        Claim("MSE's is the mean, pulled about two units towards the outlier",
              "1.5 < best['MSE'] - best['MAE'] < 2.5"),
        Claim("Huber's is close to the median",
              "abs(best['Huber, δ = 1'] - best['MAE']) < 0.2"),
        Claim("MSE reaches the limit of floating-point precision after about 40 steps",
              "30 <= np.argmax(np.abs(paths['MSE'] - best['MSE']) < 1e-13) <= 50"),
        Claim("its last steps alternate between $+\\eta/N$ and $-\\eta/N$ (here $0.3/9 \\approx 0.033$)",
              "np.allclose(np.abs(np.diff(paths['MAE'][-6:])), 0.3 / 9) and "
              "np.all(np.diff(np.sign(np.diff(paths['MAE'][-6:]))) != 0)"),
        Claim("six points out of sixty move its intercept from the true $1$ to more than $2$",
              "is_outlier.sum() == 6 and len(x) == 60 and line_fits['MSE'][1][0] > 2"),
        Claim("those six have residuals of 9 to 17, while a typical point is off by about 0.4",
              "9 < np.abs(2 * x + 1 - y)[is_outlier].min() and np.abs(2 * x + 1 - y)[is_outlier].max() < 17 and "
              "0.3 < np.mean(np.abs(2 * x + 1 - y)[~is_outlier]) < 0.5"),
        Claim("Huber caps their pull at $\\delta$ and lands close to MAE",
              "abs(line_fits['Huber, δ = 1'][1][0] - line_fits['MAE'][1][0]) < 0.1"),
        Claim("once $\\delta$ exceeds the largest residual (printed above), Huber and MSE give the same line",
              "np.allclose(sweep[-1], [line_fits['MSE'][0][0], line_fits['MSE'][1][0]], atol=1e-3)"),
        Claim("With outliers the error grows with $\\delta$, more than tenfold between the two ends",
              "mean_errors['10% outliers'][-1] > 10 * mean_errors['10% outliers'][0] and "
              "np.all(np.diff(mean_errors['10% outliers']) >= 0)"),
        Claim("the error *falls* as $\\delta$ grows, until $\\delta$ reaches 1 or 2",
              "np.argmin(mean_errors['no outliers']) in (3, 4) and mean_errors['no outliers'][0] > "
              "mean_errors['no outliers'][3]"),
        Claim("the MAE end is about 20% worse than the best",
              "1.1 < mean_errors['no outliers'][0] / mean_errors['no outliers'].min() < 1.3"),
    ],
    "02_classification_losses": [
        Claim("with 90 validation points one point is worth 1.1%",
              "len(y_va) == 90"),
        Claim("past $z \\approx 28$ the product $\\sigma(z)(1-\\sigma(z))$ falls below the $10^{-12}$ floor",
              "27 < wrong[np.argmax(naive_sigmoid(wrong) * (1 - naive_sigmoid(wrong)) < 1e-12)] < 29"),
        Claim("past $z \\approx 37$, where $\\sigma(z)$ rounds to exactly 1, it is exactly **zero**",
              "36 < z_rounds < 38 and np.all(grad_y0[wrong >= z_rounds] == 0) and "
              "naive_sigmoid(np.array([z_rounds]))[0] == 1"),
        Claim("$\\sigma(-40) \\approx 4.2\\times10^{-18}$ is stored as it is, and $\\sigma(z)$ only underflows to 0 "
              "below about $z = -745$",
              "abs(naive_sigmoid(np.array([-40.0]))[0] / 4.2e-18 - 1) < 0.02 and np.exp(-745.0) > 0 == "
              "np.exp(-746.0)"),
        Claim("about $4\\times10^{-6}$ at $z = -40$",
              "3.5e-6 < grad_y1[np.argmin(np.abs(wrong - 40))] < 4.5e-6 and np.all(grad_y1 > 0)"),
        Claim("Without smoothing the weights are still growing after 1,500 steps and the average confidence "
              "creeps towards 1",
              "smoothing_runs[0.0][1][-1] > 1.1 * smoothing_runs[0.0][1][499] and smoothing_runs[0.0][2][-1] > "
              "0.99"),
        Claim("the weights stop growing within the first few hundred steps, and the confidence levels off below "
              "the smoothed target of $0.933$",
              "abs(smoothing_runs[0.1][1][-1] / smoothing_runs[0.1][1][499] - 1) < 0.01 and "
              "smoothing_runs[0.1][2][-1] < 0.933"),
        Claim("Their validation accuracies differ by a few points here",
              "0 < abs(score_accuracy(nets['hinge'].forward(X_va), y_va) - "
              "score_accuracy(nets['cross-entropy'].forward(X_va), y_va)) * len(y_va) <= 4"),
        Claim("about nine training points in ten have a margin of at least 1",
              "0.85 <= np.mean(margins['hinge'] >= 1) <= 0.95"),
        Claim("its median margin is well above the hinge model's",
              "np.median(margins['cross-entropy']) > 1.2 * np.median(margins['hinge'])"),
        Claim("The do-nothing classifier is right about 94% of the time",
              "abs(metrics.accuracy(np.zeros_like(yr_va), yr_va) - 0.94) < 0.01"),
        Claim("The network is only a couple of points more accurate, yet the confusion matrix shows it missing "
              "about half of the positives",
              "0 < metrics.accuracy(metrics.predict_labels(p_va, threshold=0.5), yr_va) - "
              "metrics.accuracy(np.zeros_like(yr_va), yr_va) < 0.04 and 0.35 < 1 - "
              "metrics.recall(metrics.predict_labels(p_va, threshold=0.5), yr_va) < 0.65"),
        Claim("Accuracy stays within a few points over most of the range (from a threshold of 0.2 up)",
              "np.ptp(np.array(curves['accuracy'])[thresholds >= 0.2 - 1e-9]) < 0.03"),
        Claim("the best $F_1$ is reached at a threshold below 0.5",
              "best_t < 0.5"),
        Claim("its accuracy is whatever they happen to give, here worse than a coin toss",
              "val_acc[0] < 0.5"),
        Claim("its MSE is about that of predicting the mean of $t$ (here worse)",
              "Ym_va[:, 0].var() < val_mse[-1] < 1.5 * Ym_va[:, 0].var()"),
        Claim("no single weight is best for both tasks at once",
              "np.argmin(val_mse) != np.argmax(val_acc)"),
    ],
    "03_kl_divergence": [
        Claim("the cross-entropy levels off at the entropy of the target, never at 0, while the KL goes to 0",
              "kl_curve[-1] < 1e-3 and abs(ce_curve[-1] - entropy(p_target)) < 1e-3"),
        Claim("The two curves are the same curve shifted by $H(p)$",
              "np.allclose(np.array(ce_curve) - np.array(kl_curve), entropy(p_target))"),
        Claim("Its landscape has a single minimum, at the mean and standard deviation of $p$",
              "len(local_minima(KL_fwd)) == 1 and abs(best_fwd[0] - mean_p) < 0.06 and abs(best_fwd[1] - "
              "np.sqrt(np.sum(p_mix * (x - mean_p) ** 2))) < 0.06"),
        Claim("a deep minimum on each bump (the heavier one is the global minimum) and a shallow third one in "
              "between",
              "len(local_minima(KL_rev)) == 3 and best_rev[0] == -2.0 and max(v for m, s, v in "
              "local_minima(KL_rev)) == [v for m, s, v in local_minima(KL_rev) if abs(m) < 1][0]"),
        Claim("the students trained on the teacher's softened predictions at $T \\ge 2$ beat the student trained "
              "on the true labels by several points (and $T = 1$ helps a little)",
              "all(student_acc[f'teacher, T = {T}'] - student_acc['hard labels'] > 0.025 for T in (2, 4, 8)) "
              "and 0 < student_acc['teacher, T = 1'] - student_acc['hard labels'] < 0.03"),
        Claim("it is slightly worse than the hard labels",
              "-0.03 < student_acc['smoothing 0.1'] - student_acc['hard labels'] < 0"),
        Claim("Between $T = 1$ and $T = 64$ the gradient itself shrinks by a factor of several thousand, while "
              "$T^2$ times it changes by less than a quarter and approaches the high-temperature limit",
              "grad_norms[1] / grad_norms[64] > 1000 and max(T * T * g for T, g in grad_norms.items()) / min(T "
              "* T * g for T, g in grad_norms.items()) < 1.25 and abs(64 * 64 * grad_norms[64] / limit - 1) < "
              "0.02"),
    ],
    "04_overfitting_and_penalties": [
        Claim("with a network of 100 hidden ReLU units (1,201 parameters)",
              "sum(v.size for v in model.params.values()) == 1201"),
        Claim("601 parameters for the same 20 points",
              "sum(v.size for v in net.params.values()) == 601"),
        Claim("**The training error can only go down** as the degree grows",
              "np.all(np.diff(train_err, axis=1) <= 1e-9)"),
        Claim("The best degree varies from seed to seed (mostly 3 to 6), but in every seed degree 15 is far "
              "worse",
              "np.mean((degrees[val_err.argmin(axis=1)] >= 3) & (degrees[val_err.argmin(axis=1)] <= 6)) > 0.9 "
              "and np.all(val_err[:, -1] > 2 * val_err.min(axis=1))"),
        Claim("**The weights blow up.**",
              "np.median(w_norm[:, -1]) > 100 * np.median(w_norm[:, 2])"),
        Claim("the training error sinks well below $\\sigma^2$ while the validation error stays above it",
              "hist.train_loss[-1] < SIGMA ** 2 / 2 and hist.val_loss[-1] > SIGMA ** 2"),
        Claim("the **training error rises** and the **weight norm falls**, steadily",
              "np.all(np.diff(r_train, axis=1) >= -1e-12) and np.all(np.diff(r_norm, axis=1) <= 1e-12)"),
        Claim("the degree-15 model does about as well as the best small degree did (the median ratio is printed "
              "above)",
              "np.median(ratio) < 1.25"),
        Claim("The best $\\lambda$ differs from seed to seed over a few orders of magnitude",
              "np.ptp(np.log10(lams[r_val.argmin(axis=1)])) >= 3"),
        Claim("Without a penalty the network drives its training MSE close to 0 while its validation MSE ends "
              "near 1",
              "d_train[:, 0].mean() < 0.1 and 0.75 < d_val[:, 0].mean() < 1.25"),
        Claim("the **weight norm falls** at every step, the **gap shrinks** up to $\\lambda = 0.3$",
              "np.all(np.diff(d_norm.mean(axis=0)) < 0) and np.all(np.diff((d_val - d_train).mean(axis=0))[:4] "
              "< 0)"),
        Claim("reaches its lowest around $\\lambda = 0.1$ to $0.3$, and rises again at $\\lambda = 1$",
              "net_lams[int(np.argmin(d_val.mean(axis=0)))] in (0.1, 0.3) and d_val.mean(axis=0)[-1] > "
              "d_val.mean(axis=0).min()"),
        Claim("Both methods reach almost the same objective value",
              "abs((losses.mse(Xd @ w_sub, yd) + penalties.l1(w_sub, 0.1)) / (losses.mse(Xd @ w_prox, yd) + "
              "penalties.l1(w_prox, 0.1)) - 1) < 0.01"),
        Claim("the subgradient method leaves the \"unimportant\" weights jittering at the scale of $\\eta\\lambda$, "
              "never exactly zero, while the proximal step puts them at exactly `0.0`",
              "np.sum(w_sub == 0) == 0 < np.sum(w_prox == 0) and np.all(np.abs(trajectory[-100:, zeroed]) < 2 * "
              "eta * 0.1)"),
        Claim("$w_2$ is exactly 0 for every larger $\\lambda$",
              "np.all(l1_path[path_lams2 >= lam_axis, 1] == 0)"),
        Claim("The L2 minimizer curves towards the origin and never touches an axis",
              "not np.any(l2_path[1:] == 0)"),
        Claim("Here the ellipse touches an edge, with both weights non-zero, for every $\\lambda$ below the "
              "value printed above, and the corner for every $\\lambda$ from there up",
              "np.all(l1_path[(path_lams2 > 0) & (path_lams2 < lam_axis)] != 0) and np.all(l1_path[(path_lams2 "
              ">= lam_axis) & (path_lams2 < lam_max2)] [:, 0] != 0)"),
        Claim("a few cross zero on the way (printed above)",
              "0 < sum(np.any(np.diff(np.sign(ridge_path[:, j])) != 0) for j in range(d)) <= 4"),
        Claim("None of them *stays* at zero.",
              "np.sum(ridge_path == 0) == 0"),
        Claim("here body mass index (`bmi`) and the serum measurement `s5` come in first",
              "order[:2] == ['bmi', 's5']"),
        Claim("Validation chose a much weaker penalty for the elastic net than for the lasso",
              "enet_lam < lasso_lam / 2"),
        Claim("the net keeps more of each group, with its weight spread more evenly (a smaller largest share)",
              "group_view(enet_w)[0].sum() > group_view(lasso_w)[0].sum() and group_view(enet_w)[1] < "
              "group_view(lasso_w)[1]"),
        Claim("keeps about as many features, spread about as evenly",
              "abs(group_view(same_l1_w)[0].sum() - group_view(enet_w)[0].sum()) <= 4 and "
              "abs(group_view(same_l1_w)[1] - group_view(enet_w)[1]) <= 0.1"),
        Claim("As the L2 part grows, each group's weight is spread more evenly and every feature comes in; but "
              "the validation MSE rises with it",
              "sweep[-1, 0] < sweep[0, 0] - 0.4 and sweep[-1, 1] == 20 and sweep[-1, 2] > sweep[0, 2]"),
        Claim("at the strength validation chose for the net the L2 part barely acts",
              "0.5 * enet_lam < 0.02 and abs(sweep[1, 0] - sweep[0, 0]) < 0.05"),
        Claim("does better when the signal really is spread over the group",
              "np.all(np.array(wins['shared']) < 1) and np.all(np.array(wins['sparse']) > 1)"),
        Claim("With more noisy copies, the least-squares weights close in on the ridge weights, at the rate "
              "$1/\\sqrt{\\text{copies}}$",
              "np.all(np.diff(distance[1:]) < 0) and 0.5 < distance[-1] / (distance[2] * np.sqrt(10 / 1000)) < "
              "2"),
        Claim("Jittering $x$ itself tames the polynomial too",
              "poly_mse(w_jitter, x_val, y_val) < 2 * SIGMA ** 2 < poly_mse(w_plain, x_val, y_val)"),
    ],
    "05_early_stopping": [
        Claim("run 4 (the run whose minimum came latest)",
              "int(np.argmax(best)) == 4"),
        Claim("4,482 parameters for 40 points",
              "sum(v.size for v in make_net(0).params.values()) == 4482"),
        Claim("The lowest point comes at a different epoch in each run",
              "len(set(best.tolist())) > 5"),
        Claim("about 8 points, a real loss. But the loss almost triples in the same time",
              "0.06 < val_acc[np.arange(8), best].mean() - val_acc[:, -1].mean() < 0.1 and 2.5 < val_curves[:, "
              "-1].mean() / val_curves.min(axis=1).mean() < 3"),
        Claim("ended with a much lower test loss, and a higher test accuracy, in every run here",
              "np.all(rows[:, 2] < rows[:, 0] / 1.5) and np.all(rows[:, 3] > rows[:, 1]) and np.all(rows[:, 4] "
              "< 300)"),
        Claim("the restored weights are the smaller ones in every run",
              "all(weight_norm(es_models[s]) < weight_norm(full_models[s]) for s in seeds)"),
        Claim("The measured factors sit on the formula, to rounding error",
              "shrink_error < 1e-6"),
        Claim("With $\\lambda = 1/(\\eta t)$ the two factors never differ by more than about 0.2",
              "max(np.max(np.abs((1 - (1 - a / t) ** t) - a / (1 + a))) for t in (10, 100, 1000, 10000) for a "
              "in [np.logspace(-3, np.log10(t), 2000)]) < 0.25"),
        Claim("their best values are close",
              "0.8 < run['gd_val'].min() / run['ridge_val'].min() < 1.25"),
        Claim("Their validation errors trace the same U",
              "run['gd_val'][0] > run['gd_val'].min() < run['gd_val'][-1] and run['ridge_val'][0] > "
              "run['ridge_val'].min() < run['ridge_val'][-1]"),
        Claim("patiences of 1 to 5 all fall for the same bump a few epochs in (the same regret)",
              "np.allclose(regrets[:3].mean(axis=1), regrets[0].mean()) and np.all(stops[:3].mean(axis=1) < 15)"),
        Claim("it takes a patience of about 20 to get within a rounding error of the true minimum, at roughly "
              "twice the epochs of patience 10",
              "regrets[4].mean() < 0.002 and 1.7 < (stops[4].mean() + 1) / (stops[3].mean() + 1) < 2.5"),
        Claim("A larger `min_delta` ignores the crumbs, so it stops sooner, and pays for it with a higher "
              "regret",
              "(lambda r: np.all(np.diff(r[:, 0]) < 0) and np.all(np.diff(r[:, 1]) > "
              "0))(np.array([[np.mean([replay(c, 20, md)[0] for c in val_curves]), np.mean([replay(c, 20, "
              "md)[2] - c.min() for c in val_curves])] for md in (0.0, 0.002, 0.005, 0.01, 0.02, 0.05)]))"),
    ],
    "06_dropout": [
        Claim("about 26,000 weights, 170 per training image",
              "25_000 < sum(W.size for W in models[0.0, 0].weights()) < 27_000"
              " and 165 < sum(W.size for W in models[0.0, 0].weights()) / 150 < 175"),
        Claim("Its training loss ends below 0.04, wrong labels included, while its validation loss bottoms out "
              "and then climbs",
              "all(histories[0.0, s].train_loss[-1] < 0.04 and histories[0.0, s].val_loss[-1] > 1.2 * "
              "min(histories[0.0, s].val_loss) for s in SEEDS)"),
        Claim("from $p = 0$ to $0.2$ to $0.5$ to $0.8$, in every seed",
              "all(np.all(np.diff([histories[p, s].gap[-1] for p in P_VALUES]) < 0) for s in SEEDS)"),
        Claim("lower with $p = 0.5$ than without dropout in every seed, and it comes later",
              "all(min(histories[0.5, s].val_loss) < min(histories[0.0, s].val_loss) and "
              "np.argmin(histories[0.5, s].val_loss) > np.argmin(histories[0.0, s].val_loss) for s in SEEDS)"),
        Claim("the training loss stays above 0.5, and the best validation loss is the worst of the four",
              "all(histories[0.8, s].train_loss[-1] > 0.5 and min(histories[0.8, s].val_loss) == "
              "max(min(histories[p, s].val_loss) for p in P_VALUES) for s in SEEDS)"),
        Claim("in seed 0 it is higher with $p = 0.2$ than without dropout",
              "histories[0.2, 0].val_loss[-1] > histories[0.0, 0].val_loss[-1] and min(histories[0.2, "
              "0].val_loss) < min(histories[0.0, 0].val_loss)"),
        Claim("without dropout the gap is smaller with 600 images than with 150",
              "size_curve(600, 0.0, 'val_loss')[-1] - size_curve(600, 0.0, 'train_loss')[-1] < size_curve(150, "
              "0.0, 'val_loss')[-1] - size_curve(150, 0.0, 'train_loss')[-1]"),
        Claim("with 600 images the gap even turns *negative*",
              "size_curve(600, 0.5, 'val_loss')[-1] - size_curve(600, 0.5, 'train_loss')[-1] < 0 and "
              "min(size_runs[600, 0.5, 0].val_loss) < min(size_runs[600, 0.0, 0].val_loss)"),
        Claim("every one of the 20 single passes has a higher validation loss",
              "min(single_losses) > loss_eval"),
        Claim("with a few hundred passes the average lands close to the evaluation-mode network (here a little "
              "better)",
              "loss_eval - 0.05 < ensemble_losses[-1] < loss_eval"),
        Claim("the distance falls like $1/\\sqrt K$",
              "0.5 < logit_distance[-1] / (logit_distance[0] / np.sqrt(256)) < 2"),
        Claim("with $p = 0.5$ it did in every seed above",
              "all(np.argmin(histories[0.5, s].val_loss) > np.argmin(histories[0.0, s].val_loss) for s in "
              "SEEDS)"),
    ],
    "07_batch_norm": [
        Claim("in the right panel so do the dashed He and std-0.3 lines",
              "np.allclose(activation_stats['he', False][1], activation_stats[0.3, False][1], rtol=1e-9)"),
        Claim("With PyTorch's default, the standard deviation of the ReLU outputs falls from about 0.3 at layer "
              "1 to about 0.04 by layer 4",
              "0.2 < activation_stats['pytorch', False][0][0] < 0.4 and 0.03 < activation_stats['pytorch', "
              "False][0][3] < 0.05"),
        Claim("with std 0.3 it doubles at every layer, to about 1,000 at layer 10",
              "np.all(np.abs(np.diff(np.log2(activation_stats[0.3, False][0])) - 1) < 0.3) and 500 < "
              "activation_stats[0.3, False][0][-1] < 2000"),
        Claim("He's initialization keeps it roughly constant",
              "np.ptp(np.log2(activation_stats['he', False][0])) < 1"),
        Claim("by layer 10 the spread across examples is a fraction of a percent of the activations' size",
              "activation_stats['pytorch', False][1][-1] < 0.01"),
        Claim("every ReLU input has mean 0 and standard deviation 1 at every depth",
              "all(np.allclose(activation_stats[i, True][0], activation_stats['he', True][0], rtol=0.05) for i "
              "in inits) and np.allclose(activation_stats[0.3, True][0], activation_stats['he', True][0], "
              "rtol=1e-3)"),
        Claim("**At learning rate 1.0 the plain network diverged** (its loss became NaN) in both seeds",
              "all(runs[False, 1.0, s].diverged for s in SEEDS) and not any(runs[True, 1.0, s].diverged for s "
              "in SEEDS)"),
        Claim("to a validation accuracy as good as the best plain network's in one seed, lower in the other",
              "sorted(runs[True, 1.0, s].val_metrics['accuracy'][-1] >= max(runs[False, lr, "
              "s].val_metrics['accuracy'][-1] for lr in LRS[:3]) - 0.005 for s in SEEDS) == [False, True]"),
        Claim("at 0.03 it ends with a *higher* training loss than the plain network",
              "all(runs[True, 0.03, s].train_loss[-1] > runs[False, 0.03, s].train_loss[-1] for s in SEEDS)"),
        Claim("accuracy rises with the batch size, from far below evaluation mode with pairs to just short of "
              "it with the whole validation set as one batch",
              "np.all(np.diff(batch_accuracy) > 0) and batch_accuracy[0] < eval_accuracy - 0.3 and "
              "eval_accuracy - 0.03 < batch_accuracy[-1] <= eval_accuracy"),
        Claim("with batches of 8, most images change label over the 10 reshufflings",
              "changed > 0.5"),
        Claim("With batches of 2 the batch-norm network **fails to learn**",
              "small[True, 2] < 0.3 < 0.9 < small[False, 2]"),
        Claim("With batches of 4 it learns, but stays below the plain network",
              "0.5 < small[True, 4] < small[False, 4]"),
        Claim("From batches of 8 up the two are close",
              "all(abs(small[True, b] - small[False, b]) < 0.04 for b in (8, 32))"),
        Claim("With dropout it falls, to about 0.72 for $p = 0.5$",
              "abs(variance_ratio(model, X_train) - 0.72) < 0.02"),
    ],
    "08_capstone": [
        Claim("The validation *accuracy*, meanwhile, moves by only an example or two after the first twenty "
              "epochs",
              "np.ptp(np.array(h.val_metrics['accuracy'][20:])) * len(y_val) <= 3"),
        Claim("while the validation *loss* climbs away from its minimum",
              "h.val_loss[-1] > 1.3 * min(h.val_loss)"),
        Claim("The training loss keeps falling towards zero",
              "h.train_loss[-1] < min(0.04, h.train_loss[49] / 2)"),
        Claim("$\\lambda = 0.1$ was worse (higher cross-entropy on average and on 4 of our 5 splits",
              "sum(a['cross-entropy'] > b['cross-entropy'] for a, b in zip(results['bce + l2 1e-1'], "
              "results['bce'])) == 4 and np.mean([a['cross-entropy'] for a in results['bce + l2 1e-1']]) > "
              "np.mean([b['cross-entropy'] for b in results['bce']])"),
    ],
}
