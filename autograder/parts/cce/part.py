"""Softmax cross-entropy: ``losses.categorical_cross_entropy`` and its gradient (PyTorch
``F.cross_entropy``).

The contract (CONTRACT.md, the docstrings): logits of shape (N, C); targets are integer class
labels of shape (N,) (an int array of any width, a list, or whole floats) or probability rows of
shape (N, C); with label smoothing eps in [0, 1], each target row becomes (1 - eps) row + eps / C
(the true class included); the loss is -sum_c t log softmax(z) averaged over the N rows, stable
for any finite logits, and the gradient (softmax(z) - t) / N.

The cases cover every shape (one row, one class, two classes, square batches, where a reduction
without keepdims lines up with the wrong axis, and wider ones), logits as float64, lists, float32
and whole numbers, with ties; every form of labels; soft, one-hot and zero-holding probability
rows; smoothing at 0, 0.1, 0.25, 0.4 and 1 (a uniform target), as floats and as ints; and, in
``extremes``, logits of +-1000, rows spread over 1500, a large offset with a small spread (1e4 and
-1e4, where an exp without the shift overflows or underflows), the true class far below the rest.
"""

import numpy as np

from checks.wire import Generated

from .. import run
from ..domains import contain, container_words, rng
from ..spec import Case, Model, Part, Speed, Values

VALUE, GRAD = "losses.categorical_cross_entropy", "losses.categorical_cross_entropy_grad"
SHAPES = (
    ((5, 3), "5 rows, 3 classes"),
    ((3, 3), "a square batch (3 x 3)"),
    ((1, 4), "one row"),
    ((4, 1), "one class"),
    ((2, 2), "2 rows, 2 classes"),
    ((6, 10), "6 rows, 10 classes"),
)
LABEL_FORMS = ("int64 labels", "a list of labels", "int32 labels", "labels as whole floats")
LOGIT_FORMS = ("array", "list", "float32", "int")


def _labels(g, n, c, form):
    y = g.integers(0, c, n)
    if form == "a list of labels":
        return [int(v) for v in y]
    if form == "int32 labels":
        return y.astype(np.int32)
    if form == "labels as whole floats":
        return y.astype(np.float64)
    return y


def _rows(g, n, c, form):
    """Probability rows of ``form``, each summing to one."""
    if form == "one-hot rows":
        return np.eye(c)[g.integers(0, c, n)]
    if form == "rows with exact zeros":
        t = g.dirichlet(np.ones(c), n)
        t = np.where(g.random((n, c)) < 0.4, 0.0, t)
        t[np.arange(n), g.integers(0, c, n)] += 0.1
        return t / t.sum(axis=1, keepdims=True)
    if form == "uniform rows":
        return np.full((n, c), 1.0 / c)
    if form == "rows summing to one within 1e-6":
        # allowed (the provided lines accept sums within 1e-6): a formula that assumes exact
        # sums (log-sum-exp minus the target-weighted logits) is off by the excess times the lse
        t = g.dirichlet(np.ones(c), n)
        return t / t.sum(axis=1, keepdims=True) * (1.0 + 9e-7 * np.where(np.arange(n) % 2, 1.0, -1.0))[:, None]
    return g.dirichlet(np.ones(c), n)


def _logits(g, shape, condition):
    if condition == "ties within rows":
        z = g.integers(0, 2, shape).astype(float)
        z[0] = 1.0                                   # a row of equal logits
        return z
    if condition == "whole-number logits":
        return np.round(3 * g.standard_normal(shape))
    if condition == "logits up to +-30":
        return 10 * g.standard_normal(shape)
    return 2 * g.standard_normal(shape)


