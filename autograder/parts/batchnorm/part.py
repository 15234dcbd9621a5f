"""Batch normalization: ``layers.BatchNorm1d`` (PyTorch ``torch.nn.BatchNorm1d``).

The contract (CONTRACT.md, the class's docstring): input (N, C); training mode normalizes with the
batch mean and the biased batch variance, eps inside the square root, and updates the running
statistics with PyTorch's momentum (the unbiased variance for ``running_var``); eval mode normalizes
with the running statistics and leaves them alone; ``backward`` differentiates the last forward, in
the mode that forward ran in, and sets ``grads`` (not adds to them). Options: ``eps``, ``momentum``
(0 to 1).

The sequences drive one layer through forward and backward calls on batches of every kind the
contract allows: ordinary, a large offset with a small spread (where a one-pass variance loses every
digit), a constant column (variance 0), a column of tiny variance (where eps matters), a batch of 2,
inputs given as lists, float32 or int64; with several eps and momentums; and they repeat calls
(backward twice after one forward, forward/backward/forward/backward, several training steps).
Eval-mode sequences set the running statistics themselves, so a mistake in updating them costs
``running_stats`` only; call sequences that switch modes are the custom ``state`` check.
"""

import numpy as np

from ..domains import contain, rng
from ..spec import Custom, Op, Part, Sequence, Sequences

BATCHES = ("ordinary", "a large offset and a small spread", "a constant column", "a column of tiny variance",
           "a batch of 2")
FORMS = ("array", "list", "float32", "int")
OPTIONS = ({}, {"eps": 0.1}, {"eps": 1e-3}, {"momentum": 0.3}, {"momentum": 1.0}, {"momentum": 0.0})


def batch(g, kind, c, n=6):
    """An (n, c) batch of ``kind``."""
    if kind == "a batch of 2":
        n = 2
    x = g.standard_normal((n, c)) * g.uniform(0.5, 3, c) + g.uniform(-2, 2, c)
    if kind == "a large offset and a small spread":
        x = 1e4 + 1e-2 * g.standard_normal((n, c))
    elif kind == "a constant column":
        x[:, 0] = 3.0
    elif kind == "a column of tiny variance":
        x[:, 0] = 1.0 + 1e-3 * g.standard_normal(n)
    return x


def _in(form, x):
    return contain(np.round(x) if form == "int" else x, form)


def _params(g, c):
    gamma, beta = g.uniform(0.5, 2, c), g.standard_normal(c)
    return [Op("set", ("params", "gamma", gamma), {"inplace": True}, observe=(), label="set gamma"),
            Op("set", ("params", "beta", beta), {"inplace": True}, observe=(), label="set beta")]


def _running(g, c):
    return [Op("set", ("running_mean", g.standard_normal(c)), observe=(), label="set running_mean"),
            Op("set", ("running_var", g.uniform(0.1, 3, c)), observe=(), label="set running_var")]


def _kinds(seed, salt):
    """(batch kind, input form, options, C) taking turns over every kind, form and option."""
    out = []
    for i, kind in enumerate(BATCHES):
        for j in range(2):
            k = 2 * i + j
            out.append((kind, FORMS[k % len(FORMS)], OPTIONS[k % len(OPTIONS)], (3, 1, 4)[k % 3]))
    return out


def _words(kind, form, options):
    opts = ", ".join(f"{k} = {v:g}" for k, v in options.items())
    return f"{kind} ({form} input{', ' + opts if opts else ''})"


def forward_sequences(seed):
    seqs = []
    for kind, form, options, c in _kinds(seed, "forward"):
        g = rng(seed, kind, form, c)
        x = batch(g, kind, c)
        ops = _params(g, c) + [Op("forward", (_in(form, x),), label="forward")]
        seqs.append(Sequence(_words(kind, form, options), {"num_features": c, **options}, tuple(ops),
                             facets=(kind, f"{form} input")))
    return seqs


def running_sequences(seed):
    """Several training steps: the running statistics after each."""
    seqs = []
    for kind, form, options, c in _kinds(seed, "running"):
        g = rng(seed, "running", kind, form, c)
        ops = [Op("forward", (_in(form, batch(g, kind, c)),), observe=("running_mean", "running_var"),
                  label=f"training step {s + 1}") for s in range(3)]
        seqs.append(Sequence(_words(kind, form, options), {"num_features": c, **options}, tuple(ops),
                             facets=(kind, f"{form} input")))
    return seqs


