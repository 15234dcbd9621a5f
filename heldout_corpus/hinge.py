"""Held-out mistakes and alternatives for ``hinge`` and ``hinge_grad`` (see README.md)."""

MISTAKES = [
    dict(
        name="ho_hinge_grad_kink_inclusive",
        target="losses.hinge_grad",
        body='''
    return np.where(y * scores <= 1, -y, 0.0) / scores.size
''',
        cause="I used <= 1, so a margin of exactly 1 (where the loss is already 0) still gets a gradient",
        kind="domain",
        probe="hinge_grad margins at exactly 1",
        witness="y s = 1 exactly (s = 1, y = 1 and s = -1, y = -1): gradient -y/N instead of 0",
    ),
    dict(
        name="ho_hinge_relabel_zero_one",
        target="losses.hinge",
        body='''
    y = 2 * y - 1  # map {0, 1} labels to {-1, +1}
    return float(np.mean(np.maximum(0.0, 1.0 - y * scores)))
''',
        cause="I converted the labels from {0, 1} to {-1, +1}, but they already are -1 and +1, so -1 becomes -3",
        kind="slip",
        probe="hinge all -1 labels",
        witness="labels -1: treated as -3 (s = 0.3, y = -1 costs 1.9 instead of 1.3); +1 labels are unchanged",
    ),
    dict(
        name="ho_hinge_no_margin",
        target="losses.hinge",
        body='''
    return float(np.mean(np.maximum(0.0, -y * scores)))
''',
        cause="I wrote max(0, -y s), the perceptron loss, forgetting the margin of 1",
        kind="slip",
        probe="hinge 1d",
        witness="any input with a correctly classified score inside the margin (0 < y s < 1): costs 0 instead "
                "of 1 - y s",
    ),
    dict(
        name="ho_hinge_grad_forgets_y",
        target="losses.hinge_grad",
        body='''
    active = (1.0 - y * scores > 0).astype(np.float64)
    return -active / scores.size
''',
        cause="I differentiated max(0, 1 - m) with respect to the margin m = y s and forgot the chain-rule "
              "factor y",
        kind="slip",
        probe="hinge_grad all -1 labels",
        witness="violated margins with y = -1: gradient -1/N instead of +1/N",
    ),
    dict(
        name="ho_hinge_builtin_max",
        target="losses.hinge",
        body='''
    return float(np.mean(max(0, 1 - y * scores)))
''',
        cause="I used Python's built-in max, which compares the whole array with 0 instead of taking an "
              "element-wise maximum",
        kind="domain",
        probe="hinge 1d",
        witness="6-element input: ValueError (truth value of an array is ambiguous); 0-d and 1-element inputs work",
    ),
    dict(
        name="ho_hinge_sum",
        target="losses.hinge",
        body='''
    losses_per_sample = np.maximum(0.0, 1.0 - y * scores)
    return float(losses_per_sample.sum())
''',
        cause="I summed the per-sample hinge losses instead of averaging them",
        kind="slip",
        probe="hinge 2d",
        witness="(3, 4) inputs: 12 times the mean; right only for a single element",
    ),
    dict(
        name="ho_hinge_grad_len",
        target="losses.hinge_grad",
        body='''
    grad = -y.copy()
    grad[y * scores >= 1] = 0.0
    return grad / len(grad)
''',
        cause="I divided by len(grad), the number of rows, not the number of elements",
        kind="domain",
        probe="hinge_grad 0d",
        witness="0-d inputs raise TypeError (-y.copy() of a 0-d array is a NumPy scalar, which takes no item "
                "assignment); (3, 4) inputs give 1/3 instead of 1/12",
    ),
    dict(
        name="ho_hinge_sklearn",
        target="losses.hinge",
        body='''
    from sklearn.metrics import hinge_loss
    return float(hinge_loss(y.ravel(), scores.ravel()))
''',
        cause="I called scikit-learn's hinge_loss on the flattened arrays; scikit-learn is not in the grader's "
              "environment",
        kind="environment",
        probe="hinge 2d",
        witness="in the grader's environment every call raises ModuleNotFoundError (with scikit-learn present, a "
                "single-element input, one class only, gives 0.0 instead of 2.19)",
    ),
]

ALTERNATIVES = [
    dict(
        name="ho_hinge_alt_clip",
        target="losses.hinge",
        body='''
    margins = 1.0 - y * scores
    return float(np.clip(margins, 0.0, None).mean())
''',
        why="np.clip from below instead of np.maximum",
        tested="every probe of the part: shapes () to 3-D, lists, margins of exactly 1, all -1 labels, all "
               "satisfied, integer labels, 1e6 elements",
    ),
    dict(
        name="ho_hinge_grad_alt_mask_product",
        target="losses.hinge_grad",
        body='''
    violated = y * scores < 1.0
    return -y * violated / y.size
''',
        why="multiplies -y by the boolean mask of violated margins (y s < 1 is the same test as 1 - y s > 0)",
        tested="every probe of the part, including y s = 1 exactly, 0-d to 3-D",
    ),
    dict(
        name="ho_hinge_grad_alt_heaviside",
        target="losses.hinge_grad",
        body='''
    step = np.heaviside(1.0 - y * scores, 0.0)  # 0 at the kink
    return -y * step / scores.size
''',
        why="np.heaviside with the value 0 at the kink",
        tested="every probe of the part, including y s = 1 exactly, 0-d to 3-D, lists",
    ),
]
