"""Held-out mistakes and alternatives for ``Dropout.forward`` and ``Dropout.backward``.

Each entry swaps one method; the other keeps the reference's body, which stores in ``self.mask``
the scaled mask (kept / (1 - p)), zeros for p = 1, or None for the identity.
"""

MISTAKES = [
    dict(
        name="ho_do_p_is_keep_probability",
        target="layers.Dropout.forward",
        body='''
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
            return x * self.mask
        keep = self.rng.random(x.shape) < self.p
        self.mask = keep / (1.0 - self.p)
        return x * self.mask
''',
        cause="I kept each unit with probability p (CS231n's meaning of p) while scaling by 1 / (1 - p)",
        kind="slip",
        probe="train p=0.1",
        witness="p = 0.1: about 10% of the units are kept instead of 90%; p = 0.5 hides it",
    ),
    dict(
        name="ho_do_scale_times_keep",
        target="layers.Dropout.forward",
        body='''
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        self.mask = (self.rng.random(x.shape) >= self.p) * (1.0 - self.p)
        return x * self.mask
''',
        cause="I multiplied the kept units by the keep probability 1 - p instead of dividing by it",
        kind="slip",
        probe="train p=0.5",
        witness="p = 0.5: kept units are x / 4 of what they should be (x * 0.5 instead of x / 0.5), so the "
                "expected output is not x",
    ),
    dict(
        name="ho_do_p_one_divides_by_zero",
        target="layers.Dropout.forward",
        body='''
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        self.mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)
        return x * self.mask
''',
        cause="I did not treat p = 1 separately, so the mask is 0 / 0",
        kind="domain",
        probe="p=1 zeros exact",
        witness="p = 1: the output (and the gradient) is all NaN instead of all zeros",
    ),
    dict(
        name="ho_do_backward_mask_unscaled",
        target="layers.Dropout.backward",
        body='''
        if self.mask is None:
            return dout
        return dout * (self.mask != 0)
''',
        cause="I passed the gradient through the kept units only, forgetting that they were also scaled by 1 / (1 - p)",
        kind="second-output",
        probe="train p=0.5",
        witness="any 0 < p < 1: backward gives dout at kept units instead of dout / (1 - p); forward is right",
    ),
    dict(
        name="ho_do_backward_scales_twice",
        target="layers.Dropout.backward",
        body='''
        if self.mask is None:
            return dout
        return dout * self.mask / (1.0 - self.p)
''',
        cause="I divided by 1 - p again in backward although the stored mask already includes the scaling",
        kind="second-output",
        probe="train p=0.5",
        witness="p = 0.5: kept units get 4 dout instead of 2 dout; p = 1 gives NaN",
    ),
    dict(
        name="ho_do_backward_frees_mask",
        target="layers.Dropout.backward",
        body='''
        if self.mask is None:
            return dout
        dx = dout * self.mask
        self.mask = None  # free the memory, the mask is used
        return dx
''',
        cause="I cleared the mask after the backward pass to save memory, so a second backward after the same "
              "forward returns dout unmasked",
        kind="repeated-use",
        probe="train p=0.5",
        witness="two backward calls after one forward: the second returns dout unchanged instead of the same "
                "masked gradient",
    ),
    dict(
        name="ho_do_mask_drawn_once",
        target="layers.Dropout.forward",
        body='''
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
        elif self.mask is None:
            self.mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)
        return x * self.mask
''',
        cause="I drew the mask only when there was none yet, so every training forward reuses the first mask",
        kind="repeated-use",
        probe="train p=0.5",
        witness="two training forwards: the same units are dropped both times; a batch of another size raises "
                "ValueError (shapes do not broadcast)",
    ),
    dict(
        name="ho_do_global_random",
        target="layers.Dropout.forward",
        body='''
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
            return x * self.mask
        self.mask = (np.random.rand(*x.shape) >= self.p) / (1.0 - self.p)
        return x * self.mask
''',
        cause="I drew the mask from NumPy's global random generator instead of self.rng",
        kind="slip",
        probe="seeded",
        witness="two layers built with rng=7 drop different units (the seed is ignored); statistics are right",
    ),
    dict(
        name="ho_do_eval_keeps_stale_mask",
        target="layers.Dropout.forward",
        body='''
        if not self.training or self.p == 0.0:
            return x
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
        else:
            self.mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)
        return x * self.mask
''',
        cause="in eval mode I returned x without clearing the mask, so backward applies the last training mask",
        kind="repeated-use",
        probe="eval after train: backward",
        witness="forward and backward in training, then eval(), forward, backward: the gradient is masked and "
                "scaled instead of the identity",
    ),
    dict(
        name="ho_do_mask_per_feature",
        target="layers.Dropout.forward",
        body='''
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
            return x * self.mask
        keep = self.rng.random(x.shape[-1]) >= self.p
        self.mask = np.broadcast_to(keep / (1.0 - self.p), x.shape)
        return x * self.mask
''',
        cause="I drew one keep/drop decision per feature and broadcast it over the batch, so every example "
              "loses the same units",
        kind="slip",
        probe="train p=0.1",
        witness="p = 0.1 on a (200, 500) input: every row has the same mask (each column all kept or all dropped); "
                "at other p the 500 shared draws also put the kept fraction outside 5 sigma; 0-d input raises "
                "IndexError",
    ),
    dict(
        name="ho_do_original_dropout",
        target="layers.Dropout.forward",
        body='''
        if not self.training or self.p == 0.0:
            self.mask = None
            return x * (1.0 - self.p)
        self.mask = (self.rng.random(x.shape) >= self.p).astype(np.float64)
        return x * self.mask
''',
        cause="I implemented the original (non-inverted) dropout: no scaling in training, outputs scaled by "
              "1 - p at evaluation",
        kind="slip",
        probe="eval identity",
        witness="eval mode with p = 0.5: returns x / 2 instead of x; kept units in training are x, not 2x",
    ),
    dict(
        name="ho_do_scipy_bernoulli",
        target="layers.Dropout.forward",
        body='''
        from scipy.stats import bernoulli
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
            return x * self.mask
        keep = bernoulli.rvs(1.0 - self.p, size=x.shape, random_state=self.rng)
        self.mask = keep / (1.0 - self.p)
        return x * self.mask
''',
        cause="I drew the mask with scipy.stats.bernoulli (from self.rng); SciPy is not in the grader's environment",
        kind="environment",
        probe="train p=0.5",
        witness="in the grader's environment every forward raises ModuleNotFoundError",
    ),
    dict(
        name="ho_do_float32_mask",
        target="layers.Dropout.forward",
        body='''
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
            return x * self.mask
        keep = (self.rng.random(x.shape) >= self.p).astype(np.float32)  # a float32 mask saves memory
        self.mask = keep / (1 - self.p)
        return x * self.mask
''',
        cause="I stored the mask as float32 to save memory, so the scale 1 / (1 - p) is rounded to 7 digits",
        kind="slip",
        probe="train p=0.1",
        witness="p = 0.1: kept units are x * 1.1111111 (float32) instead of x / 0.9, relative error ~3e-8",
    ),
    dict(
        name="ho_do_train_method_truthy",
        target="layers.Dropout.forward",
        body='''
        if not self.train or self.p == 0.0:
            self.mask = None
            return x
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
            return x * self.mask
        self.mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)
        return x * self.mask
''',
        cause="I tested self.train (the method, always truthy) instead of self.training",
        kind="slip",
        probe="eval identity",
        witness="eval mode: units are still dropped and scaled instead of returning x",
    ),
    dict(
        name="ho_do_backward_assumes_mask",
        target="layers.Dropout.backward",
        body='''
        return dout * self.mask
''',
        cause="backward multiplies by the mask without handling the case where forward kept none (eval mode or p = 0)",
        kind="second-output",
        probe="eval identity",
        witness="eval mode (or p = 0): backward raises TypeError (None mask) instead of returning dout",
    ),
]