def eval_sequences(seed):
    """Eval mode with running statistics set by the check; they must not change; a batch of one."""
    seqs = []
    for kind, form, options, c in _kinds(seed, "eval"):
        g = rng(seed, "eval", kind, form, c)
        x = batch(g, kind, c)
        ops = _params(g, c) + _running(g, c) + [
            Op("eval", (), observe=(), label="eval()"),
            Op("forward", (_in(form, x),), observe=("return", "running_mean", "running_var"), label="forward"),
            Op("forward", (_in(form, x[:1]),), label="forward on one example")]
        seqs.append(Sequence(_words(kind, form, options), {"num_features": c, **options}, tuple(ops),
                             facets=(kind, f"{form} input")))
    return seqs


def backward_sequences(observe):
    """forward, backward, backward again (the same result: grads are set, not added to), then a new
    forward and backward."""
    def make(seed):
        seqs = []
        for kind, form, options, c in _kinds(seed, "backward"):
            g = rng(seed, "backward", kind, form, c)
            x1, x2 = batch(g, kind, c), batch(g, kind, c)
            d1, d2 = g.standard_normal(x1.shape), g.standard_normal(x2.shape)
            ops = _params(g, c) + [
                Op("forward", (_in(form, x1),), observe=(), label="forward"),
                Op("backward", (d1,), observe=observe, label="backward"),
                Op("backward", (d1,), observe=observe, label="backward again"),
                Op("forward", (_in(form, x2),), observe=(), label="a second forward"),
                Op("backward", (d2,), observe=observe, label="its backward")]
            seqs.append(Sequence(_words(kind, form, options), {"num_features": c, **options}, tuple(ops),
                                 facets=(kind, f"{form} input")))
        return seqs
    return make


def eval_backward_sequences(seed):
    seqs = []
    for kind, form, options, c in _kinds(seed, "eval backward"):
        g = rng(seed, "eval backward", kind, form, c)
        x = batch(g, kind, c)
        d = g.standard_normal(x.shape)
        ops = _params(g, c) + _running(g, c) + [
            Op("eval", (), observe=(), label="eval()"),
            Op("forward", (_in(form, x),), observe=(), label="forward"),
            Op("backward", (d,), observe=("return",), label="backward"),
            Op("backward", (d,), observe=("return",), label="backward again")]
        seqs.append(Sequence(_words(kind, form, options), {"num_features": c, **options}, tuple(ops),
                             facets=(kind, f"{form} input")))
    return seqs


def worked_forward(seed):
    x = np.array([[1.0, 2.0], [3.0, 6.0], [5.0, 10.0]])
    return [Sequence("x = [[1, 2], [3, 6], [5, 10]]", {"num_features": 2},
                     (Op("forward", (x,), label="forward(x) in training mode"),))]


def worked_running(seed):
    x = np.array([[1.0, 2.0], [3.0, 6.0], [5.0, 10.0]])
    return [Sequence("x = [[1, 2], [3, 6], [5, 10]], momentum 0.1", {"num_features": 2},
                     (Op("forward", (x,), observe=("running_mean", "running_var"), label="one training step"),
                      Op("forward", (x + 1,), observe=("running_mean", "running_var"), label="a second step")))]


def worked_backward(seed):
    x = np.array([[1.0, 2.0], [3.0, 6.0], [5.0, 10.0]])
    dout = np.array([[1.0, -1.0], [0.5, 2.0], [-2.0, 0.0]])
    return [Sequence("x = [[1, 2], [3, 6], [5, 10]], dout = [[1, -1], [0.5, 2], [-2, 0]]", {"num_features": 2},
                     (Op("forward", (x,), observe=(), label="forward(x)"),
                      Op("backward", (dout,), observe=("return", "grads.gamma", "grads.beta"),
                         label="backward(dout)")))]


def worked_eval(seed):
    x = np.array([[1.0, 2.0], [3.0, 6.0]])
    return [Sequence("running_mean = [1, 2], running_var = [4, 9]", {"num_features": 2},
                     (Op("set", ("running_mean", np.array([1.0, 2.0])), observe=(), label="set running_mean"),
                      Op("set", ("running_var", np.array([4.0, 9.0])), observe=(), label="set running_var"),
                      Op("eval", (), observe=(), label="eval()"),
                      Op("forward", (x,), observe=("return", "running_mean"), label="forward(x) in eval mode"),
                      Op("backward", (np.ones((2, 2)),), label="backward(ones)")))]


BN = "layers.BatchNorm1d"

