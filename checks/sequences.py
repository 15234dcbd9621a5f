"""Call sequences on a stateful object (``EarlyStopping``, ``BatchNorm1d``, ...), shared by the public
self-checks and the grader.

A ``Sequence`` builds one object and makes ``Op`` calls on it; after each call the check compares
what ``Op.observe`` names (the call's result, or attributes such as ``best_state`` or
``grads.gamma``) with what the reference observed in the same sequence. ``Shared`` values live
beside the object and are changed in place between calls, as a training loop changes the arrays it
passes to ``EarlyStopping.step``.

``trace`` runs a sequence on one side: the student's object (through ``checks.framework.Library``
handles) or a trusted one (the reference, or a model of a mistake); ``judge`` compares the
student's traces with the reference's and names a mistake only when a model's traces reproduce
them (``checks.diagnosis``).
"""

from __future__ import annotations

import copy
import dataclasses

import numpy as np

from .diagnosis import Outcome, Raised, _trivial, compare, verdict
from .framework import StudentError

__all__ = ["Shared", "Op", "Sequence", "Side", "trace", "judge", "plain"]


@dataclasses.dataclass(frozen=True)
class Shared:
    """Stands, in an ``Op``'s arguments, for a value that lives beside the object and is changed in
    place between calls: ``Op("put", ("state", value))`` creates it or overwrites its arrays."""

    name: str


@dataclasses.dataclass(frozen=True)
class Op:
    """One call: a method (``forward``, ``step``, ...), ``put`` (args = (name, value)) or ``set``
    (args = (attribute path..., value), ``inplace=True`` to write into the existing array).
    ``observe`` names what is compared after the call: ``"return"`` or an attribute path such as
    ``"running_mean"`` or ``"grads.gamma"``; ``label`` is how the call is shown."""

    method: str
    args: tuple = ()
    kwargs: dict = dataclasses.field(default_factory=dict)
    observe: tuple = ("return",)
    label: str = ""


@dataclasses.dataclass(frozen=True)
class Sequence:
    """A call sequence on one object, built with ``init`` (constructor keyword arguments)."""

    kind: str
    init: dict
    ops: tuple
    facets: tuple = ()


