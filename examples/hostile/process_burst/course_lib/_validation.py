"""Argument checking shared by every public function of ``course_lib``.

This is provided code: it turns whatever a caller passes into clean float64 NumPy arrays, or raises
a ``TypeError``/``ValueError`` whose message starts with the function's name and says what was
wrong. Student code therefore always receives well-formed arrays.
"""

import numbers

import numpy as np


def as_array(func, name, value, *, dtype=np.float64, allow_empty=False):
    """Return ``value`` as a NumPy array of ``dtype`` (float64 by default).

    Lists, tuples, scalars and arrays of any real numeric dtype are accepted; strings, objects,
    complex numbers and ``None`` are a ``TypeError``.
    """
    if value is None:
        raise TypeError(f"{func}: {name} is None; expected an array of numbers")
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{func}: {name} is a string; expected an array of numbers")
    try:
        raw = np.asarray(value)
    except (ValueError, TypeError) as exc:  # ragged nested lists
        raise TypeError(f"{func}: {name} could not be read as an array ({exc})") from None
    if raw.dtype == object or not (
        np.issubdtype(raw.dtype, np.number) or np.issubdtype(raw.dtype, np.bool_)
    ):
        raise TypeError(f"{func}: {name} has dtype {raw.dtype}; expected real numbers")
    if np.issubdtype(raw.dtype, np.complexfloating):
        raise TypeError(f"{func}: {name} is complex; expected real numbers")
    if raw.size == 0 and not allow_empty:
        raise ValueError(f"{func}: {name} is empty")
    return np.array(raw, dtype=dtype, copy=True)


def same_shape(func, a_name, a, b_name, b):
    """Raise ``ValueError`` unless arrays ``a`` and ``b`` have the same shape."""
    if a.shape != b.shape:
        raise ValueError(
            f"{func}: {a_name} has shape {a.shape} but {b_name} has shape {b.shape}; "
            "they must match"
        )


def ndim_in(func, name, a, allowed):
    """Raise ``ValueError`` unless ``a.ndim`` is one of ``allowed``."""
    if a.ndim not in allowed:
        want = " or ".join(f"{n}-D" for n in allowed)
        raise ValueError(f"{func}: {name} must be {want}, got shape {a.shape}")


def min_ndim(func, name, a, least):
    """Raise ``ValueError`` unless ``a`` has at least ``least`` dimensions."""
    if a.ndim < least:
        raise ValueError(f"{func}: {name} must have at least {least} dimension(s), got shape {a.shape}")


def in_closed_interval(func, name, a, low, high):
    """Raise ``ValueError`` unless every element of ``a`` lies in [low, high] (NaN is rejected)."""
    if not np.all((a >= low) & (a <= high)):
        raise ValueError(f"{func}: every element of {name} must lie in [{low}, {high}]")


def real_number(func, name, value, *, low=None, high=None, low_open=False):
    """Return ``value`` as a Python float after checking it is a finite real number in range."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{func}: {name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{func}: {name} must be finite, got {value}")
    if low is not None and (value < low or (low_open and value == low)):
        bound = f"> {low}" if low_open else f">= {low}"
        raise ValueError(f"{func}: {name} must be {bound}, got {value}")
    if high is not None and value > high:
        raise ValueError(f"{func}: {name} must be <= {high}, got {value}")
    return value


def weight_list(func, weights):
    """Return ``(arrays, rebuild)`` for a penalty's ``weights`` argument.

    ``weights`` is one array (anything ``np.asarray`` reads, nested lists included) or a list or
    tuple whose items are all NumPy arrays. ``arrays`` is a list of float64 copies;
    ``rebuild(items)`` gives a list of per-array results back in the caller's structure: one array
    for one array, a list for a list, a tuple for a tuple.
    """
    if isinstance(weights, (list, tuple)) and len(weights) == 0:
        raise ValueError(f"{func}: weights is an empty list; pass at least one array")
    if isinstance(weights, (list, tuple)) and all(isinstance(w, np.ndarray) for w in weights):
        arrays = [as_array(func, f"weights[{i}]", w) for i, w in enumerate(weights)]
        kind = type(weights)

        def rebuild(items):
            items = list(items)
            if len(items) != len(arrays):
                raise ValueError(
                    f"{func}: computed {len(items)} gradients for {len(arrays)} weight arrays"
                )
            return kind(items)

        return arrays, rebuild
    return [as_array(func, "weights", weights)], (lambda items: list(items)[0])


def integer_labels(func, name, y, num_classes):
    """Return ``y`` as an int64 array of class indices in [0, num_classes)."""
    raw = np.asarray(y)
    if raw.dtype == object or not (
        np.issubdtype(raw.dtype, np.integer) or np.issubdtype(raw.dtype, np.floating)
    ):
        raise TypeError(f"{func}: {name} must hold integer class indices, got dtype {raw.dtype}")
    if np.issubdtype(raw.dtype, np.floating) and not np.all(raw == np.round(raw)):
        raise ValueError(f"{func}: {name} holds non-integer values; class indices must be whole")
    labels = raw.astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(
            f"{func}: {name} must hold class indices in [0, {num_classes - 1}], "
            f"got values from {labels.min()} to {labels.max()}"
        )
    return labels
