"""The corpus of part ``early_stopping`` (early stopping: ``training.EarlyStopping``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/hidden/changes.py``); graded by ``tests/test_corpus.py``."""

from .changes import Alternative, Mistake

MISTAKES = [
    Mistake("es_keeps_last_state", "training.EarlyStopping.step", """
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.best_state = copy.deepcopy(state)
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """, ("early_stopping.public_best", "early_stopping.copies_state", "early_stopping.in_training"),
            "keeps the last state instead of the best"),
    Mistake("es_reference", "training.EarlyStopping.step", """
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = state
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """, ("early_stopping.copies_state", "early_stopping.in_training"), "stores a reference, not a copy"),
    Mistake("es_shallow_copy", "training.EarlyStopping.step", """
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = dict(state) if state is not None else None
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """, ("early_stopping.copies_state", "early_stopping.in_training"), "a shallow copy shares the arrays"),
    Mistake("es_off_by_one", "training.EarlyStopping.step", """
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs > self.patience
    """, ("early_stopping.public_patience", "early_stopping.stops", "early_stopping.in_training"),
            "off by one in patience"),
    Mistake("es_ignores_min_delta", "training.EarlyStopping.step", """
        if val_loss < self.best_loss:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """, ("early_stopping.min_delta",), "min_delta ignored"),
    Mistake("es_no_reset", "training.EarlyStopping.step", """
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """, ("early_stopping.stops",), "the count of bad epochs never reset by an improvement"),
    Mistake("es_one_based_epoch", "training.EarlyStopping.step", """
        self.epoch += 1
        if val_loss < self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        return self.bad_epochs >= self.patience
    """, ("early_stopping.public_best", "early_stopping.best"), "best_epoch counted from 1"),
    Mistake("es_ties_improve", "training.EarlyStopping.step", """
        if val_loss <= self.best_loss - self.min_delta:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(state)
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """, ("early_stopping.stops", "early_stopping.best"), "an equal loss counted as an improvement"),
]

ALTERNATIVES = [
    Alternative("es_counter_style", "training.EarlyStopping.step", """
        improved = val_loss < self.best_loss - self.min_delta
        if improved:
            self.best_loss, self.best_epoch, self.bad_epochs = val_loss, self.epoch, 0
            self.best_state = copy.deepcopy(state)
        self.bad_epochs = 0 if improved else self.bad_epochs + 1
        self.epoch += 1
        return self.bad_epochs >= self.patience
    """, "a flag and tuple assignment"),
]
