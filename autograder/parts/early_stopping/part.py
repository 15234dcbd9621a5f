"""Early stopping: ``training.EarlyStopping`` (no PyTorch class).

The contract (CONTRACT.md, the class's docstring): ``step(val_loss, state=None)`` once per epoch
returns True after ``patience`` epochs in a row without an improvement (``val_loss < best_loss -
min_delta``; NaN never improves), and keeps ``best_loss``, ``best_epoch`` (0-based count of step
calls) and ``best_state``, a deep copy of whatever ``state`` was passed at the best epoch: a dict, a
list, a tuple, nested, of arrays that the caller keeps changing in place, or None.

The sequences below drive one object through many epochs: loss curves of every shape (falling,
rising, flat, improving again after the stop signal), at every level (around 40, 0.02, below zero),
with NaN losses, with losses exactly at the threshold ``best_loss - min_delta`` (dyadic numbers, so
the tie is exact), and states of every container, changed in place after each step. What each
check compares: the stop signal (``stops``), the bookkeeping (``best``), the improvement rule
(``min_delta``: its effect on the stop signal and on the bookkeeping), the copy (``copies_state``).
"""

import numpy as np

from ..domains import rng
from ..spec import Custom, Op, Part, Sequence, Sequences, Shared

NAN = float("nan")
LEVELS = (("losses around 1", 1.0), ("losses around 40", 40.0), ("losses around 0.02", 0.02),
          ("losses below zero", -8.0))


def _curve(g, pattern, level, length):
    """A loss curve of ``pattern`` around ``level``: dyadic steps, so that ties are exact."""
    unit = 2.0 ** np.floor(np.log2(abs(level))) / 8
    if pattern == "falls then rises":
        k = int(g.integers(2, length - 2))
        steps = [-1] * k + [1] * (length - k)
    elif pattern == "improves again after a stall":
        steps = [-1, -1, 1, 0, 0, -3, 1, 1, 1, 1, 1][:length]
    elif pattern == "keeps improving":
        steps = [-1] * length
    elif pattern == "flat, then worse":
        steps = [-1] + [0] * 3 + [1] * (length - 4)
    elif pattern == "noisy":
        steps = list(g.integers(-2, 3, length))
    else:
        raise ValueError(pattern)
    losses = level + unit * np.cumsum(steps)
    return [float(x) for x in losses]


def _step_ops(losses, observe, state=None, in_place=True):
    """step(loss, state) for each loss; ``state(epoch)`` gives the state's values at each epoch,
    written in place into one object (``in_place``, as a training loop does) or passed as a new
    object each time."""
    ops = []
    for i, loss in enumerate(losses):
        if state is not None and in_place:
            ops.append(Op("put", ("state", state(i)), observe=()))
        args = (loss,) if state is None else (loss, Shared("state") if in_place else state(i))
        ops.append(Op("step", args, observe=observe, label=f"step #{i}"))
    return tuple(ops)


PATTERNS = ("falls then rises", "improves again after a stall", "keeps improving", "flat, then worse", "noisy")


def _curves(seed, with_nan=True):
    """(words, losses) for every pattern at every level, and curves with NaN losses."""
    out = []
    for level_words, level in LEVELS:
        for pattern in PATTERNS:
            g = rng(seed, pattern, level)
            out.append(((pattern, level_words), _curve(g, pattern, level, int(g.integers(7, 11)))))
    if with_nan:
        for before in (0, 1, 2):       # epochs without improvement before the NaN
            losses = [1.0, 0.875] + [0.875 + 0.125 * (i + 1) for i in range(before)] + [NAN]
            losses += [1.5, 1.625, 0.5, 0.625, 0.75, 0.875]
            out.append(((f"a NaN loss after {before} epochs without improvement", "losses around 1"), losses))
        out.append((("a NaN loss first", "losses around 1"), [NAN, 1.0, 0.75, 0.875, 1.0, 1.125]))
        out.append((("NaN losses in a row", "losses around 1"), [1.0, 0.75, NAN, NAN, NAN, 0.5, 0.625, 0.75]))
    return out


