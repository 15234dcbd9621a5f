"""Claims that the notebooks' text makes about other seeds than the ones a notebook runs hold for the
reference, on exactly the seeds the text names.

Each test runs the notebook's own functions (the top-level ``def``s of the cell that holds them, and
the constants they use, executed with the reference library) on the seeds the text gives, and checks
the statements the text makes, with its hedges ("about half", "within 15%"); it also checks that the
text still says what it holds (``says``). Claims about a notebook's own run are held by
``tests/test_notebooks.py`` (``CLAIMS``).
"""

import ast
import functools
import json
import math

import numpy as np
import pytest
from conftest import ROOT
from threadpoolctl import threadpool_limits

from autograder.grading import reference

ref = reference.load()
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("notebook_claims")]


def _literal_assignment(node):
    """``NAME = <literal>``, or a value computed from literals and ``np`` alone (``np.logspace(...)``):
    the constants a cell's functions may use as defaults."""
    if not isinstance(node, ast.Assign):
        return False
    try:
        ast.literal_eval(node.value)
    except ValueError:
        return all(n.id in ("np", "int", "float") for n in ast.walk(node.value) if isinstance(n, ast.Name))
    return True


def _prose(notebook):
    path = next((ROOT / "solutions" / "notebooks").glob(f"{notebook}*/*.ipynb"))
    cells = json.loads(path.read_text())["cells"]
    return " ".join(" ".join(c["source"] for c in cells if c["cell_type"] == "markdown").split())


def says(notebook, quote):
    """The notebook's text still makes the claim a test holds (whitespace aside)."""
    assert " ".join(quote.split()) in _prose(notebook), f"notebook {notebook} no longer says: {quote!r}"


def notebook_functions(notebook, marker, **namespace):
    """The functions (and literal constants) defined in the code cell of ``notebook`` that contains
    ``marker``, defined in a namespace holding the reference library's modules (plus ``namespace``)."""
    path = next((ROOT / "solutions" / "notebooks").glob(f"{notebook}*/*.ipynb"))
    cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code" and marker in c["source"]]
    assert len(cells) == 1, (notebook, marker)
    tree = ast.parse(cells[0]["source"])
    tree.body = [node for node in tree.body if isinstance(node, ast.FunctionDef) or _literal_assignment(node)]
    env = {"np": np, "layers": ref.layers, "losses": ref.losses, "training": ref.training,
           "datasets": ref.datasets, "metrics": ref.metrics, "penalties": ref.penalties, **namespace}
    exec(compile(tree, f"{path.name}:{marker}", "exec"), env)
    return env


# ------------------------------------------------------------------------------------------------
# Notebook 01: outliers, and the efficiency of Huber's classic delta
# ------------------------------------------------------------------------------------------------

def test_outliers_lift_the_mse_line_and_not_mae_or_huber():
    """Fitting a line through outliers, seeds 0 to 19 of ``line_with_outliers``: the MSE intercept is
    always above 2; the MAE and Huber lines are always within 0.3 of the true intercept and 0.15 of
    the true slope."""
    says("01", "(The same with seeds 0 to 19 of `line_with_outliers`: the MSE intercept always above 2, "
               "the MAE and Huber lines always within 0.3 of the true intercept and 0.15 of the true slope.)")
    fit_line = notebook_functions("01", "def fit_line(")["fit_line"]
    sets = [ref.datasets.line_with_outliers(n=60, seed=s) for s in range(20)]
    X, Y = np.array([s[0] for s in sets]), np.array([s[1] for s in sets])
    w, b = fit_line(X, Y, ref.losses.mse_grad)
    assert np.all(b > 2), b
    for grad, kw in ((ref.losses.mae_grad, {}), (ref.losses.huber_grad, {"delta": 1.0})):
        w, b = fit_line(X, Y, grad, **kw)
        assert np.all(np.abs(b - 1) < 0.3) and np.all(np.abs(w - 2) < 0.15), (grad.__name__, w, b)


def test_huber_at_1345_sigma_keeps_95_percent_of_the_mean_s_efficiency():
    """Notebook 01: with Gaussian noise, Huber's delta = 1.345 sigma has an asymptotic efficiency of 95%
    relative to the mean, (P(|Z| < k))^2 / E[psi_k(Z)^2] for a standard normal Z (Huber, 1964)."""
    says("01", "with Gaussian noise it keeps 95% of the mean's efficiency")
    k = 1.345
    inside = math.erf(k / math.sqrt(2))                           # P(|Z| < k)
    density = math.exp(-k * k / 2) / math.sqrt(2 * math.pi)
    second_moment = inside - 2 * k * density + k * k * (1 - inside)   # E[min(|Z|, k)^2]
    assert abs(inside ** 2 / second_moment - 0.95) < 0.001


