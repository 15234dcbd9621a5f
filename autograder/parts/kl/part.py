"""KL divergence: ``losses.kl_divergence`` and ``losses.kl_divergence_grad`` (PyTorch
``F.kl_div(q.log(), p, reduction='batchmean')``).

The contract (CONTRACT.md, the docstrings): KL(p || q) = sum over the last axis of p log(p / q);
a term with p = 0 counts 0 whatever q is (q = 0 included); a term with p > 0 and q = 0 makes the
divergence infinite; a 1-D input is one distribution, a 2-D input one distribution per row and
the result their mean; p and q are non-negative, and nothing asks their rows to sum to one. The
gradient is with respect to q: -p / q (0 wherever p = 0, -infinity where p > 0 and q = 0), divided
by the number of rows.

The cases below cover that whole domain: 1-D, one row, a batch, one class per row; lists, float32
and integer containers (one-hot and count rows are whole); ordinary, peaked, nearly equal and equal
distributions; tiny and subnormal values of q next to ordinary p (where p / q overflows although
its logarithm is ordinary, and an eps added to q shows), tiny p, subnormal p against a q above one
(where p / q underflows to 0), rows that do not sum to one, large values; and for the ``zeros``
check, zeros in p, in both, and q = 0 where p > 0. Every gradient branch is met on both sides:
p = 0 with q > 0 and with q = 0, p > 0 with q = 0, with q tiny, with q ordinary.
"""

import numpy as np

from checks.wire import Generated

from .. import run
from ..domains import contain, container_words, rng
from ..spec import Case, Model, Part, Speed, Values

SHAPES = (
    ((6,), "1-D (one distribution)"),
    ((4, 5), "2-D (a batch of rows)"),
    ((1, 4), "2-D with one row"),
    ((3, 1), "2-D with one class"),
)
TINY_Q = (1e-20, 1e-30, 1e-100, 1e-200, 1e-300)
SUBNORMAL_Q = (1e-313, 1e-315, 1e-318, 1e-320, 5e-323)       # p / q overflows for p above about 1e-5
TINY_P = (1e-300, 1e-310, 1e-320, 5e-324)


def _dirichlet(g, shape, alpha=1.0, floor=1e-3):
    a = g.gamma(alpha, size=shape) + floor
    return a / a.sum(axis=-1, keepdims=True)


def _one_per_row(g, shape):
    """A boolean mask with one True per row (per distribution), at a random column."""
    mask = np.zeros(shape, dtype=bool)
    rows = mask.reshape(-1, shape[-1])
    rows[np.arange(len(rows)), g.integers(0, shape[-1], len(rows))] = True
    return mask


def _some_per_row(g, shape, keep_one=True):
    """About a third of each row True; with ``keep_one``, never a whole row."""
    mask = g.random(shape) < 0.35
    if keep_one:
        rows = mask.reshape(-1, shape[-1])
        rows[np.arange(len(rows)), g.integers(0, shape[-1], len(rows))] = False
    return mask


def _renorm(a):
    return a / a.sum(axis=-1, keepdims=True)


# ---- conditions: (g, shape) -> (p, q) -----------------------------------------------------------

def _ordinary(g, shape):
    return _dirichlet(g, shape), _dirichlet(g, shape)


def _peaked(g, shape):
    return _dirichlet(g, shape, 0.2, 1e-12), _dirichlet(g, shape, 0.2, 1e-12)


def _nearly_equal(g, shape):
    p = _dirichlet(g, shape)
    return p, _renorm(p * (1 + 1e-7 * g.standard_normal(shape)))


def _equal(g, shape):
    p = _dirichlet(g, shape)
    return p, p.copy()


def _tiny_q(g, shape):
    p, q = _ordinary(g, shape)
    at = _one_per_row(g, shape)
    q[at] = g.choice(TINY_Q, size=int(at.sum()))
    return p, q


def _subnormal_q(g, shape):
    p, q = _ordinary(g, shape)
    at = _one_per_row(g, shape)
    p = _renorm(np.where(at, 0.3 + p, p))
    q[at] = g.choice(SUBNORMAL_Q, size=int(at.sum()))
    return p, q


