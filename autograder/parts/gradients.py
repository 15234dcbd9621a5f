"""Central differences for the hidden checks (the method of ``course_lib.gradcheck``, kept here so
that checks never depend on the library they check; not in ``checks/``, which the student version
ships: ``gradcheck.numerical_gradient`` is a student's exercise)."""

import numpy as np


def numerical_gradient(f, x, h=1e-6):
    """Central-difference gradient of the scalar function ``f`` at ``x`` (float64, any shape)."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        plus = f(x)
        flat[i] = old - h
        minus = f(x)
        flat[i] = old
        gflat[i] = (plus - minus) / (2 * h)
    return grad
