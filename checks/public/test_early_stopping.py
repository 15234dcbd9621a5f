"""Public checks for ``training.EarlyStopping``."""

import numpy as np

from checks.framework import Fail, array, check, close, number
from checks.hints import ES_EARLY, ES_LAST_STATE, ES_OFF_BY_ONE, ES_ONE_BASED, ES_SHARES

LOSSES = [1.0, 0.8, 0.85, 0.9, 0.95]
# patience 2: epoch 0 improves (from infinity), epoch 1 improves, epochs 2 and 3 do not: step
# returns False, False, False, True (and True again after that), and the best is epoch 1 with loss 0.8.


@check("early_stopping.public_patience")
def test_stops_after_patience(lib):
    """With patience 2, step returns True at the second epoch in a row without improvement."""
    es = lib.training.EarlyStopping(patience=2)
    got = [es.step(loss) for loss in LOSSES]
    if got != [False, False, False, True, True]:
        hint = ES_OFF_BY_ONE if got == [False, False, False, False, True] else \
            ES_EARLY if got == [False, False, True, True, True] else None
        raise Fail(f"for validation losses {LOSSES} and patience 2, step returned {got}; expected "
                   f"[False, False, False, True, True]" + (f": {hint}" if hint else ""))


@check("early_stopping.public_best")
def test_remembers_the_best(lib):
    """best_loss, best_epoch and best_state describe the epoch with the lowest loss."""
    es = lib.training.EarlyStopping(patience=5)
    for epoch, loss in enumerate(LOSSES[:4]):
        es.step(loss, {"w": np.array([float(epoch)])})
    close(number(es.get("best_loss"), "best_loss"), 0.8, "best_loss", reveal=True)
    if es.get("best_epoch") != 1:
        got = es.get("best_epoch")
        raise Fail(f"best_epoch is {got!r}; expected 1 (counting step calls from 0)"
                   + (f": {ES_ONE_BASED}" if got == 2 else ""))
    state = es.get("best_state")
    if not isinstance(state, dict) or "w" not in state:
        raise Fail("best_state should be (a copy of) the state passed at the best epoch, {'w': array([1.])}")
    w = array(state["w"], "best_state['w']", shape=(1,))
    if w[0] == 3.0:
        raise Fail(f"best_state is {{'w': array([3.])}}, the state passed at the last epoch: {ES_LAST_STATE}")
    close(w, [1.0], "best_state['w']", reveal=True)


@check("early_stopping.public_copy")
def test_keeps_a_copy_of_the_best_state(lib):
    """best_state is a deep copy of the state passed at the best epoch: changing the arrays that
    were passed, in place, afterwards (as a training loop does) does not change it."""
    state = lib.put({"w": np.array([1.0, 2.0])})
    other = lib.put({"w": np.array([5.0, 5.0])})
    es = lib.training.EarlyStopping(patience=3)
    es.step(1.0, state)                                                  # the best epoch
    state.set({"w": np.array([9.0, 9.0])}, inplace=True)                 # training goes on, in place
    es.step(2.0, other)                                                  # a worse epoch
    best = es.get("best_state")
    if not isinstance(best, dict) or "w" not in best:
        raise Fail("best_state should be a copy of the dict passed at the best epoch, {'w': array([1., 2.])}")
    w = array(best["w"], "best_state['w']", shape=(2,))
    what = "best_state['w'] after the arrays passed at the best epoch were changed in place to [9, 9]"
    if np.array_equal(w, [9.0, 9.0]):
        raise Fail(f"{what} is [9, 9]: {ES_SHARES}")
    if np.array_equal(w, [5.0, 5.0]):
        raise Fail(f"{what} is [5, 5], the state of the later, worse epoch: {ES_LAST_STATE}")
    close(w, [1.0, 2.0], what, reveal=True)