# ------------------------------------------------------------------------------------------------
# Notebook 02: label smoothing stops the weights growing
# ------------------------------------------------------------------------------------------------

def test_label_smoothing_stops_the_weights_growing():
    """Label smoothing, blobs seeds 0 to 5: without smoothing the weights grow by more than 10% between
    steps 500 and 1,500; with eps = 0.1 they change by less than 1%."""
    says("02", "(The same held on blobs seeds 0 to 5: without smoothing the weights still grew by more than "
               "10% between steps 500 and 1,500; with it they changed by less than 1%.)")
    train = notebook_functions("02", "def train_linear_softmax(")["train_linear_softmax"]
    for seed in range(6):
        X, y = ref.datasets.blobs(n=300, centers=3, spread=0.8, seed=seed)
        X = ref.datasets.standardize(X)
        with threadpool_limits(1):
            _, hard, _ = train(X, y, 0.0)
            _, smooth, _ = train(X, y, 0.1)
        assert hard[-1] > 1.1 * hard[499], seed
        assert abs(smooth[-1] / smooth[499] - 1) < 0.01, seed


# ------------------------------------------------------------------------------------------------
# Notebook 03: distillation against hard labels and label smoothing
# ------------------------------------------------------------------------------------------------

def test_a_teacher_s_soft_targets_beat_hard_labels_and_smoothing():
    """Soft targets, seeds 0 to 5 for the split, the teacher, the 100 images and the student: T = 2, 4
    and 8 beat the hard labels by 2.5 to 9 points; smoothing is worse than the hard labels, by at most
    2.5 points. (About 2 s a seed.)"""
    says("03", "(With seeds 0 to 5 for the split, the teacher, the 100 images and the student, `train_students` "
               "gave the same picture every time: $T = 2, 4$ and $8$ beat the hard labels by 2.5 to 9 points, and "
               "smoothing was up to 2.5 points worse than them.)")
    X, y, _ = ref.datasets.load_digits()
    teacher_of = notebook_functions("03", "def digits_teacher(", X=X, y=y)["digits_teacher"]
    students = notebook_functions("03", "def train_students(")["train_students"]
    for seed in range(6):
        with threadpool_limits(1):
            teacher, X_tr, y_tr, X_va, y_va, _ = teacher_of(seed)
            acc = students(seed, teacher, X_tr, y_tr, X_va, y_va)
        gains = [acc[f"teacher, T = {T}"] - acc["hard labels"] for T in (2, 4, 8)]
        assert all(0.025 <= g <= 0.09 for g in gains), (seed, gains)
        assert -0.025 - 1e-9 <= acc["smoothing 0.1"] - acc["hard labels"] < 0, (seed, acc)


# ------------------------------------------------------------------------------------------------
# Notebook 04: the two-weight picture of L1 and L2
# ------------------------------------------------------------------------------------------------

def test_the_l1_path_lands_on_an_axis_and_the_l2_path_never_does():
    """Section 3.2: redrawn with 20 other seeds, the L1 minimizer reaches an axis (one weight exactly
    0, the other not) before lambda_max, and no L2 minimizer has a zero weight."""
    says("04", "(We redrew the data of this cell with 20 other seeds: every time, the L1 path reached an axis "
               "before $\\lambda_{\\max}$ and the L2 path had no zero weight.)")
    env = notebook_functions("04", "def proximal_gradient(")
    env = notebook_functions("04", "def two_weight_problem(", proximal_gradient=env["proximal_gradient"])
    for seed in range(1, 21):
        X, y = env["two_weight_problem"](seed)
        lam_max = np.max(np.abs(2 * X.T @ y / len(y)))
        lams = lam_max * np.logspace(-3, 0, 60)[:-1]           # up to, not including, lambda_max
        l1, l2 = env["minimizer_paths"](X, y, lams)
        on_an_axis = ((l1 == 0).sum(axis=1) == 1)
        assert on_an_axis.any(), seed
        assert not (l2 == 0).any(), seed
        assert np.all(np.diff(np.linalg.norm(l2, axis=1)) < 0), seed       # ridge: the norm falls with lambda


