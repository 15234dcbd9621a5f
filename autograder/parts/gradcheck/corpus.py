"""The corpus of part ``gradcheck`` (``gradcheck.numerical_gradient``): realistic wrong bodies that its
checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/parts/changes.py``); graded by ``tests/test_corpus.py``."""

from ..changes import Alternative, Mistake

T = "gradcheck.numerical_gradient"
VALUES = ("gradcheck.public_values", "gradcheck.values", "gradcheck.step")
INPUT = ("gradcheck.public_input", "gradcheck.input")

MISTAKES = [
    Mistake(
        "gc_forward",
        T,
        """
        grad = np.zeros_like(x)
        base = float(f(x))
        for i in np.ndindex(x.shape):
            old = x[i]
            x[i] = old + h
            grad[i] = (float(f(x)) - base) / h
            x[i] = old
        return grad
    """,
        VALUES,
        "a forward difference: (f(x + h) - f(x)) / h",
        hint="gradcheck.one_sided",
    ),
    Mistake(
        "gc_backward_copies",
        T,
        """
        grad = np.zeros_like(x)
        fx = f(x)
        for i in np.ndindex(x.shape):
            xm = x.copy()
            xm[i] -= h
            grad[i] = (fx - f(xm)) / h
        return grad
    """,
        VALUES,
        "a backward difference on copies: (f(x) - f(x - h)) / h",
        hint="gradcheck.one_sided",
    ),
    Mistake(
        "gc_over_h",
        T,
        """
        grad = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            old = x[i]
            x[i] = old + h
            plus = f(x)
            x[i] = old - h
            minus = f(x)
            x[i] = old
            grad[i] = (plus - minus) / h
        return grad
    """,
        VALUES,
        "divided by h where the two points are 2h apart",
        hint="scale.twice",
    ),
    Mistake(
        "gc_over_h_copies",
        T,
        """
        grad = np.empty(x.shape)
        for i in np.ndindex(x.shape):
            xp, xm = x.copy(), x.copy()
            xp[i] += h
            xm[i] -= h
            grad[i] = (float(f(xp)) - float(f(xm))) / h
        return grad
    """,
        VALUES,
        "copies moved both ways, the difference divided by h only",
        hint="scale.twice",
    ),
    Mistake(
        "gc_sign",
        T,
        """
        grad = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            old = x[i]
            x[i] = old - h
            minus = float(f(x))
            x[i] = old + h
            plus = float(f(x))
            x[i] = old
            grad[i] = (minus - plus) / (2 * h)
        return grad
    """,
        VALUES,
        "the difference taken the wrong way round",
        hint="scale.sign",
    ),
    Mistake(
        "gc_sign_copies",
        T,
        """
        grad = np.zeros(x.shape)
        for i in np.ndindex(x.shape):
            e = np.zeros(x.shape)
            e[i] = h
            grad[i] = (f(x - e) - f(x + e)) / (2 * h)
        return grad
    """,
        VALUES,
        "f(x - h) - f(x + h) on shifted copies",
        hint="scale.sign",
    ),
    Mistake(
        "gc_no_restore",
        T,
        """
        grad = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            old = x[i]
            x[i] = old + h
            plus = float(f(x))
            x[i] = old - h
            minus = float(f(x))
            grad[i] = (plus - minus) / (2 * h)
        return grad
    """,
        ("gradcheck.public_values", "gradcheck.values") + INPUT,
        "the element is never put back: later evaluations see it at x - h, and so does the caller",
        hint="gradcheck.not_restored",
    ),
    Mistake(
        "gc_no_restore_steps",
        T,
        """
        grad = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            x[i] += h
            plus = float(f(x))
            x[i] -= 2 * h
            minus = float(f(x))
            grad[i] = (plus - minus) / (2 * h)
        return grad
    """,
        ("gradcheck.public_values", "gradcheck.values") + INPUT,
        "moved up, then down by 2h, and left there",
        hint="gradcheck.not_restored",
    ),
    Mistake(
        "gc_arithmetic_restore",
        T,
        """
        grad = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            x[i] += h
            plus = float(f(x))
            x[i] -= 2 * h
            minus = float(f(x))
            x[i] += h
            grad[i] = (plus - minus) / (2 * h)
        return grad
    """,
        INPUT,
        "put back by arithmetic: x + h - 2h + h is not always x in floating point, and x is the caller's array",
        hint="gradcheck.input_changed",
    ),
    Mistake(
        "gc_arithmetic_restore_flat",
        T,
        """
        grad = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            x[i] = x[i] + h
            plus = f(x)
            x[i] = x[i] - 2 * h
            minus = f(x)
            x[i] = x[i] + h
            grad[i] = (plus - minus) / (2 * h)
        return grad
    """,
        INPUT,
        "moved and moved back by adding and subtracting h: the caller's array ends a rounding away",
        hint="gradcheck.input_changed",
    ),
    Mistake(
        "gc_fixed_step",
        T,
        """
        step = 1e-5
        grad = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            old = x[i]
            x[i] = old + step
            plus = float(f(x))
            x[i] = old - step
            minus = float(f(x))
            x[i] = old
            grad[i] = (plus - minus) / (2 * step)
        return grad
    """,
        ("gradcheck.public_values", "gradcheck.step"),
        "the step fixed at the default: the h passed is ignored",
        hint="gradcheck.step_ignored",
        tags=("arguments",),
    ),
    Mistake(
        "gc_fixed_small_step",
        T,
        """
        eps = 1e-6
        grad = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            xp, xm = x.copy(), x.copy()
            xp[i] += eps
            xm[i] -= eps
            grad[i] = (f(xp) - f(xm)) / (2 * eps)
        return grad
    """,
        ("gradcheck.public_values", "gradcheck.step"),
        "a step of its own (1e-6) instead of h",
        hint="gradcheck.step_ignored",
        tags=("arguments",),
    ),
    Mistake(
        "gc_rows",
        T,
        """
        grad = np.zeros_like(x)
        for i in range(len(x)):
            old = x[i].copy()
            x[i] = old + h
            plus = f(x)
            x[i] = old - h
            minus = f(x)
            x[i] = old
            grad[i] = (plus - minus) / (2 * h)
        return grad
    """,
        VALUES + ("gradcheck.input",),
        "a loop over len(x): x[i] is a whole row of a 2-D array, and len() of a 0-d array raises",
        hint="gradcheck.rows",
        tags=("domain",),
    ),
    Mistake(
        "gc_rows_shape0",
        T,
        """
        grad = np.zeros_like(x)
        for i in range(x.shape[0]):
            xp = x.copy()
            xm = x.copy()
            xp[i] += h
            xm[i] -= h
            grad[i] = (float(f(xp)) - float(f(xm))) / (2 * h)
        return grad
    """,
        VALUES + ("gradcheck.input",),
        "a loop over x.shape[0]: right for 1-D input only",
        hint="gradcheck.rows",
        tags=("domain",),
    ),
    Mistake(
        "gc_all_at_once",
        T,
        """
        return np.full_like(x, (f(x + h) - f(x - h)) / (2 * h))
    """,
        VALUES + ("gradcheck.input",),
        "every element moved at once: the sum of the partial derivatives, everywhere",
        hint="gradcheck.all_at_once",
    ),
    Mistake(
        "gc_all_at_once_ones",
        T,
        """
        slope = (float(f(x + h)) - float(f(x - h))) / (2 * h)
        return slope * np.ones(x.shape)
    """,
        VALUES + ("gradcheck.input",),
        "one slope along the diagonal, spread over every element",
        hint="gradcheck.all_at_once",
    ),
    Mistake(
        "gc_reshape_copy",
        T,
        """
        flat = x.reshape(-1)
        grad = np.zeros(flat.size)
        for i in range(flat.size):
            old = flat[i]
            flat[i] = old + h
            plus = float(f(x))
            flat[i] = old - h
            minus = float(f(x))
            flat[i] = old
            grad[i] = (plus - minus) / (2 * h)
        return grad.reshape(x.shape)
    """,
        ("gradcheck.values",),
        "moves the elements of x.reshape(-1), a copy when x is not contiguous (a transposed array)",
        hint="gradcheck.copy_of_view",
        tags=("domain",),
    ),
    Mistake(
        "gc_ravel_copy",
        T,
        """
        grad = np.zeros_like(x)
        g, v = grad.ravel(), x.ravel()
        for i in range(v.size):
            keep = v[i]
            v[i] = keep + h
            up = f(x)
            v[i] = keep - h
            down = f(x)
            v[i] = keep
            g[i] = (up - down) / (2 * h)
        return grad
    """,
        ("gradcheck.values",),
        "moves the elements of x.ravel(), a copy when x is not contiguous",
        hint="gradcheck.copy_of_view",
        tags=("domain",),
    ),
    Mistake(
        "gc_flat_result",
        T,
        """
        grads = []
        for i in np.ndindex(x.shape):
            xp, xm = x.copy(), x.copy()
            xp[i] += h
            xm[i] -= h
            grads.append((float(f(xp)) - float(f(xm))) / (2 * h))
        return np.array(grads)
    """,
        VALUES,
        "the partial derivatives returned as a flat array, not shaped like x",
        hint=None,
        tags=("domain",),
    ),
    Mistake(
        "gc_scipy",
        T,
        """
        from scipy.optimize import approx_fprime
        return approx_fprime(x.ravel(), lambda v: float(f(v.reshape(x.shape))), h).reshape(x.shape)
    """,
        VALUES + INPUT,
        "SciPy's approx_fprime: a one-sided difference, and ModuleNotFoundError in the grader",
        hint=None,
        tags=("environment",),
    ),
]

