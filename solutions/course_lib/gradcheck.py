"""Numerical gradient checking by central differences.

``numerical_gradient`` is yours (notebook 00); the tools built on it are provided: compare an
analytic gradient with it and report CS231n's relative error, ``max |a - n| / max(1e-8, |a| + |n|)``:
about 1e-7 or less means the gradient is right; 1e-2 or more means it is wrong. Kinks (max, abs)
can give a large error at points that sit on them.
"""

import math

import numpy as np

__all__ = ["numerical_gradient", "rel_error", "check_gradient", "check_layer_gradients"]


def _step(h):
    try:
        step = float(h)
    except (TypeError, ValueError):
        raise TypeError(f"numerical_gradient: h must be a number, got {type(h).__name__}") from None
    if not (math.isfinite(step) and step > 0):
        raise ValueError(f"numerical_gradient: h must be a positive number, got {h!r}")
    return step


def numerical_gradient(f, x, h=1e-5):
    """Central-difference estimate of the gradient of the scalar function ``f`` at ``x``.

    Each element of ``x`` in turn is moved by +h and by -h, every other element staying where it
    is, and ``f`` is evaluated at both points: the slope between the two values estimates that
    element's partial derivative (notebook 00 derives it, and why its error shrinks like h**2 for a
    smooth ``f``). ``check_gradient`` and ``check_layer_gradients`` below are built on it. Like
    CS231n's ``eval_numerical_gradient``; PyTorch's ``torch.autograd.gradcheck`` uses the same
    central differences (its ``eps`` is our ``h``).

    Args:
        f: a function of one float64 array shaped like ``x`` that returns one number (a float, a
            NumPy scalar or a 0-d array). It may be called with ``x`` itself, moved in place.
        x: the point: a float64 array of any shape (0-d included); a list, a number or another
            dtype is first converted into a new float64 array.
        h: the step, a positive number, used as given.

    Returns:
        float64 ndarray shaped like ``x`` (0-d for a 0-d ``x``).

    The provided line does not copy a float64 array: ``x`` is then the caller's own array, and the
    caller sees every change made to it. After the call it must hold exactly the values it held
    before (bit for bit), and every evaluation of ``f`` must see ``x`` with one element moved.
    """
    x = np.asarray(x, dtype=np.float64)
    h = _step(h)
    ### BEGIN SOLUTION
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        plus = float(f(x))
        x[i] = old - h
        minus = float(f(x))
        x[i] = old
        grad[i] = (plus - minus) / (2 * h)
    return grad
    ### END SOLUTION


def rel_error(a, b):
    """CS231n's relative error between two arrays (the worst element)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"rel_error: shapes differ, {a.shape} and {b.shape}")
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def check_gradient(loss, loss_grad, *args, h=1e-5, verbose=True, name=None, **kwargs):
    """Compare ``loss_grad(*args)`` with the numerical gradient of ``loss`` in the first argument.

    Example: ``check_gradient(losses.mse, losses.mse_grad, y_pred, y_true)``. ``name`` labels the
    printed line (by default the gradient function's name).

    Returns:
        float: the relative error (printed too when ``verbose``).
    """
    first, rest = np.asarray(args[0], dtype=np.float64), args[1:]
    analytic = np.asarray(loss_grad(first, *rest, **kwargs), dtype=np.float64)
    numeric = numerical_gradient(lambda v: loss(v, *rest, **kwargs), first, h)
    err = rel_error(analytic, numeric)
    if verbose:
        verdict = "looks right" if err < 1e-6 else "check it" if err < 1e-3 else "WRONG"
        print(f"{name or getattr(loss_grad, '__name__', 'gradient')}: relative error {err:.2e} ({verdict})")
    return err


class _Rewinding:
    """A view of a layer whose forward is replaced (everything else is the layer's own)."""

    def __init__(self, layer, forward):
        self._layer, self.forward = layer, forward

    def __getattr__(self, name):
        return getattr(self._layer, name)


def check_layer_gradients(layer, x, dout=None, h=1e-5, seed=0, verbose=True):
    """Check ``layer.backward`` against central differences, for the input and every parameter.

    The scalar checked is ``sum(layer.forward(x) * dout)``, whose gradient with respect to the
    output is ``dout``. A layer that draws random numbers from a ``rng`` attribute (dropout) has
    that generator rewound before every forward pass, so each pass draws the same mask.

    Returns:
        dict: name ("x" or a parameter name) -> relative error.
    """
    x = np.array(x, dtype=np.float64)
    rng = getattr(layer, "rng", None)
    if isinstance(rng, np.random.Generator):
        start = rng.bit_generator.state
        forward = layer.forward

        def rewound(v):
            rng.bit_generator.state = start
            return forward(v)

        layer = _Rewinding(layer, rewound)
    out = layer.forward(x)
    if dout is None:
        dout = np.random.default_rng(seed).standard_normal(np.shape(out))
    dx = layer.backward(dout)
    analytic = {"x": np.array(dx, dtype=np.float64)}
    analytic.update({k: np.array(g, dtype=np.float64) for k, g in layer.grads.items()})

    errors = {"x": rel_error(analytic["x"], numerical_gradient(lambda v: np.sum(layer.forward(v) * dout), x, h))}
    for name, param in layer.params.items():
        original = param.copy()

        def scalar(values, name=name):
            layer.params[name][...] = values
            return np.sum(layer.forward(x) * dout)

        errors[name] = rel_error(analytic[name], numerical_gradient(scalar, original, h))
        layer.params[name][...] = original
    if verbose:
        for name, err in errors.items():
            verdict = "looks right" if err < 1e-6 else "check it" if err < 1e-3 else "WRONG"
            print(f"d{name}: relative error {err:.2e} ({verdict})")
    return errors