ALTERNATIVES = [
    dict(
        name="ho_do_alt_binomial",
        target="layers.Dropout.forward",
        body='''
        if self.training and self.p > 0.0:
            if self.p == 1.0:
                self.mask = np.zeros(x.shape)
            else:
                self.mask = self.rng.binomial(1, 1.0 - self.p, size=x.shape) / (1.0 - self.p)
            return x * self.mask
        self.mask = None
        return x
''',
        why="draws the keep mask with Generator.binomial(1, 1 - p)",
        tested="every probe of the part: p = 0, 0.1, 0.25, 0.3, 0.5, 0.8, 1 (kept fraction within 5 sigma on 1e5 "
               "units, exact scaling, independent rows and columns), 0-d, 1-D and 3-D inputs, backward twice, "
               "a new mask per forward, eval and mode switches, changing batch sizes, seeding, a network in fit",
    ),
    dict(
        name="ho_do_alt_ones_in_eval",
        target="layers.Dropout.forward",
        body='''
        if self.training and self.p == 1.0:
            scale = np.zeros(x.shape)
        elif self.training and self.p > 0.0:
            scale = (self.rng.uniform(size=x.shape) >= self.p) * (1.0 / (1.0 - self.p))
        else:
            scale = np.ones(x.shape)  # identity: backward multiplies by ones
        self.mask = scale
        return x * scale
''',
        why="keeps a mask of ones for the identity instead of None; draws with Generator.uniform",
        tested="every probe of the part (statistics, scaling, backward, modes, p = 0 and 1, shapes 0-d to 3-D)",
    ),
    dict(
        name="ho_do_alt_choice",
        target="layers.Dropout.forward",
        body='''
        self.mask = None
        if not self.training or self.p == 0.0:
            return x
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
        else:
            keep = self.rng.choice([False, True], size=x.shape, p=[self.p, 1.0 - self.p])
            self.mask = np.where(keep, 1.0 / (1.0 - self.p), 0.0)
        return x * self.mask
''',
        why="draws keep/drop with Generator.choice and builds the scaled mask with np.where",
        tested="every probe of the part",
    ),
    dict(
        name="ho_do_backward_alt_inplace_copy",
        target="layers.Dropout.backward",
        body='''
        dx = np.array(dout, copy=True)
        if self.mask is not None:
            dx *= self.mask
        return dx
''',
        why="multiplies a copy of dout in place",
        tested="every probe of the part (backward after training, eval, p = 0 and 1, twice, after mode switches)",
    ),
]
