"""The corpus of part ``early_stopping`` (early stopping: ``training.EarlyStopping``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/parts/changes.py``); graded by ``tests/test_corpus.py``."""

from ..changes import Alternative, Mistake

MISTAKES = [
    Mistake(
        "es_keeps_last_state",
        "training.EarlyStopping.step",
        """
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.best_state = copy.deepcopy(state)
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """,
        ("early_stopping.copies_state", "early_stopping.in_training", "early_stopping.public_copy"),
        "keeps the last state instead of the best",
        hint="early_stopping.last_state",
    ),
    Mistake(
        "es_reference",
        "training.EarlyStopping.step",
        """
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = state
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """,
        ("early_stopping.public_copy", "early_stopping.copies_state", "early_stopping.in_training"),
        "stores a reference, not a copy",
        hint="early_stopping.shares",
    ),
    Mistake(
        "es_shallow_copy",
        "training.EarlyStopping.step",
        """
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = dict(state) if state is not None else None
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """,
        ("early_stopping.public_copy", "early_stopping.copies_state", "early_stopping.in_training"),
        "a shallow copy shares the arrays",
        hint="early_stopping.shares",
    ),
    Mistake(
        "es_off_by_one",
        "training.EarlyStopping.step",
        """
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs > self.patience
    """,
        ("early_stopping.min_delta", "early_stopping.public_patience", "early_stopping.stops"),
        "off by one in patience",
        hint="early_stopping.off_by_one",
    ),
    Mistake(
        "es_ignores_min_delta",
        "training.EarlyStopping.step",
        """
        if val_loss < self.best_loss:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """,
        ("early_stopping.min_delta",),
        "min_delta ignored",
        hint="early_stopping.min_delta_ignored",
    ),
    Mistake(
        "es_no_reset",
        "training.EarlyStopping.step",
        """
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """,
        ("early_stopping.min_delta", "early_stopping.stops"),
        "the count of bad epochs never reset by an improvement",
        hint="early_stopping.no_reset",
    ),
    Mistake(
        "es_one_based_epoch",
        "training.EarlyStopping.step",
        """
        self.epoch += 1
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        return self.bad_epochs >= self.patience
    """,
        ("early_stopping.public_best", "early_stopping.best"),
        "best_epoch counted from 1",
        hint="early_stopping.one_based",
    ),
    Mistake(
        "es_ties_improve",
        "training.EarlyStopping.step",
        """
        if val_loss <= self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """,
        ("early_stopping.best", "early_stopping.min_delta", "early_stopping.stops"),
        "an equal loss counted as an improvement",
        hint="early_stopping.ties",
    ),
    Mistake(
        "es_relative_min_delta",
        "training.EarlyStopping.step",
        """
        if val_loss < self.best_loss * (1 - self.min_delta):
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """,
        ("early_stopping.min_delta",),
        "min_delta used as a fraction of best_loss (the same only at a loss of 1)",
        hint="early_stopping.relative",
        tags=("arguments",),
    ),
    Mistake(
        "es_nan_improves",
        "training.EarlyStopping.step",
        """
        if not val_loss >= self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """,
        ("early_stopping.best", "early_stopping.stops"),
        "the comparison written so that NaN counts as an improvement",
        hint="early_stopping.nan",
        tags=("boundary",),
    ),
    Mistake(
        "es_epoch_counts_bad_only",
        "training.EarlyStopping.step",
        """
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
            self.epoch += 1
        return self.bad_epochs >= self.patience
    """,
        ("early_stopping.public_best", "early_stopping.best"),
        "the epoch counter advanced only on epochs without improvement",
        hint="early_stopping.epoch_count",
        tags=("state",),
    ),
    Mistake(
        "es_latched",
        "training.EarlyStopping.step",
        """
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        self.stopped = getattr(self, "stopped", False) or self.bad_epochs >= self.patience
        return self.stopped
    """,
        ("early_stopping.min_delta", "early_stopping.stops"),
        "once True, always True: a flag that is never cleared",
        hint="early_stopping.latched",
        tags=("state",),
    ),
    Mistake(
        "es_stops_one_early",
        "training.EarlyStopping.step",
        """
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience - 1
    """,
        ("early_stopping.min_delta", "early_stopping.public_patience", "early_stopping.stops"),
        "stops one epoch early; the restored model is still the best one (in_training must not charge it)",
        hint="early_stopping.early",
        tags=("cascade",),
    ),
    Mistake(
        "es_dict_copy",
        "training.EarlyStopping.step",
        """
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = None if state is None else {k: np.array(v, copy=True) for k, v in state.items()}
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """,
        ("early_stopping.copies_state",),
        "a copy of each array of a dict: a list, a tuple or a nested state breaks it",
        hint=None,
        tags=("domain", "state"),
    ),
    Mistake(
        "es_list_copy",
        "training.EarlyStopping.step",
        """
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch = val_loss, self.epoch
            self.best_state = None if state is None else [np.copy(a) for a in state]
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """,
        ("early_stopping.copies_state", "early_stopping.in_training", "early_stopping.public_copy"),
        "a list of copies, whatever the state's container (a dict becomes its keys)",
        hint=None,
        tags=("domain", "state"),
    ),
    Mistake(
        "es_counter_ignores_min_delta",
        "training.EarlyStopping.step",
        """
        if val_loss < self.best_loss:
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch = val_loss, self.epoch
            self.best_state = copy.deepcopy(state)
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """,
        ("early_stopping.min_delta",),
        "min_delta applied to best_loss but not to the count of epochs without improvement",
        hint="early_stopping.counter_min_delta",
        tags=("second_output", "arguments"),
    ),
    Mistake(
        "es_counter_resets_on_any_drop",
        "training.EarlyStopping.step",
        """
        improved = val_loss < self.best_loss - self.min_delta
        lower = val_loss < self.best_loss
        if improved:
            self.best_loss, self.best_epoch = val_loss, self.epoch
            self.best_state = copy.deepcopy(state)
        self.bad_epochs = 0 if lower else self.bad_epochs + 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """,
        ("early_stopping.min_delta",),
        "the counter reset by any loss below the best, the best moved only past min_delta",
        hint="early_stopping.counter_min_delta",
        tags=("second_output",),
    ),
    Mistake(
        "es_skips_nan",
        "training.EarlyStopping.step",
        """
        if math.isnan(val_loss):
            return self.bad_epochs >= self.patience
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch = val_loss, self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """,
        ("early_stopping.best", "early_stopping.stops"),
        "a NaN epoch skipped: not counted toward patience, nor as a step call",
        hint="early_stopping.nan_skipped",
        tags=("second_output",),
    ),
    Mistake(
        "es_nan_not_counted",
        "training.EarlyStopping.step",
        """
        if val_loss != val_loss:          # NaN: nothing to compare
            self.epoch += 1
            return self.bad_epochs >= self.patience
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch = val_loss, self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """,
        ("early_stopping.stops",),
        "a NaN epoch counted as a step call but not toward patience",
        hint="early_stopping.nan_skipped",
        tags=("second_output",),
    ),
    Mistake(
        "es_last_state_always_copied",
        "training.EarlyStopping.step",
        """
        self.best_state = copy.deepcopy(state)
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch = val_loss, self.epoch
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """,
        ("early_stopping.copies_state", "early_stopping.in_training", "early_stopping.public_copy"),
        "the state copied at every epoch, before the comparison",
        hint='early_stopping.last_state',
    ),
    Mistake(
        "es_counter_greater",
        "training.EarlyStopping.step",
        """
        improved = val_loss < self.best_loss - self.min_delta
        if improved:
            self.best_loss, self.best_epoch, self.best_state = val_loss, self.epoch, copy.deepcopy(state)
        self.bad_epochs = 0 if improved else self.bad_epochs + 1
        self.epoch += 1
        return self.bad_epochs - 1 >= self.patience
    """,
        ("early_stopping.min_delta", "early_stopping.public_patience", "early_stopping.stops"),
        "patience compared one too late (bad - 1 >= patience)",
        hint='early_stopping.off_by_one',
    ),
    Mistake(
        "es_plain_less_than_best",
        "training.EarlyStopping.step",
        """
        if self.best_epoch is None or val_loss < self.best_loss:
            self.best_loss, self.best_epoch = val_loss, self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """,
        ("early_stopping.best", "early_stopping.min_delta", "early_stopping.stops"),
        "any lower loss improves (min_delta never used)",
        hint='early_stopping.min_delta_ignored',
    ),
    Mistake(
        "es_counter_only_grows",
        "training.EarlyStopping.step",
        """
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch = val_loss, self.epoch
            self.best_state = copy.deepcopy(state)
        self.bad_epochs += 0 if val_loss < self.best_loss else 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """,
        ("early_stopping.min_delta", "early_stopping.public_patience", "early_stopping.stops"),
        "the count is kept, never set back to 0 after an improvement",
        hint='early_stopping.no_reset',
    ),
    Mistake(
        "es_epoch_from_len",
        "training.EarlyStopping.step",
        """
        self.history = getattr(self, "history", []) + [val_loss]
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch = val_loss, len(self.history)
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """,
        ("early_stopping.best", "early_stopping.public_best"),
        "best_epoch taken as the length of the history after appending",
        hint='early_stopping.one_based',
    ),
    Mistake(
        "es_not_worse_improves",
        "training.EarlyStopping.step",
        """
        if not val_loss > self.best_loss - self.min_delta and val_loss == val_loss:
            self.best_loss, self.best_epoch = val_loss, self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """,
        ("early_stopping.best", "early_stopping.min_delta", "early_stopping.stops"),
        "'not worse' counted as an improvement (ties included)",
        hint='early_stopping.ties',
    ),
    Mistake(
        "es_min_delta_percent",
        "training.EarlyStopping.step",
        """
        threshold = self.best_loss - self.min_delta * abs(self.best_loss) if math.isfinite(self.best_loss) else math.inf
        if val_loss < threshold:
            self.best_loss, self.best_epoch = val_loss, self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """,
        ("early_stopping.min_delta",),
        "min_delta scaled by |best_loss|, as a relative tolerance",
        hint='early_stopping.relative',
    ),
    Mistake(
        "es_nan_min",
        "training.EarlyStopping.step",
        """
        if not (val_loss - (self.best_loss - self.min_delta) >= 0):
            self.best_loss, self.best_epoch = val_loss, self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """,
        ("early_stopping.best", "early_stopping.stops"),
        "the test written as 'not (difference >= 0)', which is True for NaN",
        hint='early_stopping.nan',
    ),
    Mistake(
        "es_epoch_on_improvement_only",
        "training.EarlyStopping.step",
        """
        if val_loss < self.best_loss - self.min_delta:
            self.epoch += 1 if self.best_epoch is not None else 0
            self.best_loss, self.best_epoch = val_loss, self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        return self.bad_epochs >= self.patience
    """,
        ("early_stopping.best",),
        "the epoch counter moved only when the loss improves",
        hint='early_stopping.epoch_count',
    ),
    Mistake(
        "es_stop_flag_kept",
        "training.EarlyStopping.step",
        """
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch = val_loss, self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        if self.bad_epochs >= self.patience:
            self.should_stop = True
        return getattr(self, "should_stop", False)
    """,
        ("early_stopping.min_delta", "early_stopping.stops"),
        "a should_stop attribute set once and never cleared",
        hint='early_stopping.latched',
    ),
    Mistake(
        "es_patience_minus_one",
        "training.EarlyStopping.step",
        """
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch = val_loss, self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs + 1 > self.patience - 1
    """,
        ("early_stopping.min_delta", "early_stopping.public_patience", "early_stopping.stops"),
        "stops one epoch early (bad + 1 > patience - 1)",
        hint='early_stopping.early',
    ),
]

