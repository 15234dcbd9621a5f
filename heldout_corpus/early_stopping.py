"""Held-out mistakes and alternatives for ``EarlyStopping.step`` (see README.md)."""

MISTAKES = [
    dict(
        name="ho_es_equal_counts_as_improvement",
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
        cause="I used <= so that a loss equal to the best (minus min_delta) counts as an improvement",
        kind="domain",
        probe="step equal losses",
        witness="losses [1, 1, 1, 1] with patience 2: never stops and best_epoch moves to 3, instead of stopping "
                "at epoch 2 with best_epoch 0",
    ),
    dict(
        name="ho_es_min_delta_added",
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
        cause="I added min_delta as a tolerance instead of requiring the loss to beat the best by min_delta",
        kind="second-output",
        probe="step min_delta=0.005",
        witness="patience 2, min_delta 0.005, losses [0.80, 0.81, 0.79, 0.7899, 0.786, ...]: 0.81 and 0.7899 "
                "count as improvements, so the stop signal and best_loss differ; min_delta = 0 hides it",
    ),
    dict(
        name="ho_es_shallow_copy",
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
        cause="I used copy.copy, which copies the dict but not the arrays in it, so training keeps changing "
              "the saved weights",
        kind="repeated-use",
        probe="state dict of live arrays",
        witness="a dict of arrays changed in place after each step (as fit does): best_state follows the live "
                "arrays instead of keeping the best epoch's values",
    ),
    dict(
        name="ho_es_dict_only_copy",
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
        cause="I copied the state as a dict of arrays, the only kind I tried, so state=None (the default) and "
              "other containers crash",
        kind="domain",
        probe="step basic patience=2",
        witness="step(loss) without a state: AttributeError ('NoneType' has no attribute 'items'); lists, tuples "
                "and nested dicts fail or are copied shallowly",
    ),
    dict(
        name="ho_es_nan_improves",
        target="training.EarlyStopping.step",
        body='''
        if not val_loss >= self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
''',
        cause="I wrote the test as 'not worse than the best', which is True for NaN, so a NaN loss becomes the best",
        kind="second-output",
        probe="step nan first",
        witness="losses [nan, nan, nan] with patience 2: best_loss becomes NaN, best_epoch moves every step and "
                "it never stops (the reference stops at epoch 1 with best_epoch None)",
    ),
    dict(
        name="ho_es_nan_ignored",
        target="training.EarlyStopping.step",
        body='''
        if math.isnan(val_loss):
            self.epoch += 1
            return False  # a NaN epoch tells us nothing
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
        cause="I skipped NaN epochs instead of counting them as epochs without improvement",
        kind="second-output",
        probe="step nan first",
        witness="losses [nan, nan, nan] with patience 2: never returns True (the reference stops at the second "
                "NaN); best_loss and best_epoch are the same",
    ),
    dict(
        name="ho_es_total_bad_epochs",
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
        cause="I never reset the count of bad epochs on an improvement, so it counts all bad epochs, not "
              "consecutive ones",
        kind="second-output",
        probe="step basic patience=2",
        witness="patience 2, losses [1.0, 0.9, 0.95, 0.85, 0.86, ...]: stops at epoch 4 (second bad epoch overall) "
                "instead of epoch 5",
    ),
    dict(
        name="ho_es_signal_only_once",
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
        cause="I returned bad_epochs == patience, which is True for one epoch only; a caller that keeps "
              "stepping gets False again",
        kind="repeated-use",
        probe="step keeps stopping",
        witness="patience 1, losses [1, 2, 3, 4, ...]: True at epoch 1, then False at epochs 2 to 4 instead of True",
    ),
    dict(
        name="ho_es_epoch_counted_first",
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
        cause="I counted the epoch before recording it, so best_epoch is 1-based",
        kind="slip",
        probe="step basic patience=2",
        witness="the first call sets best_epoch = 1 instead of 0 (every best_epoch is one too high)",
    ),
    dict(
        name="ho_es_returns_none",
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
        if self.bad_epochs >= self.patience:
            return True
''',
        cause="I only returned True when stopping and let the function fall off the end otherwise",
        kind="slip",
        probe="step basic patience=2",
        witness="every epoch that should not stop returns None instead of False",
    ),
    dict(
        name="ho_es_keeps_latest_state",
        target="training.EarlyStopping.step",
        body='''
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.best_state = copy.deepcopy(state)
        self.epoch += 1
        return self.bad_epochs >= self.patience
''',
        cause="I put the copy of the state outside the if, so best_state is the latest state, not the best one",
        kind="second-output",
        probe="state fresh each epoch",
        witness="states {'epoch': i}, losses [1, 0.5, 0.7, ...]: best_state is {'epoch': 2} after epoch 2 "
                "instead of {'epoch': 1}; best_loss and best_epoch are right",
    ),
    dict(
        name="ho_es_state_or_empty_dict",
        target="training.EarlyStopping.step",
        body='''
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state or {})
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
''',
        cause="I wrote 'state or {}' to avoid copying None, which tests the truth value of the state",
        kind="domain",
        probe="state ndarray",
        witness="an ndarray state: ValueError (truth value of an array is ambiguous); state None gives best_state "
                "{} instead of None",
    ),
    dict(
        name="ho_es_np_copy_state",
        target="training.EarlyStopping.step",
        body='''
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = np.copy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
''',
        cause="I copied the state with np.copy, as if it were an array; a dict becomes a 0-d object array "
              "holding the same (live) dict",
        kind="domain",
        probe="state dict of live arrays",
        witness="a dict state: best_state is a 0-d object ndarray wrapping the live dict instead of a dict copy "
                "(None becomes array(None, dtype=object))",
    ),
]

ALTERNATIVES = [
    dict(
        name="ho_es_alt_epochs_since_best",
        target="training.EarlyStopping.step",
        body='''
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch = val_loss, self.epoch
            self.best_state = copy.deepcopy(state)
        self.epoch += 1
        last_best = -1 if self.best_epoch is None else self.best_epoch
        return self.epoch - 1 - last_best >= self.patience
''',
        why="counts the epochs since the best one instead of keeping a counter (NaN and inf never improve, so "
            "best_epoch stays None and the count starts at -1)",
        tested="every probe of the part: 17 loss sequences (patience 1, 2, 3, 5; min_delta 0, 0.005, 0.01, 0.1; NaN "
               "first, in the middle, recovering; inf; equal; negative; continuing after the stop; NumPy and int "
               "losses), 9 state kinds changed in place (dict of arrays, nested dict/list, list, tuple, ndarray, "
               "numbers, None, empty containers, a model's state_dict) and a full fit",
    ),
    dict(
        name="ho_es_alt_explicit_nan",
        target="training.EarlyStopping.step",
        body='''
        improved = not math.isnan(val_loss) and val_loss < self.best_loss - self.min_delta
        if improved:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs = self.bad_epochs + 1
        self.epoch += 1
        return bool(self.bad_epochs >= self.patience)
''',
        why="an explicit NaN test that counts a NaN epoch as not improving",
        tested="every probe of the part (all sequences and state kinds, and fit)",
    ),
    dict(
        name="ho_es_alt_count_first",
        target="training.EarlyStopping.step",
        body='''
        epoch = self.epoch
        self.epoch = epoch + 1
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
            return False
        self.bad_epochs += 1
        return self.bad_epochs >= self.patience
''',
        why="counts the call first, keeping the 0-based number, and returns False early on an improvement "
            "(patience >= 1)",
        tested="every probe of the part (all sequences and state kinds, and fit)",
    ),
]
