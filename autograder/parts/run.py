"""Running a part's generated checks against a student's library, in the trusted grader.

``values(lib, ref, part, check)`` calls the student's function on every case of a ``Values`` check,
compares each result with the reference's within a tolerance that follows the input's
conditioning (``tolerance``), and returns ``(fraction, message)`` from ``checks.diagnosis.verdict``,
with the models of the part's mistakes evaluated on the same cases (only when a case failed).
"""

from __future__ import annotations

import copy
import dataclasses
import functools

import numpy as np

from checks import sequences as S
from checks.diagnosis import UNKNOWN, Outcome, Raised, verdict
from checks.framework import call_message

from . import models as M
from .spec import Case, Part, Values

PERTURB_ULPS = 4          # inputs are moved by up to this many units in the last place
PERTURB_DRAWS = 3
JUMP = 1e-4               # a move this large (relative) is a jump across a kink, not conditioning


def plain(value):
    """A reference result in the form the contract promises: a Python float stays a float, an
    array or a NumPy scalar becomes an array, containers keep their type."""
    if isinstance(value, np.generic) and not isinstance(value, np.bool_):
        return np.asarray(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(plain(v) for v in value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def _perturbable(value) -> bool:
    """Whether ``value`` holds floating-point numbers (arrays, floats, lists and tuples of them)."""
    if isinstance(value, (list, tuple)):
        return any(_perturbable(v) for v in value)
    return isinstance(value, float) or (isinstance(value, np.ndarray) and value.dtype.kind == "f")


def _perturb(value, g, domain):
    """``value`` with each floating-point number moved by up to PERTURB_ULPS units in the last
    place, kept in ``domain`` (lo, hi); containers keep their form, integers stay."""
    if isinstance(value, (list, tuple)):
        return type(value)(_perturb(v, g, domain) for v in value)
    if not (isinstance(value, float) or (isinstance(value, np.ndarray) and value.dtype.kind == "f")):
        return value
    a = np.asarray(value)
    moved = a * (1 + PERTURB_ULPS * np.finfo(a.dtype).eps * g.uniform(-1, 1, a.shape))
    if domain is not None:
        moved = np.clip(moved, *domain)
    moved = moved.astype(a.dtype)
    return float(moved) if isinstance(value, float) else moved


def _numbers(x):
    """The numeric leaves of a result, flattened into one float64 array (None if it has none)."""
    if isinstance(x, dict):
        x = [x[k] for k in sorted(x)]
    if isinstance(x, (list, tuple)):
        parts = [_numbers(v) for v in x]
        return None if any(p is None for p in parts) else np.concatenate([p.ravel() for p in parts] or [np.zeros(0)])
    try:
        return np.asarray(x, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        return None


def _unflatten(flat, like):
    """``flat`` (one float per leaf element) back in the form of ``like`` (for per-element tolerances)."""
    if isinstance(like, dict):
        out, i = {}, 0
        for k in sorted(like):
            n = _numbers(like[k]).size
            out[k] = _unflatten(flat[i:i + n], like[k])
            i += n
        return out
    if isinstance(like, (list, tuple)):
        out, i = [], 0
        for v in like:
            n = _numbers(v).size
            out.append(_unflatten(flat[i:i + n], v))
            i += n
        return type(like)(out)
    return flat.reshape(np.shape(like)) if np.ndim(like) else float(flat[0])


def tolerance(ref_fn, case: Case, want, policy, rtol, perturb=None):
    """The absolute tolerance of each element of ``want`` (= ``ref_fn`` on ``case``).

    ``"perturbed"``: how far the reference's result moves when the inputs move by a few units in
    the last place (two correct formulas may differ by that much, and no formula can promise
    better), ignoring moves that jump across a kink; plus a floor of 1e-12 of the result's size.
    ``"fixed"``: the floor only. A function ``(ref_fn, case, want) -> atol`` decides itself.
    ``perturb`` maps the indices of the arguments to move to their domain ((lo, hi) or None);
    by default every floating-point argument moves, unbounded."""
    values = _numbers(want)
    if values is None or not values.size:
        return 0.0
    finite = values[np.isfinite(values)]
    floor = 1e-12 * (float(np.max(np.abs(finite))) if finite.size else 0.0) + 1e-300
    if callable(policy):
        return policy(ref_fn, case, want)
    if policy == "fixed":
        return floor
    spread = np.zeros_like(values)
    indices = perturb if perturb is not None else {i: None for i, a in enumerate(case.args) if _perturbable(a)}
    g = np.random.default_rng(12345)
    for _ in range(PERTURB_DRAWS):
        args = list(copy.deepcopy(case.args))
        for i, domain in indices.items():
            args[i] = _perturb(args[i], g, domain)
        try:
            with np.errstate(all="ignore"):
                moved = _numbers(plain(ref_fn(*args, **copy.deepcopy(case.kwargs))))
        except Exception:             # a move that left the domain (the reference refuses it)
            continue
        if moved is None or moved.shape != values.shape:
            continue
        with np.errstate(invalid="ignore"):
            delta = np.where(np.isfinite(moved) & np.isfinite(values), np.abs(moved - values), 0.0)
        scale = np.abs(values) + (float(np.mean(np.abs(finite))) if finite.size else 0.0)
        delta = np.where(delta > JUMP * scale, 0.0, delta)      # a jump across a kink
        spread = np.maximum(spread, delta)
    atol = 4 * spread + floor
    return _unflatten(atol, want) if not isinstance(want, float) else float(atol[0])


def target(ref, function: str):
    module, name = function.split(".", 1)
    return M.attribute(getattr(ref, module), name)


_EXPECTED: dict = {}


def expected(part: Part, check, ref_fn):
    """(cases, wants, atols) of a Values check: the same for every submission, computed once."""
    key = (part.id, check.id)
    if key not in _EXPECTED:
        _EXPECTED[key] = _compute_expected(check, ref_fn)
    return _EXPECTED[key]


def _compute_expected(check, ref_fn):
    cases = check.cases(check.seed)
    wants, atols = [], []
    for case in cases:
        with np.errstate(all="ignore"):
            want = plain(ref_fn(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs)))
        wants.append(want)
        atols.append(tolerance(ref_fn, case, want, check.tolerance, check.rtol, getattr(check, "perturb", None)))
    return cases, wants, atols


def student_results(lib, function: str, cases):
    """The student's result for each case, or the ``StudentError`` it raised: all the cases in one
    round trip (``Library.batch``; a hang or crash among them costs only its own case)."""
    return lib.batch([call_message(function, *case.args, **case.kwargs) for case in cases])


def model_outputs(part: Part, check: Values, ref, cases, wants):
    """(hint id, outputs, half) for every model of a mistake in ``check.function``: the generic
    scale models, the part's own models and its corpus of mistakes (``half``: the corpus half a
    mistake belongs to, None for the others)."""
    out = []
    scalable = all(_numbers(w) is not None for w in wants)
    if scalable:
        per_case = [M.scale_factors(c, check.factors(c) if check.factors else ()) for c in cases]
        for hint in dict.fromkeys(h for factors in per_case for _, h in factors):
            outputs = []
            for want, factors in zip(wants, per_case):
                factor = next((f for f, h in factors if h == hint), None)
                outputs.append(UNKNOWN if factor is None else _scaled(want, factor))
            out.append((hint, outputs, None))
    fns = [(m.hint, functools.partial(m.fn, **({} if p is None else {"param": p})), None)
           for m in part.models if m.target == check.function for p in m.params]
    fns += M.corpus_models(part, check.function)
    for hint, fn, half in fns:
        outputs = [plain(M.run_model(fn, *copy.deepcopy(c.args), **copy.deepcopy(c.kwargs))) for c in cases]
        out.append((hint, outputs, half))
    return out


def _scaled(want, factor):
    if isinstance(want, dict):
        return {k: _scaled(v, factor) for k, v in want.items()}
    if isinstance(want, (list, tuple)):
        return type(want)(_scaled(v, factor) for v in want)
    if isinstance(want, float):
        return float(want * factor)
    return np.asarray(want) * factor


def values(lib, ref, part: Part, check: Values, student_message=None, report=None):
    """Run a ``Values`` check: returns (fraction of cases passed, message or ''); ``report`` (a
    dict) receives what ``checks.diagnosis.verdict`` reports."""
    ref_fn = target(ref, check.function)
    cases, wants, atols = expected(part, check, ref_fn)
    got = student_results(lib, check.function, cases)
    outcomes = [Outcome(c.kind, g, w, a, check.rtol, facets=c.facets) for c, g, w, a in zip(cases, got, wants, atols)]
    models = ()
    if not all(o.ok for o in outcomes):
        models = model_outputs(part, check, ref, cases, wants)
    hints = {**M.GENERIC_HINTS, **part.hints}
    name = check.function.rsplit(".", 1)[-1]
    return verdict(outcomes, name, models, hints, student_message=student_message, report=report)


# --------------------------------------------------------------------------------------------
# Sequences: a stateful object driven through calls, beside the reference's
# --------------------------------------------------------------------------------------------

_SEQUENCES: dict = {}


def expected_sequences(part: Part, check, ref):
    """(sequences, traces, atols) of a Sequences check, computed once per grader."""
    key = (part.id, check.id)
    if key not in _SEQUENCES:
        cls = target(ref, check.cls)
        seqs = check.sequences(check.seed)
        traces = [S.trace(S.Side(cls), s) for s in seqs]
        atols = [_sequence_tolerance(cls, s, t, check) for s, t in zip(seqs, traces)]
        _SEQUENCES[key] = (seqs, traces, atols)
    return _SEQUENCES[key]


def _sequence_tolerance(cls, seq, trace, check):
    """The tolerance of each observation of ``trace`` (the reference's run of ``seq``): the floor of
    "fixed"; with "perturbed", also how far each observation moves when the floating-point arrays
    passed to the calls (not the constructor, not ``put``) move by a few units in the last place,
    ignoring jumps (see ``tolerance``)."""
    values = [_numbers(v) if not isinstance(v, Raised) else None for _, v in trace]
    floors = [tolerance(None, None, v, "fixed", check.rtol) if not isinstance(v, Raised) else 0.0 for _, v in trace]
    if check.tolerance != "perturbed":
        return floors
    spreads = [np.zeros_like(v) if v is not None else None for v in values]
    g = np.random.default_rng(54321)
    for _ in range(PERTURB_DRAWS):
        ops = tuple(dataclasses.replace(op, args=tuple(_perturb(a, g, None) if isinstance(a, np.ndarray)
                                                       and a.dtype.kind == "f" else a for a in op.args))
                    if op.method != "put" else op for op in seq.ops)
        moved = S.trace(S.Side(cls), dataclasses.replace(seq, ops=ops))
        if len(moved) != len(trace):
            continue
        for k, (_, m) in enumerate(moved):
            base, m = values[k], _numbers(m) if not isinstance(m, Raised) else None
            if base is None or m is None or m.shape != base.shape:
                continue
            finite = base[np.isfinite(base)]
            with np.errstate(invalid="ignore"):
                delta = np.where(np.isfinite(m) & np.isfinite(base), np.abs(m - base), 0.0)
            scale = np.abs(base) + (float(np.mean(np.abs(finite))) if finite.size else 0.0)
            spreads[k] = np.maximum(spreads[k], np.where(delta > JUMP * scale, 0.0, delta))
    out = []
    for (_, want), floor, spread in zip(trace, floors, spreads):
        if spread is None or isinstance(want, Raised):
            out.append(floor)
        else:
            atol = 4 * spread + floor
            out.append(_unflatten(atol, want) if not isinstance(want, float) else float(atol[0]))
    return out


def sequence_models(part: Part, check, seqs, stop_at=None):
    """(hint id, traces, half) for every model of a mistake in ``check.cls``: each model class
    driven through the same sequences (as far as ``stop_at[i]`` observations, when given)."""
    out = []
    fns = [(m.hint, m.fn, None) for m in part.models if m.target == check.cls]
    fns += M.corpus_models(part, check.cls)
    for hint, cls, half in fns:
        out.append((hint, [S.trace(S.Side(cls), seq, stop_at=None if stop_at is None else stop_at[i])
                           for i, seq in enumerate(seqs)], half))
    return out


def sequences(lib, ref, part: Part, check, student_message=None, report=None):
    """Run a ``Sequences`` check: returns (fraction of sequences passed, message or '')."""
    module, name = check.cls.split(".", 1)
    seqs, traces, atols = expected_sequences(part, check, ref)
    make = M.attribute(getattr(lib, module), name)
    student = [S.trace(S.Side(make, lib), seq) for seq in seqs]

    def model_traces(lengths):
        return [(hint, S.cut(ts, lengths), half) for hint, ts, half in sequence_models(part, check, seqs, lengths)]

    wants = [[((where, subject), v) for (where, subject), v in t] for t in traces]
    return S.judge(seqs, student, wants, atols, check.rtol, model_traces, name, {**M.GENERIC_HINTS, **part.hints},
                   report=report)
