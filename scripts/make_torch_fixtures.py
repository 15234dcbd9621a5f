"""Record PyTorch's values and gradients for the contract's operations, as test fixtures.

Run it only when the fixtures must change, in an environment that has PyTorch (the course itself
never needs PyTorch):

    python -m venv /tmp/torch-env && /tmp/torch-env/bin/pip install torch==2.13.0 numpy
    /tmp/torch-env/bin/python scripts/make_torch_fixtures.py

It writes tests/fixtures/pytorch_reference.npz: for each case NAME, the inputs NAME.in0, NAME.in1,
..., the keyword arguments NAME.kwargs (JSON), PyTorch's loss NAME.value and its gradient with
respect to the first input NAME.grad. tests/test_reference_vs_pytorch.py compares the reference
solution with them to 1e-10 relative, in float64.
"""

import json
import pathlib

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "pytorch_reference.npz"
rng = np.random.default_rng(20261122)
cases = {}


def record(name, func, fn_torch, inputs, kwargs=None, grad=True):
    name = name.replace(".", "p")  # keys are "<case>.<field>"
    kwargs = kwargs or {}
    tensors = [torch.tensor(a, requires_grad=(i == 0 and grad)) for i, a in enumerate(inputs)]
    value = fn_torch(*tensors, **kwargs)
    entry = {f"in{i}": np.asarray(a) for i, a in enumerate(inputs)}
    entry["value"] = value.detach().numpy()
    if grad:
        if value.ndim == 0:
            value.backward()
        entry["grad"] = tensors[0].grad.numpy()
    entry["kwargs"] = np.array(json.dumps(kwargs))
    entry["func"] = np.array(func)
    cases[name] = entry


def pair(shape, scale=1.0):
    return scale * rng.standard_normal(shape), scale * rng.standard_normal(shape)


# Regression
for shape in [(7,), (5, 3), (2, 3, 4)]:
    a, b = pair(shape, 2.0)
    tag = "x".join(map(str, shape))
    record(f"mse_{tag}", "mse", F.mse_loss, [a, b])
    record(f"mae_{tag}", "mae", F.l1_loss, [a, b])
    for delta in (0.5, 1.0, 2.5):
        record(f"huber_{tag}_{delta}", "huber", lambda x, t, delta: F.huber_loss(x, t, delta=delta),
               [a, b], {"delta": delta})

# Binary cross-entropy on probabilities, including the clamped ends and tiny probabilities
p = rng.uniform(0.02, 0.98, (6, 4))
y = (rng.random((6, 4)) > 0.5).astype(float)
record("bce_hard", "binary_cross_entropy", F.binary_cross_entropy, [p, y])
record("bce_soft", "binary_cross_entropy", F.binary_cross_entropy, [p, rng.random((6, 4))])
p_edge = np.array([0.0, 1.0, 0.0, 1.0, 1e-8, 1 - 1e-8, 1e-50, 0.5])
y_edge = np.array([0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0])
record("bce_edges", "binary_cross_entropy", F.binary_cross_entropy, [p_edge, y_edge], grad=False)

# Binary cross-entropy on logits, including huge logits
z = 3 * rng.standard_normal((5, 4))
record("bce_logits", "binary_cross_entropy_with_logits", F.binary_cross_entropy_with_logits, [z, y[:5]])
z_big = np.array([-1000.0, 1000.0, -1000.0, 1000.0, -40.0, 40.0, 0.0, 700.0])
y_big = np.array([0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.25])
record("bce_logits_extreme", "binary_cross_entropy_with_logits", F.binary_cross_entropy_with_logits,
       [z_big, y_big])

# Softmax, log-softmax
for name, logits in [("normal", 2 * rng.standard_normal((4, 5))),
                     ("extreme", np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -999.0]])),
                     ("vector", rng.standard_normal(6))]:
    record(f"softmax_{name}", "softmax", lambda t: F.softmax(t, dim=-1), [logits], grad=False)
    record(f"log_softmax_{name}", "log_softmax", lambda t: F.log_softmax(t, dim=-1), [logits], grad=False)

# Categorical cross-entropy: integer labels, probability targets, label smoothing, extreme logits
logits = 2 * rng.standard_normal((6, 4))
labels = rng.integers(0, 4, 6)
probs = rng.dirichlet(np.ones(4), 6)
for eps in (0.0, 0.1, 0.3):
    record(f"cce_labels_{eps}", "categorical_cross_entropy",
           lambda x, t, label_smoothing: F.cross_entropy(x, t.long(), label_smoothing=label_smoothing),
           [logits, labels], {"label_smoothing": eps})
    record(f"cce_probs_{eps}", "categorical_cross_entropy",
           lambda x, t, label_smoothing: F.cross_entropy(x, t, label_smoothing=label_smoothing),
           [logits, probs], {"label_smoothing": eps})
extreme = np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 500.0]])
record("cce_extreme", "categorical_cross_entropy",
       lambda x, t: F.cross_entropy(x, t.long()), [extreme, np.array([2, 0])])

# KL divergence (p with zeros; q strictly positive), as F.kl_div(q.log(), p, 'batchmean')
P = rng.dirichlet(np.ones(5), 4)
P[0, 1] = 0.0
P[0] /= P[0].sum()
Q = rng.dirichlet(np.ones(5), 4)
record("kl_rows", "kl_divergence",
       lambda q, p: F.kl_div(q.log(), p, reduction="batchmean"), [Q, P])
cases["kl_rows"]["note"] = np.array("inputs are (q, p): kl_divergence(p, q) = value; grad is d/dq")

# Batch normalization: three training steps then eval, forward values and gradients
x_steps = [3 * rng.standard_normal((8, 3)) + 1.0 for _ in range(3)]
x_eval = rng.standard_normal((5, 3))
dout = rng.standard_normal((8, 3))
bn = torch.nn.BatchNorm1d(3, eps=1e-5, momentum=0.1).double()
with torch.no_grad():
    bn.weight.copy_(torch.tensor([1.5, 0.5, -1.0]))
    bn.bias.copy_(torch.tensor([0.1, -0.2, 0.3]))
entry = {"gamma": bn.weight.detach().numpy().copy(), "beta": bn.bias.detach().numpy().copy(), "dout": dout}
for i, xs in enumerate(x_steps):
    xt = torch.tensor(xs, requires_grad=True)
    out = bn(xt)
    (out * torch.tensor(dout)).sum().backward()
    entry[f"x{i}"] = xs
    entry[f"out{i}"] = out.detach().numpy()
    entry[f"dx{i}"] = xt.grad.numpy()
    entry[f"dgamma{i}"] = bn.weight.grad.numpy().copy()
    entry[f"dbeta{i}"] = bn.bias.grad.numpy().copy()
    bn.weight.grad = None
    bn.bias.grad = None
    entry[f"running_mean{i}"] = bn.running_mean.numpy().copy()
    entry[f"running_var{i}"] = bn.running_var.numpy().copy()
bn.eval()
xt = torch.tensor(x_eval, requires_grad=True)
out = bn(xt)
(out * torch.tensor(dout[:5])).sum().backward()
entry.update({"x_eval": x_eval, "out_eval": out.detach().numpy(), "dx_eval": xt.grad.numpy()})
cases["batchnorm"] = entry

flat = {f"{case}.{key}": value for case, entry in cases.items() for key, value in entry.items()}
flat["torch_version"] = np.array(torch.__version__)
OUT.parent.mkdir(parents=True, exist_ok=True)
np.savez(OUT, **flat)
print(f"wrote {len(cases)} cases to {OUT} with torch {torch.__version__}")