def _small_p_subnormal_q(g, shape):
    """p / q is an ordinary number (about 1e300) where 1 / q overflows."""
    p, q = _ordinary(g, shape)
    at = _one_per_row(g, shape)
    p[at] = 1e-12
    q[at] = 1e-312
    return p, q


def _tiny_p(g, shape):
    p, q = _ordinary(g, shape)
    at = _one_per_row(g, shape)
    p[at] = g.choice(TINY_P, size=int(at.sum()))
    return p, q


def _subnormal_p_large_q(g, shape):
    """p / q underflows to 0 where p log(p / q) is an ordinary (tiny) number."""
    p = _dirichlet(g, shape)
    at = _one_per_row(g, shape)
    p[at] = g.choice((5e-324, 1e-323), size=int(at.sum()))
    return p, g.uniform(2.0, 9.0, shape)


def _counts(g, shape):
    return g.integers(1, 10, shape).astype(float), g.integers(1, 10, shape).astype(float)


def _large(g, shape):
    base = 1e6 * g.uniform(0.5, 2.0, shape)
    return base * (1 + 1e-3 * g.standard_normal(shape)), base


def _zeros_in_p(g, shape):
    p, q = _ordinary(g, shape)
    return _renorm(np.where(_some_per_row(g, shape), 0.0, p)), q


def _one_hot_p(g, shape):
    return _one_per_row(g, shape).astype(float), _dirichlet(g, shape)


def _zeros_in_both(g, shape):
    p, q = _ordinary(g, shape)
    zero = _some_per_row(g, shape)
    return _renorm(np.where(zero, 0.0, p)), _renorm(np.where(zero, 0.0, q))


def _q_zero_where_p_not(g, shape):
    p, q = _ordinary(g, shape)
    at = _one_per_row(g, shape) & (g.random(shape[:-1] + (1,)) < 0.6)
    at.reshape(-1, shape[-1])[0, 0] = True          # at least one such entry
    return p, _renorm(np.where(at, 0.0, q)) if shape[-1] > 1 else np.where(at, 0.0, q)


def _q_zero_and_zeros_in_both(g, shape):
    p, q = _zeros_in_both(g, shape)
    at = _one_per_row(g, shape) & (p > 0)
    if not at.any():
        at.flat[int(np.argmax(p.ravel() > 0))] = True
    q = np.where(at, 0.0, q)
    return p, q


# name -> (generator, the SHAPES it runs on, exact values (no float32 container: it would round them))
VALUE_CONDITIONS = {
    "ordinary distributions": (_ordinary, (0, 1, 2), False),
    "peaked distributions": (_peaked, (0, 1, 3), False),
    "nearly equal p and q": (_nearly_equal, (0, 1, 2), True),
    "p equal to q": (_equal, (0, 1, 3), False),
    "tiny q where p is not": (_tiny_q, (0, 1, 2), True),
    "subnormal q where p is not (p / q overflows)": (_subnormal_q, (0, 1, 3), True),
    "tiny p": (_tiny_p, (0, 1, 2), True),
    "subnormal p against q above one (p / q underflows)": (_subnormal_p_large_q, (0, 1, 2), True),
    "rows that do not sum to one (counts)": (_counts, (0, 1, 3), False),
    "large values that do not sum to one": (_large, (0, 1, 2), True),
}
ZERO_CONDITIONS = {
    "zeros in p": (_zeros_in_p, (0, 1, 2), False),
    "one-hot p": (_one_hot_p, (0, 1, 2), False),
    "zeros in p and q at the same entries": (_zeros_in_both, (0, 1, 2), False),
    "q = 0 where p > 0": (_q_zero_where_p_not, (0, 1, 2), False),
    "q = 0 where p > 0, and zeros in both elsewhere": (_q_zero_and_zeros_in_both, (0, 1, 2), False),
}
GRAD_CONDITIONS = {          # every condition on two shapes (a batch in each), to keep the check small
    cond: (make, shapes[:2] if i % 2 == 0 else shapes[1:], exact)
    for i, (cond, (make, shapes, exact)) in enumerate({
        **VALUE_CONDITIONS,
        "small p, subnormal q (1 / q overflows)": (_small_p_subnormal_q, (0, 1, 2), True),
        **ZERO_CONDITIONS,
    }.items())
}


