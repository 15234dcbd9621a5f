"""The corpus of part ``metrics`` (``metrics.accuracy``, ``precision``, ``recall``, ``f1_score``):
realistic wrong bodies that its checks must catch, and correct bodies written differently that must
keep full marks.

Pure data (see ``autograder/parts/changes.py``); graded by ``tests/test_corpus.py``."""

from ..changes import Alternative, Mistake

ALL_ACC = ("metrics.public_accuracy", "metrics.accuracy")
ALL_PREC = ("metrics.public_precision", "metrics.precision", "metrics.public_f1", "metrics.f1")
ALL_REC = ("metrics.public_recall", "metrics.recall", "metrics.public_f1", "metrics.f1")
ALL_F1 = ("metrics.public_f1", "metrics.f1")

MISTAKES = [
    # ---- accuracy ----
    Mistake(
        "acc_count",
        "metrics.accuracy",
        """
        return float(np.sum(y_pred == y_true))
    """,
        ALL_ACC,
        "the number of right predictions, not their fraction",
        hint="scale.n",
    ),
    Mistake(
        "acc_count_nonzero",
        "metrics.accuracy",
        """
        return float(np.count_nonzero(y_pred == y_true))
    """,
        ALL_ACC,
        "count_nonzero of the matches: a count, not a fraction",
        hint="scale.n",
    ),
    Mistake(
        "acc_error_rate",
        "metrics.accuracy",
        """
        return float(np.mean(y_pred != y_true))
    """,
        ALL_ACC,
        "the fraction predicted wrong",
        hint="metrics.error_rate",
    ),
    Mistake(
        "acc_error_rate_sum",
        "metrics.accuracy",
        """
        wrong = np.sum(y_pred != y_true)
        return float(wrong / y_true.size)
    """,
        ALL_ACC,
        "the errors counted and divided by N",
        hint="metrics.error_rate",
    ),
    Mistake(
        "acc_loop",
        "metrics.accuracy",
        """
        right = 0
        for p, t in zip(y_pred, y_true):
            if p == t:
                right += 1
        return right / len(y_true)
    """,
        ("metrics.vectorized",),
        "a Python loop over the examples",
        hint="loop",
    ),
    Mistake(
        "acc_sklearn",
        "metrics.accuracy",
        """
        from sklearn.metrics import accuracy_score
        return float(accuracy_score(y_true, y_pred))
    """,
        ALL_ACC + ("metrics.vectorized",),
        "scikit-learn's accuracy_score: right where scikit-learn is installed, ModuleNotFoundError in the grader",
        hint=None,
        tags=("environment",),
    ),
    # ---- precision ----
    Mistake(
        "prec_is_recall",
        "metrics.precision",
        """
        actual = y_true == positive
        if not actual.any():
            return 0.0
        return float(np.sum(actual & (y_pred == positive)) / np.sum(actual))
    """,
        ALL_PREC,
        "divides by the truly positive examples: that is recall",
        hint="metrics.precision_is_recall",
    ),
    Mistake(
        "prec_tp_fn",
        "metrics.precision",
        """
        tp = np.sum((y_pred == positive) & (y_true == positive))
        fn = np.sum((y_pred != positive) & (y_true == positive))
        return float(tp / (tp + fn)) if tp + fn > 0 else 0.0
    """,
        ALL_PREC,
        "TP / (TP + FN): false negatives where false positives belong",
        hint="metrics.precision_is_recall",
    ),
    Mistake(
        "prec_nan",
        "metrics.precision",
        """
        predicted = y_pred == positive
        with np.errstate(invalid="ignore"):
            return float(np.sum(predicted & (y_true == positive)) / np.sum(predicted))
    """,
        ALL_PREC,
        "no 0/0 convention: NaN when nothing is predicted positive",
        hint="metrics.zero_division",
        tags=("boundary",),
    ),
    Mistake(
        "prec_zero_division_error",
        "metrics.precision",
        """
        tp = int(np.sum((y_pred == positive) & (y_true == positive)))
        predicted = int(np.sum(y_pred == positive))
        return tp / predicted
    """,
        ALL_PREC,
        "Python ints divided: ZeroDivisionError when nothing is predicted positive",
        hint="metrics.zero_division",
        tags=("boundary",),
    ),
    Mistake(
        "prec_positive_one",
        "metrics.precision",
        """
        predicted = y_pred == 1
        if not predicted.any():
            return 0.0
        return float(np.sum(predicted & (y_true == 1)) / np.sum(predicted))
    """,
        ALL_PREC,
        "label 1 hard-coded: the positive argument is ignored",
        hint="metrics.positive_ignored",
        tags=("arguments",),
    ),
    Mistake(
        "prec_products",
        "metrics.precision",
        """
        predicted = np.sum(y_pred)
        if predicted == 0:
            return 0.0
        return float(np.sum(y_pred * y_true) / predicted)
    """,
        ALL_PREC,
        "the labels multiplied and summed: right for 0/1 labels with positive 1 only",
        hint="metrics.binary_only",
        tags=("domain",),
    ),
    Mistake(
        "prec_sklearn",
        "metrics.precision",
        """
        from sklearn.metrics import precision_score
        return float(precision_score(y_true == positive, y_pred == positive, zero_division=0))
    """,
        ALL_PREC + ("metrics.vectorized",),
        "scikit-learn's precision_score: ModuleNotFoundError in the grader",
        hint=None,
        tags=("environment",),
    ),
    # ---- recall ----
    Mistake(
        "rec_is_precision",
        "metrics.recall",
        """
        predicted = y_pred == positive
        if not predicted.any():
            return 0.0
        return float(np.sum(predicted & (y_true == positive)) / np.sum(predicted))
    """,
        ALL_REC,
        "divides by the examples predicted positive: that is precision",
        hint="metrics.recall_is_precision",
    ),
    Mistake(
        "rec_tp_fp",
        "metrics.recall",
        """
        tp = np.count_nonzero((y_pred == positive) & (y_true == positive))
        fp = np.count_nonzero((y_pred == positive) & (y_true != positive))
        return tp / (tp + fp) if tp + fp else 0.0
    """,
        ALL_REC,
        "TP / (TP + FP): false positives where false negatives belong",
        hint="metrics.recall_is_precision",
    ),
    Mistake(
        "rec_nan",
        "metrics.recall",
        """
        actual = y_true == positive
        found = actual & (y_pred == positive)
        with np.errstate(invalid="ignore", divide="ignore"):
            return float(np.float64(found.sum()) / actual.sum())
    """,
        ALL_REC,
        "no 0/0 convention: NaN when nothing is truly positive",
        hint="metrics.zero_division",
        tags=("boundary",),
    ),
    Mistake(
        "rec_zero_division_error",
        "metrics.recall",
        """
        tp = int(np.count_nonzero((y_true == positive) & (y_pred == positive)))
        return tp / int(np.count_nonzero(y_true == positive))
    """,
        ALL_REC,
        "ZeroDivisionError when nothing is truly positive",
        hint="metrics.zero_division",
        tags=("boundary",),
    ),
    Mistake(
        "rec_positive_one",
        "metrics.recall",
        """
        actual = y_true == 1
        return float(np.mean(y_pred[actual] == 1)) if actual.any() else 0.0
    """,
        ALL_REC,
        "label 1 hard-coded: the positive argument is ignored",
        hint="metrics.positive_ignored",
        tags=("arguments",),
    ),
    Mistake(
        "rec_products",
        "metrics.recall",
        """
        positives = y_true.sum()
        return float((y_pred * y_true).sum() / positives) if positives else 0.0
    """,
        ALL_REC,
        "the labels multiplied and summed: right for 0/1 labels with positive 1 only",
        hint="metrics.binary_only",
        tags=("domain",),
    ),
    Mistake(
        "rec_loop",
        "metrics.recall",
        """
        tp = fn = 0
        for p, t in zip(y_pred, y_true):
            if t == positive:
                if p == positive:
                    tp += 1
                else:
                    fn += 1
        return tp / (tp + fn) if tp + fn else 0.0
    """,
        ("metrics.vectorized",),
        "a Python loop over the examples",
        hint="loop",
    ),
    # ---- F1 ----
    Mistake(
        "f1_arithmetic_mean",
        "metrics.f1_score",
        """
        p = precision(y_pred, y_true, positive)
        r = recall(y_pred, y_true, positive)
        return (p + r) / 2
    """,
        ALL_F1,
        "the arithmetic mean of precision and recall",
        hint="metrics.f1_mean",
    ),
    Mistake(
        "f1_np_mean",
        "metrics.f1_score",
        """
        return float(np.mean([precision(y_pred, y_true, positive), recall(y_pred, y_true, positive)]))
    """,
        ALL_F1,
        "np.mean of precision and recall",
        hint="metrics.f1_mean",
    ),
    Mistake(
        "f1_no_two",
        "metrics.f1_score",
        """
        p = precision(y_pred, y_true, positive)
        r = recall(y_pred, y_true, positive)
        return 0.0 if p + r == 0 else p * r / (p + r)
    """,
        ALL_F1,
        "the harmonic mean's factor 2 forgotten",
        hint="scale.half",
    ),
    Mistake(
        "f1_counts_no_two",
        "metrics.f1_score",
        """
        tp = np.sum((y_pred == positive) & (y_true == positive))
        total = np.sum(y_pred == positive) + np.sum(y_true == positive)
        return float(tp / total) if total else 0.0
    """,
        ALL_F1,
        "TP / (predicted + true positives): the 2 of 2 TP forgotten",
        hint="scale.half",
    ),
    Mistake(
        "f1_zero_division_error",
        "metrics.f1_score",
        """
        p = precision(y_pred, y_true, positive)
        r = recall(y_pred, y_true, positive)
        return 2 * p * r / (p + r)
    """,
        ALL_F1,
        "no 0/0 convention: ZeroDivisionError when precision and recall are both 0",
        hint="metrics.zero_division",
        tags=("boundary",),
    ),
    Mistake(
        "f1_nan",
        "metrics.f1_score",
        """
        p = np.float64(precision(y_pred, y_true, positive))
        r = np.float64(recall(y_pred, y_true, positive))
        with np.errstate(invalid="ignore"):
            return float(2 * p * r / (p + r))
    """,
        ALL_F1,
        "no 0/0 convention: NaN when precision and recall are both 0",
        hint="metrics.zero_division",
        tags=("boundary",),
    ),
    Mistake(
        "f1_default_positive",
        "metrics.f1_score",
        """
        p = precision(y_pred, y_true)
        r = recall(y_pred, y_true)
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)
    """,
        ALL_F1,
        "precision and recall called without positive: always the class 1",
        hint="metrics.positive_ignored",
        tags=("arguments",),
    ),
    Mistake(
        "f1_positive_one",
        "metrics.f1_score",
        """
        tp = np.sum((y_pred == 1) & (y_true == 1))
        denominator = np.sum(y_pred == 1) + np.sum(y_true == 1)
        return float(2 * tp / denominator) if denominator else 0.0
    """,
        ALL_F1,
        "counts with label 1 hard-coded",
        hint="metrics.positive_ignored",
        tags=("arguments",),
    ),
    Mistake(
        "f1_products",
        "metrics.f1_score",
        """
        tp = np.sum(y_pred * y_true)
        denominator = np.sum(y_pred) + np.sum(y_true)
        return float(2 * tp / denominator) if denominator else 0.0
    """,
        ALL_F1,
        "the counts as sums and products of labels: right for 0/1 labels with positive 1 only",
        hint="metrics.binary_only",
        tags=("domain",),
    ),
    Mistake(
        "f1_sklearn",
        "metrics.f1_score",
        """
        from sklearn.metrics import f1_score as sk_f1
        return float(sk_f1(y_true == positive, y_pred == positive, zero_division=0))
    """,
        ALL_F1 + ("metrics.vectorized",),
        "scikit-learn's f1_score: ModuleNotFoundError in the grader",
        hint=None,
        tags=("environment",),
    ),
]