def _case(g, shape_id, condition, target, how, kwargs=None, z=None, prefix=""):
    """One case: logits of ``condition`` (or ``z``) in the container ``how``, and ``target``
    (a label form, a row form, or an array already made)."""
    shape, shape_words = SHAPES[shape_id]
    n, c = shape
    z = _logits(g, shape, condition) if z is None else z
    if how == "int" and not np.all(z == np.round(z)):
        how = "array"
    if how == "float32" and np.max(np.abs(z)) > 100:
        how = "array"                          # float32 rounding would move the extreme logits
    if target in LABEL_FORMS:
        y, target_words = _labels(g, n, c, target), target
    else:
        y, target_words = _rows(g, n, c, target), target
        if how == "list":
            y = y.tolist()
        elif how == "float32":
            y = y.astype(np.float32)
            y = y / y.sum(axis=1, keepdims=True, dtype=np.float32)
    words = f"{shape_words} ({container_words(how)}), {target_words}, {prefix}{condition}"
    return Case(words, (contain(z, how), y), dict(kwargs or {}), n=n,
                facets=(shape_words, container_words(how), target_words, prefix + condition))


LOGIT_CONDITIONS = ("ordinary logits", "ties within rows", "whole-number logits", "logits up to +-30")


def label_cases(seed):
    """Integer labels of every form on every shape, with ordinary, tied, whole and larger logits."""
    cases, turn = [], 0
    for cond in LOGIT_CONDITIONS:
        for sid in range(len(SHAPES)):
            g = rng(seed, cond, sid)
            cases.append(_case(g, sid, cond, LABEL_FORMS[turn % 4], LOGIT_FORMS[(turn // 4 + turn) % 4]))
            turn += 1
    return cases


ROW_FORMS = ("soft targets", "one-hot rows", "rows with exact zeros", "uniform rows",
             "rows summing to one within 1e-6")


def probability_cases(seed):
    cases, turn = [], 0
    for form in ROW_FORMS:
        for sid in (0, 1, 2, 3, 5):
            if sid == 3 and form != "one-hot rows":
                continue                             # one class: the only row is [1]
            g = rng(seed, form, sid)
            cond = LOGIT_CONDITIONS[turn % 4]
            cases.append(_case(g, sid, cond, form, LOGIT_FORMS[turn % 3]))
            turn += 1
    return cases


SMOOTHING = (0.1, 0.25, 0.4, 1.0, 1, 0)


def smoothing_cases(seed):
    """Label smoothing at several levels (as floats and ints), with labels and with rows."""
    cases, turn = [], 0
    for eps in SMOOTHING:
        for target in ("int64 labels", "soft targets", "a list of labels"):
            sid = (0, 1, 5, 2, 4, 3)[turn % 6]
            if sid == 3 and target == "soft targets":
                sid = 0
            g = rng(seed, eps, target, type(eps).__name__)
            words = f"label_smoothing = {eps!r} ({type(eps).__name__}), "
            cases.append(_case(g, sid, "ordinary logits", target, ("array", "list")[turn % 2],
                               {"label_smoothing": eps}, prefix=words))
            turn += 1
    return cases


def _extreme_logits(g, shape, condition):
    n, c = shape
    if condition == "logits of +-1000":
        z = g.choice([-1000.0, 0.0, 1000.0], shape)
        z[:, 0] = 1000.0 * np.where(g.random(n) < 0.5, 1, -1)
        return z
    if condition == "a row spread over 1500":
        return g.uniform(-750, 750, shape)
    if condition == "a large offset and a small spread (1e4)":
        return 1e4 + g.standard_normal(shape)
    if condition == "a large negative offset (-1e4)":
        return -1e4 + g.standard_normal(shape)
    if condition == "logits of +-800":
        return g.choice([-800.0, -5.0, 700.0, 800.0], shape)
    raise ValueError(condition)


EXTREMES = (         # (logits, shape, logits container); the targets are int64 labels (see extreme_cases)
    ("logits of +-1000", 0, "array"),
    ("logits of +-1000", 1, "list"),
    ("logits of +-1000", 2, "array"),
    ("a row spread over 1500", 5, "list"),
    ("a row spread over 1500", 0, "array"),
    ("a large offset and a small spread (1e4)", 0, "list"),
    ("a large offset and a small spread (1e4)", 2, "array"),
    ("a large negative offset (-1e4)", 1, "array"),
    ("logits of +-800", 5, "list"),
    ("logits of +-800", 4, "array"),
    ("the true class 900 below the others", 0, "array"),
    ("the true class 900 below the others", 2, "list"),
)


def extreme_cases(seed):
    """Logits where an exp overflows or a softmax underflows unless each row is shifted by its
    maximum; the targets are plain int64 labels, so that only stability is graded here."""
    cases = []
    for i, (cond, sid, how) in enumerate(EXTREMES):
        g = rng(seed, cond, i)
        shape = SHAPES[sid][0]
        if cond.startswith("the true class"):
            y = g.integers(0, shape[1], shape[0])
            z = g.standard_normal(shape)
            z[np.arange(shape[0]), y] -= 900.0
            case = _case(g, sid, cond, "int64 labels", how, z=z)
            cases.append(Case(case.kind, (case.args[0], y), case.kwargs, case.n, case.facets))
            continue
        cases.append(_case(g, sid, cond, "int64 labels", how, z=_extreme_logits(g, shape, cond)))
    return cases


def grad_cases(seed):
    """The gradient on every kind of input of the loss's checks (other draws)."""
    labels = [c for i, c in enumerate(label_cases(seed)) if (i // len(SHAPES) + i) % 2 == 0]
    return labels + probability_cases(seed + 1)[::2] + smoothing_cases(seed + 2)[::2] + extreme_cases(seed + 3)


# ---- the public examples ----------------------------------------------------------------------

LOGITS = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [2.0, 0.0, -1.0], [0.5, 0.5, -1.0]])
LABELS = np.array([2, 0, 1, 1])


def worked(seed):
    return [
        Case("a 4 x 3 example with labels [2, 0, 1, 1]", (LOGITS, LABELS), n=4),
        Case("the same labels as one-hot rows", (LOGITS, np.eye(3)[LABELS]), n=4),
        Case("soft targets", (LOGITS, np.array([[0.2, 0.3, 0.5], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0.0],
                                                 [0.0, 1.0, 0.0]])), n=4),
        Case("labels with label_smoothing=0.3", (LOGITS, LABELS), {"label_smoothing": 0.3}, n=4),
        Case("logits of +-1000 (a stable log-softmax keeps this finite)",
             (np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 0.0]]), np.array([1, 1])), n=2),
    ]


