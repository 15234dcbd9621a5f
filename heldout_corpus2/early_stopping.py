"""Held-out mistakes and alternatives for ``EarlyStopping.step`` (notebook 05).

Contract: an epoch improves when val_loss < best_loss - min_delta (NaN never does); on improvement
best_loss, best_epoch (the 0-based number of this call) and best_state (a deep copy of whatever
``state`` is: a dict, list, tuple, nested structure, an object, an array or None) are stored and the
bad-epoch count resets; otherwise the count grows; step returns True whenever the count of bad
epochs in a row has reached patience, also on later calls. ``copy`` and ``math`` are imported by
the provided module.
"""

MISTAKES = [
    dict(
        name="h2_es_equal_loss_improves",
        target="training.EarlyStopping.step",
        body='''
        if val_loss <= self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
''',
        cause="I wrote <= so that a loss equal to the best also counts as an improvement; a plateau then "
              "never stops training and the best epoch keeps moving",
        kind="slip",
        witness="patience 2, losses [1, 1, 1, 1]: never returns True (reference: True from the third "
                "call) and best_epoch becomes 3 instead of 0",
    ),
    dict(
        name="h2_es_shallow_copy",
        target="training.EarlyStopping.step",
        body='''
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.copy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
''',
        cause="I copied the state with copy.copy, which copies the dict but not the arrays in it; "
              "training keeps changing those arrays in place, so the 'best' state follows the model",
        kind="repeated-use",
        witness="a dict of arrays trained in place after each call (losses [1, .9, .95, .8, ...]): "
                "best_state holds the latest weights instead of those of epoch 3",
    ),
    dict(
        name="h2_es_copies_dict_values",
        target="training.EarlyStopping.step",
        body='''
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = {k: v.copy() for k, v in state.items()}
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
''',
        cause="I copied each array of the state dict, assuming the state is always a state_dict(); a "
              "list, tuple, array or None has no items(), and a nested dict is only copied one level deep",
        kind="domain",
        witness="state given as a list of arrays: raises AttributeError on the first call; state None: "
                "AttributeError; a nested dict: its inner arrays are shared and change with training",
    ),
    dict(
        name="h2_es_nan_becomes_best",
        target="training.EarlyStopping.step",
        body='''
        if val_loss >= self.best_loss - self.min_delta:
            self.bad_epochs += 1
        else:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        self.epoch += 1
        return self.bad_epochs >= self.patience
''',
        cause="I tested for 'no improvement' and put the improvement in the else; every comparison with "
              "NaN is False, so a NaN loss lands in the else and becomes the best loss",
        kind="domain",
        witness="patience 2, losses [1, nan, 0.9, nan, nan, 0.5]: best_loss becomes NaN at the second "
                "call (best_epoch 1), and the NaN epochs never count as bad",
    ),
    dict(
        name="h2_es_min_delta_added",
        target="training.EarlyStopping.step",
        body='''
        if val_loss < self.best_loss + self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
''',
        cause="I added min_delta to the best loss instead of subtracting it, so a loss slightly worse "
              "than the best (within min_delta) counts as an improvement",
        kind="second-output",
        witness="patience 2, min_delta 0.1, losses [1, 1.05, 1.08, ...]: 1.05 becomes the best loss "
                "(best_epoch 1) and training does not stop at the third call",
    ),
    dict(
        name="h2_es_epoch_counted_first",
        target="training.EarlyStopping.step",
        body='''
        self.epoch += 1
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        return self.bad_epochs >= self.patience
''',
        cause="I counted the call before recording it, so best_epoch is 1-based",
        kind="slip",
        witness="losses [1, .9, ...]: best_epoch is 1 after the first call instead of 0",
    ),
    dict(
        name="h2_es_bad_epochs_never_reset",
        target="training.EarlyStopping.step",
        body='''
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
''',
        cause="I forgot to reset the count of bad epochs on an improvement, so it counts all bad epochs "
              "instead of those in a row",
        kind="slip",
        witness="patience 2, losses [1, 1.1, 0.9, 1.0, 0.95]: returns True at the fourth call (two bad "
                "epochs in total) instead of the fifth",
    ),
    dict(
        name="h2_es_best_follows_every_decrease",
        target="training.EarlyStopping.step",
        body='''
        if val_loss < self.best_loss - self.min_delta:
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        if val_loss < self.best_loss:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
        self.epoch += 1
        return self.bad_epochs >= self.patience
''',
        cause="I read 'best_loss: the lowest validation loss seen so far' and updated it on every "
              "decrease, using min_delta only for patience; an improvement is then measured from a best "
              "that moved by less than min_delta",
        kind="second-output",
        witness="patience 2, min_delta 0.01, losses [1, .995, .989, ...]: best_loss 0.995 at the second "
                "call (reference keeps 1.0), and True at the third call (reference: 0.989 improves)",
    ),
    dict(
        name="h2_es_stop_signal_once",
        target="training.EarlyStopping.step",
        body='''
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs == self.patience
''',
        cause="I returned True when the count equals patience; a loop that keeps calling step (or "
              "ignores the first True) then gets False again",
        kind="repeated-use",
        witness="patience 2, losses [1, 1.5, 1.6, 1.7, 1.8]: True at the third call only, False at the "
                "fourth and fifth (reference: True at all three)",
    ),
    dict(
        name="h2_es_nan_stops_immediately",
        target="training.EarlyStopping.step",
        body='''
        if math.isnan(val_loss):
            return True
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
''',
        cause="I stop at once when the loss is NaN, since training has diverged; the contract counts a "
              "NaN epoch as one epoch without improvement, and my early return does not count the epoch",
        kind="domain",
        witness="patience 2, losses [1, nan, 0.9, ...]: True at the second call (reference False), and "
                "the 0.9 of the third call gets best_epoch 1 instead of 2",
    ),
    dict(
        name="h2_es_patience_exceeded",
        target="training.EarlyStopping.step",
        body='''
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs > self.patience
''',
        cause="I stopped when the count exceeds patience, one epoch too late",
        kind="slip",
        witness="patience 3, losses [1, .9, .95, .8, .85, .86, .87, .9]: True only at the eighth call "
                "instead of the seventh",
    ),
]