def plain(value):
    """A trusted result in the form the contract promises: a Python float stays a float, an array
    or a NumPy scalar becomes an array, containers keep their type."""
    if isinstance(value, np.generic) and not isinstance(value, np.bool_):
        return np.asarray(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(plain(v) for v in value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def _leaves(value, path=()):
    """(path, array) for every array inside ``value`` (dicts, lists, tuples, nested)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, path + (k,))
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from _leaves(v, path + (i,))
    elif isinstance(value, np.ndarray):
        yield path, value


def _walk(obj, path):
    for step in path:
        obj = obj[step] if isinstance(obj, (dict, list, tuple)) else getattr(obj, step)
    return obj


class Side:
    """One side of a sequence: ``make(**init)`` builds the object; with ``lib`` (a
    ``checks.framework.Library``) the object is the student's and lives on the student's side."""

    def __init__(self, make, lib=None):
        self.make, self.lib, self.obj, self.shared = make, lib, None, {}

    def _arg(self, value):
        if isinstance(value, Shared):
            return self.shared[value.name]
        if isinstance(value, (list, tuple)):
            return type(value)(self._arg(v) for v in value)
        if isinstance(value, dict):
            return {k: self._arg(v) for k, v in value.items()}
        return copy.deepcopy(value)

    def start(self, init):
        self.shared = {}
        self.obj = self.make(**copy.deepcopy(init))

    def put(self, name, value):
        if name not in self.shared:
            self.shared[name] = self.lib.put(value) if self.lib is not None else copy.deepcopy(value)
            return
        for path, leaf in _leaves(value):
            if self.lib is not None:
                self.shared[name].set(*path, leaf, inplace=True)
            else:
                np.copyto(_walk(self.shared[name], path), leaf)

    def set(self, *path_and_value, inplace=False):
        """Write an attribute (``set("running_mean", v)``) or into an existing array
        (``set("params", "gamma", v, inplace=True)``)."""
        *path, value = path_and_value
        assert self.obj is not None
        if self.lib is not None:
            return self.obj.set(*path, copy.deepcopy(value), inplace=inplace)
        if inplace:
            np.copyto(_walk(self.obj, path), value)
            return None
        parent, last = _walk(self.obj, path[:-1]), path[-1]
        if isinstance(parent, dict):
            parent[last] = copy.deepcopy(value)
        else:
            setattr(parent, last, copy.deepcopy(value))
        return None

    def call(self, op):
        if op.method == "put":
            self.put(*op.args)
            return None
        if op.method == "set":
            return self.set(*op.args, **op.kwargs)
        fn = getattr(self.obj, op.method)
        return fn(*[self._arg(a) for a in op.args], **{k: self._arg(v) for k, v in op.kwargs.items()})

    def read(self, name, returned):
        if name == "return":
            return returned
        if self.lib is not None:
            assert self.obj is not None
            return self.obj.get(*name.split("."))
        return copy.deepcopy(_walk(self.obj, name.split(".")))


def trace(side: Side, seq: Sequence, stop_at=None) -> list:
    """The observations of ``seq`` on ``side``: [((where, subject), value)], a value being the
    ``StudentError`` (student's side) or ``Raised`` (trusted side) where a call raised, which ends
    the sequence. ``stop_at`` ends it after that many observations."""
    out: list = []
    try:
        side.start(seq.init)
    except StudentError as exc:
        return [(("when it was built", "the constructor"), exc)]
    except Exception as exc:
        return [(("when it was built", "the constructor"), Raised(type(exc).__name__))]
    for i, op in enumerate(seq.ops):
        where = f"at {op.label}" if op.label else f"at call {i + 1} ({op.method})"
        try:
            with np.errstate(all="ignore"):
                returned = side.call(op)
            for name in op.observe:
                value = side.read(name, returned)
                subject = f"{op.method}(...)" if name == "return" else name
                out.append(((where, subject), plain(value) if side.lib is None else value))
                if stop_at is not None and len(out) >= stop_at:
                    return out
        except StudentError as exc:
            exc.__traceback__ = None
            return out + [((where, op.method), exc)]
        except Exception as exc:      # a trusted side raised (a model; the reference never should)
            return out + [((where, op.method), Raised(type(exc).__name__))]
    return out


def judge(seqs, student, wants, atols, rtol, model_traces, what, hints, reveal=False, shown=None, report=None):
    """(fraction of sequences passed, message) for the student's ``traces`` (one per sequence)
    against the reference's ``wants`` (with tolerances ``atols``). Every observation counts, after
    a first difference too (a model of a mistake must reproduce the whole sequence), up to a call
    that raised. ``model_traces(lengths)`` gives (hint id, outputs) pairs, each model's
    observations cut at the student's stopping points; it is called only when some sequence failed.
    ``shown[i][k]`` is what a public check reveals about observation k of sequence i; ``report``
    (a dict) receives what ``checks.diagnosis.verdict`` reports."""
    outcomes, lengths = [], []
    for i, (seq, got, want_trace, atol) in enumerate(zip(seqs, student, wants, atols)):
        mine = []
        for k, ((where, subject), want) in enumerate(want_trace):
            if k < len(got):
                (g_where, g_subject), value = got[k]
                if isinstance(value, StudentError):
                    subject = g_subject
            else:
                value = StudentError("Ended", "the sequence ended early")
            o = Outcome(seq.kind, value, want, atol[k], rtol, facets=seq.facets, where=where, subject=subject,
                        shown=shown[i][k] if shown else "")
            mine.append(o)
            if k >= len(got) - 1 and isinstance(value, StudentError):
                break           # the student's sequence ended here (a call raised)
        outcomes += mine
        lengths.append(len(mine))
    if all(o.ok for o in outcomes):
        return 1.0, ""
    return verdict(outcomes, what, model_traces(lengths), hints, reveal=reveal, groups=lengths,
                   unit="call sequences", report=report, trivial=[unchanging(w) for w in wants])


def unchanging(want_trace) -> bool:
    """True when a sequence's right observations are what an object that does nothing gives: every
    value zeros, NaN or infinities, or each thing observed more than once always the same (running
    statistics that momentum 0 keeps, a state that eval mode must not touch)."""
    seen: dict = {}
    for (_, subject), value in want_trace:
        seen.setdefault(subject, []).append(value)
    if all(_trivial(v) for values in seen.values() for v in values):
        return True
    repeated = [values for values in seen.values() if len(values) > 1]
    return bool(repeated) and all(len(values) > 1 and all(compare(v, values[0], 0.0, 0.0) is None for v in values[1:])
                                  for values in seen.values())


def cut(traces, lengths) -> list:
    """One model's outputs: its trace of each sequence cut (or padded with ``Raised("Ended")``) to
    the student's stopping point, all in one list."""
    outputs: list = []
    for t, n in zip(traces, lengths):
        values = [v for _, v in t[:n]]
        outputs += values + [Raised("Ended")] * (n - len(values))
    return outputs
