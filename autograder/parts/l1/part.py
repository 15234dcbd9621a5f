"""L1 penalty: ``penalties.l1`` and ``penalties.l1_grad`` (see ``penalty_contract`` for the cases)."""

from .. import penalty_contract as P
from ..spec import Custom, Part, Values

PART = Part(
    id="l1",
    title="L1 penalty",
    notebook="04_overfitting_and_penalties",
    pytorch="none: no PyTorch function (checked against hand-worked values and central differences)",
    targets=("penalties.l1", "penalties.l1_grad"),
    checks=(
        Values("public_value", 1, "l1 of small weight sets worked out by hand", public=True,
               function="penalties.l1", cases=P.worked, seed=0),
        Values("public_grad", 1, "l1_grad of the same weight sets, in the structure they were given", public=True,
               function="penalties.l1_grad", cases=P.worked, seed=0),
        Values("values", 2, "l1 of weights in every form the contract allows (one array of any shape, a "
                            "nested list, a float, lists and tuples of arrays), exact zeros, large and tiny "
                            "values, lam = 0 and an int lam", function="penalties.l1", cases=P.hidden, seed=211),
        Values("grad", 2, "l1_grad of the same weights, in the structure it was given (an array for one "
                          "array, a list for a list, a tuple for a tuple)", function="penalties.l1_grad",
               cases=P.hidden, seed=212),
        Custom("sparsity", 2, "trained with l1_grad, a linear model sets its useless weights (near) zero: "
                              "more of them than L2 of the same strength does"),
    ),
    hints={
        **P.HINTS,
        "l1.is_l2": "this is the L2 penalty, which squares the weights: L1 takes their absolute values",
        "l1.no_abs": "it sums the weights themselves, so positive and negative weights cancel: L1 sums their sizes",
        "l1.grad_is_l2": "this is the L2 gradient, proportional to w: L1's depends only on the sign of w",
        "l1.grad_at_zero": "at w = 0 exactly the gradient is 0 (the subgradient this course uses)",
    },
    models=P.models("penalties.l1", "penalties.l1_grad"),
)
