"""Hidden checks for ``training.EarlyStopping``."""

import numpy as np

from checks.framework import Fail, array, check, close, number

from . import experiments as E
from .adapters import RemoteEarlyStopping
from .support import expected

SEQUENCES = [
    ("falls then rises", [1.0, 0.9, 0.8, 0.85, 0.86, 0.9, 0.95, 1.0, 1.1]),
    ("improves again just in time", [1.0, 0.9, 0.95, 0.96, 0.85, 0.9, 0.91, 0.92, 0.93, 0.94]),
    ("equal losses are not improvements", [0.5, 0.5, 0.5, 0.5, 0.5]),
    ("a NaN epoch", [1.0, 0.7, float("nan"), 0.75, 0.8, 0.9, 1.0]),
    ("keeps improving", [5.0, 4.0, 3.0, 2.0, 1.0]),
]


def _reference_run(ref, losses, **kwargs):
    es = ref.training.EarlyStopping(**kwargs)
    returns = []
    for loss in losses:
        returns.append(es.step(loss))
        if returns[-1]:
            break
    return returns, es


def _student_run(lib, losses, **kwargs):
    es = lib.training.EarlyStopping(**kwargs)
    returns = []
    for loss in losses:
        got = es.step(loss)
        if not isinstance(got, (bool, np.bool_)):
            raise Fail(f"step must return True or False, but returned {type(got).__name__}")
        returns.append(bool(got))
        if got:
            break
    return returns, es


@check("early_stopping.stops")
def test_stops_at_the_right_epoch(lib, ref, cases):
    """step returns True exactly when patience epochs in a row have not improved."""
    for patience in (1, 2, 3):
        for name, losses in SEQUENCES:
            with cases.case(f"{name}, patience {patience}"):
                want, _ = _reference_run(ref, losses, patience=patience)
                got, _ = _student_run(lib, losses, patience=patience)
                if got != want and any(want):
                    where = "never stops" if not any(got) else f"stops after {len(got)} epochs"
                    raise Fail(f"with patience {patience}, when the losses {name}, it {where}; it should "
                               f"stop after {len(want)} (when `patience` epochs in a row have not improved)")
                if got != want:
                    raise Fail(f"with patience {patience}, when the losses {name}, it stops after {len(got)} "
                               "epochs, but no run of `patience` epochs without improvement happened")
    cases.verdict()


@check("early_stopping.best")
def test_remembers_the_best_epoch(lib, ref, cases):
    """best_loss and best_epoch (0-based) are those of the lowest loss; ties and NaN do not count."""
    for name, losses in SEQUENCES:
        with cases.case(name):
            es_ref = ref.training.EarlyStopping(patience=100)
            es = lib.training.EarlyStopping(patience=100)
            for loss in losses:
                es_ref.step(loss)
                es.step(loss)
            close(number(es.get("best_loss"), "best_loss"), es_ref.best_loss, f"best_loss when the losses {name}")
            if es.get("best_epoch") != es_ref.best_epoch:
                raise Fail(f"best_epoch when the losses {name} is {es.get('best_epoch')!r}; expected "
                           f"{es_ref.best_epoch} (the 0-based number of the step call with the lowest loss)")
    cases.verdict()


@check("early_stopping.min_delta")
def test_min_delta(lib, ref, cases):
    """An epoch improves only when its loss is below best_loss - min_delta."""
    losses = [1.0, 0.95, 0.92, 0.91, 0.7, 0.69, 0.685, 0.68]
    for min_delta in (0.05, 0.2):
        with cases.case(f"min_delta = {min_delta}"):
            want, es_ref = _reference_run(ref, losses, patience=3, min_delta=min_delta)
            got, es = _student_run(lib, losses, patience=3, min_delta=min_delta)
            if got != want:
                raise Fail(f"with min_delta = {min_delta}, step returned True after {len(got)} epochs "
                           f"instead of {len(want)}: a loss must be below best_loss - min_delta to count")
            close(number(es.get("best_loss"), "best_loss"), es_ref.best_loss, f"best_loss with min_delta = {min_delta}")
    cases.verdict()


@check("early_stopping.copies_state")
def test_keeps_a_copy_of_the_best_state(lib, cases):
    """best_state is a deep copy: changing the arrays that were passed, in place, afterwards does
    not change it (a training loop passes its live parameters and keeps updating them)."""
    state = lib.put({"W": np.array([[1.0, 2.0], [3.0, 4.0]]), "b": np.array([0.5])})
    es = lib.training.EarlyStopping(patience=5)
    es.step(1.0, state)
    es.step(0.5, state)                                    # the best epoch
    state.set({"W": np.full((2, 2), 9.0), "b": np.array([-9.0])}, inplace=True)   # training goes on
    es.step(0.8, state)
    with cases.case("state kept at the best epoch"):
        best = es.get("best_state")
        if not isinstance(best, dict) or set(best) != {"W", "b"}:
            raise Fail("best_state is not the dict of arrays passed to step at the best epoch")
        close(array(best["W"], "best_state['W']", shape=(2, 2)), [[1.0, 2.0], [3.0, 4.0]],
              "best_state['W'] after the live arrays changed in place",
              hint="store copy.deepcopy(state), not state itself (a reference follows every later change)")
    with cases.case("state=None is allowed"):
        es2 = lib.training.EarlyStopping(patience=1)
        es2.step(1.0)
        if es2.get("best_state") is not None:
            raise Fail("with no state passed, best_state should stay None")
    cases.verdict()


@check("early_stopping.in_training")
def test_in_training(lib, ref, cases):
    """In the reference fit, training stops at the same epoch as with a correct EarlyStopping, and
    the restored model has the best validation loss, although fit keeps changing its parameters
    in place after the best epoch."""
    want_epochs, want_vals, _ = expected(
        ("es-run",), lambda: E.early_stopping_run(0, ref.training.EarlyStopping(patience=E.ES_PATIENCE)))
    epochs, vals, restored = E.early_stopping_run(0, RemoteEarlyStopping(lib, patience=E.ES_PATIENCE))
    with cases.case("stops at the right epoch"):
        if epochs != want_epochs:
            raise Fail(f"training ran {epochs} epochs; with patience {E.ES_PATIENCE} it should stop after "
                       f"{want_epochs}")
    with cases.case("restores the best weights"):
        best = min(vals[:epochs])
        close(restored, best, "the validation loss of the model restored after training",
              hint="best_state must hold the parameters of the best epoch: a deep copy taken then")
    cases.verdict()
