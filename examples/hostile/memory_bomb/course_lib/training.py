"""Training: a minibatch SGD loop (provided) and early stopping (yours).

``fit`` trains any model with the layer interface (``forward``, ``backward``, ``params``,
``grads``, ``train``/``eval``, and ``weights()``/``penalized`` for the matrices a penalty applies
to). It adds the penalty's value to the reported objective and its gradient to the weight matrices
only, never to biases or batch-norm parameters.
"""

import copy
import math
from dataclasses import dataclass, field

import numpy as np

from . import _validation as _v

__all__ = ["EarlyStopping", "History", "fit", "minibatches"]


class EarlyStopping:
    """Stop training when the validation loss has stopped improving, and remember the best state.

    Call ``step(val_loss, state)`` once per epoch. An epoch improves when
    ``val_loss < best_loss - min_delta``; ``step`` returns True once ``patience`` epochs in a row
    have not improved, which is when training should stop.

    Attributes:
        best_loss: the lowest validation loss seen so far (``inf`` before the first step).
        best_epoch: the 0-based number of the ``step`` call that gave ``best_loss`` (``None``
            before the first step).
        best_state: a deep copy of the ``state`` passed at the best epoch (``None`` until then).
            A copy, because a training loop usually passes its live arrays and keeps changing
            them in place afterwards.

    Args:
        patience: how many epochs in a row without improvement end training, an int >= 1.
        min_delta: how much lower than ``best_loss`` a loss must be to count, a number >= 0.
    """

    def __init__(self, patience=5, min_delta=0.0):
        if isinstance(patience, bool) or not isinstance(patience, (int, np.integer)) or patience < 1:
            raise ValueError(f"EarlyStopping: patience must be an integer >= 1, got {patience!r}")
        self.patience = int(patience)
        self.min_delta = _v.real_number("EarlyStopping", "min_delta", min_delta, low=0.0)
        self.best_loss = math.inf
        self.best_epoch = None
        self.best_state = None
        self.epoch = 0          # how many times step has been called
        self.bad_epochs = 0     # epochs in a row without improvement

    def step(self, val_loss, state=None):
        """Record one epoch's validation loss; return True when training should stop.

        Args:
            val_loss: this epoch's validation loss, a number (NaN never counts as improvement).
            state: anything describing the model now (usually its ``state_dict()``), kept as a
                deep copy when this epoch is the best so far.

        Returns:
            bool.
        """
        if isinstance(val_loss, bool) or not isinstance(val_loss, (int, float, np.number)):
            raise TypeError(f"EarlyStopping.step: val_loss must be a number, got {type(val_loss).__name__}")
        val_loss = float(val_loss)
        # YOUR CODE HERE
        raise NotImplementedError("EarlyStopping.step: write it in course_lib/training.py (notebook 05_early_stopping)")


@dataclass
class History:
    """What ``fit`` measured, one entry per epoch that ran.

    ``train_loss`` and ``val_loss`` are the data loss (no penalty) over the whole training and
    validation sets, computed in eval mode at the end of each epoch; ``objective`` adds the penalty
    to ``train_loss``. ``train_metrics``/``val_metrics`` map each metric's name to its values.
    """

    train_loss: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    objective: list = field(default_factory=list)
    train_metrics: dict = field(default_factory=dict)
    val_metrics: dict = field(default_factory=dict)
    epochs_run: int = 0
    stopped_early: bool = False
    diverged: bool = False
    best_epoch: int = None

    @property
    def gap(self):
        """Validation minus training loss, per epoch (an array)."""
        return np.asarray(self.val_loss) - np.asarray(self.train_loss)


def minibatches(n, batch_size, rng):
    """Index arrays covering range(n) in a random order, ``batch_size`` at a time.

    A last batch of a single example is merged into the one before it, so that batch
    normalization always sees at least two rows.
    """
    order = rng.permutation(n)
    batches = [order[i:i + batch_size] for i in range(0, n, batch_size)]
    if len(batches) > 1 and len(batches[-1]) == 1:
        batches[-2] = np.concatenate([batches[-2], batches.pop()])
    return batches


def _weights(model):
    if hasattr(model, "weights"):
        return model.weights()
    params = model.params
    return [params[k] for k in getattr(model, "penalized", ())]