ALTERNATIVES = [
    Alternative(
        "es_counter_style",
        "training.EarlyStopping.step",
        """
        improved = val_loss < self.best_loss - self.min_delta
        if improved:
            self.best_loss, self.best_epoch, self.bad_epochs = val_loss, self.epoch, 0
            self.best_state = copy.deepcopy(state)
        self.bad_epochs = 0 if improved else self.bad_epochs + 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """,
        "a flag and tuple assignment",
    ),
    Alternative(
        "es_improvement_margin",
        "training.EarlyStopping.step",
        """
        if self.best_loss - val_loss > self.min_delta:
            self.best_loss, self.best_epoch = val_loss, self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """,
        "the improvement written as best_loss - val_loss > min_delta",
        tags=("boundary", "arguments"),
    ),
    Alternative(
        "es_copy_module_any_container",
        "training.EarlyStopping.step",
        """
        better = not (val_loss >= self.best_loss - self.min_delta)
        if math.isnan(val_loss):
            better = False
        if better:
            self.best_loss, self.best_epoch = val_loss, self.epoch
            self.best_state = copy.deepcopy(state) if state is not None else None
        self.bad_epochs = 0 if better else self.bad_epochs + 1
        self.epoch += 1
        return bool(self.bad_epochs >= self.patience)
    """,
        "NaN handled explicitly, a deep copy of any container, the stop signal as a plain bool",
        tags=("domain", "second_output", "state", "cascade"),
    ),
]