ALTERNATIVES = [
    Alternative(
        "gc_copies",
        T,
        """
        grad = np.zeros(x.shape)
        for i in np.ndindex(x.shape):
            xp, xm = x.copy(), x.copy()
            xp[i] += h
            xm[i] -= h
            grad[i] = (f(xp) - f(xm)) / (2 * h)
        return grad
    """,
        "two fresh copies per element: x itself is never touched",
        tags=("domain",),
    ),
    Alternative(
        "gc_nditer",
        T,
        """
        grad = np.zeros_like(x)
        it = np.nditer(x, flags=["multi_index"], op_flags=[["readwrite"]])
        while not it.finished:
            ix = it.multi_index
            old = x[ix]
            x[ix] = old + h
            fxph = f(x)
            x[ix] = old - h
            fxmh = f(x)
            x[ix] = old
            grad[ix] = (fxph - fxmh) / (2 * h)
            it.iternext()
        return grad
    """,
        "CS231n's eval_numerical_gradient, with np.nditer (0-d and non-contiguous arrays included)",
        tags=("domain",),
    ),
    Alternative(
        "gc_basis_vector",
        T,
        """
        grad = np.zeros_like(x)
        for k in range(x.size):
            e = np.zeros(x.shape)
            e[np.unravel_index(k, x.shape)] = h
            grad[np.unravel_index(k, x.shape)] = (float(f(x + e)) - float(f(x - e))) / (2 * h)
        return grad
    """,
        "a basis vector scaled by h, added and subtracted (the other elements move by an exact 0)",
        tags=("domain", "arguments"),
    ),
    Alternative(
        "gc_try_finally",
        T,
        """
        grad = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            old = x[i]
            try:
                x[i] = old + h
                plus = float(f(x))
                x[i] = old - h
                minus = float(f(x))
            finally:
                x[i] = old
            grad[i] = 0.5 * (plus - minus) / h
        return grad
    """,
        "the element put back in a finally clause; 0.5 (f+ - f-) / h",
    ),
    Alternative(
        "gc_itertools",
        T,
        """
        import itertools
        grad = np.zeros_like(x)
        for i in itertools.product(*(range(n) for n in x.shape)):
            saved = float(x[i])
            x[i] = saved + h
            a = f(x)
            x[i] = saved - h
            b = f(x)
            x[i] = saved
            grad[i] = (a - b) / (h + h)
        return grad
    """,
        "indices from itertools.product (a module the grader has; one empty index for 0-d input)",
        tags=("environment", "domain"),
    ),
]
