"""Mean squared error: ``losses.mse`` and ``losses.mse_grad`` (PyTorch ``F.mse_loss``)."""

import numpy as np

from checks.wire import Generated

from ..domains import real_pairs
from ..spec import Case, Custom, Part, Speed, Values


def worked(seed):
    """The example notebook 00 works by hand, and two small ones."""
    g = np.random.default_rng(seed)
    return [
        Case("the worked example", (np.array([1.0, 2.0, 4.0, -1.0]), np.array([1.0, 0.0, 1.0, 1.0])), n=4),
        Case("a 2-D batch", (g.standard_normal((4, 3)), g.standard_normal((4, 3))), n=12),
        Case("a 1-D array", (g.standard_normal(5), g.standard_normal(5)), n=5),
    ]


def hidden(seed):
    return real_pairs(seed)


def rows(case):
    """A mean over the rows instead of the elements: the factor N / rows (where there are rows)."""
    shape = np.shape(case.args[0])
    return [(case.n / shape[0], "mse.rows")] if len(shape) >= 2 else []


PART = Part(
    id="mse",
    title="Mean squared error",
    notebook="00_welcome",
    pytorch="F.mse_loss",
    targets=("losses.mse", "losses.mse_grad"),
    checks=(
        Values("public_value", 1, "mse on small examples worked out by hand", public=True,
               function="losses.mse", cases=worked, seed=0, factors=rows),
        Values("public_grad", 1, "mse_grad on small examples", public=True,
               function="losses.mse_grad", cases=worked, seed=1, factors=rows),
        Custom("public_vectorized", 1, "mse and mse_grad take about as long as whole-array NumPy code on a "
                                       "million elements", public=True),
        Values("values", 2, "mse matches the mean squared error on every shape, container and conditioning "
                            "its docstring allows", function="losses.mse", cases=hidden, seed=101, factors=rows),
        Values("grad", 2, "mse_grad matches the gradient of the mean squared error on every shape, container "
                          "and conditioning", function="losses.mse_grad", cases=hidden, seed=102, factors=rows),
        Speed("vectorized", 1, "mse and mse_grad use whole-array operations (fast on big arrays)",
              functions=("losses.mse", "losses.mse_grad"),
              inputs=(Generated("uniform", 1, (1_000_000,)), Generated("uniform", 2, (1_000_000,)))),
    ),
    hints={
        "mse.abs": "it is the mean ABSOLUTE error: square the residuals",
        "mse.rows": "it divides by the number of rows, not by the number of elements",
    },
)