ALTERNATIVES = [
    dict(
        name="h2_es_alt_flag",
        target="training.EarlyStopping.step",
        body='''
        improved = val_loss < self.best_loss - self.min_delta
        if improved:
            self.best_loss, self.best_epoch = val_loss, self.epoch
            self.best_state = copy.deepcopy(state)
        self.bad_epochs = 0 if improved else self.bad_epochs + 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
''',
        why="one boolean for the improvement, a conditional expression for the count",
        tested="every scenario of the early_stopping cases (21: patience 1 to 4, min_delta 0 to 0.1, "
               "ties, 1e-12 steps, NaN first / in the middle / only, inf, calls after a stop, ints and "
               "NumPy scalars, states as dict, list, tuple, nested dict, object, array, None, trained in "
               "place after each call): the same return value, best_loss, best_epoch and best_state at "
               "every call, and the same best_state after training went on",
    ),
    dict(
        name="h2_es_alt_distance_to_best",
        target="training.EarlyStopping.step",
        body='''
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
        last_good = -1 if self.best_epoch is None else self.best_epoch
        self.bad_epochs = self.epoch - last_good
        self.epoch += 1
        return self.bad_epochs >= self.patience
''',
        why="the bad-epoch count is derived from the distance to the best epoch (every call counts from "
            "-1 while nothing has improved)",
        tested="every scenario of the early_stopping cases: same observations at every call",
    ),
    dict(
        name="h2_es_alt_early_return",
        target="training.EarlyStopping.step",
        body='''
        self.epoch += 1
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch - 1
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
            return False
        self.bad_epochs += 1
        return self.bad_epochs >= self.patience
''',
        why="counts the call first (so best_epoch is epoch - 1) and returns False right after an "
            "improvement",
        tested="every scenario of the early_stopping cases: same observations at every call",
    ),
]

WITNESS_CASES = {
    "h2_es_equal_loss_improves": "EarlyStopping/equal-losses",
    "h2_es_shallow_copy": "EarlyStopping/basic",
    "h2_es_copies_dict_values": "EarlyStopping/state-list",
    "h2_es_nan_becomes_best": "EarlyStopping/nan-in-middle",
    "h2_es_min_delta_added": "EarlyStopping/min-delta-worse-within-delta",
    "h2_es_epoch_counted_first": "EarlyStopping/basic",
    "h2_es_bad_epochs_never_reset": "EarlyStopping/reset-after-improvement",
    "h2_es_best_follows_every_decrease": "EarlyStopping/min-delta-small-steps",
    "h2_es_stop_signal_once": "EarlyStopping/keep-stepping-after-stop",
    "h2_es_nan_stops_immediately": "EarlyStopping/nan-in-middle",
    "h2_es_patience_exceeded": "EarlyStopping/basic",
}