def kl_cases(seed, conditions, containers=("array", "list", "float32", "int")):
    """Cases of (p, q) for each condition on its shapes, the containers taking turns (integer
    containers only for whole values, float32 only where rounding to float32 keeps the kind)."""
    cases, turn = [], 0
    for cond, (make, shape_ids, exact) in conditions.items():
        for sid in shape_ids:
            shape, shape_words = SHAPES[sid]
            g = rng(seed, cond, shape)
            p, q = make(g, shape)
            how = containers[turn % len(containers)]
            turn += 1
            if how == "float32" and exact:
                how = "array"
            p_whole, q_whole = (bool(np.all(a == np.round(a))) for a in (p, q))
            if how == "int" and p_whole and not q_whole:        # one-hot p or counts, probability rows q
                pair, words = (contain(p, "int"), contain(q, "array")), "int64 p, float64 q"
            else:
                if how == "int" and not (p_whole and q_whole):
                    how = "list"
                pair, words = (contain(p, how), contain(q, how)), container_words(how)
            rows = 1 if len(shape) == 1 else shape[0]
            cases.append(Case(f"{shape_words} ({words}), {cond}", pair, n=rows, facets=(shape_words, words, cond)))
    return cases


def values_cases(seed):
    return kl_cases(seed, VALUE_CONDITIONS)


def zeros_cases(seed):
    return kl_cases(seed, ZERO_CONDITIONS, containers=("int", "array", "list", "float32"))


def grad_cases(seed):
    return kl_cases(seed, GRAD_CONDITIONS)


# ---- the public examples ----------------------------------------------------------------------

P3 = [[0.5, 0.5, 0.0], [0.25, 0.25, 0.5], [0.0, 0.0, 1.0]]
Q3 = [[0.25, 0.25, 0.5], [0.25, 0.25, 0.5], [0.5, 0.25, 0.25]]
WORKED = (
    ("one distribution with a zero in p (log 2)", [0.5, 0.5, 0.0], [0.25, 0.25, 0.5], 1),
    ("the notebook's example", [0.7, 0.2, 0.1], [0.4, 0.4, 0.2], 1),
    ("three rows with zeros in p (the mean of log 2, 0 and log 4)", P3, Q3, 3),
    ("a zero in p and q at the same entry (log 2)", [1.0, 0.0, 0.0], [0.5, 0.5, 0.0], 1),
    ("q = 0 where p > 0 (infinite)", [0.5, 0.4, 0.1], [0.5, 0.5, 0.0], 1),
    ("q = 1e-320 where p = 0.5 (p / q overflows; its log does not)", [0.5, 0.5], [1.0, 1e-320], 1),
    ("counts, rows that need not sum to one (log 4)", [2.0, 1.0, 1.0], [1.0, 1.0, 1.0], 1),
)


def worked(seed):
    return [Case(kind, (np.array(p), np.array(q)), n=n) for kind, p, q, n in WORKED]


# ---- tolerance ----------------------------------------------------------------------------------

def value_tolerance(ref_fn, case, want):
    """What moving the inputs by a few units in the last place does to the divergence, plus the
    rounding of the logarithms themselves: log p and log q are each rounded to about eps |log|, so
    correct formulas (log p - log q, p log p - p log q) differ by up to eps p (|log p| + |log q|)
    per term, far more than the input's conditioning where p and q are nearly equal and tiny."""
    base = run.tolerance(ref_fn, case, want, "perturbed", 1e-9)
    p, q = (np.asarray(a, dtype=np.float64) for a in case.args)
    with np.errstate(all="ignore"):
        both = (p > 0) & (q > 0)
        logs = np.where(both, p * (np.abs(np.log(np.where(both, p, 1.0)))
                                   + np.abs(np.log(np.where(both, q, 1.0))) + 1.0), 0.0)
    return base + 8 * np.finfo(float).eps * float(np.sum(logs)) / case.n


# ---- models of mistakes ------------------------------------------------------------------------

