"""The training experiments behind the behavioural checks.

Each experiment trains with trusted code (the reference layers, losses and ``fit``) and plugs in
ONE component under test: a penalty gradient, an early-stopping object, a dropout layer or a
batch-norm layer. The hidden checks plug in the student's component (reached through the
sandbox); ``tests/test_behaviour_seeds.py`` plugs in the reference's and shows, over many seeds,
that each claim a check relies on holds with a margin. The numbers a check compares against
(the same network without the technique) come from the reference alone.
"""

import numpy as np

from autograder.grading import reference

ref = reference.load()
L, losses, training = ref.layers, ref.losses, ref.training


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------

def regression_data(seed, n_train=40, n_val=300, d=10, noise=0.5):
    """A smooth nonlinear target plus noise: little training data, a big validation set."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (n_train + n_val, d))
    w = rng.standard_normal(d) / np.sqrt(d)
    y = (np.sin(3 * X @ w) + noise * rng.standard_normal(n_train + n_val))[:, None]
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


def sparse_regression_data(seed, n=60, d=20, informative=4, noise=0.5):
    """A linear target that uses only the first ``informative`` of ``d`` features."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    w = np.zeros(d)
    w[:informative] = rng.choice([-1, 1], informative) * rng.uniform(1, 2, informative)
    return X, (X @ w + noise * rng.standard_normal(n))[:, None]


def badly_scaled_classes(seed, n=256, d=10, c=3):
    """Three classes from a noisy linear rule on features of very different scales."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d)) * rng.uniform(0.2, 5, d)
    W = rng.standard_normal((d, c))
    return X, np.argmax(X @ W + 0.5 * rng.standard_normal((n, c)), axis=1)


def wide_net(seed, d=10, hidden=64):
    rng = np.random.default_rng(seed + 1000)
    return L.Sequential(L.Linear(d, hidden, rng=rng), L.ReLU(), L.Linear(hidden, hidden, rng=rng), L.ReLU(),
                        L.Linear(hidden, 1, rng=rng))


# --------------------------------------------------------------------------------------------
# Penalties
# --------------------------------------------------------------------------------------------

L2_LAM, L2_EPOCHS = 0.1, 100


def l2_run(seed, penalty_grad=None, lam=L2_LAM):
    """Train the wide net on little data with ``penalty_grad`` (None: no penalty). Returns the
    weights' L2 norm and the final validation-minus-training loss."""
    Xtr, ytr, Xva, yva = regression_data(seed)
    model = wide_net(seed)
    pen = (lambda w, lam: 0.0) if penalty_grad is not None else None
    h = training.fit(model, Xtr, ytr, losses.mse, losses.mse_grad, epochs=L2_EPOCHS,  # no per-epoch validation:
                     lr=0.1, batch_size=len(Xtr), penalty=pen, penalty_grad=penalty_grad,  # only the end counts
                     lam=lam if penalty_grad is not None else 0.0, seed=seed)
    norm = float(np.sqrt(sum(np.sum(w ** 2) for w in model.weights())))
    model.eval()
    with np.errstate(all="ignore"):
        return norm, float(losses.mse(model.forward(Xva), yva)) - h.train_loss[-1]


L1_LAM, L1_EPOCHS, NEAR_ZERO = 0.3, 80, 0.02


def sparsity_run(seed, penalty_grad, lam=L1_LAM):
    """Fit a linear model to data with 16 useless features of 20 under ``penalty_grad``;
    returns how many weights end with |w| < NEAR_ZERO (subgradient steps make L1 hover near
    zero rather than land on it, hence a threshold rather than exact zeros)."""
    X, y = sparse_regression_data(seed)
    model = L.Sequential(L.Linear(X.shape[1], 1, rng=seed))
    training.fit(model, X, y, losses.mse, losses.mse_grad, epochs=L1_EPOCHS, lr=0.05, batch_size=len(X),
                 penalty=lambda w, lam: 0.0, penalty_grad=penalty_grad, lam=lam, seed=seed)
    return int(np.sum(np.abs(model.weights()[0]) < NEAR_ZERO))


# --------------------------------------------------------------------------------------------
# Early stopping
# --------------------------------------------------------------------------------------------

ES_PATIENCE, ES_EPOCHS = 8, 300


def early_stopping_run(seed, early_stopping):
    """Train the wide net (long enough to overfit) with ``early_stopping`` in ``fit``. Returns
    (epochs run, validation losses per epoch, the restored model's validation loss)."""
    Xtr, ytr, Xva, yva = regression_data(seed, n_train=30)
    model = wide_net(seed)
    h = training.fit(model, Xtr, ytr, losses.mse, losses.mse_grad, X_val=Xva, y_val=yva, epochs=ES_EPOCHS,
                     lr=0.1, batch_size=10, early_stopping=early_stopping, seed=seed)
    model.eval()
    return h.epochs_run, list(h.val_loss), float(losses.mse(model.forward(Xva), yva))


# --------------------------------------------------------------------------------------------
# Dropout: two networks whose first hidden layers share ONE dropout layer (masks are drawn
# independently per element, so this is two independent dropout layers in one call)
# --------------------------------------------------------------------------------------------

