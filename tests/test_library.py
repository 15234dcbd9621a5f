"""The provided code of course_lib (the parts students do not write), on the reference: clear
errors for bad input, the layer interface, fit, and the helpers."""

import numpy as np
import pytest

from autograder.grading import reference
from autograder.parts.corpus import MISTAKES

ref = reference.load()
L, P, T, losses = ref.layers, ref.penalties, ref.training, ref.losses


@pytest.mark.parametrize("call, error, words", [
    (lambda: losses.mse([1, 2], [1, 2, 3]), ValueError, "mse: y_pred has shape (2,) but y_true has shape (3,)"),
    (lambda: losses.mae("abc", [1]), TypeError, "mae: y_pred is a string"),
    (lambda: losses.huber([1.0], [1.0], delta=0), ValueError, "huber: delta must be > 0"),
    (lambda: losses.binary_cross_entropy([1.5], [1.0]), ValueError, "binary_cross_entropy: every element of p"),
    (lambda: losses.hinge([0.5], [0.0]), ValueError, "hinge: y must hold only -1 and +1"),
    (lambda: losses.categorical_cross_entropy(np.zeros((2, 3)), [0, 3]), ValueError, "class indices in [0, 2]"),
    (lambda: losses.categorical_cross_entropy(np.zeros((2, 3)), np.full((2, 3), 0.5)), ValueError, "must sum to 1"),
    (lambda: losses.kl_divergence([0.5, -0.5], [0.5, 0.5]), ValueError, "non-negative"),
    (lambda: losses.mse([], []), ValueError, "mse: y_pred is empty"),
    (lambda: losses.mse([None], [1]), TypeError, "expected real numbers"),
    (lambda: P.l2(np.ones(3), -1.0), ValueError, "l2: lam must be >= 0"),
    (lambda: P.elastic_net(np.ones(3), 1.0, l1_ratio=2), ValueError, "l1_ratio must be <= 1"),
    (lambda: P.l1([], 1.0), ValueError, "l1: weights is an empty list"),
    (lambda: L.Dropout(p=1.5), ValueError, "Dropout: p must be <= 1"),
    (lambda: L.BatchNorm1d(3).forward(np.ones((1, 3))), ValueError, "at least 2 rows"),
    (lambda: L.BatchNorm1d(3).forward(np.ones((4, 2))), ValueError, "x must have shape (N, 3)"),
    (lambda: T.EarlyStopping(patience=0), ValueError, "patience must be an integer >= 1"),
    (lambda: T.EarlyStopping().step("low"), TypeError, "val_loss must be a number"),
    (lambda: ref.metrics.accuracy([0.9, 0.2], [1, 0]), ValueError, "not probabilities"),
])
def test_bad_input_gets_a_clear_error(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)


def test_fit_penalizes_weight_matrices_only():
    model = L.Sequential(L.Linear(3, 4, rng=0), L.BatchNorm1d(4), L.ReLU(), L.Linear(4, 1, rng=1))
    before = {k: v.copy() for k, v in model.params.items()}
    no_data_gradient = lambda out, y: np.zeros_like(out)  # noqa: E731 (only the penalty moves anything)
    T.fit(model, np.random.default_rng(0).standard_normal((8, 3)), np.zeros((8, 1)), losses.mse,
          no_data_gradient, epochs=5, lr=0.1, batch_size=8, penalty=P.l2, penalty_grad=P.l2_grad, lam=1.0)
    for key, value in model.params.items():
        if key.endswith(".W"):
            np.testing.assert_allclose(value, before[key] * 0.9 ** 5)     # shrunk by (1 - lr lam) per step
        else:
            np.testing.assert_array_equal(value, before[key])             # biases, gamma, beta untouched


