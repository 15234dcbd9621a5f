"""The reference metrics follow scikit-learn's (``zero_division=0``) on every case the ``metrics``
part generates, and give the numbers notebook 02's worked example prints.

PyTorch has no classification metrics, so scikit-learn is the convention the ``metrics`` part
follows (its ``pytorch`` field says so); scikit-learn is installed with the course, not in the
grader's sandbox."""

import numpy as np
import pytest

from autograder.grading import reference
from autograder.parts import load

ref = reference.load()
sk = pytest.importorskip("sklearn.metrics")


def _sklearn(function, y_pred, y_true, positive=1):
    t = np.asarray(y_true).reshape(-1).astype(np.int64)
    p = np.asarray(y_pred).reshape(-1).astype(np.int64)
    if function == "accuracy":
        return sk.accuracy_score(t, p)
    # One class against the rest: the binary metrics of the masks (scikit-learn's pos_label needs
    # binary labels).
    t, p = (t == positive).astype(int), (p == positive).astype(int)
    fn = {"precision": sk.precision_score, "recall": sk.recall_score, "f1_score": sk.f1_score}[function]
    return fn(t, p, pos_label=1, zero_division=0)


@pytest.mark.parametrize("check_id", [c.id for c in load()["metrics"].checks if hasattr(c, "function")])
def test_reference_metrics_match_scikit_learn(check_id):
    check = load()["metrics"].check(check_id)
    name = check.function.split(".", 1)[1]
    for case in check.cases(check.seed):
        got = getattr(ref.metrics, name)(*case.args, **case.kwargs)
        assert isinstance(got, float), (case.kind, type(got))
        assert got == pytest.approx(_sklearn(name, *case.args, **case.kwargs), abs=1e-15), case.kind


def test_the_worked_example_of_notebook_02():
    y_pred, y_true = np.array([1, 0, 1, 1, 0, 1]), np.array([1, 1, 0, 1, 0, 0])
    assert ref.metrics.accuracy(y_pred, y_true) == 0.5
    assert ref.metrics.precision(y_pred, y_true) == 0.5
    assert ref.metrics.recall(y_pred, y_true) == pytest.approx(2 / 3)
    assert ref.metrics.f1_score(y_pred, y_true) == pytest.approx(4 / 7)
    assert ref.metrics.precision(np.zeros(6, dtype=int), y_true) == 0.0
    assert ref.metrics.recall(y_pred, y_true, positive=0) == pytest.approx(1 / 3)