ALTERNATIVES = [
    Alternative(
        "acc_count_over_size",
        "metrics.accuracy",
        """
        return np.count_nonzero(y_pred == y_true) / y_true.size
    """,
        "count_nonzero over the size",
    ),
    Alternative(
        "prec_tp_fp",
        "metrics.precision",
        """
        tp = np.sum((y_pred == positive) & (y_true == positive))
        fp = np.sum((y_pred == positive) & (y_true != positive))
        return float(tp / (tp + fp)) if tp + fp > 0 else 0.0
    """,
        "TP and FP counted, 0/0 guarded",
        tags=("boundary", "arguments"),
    ),
    Alternative(
        "prec_confusion_matrix",
        "metrics.precision",
        """
        m = confusion_matrix((y_pred == positive).astype(int), (y_true == positive).astype(int), num_classes=2)
        tp, fp = m[1, 1], m[0, 1]
        return float(tp / (tp + fp)) if tp + fp else 0.0
    """,
        "the provided confusion matrix of positive-against-the-rest masks (any labels)",
        tags=("domain",),
    ),
    Alternative(
        "rec_errstate",
        "metrics.recall",
        """
        actual = y_true == positive
        with np.errstate(invalid="ignore"):
            r = np.sum(actual & (y_pred == positive)) / np.sum(actual)
        return 0.0 if np.isnan(r) else float(r)
    """,
        "0/0 computed as NaN, then replaced by 0.0",
        tags=("boundary",),
    ),
    Alternative(
        "rec_masked_mean",
        "metrics.recall",
        """
        actual = y_true == positive
        return float(np.mean(y_pred[actual] == positive)) if np.any(actual) else 0.0
    """,
        "the mean of the predictions on the truly positive examples",
        tags=("domain", "arguments"),
    ),
    Alternative(
        "f1_counts",
        "metrics.f1_score",
        """
        tp = np.sum((y_pred == positive) & (y_true == positive))
        denominator = np.sum(y_pred == positive) + np.sum(y_true == positive)
        return float(2 * tp / denominator) if denominator else 0.0
    """,
        "2 TP / (2 TP + FP + FN), from the counts",
        tags=("domain", "arguments"),
    ),
    Alternative(
        "f1_reciprocals",
        "metrics.f1_score",
        """
        p, r = precision(y_pred, y_true, positive), recall(y_pred, y_true, positive)
        if p == 0 or r == 0:
            return 0.0
        return 2 / (1 / p + 1 / r)
    """,
        "the mean of the reciprocals, inverted; 0 when either is 0",
        tags=("boundary",),
    ),
    Alternative(
        "f1_statistics",
        "metrics.f1_score",
        """
        import statistics
        return float(statistics.harmonic_mean([precision(y_pred, y_true, positive), recall(y_pred, y_true, positive)]))
    """,
        "the standard library's harmonic_mean (0 when either is 0; a module the grader has)",
        tags=("environment", "boundary"),
    ),
]
