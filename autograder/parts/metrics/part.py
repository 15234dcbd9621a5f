"""Classification metrics: ``metrics.accuracy``, ``precision``, ``recall`` and ``f1_score``
(scikit-learn's ``accuracy_score``, ``precision_score``, ``recall_score``, ``f1_score`` with
``zero_division=0``; PyTorch has none).

The contract (the docstrings): integer labels of shape (N,) (or (N, 1)), N >= 1, as int64, int32
or bool arrays, lists or whole floats (the provided lines make int arrays of them); ``positive``
(default 1) is the positive class and every other label is negative, so -1/+1 labels and one
class against the rest of several work too; 0/0 gives 0.0: precision with nothing predicted
positive, recall with nothing truly positive, F1 with precision and recall both 0.

The cases cover 0/1, -1/+1 and 3- and 5-class labels in every form, one example, all right and
all wrong, and every 0/0 situation (nothing predicted positive, nothing truly positive, neither),
with the positive class at its default and at 0, -1 and 2.
"""

import itertools

import numpy as np

from checks.wire import Generated

from ..domains import rng
from ..spec import Case, Model, Part, Speed, Values

ACC, PREC, REC, F1 = "metrics.accuracy", "metrics.precision", "metrics.recall", "metrics.f1_score"

LABEL_SETS = {
    "0/1 labels": (0, 1),
    "-1/+1 labels": (-1, 1),
    "3 classes": (0, 1, 2),
    "5 classes": (0, 1, 2, 3, 4),
}
FORMS = ("int64 labels", "a list of labels", "int32 labels", "labels as whole floats", "an (N, 1) column",
         "bool labels")
SITUATIONS = ("ordinary", "one example", "all right", "all wrong", "nothing predicted positive",
              "nothing truly positive", "the positive class nowhere", "every example positive")
POSITIVES = {"0/1 labels": (None, 0), "-1/+1 labels": (None, -1), "3 classes": (None, 2, 0),
             "5 classes": (3, None)}


def _form(y, form):
    y = np.asarray(y, dtype=np.int64)
    if form == "a list of labels":
        return [int(v) for v in y]
    if form == "int32 labels":
        return y.astype(np.int32)
    if form == "labels as whole floats":
        return y.astype(np.float64)
    if form == "an (N, 1) column":
        return y.reshape(-1, 1)
    if form == "bool labels":
        return y.astype(bool)
    return y


def _pair(g, labels, pos, situation, n):
    """(y_pred, y_true) of ``n`` labels from ``labels`` in ``situation`` for the positive class ``pos``."""
    labels = np.array(labels)
    others = labels[labels != pos]
    if situation == "one example":
        n = 1
    y_true = g.choice(labels, n)
    y_pred = np.where(g.random(n) < 0.6, y_true, g.choice(labels, n))
    if situation == "all right":
        y_pred = y_true.copy()
    elif situation == "all wrong":
        y_pred = np.array([g.choice(labels[labels != t]) for t in y_true])
    elif situation == "nothing predicted positive":
        y_pred = g.choice(others, n)
        y_true[0] = pos
    elif situation == "nothing truly positive":
        y_true = g.choice(others, n)
        y_pred[0] = pos
    elif situation == "the positive class nowhere":
        y_true, y_pred = g.choice(others, n), g.choice(others, n)
    elif situation == "every example positive":
        y_pred = np.full(n, pos)
    elif situation == "ordinary":
        y_true[0], y_pred[0] = pos, pos              # at least one true positive
        y_pred[1] = pos if y_true[1] != pos else others[0]
    return y_pred, y_true


def label_cases(seed, situations=SITUATIONS, label_sets=tuple(LABEL_SETS), with_positive=True):
    """Every situation for every label set, the forms and the positive classes taking turns
    (bool labels only for 0/1)."""
    cases, turns = [], {name: seed for name in label_sets}
    forms = itertools.cycle(FORMS)
    for situation in situations:
        for set_name in label_sets:
            labels = LABEL_SETS[set_name]
            choices = POSITIVES[set_name] if with_positive else (None,)
            pos = choices[turns[set_name] % len(choices)]
            turns[set_name] += 1
            g = rng(seed, situation, set_name)
            y_pred, y_true = _pair(g, labels, 1 if pos is None else pos, situation, 9)
            form = next(forms)
            if form == "bool labels" and set_name != "0/1 labels":
                form = "int64 labels"
            kwargs = {} if pos is None else {"positive": pos}
            pos_words = "positive class 1 (the default)" if pos is None else f"positive = {pos}"
            kind = f"{set_name} ({form}), {situation}" + (f", {pos_words}" if with_positive else "")
            cases.append(Case(kind, (_form(y_pred, form), _form(y_true, form)), kwargs, n=len(y_true),
                              facets=(set_name, form, situation) + ((pos_words,) if with_positive else ())))
    return cases


