"""Comparing a candidate's observation with the reference's: ``difference(ref, got, rtol, atol)``
returns None when they agree, else a short sentence saying how they differ.

What counts (the contract, CONTRACT.md): a loss is a Python ``float`` (NumPy's float64, a subclass
of ``float``, is accepted; a NumPy array of any shape, float32 or an int is not); a gradient has the
prediction's shape and dtype float64 (for a 0-d input, a NumPy float64 scalar like the reference's is
accepted); values agree to ``rtol`` relative plus ``atol`` absolute, with NaN and infinities in the
same places; containers keep their type (a list is not a tuple, an array is not a list); an
exception must be one of the same type. Warnings are not compared (the harness reports them).
"""

from __future__ import annotations

import numbers

import numpy as np

from .cases import Raised


def _num_close(a, b, rtol, atol):
    if np.isnan(a) or np.isnan(b):
        return bool(np.isnan(a) and np.isnan(b))
    if np.isinf(a) or np.isinf(b):
        return a == b
    return abs(a - b) <= atol + rtol * max(abs(a), abs(b))


def _short(v):
    text = repr(v) if not isinstance(v, np.ndarray) else np.array2string(v, precision=6, threshold=8)
    return text if len(text) < 160 else text[:157] + "..."


def _array_difference(ref, got, rtol, atol, where):
    ref_a = np.asarray(ref)
    if isinstance(got, Raised):
        return f"{where}raised {got.type} ({got.message}) where the reference returns an array of shape {ref_a.shape}"
    if ref_a.ndim > 0 and not isinstance(got, np.ndarray):
        return f"{where}returns a {type(got).__name__} instead of an array of shape {ref_a.shape}"
    if ref_a.ndim == 0 and not isinstance(got, (np.ndarray, np.generic, float)):
        return f"{where}returns a {type(got).__name__} instead of a float64 of shape ()"
    got_a = np.asarray(got)
    if got_a.shape != ref_a.shape:
        return f"{where}has shape {got_a.shape} instead of {ref_a.shape}"
    if got_a.dtype != ref_a.dtype:
        return f"{where}has dtype {got_a.dtype} instead of {ref_a.dtype}"
    if got_a.dtype.kind == "f":
        r, g = ref_a.astype(float), got_a.astype(float)
        nan_ok = np.array_equal(np.isnan(r), np.isnan(g))
        inf_ok = np.array_equal(np.where(np.isinf(r), r, 0), np.where(np.isinf(g), g, 0))
        fin = np.isfinite(r) & np.isfinite(g)
        close = np.abs(r[fin] - g[fin]) <= atol + rtol * np.maximum(np.abs(r[fin]), np.abs(g[fin]))
        if not (nan_ok and inf_ok and close.all()):
            bad = ~(np.isclose(r, g, rtol=rtol, atol=atol, equal_nan=True))
            if r.ndim == 0:
                return f"{where}is {float(g)!r} instead of {float(r)!r}"
            idx = tuple(int(i) for i in np.argwhere(bad)[0]) if bad.any() else ()
            detail = f" (first at {idx}: {float(g[idx])!r} instead of {float(r[idx])!r})" if idx else ""
            return f"{where}values differ in {int(bad.sum())} of {r.size} entries{detail}"
        return None
    if not np.array_equal(ref_a, got_a):
        return f"{where}values differ: reference {_short(ref_a)}, got {_short(got_a)}"
    return None


def difference(ref, got, rtol=1e-10, atol=1e-13, where=""):
    """None if ``got`` agrees with ``ref``; otherwise a sentence saying where and how."""
    if isinstance(ref, Raised):
        if isinstance(got, Raised):
            return None if got.type == ref.type else f"{where}raised {got.type} instead of {ref.type}"
        return f"{where}returned {_short(got)} where the reference raises {ref.type}"
    if isinstance(got, Raised):
        return f"{where}raised {got.type}: {got.message}"
    if isinstance(ref, bool) or isinstance(ref, np.bool_):
        if not isinstance(got, (bool, np.bool_)):
            return f"{where}returns {type(got).__name__} {_short(got)} instead of a bool"
        return None if bool(got) == bool(ref) else f"{where}is {bool(got)} instead of {bool(ref)}"
    if isinstance(ref, (np.ndarray, np.generic)):
        return _array_difference(ref, got, rtol, atol, where)
    if isinstance(ref, float):
        if isinstance(got, np.ndarray):
            return f"{where}returns an array of shape {got.shape} instead of a float"
        if isinstance(got, bool) or not isinstance(got, float):
            return f"{where}returns a {type(got).__name__} ({_short(got)}) instead of a float"
        if not _num_close(float(ref), float(got), rtol, atol):
            return f"{where}is {float(got)!r} instead of {float(ref)!r}"
        return None
    if isinstance(ref, numbers.Integral):
        if isinstance(got, bool) or not isinstance(got, numbers.Integral):
            return f"{where}is {_short(got)} ({type(got).__name__}) instead of the int {ref}"
        return None if int(got) == int(ref) else f"{where}is {got} instead of {ref}"
    if ref is None or isinstance(ref, str):
        return None if got == ref and type(got) is type(ref) else f"{where}is {_short(got)} instead of {ref!r}"
    if isinstance(ref, (list, tuple)):
        if type(got) is not type(ref):
            return f"{where}is a {type(got).__name__} instead of a {type(ref).__name__}"
        for i, (r, g) in enumerate(zip(ref, got)):
            d = difference(r, g, rtol, atol, f"{where}[{i}] ")
            if d:
                return d
        if len(got) != len(ref):
            return f"{where}has {len(got)} items instead of {len(ref)}"
        return None
    if isinstance(ref, dict):
        if not isinstance(got, dict):
            return f"{where}is a {type(got).__name__} instead of a dict"
        if set(got) != set(ref):
            return f"{where}has keys {sorted(map(str, got))} instead of {sorted(map(str, ref))}"
        for k in ref:
            d = difference(ref[k], got[k], rtol, atol, f"{where}[{k!r}] ")
            if d:
                return d
        return None
    return None if got == ref else f"{where}is {_short(got)} instead of {_short(ref)}"