EPSILONS = tuple(10.0 ** -k for k in range(3, 17))


def _pq(p, q):
    return np.asarray(p, dtype=np.float64), np.asarray(q, dtype=np.float64)


def _rows(p):
    return 1 if p.ndim == 1 else p.shape[0]


def _kl(p, q):
    with np.errstate(all="ignore"):
        return float(np.sum(np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0)) / _rows(p))


def _reversed(p, q):
    p, q = _pq(p, q)
    return _kl(q, p)


def _no_zero_rule(p, q):
    p, q = _pq(p, q)
    return float(np.sum(p * (np.log(p) - np.log(q))) / _rows(p))


def _masks_q(p, q):
    p, q = _pq(p, q)
    return float(np.sum(np.where((p > 0) & (q > 0), p * (np.log(p) - np.log(q)), 0.0)) / _rows(p))


def _eps(p, q, param):
    p, q = _pq(p, q)
    how, eps = param
    if how == "q":
        terms = np.where(p > 0, p * (np.log(p) - np.log(q + eps)), 0.0)
    elif how == "both":                     # (masked or not: the same, since p + eps > 0)
        terms = p * np.log((p + eps) / (q + eps))
    else:                                   # q clipped from below
        terms = np.where(p > 0, p * (np.log(p) - np.log(np.maximum(q, eps))), 0.0)
    return float(np.sum(terms) / _rows(p))


def _ratio(p, q):
    p, q = _pq(p, q)
    return float(np.sum(np.where(p > 0, p * np.log(p / q), 0.0)) / _rows(p))


def _one_d(p, q, param):
    p, q = _pq(p, q)
    terms = np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0)
    if param == "len":
        return float(np.sum(terms) / p.shape[0])
    return float(np.mean(np.sum(terms, axis=1)))     # raises on 1-D input


def _normalized(p, q, which):
    if which in ("p", "both"):
        p = p / p.sum(axis=-1, keepdims=True)
    if which in ("q", "both"):
        q = q / q.sum(axis=-1, keepdims=True)
    return p, q


def _normalizes(p, q, param):
    p, q = _normalized(*_pq(p, q), param)
    return _kl(p, q)


def _grad(p, q):
    return np.where(p > 0, -p / q, 0.0) / _rows(p)


def _grad_wrt_p(p, q, param):
    p, q = _pq(p, q)
    log_ratio = np.log(p / q) if param == "ratio" else np.log(p) - np.log(q)
    return np.where(p > 0, log_ratio + 1.0, 0.0) / _rows(p)


def _grad_zeros(p, q):
    p, q = _pq(p, q)
    return -p / q / _rows(p)


def _grad_masks_q(p, q):
    p, q = _pq(p, q)
    return np.where((p > 0) & (q > 0), -p / q, 0.0) / _rows(p)


def _grad_eps(p, q, param):
    p, q = _pq(p, q)
    how, eps = param
    denominator = q + eps if how == "q" else np.maximum(q, eps)
    return np.where(p > 0, -p / denominator, 0.0) / _rows(p)


def _grad_reciprocal(p, q):
    p, q = _pq(p, q)
    return np.where(p > 0, -p * (1.0 / q), 0.0) / _rows(p)


def _grad_one_d(p, q):
    p, q = _pq(p, q)
    return np.where(p > 0, -p / q, 0.0) / p.shape[0]


def _grad_normalizes(p, q, param):
    p, q = _normalized(*_pq(p, q), param)
    return _grad(p, q)


def _all_entries(case):
    """A mean over all N x C entries: 1/C of the mean over rows (of the sum, for 1-D input)."""
    return [(1.0 / np.shape(case.args[0])[-1], "kl.all_entries")]