def accuracy_cases(seed):
    return label_cases(seed, situations=("ordinary", "one example", "all right", "all wrong",
                                         "the positive class nowhere"), with_positive=False)


def worked(seed):
    """The notebook's worked example (TP 2, FP 2, FN 1, TN 1), a 0/0 case and another positive class."""
    y_pred = np.array([1, 0, 1, 1, 0, 1])
    y_true = np.array([1, 1, 0, 1, 0, 0])
    g = rng(seed, "worked")
    three_pred, three_true = g.integers(0, 3, 8), g.integers(0, 3, 8)
    three_pred[:2], three_true[:2] = 2, 2
    return [
        Case("the worked example (TP 2, FP 2, FN 1, TN 1)", (y_pred, y_true), n=6),
        Case("nothing predicted positive (0/0 for precision)",
             (np.zeros(5, dtype=int), np.array([0, 1, 0, 0, 1])), n=5),
        Case("nothing truly positive (0/0 for recall)", (np.array([1, 0, 0, 1]), np.zeros(4, dtype=int)), n=4),
        Case("labels as a list", ([1, 1, 0, 1], [1, 0, 0, 1]), n=4),
        Case("3 classes, positive = 2", (three_pred, three_true), {"positive": 2}, n=8),
        Case("-1/+1 labels", (np.array([1, -1, 1, 1, -1]), np.array([1, 1, -1, 1, -1])), n=5),
    ]


def worked_accuracy(seed):
    return [c for c in worked(seed) if not c.kwargs]


# ---- models of known mistakes (trusted code: the labels as the provided lines make them) ----

def _ints(y):
    return np.asarray(y).reshape(-1).astype(np.int64)


def _counts(y_pred, y_true, positive, binary=False):
    p, t = _ints(y_pred), _ints(y_true)
    if binary:        # the labels read as 0/1 numbers: products and sums of labels
        return float(np.sum(p * t)), float(np.sum(p)), float(np.sum(t))
    pp, tt = p == positive, t == positive
    return float(np.sum(pp & tt)), float(np.sum(pp)), float(np.sum(tt))


def _ratio(a, b, zero):
    if b == 0:
        if zero == "nan":
            return float("nan")
        if zero == "raise":
            raise ZeroDivisionError("division by zero")
        return 0.0
    return a / b


def _precision(y_pred, y_true, positive=1, zero="0", binary=False):
    tp, npred, _ = _counts(y_pred, y_true, positive, binary)
    return _ratio(tp, npred, zero)


def _recall(y_pred, y_true, positive=1, zero="0", binary=False):
    tp, _, ntrue = _counts(y_pred, y_true, positive, binary)
    return _ratio(tp, ntrue, zero)


def _f1(p, r, zero="0"):
    return _ratio(2 * p * r, p + r, zero)


def _zero_model(which):
    def model(y_pred, y_true, positive=1, param=None):
        if which == "precision":
            return _precision(y_pred, y_true, positive, param)
        if which == "recall":
            return _recall(y_pred, y_true, positive, param)
        return _f1(_precision(y_pred, y_true, positive), _recall(y_pred, y_true, positive), param)
    return model


def _swapped(which):
    def model(y_pred, y_true, positive=1, param=None):
        return (_recall if which == "precision" else _precision)(y_pred, y_true, positive)
    return model


def _ignored(which):
    def model(y_pred, y_true, positive=1, param=None):
        if which == "f1":
            return _f1(_precision(y_pred, y_true, 1), _recall(y_pred, y_true, 1))
        return (_precision if which == "precision" else _recall)(y_pred, y_true, 1)
    return model


def _binary(which):
    def model(y_pred, y_true, positive=1, param=None):
        if which == "f1":
            return _f1(_precision(y_pred, y_true, binary=True), _recall(y_pred, y_true, binary=True))
        return (_precision if which == "precision" else _recall)(y_pred, y_true, binary=True)
    return model


def _f1_mean(y_pred, y_true, positive=1, param=None):
    return (_precision(y_pred, y_true, positive) + _recall(y_pred, y_true, positive)) / 2


def _error_rate(y_pred, y_true, param=None):
    return float(np.mean(_ints(y_pred) != _ints(y_true)))