def test_only_the_proximal_step_lands_on_zero_over_bootstrap_resamples():
    """Section 3.1, 25 bootstrap resamples of the patients (resample b drawn with default_rng(b)): the
    subgradient method ends with no exact zero in any of them, the proximal method with 3 to 6 in
    each."""
    says("04", "(The same on 25 bootstrap resamples of the patients: the subgradient method ended with no exact "
               "zero in any of them, the proximal method with 3 to 6 in each.)")
    env = notebook_functions("04", "def proximal_gradient(")
    X_all, y_all, _ = ref.datasets.load_diabetes()
    for b in range(25):
        idx = np.random.default_rng(b).integers(0, len(y_all), len(y_all))
        X, y = ref.datasets.standardize(X_all[idx]), y_all[idx]
        y = (y - y.mean()) / y.std()
        with threadpool_limits(1):
            w_sub = env["subgradient_descent"](X, y, 0.1)[-1]
            w_prox = env["proximal_gradient"](X, y, 0.1)
        assert np.sum(w_sub == 0.0) == 0, b
        assert 3 <= np.sum(w_prox == 0.0) <= 6, (b, w_prox)


def test_the_elastic_net_keeps_more_because_its_l1_part_is_weaker():
    """Section 4.1, data seeds 0 to 9: the elastic net (r = 0.5) at its validation-chosen lambda keeps
    more features than the lasso at its own; a lasso at the net's L1 strength keeps within 4 features
    of the net, with a largest share within 0.1 of the net's."""
    says("04", "(The same with data seeds 0 to 9: the net kept more features than the chosen lasso every time, "
               "and the lasso at the net's L1 strength kept within 4 features of the net, with a largest share "
               "within 0.1 of the net's.)")
    env = notebook_functions("04", "def proximal_gradient(")
    env = notebook_functions("04", "def best_on_validation(", proximal_gradient=env["proximal_gradient"])
    correlated_data = notebook_functions("04", "def correlated_data(")["correlated_data"]
    for seed in range(10):
        X_a, X_b, y_a, y_b, _ = correlated_data(seed)
        with threadpool_limits(1):
            _, lasso, _ = env["best_on_validation"](X_a, y_a, X_b, y_b, 1.0)
            _, net, lam = env["best_on_validation"](X_a, y_a, X_b, y_b, 0.5)
            same_l1 = env["proximal_gradient"](X_a, y_a, 0.5 * lam, 1.0, tol=1e-7)
        (n_lasso, _), (n_net, share_net), (n_same, share_same) = (
            (g[0].sum(), g[1]) for g in map(env["group_view"], (lasso, net, same_l1)))
        assert n_net > n_lasso, seed
        assert abs(n_same - n_net) <= 4, (seed, n_net, n_same)
        assert abs(share_same - share_net) <= 0.1, (seed, share_net, share_same)


def test_noise_on_the_features_is_ridge_and_jitter_tames_the_polynomial():
    """Section 5, training sets 0 to 9: with 1000 copies, the noisy-feature weights (s = 0.03) are
    within 15% of ridge's at lambda = 2 s^2; the jitter fit (s = 0.1) has a validation MSE below
    2 sigma^2 where the unpenalized fit's is enormous; a jitter of s = 0.01 is not always enough."""
    says("04", "(Over training sets 0 to 9: with 1000 copies, the noisy-feature weights were within 15% of ridge's "
               "in every one, and the jitter fit's validation MSE stayed below $2\\sigma^2$ in every one, where the "
               "unpenalized fit's is enormous. With a jitter of only $s = 0.01$, it was not always enough")
    poly = notebook_functions("04", "def design(")
    ridge = notebook_functions("04", "def fit_ridge(", design=poly["design"])
    noise = notebook_functions("04", "def noisy_features_fit(", design=poly["design"], DEGREE=ridge["DEGREE"])
    sigma2, not_enough = poly["SIGMA"] ** 2, 0
    for seed in range(10):
        x, y = ref.datasets.noisy_sine(n=20, noise=poly["SIGMA"], seed=seed)
        x_val, y_val = ref.datasets.noisy_sine(n=500, noise=poly["SIGMA"], seed=10_000 + seed)
        with threadpool_limits(1):
            w_ridge = ridge["fit_ridge"](x, y, 15, 2 * 0.03 ** 2)
            w_noisy = noise["noisy_features_fit"](x, y, 0.03, 1000)
            w_jitter = noise["jittered_inputs_fit"](x, y, 0.1, 1000)
            w_small = noise["jittered_inputs_fit"](x, y, 0.01, 1000)
        assert np.linalg.norm(w_noisy - w_ridge) / np.linalg.norm(w_ridge) < 0.15, seed
        assert poly["poly_mse"](w_jitter, x_val, y_val) < 2 * sigma2, seed
        assert poly["poly_mse"](poly["fit_poly"](x, y, 15), x_val, y_val) > 10 * sigma2, seed
        not_enough += poly["poly_mse"](w_small, x_val, y_val) > 2 * sigma2
    assert not_enough >= 1


