"""Public checks for ``training.EarlyStopping``."""

import numpy as np

from checks.framework import Fail, array, check, close, number

LOSSES = [1.0, 0.8, 0.85, 0.9]
# patience 2: epoch 0 improves (from infinity), epoch 1 improves, epochs 2 and 3 do not:
# step returns False, False, False, True, and the best is epoch 1 with loss 0.8.


@check("early_stopping.public_patience")
def test_stops_after_patience(lib):
    """With patience 2, step returns True at the second epoch in a row without improvement."""
    es = lib.training.EarlyStopping(patience=2)
    got = [es.step(loss) for loss in LOSSES]
    if got != [False, False, False, True]:
        raise Fail(f"for validation losses {LOSSES} and patience 2, step returned {got}; "
                   "expected [False, False, False, True]")


@check("early_stopping.public_best")
def test_remembers_the_best(lib):
    """best_loss, best_epoch and best_state describe the epoch with the lowest loss."""
    es = lib.training.EarlyStopping(patience=5)
    for epoch, loss in enumerate(LOSSES):
        es.step(loss, {"w": np.array([float(epoch)])})
    close(number(es.get("best_loss"), "best_loss"), 0.8, "best_loss", reveal=True)
    if es.get("best_epoch") != 1:
        raise Fail(f"best_epoch is {es.get('best_epoch')!r}; expected 1 (counting step calls from 0)")
    state = es.get("best_state")
    if not isinstance(state, dict) or "w" not in state:
        raise Fail("best_state should be (a copy of) the state passed at the best epoch, {'w': array([1.])}")
    close(array(state["w"], "best_state['w']", shape=(1,)), [1.0], "best_state['w']", reveal=True)