def stop_sequences(seed):
    seqs = []
    for i, ((pattern, level), losses) in enumerate(_curves(seed)):
        patience = (1, 2, 3, 5)[i % 4]
        seqs.append(Sequence(f"{pattern}, {level}, patience {patience}", {"patience": patience},
                             _step_ops(losses, ("return",)), facets=(pattern, level, f"patience {patience}")))
    return seqs


def best_sequences(seed):
    seqs = []
    for i, ((pattern, level), losses) in enumerate(_curves(seed + 1)):
        patience = (2, 3, 50)[i % 3]
        seqs.append(Sequence(f"{pattern}, {level}", {"patience": patience},
                             _step_ops(losses, ("best_loss", "best_epoch")), facets=(pattern, level)))
    return seqs


MIN_DELTA_STEPS = (      # loss changes in units of min_delta: improvements past, exactly at and short of it
    ("drops past, at and short of the threshold", (0, -2, -1, -0.5, -1.5, -1, 0.25, -1, -0.75, -1.25)),
    ("small drops, then enough", (0, -2, -0.25, -0.25, -0.25, -0.25, -0.25, -0.25, 0.5)),
    ("only worse after the best", (0, -2, 0.5, 0.5, 0.5, 0.5, 0.5)),
)


def min_delta_sequences(seed):
    """Improvements just past, exactly at and just short of the threshold best_loss - min_delta,
    at several loss levels (an absolute amount, not a fraction of the loss)."""
    seqs = []
    for i, (level_words, level) in enumerate(LEVELS):
        for j, min_delta in enumerate((2.0 ** -4, 2.0 ** -2)):
            for k, (pattern, steps) in enumerate(MIN_DELTA_STEPS):
                losses = [float(level + min_delta * s) for s in np.cumsum(steps)]
                patience = 1 + (i + j + k) % 3
                seqs.append(Sequence(f"min_delta = {min_delta:g}, {pattern}, {level_words}, patience {patience}",
                                     {"patience": patience, "min_delta": min_delta},
                                     _step_ops(losses, ("return", "best_loss")),
                                     facets=(f"min_delta = {min_delta:g}", pattern, level_words)))
    return seqs


def _state_maker(container, seed):
    g = rng(seed, container)
    w, b, v = g.standard_normal((2, 3)), g.standard_normal(3), g.standard_normal(4)

    def state(epoch):
        W, B, V = w + epoch, b - epoch, v * (epoch + 1)
        return {
            "a dict of arrays": lambda: {"W": W, "b": B},
            "a list of arrays": lambda: [W, B],
            "a tuple of arrays": lambda: (W, B),
            "a nested dict of lists": lambda: {"layer1": [W, B], "layer2": {"V": V}},
            "one array": lambda: V,
        }[container]()

    return state


CONTAINERS = ("a dict of arrays", "a list of arrays", "a tuple of arrays", "a nested dict of lists", "one array")


def copy_sequences(seed):
    seqs = []
    for i, container in enumerate(CONTAINERS):
        for in_place in (True, False):
            losses = _curve(rng(seed, container, in_place), "falls then rises", 1.0, 8)
            how = "changed in place after each step" if in_place else "a new object at each step"
            seqs.append(Sequence(f"state as {container}, {how}", {"patience": 20},
                                 _step_ops(losses, ("best_state",), _state_maker(container, seed + i), in_place),
                                 facets=(container, how)))
    losses = _curve(rng(seed, "none"), "falls then rises", 1.0, 5)
    seqs.append(Sequence("no state passed", {"patience": 20}, _step_ops(losses, ("best_state",)),
                         facets=("no state", "no state passed")))
    return seqs


def worked_patience(seed):
    losses = [1.0, 0.8, 0.85, 0.9, 0.95]
    return [Sequence("patience 2 on [1.0, 0.8, 0.85, 0.9, 0.95]", {"patience": 2},
                     _step_ops(losses, ("return",)))]


def worked_best(seed):
    losses = [1.0, 0.8, 0.85, 0.9]
    return [Sequence("losses [1.0, 0.8, 0.85, 0.9], state {'w': [epoch]}", {"patience": 5},
                     _step_ops(losses, ("best_loss", "best_epoch"), lambda e: {"w": np.array([float(e)])}))]


