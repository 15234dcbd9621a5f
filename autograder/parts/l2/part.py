"""L2 penalty: ``penalties.l2`` and ``penalties.l2_grad`` (see ``penalty_contract`` for the cases)."""

from .. import penalty_contract as P
from ..spec import Custom, Part, Values

PART = Part(
    id="l2",
    title="L2 penalty",
    notebook="04_overfitting_and_penalties",
    pytorch="none: no PyTorch function (torch.optim's weight_decay is its gradient, shown in notebook 04)",
    targets=("penalties.l2", "penalties.l2_grad"),
    checks=(
        Values("public_value", 1, "l2 of small weight sets worked out by hand", public=True,
               function="penalties.l2", cases=P.worked, seed=0),
        Values("public_grad", 1, "l2_grad of the same weight sets, in the structure they were given", public=True,
               function="penalties.l2_grad", cases=P.worked, seed=0),
        Values("values", 2, "l2 of weights in every form the contract allows (one array of any shape, a "
                            "nested list, a float, lists and tuples of arrays), exact zeros, large and tiny "
                            "values, lam = 0 and an int lam", function="penalties.l2", cases=P.hidden, seed=221),
        Values("grad", 2, "l2_grad of the same weights, in the structure it was given (an array for one "
                          "array, a list for a list, a tuple for a tuple)", function="penalties.l2_grad",
               cases=P.hidden, seed=222),
        Custom("shrinks", 3, "trained with l2_grad, an over-wide network ends with smaller weights and a "
                             "smaller train/validation gap than without a penalty"),
    ),
    hints={
        **P.HINTS,
        "l2.grad_is_l1": "this is the L1 gradient, which depends only on the sign of w: L2's is proportional to w",
    },
    models=P.models("penalties.l2", "penalties.l2_grad"),
)