MODELS = (
    Model("metrics.zero_division", PREC, _zero_model("precision"), params=("nan", "raise")),
    Model("metrics.zero_division", REC, _zero_model("recall"), params=("nan", "raise")),
    Model("metrics.zero_division", F1, _zero_model("f1"), params=("nan", "raise")),
    Model("metrics.precision_is_recall", PREC, _swapped("precision")),
    Model("metrics.recall_is_precision", REC, _swapped("recall")),
    Model("metrics.positive_ignored", PREC, _ignored("precision")),
    Model("metrics.positive_ignored", REC, _ignored("recall")),
    Model("metrics.positive_ignored", F1, _ignored("f1")),
    Model("metrics.binary_only", PREC, _binary("precision")),
    Model("metrics.binary_only", REC, _binary("recall")),
    Model("metrics.binary_only", F1, _binary("f1")),
    Model("metrics.f1_mean", F1, _f1_mean),
    Model("metrics.error_rate", ACC, _error_rate),
)

PART = Part(
    id="metrics",
    title="Classification metrics: accuracy, precision, recall, F1",
    notebook="02_classification_losses",
    pytorch="none: PyTorch has no classification metrics; the reference follows scikit-learn's accuracy_score, "
            "precision_score, recall_score and f1_score with zero_division=0",
    targets=(ACC, PREC, REC, F1),
    checks=(
        Values("public_accuracy", 1, "accuracy on the notebook's worked example and small label arrays",
               public=True, function=ACC, cases=worked_accuracy, seed=0, tolerance="fixed"),
        Values("public_precision", 1, "precision on the worked example, with 0/0, another positive class and "
                                      "-1/+1 labels", public=True, function=PREC, cases=worked, seed=0,
               tolerance="fixed"),
        Values("public_recall", 1, "recall on the same examples", public=True, function=REC, cases=worked, seed=0,
               tolerance="fixed"),
        Values("public_f1", 1, "f1_score on the same examples", public=True, function=F1, cases=worked, seed=0,
               tolerance="fixed"),
        Values("accuracy", 1, "accuracy matches scikit-learn's accuracy_score for 0/1, -1/+1 and class labels in "
                              "every form, one example, all right and all wrong", function=ACC,
               cases=accuracy_cases, seed=901, tolerance="fixed"),
        Values("precision", 2, "precision matches scikit-learn's precision_score (zero_division=0) for every "
                               "label set and form, every positive class, and 0.0 when nothing is predicted "
                               "positive", function=PREC, cases=label_cases, seed=902, tolerance="fixed"),
        Values("recall", 2, "recall matches scikit-learn's recall_score (zero_division=0) for every label set and "
                            "form, every positive class, and 0.0 when nothing is truly positive", function=REC,
               cases=label_cases, seed=903, tolerance="fixed"),
        Values("f1", 1, "f1_score matches scikit-learn's f1_score (zero_division=0) for every label set and "
                        "form, every positive class, and 0.0 when precision and recall are both 0",
               function=F1, cases=label_cases, seed=904, tolerance="fixed"),
        Speed("vectorized", 1, "accuracy, precision, recall and f1_score use whole-array operations (fast on a "
                               "million labels)", functions=(ACC, PREC, REC, F1),
              # 3 classes: on the small inputs these seeds make, precision differs from recall and F1 from
              # the arithmetic mean, so a mistake wrong there is not held to the reference's value on the
              # big timed input (where the two can agree to 1e-7 by chance)
              inputs=(Generated("labels", 21, (1_000_000,), 3), Generated("labels", 22, (1_000_000,), 3))),
    ),
    hints={
        "metrics.zero_division": "at 0/0 (nothing predicted positive, nothing truly positive, or precision and "
                                 "recall both 0) it gives NaN or an error: the docstring's convention is 0.0",
        "metrics.precision_is_recall": "this is recall: precision counts among the examples PREDICTED positive, "
                                       "not among the truly positive ones",
        "metrics.recall_is_precision": "this is precision: recall counts among the examples that ARE positive, "
                                       "not among the ones predicted positive",
        "metrics.positive_ignored": "the positive argument is ignored: label 1 is always taken as the positive "
                                    "class",
        "metrics.binary_only": "it reads the labels as 0/1 numbers (products or sums of labels): with -1/+1 "
                               "labels, several classes or another positive class, compare the labels with "
                               "positive instead",
        "metrics.f1_mean": "it is the arithmetic mean of precision and recall; F1 is their harmonic mean",
        "metrics.error_rate": "it is the error rate (the fraction predicted WRONG), not the accuracy",
    },
    models=MODELS,
)