def test_fit_steps_early_stopping_once_per_epoch_and_restores_the_best():
    calls = []

    class Recording(T.EarlyStopping):
        def step(self, val_loss, state=None):
            calls.append(val_loss)
            return super().step(val_loss, state)

    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((20, 2)), rng.standard_normal((20, 1))
    model = L.Sequential(L.Linear(2, 32, rng=2), L.ReLU(), L.Linear(32, 1, rng=3))
    es = Recording(patience=3)
    h = T.fit(model, X[:10], y[:10], losses.mse, losses.mse_grad, X_val=X[10:], y_val=y[10:], epochs=200,
              lr=0.2, batch_size=5, early_stopping=es)
    assert calls == h.val_loss and h.stopped_early and h.best_epoch == es.best_epoch
    model.eval()
    assert losses.mse(model.forward(X[10:]), y[10:]) == pytest.approx(min(h.val_loss), rel=1e-12)


def test_layers_share_one_interface_and_linear_backward_is_right():
    for layer in (L.Linear(3, 2, rng=0), L.ReLU(), L.Tanh(), L.Dropout(0.3, rng=0), L.BatchNorm1d(3)):
        assert layer.training and set(layer.params) == set(layer.grads)
        assert layer.eval() is layer and not layer.training and layer.train().training
    x = np.random.default_rng(0).standard_normal((5, 4))
    errors = ref.gradcheck.check_layer_gradients(L.Linear(4, 3, rng=0), x, verbose=False)
    assert max(errors.values()) < 1e-7


def test_state_dict_is_live_and_load_state_dict_copies_in_place():
    model = L.Sequential(L.Linear(2, 2, rng=0), L.BatchNorm1d(2))
    state = model.state_dict()
    assert set(state) == {"0.W", "0.b", "1.gamma", "1.beta", "1.running_mean", "1.running_var"}
    saved = {k: v.copy() for k, v in state.items()}
    model.params["0.W"] += 1.0
    assert np.array_equal(state["0.W"], saved["0.W"] + 1.0)      # live: the classic trap
    model.load_state_dict(saved)
    assert np.array_equal(model.params["0.W"], saved["0.W"])


def test_gradcheck_reports_cs231n_relative_error():
    assert ref.gradcheck.rel_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert ref.gradcheck.rel_error([1.0], [3.0]) == pytest.approx(0.5)
    err = ref.gradcheck.check_gradient(losses.mse, losses.mse_grad, np.ones(3), np.zeros(3), verbose=False)
    assert err < 1e-8


def test_metrics():
    y_true = np.array([1, 1, 1, 0, 0, 0, 0, 0])
    y_pred = np.array([1, 1, 0, 1, 0, 0, 0, 0])
    assert ref.metrics.accuracy(y_pred, y_true) == 0.75
    assert ref.metrics.precision(y_pred, y_true) == pytest.approx(2 / 3)
    assert ref.metrics.recall(y_pred, y_true) == pytest.approx(2 / 3)
    assert ref.metrics.f1_score(y_pred, y_true) == pytest.approx(2 / 3)
    assert ref.metrics.confusion_matrix(y_pred, y_true).tolist() == [[4, 1], [1, 2]]


def test_every_student_function_has_at_least_three_mistakes_in_the_corpus():
    from autograder import SOLUTIONS
    from autograder.authoring.regions import solution_regions

    targets = set()
    for path in (SOLUTIONS / "course_lib").glob("*.py"):
        for region in solution_regions(path.read_text(), path.name):
            targets.add(f"{path.stem}.{region.qualname}")
    counts = {t: sum(m.target == t for m in MISTAKES) for t in targets}
    layer_methods = {t for t in targets if t.startswith("layers.")}
    for target, count in counts.items():
        if target in layer_methods:   # a layer's mistakes are counted per layer (forward and backward)
            continue
        assert count >= 3, (f"{target} has {count} mistakes in the corpus: add realistic ones to "
                            f"autograder/parts/<part>/corpus.py (at least three per function)")
    for layer in ("layers.Dropout", "layers.BatchNorm1d"):
        assert sum(m.target.startswith(layer) for m in MISTAKES) >= 6
