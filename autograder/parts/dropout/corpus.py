"""The corpus of part ``dropout`` (dropout: ``layers.Dropout``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/parts/changes.py``); graded by ``tests/test_corpus.py``."""

from ..changes import Alternative, Mistake

MISTAKES = [
    Mistake(
        "drop_mask_from_output",
        "layers.Dropout.forward",
        """
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        if self.p == 1.0:
            out = np.zeros_like(x)
        else:
            out = x * (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)
        self.mask = (out != 0) / (1.0 - self.p) if self.p < 1.0 else np.zeros_like(x)
        return out
    """,
        ("dropout.backward_mask",),
        "the mask read back from the output (out != 0): a kept unit whose input is exactly 0 looks dropped",
        hint=None,
        tags=("domain",),
    ),
    Mistake(
        "drop_keep_prob",
        "layers.Dropout.forward",
        """
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        keep = self.rng.random(x.shape) < self.p
        self.mask = keep / self.p
        return x * self.mask
    """,
        (
            "dropout.public_forward",
            "dropout.public_p_one",
            "dropout.kept_fraction",
            "dropout.scaling",
            "dropout.edge_p",
            "dropout.gap",
        ),
        "p used as the keep probability",
        hint="dropout.keep_prob",
    ),
    Mistake(
        "drop_no_scaling",
        "layers.Dropout.forward",
        """
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        self.mask = (self.rng.random(x.shape) >= self.p).astype(float)
        return x * self.mask
    """,
        ("dropout.public_forward", "dropout.scaling"),
        "kept units not scaled by 1/(1 - p)",
        hint="dropout.no_scale",
    ),
    Mistake(
        "drop_in_eval",
        "layers.Dropout.forward",
        """
        if self.p == 0.0:
            self.mask = None
            return x
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
        else:
            self.mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)
        return x * self.mask
    """,
        ("dropout.public_forward", "dropout.public_backward", "dropout.eval_identity"),
        "dropout active in eval mode",
        hint="dropout.eval_active",
    ),
    Mistake(
        "drop_scaled_eval",
        "layers.Dropout.forward",
        """
        if not self.training:
            self.mask = None
            return x * (1.0 - self.p)
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
        else:
            self.mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)
        return x * self.mask
    """,
        ("dropout.public_forward", "dropout.eval_identity", "dropout.gap"),
        "eval output scaled by 1 - p (old-style dropout)",
        hint="dropout.eval_scaled",
    ),
    Mistake(
        "drop_p_one_nan",
        "layers.Dropout.forward",
        """
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        with np.errstate(divide="ignore", invalid="ignore"):
            self.mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)
        return x * self.mask
    """,
        ("dropout.public_p_one", "dropout.edge_p"),
        "NaN at p = 1 (0 / 0)",
        hint="dropout.p_one",
    ),
    Mistake(
        "drop_same_mask",
        "layers.Dropout.forward",
        """
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        if getattr(self, "drawn", None) is None or self.drawn.shape != x.shape:
            self.drawn = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p) if self.p < 1 else np.zeros_like(x)
        self.mask = self.drawn
        return x * self.mask
    """,
        ("dropout.kept_fraction",),
        "one mask drawn once and reused for every call",
        hint="dropout.same_mask",
    ),
    Mistake(
        "drop_per_feature",
        "layers.Dropout.forward",
        """
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
        else:
            self.mask = np.broadcast_to((self.rng.random(x.shape[-1]) >= self.p) / (1.0 - self.p), x.shape)
        return x * self.mask
    """,
        ("dropout.public_forward", "dropout.kept_fraction", "dropout.scaling"),
        "one mask per feature, shared by every row of the batch",
        hint="dropout.per_feature",
    ),
    Mistake(
        "drop_never_in_training",
        "layers.Dropout.forward",
        """
        self.mask = None
        return x
    """,
        (
            "dropout.public_forward",
            "dropout.public_backward",
            "dropout.public_p_one",
            "dropout.public_rng",
            "dropout.kept_fraction",
            "dropout.scaling",
            "dropout.eval_identity",
            "dropout.edge_p",
            "dropout.backward_mask",
            "dropout.state",
            "dropout.seeded",
            "dropout.gap",
        ),
        "never drops anything",
        hint="dropout.never",
    ),
    Mistake(
        "drop_backward_new_mask",
        "layers.Dropout.backward",
        """
        if self.mask is None:
            return dout
        if self.p == 1.0:
            return np.zeros_like(dout)
        return dout * (self.rng.random(dout.shape) >= self.p) / (1.0 - self.p)
    """,
        ("dropout.public_backward", "dropout.backward_mask"),
        "a new mask drawn in backward",
        hint="dropout.backward_new_mask",
    ),
    Mistake(
        "drop_backward_unscaled",
        "layers.Dropout.backward",
        """
        if self.mask is None:
            return dout
        return dout * (self.mask != 0)
    """,
        ("dropout.public_backward", "dropout.backward_mask"),
        "backward without the 1/(1 - p) scale",
        hint="dropout.backward_unscaled",
    ),
    Mistake(
        "drop_backward_identity",
        "layers.Dropout.backward",
        """
        return dout
    """,
        ("dropout.public_backward", "dropout.public_p_one", "dropout.edge_p", "dropout.backward_mask"),
        "backward ignores the mask",
        hint="dropout.backward_identity",
    ),
    Mistake(
        "drop_eval_keeps_mask",
        "layers.Dropout.forward",
        """
        if not self.training or self.p == 0.0:
            return x
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
        else:
            self.mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)
        return x * self.mask
    """,
        ("dropout.public_backward", "dropout.state"),
        "an eval-mode forward leaves the last training mask for backward",
        hint="dropout.stale_mask",
        tags=("state",),
    ),
    Mistake(
        "drop_backward_reads_mode",
        "layers.Dropout.backward",
        """
        if not self.training or self.mask is None:
            return dout
        return dout * self.mask
    """,
        ("dropout.state",),
        "backward decides from the current mode, not from the last forward",
        hint="dropout.backward_reads_mode",
        tags=("state",),
    ),
    Mistake(
        "drop_global_rng",
        "layers.Dropout.forward",
        """
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
        else:
            self.mask = (np.random.random(x.shape) >= self.p) / (1.0 - self.p)
        return x * self.mask
    """,
        ("dropout.public_rng", "dropout.seeded"),
        "masks drawn from the global np.random, not from self.rng",
        hint="dropout.global_rng",
        tags=("randomness",),
    ),
    Mistake(
        "drop_integers_draw",
        "layers.Dropout.forward",
        """
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        keep = self.rng.integers(0, 1, size=x.shape) > self.p
        self.mask = keep / (1.0 - self.p) if self.p < 1.0 else np.zeros_like(x)
        return x * self.mask
    """,
        (
            "dropout.public_forward",
            "dropout.public_backward",
            "dropout.public_rng",
            "dropout.kept_fraction",
            "dropout.scaling",
            "dropout.backward_mask",
            "dropout.state",
            "dropout.seeded",
            "dropout.gap",
        ),
        "rng.integers(0, 1) is always 0 (its upper bound is excluded): every unit dropped. The degenerate "
        "layer must not pass the behaviour checks (backward mask, gap)",
        hint="dropout.all",
        tags=("cascade", "randomness"),
    ),
    Mistake(
        "drop_2d_only",
        "layers.Dropout.forward",
        """
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
        else:
            rows, cols = x.shape
            self.mask = (self.rng.random((rows, cols)) >= self.p) / (1.0 - self.p)
        return x * self.mask
    """,
        ("dropout.backward_mask", "dropout.eval_identity", "dropout.scaling"),
        "the mask drawn for a 2-D batch only: a 1-D or 3-D input fails",
        hint=None,
        tags=("domain",),
    ),
    Mistake(
        "drop_backward_clears_mask",
        "layers.Dropout.backward",
        """
        if self.mask is None:
            return dout
        dx = dout * self.mask
        self.mask = None
        return dx
    """,
        ("dropout.backward_mask", "dropout.state"),
        "backward uses up the mask: a second backward after one forward is the identity",
        hint="dropout.backward_clears",
        tags=("repeated",),
    ),
]

