"""Building blocks for the inputs a part's docstrings promise: shapes, containers, conditioning.

A part composes its cases from these (``autograder/parts/<part>/part.py``). Everything is seeded:
the same seed gives the same cases, so a grader always asks the same questions.

* ``SHAPES``: "any shape" means 0-d, one element, 1-D, 2-D and 3-D.
* ``CONTAINERS``: what a caller may pass: float64 arrays, nested Python lists, float32 arrays,
  integer arrays (where the values are whole).
* ``CONDITIONS``: how two real arrays of one shape relate: ordinary values, a large offset with a
  small spread (where an expanded square or a one-pass variance loses every digit), exact ties,
  whole numbers (on the kinks of |d| and of the hinge), large and tiny differences.
"""

from __future__ import annotations

import itertools
import zlib

import numpy as np

from .spec import Case

SHAPES = (
    ((), "0-d arrays"),
    ((1,), "one-element arrays"),
    ((7,), "1-D arrays"),
    ((3, 4), "2-D arrays"),
    ((2, 3, 2), "3-D arrays"),
)
CONTAINERS = ("array", "list", "float32", "int")


def rng(seed: int, *salt) -> np.random.Generator:
    """A generator for ``seed`` and the words ``salt`` (so that two uses of one seed differ)."""
    return np.random.default_rng([seed, zlib.crc32(repr(salt).encode())])


def contain(value: np.ndarray, how: str):
    """``value`` in the container ``how``: "array" (float64), "list" (nested lists; a 0-d array
    becomes a Python float), "float32", "int" (int64: only for whole values)."""
    value = np.asarray(value, dtype=np.float64)
    if how == "array":
        return value
    if how == "list":
        return value.tolist()
    if how == "float32":
        return value.astype(np.float32)
    if how == "int":
        assert np.all(value == np.round(value)), "int containers need whole values"
        return value.astype(np.int64)
    raise ValueError(f"unknown container {how!r}")


def container_words(how: str) -> str:
    return {"array": "float64 arrays", "list": "Python lists", "float32": "float32 arrays",
            "int": "int64 arrays"}[how]


def _pair_ordinary(g, shape):
    return g.standard_normal(shape), g.standard_normal(shape)


def _pair_offset(g, shape):
    base = 1e8 + g.uniform(-1, 1, shape)
    return base + g.standard_normal(shape), base + g.standard_normal(shape)


def _pair_ties(g, shape):
    a, b = g.standard_normal(shape), g.standard_normal(shape)
    tie = g.random(shape) < 0.5
    if np.size(tie):
        tie.flat[0] = True
    return a, np.where(tie, a, b)


def _pair_whole(g, shape):
    a = np.round(3 * g.standard_normal(shape))
    return a, a + g.integers(-2, 3, shape)


def _pair_large(g, shape):
    return 1e3 * g.standard_normal(shape), 1e3 * g.standard_normal(shape)


def _pair_tiny(g, shape):
    a = 1.0 + 1e-9 * g.standard_normal(shape)
    return a, np.ones(shape)


CONDITIONS = {
    "ordinary values": _pair_ordinary,
    "a large offset and a small spread": _pair_offset,
    "exact ties": _pair_ties,
    "whole numbers": _pair_whole,
    "large differences": _pair_large,
    "tiny differences": _pair_tiny,
}
WHOLE = {"whole numbers", "exact ties"}      # conditions whose values may go in int containers


def real_pairs(seed: int, conditions=tuple(CONDITIONS), shapes=SHAPES, containers=CONTAINERS,
               kwargs=None, n=None) -> list[Case]:
    """Cases of two real arrays of one shape (a prediction and a target): every condition on every
    shape, the containers taking turns (integer containers only for whole values)."""
    cases = []
    turn = itertools.cycle(containers)
    for cond in conditions:
        for shape, shape_words in shapes:
            g = rng(seed, cond, shape)
            a, b = CONDITIONS[cond](g, shape)
            how = next(turn)
            if how == "int" and not (np.all(a == np.round(a)) and np.all(b == np.round(b))):
                how = "array"
            kind = f"{shape_words} ({container_words(how)}), {cond}"
            size = int(np.prod(shape)) if shape else 1
            cases.append(Case(kind, (contain(a, how), contain(b, how)), dict(kwargs or {}),
                              n=size if n is None else n, facets=(shape_words, container_words(how), cond)))
    return cases


# ---- weights (penalties): one array in any form, or a list or tuple of arrays ----------------

def _weight_values(g, shape, values):
    if values == "ordinary values":
        return np.asarray(g.standard_normal(shape))
    if values == "exact zeros":
        w = np.asarray(np.round(2 * g.standard_normal(shape), 1))
        w[g.random(shape) < 0.4] = 0.0
        if np.size(w):
            w.flat[0] = 0.0
        return w
    if values == "large and tiny values":
        return np.asarray(g.standard_normal(shape) * np.where(g.random(shape) < 0.5, 1e4, 1e-8))
    raise ValueError(values)


WEIGHT_FORMS = ("one 2-D array", "one 1-D array", "one 0-d array", "a Python float", "a nested list",
                "a list of arrays of three shapes", "a tuple of two arrays", "a list of one array",
                "a list of float32 arrays", "one int64 array")
WEIGHT_VALUES = ("ordinary values", "exact zeros", "large and tiny values")


def weights(g, form, values):
    """Weights in ``form`` (a word of ``WEIGHT_FORMS``) with ``values`` (of ``WEIGHT_VALUES``)."""
    if form == "one 2-D array":
        return _weight_values(g, (4, 3), values)
    if form == "one 1-D array":
        return _weight_values(g, (5,), values)
    if form == "one 0-d array":
        return _weight_values(g, (), values)
    if form == "a Python float":
        return float(_weight_values(g, (), values))
    if form == "a nested list":
        return _weight_values(g, (2, 3), values).tolist()
    if form == "a list of arrays of three shapes":
        return [_weight_values(g, s, values) for s in ((3, 2), (5,), (2, 2, 2))]
    if form == "a tuple of two arrays":
        return tuple(_weight_values(g, s, values) for s in ((2, 3), (3, 1)))
    if form == "a list of one array":
        return [_weight_values(g, (3, 3), values)]
    if form == "a list of float32 arrays":
        return [_weight_values(g, s, values).astype(np.float32) for s in ((2, 2), (3,))]
    if form == "one int64 array":
        return np.round(3 * _weight_values(g, (3, 2), "ordinary values")).astype(np.int64)
    raise ValueError(form)


def weight_cases(seed, lams=(0.3, 0.0, 2, 1e-3), forms=WEIGHT_FORMS, values=WEIGHT_VALUES, kwargs=None) -> list[Case]:
    """Cases (weights, lam) over every form and every kind of values, the strengths taking turns
    (an int strength among them)."""
    cases = []
    turn = itertools.cycle(lams)
    for form in forms:
        for vals in values if form != "one int64 array" else ("whole values",):
            lam = next(turn)
            w = weights(rng(seed, form, vals), form, vals)
            extra = dict(kwargs or {})
            words = ", ".join(f"{k} = {v:g}" for k, v in extra.items())
            kind = f"{form}, {vals}, lam = {lam:g}" + (f", {words}" if words else "")
            cases.append(Case(kind, (w, lam), extra, facets=(form, vals, f"lam = {lam:g}")))
    return cases
