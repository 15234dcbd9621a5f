"""Stand-ins that let trusted code (the reference network, ``fit``) drive a student's object that
lives in the sandbox, with the interface that code expects. Whatever the student's object
returns is checked on the way in (plain arrays of the right shape, a bool from ``step``), so a
malformed answer fails the check with a message instead of breaking the trusted code."""

import numpy as np

from checks.framework import Fail, array


class RemoteLayer:
    """A student's layer (``Dropout``, ``BatchNorm1d``) inside a trusted network. Its own
    parameters, if any, are not trained by the trusted loop."""

    params, grads, penalized, buffers = {}, {}, (), ()

    def __init__(self, remote, name):
        self.remote, self.name, self.training = remote, name, True

    def forward(self, x):
        return array(self.remote.forward(x), f"{self.name}.forward", shape=np.shape(x))

    def backward(self, dout):
        return array(self.remote.backward(dout), f"{self.name}.backward", shape=np.shape(dout))

    def train(self, mode=True):
        self.remote.train(mode)
        self.training = bool(mode)
        return self

    def eval(self):
        return self.train(False)


def checked_penalty_grad(fn, name):
    """Wrap a student's penalty gradient for the trusted ``fit``: it must return one array per
    weight matrix, each shaped like its matrix (else the check fails with a message)."""

    def grad(weights, lam):
        got = fn(weights, lam)
        if not isinstance(got, list) or len(got) != len(weights):
            raise Fail(f"{name} of a list of {len(weights)} weight matrices must return a list of "
                       f"{len(weights)} arrays")
        return [array(g, name, shape=np.shape(w)) for g, w in zip(got, weights)]

    return grad


class RemoteEarlyStopping:
    """A student's ``EarlyStopping`` inside the reference ``fit``.

    ``fit`` passes its live arrays as ``state`` and keeps changing them in place. To make that
    true on the student's side too, the state lives there (``lib.put``) and each epoch the SAME
    arrays are overwritten in place before ``step`` is called: an implementation that keeps a
    reference instead of a copy sees its "best" state change, as it would in a real training loop.
    """

    def __init__(self, lib, **kwargs):
        self.lib = lib
        self.remote = lib.training.EarlyStopping(**kwargs)
        self.mirror = None
        self.keys = None

    def step(self, val_loss, state=None):
        plain = {k: np.array(v, dtype=np.float64) for k, v in state.items()}
        if self.mirror is None:
            self.mirror, self.keys = self.lib.put(plain), {k: v.shape for k, v in plain.items()}
        else:
            self.mirror.set(plain, inplace=True)
        stop = self.remote.step(float(val_loss), self.mirror)
        if not isinstance(stop, (bool, np.bool_)):
            raise Fail(f"EarlyStopping.step must return True or False, but returned {type(stop).__name__}")
        return bool(stop)

    @property
    def best_epoch(self):
        return self.remote.get("best_epoch")

    @property
    def best_state(self):
        state = self.remote.get("best_state")
        if self.keys is not None:
            if not isinstance(state, dict) or set(state) != set(self.keys):
                raise Fail("EarlyStopping.best_state is not the state that was passed to step at the best epoch")
            for k, shape in self.keys.items():
                array(state[k], f"EarlyStopping.best_state[{k!r}]", shape=shape)
        return state