PART = Part(
    id="batchnorm",
    title="Batch normalization",
    notebook="07_batch_norm",
    pytorch="torch.nn.BatchNorm1d",
    targets=("layers.BatchNorm1d",),
    checks=(
        Sequences("public_forward", 1, "In training mode each column is normalized with the batch mean and the "
                                       "biased variance", public=True, cls=BN, sequences=worked_forward),
        Sequences("public_running", 1, "Training steps update the running statistics the PyTorch way",
                  public=True, cls=BN, sequences=worked_running),
        Sequences("public_backward", 1, "backward gives dx, grads['gamma'] and grads['beta'] of the training "
                                        "forward", public=True, cls=BN, sequences=worked_backward),
        Sequences("public_eval", 1, "In eval mode the running statistics normalize, stay unchanged, and "
                                    "backward treats them as constants", public=True, cls=BN,
                  sequences=worked_eval),
        Sequences("forward_train", 2, "in training mode the output is gamma times the batch-normalized input "
                                      "plus beta (biased variance, the layer's own eps), on every kind of batch",
                  cls=BN, sequences=forward_sequences, seed=701, tolerance="perturbed"),
        Sequences("running_stats", 2, "each training step updates running = (1 - momentum) running + momentum "
                                      "batch, with the unbiased variance for running_var, for several momentums",
                  cls=BN, sequences=running_sequences, seed=702, tolerance="perturbed"),
        Sequences("eval_mode", 2, "in eval mode the layer normalizes with the running statistics (set by the "
                                  "check) and leaves them unchanged; a batch of one is fine",
                  cls=BN, sequences=eval_sequences, seed=703, tolerance="perturbed"),
        Sequences("backward_dx", 2, "backward's dx in training mode, also when called twice after one forward "
                                    "and after a second forward", cls=BN,
                  sequences=backward_sequences(("return",)), seed=704, tolerance="perturbed"),
        Sequences("backward_params", 2, "backward sets grads['gamma'] and grads['beta'] (set, not added to: the "
                                        "same after a second backward)", cls=BN,
                  sequences=backward_sequences(("grads.gamma", "grads.beta")), seed=705, tolerance="perturbed"),
        Sequences("eval_backward", 1, "in eval mode the statistics are constants in backward (running statistics "
                                      "set by the check)", cls=BN, sequences=eval_backward_sequences, seed=706,
                  tolerance="perturbed"),
        Custom("state", 2, "sequences of calls: backward uses what the LAST forward did, in the mode that forward "
                           "ran in, and modes can be switched back and forth"),
        Custom("deep_training", 2, "a deep ReLU network trained at a learning rate too high for it without batch "
                                   "normalization trains well with the student's BatchNorm1d"),
    ),
    hints={
        "batchnorm.unbiased_norm": "it normalizes with the unbiased variance; training mode uses the BIASED "
                                   "batch variance",
        "batchnorm.eps_outside": "eps is added outside the square root; it belongs inside, with the variance",
        "batchnorm.eps_fixed": "eps is fixed at 1e-5 whatever the layer was built with: use self.eps",
        "batchnorm.biased_running": "running_var is updated with the biased variance; it takes the UNBIASED one",
        "batchnorm.momentum_swapped": "momentum weighs the old running value (CS231n's convention); PyTorch's "
                                      "momentum weighs the NEW batch statistic",
        "batchnorm.momentum_fixed": "momentum is fixed at 0.1 whatever the layer was built with: use "
                                    "self.momentum",
        "batchnorm.never_updates": "the running statistics never change in training mode",
        "batchnorm.running_eps": "running_var includes eps: store the batch variance itself (eps is added only "
                                 "when normalizing)",
        "batchnorm.batch_stats_in_eval": "eval mode normalizes with the batch's own statistics: use the running "
                                         "statistics",
        "batchnorm.eval_updates": "an eval-mode forward changes the running statistics: only training mode "
                                  "updates them",
        "batchnorm.backward_constants": "backward treats the batch mean and variance as constants: dx misses the "
                                        "terms that flow through them",
        "batchnorm.backward_no_xhat": "dx misses the term that flows through the variance",
        "batchnorm.dgamma_no_xhat": "dgamma does not weigh dout by the normalized input",
        "batchnorm.backward_train_in_eval": "after an eval-mode forward, backward uses the training formula; in "
                                            "eval mode the statistics are constants",
        "batchnorm.stale_cache": "backward used what an earlier forward left: every forward, in either mode, "
                                 "must leave what its own backward needs",
        "batchnorm.backward_reads_mode": "backward follows the layer's current mode, not the mode of the last "
                                         "forward: remember in forward which one it was",
        "batchnorm.grads_accumulate": "a second backward adds to grads instead of setting them",
    },
)