ALTERNATIVES = [
    Alternative(
        "drop_binomial",
        "layers.Dropout.forward",
        """
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        keep = self.rng.binomial(1, 1.0 - self.p, size=x.shape)
        self.mask = keep / (1.0 - self.p) if self.p < 1.0 else np.zeros_like(x)
        return x * self.mask
    """,
        "masks drawn with binomial",
    ),
    Alternative(
        "drop_uniform_less",
        "layers.Dropout.forward",
        """
        if self.training and self.p > 0:
            keep = self.rng.uniform(size=x.shape) < 1.0 - self.p
            self.mask = np.where(keep, 1.0 / max(1.0 - self.p, 1e-300), 0.0)
            return x * self.mask
        self.mask = np.ones_like(x)
        return x
    """,
        "a different comparison, and an all-ones mask in eval",
    ),
    Alternative(
        "drop_backward_where",
        "layers.Dropout.backward",
        """
        return dout if self.mask is None else np.where(self.mask != 0, dout * self.mask, 0.0)
    """,
        "np.where",
    ),
    Alternative(
        "drop_choice",
        "layers.Dropout.forward",
        """
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        keep = self.rng.choice(np.array([False, True]), size=x.shape, p=[self.p, 1.0 - self.p])
        self.mask = keep / (1.0 - self.p) if self.p < 1.0 else np.zeros_like(x)
        return x * self.mask
    """,
        "masks drawn with rng.choice",
        tags=("randomness", "cascade"),
    ),
    Alternative(
        "drop_reset_first",
        "layers.Dropout.forward",
        """
        self.mask = None
        if self.training and self.p > 0.0:
            keep = self.rng.random(x.shape) < 1.0 - self.p
            self.mask = keep * (1.0 / (1.0 - self.p)) if self.p < 1.0 else np.zeros_like(x)
            return x * self.mask
        return x
    """,
        "the mask cleared first, then drawn only in training",
        tags=("state",),
    ),
    Alternative(
        "drop_binomial_any_shape",
        "layers.Dropout.forward",
        """
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        keep = self.rng.binomial(1, 1.0 - self.p, size=np.shape(x)).astype(np.float64)
        self.mask = keep / (1.0 - self.p) if self.p < 1.0 else keep
        return x * self.mask
    """,
        "a binomial draw of the input's own shape (any rank, 0-d included)",
        tags=("domain",),
    ),
    Alternative(
        "drop_backward_keeps_mask",
        "layers.Dropout.backward",
        """
        return dout if self.mask is None else np.multiply(dout, self.mask)
    """,
        "backward reads the mask and leaves it for the next call",
        tags=("repeated",),
    ),
]