DROPOUT_P, DROPOUT_STEPS, DROPOUT_LR, DROPOUT_HIDDEN, DROPOUT_DATA = 0.8, 80, 0.2, 64, (3, 11)
DROPOUT_GAP_RATIO = 0.8   # dropout narrows the gap to at most this fraction of the gap without it
DROPOUT_VAL_RATIO = 0.9   # ... and lowers the validation loss to at most this fraction (a layer that
                          # drops everything narrows the gap too, by learning nothing)


def dropout_gap(dropout=None, data_seeds=DROPOUT_DATA, steps=DROPOUT_STEPS, lr=DROPOUT_LR, hidden=DROPOUT_HIDDEN):
    """The validation-minus-training loss (eval mode) averaged over the networks, trained with
    ``dropout`` (a layer with forward/backward/train/eval, or None for no dropout)."""
    return dropout_run(dropout, data_seeds, steps, lr, hidden)[0]


def dropout_run(dropout=None, data_seeds=DROPOUT_DATA, steps=DROPOUT_STEPS, lr=DROPOUT_LR, hidden=DROPOUT_HIDDEN):
    """(validation-minus-training loss, validation loss, validation loss of the best constant
    prediction), each averaged over the networks, trained with ``dropout`` as in ``dropout_gap``.
    The last is what a network that learned nothing (one whose dropout drops every unit) reaches."""
    sets = [regression_data(s) for s in data_seeds]
    nets = []
    for s in data_seeds:
        rng = np.random.default_rng(s + 1000)
        nets.append([L.Linear(10, hidden, rng=rng), L.ReLU(), L.Linear(hidden, hidden, rng=rng), L.ReLU(),
                     L.Linear(hidden, 1, rng=rng)])

    def forward(inputs, train):
        hs = np.concatenate([net[1].forward(net[0].forward(x)) for net, x in zip(nets, inputs)], axis=1)
        if dropout is not None:
            (dropout.train if train else dropout.eval)()
            hs = dropout.forward(hs)
        return [net[4].forward(net[3].forward(net[2].forward(hs[:, k * hidden:(k + 1) * hidden])))
                for k, net in enumerate(nets)]

    with np.errstate(all="ignore"):
        for _ in range(steps):
            outs = forward([s[0] for s in sets], True)
            grads = [net[2].backward(net[3].backward(net[4].backward(losses.mse_grad(out, s[1]))))
                     for net, out, s in zip(nets, outs, sets)]
            dh = np.concatenate(grads, axis=1)
            if dropout is not None:
                dh = dropout.backward(dh)
            for k, net in enumerate(nets):
                net[0].backward(net[1].backward(dh[:, k * hidden:(k + 1) * hidden]))
                for layer in net:
                    for name in layer.params:
                        layer.params[name] -= lr * layer.grads[name]
        train_out = forward([s[0] for s in sets], False)
        val_out = forward([s[2] for s in sets], False)
        gaps = [losses.mse(v, s[3]) - losses.mse(t, s[1]) for t, v, s in zip(train_out, val_out, sets)]
        vals = [losses.mse(v, s[3]) for v, s in zip(val_out, sets)]
        constant = [losses.mse(np.full_like(s[3], np.mean(s[1])), s[3]) for s in sets]
    return float(np.mean(gaps)), float(np.mean(vals)), float(np.mean(constant))


# --------------------------------------------------------------------------------------------
# Batch normalization: a deep network at a learning rate too high for it without batch norm
# --------------------------------------------------------------------------------------------

BN_LR, BN_STEPS, BN_DEPTH, BN_WIDTH, BN_BATCH = 3.0, 60, 3, 32, 32
BN_GOOD_LOSS = 0.75       # a correct batch norm ends below (chance is log 3 = 1.10; without it: diverges or > 1)


def deep_net_loss(seed, make_norm=None):
    """Train a deep ReLU network (``BN_DEPTH`` hidden layers) with plain SGD at ``BN_LR``;
    ``make_norm(width)`` gives the normalization layer after each hidden Linear (None: none;
    its scale and shift stay fixed, so only normalization itself is tested). Returns the final
    training loss (NaN or inf when training diverged), computed in training mode on the whole
    training set at once: normalized with the statistics of all its examples, so that the
    running statistics, which other checks grade, play no part here."""
    X, y = badly_scaled_classes(seed)
    rng = np.random.default_rng(seed)
    layers = []
    for i in range(BN_DEPTH):
        layers.append(L.Linear(X.shape[1] if i == 0 else BN_WIDTH, BN_WIDTH, rng=rng))
        if make_norm is not None:
            layers.append(make_norm(BN_WIDTH))
        layers.append(L.ReLU())
    layers.append(L.Linear(BN_WIDTH, 3, rng=rng))
    trainable = [layer for layer in layers if isinstance(layer, L.Linear)]
    batches = np.random.default_rng(seed)

    def forward(x):
        for layer in layers:
            x = layer.forward(x)
        return x

    with np.errstate(all="ignore"):
        for _ in range(BN_STEPS):
            idx = batches.choice(len(X), BN_BATCH, replace=False)
            d = losses.categorical_cross_entropy_grad(forward(X[idx]), y[idx])
            for layer in reversed(layers):
                d = layer.backward(d)
            for layer in trainable:
                for name in layer.params:
                    layer.params[name] -= BN_LR * layer.grads[name]
            if not np.all(np.isfinite(d)):
                return float("nan")
        out = forward(X)
        if not np.all(np.isfinite(out)):
            return float("nan")
        return float(losses.categorical_cross_entropy(out, y))
