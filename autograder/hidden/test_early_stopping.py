"""Hidden checks for ``training.EarlyStopping``."""

import math

import numpy as np

from checks.framework import Fail, Hint, array, check, close, number
from checks.hints import (
    ES_EARLY,
    ES_EPOCH_COUNT,
    ES_LAST_STATE,
    ES_MIN_DELTA_IGNORED,
    ES_NAN,
    ES_NO_RESET,
    ES_OFF_BY_ONE,
    ES_ONE_BASED,
    ES_RELATIVE,
    ES_SHARES,
    ES_TIES,
)

from . import experiments as E
from .adapters import RemoteEarlyStopping

ES_LATCHED = Hint("early_stopping.latched", "once it has returned True it keeps returning True, even after "
                                            "an improvement: decide from the current count of epochs without "
                                            "improvement")

STOP_SEQUENCES = [        # the stopping rule: counting epochs without improvement, resetting, patience
    ("falls then rises", [1.0, 0.9, 0.8, 0.85, 0.86, 0.9, 0.95, 1.0, 1.1]),
    ("improves again just in time", [1.0, 0.9, 0.95, 0.96, 0.85, 0.9, 0.91, 0.92, 0.93, 0.94]),
    ("keeps improving", [5.0, 4.0, 3.0, 2.0, 1.0]),
    ("losses around 40", [40.0, 38.0, 38.5, 37.0, 37.5, 38.0, 39.0, 36.5, 37.0, 38.0]),
    ("losses around 0.02", [0.02, 0.018, 0.019, 0.0185, 0.017, 0.0175, 0.018, 0.019]),
    ("stops, then improves", [1.0, 1.1, 1.2, 1.3, 0.5, 0.6, 0.7, 0.8]),
]
BEST_SEQUENCES = [        # the bookkeeping: which loss and which (0-based) epoch were the best
    ("falls then rises", STOP_SEQUENCES[0][1]),
    ("improves again just in time", STOP_SEQUENCES[1][1]),
    ("a NaN epoch", [1.0, 0.7, float("nan"), 0.75, 0.8, 0.9, 1.0]),
    ("NaN at the start", [float("nan"), 2.0, 1.5, 1.7]),
    ("losses around 40", STOP_SEQUENCES[3][1]),
]
MIN_DELTA_RUNS = [        # the improvement rule: strictly below best_loss - min_delta, an absolute amount
    ("min_delta = 0.05", [1.0, 0.94, 0.92, 0.91, 0.7, 0.69, 0.685, 0.68], 0.05),
    ("min_delta = 0.2", [1.0, 0.94, 0.92, 0.91, 0.7, 0.69, 0.685, 0.68], 0.2),
    ("losses around 40, min_delta = 0.5", [40.0, 39.0, 38.9, 38.0, 37.95, 37.6, 37.4, 37.3], 0.5),
    ("losses around 0.02, min_delta = 0.001", [0.02, 0.0195, 0.0192, 0.0187, 0.0185, 0.0184, 0.0175], 0.001),
    ("losses exactly at best_loss - min_delta", [2.0, 1.75, 1.625, 1.625], 0.25),     # dyadic: exact ties
]


class Simulated:
    """EarlyStopping with one known mistake switched on (``mistake=None``: none), to tell which
    mistake a student's outputs are those of."""

    def __init__(self, patience=5, min_delta=0.0, mistake=None):
        self.patience, self.min_delta, self.mistake = patience, min_delta, mistake
        self.best_loss, self.best_epoch, self.epoch, self.bad, self.latched = math.inf, None, 0, 0, False

    def step(self, val_loss):
        m = self.mistake
        if m == "one_based":
            self.epoch += 1
        threshold = self.best_loss - self.min_delta
        improved = {"ties": lambda: val_loss <= threshold,
                    "min_delta_ignored": lambda: val_loss < self.best_loss,
                    "relative": lambda: val_loss < self.best_loss * (1 - self.min_delta),
                    "nan": lambda: not val_loss >= threshold}.get(m, lambda: val_loss < threshold)()
        if improved:
            self.best_loss, self.best_epoch = val_loss, self.epoch
            if m != "no_reset":
                self.bad = 0
        else:
            self.bad += 1
        if m != "one_based" and not (m == "epoch_count" and improved):
            self.epoch += 1
        stop = self.bad > self.patience if m == "off_by_one" else \
            self.bad >= self.patience - 1 if m == "early" else self.bad >= self.patience
        self.latched = self.latched or stop
        return self.latched if m == "latched" else stop


MISTAKES = {"off_by_one": ES_OFF_BY_ONE, "early": ES_EARLY, "no_reset": ES_NO_RESET, "one_based": ES_ONE_BASED,
            "ties": ES_TIES, "min_delta_ignored": ES_MIN_DELTA_IGNORED, "relative": ES_RELATIVE, "nan": ES_NAN,
            "epoch_count": ES_EPOCH_COUNT, "latched": ES_LATCHED}


def simulate(losses, mistake=None, **kwargs):
    es = Simulated(mistake=mistake, **kwargs)
    returns = [es.step(loss) for loss in losses]
    return returns, es.best_loss, es.best_epoch


def hint_for(observed, losses, pick, **kwargs):
    """The hint of the one known mistake whose output (``pick`` of the simulated (returns,
    best_loss, best_epoch)) is ``observed`` where the right output is not; None if none or several."""
    right = pick(simulate(losses, **kwargs))
    found = {h.id: h for m, h in MISTAKES.items()
             if _same(pick(simulate(losses, m, **kwargs)), observed) and not _same(right, observed)}
    return next(iter(found.values())) if len(found) == 1 else None


