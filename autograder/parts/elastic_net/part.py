"""Elastic net: ``penalties.elastic_net`` and ``penalties.elastic_net_grad`` (scikit-learn's form;
see ``penalty_contract`` for the cases)."""

from .. import penalty_contract as P
from ..spec import Case, Part, Values


def worked(seed):
    return [Case(c.kind + ", l1_ratio = 0.25", c.args, {"l1_ratio": 0.25}) for c in P.worked(seed)]

def hidden(seed):
    return [c for r in (0.2, 0.7, 0.5) for c in P.hidden(seed + int(10 * r), l1_ratio=r)]

def limits(seed):
    """l1_ratio = 1 is the L1 penalty and l1_ratio = 0 the L2 penalty."""
    return [c for r in (1.0, 0.0) for c in P.hidden(seed + int(r), l1_ratio=r)]

PART = Part(
    id="elastic_net",
    title="Elastic net",
    notebook="04_overfitting_and_penalties",
    pytorch="none: no PyTorch function (scikit-learn's ElasticNet penalty form)",
    targets=("penalties.elastic_net", "penalties.elastic_net_grad"),
    checks=(
        Values("public_value", 1, "elastic_net of small weight sets worked out by hand (l1_ratio = 0.25)",
               public=True, function="penalties.elastic_net", cases=worked, seed=0),
        Values("public_grad", 1, "elastic_net_grad of the same weight sets", public=True,
               function="penalties.elastic_net_grad", cases=worked, seed=0),
        Values("values", 2, "elastic_net of weights in every form the contract allows, for l1_ratio 0.2, 0.5 "
                            "and 0.7", function="penalties.elastic_net", cases=hidden, seed=911),
        Values("grad", 2, "elastic_net_grad of the same weights, in the structure it was given",
               function="penalties.elastic_net_grad", cases=hidden, seed=912),
        Values("limits", 1, "with l1_ratio = 1 elastic_net is the L1 penalty and with l1_ratio = 0 the L2 "
                            "penalty (values)", function="penalties.elastic_net", cases=limits, seed=913),
    ),
    hints={
        **P.HINTS,
        "elastic_net.ratio_swapped": "l1_ratio weighs the wrong term: it belongs to the L1 part",
        "elastic_net.no_half": "the L2 part is missing its 1/2 (scikit-learn's form)",
        "elastic_net.ratio_ignored": "l1_ratio is ignored: it always uses 0.5",
        "elastic_net.grad_no_ratio": "the L2 part of the gradient is missing its (1 - l1_ratio)",
        "elastic_net.grad_two_w": "the L2 part of the gradient is twice too large: the 1/2 of the penalty "
                                  "cancels the 2 of the derivative",
        "elastic_net.grad_at_zero": "at w = 0 exactly the L1 part of the gradient is 0 (the subgradient this "
                                    "course uses)",
    },
    models=P.models("penalties.elastic_net", "penalties.elastic_net_grad"),
)
