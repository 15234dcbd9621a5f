"""The corpus of part ``dropout`` (dropout: ``layers.Dropout``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/hidden/changes.py``); graded by ``tests/test_corpus.py``."""

from .changes import Alternative, Mistake

MISTAKES = [
    Mistake("drop_keep_prob", "layers.Dropout.forward", """
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        keep = self.rng.random(x.shape) < self.p
        self.mask = keep / self.p
        return x * self.mask
    """, ("dropout.public_forward", "dropout.kept_fraction"), "p used as the keep probability"),
    Mistake("drop_no_scaling", "layers.Dropout.forward", """
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        self.mask = (self.rng.random(x.shape) >= self.p).astype(float)
        return x * self.mask
    """, ("dropout.public_forward", "dropout.scaling"), "kept units not scaled by 1/(1 - p)"),
    Mistake("drop_in_eval", "layers.Dropout.forward", """
        if self.p == 0.0:
            self.mask = None
            return x
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
        else:
            self.mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)
        return x * self.mask
    """, ("dropout.public_forward", "dropout.eval_identity"), "dropout active in eval mode"),
    Mistake("drop_scaled_eval", "layers.Dropout.forward", """
        if not self.training:
            self.mask = None
            return x * (1.0 - self.p)
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
        else:
            self.mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)
        return x * self.mask
    """, ("dropout.public_forward", "dropout.eval_identity"), "eval output scaled by 1 - p (old-style dropout)"),
    Mistake("drop_p_one_nan", "layers.Dropout.forward", """
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        with np.errstate(divide="ignore", invalid="ignore"):
            self.mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)
        return x * self.mask
    """, ("dropout.edge_p",), "NaN at p = 1 (0 / 0)"),
    Mistake("drop_same_mask", "layers.Dropout.forward", """
        if not self.training or self.p == 0.0:
            return x
        if self.mask is None or self.mask.shape != x.shape:
            self.mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p) if self.p < 1 else np.zeros_like(x)
        return x * self.mask
    """, ("dropout.kept_fraction",), "one mask drawn once and reused for every call"),
    Mistake("drop_per_feature", "layers.Dropout.forward", """
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
        else:
            self.mask = np.broadcast_to((self.rng.random(x.shape[-1]) >= self.p) / (1.0 - self.p), x.shape)
        return x * self.mask
    """, ("dropout.kept_fraction",), "one mask per feature, shared by every row of the batch"),
    Mistake("drop_never_in_training", "layers.Dropout.forward", """
        self.mask = None
        return x
    """, ("dropout.public_forward", "dropout.kept_fraction", "dropout.gap"), "never drops anything"),
    Mistake("drop_backward_new_mask", "layers.Dropout.backward", """
        if self.mask is None:
            return dout
        if self.p == 1.0:
            return np.zeros_like(dout)
        return dout * (self.rng.random(dout.shape) >= self.p) / (1.0 - self.p)
    """, ("dropout.public_backward", "dropout.backward_mask"), "a new mask drawn in backward"),
    Mistake("drop_backward_unscaled", "layers.Dropout.backward", """
        if self.mask is None:
            return dout
        return dout * (self.mask != 0)
    """, ("dropout.public_backward", "dropout.backward_mask"), "backward without the 1/(1 - p) scale"),
    Mistake("drop_backward_identity", "layers.Dropout.backward", """
        return dout
    """, ("dropout.public_backward", "dropout.backward_mask", "dropout.edge_p"), "backward ignores the mask"),
]

ALTERNATIVES = [
    Alternative("drop_binomial", "layers.Dropout.forward", """
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        keep = self.rng.binomial(1, 1.0 - self.p, size=x.shape)
        self.mask = keep / (1.0 - self.p) if self.p < 1.0 else np.zeros_like(x)
        return x * self.mask
    """, "masks drawn with binomial"),
    Alternative("drop_uniform_less", "layers.Dropout.forward", """
        if self.training and self.p > 0:
            keep = self.rng.uniform(size=x.shape) < 1.0 - self.p
            self.mask = np.where(keep, 1.0 / max(1.0 - self.p, 1e-300), 0.0)
            return x * self.mask
        self.mask = np.ones_like(x)
        return x
    """, "a different comparison, and an all-ones mask in eval"),
    Alternative("drop_backward_where", "layers.Dropout.backward", """
        return dout if self.mask is None else np.where(self.mask != 0, dout * self.mask, 0.0)
    """, "np.where"),
]