def worked_copy(seed):
    ops = (Op("put", ("state", {"w": np.array([1.0, 2.0])}), observe=()),
           Op("step", (1.0, Shared("state")), observe=(), label="step(1.0, state)"),
           Op("put", ("state", {"w": np.array([9.0, 9.0])}), observe=()),
           Op("step", (2.0, {"w": np.array([5.0, 5.0])}), observe=("best_state",),
              label="step(2.0, {'w': [5, 5]}) after state['w'] was set to [9, 9] in place"))
    return [Sequence("the state's arrays changed in place after the best epoch", {"patience": 3}, ops)]


PART = Part(
    id="early_stopping",
    title="Early stopping",
    notebook="05_early_stopping",
    pytorch="none: no PyTorch class",
    targets=("training.EarlyStopping",),
    checks=(
        Sequences("public_patience", 1, "With patience 2, step returns True at the second epoch in a row "
                                        "without improvement", public=True,
                  cls="training.EarlyStopping", sequences=worked_patience),
        Sequences("public_best", 1, "best_loss and best_epoch describe the epoch with the lowest loss",
                  public=True, cls="training.EarlyStopping", sequences=worked_best),
        Sequences("public_copy", 1, "best_state is a deep copy of the state passed at the best epoch",
                  public=True, cls="training.EarlyStopping", sequences=worked_copy),
        Sequences("stops", 2, "step returns True exactly when patience epochs in a row have not improved "
                              "(and False again once an epoch improves), at any loss level, NaN included",
                  cls="training.EarlyStopping", sequences=stop_sequences, seed=501),
        Sequences("best", 2, "best_loss and best_epoch (0-based) are those of the lowest loss; a NaN loss "
                             "never counts", cls="training.EarlyStopping", sequences=best_sequences, seed=502),
        Sequences("min_delta", 1, "an epoch improves only when its loss is strictly below best_loss - "
                                  "min_delta, an absolute amount: in the stop signal and in best_loss",
                  cls="training.EarlyStopping", sequences=min_delta_sequences, seed=503),
        Sequences("copies_state", 2, "best_state is a deep copy of the state passed at the best epoch, "
                                     "whatever its container, unchanged by later in-place changes",
                  cls="training.EarlyStopping", sequences=copy_sequences, seed=504),
        Custom("in_training", 2, "in the reference fit, the model restored from best_state has the lowest "
                                 "validation loss of the epochs that ran"),
    ),
    hints={
        "early_stopping.off_by_one": "it stops one epoch late: return True as soon as the count of epochs "
                                     "without improvement reaches patience",
        "early_stopping.early": "it stops one epoch early: return True only when the count of epochs "
                                "without improvement reaches patience",
        "early_stopping.no_reset": "an improvement does not reset the count of epochs without improvement to 0",
        "early_stopping.one_based": "best_epoch counts from 1: count step calls from 0",
        "early_stopping.ties": "a loss equal to best_loss - min_delta counts as an improvement: it must be "
                               "strictly below",
        "early_stopping.min_delta_ignored": "min_delta is ignored: an improvement must be below best_loss - "
                                            "min_delta",
        "early_stopping.relative": "min_delta is used as a fraction of best_loss; it is an absolute amount",
        "early_stopping.nan": "a NaN loss counts as an improvement: NaN never improves (a comparison with "
                              "NaN is False)",
        "early_stopping.shares": "best_state shares its arrays with the state passed in, so it follows every "
                                 "later change: keep a deep copy",
        "early_stopping.last_state": "best_state is the state of the latest epoch: copy the state only when "
                                     "the loss improves",
        "early_stopping.epoch_count": "best_epoch is not the number of step calls before the best one: count "
                                      "every call of step, improving or not",
        "early_stopping.latched": "once it has returned True it keeps returning True, even after an "
                                  "improvement: decide from the current count of epochs without improvement",
        "early_stopping.counter_min_delta": "any lower loss resets the count of epochs without improvement; "
                                            "only an improvement (below best_loss - min_delta) resets it",
        "early_stopping.nan_skipped": "a NaN epoch is skipped; it is an epoch without improvement, and counts "
                                      "toward patience",
    },
)