def _same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and \
            (a == b or (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-12))
    return a == b


def _student_run(lib, losses, **kwargs):
    es = lib.training.EarlyStopping(**kwargs)
    returns = []
    for loss in losses:
        got = es.step(loss)
        if not isinstance(got, (bool, np.bool_)):
            raise Fail(f"step must return True or False, but returned {type(got).__name__}")
        returns.append(bool(got))
    return returns, es


def _with_hint(text, hint):
    return f"{text}: {hint}" if hint else text


@check("early_stopping.stops")
def test_stops_at_the_right_epoch(lib, cases):
    """step returns True exactly when patience epochs in a row have not improved (and False again
    once an epoch improves), at any loss level."""
    for patience in (1, 2, 3):
        for name, losses in STOP_SEQUENCES:
            with cases.case(f"{name}, patience {patience}"):
                want = simulate(losses, patience=patience)[0]
                got, _ = _student_run(lib, losses, patience=patience)
                if got != want:
                    hint = hint_for(got, losses, lambda r: r[0], patience=patience)
                    raise Fail(_with_hint(f"with patience {patience}, when the losses {name}, step does not "
                                          "return True exactly at the epochs that end `patience` epochs in a row "
                                          "without improvement", hint))
    cases.verdict()


def _best_case(lib, name, losses, epoch=True, **kwargs):
    """``Fail`` unless best_loss (and best_epoch, when ``epoch``) after ``losses`` are right."""
    _, es = _student_run(lib, losses, patience=100, **kwargs)
    _, best_loss, best_epoch = simulate(losses, patience=100, **kwargs)
    got_loss = number(es.get("best_loss"), "best_loss")
    if not _same(got_loss, best_loss):
        hint = hint_for(got_loss, losses, lambda r: r[1], patience=100, **kwargs)
        raise Fail(_with_hint(f"best_loss when the losses {name} is not the last loss that improved", hint))
    got_epoch = es.get("best_epoch")
    if epoch and got_epoch != best_epoch:
        hint = hint_for(got_epoch, losses, lambda r: r[2], patience=100, **kwargs)
        raise Fail(_with_hint(f"best_epoch when the losses {name} is not the 0-based number of the step call "
                              "that gave best_loss", hint))


@check("early_stopping.best")
def test_remembers_the_best_epoch(lib, cases):
    """best_loss and best_epoch (0-based) are those of the lowest loss; a NaN loss never counts."""
    for name, losses in BEST_SEQUENCES:
        with cases.case(name):
            _best_case(lib, name, losses)
    cases.verdict()


@check("early_stopping.min_delta")
def test_min_delta(lib, cases):
    """An epoch improves only when its loss is strictly below best_loss - min_delta: an absolute
    amount at any loss level, and a loss exactly at the threshold does not improve."""
    for name, losses, min_delta in MIN_DELTA_RUNS:
        with cases.case(name):
            _best_case(lib, name, losses, epoch=False, min_delta=min_delta)     # best_epoch is for `best`
    cases.verdict()


@check("early_stopping.copies_state")
def test_keeps_a_copy_of_the_best_state(lib, cases):
    """best_state is a copy of the state passed at the best epoch: changing those arrays in place
    afterwards (as a training loop does) does not change it, and later worse epochs do not replace it."""
    with cases.case("state kept at the best epoch"):
        state = lib.put({"W": np.array([[1.0, 2.0], [3.0, 4.0]]), "b": np.array([0.5])})
        later = lib.put({"W": np.full((2, 2), 5.0), "b": np.array([5.0])})
        es = lib.training.EarlyStopping(patience=5)
        es.step(1.0, state)
        es.step(0.5, state)                                                            # the best epoch
        state.set({"W": np.full((2, 2), 9.0), "b": np.array([-9.0])}, inplace=True)   # training goes on
        es.step(0.8, later)                                                            # a worse epoch
        best = es.get("best_state")
        if not isinstance(best, dict) or set(best) != {"W", "b"}:
            raise Fail("best_state is not the dict of arrays passed to step at the best epoch")
        w = array(best["W"], "best_state['W']", shape=(2, 2))
        if np.array_equal(w, np.full((2, 2), 9.0)):
            raise Fail(f"best_state changed when the arrays passed at the best epoch changed in place: {ES_SHARES}")
        if np.array_equal(w, np.full((2, 2), 5.0)):
            raise Fail(f"best_state holds the state of a later, worse epoch: {ES_LAST_STATE}")
        close(w, [[1.0, 2.0], [3.0, 4.0]], "best_state['W'] after the live arrays changed in place")
    with cases.case("state=None is allowed"):
        es2 = lib.training.EarlyStopping(patience=1)
        es2.step(1.0)
        if es2.get("best_state") is not None:
            raise Fail("with no state passed, best_state should stay None")
    cases.verdict()


@check("early_stopping.in_training")
def test_in_training(lib):
    """In the reference fit, which keeps changing its parameters in place after the best epoch, the
    model restored from best_state has the lowest validation loss of the epochs that ran."""
    epochs, vals, restored = E.early_stopping_run(0, RemoteEarlyStopping(lib, patience=E.ES_PATIENCE))
    close(restored, min(vals[:epochs]), "the validation loss of the model restored from best_state after training")