# ---- tolerance ----------------------------------------------------------------------------------

def loss_tolerance(ref_fn, case, want):
    """What moving the logits by a few units in the last place does to the loss, plus the rounding
    of a log-sum-exp: correct formulas (shifted or not, through logaddexp, through log_softmax)
    differ by a few eps times the size of each row's logits, even where the loss is exactly 0 (one
    class, where moving the logits changes nothing)."""
    base = run.tolerance(ref_fn, case, want, "perturbed", 1e-9)
    z = np.asarray(case.args[0], dtype=np.float64)
    scale = np.max(np.abs(z), axis=1) + np.log(z.shape[1]) + 1.0
    return base + 16 * np.finfo(float).eps * float(np.sum(scale)) / z.shape[0]


# ---- models of mistakes ------------------------------------------------------------------------

def _target(logits, y, eps=0.0, smoothing="pytorch"):
    z = np.asarray(logits, dtype=np.float64)
    n, c = z.shape
    y_arr = np.asarray(y)
    t = np.eye(c)[y_arr.astype(np.int64)] if y_arr.ndim == 1 else np.asarray(y, dtype=np.float64)
    if smoothing == "ignored":
        return t
    if smoothing == "others":
        with np.errstate(all="ignore"):
            return (1 - eps) * t + eps / (c - 1) * (1 - t)
    if smoothing == "no /C":
        return (1 - eps) * t + eps
    return (1 - eps) * t + eps / c


