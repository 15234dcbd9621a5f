"""Layers of a small neural-network library, one interface for all of them.

Every layer has:

* ``forward(x) -> out`` and ``backward(dout) -> dx``; ``backward`` uses what the last ``forward``
  saw and also fills ``grads``;
* ``params`` and ``grads``: dicts of arrays with the same keys (empty for layers with no parameters);
* ``train()`` and ``eval()``, which set ``training`` (a new layer is in training mode).

``Linear``, ``ReLU``, ``Tanh`` and ``Sequential`` are provided. You write ``Dropout`` and
``BatchNorm1d``, following PyTorch's conventions (see each class's docstring).
"""

import numpy as np

from . import _validation as _v

__all__ = ["Layer", "Linear", "ReLU", "Tanh", "Sequential", "Dropout", "BatchNorm1d", "make_rng"]


def make_rng(rng):
    """A ``numpy.random.Generator`` from ``None`` (fresh entropy), an int seed or a Generator."""
    if rng is None or (isinstance(rng, (int, np.integer)) and not isinstance(rng, bool)):
        return np.random.default_rng(rng)
    if isinstance(rng, np.random.Generator):
        return rng
    raise TypeError(f"rng must be None, an int seed or a numpy.random.Generator, got {type(rng).__name__}")


class Layer:
    """Base class: holds ``params``, ``grads`` and the training flag.

    ``penalized`` names the entries of ``params`` that weight penalties apply to (weight matrices,
    never biases or normalization parameters). ``buffers`` names array attributes that are part of
    the layer's state without being trained by gradient descent (such as running statistics).
    """

    penalized = ()
    buffers = ()

    def __init__(self):
        self.params = {}
        self.grads = {}
        self.training = True

    def train(self, mode=True):
        """Put the layer in training mode (or eval mode with ``mode=False``); returns the layer."""
        self.training = bool(mode)
        return self

    def eval(self):
        """Put the layer in evaluation mode; returns the layer."""
        return self.train(False)

    def forward(self, x):
        raise NotImplementedError

    def backward(self, dout):
        raise NotImplementedError

    def __call__(self, x):
        return self.forward(x)

    def state_dict(self):
        """The layer's live arrays (params and buffers) by name. Not copies: see ``load_state_dict``."""
        state = dict(self.params)
        state.update({name: getattr(self, name) for name in self.buffers})
        return state

    def load_state_dict(self, state):
        """Copy the values of ``state`` into the layer's arrays, in place."""
        for name, target in self.state_dict().items():
            if name not in state:
                raise KeyError(f"{type(self).__name__}.load_state_dict: state has no entry {name!r}")
            value = np.asarray(state[name], dtype=np.float64)
            if value.shape != target.shape:
                raise ValueError(
                    f"{type(self).__name__}.load_state_dict: {name!r} has shape {value.shape}, "
                    f"expected {target.shape}"
                )
            target[...] = value

    def _set_params(self, **arrays):
        self.params = {k: np.asarray(v, dtype=np.float64) for k, v in arrays.items()}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}


