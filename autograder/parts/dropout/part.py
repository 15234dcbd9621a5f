"""Dropout: ``layers.Dropout`` (PyTorch's meaning of p: the probability of DROPPING a unit).

Masks are random and any correct way of drawing one is accepted, so every check is a custom one
(``test_dropout.py``, and the public ones in ``checks/public/test_dropout.py``): they test the
statistics of the masks and how forward and backward relate (backward applies the last forward's
mask, twice if called twice; eval mode and p = 0 are the identity; p = 1 drops everything), on
inputs of every shape the contract allows ("x (any)": ``SHAPES``, and 0-d arrays and nested lists
where statistics are not needed).
"""

from checks import hints as H

from ..spec import Custom, Part

SHAPES = (("a 1-D array", (20000,)), ("a 2-D batch", (200, 100)), ("a 3-D batch", (40, 25, 20)))

SHIPPED = (H.DROP_KEEP_PROB, H.DROP_NO_SCALE, H.DROP_NEVER, H.DROP_ALL, H.DROP_EVAL_ACTIVE, H.DROP_EVAL_SCALED,
           H.DROP_P_ONE, H.DROP_BACKWARD_NEW_MASK, H.DROP_BACKWARD_UNSCALED, H.DROP_BACKWARD_IDENTITY,
           H.DROP_GLOBAL_RNG, H.DROP_STALE_MASK)

PART = Part(
    id="dropout",
    title="Dropout",
    notebook="06_dropout",
    pytorch="none: random masks, checked by their statistics and never against exact values",
    targets=("layers.Dropout",),
    checks=(
        Custom("public_forward", 1, "p = 0.25 drops about a quarter of the units and scales the rest; eval mode "
                                    "is the identity", public=True),
        Custom("public_backward", 1, "backward lets the gradient through exactly where forward kept the unit",
               public=True),
        Custom("public_p_one", 1, "p = 1 drops every unit without dividing by zero", public=True),
        Custom("public_rng", 1, "masks come from the layer's own generator", public=True),
        Custom("kept_fraction", 2, "each unit is kept with probability 1 - p, a new mask at every call and for "
                                   "every element"),
        Custom("scaling", 2, "kept units are scaled by exactly 1/(1 - p), on inputs of every shape"),
        Custom("eval_identity", 2, "eval mode is the identity, for inputs of every shape and container"),
        Custom("edge_p", 1, "p = 0 is the identity and p = 1 drops everything, on every shape"),
        Custom("backward_mask", 2, "backward applies the last forward's mask, again when called twice"),
        Custom("state", 2, "sequences of calls and mode switches"),
        Custom("seeded", 1, "layers built with the same seed drop the same units"),
        Custom("gap", 2, "dropout narrows the train/validation gap of an over-wide network"),
    ),
    hints={
        **{h.id: h.text for h in SHIPPED},
        "dropout.same_mask": "forward reuses one mask: draw a new one at every call",
        "dropout.per_feature": "every row of the batch got the same mask: draw one random number per element",
        "dropout.backward_reads_mode": "backward follows the layer's current mode, not the last forward: after "
                                       "a training-mode forward it must apply that forward's mask, whatever the "
                                       "mode is now",
        "dropout.backward_clears": "a second backward after the same forward no longer applies the mask: "
                                   "backward must leave the mask for the next call",
    },
)