def fit(model, X, y, loss, loss_grad, *, X_val=None, y_val=None, epochs=100, lr=0.1,
        batch_size=32, momentum=0.0, penalty=None, penalty_grad=None, lam=0.0,
        early_stopping=None, restore_best=True, metrics=None, seed=0):
    """Train ``model`` with minibatch SGD and return a ``History``.

    Args:
        model: a layer (usually a ``Sequential``).
        X, y: training inputs (N, D) and targets (whatever ``loss`` takes).
        loss, loss_grad: functions ``(output, y) -> float`` and ``(output, y) -> d loss/d output``,
            for example ``losses.mse`` and ``losses.mse_grad``.
        X_val, y_val: a validation set; needed for ``early_stopping``.
        epochs: the most epochs to run.
        lr: learning rate; momentum: heavy-ball momentum in [0, 1).
        batch_size: examples per SGD step.
        penalty, penalty_grad: functions ``(weights, lam) -> float`` and
            ``(weights, lam) -> list of arrays``, such as ``penalties.l2`` and
            ``penalties.l2_grad``, applied to the model's weight matrices with strength ``lam``.
        early_stopping: an ``EarlyStopping``, stepped once per epoch with the validation loss and
            the model's live ``state_dict()``; when ``restore_best``, the best state is loaded back
            into the model at the end.
        metrics: a dict of name -> function ``(output, y) -> float``, recorded on both sets.
        seed: seed of the minibatch order.

    Returns:
        History. Training stops early (``diverged``) if the training loss becomes NaN or infinite.
    """
    X = _v.as_array("fit", "X", X)
    if X.ndim != 2:
        raise ValueError(f"fit: X must be 2-D (N, D), got shape {X.shape}")
    if len(y) != len(X):
        raise ValueError(f"fit: X has {len(X)} rows but y has {len(y)}")
    if (X_val is None) != (y_val is None):
        raise ValueError("fit: pass both X_val and y_val, or neither")
    if early_stopping is not None and X_val is None:
        raise ValueError("fit: early stopping needs a validation set (X_val, y_val)")
    if (penalty is None) != (penalty_grad is None):
        raise ValueError("fit: pass both penalty and penalty_grad, or neither")
    lr = _v.real_number("fit", "lr", lr, low=0.0, low_open=True)
    momentum = _v.real_number("fit", "momentum", momentum, low=0.0, high=0.999)
    lam = _v.real_number("fit", "lam", lam, low=0.0)
    metrics = dict(metrics or {})
    rng = np.random.default_rng(seed)
    y = np.asarray(y)
    history = History(
        train_metrics={k: [] for k in metrics},
        val_metrics={k: [] for k in metrics} if X_val is not None else {},
    )
    velocity = {}

    def evaluate(inputs, targets):
        model.eval()
        with np.errstate(all="ignore"):  # a diverging model may overflow: that is recorded, not printed
            out = model.forward(inputs)
            model.train()
            return float(loss(out, targets)), {k: float(f(out, targets)) for k, f in metrics.items()}

    for _ in range(epochs):
        model.train()
        with np.errstate(over="ignore", invalid="ignore"):
            for idx in minibatches(len(X), batch_size, rng):
                out = model.forward(X[idx])
                model.backward(loss_grad(out, y[idx]))
                grads = model.grads
                if penalty_grad is not None and lam > 0:
                    keys = list(getattr(model, "penalized", ()))
                    extra = penalty_grad(_weights(model), lam)
                    for k, g in zip(keys, extra):
                        grads[k] = grads[k] + g
                params = model.params
                for k, p in params.items():
                    step = grads[k]
                    if momentum:
                        velocity[k] = momentum * velocity.get(k, 0.0) + step
                        step = velocity[k]
                    p -= lr * step
        train_loss, train_m = evaluate(X, y)
        history.train_loss.append(train_loss)
        pen = float(penalty(_weights(model), lam)) if penalty is not None else 0.0
        history.objective.append(train_loss + pen)
        for k, v in train_m.items():
            history.train_metrics[k].append(v)
        history.epochs_run += 1
        if X_val is not None:
            val_loss, val_m = evaluate(X_val, y_val)
            history.val_loss.append(val_loss)
            for k, v in val_m.items():
                history.val_metrics[k].append(v)
        if not np.isfinite(train_loss):
            history.diverged = True
            break
        if early_stopping is not None and early_stopping.step(val_loss, state=model.state_dict()):
            history.stopped_early = True
            break

    if early_stopping is not None:
        history.best_epoch = early_stopping.best_epoch
        if restore_best and early_stopping.best_state is not None:
            model.load_state_dict(early_stopping.best_state)
    return history