class Linear(Layer):
    """Fully connected layer: out = x @ W + b.

    Args:
        in_features, out_features: sizes of the input and output.
        rng: seed or Generator for the initial weights.
        init: ``"pytorch"`` draws W and b from U(-1/sqrt(in), 1/sqrt(in)) as ``torch.nn.Linear``;
            ``"he"`` draws W from N(0, 2 / in) and sets b to 0; a float s draws W from N(0, s**2).

    Shapes: x (N, in_features) -> out (N, out_features); ``params["W"]`` is (in, out) and
    ``params["b"]`` is (out,).
    """

    penalized = ("W",)

    def __init__(self, in_features, out_features, rng=None, init="pytorch"):
        super().__init__()
        for name, value in (("in_features", in_features), ("out_features", out_features)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
                raise ValueError(f"Linear: {name} must be a positive integer, got {value!r}")
        self.in_features, self.out_features = int(in_features), int(out_features)
        gen = make_rng(rng)
        bound = 1.0 / np.sqrt(in_features)
        if init == "pytorch":
            W = gen.uniform(-bound, bound, (in_features, out_features))
            b = gen.uniform(-bound, bound, out_features)
        elif init == "he":
            W = gen.normal(0.0, np.sqrt(2.0 / in_features), (in_features, out_features))
            b = np.zeros(out_features)
        elif isinstance(init, (int, float)) and not isinstance(init, bool) and init > 0:
            W = gen.normal(0.0, float(init), (in_features, out_features))
            b = np.zeros(out_features)
        else:
            raise ValueError(f"Linear: init must be 'pytorch', 'he' or a positive std, got {init!r}")
        self._set_params(W=W, b=b)
        self._x = None

    def forward(self, x):
        x = _v.as_array("Linear.forward", "x", x)
        if x.ndim != 2 or x.shape[1] != self.in_features:
            raise ValueError(
                f"Linear.forward: x must have shape (N, {self.in_features}), got {x.shape}"
            )
        self._x = x
        return x @ self.params["W"] + self.params["b"]

    def backward(self, dout):
        if self._x is None:
            raise RuntimeError("Linear.backward called before forward")
        dout = _v.as_array("Linear.backward", "dout", dout)
        self.grads["W"] = self._x.T @ dout
        self.grads["b"] = dout.sum(axis=0)
        return dout @ self.params["W"].T

    def __repr__(self):
        return f"Linear({self.in_features}, {self.out_features})"


class ReLU(Layer):
    """Elementwise max(0, x). Shapes: any -> the same."""

    def forward(self, x):
        x = _v.as_array("ReLU.forward", "x", x)
        self._positive = x > 0
        return np.where(self._positive, x, 0.0)

    def backward(self, dout):
        return np.where(self._positive, dout, 0.0)

    def __repr__(self):
        return "ReLU()"


class Tanh(Layer):
    """Elementwise tanh(x). Shapes: any -> the same."""

    def forward(self, x):
        self._out = np.tanh(_v.as_array("Tanh.forward", "x", x))
        return self._out

    def backward(self, dout):
        return dout * (1.0 - self._out ** 2)

    def __repr__(self):
        return "Tanh()"


class Sequential(Layer):
    """Layers applied one after another.

    ``params``, ``grads`` and ``state_dict()`` gather the layers' entries under keys
    ``"<index>.<name>"`` (for example ``"0.W"``); the arrays are the layers' own, so updating
    ``model.params[k]`` in place updates the layer.
    """

    def __init__(self, *layers):
        self.training = True
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer) and not all(
                hasattr(layer, a) for a in ("forward", "backward", "params", "grads", "train")
            ):
                raise TypeError(f"Sequential: item {i} ({layer!r}) is not a layer")
        self.layers = list(layers)

    @property
    def params(self):
        return {f"{i}.{k}": v for i, layer in enumerate(self.layers) for k, v in layer.params.items()}

    @property
    def grads(self):
        return {f"{i}.{k}": v for i, layer in enumerate(self.layers) for k, v in layer.grads.items()}

    @property
    def penalized(self):
        """Keys of ``params`` that weight penalties apply to (the layers' weight matrices)."""
        return tuple(
            f"{i}.{k}" for i, layer in enumerate(self.layers) for k in getattr(layer, "penalized", ())
        )

    def weights(self):
        """The live weight matrices that penalties apply to, as a list."""
        params = self.params
        return [params[k] for k in self.penalized]

    def train(self, mode=True):
        self.training = bool(mode)
        for layer in self.layers:
            layer.train(mode)
        return self

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, dout):
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout

    def state_dict(self):
        return {
            f"{i}.{k}": v for i, layer in enumerate(self.layers) for k, v in _layer_state(layer).items()
        }

    def load_state_dict(self, state):
        for i, layer in enumerate(self.layers):
            prefix = f"{i}."
            sub = {k[len(prefix):]: v for k, v in state.items() if k.startswith(prefix)}
            if hasattr(layer, "load_state_dict"):
                layer.load_state_dict(sub)
            else:
                for name, target in _layer_state(layer).items():
                    target[...] = sub[name]

    def __repr__(self):
        inner = ",\n  ".join(repr(layer) for layer in self.layers)
        return f"Sequential(\n  {inner}\n)"


def _layer_state(layer):
    if hasattr(layer, "state_dict"):
        return layer.state_dict()
    state = dict(layer.params)
    state.update({name: getattr(layer, name) for name in getattr(layer, "buffers", ())})
    return state


# --------------------------------------------------------------------------------------------
# Your layers
# --------------------------------------------------------------------------------------------

class Dropout(Layer):
    """Inverted dropout, with PyTorch's meaning of ``p``: the probability of DROPPING a unit.

    In training mode each element of x is zeroed with probability p, independently, and the
    elements that are kept are scaled by 1 / (1 - p), so the expected output equals x. In eval
    mode, and when p = 0, the layer is the identity. With p = 1 every element is dropped (the
    output is all zeros, and so is the gradient).

    ``backward`` is the gradient of the last ``forward`` call, in the mode that call ran in (as
    autograd differentiates the operation that actually ran): after a training-mode forward it
    uses that forward's mask (never a new one), even if ``eval()`` was called in between; after an
    eval-mode forward it is the gradient of the identity.

    Args:
        p: drop probability in [0, 1].
        rng: ``None``, an int seed or a ``numpy.random.Generator``; draw masks from ``self.rng``.

    Shapes: x (any) -> out (same); dout (same as out) -> dx (same).
    """

    def __init__(self, p=0.5, rng=None):
        super().__init__()
        self.p = _v.real_number("Dropout", "p", p, low=0.0, high=1.0)
        self.rng = make_rng(rng)
        self.mask = None  # what forward keeps for backward (your choice of form)

    def forward(self, x):
        """Apply dropout to x (see the class docstring). Returns an array shaped like x."""
        x = _v.as_array("Dropout.forward", "x", x)
        ### BEGIN SOLUTION
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
        else:
            keep = self.rng.random(x.shape) >= self.p
            self.mask = keep / (1.0 - self.p)
        return x * self.mask
        ### END SOLUTION

    def backward(self, dout):
        """Gradient with respect to the input of the last ``forward`` (in that forward's mode)."""
        dout = _v.as_array("Dropout.backward", "dout", dout)
        ### BEGIN SOLUTION
        if self.mask is None:
            return dout
        return dout * self.mask
        ### END SOLUTION

    def __repr__(self):
        return f"Dropout(p={self.p})"


