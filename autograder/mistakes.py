"""The corpus of realistic wrong implementations, and of correct alternatives.

Each ``Mistake`` replaces the solution region of one function of the reference with a wrong body
(source text, as a student would write it there) and names the checks that must catch it. The
test suite grades every mistake and asserts that it loses points in exactly its own part, that
each check it names fails, and that every other part keeps full marks. Each ``Alternative`` is a
correct body written differently, which must keep full marks.

``EXAMPLES`` combines mistakes into the demo's example submissions (``examples/submissions``).
"""

import dataclasses

from . import SOLUTIONS
from .release import replace_region


@dataclasses.dataclass(frozen=True)
class Change:
    """A body that replaces the solution region of ``target``."""

    name: str
    target: str          # "losses.mse" or "layers.Dropout.forward"
    body: str            # source text, as a student would write it in the region

    @property
    def module(self):
        return self.target.split(".", 1)[0]

    @property
    def qualname(self):
        return self.target.split(".", 1)[1]


@dataclasses.dataclass(frozen=True)
class Mistake(Change):
    catches: tuple       # check ids that must fail
    why: str = ""


@dataclasses.dataclass(frozen=True)
class Alternative(Change):
    why: str = ""


MISTAKES = [
    # ---- mse ---------------------------------------------------------------------------------
    Mistake("mse_sum", "losses.mse", """
        return float(np.sum((y_pred - y_true) ** 2))
    """, ("mse.public_value", "mse.values"), "a sum where the mean belongs"),
    Mistake("mse_abs", "losses.mse", """
        return float(np.mean(np.abs(y_pred - y_true)))
    """, ("mse.public_value", "mse.values"), "absolute instead of squared error"),
    Mistake("mse_half", "losses.mse", """
        return float(0.5 * np.mean((y_pred - y_true) ** 2))
    """, ("mse.public_value", "mse.values"), "an extra 0.5"),
    Mistake("mse_loop", "losses.mse", """
        total = 0.0
        flat_p, flat_t = y_pred.ravel(), y_true.ravel()
        for i in range(flat_p.size):
            total += (flat_p[i] - flat_t[i]) ** 2
        return float(total / flat_p.size)
    """, ("mse.vectorized",), "a Python loop over elements"),
    Mistake("mse_per_element", "losses.mse", """
        return (y_pred - y_true) ** 2
    """, ("mse.public_value", "mse.values"), "returns the per-element losses, not their mean"),
    Mistake("mse_grad_no_mean", "losses.mse_grad", """
        return 2.0 * (y_pred - y_true)
    """, ("mse.public_grad", "mse.grad"), "the gradient not divided by N"),
    Mistake("mse_grad_no_two", "losses.mse_grad", """
        return (y_pred - y_true) / y_pred.size
    """, ("mse.public_grad", "mse.grad"), "the factor 2 of the derivative missing"),
    Mistake("mse_grad_sign", "losses.mse_grad", """
        return 2.0 * (y_true - y_pred) / y_pred.size
    """, ("mse.public_grad", "mse.grad"), "the sign flipped"),
    Mistake("mse_grad_rows", "losses.mse_grad", """
        return 2.0 * (y_pred - y_true) / len(y_pred)
    """, ("mse.public_grad", "mse.grad"), "divided by the number of rows, not of elements"),
]

ALTERNATIVES = [
    Alternative("mse_dot", "losses.mse", """
        d = (y_pred - y_true).ravel()
        return float(d @ d / d.size)
    """, "a dot product"),
    Alternative("mse_square", "losses.mse", """
        return float(np.square(y_pred - y_true).mean())
    """, "np.square and the array's mean method"),
    Alternative("mse_grad_mean_scale", "losses.mse_grad", """
        n = np.prod(y_pred.shape)
        return (y_pred - y_true) * (2 / n)
    """, "the scale computed from the shape"),
]

EXAMPLES = {
    "sum_instead_of_mean": ["mse_sum", "mse_grad_no_mean"],
}


def by_name():
    return {m.name: m for m in MISTAKES + ALTERNATIVES}


def mutate(names):
    """A ``build_library`` transform applying the named mistakes or alternatives."""
    chosen = [by_name()[n] for n in names]

    def transform(module, text):
        for m in chosen:
            if m.module == module:
                text = replace_region(text, m.qualname, m.body, f"{module}.py")
        return text

    return transform


def reference_source(module):
    return (SOLUTIONS / "course_lib" / f"{module}.py").read_text()