# ------------------------------------------------------------------------------------------------
# Notebook 05: early stopping and ridge on notebook 04's polynomial
# ------------------------------------------------------------------------------------------------

def test_early_stopping_reaches_about_ridge_s_best():
    """Early stopping and L2, training sets 0 to 4: the best validation MSE along gradient descent is
    within 15% of ridge's best along lambda = 1 / (eta t)."""
    says("05", "(The same on training sets 0 to 4: the best validation MSE along gradient descent was within 15% "
               "of ridge's best every time.)")
    gd_and_ridge = notebook_functions("05", "def gd_and_ridge(")["gd_and_ridge"]
    for seed in range(5):
        with threadpool_limits(1):
            run = gd_and_ridge(seed)
        ratio = run["gd_val"].min() / run["ridge_val"].min()
        assert 1 / 1.15 < ratio < 1.15, (seed, ratio)


# ------------------------------------------------------------------------------------------------
# Notebook 07: batch norm against no regularization and dropout on notebook 06's small data
# ------------------------------------------------------------------------------------------------

@functools.cache
def bn_env():
    X_digits, y_digits, _ = ref.datasets.load_digits()
    return notebook_functions("07", "def small_net(", X_small=X_digits / 16.0, y_digits=y_digits,
                              CE=ref.losses.categorical_cross_entropy,
                              CE_grad=ref.losses.categorical_cross_entropy_grad)


@functools.cache
def small_data(kind, seed):
    with threadpool_limits(1):
        h = bn_env()["small_data_run"](kind, seed)
    val, train = np.asarray(h.val_loss), np.asarray(h.train_loss)
    return {"gap": val[-1] - train[-1], "best": val.min(), "best_epoch": int(val.argmin()) + 1,
            "train_at_10": train[9]}


def test_batch_norm_does_not_regularize_where_dropout_does():
    """Notebook 07, "Is batch norm a regularizer?" (20 seeds): dropout narrows the gap and lowers the
    best validation loss in every seed; batch norm narrows the gap in only about a third of the
    seeds, lowers the best validation loss in about half, by a negligible median, and trains about
    ten times faster (its best epoch comes early)."""
    says("07", "Over 20 seeds (0 to 19), after 100 epochs:")
    says("07", "Its final gap was narrower than without regularization in only about a third of the seeds, and "
               "its best validation loss was lower in about half of them, by a negligible median.")
    seeds = range(20)
    runs = {(k, s): small_data(k, s) for k in ("no regularization", "dropout 0.5", "batch norm") for s in seeds}
    none = [runs["no regularization", s] for s in seeds]
    drop = [runs["dropout 0.5", s] for s in seeds]
    bn = [runs["batch norm", s] for s in seeds]
    for s, n, d in zip(seeds, none, drop):
        assert d["gap"] < n["gap"] and d["best"] < n["best"], s
    assert np.median([d["gap"] / n["gap"] for n, d in zip(none, drop)]) < 0.5
    assert 0.04 < -np.median([d["best"] - n["best"] for n, d in zip(none, drop)]) < 0.1
    narrower = sum(b["gap"] < n["gap"] for n, b in zip(none, bn))
    lower = sum(b["best"] < n["best"] for n, b in zip(none, bn))
    assert 3 <= narrower <= 9, narrower                      # "only about a third"
    assert 7 <= lower <= 13, lower                           # "about half"
    assert abs(np.median([b["best"] - n["best"] for n, b in zip(none, bn)])) < 0.03
    assert np.mean([b["train_at_10"] for b in bn]) < 0.3 < 1.2 < np.mean([n["train_at_10"] for n in none])
    assert max(b["best_epoch"] for b in bn) <= 55 and min(n["best_epoch"] for n in none) >= 30


def test_batch_norm_after_the_relu_did_worse_here():
    """Notebook 07, "Before or after the activation?" (20 seeds): with batch norm after the ReLU the
    best validation loss is higher than without regularization, and the gap wider, in most seeds."""
    says("07", "over 20 seeds, a best validation loss higher than without any regularization, and a wider "
               "final gap, in most of them.")
    seeds = range(20)
    worse = sum(small_data("batch norm after the ReLU", s)["best"] > small_data("no regularization", s)["best"]
                for s in seeds)
    wider = sum(small_data("batch norm after the ReLU", s)["gap"] > small_data("no regularization", s)["gap"]
                for s in seeds)
    assert worse >= 16 and wider >= 16, (worse, wider)


