"""Multiclass hinge loss: ``losses.multiclass_hinge`` and ``losses.multiclass_hinge_grad`` (CS231n's
``svm_loss``; PyTorch's ``multi_margin_loss`` also divides by C, the course does not).

The contract (CONTRACT.md, the docstrings): scores of shape (N, C), integer labels y of shape (N,)
(an int array of any width, a list, whole floats: the provided lines make them ``labels``, int64),
margin a number >= 0. Per row, the sum over j != y of max(0, s_j - s_y + margin); the loss is the
mean over the N rows. The gradient is 1/N at every (i, j != y_i) whose margin is positive, and
minus 1/N times the number of such j at (i, y_i); a margin of exactly 0 does not count.

The cases cover every shape (one row, one class, two classes, square batches, where the correct
scores subtracted along the wrong axis still broadcast, and wider ones), scores as float64, lists,
float32 and whole numbers, labels in every form, margins of 0, 0.5, 1 (passed or by default), 2 as
an int, 3; integer scores with ties; margins s_j - s_y + margin of exactly 0 and a hair (2**-40)
above and below it; rows all correct by a wide margin; large scores and a large offset with a small
spread.
"""

import numpy as np

from checks.wire import Generated

from ..domains import contain, container_words, rng
from ..spec import Case, Model, Part, Speed, Values

VALUE, GRAD = "losses.multiclass_hinge", "losses.multiclass_hinge_grad"
SHAPES = (
    ((5, 3), "5 rows, 3 classes"),
    ((3, 3), "a square batch (3 x 3)"),
    ((1, 4), "one row"),
    ((4, 1), "one class"),
    ((2, 2), "2 rows, 2 classes"),
    ((6, 10), "6 rows, 10 classes"),
)
LABEL_FORMS = ("int64 labels", "a list of labels", "int32 labels", "labels as whole floats")
HAIR = 2.0 ** -40
MARGINS = (None, 0.5, 2, 0.0, 3.0, 1.0)       # None: the default (1.0), not passed


def _margin_value(margin):
    return 1.0 if margin is None else float(margin)


def _ordinary(g, shape, margin):
    return 2 * g.standard_normal(shape)


def _ties(g, shape, margin):
    return g.integers(0, 3, shape).astype(float)


def _exact_zero(g, shape, margin, labels):
    """Whole scores; about half of each row's other classes exactly ``margin`` below the correct one."""
    n, c = shape
    m = _margin_value(margin)
    s = g.integers(-2, 3, shape).astype(float)
    correct = s[np.arange(n), labels][:, None]
    on = g.random(shape) < 0.5
    return np.where(on, correct - m, s) if m == round(m) else s


def _hair(g, shape, margin, labels):
    """The correct score 0.5; other scores so that s_j - s_y + margin is 0, or a hair above or below."""
    n, c = shape
    m = _margin_value(margin)
    s = 0.5 - m + g.choice([-HAIR, 0.0, HAIR], shape)
    s.flat[0 if c == 1 or labels[0] != 0 else 1] = 0.5 - m + HAIR
    s[np.arange(n), labels] = 0.5
    return s


def _wide(g, shape, margin, labels):
    s = g.standard_normal(shape)
    s[np.arange(shape[0]), labels] = 10.0 + _margin_value(margin)
    return s


def _large(g, shape, margin):
    return 1e3 * g.standard_normal(shape)


def _offset(g, shape, margin):
    return 1e8 + g.standard_normal(shape)


# name -> (scores generator, needs the labels?, exact: no float32 container)
CONDITIONS = {
    "ordinary scores": (_ordinary, False, False),
    "integer scores with ties": (_ties, False, False),
    "margins of exactly 0": (_exact_zero, True, False),
    "margins a hair above, at and below 0": (_hair, True, True),
    "every row right by a wide margin": (_wide, True, False),
    "large scores": (_large, False, False),
    "a large offset and a small spread": (_offset, False, True),
}


def _labels_in(form, labels):
    if form == "a list of labels":
        return [int(v) for v in labels]
    if form == "int32 labels":
        return labels.astype(np.int32)
    if form == "labels as whole floats":
        return labels.astype(np.float64)
    return labels