def _log_softmax(z, how="stable"):
    z = np.asarray(z, dtype=np.float64)
    if how == "no shift":
        return z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    if how == "log of softmax":
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return np.log(e / e.sum(axis=1, keepdims=True))
    if how == "global max":
        e = np.exp(z - z.max())
        return np.log(e / e.sum(axis=1, keepdims=True))
    if how == "mean shift":
        s = z - z.mean(axis=1, keepdims=True)
        return s - np.log(np.sum(np.exp(s), axis=1, keepdims=True))
    if how == "no keepdims":
        s = z - z.max(axis=1)
        return s - np.log(np.sum(np.exp(s), axis=1))
    if how == "sum without keepdims":
        s = z - z.max(axis=1, keepdims=True)
        return s - np.log(np.sum(np.exp(s), axis=1))
    s = z - z.max(axis=1, keepdims=True)
    return s - np.log(np.sum(np.exp(s), axis=1, keepdims=True))


def _softmax(z, how="stable"):
    z = np.asarray(z, dtype=np.float64)
    if how == "no shift":
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)
    if how == "global max":
        e = np.exp(z - z.max())
        return e / e.sum(axis=1, keepdims=True)
    if how == "mean shift":
        e = np.exp(z - z.mean(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    if how == "no keepdims":
        e = np.exp(z - z.max(axis=1))
        return e / e.sum(axis=1)
    if how == "sum without keepdims":
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _loss(logits, y, label_smoothing=0.0, smoothing="pytorch", log_softmax="stable"):
    t = _target(logits, y, label_smoothing, smoothing)
    return float(-np.sum(t * _log_softmax(logits, log_softmax)) / np.shape(logits)[0])


def _grad(logits, y, label_smoothing=0.0, smoothing="pytorch", softmax="stable"):
    t = _target(logits, y, label_smoothing, smoothing)
    return (_softmax(logits, softmax) - t) / np.shape(logits)[0]


def _smoothing_model(fn):
    def model(logits, y, label_smoothing=0.0, param=None):
        return fn(logits, y, label_smoothing, smoothing=param)
    return model


def _unstable_loss(logits, y, label_smoothing=0.0, param=None):
    return _loss(logits, y, label_smoothing, log_softmax=param)


def _unstable_grad(logits, y, label_smoothing=0.0, param=None):
    return _grad(logits, y, label_smoothing, softmax=param)


KEEPDIMS = ("no keepdims", "sum without keepdims")


def _keepdims_loss(logits, y, label_smoothing=0.0, param=None):
    return _loss(logits, y, label_smoothing, log_softmax=param)


def _keepdims_grad(logits, y, label_smoothing=0.0, param=None):
    return _grad(logits, y, label_smoothing, softmax=param)


def _raw_y_loss(logits, y, label_smoothing=0.0, param=None):
    """y used as passed: the labels' log-probabilities picked with y itself (an error for rows and
    whole floats), or the number of rows read from y.shape (an error for a list)."""
    if param == "y.shape":
        n = y.shape[0]
        return _loss(logits, y, label_smoothing) * np.shape(logits)[0] / n
    log_p = _log_softmax(logits)
    return float(-np.mean(log_p[np.arange(len(log_p)), y]))


def _raw_y_grad(logits, y, label_smoothing=0.0, param=None):
    if param == "y.shape":
        n = y.shape[0]
        return _grad(logits, y, label_smoothing) * np.shape(logits)[0] / n
    grad = _softmax(logits)
    grad[np.arange(len(grad)), y] -= 1
    return grad / len(grad)


def _all_entries(case):
    return [(1.0 / np.shape(case.args[0])[1], "cce.mean_all")]


UNSTABLE_LOSS = ("no shift", "log of softmax", "global max", "mean shift")
UNSTABLE_GRAD = ("no shift", "global max", "mean shift")
MODELS = (
    Model("cce.no_smoothing", VALUE, _smoothing_model(_loss), params=("ignored",)),
    Model("cce.smooth_others", VALUE, _smoothing_model(_loss), params=("others",)),
    Model("cce.smooth_no_c", VALUE, _smoothing_model(_loss), params=("no /C",)),
    Model("cce.unstable", VALUE, _unstable_loss, params=UNSTABLE_LOSS),
    Model("cce.keepdims", VALUE, _keepdims_loss, params=KEEPDIMS),
    Model("cce.raw_y", VALUE, _raw_y_loss, params=("labels", "y.shape")),
    Model("cce.no_smoothing", GRAD, _smoothing_model(_grad), params=("ignored",)),
    Model("cce.smooth_others", GRAD, _smoothing_model(_grad), params=("others",)),
    Model("cce.smooth_no_c", GRAD, _smoothing_model(_grad), params=("no /C",)),
    Model("cce.unstable", GRAD, _unstable_grad, params=UNSTABLE_GRAD),
    Model("cce.keepdims", GRAD, _keepdims_grad, params=KEEPDIMS),
    Model("cce.raw_y", GRAD, _raw_y_grad, params=("labels", "y.shape")),
)

PART = Part(
    id="cce",
    title="Softmax cross-entropy",
    notebook="02_classification_losses",
    pytorch="F.cross_entropy",
    targets=(VALUE, GRAD),
    checks=(
        Values("public_value", 1, "categorical_cross_entropy of a 4 x 3 example: labels, one-hot and soft "
                                  "rows, label smoothing, logits of +-1000", public=True,
               function=VALUE, cases=worked, factors=_all_entries, tolerance=loss_tolerance),
        Values("public_grad", 1, "categorical_cross_entropy_grad of the same examples, (softmax - target) / N",
               public=True, function=GRAD, cases=worked, factors=_all_entries),
        Values("labels", 2, "categorical_cross_entropy with integer labels of every form matches PyTorch's "
                            "cross_entropy on every shape (one row, one class, square batches), ties included",
               function=VALUE, cases=label_cases, seed=701, factors=_all_entries, tolerance=loss_tolerance),
        Values("probabilities", 1, "categorical_cross_entropy with probability rows as targets (soft, one-hot, "
                                   "with zeros, uniform) matches PyTorch's", function=VALUE,
               cases=probability_cases, seed=702, factors=_all_entries, tolerance=loss_tolerance),
        Values("smoothing", 1, "categorical_cross_entropy with label smoothing matches PyTorch's (eps / C to "
                               "every class), from 0 to 1", function=VALUE, cases=smoothing_cases, seed=703,
               factors=_all_entries, tolerance=loss_tolerance),
        Values("grad", 2, "categorical_cross_entropy_grad matches (softmax - target) / N for labels, rows, "
                          "smoothing and extreme logits", function=GRAD, cases=grad_cases, seed=704,
               factors=_all_entries),
        Values("extremes", 1, "categorical_cross_entropy is finite and right at logits of +-1000, rows spread "
                              "over 1500 and a large offset with a small spread", function=VALUE,
               cases=extreme_cases, seed=705, factors=_all_entries, tolerance=loss_tolerance),
        Speed("vectorized", 1, "categorical_cross_entropy and its gradient use whole-array operations",
              functions=(VALUE, GRAD),
              inputs=(Generated("uniform", 11, (100_000, 10)), Generated("labels", 12, (100_000,), 10))),
    ),
    hints={
        "cce.mean_all": "it is averaged over all N x C entries: average over the N rows only",
        "cce.no_smoothing": "label_smoothing is ignored",
        "cce.smooth_others": "label smoothing spreads eps over the OTHER C - 1 classes here; PyTorch mixes in "
                             "eps / C for every class, the true one included",
        "cce.smooth_no_c": "label smoothing adds all of eps to every class here; PyTorch adds eps / C, so that "
                           "each target row still sums to 1",
        "cce.unstable": "at extreme logits an exp overflows, or a softmax underflows to 0 before its log: the "
                        "log-probabilities are not computed stably, row by row",
        "cce.keepdims": "a row's maximum (or sum) is taken without keeping its axis, so it lines up with the "
                        "wrong axis: wrong on square batches, an error on others",
        "cce.raw_y": "it uses y as it was passed (labels, a list, or probability rows) where target belongs, "
                     "the (N, C) array the provided lines made from it (smoothing goes on that)",
    },
    models=MODELS,
)