# ------------------------------------------------------------------------------------------------
# Notebook 06: how much data changes the picture
# ------------------------------------------------------------------------------------------------

def test_more_data_less_to_fight_and_dropout_still_helps():
    """Notebook 06, "How much data changes the picture", seeds 0 to 4 (a 1200-image run costs several
    seconds): without dropout the gap is smaller with 1200 images than with 150; at every size dropout
    narrows the gap and lowers the best validation loss; its gain in best validation loss is smaller
    at 1200 than at 150. (The 150-image runs also hold the text's "rerun on seeds 0 to 4".)"""
    says("06", "(With seeds 0 to 4 and 1200 images as well: without dropout the gap was smaller at 1200 than at "
               "150 in every seed; dropout narrowed the gap and lowered the best validation loss at every size in "
               "every seed, and its gain in best validation loss was smaller at 1200 than at 150.)")
    says("06", "The course's tests rerun the comparison of $p = 0$ and $p = 0.5$ on seeds 0 to 4")
    X_all, y_all, _ = ref.datasets.load_digits()
    env = notebook_functions("06", "def little_noisy_digits(", X_all=X_all / 16.0, y_all=y_all)
    env = notebook_functions("06", "def size_run(", little_noisy_digits=env["little_noisy_digits"],
                             make_net=env["make_net"])
    gain = {150: [], 1200: []}
    for seed in range(5):
        gaps = {}
        for n in (150, 600, 1200):
            with threadpool_limits(1):
                h0, h5 = env["size_run"](n, 0.0, seed), env["size_run"](n, 0.5, seed)
            assert h5.gap[-1] < h0.gap[-1] and min(h5.val_loss) < min(h0.val_loss), (seed, n)
            gaps[n] = h0.gap[-1]
            if n in gain:
                gain[n].append(min(h0.val_loss) - min(h5.val_loss))
        assert gaps[1200] < gaps[150], seed
    assert np.mean(gain[1200]) < np.mean(gain[150])


# ------------------------------------------------------------------------------------------------
# Notebook 08: how typical split 0 is, and the penalty that was too strong
# ------------------------------------------------------------------------------------------------

def test_capstone_baseline_and_strong_penalty_over_twenty_splits():
    """Notebook 08 (splits 0 to 19): the baseline's training loss ends
    below about 0.04, its validation accuracy moves by at most 5 examples after epoch 20, its
    validation loss ends more than 5% above its minimum in 12 to 17 of the splits; lambda = 0.1
    has a higher validation cross-entropy than no penalty in 17 or 18 of them."""
    import contextlib
    import io

    says("08", "On splits 0 to 19 the baseline's training loss always ended below 0.04 and its validation "
               "accuracy moved by at most 5 examples after epoch 20")
    says("08", "(between 12 and 17 of the 20)")
    says("08", "with a higher validation cross-entropy than no penalty in 17 or 18 of the 20 splits.")

    path = next((ROOT / "solutions" / "notebooks").glob("08*/*.ipynb"))
    data_cell = next(c["source"] for c in json.loads(path.read_text())["cells"]
                     if c["cell_type"] == "code" and "X_raw, y_benign, feature_names" in c["source"])
    data = {"np": np, "datasets": ref.datasets}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(data_cell, data)
    dev_split = notebook_functions("08", "def dev_split(", X_dev=data["X_dev"], y_dev=data["y_dev"])["dev_split"]
    env = notebook_functions("08", "def make_mlp(", BCE=ref.losses.binary_cross_entropy_with_logits,
                             BCE_grad=ref.losses.binary_cross_entropy_with_logits_grad)
    rises, stronger = [], 0
    for k in range(20):
        split = dev_split(k)
        with threadpool_limits(1):
            base, h = env["train_model"]({"loss": "bce"}, *split, seed=k)
            strong, _ = env["train_model"]({"loss": "bce", "l2": 0.1}, *split, seed=k)
        assert h.train_loss[-1] < 0.04, k
        acc = np.asarray(h.val_metrics["accuracy"])
        assert np.max(np.abs(acc[19:] - acc[19])) * len(split[3]) <= 5 + 1e-9, k
        rises.append(h.val_loss[-1] / min(h.val_loss) - 1)
        ce = [env["scores"](m, split[2], split[3])["cross-entropy"] for m in (base, strong)]
        stronger += ce[1] > ce[0]
    assert 12 <= sum(r > 0.05 for r in rises) <= 17
    assert stronger in (17, 18)