def mch_cases(seed, shapes_per_condition=4):
    """Each condition on ``shapes_per_condition`` shapes (rotating, so that every shape meets every
    kind of margin), the margin, the labels' form and the scores' container taking turns."""
    cases, turn = [], 0
    for i, (cond, (make, with_labels, exact)) in enumerate(CONDITIONS.items()):
        for k in range(shapes_per_condition):
            sid = (i + k) % len(SHAPES)
            shape, shape_words = SHAPES[sid]
            g = rng(seed, cond, sid)
            margin = MARGINS[turn % len(MARGINS)]
            if cond == "margins of exactly 0" and margin is not None and margin != round(margin):
                margin = 2                                   # whole margins make exact zeros
            labels = g.integers(0, shape[1], shape[0])
            scores = make(g, shape, margin, labels) if with_labels else make(g, shape, margin)
            how = ("array", "list", "float32", "int")[turn % 4]
            if how == "int" and not np.all(scores == np.round(scores)):
                how = "list"
            if how == "float32" and exact:
                how = "array"
            form = LABEL_FORMS[(turn // 2) % 4]
            kwargs = {} if margin is None else {"margin": margin}
            margin_words = "margin by default" if margin is None else f"margin={margin!r}"
            kind = f"{shape_words} ({container_words(how)}), {form}, {margin_words}, {cond}"
            cases.append(Case(kind, (contain(scores, how), _labels_in(form, labels)), kwargs, n=shape[0],
                              facets=(shape_words, container_words(how), form, margin_words, cond)))
            turn += 1
    return cases


S = np.array([[3.0, 1.0, 2.5, 0.0], [0.0, 2.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0]])
Y = np.array([0, 2, 3])


def worked(seed):
    """The notebook's 3 x 4 example (row 0: margins -1, 0.5, -2; row 1: 0 exactly, 2, 1; row 2: three
    ties of margin 1: mean 6.5 / 3), the same with margin 2 and 0, and a one-class batch."""
    return [
        Case("the 3 x 4 example, margin by default (a margin of exactly 0 and ties)", (S, Y), n=3),
        Case("the same with margin=2", (S, Y), {"margin": 2.0}, n=3),
        Case("the same with margin=0 (ties count nothing)", (S, Y), {"margin": 0.0}, n=3),
        Case("one class (nothing to compare with)", (np.array([[1.5], [-2.0]]), np.array([0, 0])), n=2),
    ]


# ---- models of mistakes ------------------------------------------------------------------------

def _parts(scores, y, margin):
    s = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(y).astype(np.int64)
    rows = np.arange(len(s))
    return s, labels, rows, s - s[rows, labels][:, None] + margin


def _with_correct(scores, y, margin=1.0):
    s, labels, rows, m = _parts(scores, y, margin)
    return float(np.sum(np.maximum(0.0, m)) / len(s))


def _max_only(scores, y, margin=1.0):
    s, labels, rows, m = _parts(scores, y, margin)
    m = np.maximum(0.0, m)
    m[rows, labels] = 0.0
    return float(np.sum(np.max(m, axis=1)) / len(s))


def _column(scores, y, margin=1.0):
    """The correct scores subtracted along the last axis (no [:, None])."""
    s = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(y).astype(np.int64)
    rows = np.arange(len(s))
    m = np.maximum(0.0, s - s[rows, labels] + margin)
    m[rows, labels] = 0.0
    return float(np.sum(m) / len(s))


def _raw_y(scores, y, margin=1.0):
    """Indexed with y as passed (an error for whole floats)."""
    s = np.asarray(scores, dtype=np.float64)
    rows = np.arange(len(s))
    m = np.maximum(0.0, s - s[rows, y][:, None] + margin)
    m[rows, y] = 0.0
    return float(np.sum(m) / len(s))


def _active(scores, y, margin, test=">", tolerance=0.0):
    s, labels, rows, m = _parts(scores, y, margin)
    if test == ">=":
        active = m >= 0
    elif test == "isclose":
        active = (m > 0) & ~np.isclose(m, 0.0)
    else:
        active = m > tolerance
    active = active.astype(np.float64)
    active[rows, labels] = 0.0
    return active, rows, labels


def _grad(active, rows, labels, correct="count"):
    if correct == "count":
        active[rows, labels] = -np.sum(active, axis=1)
    elif correct == "one":
        active[rows, labels] = -(np.sum(active, axis=1) > 0).astype(np.float64)
    return active / len(active)


def _grad_no_correct(scores, y, margin=1.0):
    return _grad(*_active(scores, y, margin), correct="zero")


def _grad_minus_one(scores, y, margin=1.0):
    return _grad(*_active(scores, y, margin), correct="one")


def _grad_kink(scores, y, margin=1.0):
    return _grad(*_active(scores, y, margin, ">="))


def _grad_near_kink(scores, y, margin=1.0, param=None):
    if param == "isclose":
        return _grad(*_active(scores, y, margin, "isclose"))
    return _grad(*_active(scores, y, margin, tolerance=param))


def _grad_margin_ignored(scores, y, margin=1.0):
    return _grad(*_active(scores, y, 1.0))


def _grad_with_correct(scores, y, margin=1.0):
    """The correct class's own margin (+margin, positive unless margin = 0) counted with the others."""
    s, labels, rows, m = _parts(scores, y, margin)
    active = (m > 0).astype(np.float64)
    active[rows, labels] = -np.sum(m > 0, axis=1)
    return active / len(s)


def _grad_column(scores, y, margin=1.0):
    s = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(y).astype(np.int64)
    rows = np.arange(len(s))
    active = (s - s[rows, labels] + margin > 0).astype(np.float64)
    active[rows, labels] = 0.0
    active[rows, labels] = -np.sum(active, axis=1)
    return active / len(s)


def _grad_raw_y(scores, y, margin=1.0):
    s = np.asarray(scores, dtype=np.float64)
    rows = np.arange(len(s))
    active = (s - s[rows, y][:, None] + margin > 0).astype(np.float64)
    active[rows, y] = 0.0
    active[rows, y] = -np.sum(active, axis=1)
    return active / len(s)


def _margin_ignored(scores, y, margin=1.0):
    s, labels, rows, m = _parts(scores, y, 1.0)
    m = np.maximum(0.0, m)
    m[rows, labels] = 0.0
    return float(np.sum(m) / len(s))


def _over_c(case):
    return [(1.0 / np.shape(case.args[0])[1], "multiclass_hinge.over_c")]


TOLERANCES = (1e-15, 1e-14, 1e-13, 1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, "isclose")
MODELS = (
    Model("multiclass_hinge.with_correct", VALUE, _with_correct),
    Model("multiclass_hinge.margin_ignored", VALUE, _margin_ignored),
    Model("multiclass_hinge.max_only", VALUE, _max_only),
    Model("multiclass_hinge.column", VALUE, _column),
    Model("multiclass_hinge.raw_y", VALUE, _raw_y),
    Model("multiclass_hinge.grad_no_correct", GRAD, _grad_no_correct),
    Model("multiclass_hinge.grad_minus_one", GRAD, _grad_minus_one),
    Model("multiclass_hinge.kink", GRAD, _grad_kink),
    Model("multiclass_hinge.near_kink", GRAD, _grad_near_kink, params=TOLERANCES),
    Model("multiclass_hinge.margin_ignored", GRAD, _grad_margin_ignored),
    Model("multiclass_hinge.with_correct", GRAD, _grad_with_correct),
    Model("multiclass_hinge.column", GRAD, _grad_column),
    Model("multiclass_hinge.raw_y", GRAD, _grad_raw_y),
)

PART = Part(
    id="multiclass_hinge",
    title="Multiclass hinge loss",
    notebook="02_classification_losses",
    pytorch="none: F.multi_margin_loss divides by the number of classes; the course does not",
    targets=(VALUE, GRAD),
    checks=(
        Values("public_value", 1, "multiclass_hinge of a 3 x 4 example worked out by hand (a margin of exactly "
                                  "0, ties), with margins 1, 2 and 0, and of one class", public=True,
               function=VALUE, cases=worked, factors=_over_c),
        Values("public_grad", 1, "multiclass_hinge_grad of the same examples", public=True, function=GRAD,
               cases=worked, factors=_over_c),
        Values("values", 2, "multiclass_hinge matches the CS231n SVM loss on every shape, container and form of "
                            "labels, for margins from 0 to 3, ties and exact zero margins included",
               function=VALUE, cases=mch_cases, seed=901, factors=_over_c),
        Values("grad", 2, "multiclass_hinge_grad matches the CS231n gradient, the correct class's column "
                          "included, on both sides of every margin and exactly on it", function=GRAD,
               cases=mch_cases, seed=902, factors=_over_c),
        Speed("vectorized", 1, "multiclass_hinge and its gradient use whole-array operations (no loop over "
                               "rows)", functions=(VALUE, GRAD),
              inputs=(Generated("uniform", 15, (100_000, 10)), Generated("labels", 16, (100_000,), 10))),
    ),
    hints={
        "multiclass_hinge.with_correct": "the correct class is counted too: it adds the margin to every row",
        "multiclass_hinge.over_c": "it also divides by the number of classes (PyTorch's multi_margin_loss "
                                   "does; this course follows CS231n and averages over rows only)",
        "multiclass_hinge.margin_ignored": "margin is ignored: it always uses 1",
        "multiclass_hinge.max_only": "only the largest margin of each row counts; every positive margin of the "
                                     "row counts (the Weston-Watkins loss)",
        "multiclass_hinge.column": "the correct scores are subtracted along the wrong axis (each row's correct "
                                   "score must line up with its own row): wrong on square batches, an error on "
                                   "others",
        "multiclass_hinge.raw_y": "it indexes with y as it was passed (a list, or whole floats) where labels, "
                                  "the int64 array the provided lines made from it, belongs",
        "multiclass_hinge.grad_no_correct": "the correct class's column is left at 0, but its score appears in "
                                            "every positive margin of its row",
        "multiclass_hinge.grad_minus_one": "the correct class's column counts its row's positive margins only "
                                           "once, whatever their number",
        "multiclass_hinge.kink": "a margin of exactly 0 counts here; it must not (the subgradient this course "
                                 "uses)",
        "multiclass_hinge.near_kink": "a margin a hair above 0 is not counted: the comparison with 0 allows a "
                                      "tolerance it must not have",
    },
    models=MODELS,
)
