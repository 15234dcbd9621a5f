"""Models of mistakes: what a student who made a known mistake gets, computed in the trusted grader.

A check names a hint only when a model of that hint reproduces the student's results on every case
(``checks.diagnosis``). Models come from three places:

* the generic scale models of every numeric result: the sign flipped, twice, half, N times (a sum
  for a mean), 1/N times, and a part's own factors (1/C for a mean over N x C entries);
* the part's ``Model`` entries: a wrong formula, possibly one per parameter value (an eps);
* the part's corpus of mistakes: every mistake labelled with a hint is itself a model (the
  reference with that one solution region replaced by the mistake's body).

``COURSE_HINT_MODELS`` chooses which corpus mistakes serve as models: ``all`` (the default), or
``half:A`` / ``half:B`` (one half of each part's corpus, for measuring the hints on the other half:
``halves``), or ``none``.
"""

from __future__ import annotations

import functools
import os
import sys
import types
import zlib

from autograder import REFERENCE_LIB
from autograder.authoring.regions import replace_region
from autograder.grading import reference
from checks.diagnosis import Raised

GENERIC_HINTS = {
    "scale.sign": "the sign is flipped",
    "scale.twice": "it is twice too large (a missing 0.5, or a 2 that does not belong?)",
    "scale.half": "it is half the right size (a missing factor 2, or an extra 0.5?)",
    "scale.n": "it is N times too large: a sum where a mean belongs, or a missing division by N",
    "scale.1/n": "it is N times too small: divided by N once too often",
    "returns.array": "it returns one value per element: average them into one float",
    "returns.none": "is a return statement missing?",
    "loop": "replace the Python loop over elements with whole-array NumPy operations",
}


def scale_factors(case, extra=()) -> list[tuple[float, str]]:
    """(factor, hint id) for the generic scale models on ``case`` (and a part's own ``extra``)."""
    out = [(-1.0, "scale.sign"), (2.0, "scale.twice"), (0.5, "scale.half")]
    if case.n > 1:
        out += [(float(case.n), "scale.n"), (1.0 / case.n, "scale.1/n")]
    return out + list(extra)


def halves(mistakes) -> dict[str, str]:
    """{mistake name: "A" or "B"}: the mistakes of each hint alternate between the halves (in
    order of name), so that a hint with two examples or more has one on each side, and the
    measurement asks whether a hint built from one way of writing a mistake recognizes another."""
    out, by_hint = {}, {}
    for m in sorted(mistakes, key=lambda m: m.name):
        by_hint.setdefault(m.hint, []).append(m.name)
    for hint, names in sorted(by_hint.items(), key=lambda kv: str(kv[0])):
        offset = zlib.crc32(str(hint).encode()) % 2
        for i, name in enumerate(names):
            out[name] = "AB"[(i + offset) % 2]
    return out


def corpus_in_use():
    """Which corpus mistakes serve as models: "all", "A", "B" or "none"."""
    value = os.environ.get("COURSE_HINT_MODELS", "all")
    return value.split(":", 1)[1] if value.startswith("half:") else value


@functools.cache
def _source(module: str) -> str:
    return (REFERENCE_LIB / f"{module}.py").read_text()


@functools.cache
def mistaken_module(target: str, body: str) -> types.ModuleType:
    """The reference's module of ``target`` ("losses.mse", "layers.Dropout.forward") with that one
    solution region replaced by ``body``: a trusted model of a corpus mistake."""
    reference.load()
    module, qualname = target.split(".", 1)
    text = replace_region(_source(module), qualname, body, f"{module}.py")
    name = f"{reference.NAME}._model_{zlib.crc32((target + body).encode()):08x}_{module}"
    mod = types.ModuleType(name)
    mod.__package__ = reference.NAME
    mod.__file__ = str(REFERENCE_LIB / f"{module}.py")
    sys.modules[name] = mod
    exec(compile(text, f"<model of a mistake in {target}>", "exec"), mod.__dict__)
    return mod


def attribute(module_obj, path: str):
    obj = module_obj
    for name in path.split("."):
        obj = getattr(obj, name)
    return obj


def corpus_models(part, function: str):
    """(hint id, callable, half) for each labelled corpus mistake of ``part`` that replaces
    ``function`` ("losses.mse") or a method of the class ``function`` ("layers.Dropout"); ``half``
    is the mistake's half of the corpus ("A" or "B", see ``halves``)."""
    from . import corpus_of

    use = corpus_in_use()
    if use == "none":
        return []
    out = []
    mistakes = corpus_of(part.id).MISTAKES
    side = halves(mistakes)
    for m in mistakes:
        if m.hint is None or not m.model or (use != "all" and side[m.name] != use):
            continue
        if m.target != function and not m.target.startswith(function + "."):
            continue
        module, rest = function.split(".", 1)
        out.append((m.hint, attribute(mistaken_module(m.target, m.body), rest), side[m.name]))
    return out


def run_model(fn, *args, **kwargs):
    """What a model gives, or ``Raised`` when it raises (any exception: it is trusted code)."""
    import numpy as np

    try:
        with np.errstate(all="ignore"):
            return fn(*args, **kwargs)
    except Exception as exc:  # a model that does not apply to this input
        return Raised(type(exc).__name__)