VALUE, GRAD = "losses.kl_divergence", "losses.kl_divergence_grad"
NORMALIZED = ("both", "p", "q")
MODELS = (
    Model("kl.reversed", VALUE, _reversed),
    Model("kl.zero_rule", VALUE, _no_zero_rule),
    Model("kl.masks_q", VALUE, _masks_q),
    Model("kl.eps", VALUE, _eps, params=tuple((how, e) for how in ("q", "both", "clip")
                                              for e in EPSILONS)),
    Model("kl.ratio", VALUE, _ratio),
    Model("kl.one_d", VALUE, _one_d, params=("len", "axis 1")),
    Model("kl.normalizes", VALUE, _normalizes, params=NORMALIZED),
    Model("kl.grad_wrt_p", GRAD, _grad_wrt_p, params=("log difference", "ratio")),
    Model("kl.grad_zeros", GRAD, _grad_zeros),
    Model("kl.masks_q", GRAD, _grad_masks_q),
    Model("kl.eps", GRAD, _grad_eps, params=tuple((how, e) for how in ("q", "clip") for e in EPSILONS)),
    Model("kl.grad_reciprocal", GRAD, _grad_reciprocal),
    Model("kl.one_d", GRAD, _grad_one_d),
    Model("kl.normalizes", GRAD, _grad_normalizes, params=NORMALIZED),
)

PART = Part(
    id="kl",
    title="KL divergence",
    notebook="03_kl_divergence",
    pytorch="F.kl_div(q.log(), p, reduction='batchmean')",
    targets=(VALUE, GRAD),
    checks=(
        Values("public_value", 1, "kl_divergence on examples worked out by hand: zeros in p, q = 0 where "
                                  "p > 0, a tiny q, a batch of rows, counts", public=True,
               function=VALUE, cases=worked, seed=0, tolerance=value_tolerance, factors=_all_entries),
        Values("public_grad", 1, "kl_divergence_grad (with respect to q) on the same examples", public=True,
               function=GRAD, cases=worked, seed=0, factors=_all_entries),
        Values("values", 2, "kl_divergence matches KL(p || q) on every shape and container, on peaked, nearly "
                            "equal, tiny, subnormal and unnormalized rows", function=VALUE, cases=values_cases,
               seed=1101, tolerance=value_tolerance, factors=_all_entries),
        Values("zeros", 2, "terms with p = 0 count 0 whatever q is, and q = 0 where p > 0 makes the divergence "
                           "infinite", function=VALUE, cases=zeros_cases, seed=1102, tolerance=value_tolerance,
               factors=_all_entries),
        Values("grad", 2, "kl_divergence_grad matches -p / q over the rows on the whole domain: p = 0 with q "
                          "= 0 or not, q = 0, tiny and subnormal q, unnormalized rows", function=GRAD,
               cases=grad_cases, seed=1103, factors=_all_entries),
        Speed("vectorized", 1, "kl_divergence and its gradient use whole-array operations",
              functions=(VALUE, GRAD),
              inputs=(Generated("simplex", 17, (100_000, 10)), Generated("simplex", 18, (100_000, 10)))),
    ),
    hints={
        "kl.reversed": "this is KL(q || p): the arguments are reversed (p is the true distribution, q the "
                       "model's)",
        "kl.all_entries": "it is averaged over all entries: sum over each row, then average over the rows",
        "kl.zero_rule": "where p = 0 a term must count as 0 (0 log 0 = 0), whatever q is",
        "kl.grad_wrt_p": "this is the gradient with respect to p; the function asks for the gradient with "
                         "respect to q",
        "kl.grad_zeros": "where p = 0 the gradient is 0, even where q = 0 too (0 / 0 gives NaN)",
        "kl.masks_q": "entries where q = 0 are dropped, but only p = 0 makes an entry 0: where q = 0 and "
                      "p > 0 the result is infinite",
        "kl.eps": "a small eps is added to q (or inside the log), or q is clipped: that changes the result "
                  "where q is tiny, and hides the infinity where q = 0 and p > 0",
        "kl.ratio": "the ratio p / q overflows to infinity where q is tiny next to p (or underflows to 0 "
                    "where p is tiny next to q), although its logarithm is an ordinary number",
        "kl.one_d": "a 1-D input is one distribution: its divergence is the sum over its entries, with no "
                    "mean over anything",
        "kl.normalizes": "the rows are rescaled to sum to 1; the divergence takes p and q as they are given "
                         "(their rows need not sum to 1)",
        "kl.grad_reciprocal": "1 / q overflows where q is tiny, although p / q is an ordinary number there",
    },
    models=MODELS,
)
