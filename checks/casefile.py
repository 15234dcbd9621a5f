"""The public cases as JSON: inputs, right results, tolerances and the outputs of known mistakes.

``make release`` writes one file per part into ``checks/public/cases/`` from the part's contract
and the reference (nothing of the reference itself is shipped: only its results on these inputs);
``checks/public/test_public.py`` reads them. The encoding keeps what the checks compare: dtypes,
shapes, containers (list, tuple, dict), NaN and infinities, and ``Raised`` (a known mistake that
raises on an input).
"""

import json
import math

import numpy as np

from .diagnosis import Raised
from .sequences import Shared

__all__ = ["encode", "decode", "dumps", "loads"]


def _flt(x):
    x = float(x)
    return x if math.isfinite(x) else ("nan" if math.isnan(x) else ("inf" if x > 0 else "-inf"))


def _unflt(x):
    return float(x) if isinstance(x, str) else x


def encode(value):
    """``value`` as JSON-able data (see the module's docstring)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, Raised):
        return {"$raised": value.type_name}
    if isinstance(value, Shared):
        return {"$shared": value.name}
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        a = np.asarray(value)
        flat = [_flt(x) if a.dtype.kind == "f" else (bool(x) if a.dtype.kind == "b" else int(x))
                for x in a.ravel().tolist()]
        key = "$a" if isinstance(value, np.ndarray) else "$s"
        return {key: flat, "dtype": a.dtype.str, "shape": list(a.shape)}
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$f": _flt(value)}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, tuple):
        return {"$t": [encode(v) for v in value]}
    if isinstance(value, dict):
        return {"$d": {str(k): encode(v) for k, v in value.items()}}
    raise TypeError(f"cannot write a {type(value).__name__} into a case file")


def decode(data):
    """Inverse of ``encode``."""
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict):
        return data
    if "$raised" in data:
        return Raised(data["$raised"])
    if "$shared" in data:
        return Shared(data["$shared"])
    if "$f" in data:
        return float(data["$f"])
    if "$a" in data or "$s" in data:
        flat = [_unflt(x) for x in (data["$a"] if "$a" in data else data["$s"])]
        a = np.array(flat, dtype=np.dtype(data["dtype"])).reshape(data["shape"])
        return a if "$a" in data else a[()]
    if "$t" in data:
        return tuple(decode(v) for v in data["$t"])
    if "$d" in data:
        return {k: decode(v) for k, v in data["$d"].items()}
    raise ValueError(f"unknown form in a case file: {sorted(data)}")


def dumps(data) -> str:
    return json.dumps(data, indent=1, sort_keys=False, allow_nan=False) + "\n"


def loads(text: str):
    return json.loads(text)
