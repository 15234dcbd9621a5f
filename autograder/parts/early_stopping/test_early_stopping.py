"""The custom (behaviour) check of ``training.EarlyStopping``; its other checks are generated from
``part.py``."""

from autograder.parts import experiments as E
from autograder.parts.adapters import RemoteEarlyStopping
from checks.framework import check, close


@check("early_stopping.in_training")
def test_in_training(lib):
    """In the reference fit, which keeps changing its parameters in place after the best epoch, the
    model restored from best_state has the lowest validation loss of the epochs that ran."""
    epochs, vals, restored = E.early_stopping_run(0, RemoteEarlyStopping(lib, patience=E.ES_PATIENCE))
    close(restored, min(vals[:epochs]), "the validation loss of the model restored from best_state after training")