class BatchNorm1d(Layer):
    """Batch normalization over the batch axis, as ``torch.nn.BatchNorm1d`` (2-D input).

    Training mode: normalize each feature (column) with the batch mean and the BIASED batch
    variance (dividing by N), eps inside the square root, then scale by ``gamma`` and shift by
    ``beta`` (PyTorch's definition):

        out = gamma * (x - mean) / sqrt(var + eps) + beta

    and update the running statistics the PyTorch way:

        running_mean = (1 - momentum) * running_mean + momentum * mean
        running_var  = (1 - momentum) * running_var  + momentum * var_unbiased   (divides by N - 1)

    Eval mode: normalize with ``running_mean`` and ``running_var`` instead, and leave them alone.

    ``backward`` is the gradient of the last ``forward`` call, in the mode that call ran in (as
    autograd does): after a training-mode forward, the batch mean and variance are functions of x
    and the gradient flows through them too (notebook 07 leads the derivation); after an eval-mode
    forward, the running statistics are constants.

    Args:
        num_features: C, the number of features (columns of x).
        eps: added to the variance inside the square root.
        momentum: weight of the new batch in the running statistics.

    Params ``gamma`` (ones) and ``beta`` (zeros), each (C,); buffers ``running_mean`` (zeros) and
    ``running_var`` (ones), each (C,). Shapes: x (N, C) -> out (N, C); dout (N, C) -> dx (N, C),
    and ``backward`` also sets ``grads["gamma"]`` and ``grads["beta"]``, each (C,).
    """

    buffers = ("running_mean", "running_var")

    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        super().__init__()
        if isinstance(num_features, bool) or not isinstance(num_features, (int, np.integer)) or num_features < 1:
            raise ValueError(f"BatchNorm1d: num_features must be a positive integer, got {num_features!r}")
        self.num_features = int(num_features)
        self.eps = _v.real_number("BatchNorm1d", "eps", eps, low=0.0, low_open=True)
        self.momentum = _v.real_number("BatchNorm1d", "momentum", momentum, low=0.0, high=1.0)
        self._set_params(gamma=np.ones(self.num_features), beta=np.zeros(self.num_features))
        self.running_mean = np.zeros(self.num_features)
        self.running_var = np.ones(self.num_features)
        self.cache = None  # what forward keeps for backward (your choice of form)

    def forward(self, x):
        """Normalize x (N, C); returns an (N, C) array. See the class docstring."""
        x = _v.as_array("BatchNorm1d.forward", "x", x)
        if x.ndim != 2 or x.shape[1] != self.num_features:
            raise ValueError(
                f"BatchNorm1d.forward: x must have shape (N, {self.num_features}), got {x.shape}"
            )
        if self.training and x.shape[0] < 2:
            raise ValueError(
                "BatchNorm1d.forward: training needs a batch of at least 2 rows to estimate a "
                f"variance, got {x.shape[0]}"
            )
        gamma, beta = self.params["gamma"], self.params["beta"]
        ### BEGIN SOLUTION
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)  # biased: divides by N
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
        ### END SOLUTION

    def backward(self, dout):
        """Gradient with respect to the input of the last ``forward`` (in that forward's mode);
        fills ``grads["gamma"]`` and ``grads["beta"]``."""
        dout = _v.as_array("BatchNorm1d.backward", "dout", dout)
        gamma = self.params["gamma"]
        ### BEGIN SOLUTION
        x_hat, inv_std, trained = self.cache
        self.grads["gamma"] = np.sum(dout * x_hat, axis=0)
        self.grads["beta"] = np.sum(dout, axis=0)
        dx_hat = dout * gamma
        if not trained:  # eval mode: the statistics are constants
            return dx_hat * inv_std
        n = dout.shape[0]
        return inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0))
        ### END SOLUTION

    def __repr__(self):
        return f"BatchNorm1d({self.num_features}, eps={self.eps}, momentum={self.momentum})"
