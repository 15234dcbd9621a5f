"""Held-out mistakes and alternatives for ``Dropout.forward`` and ``Dropout.backward`` (notebook 06).

Contract: p is the probability of DROPPING; in training each element is kept with probability 1 - p,
independently, and kept elements are scaled by 1 / (1 - p); eval mode and p = 0 are the identity;
p = 1 gives zeros (and a zero gradient); masks come from ``self.rng`` (a seed makes the layer
reproducible); backward uses the mask of the last forward, however often it is called and whatever
the mode is now. Any shape (0-d, nested lists). A body for one method runs with the reference's
other method, which stores in ``self.mask`` either None (identity) or the scaled mask.
"""

_FORWARD_HEAD = '''
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
            return x * self.mask
'''

MISTAKES = [
    dict(
        name="h2_do_p_is_keep_probability",
        target="layers.Dropout.forward",
        body=_FORWARD_HEAD + '''
        self.mask = (self.rng.random(x.shape) < self.p) / self.p
        return x * self.mask
''',
        cause="I followed the CS231n notes, where p is the probability of keeping a unit; in this course "
              "(and PyTorch) p is the probability of dropping it",
        kind="slip",
        witness="2-D (40, 50) input with p = 0.2: keeps about 20% of the units scaled by 5 instead of 80% "
                "scaled by 1.25 (invisible at p = 0.5)",
    ),
    dict(
        name="h2_do_not_inverted",
        target="layers.Dropout.forward",
        body=_FORWARD_HEAD + '''
        self.mask = (self.rng.random(x.shape) >= self.p).astype(np.float64)
        return x * self.mask
''',
        cause="I zeroed the dropped units but did not scale the kept ones by 1 / (1 - p), so the "
              "expected output shrinks by 1 - p during training",
        kind="slip",
        witness="1-D input of 2000 values with p = 0.3: kept elements equal x instead of x / 0.7",
    ),
    dict(
        name="h2_do_eval_scales_by_keep",
        target="layers.Dropout.forward",
        body='''
        if not self.training:
            self.mask = None
            return x * (1.0 - self.p)
        if self.p == 0.0:
            self.mask = None
            return x
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
            return x * self.mask
        keep = self.rng.random(x.shape) >= self.p
        self.mask = keep / (1.0 - self.p)
        return x * self.mask
''',
        cause="I scaled by 1 - p at evaluation as in the original dropout paper, on top of the inverted "
              "scaling during training; with inverted dropout eval mode is the identity",
        kind="slip",
        witness="eval mode with p = 0.25: the output is 0.75 x instead of x",
    ),
    dict(
        name="h2_do_global_numpy_random",
        target="layers.Dropout.forward",
        body=_FORWARD_HEAD + '''
        keep = np.random.rand(*x.shape) >= self.p
        self.mask = keep / (1.0 - self.p)
        return x * self.mask
''',
        cause="I drew the mask with np.random.rand, NumPy's global generator, instead of self.rng, so "
              "seeding the layer does not make it reproducible (and it changes the global random state)",
        kind="slip",
        witness="two Dropout(p, rng=seed) layers on the same input give different outputs; NumPy's global "
                "random state changes with every forward",
    ),
    dict(
        name="h2_do_one_mask_per_feature",
        target="layers.Dropout.forward",
        body=_FORWARD_HEAD + '''
        keep = self.rng.random(x.shape[-1]) >= self.p
        self.mask = keep / (1.0 - self.p)
        return x * self.mask
''',
        cause="I drew one keep/drop decision per feature (column) and broadcast it over the batch, "
              "thinking a 'unit' is a column; every example then loses the same units",
        kind="domain",
        witness="2-D (40, 50) input: every row has the same zero pattern (columns entirely kept or "
                "dropped); 1-D input is right and 0-d input raises IndexError",
    ),
    dict(
        name="h2_do_backward_draws_new_mask",
        target="layers.Dropout.backward",
        body='''
        if not self.training or self.p == 0.0:
            return dout
        keep = self.rng.random(dout.shape) >= self.p
        return dout * keep / (1.0 - self.p)
''',
        cause="I drew a fresh mask in backward as well, instead of reusing the one forward applied",
        kind="repeated-use",
        witness="2-D (40, 50) with p = 0.5: the zeros of the gradient are not where the output's zeros "
                "are, and two backward calls after one forward differ",
    ),
    dict(
        name="h2_do_boolean_mask_kept",
        target="layers.Dropout.forward",
        body=_FORWARD_HEAD + '''
        keep = self.rng.random(x.shape) >= self.p
        self.mask = keep
        return x * keep / (1.0 - self.p)
''',
        cause="I kept the boolean mask for backward and applied the 1 / (1 - p) only to forward's "
              "output, so backward (dout times the mask) misses the scale",
        kind="slip",
        witness="p = 0.3: backward of ones is 1 at the kept units instead of 1 / 0.7",
    ),
    dict(
        name="h2_do_eval_leaves_stale_mask",
        target="layers.Dropout.forward",
        body='''
        if not self.training or self.p == 0.0:
            return x
        if self.p == 1.0:
            self.mask = np.zeros_like(x)
            return x * self.mask
        keep = self.rng.random(x.shape) >= self.p
        self.mask = keep / (1.0 - self.p)
        return x * self.mask
''',
        cause="in eval mode I returned x without clearing the mask, so a backward after an eval forward "
              "reuses the mask of the last training forward",
        kind="repeated-use",
        witness="forward in training, eval(), forward, backward: the gradient is masked and scaled "
                "instead of equal to dout",
    ),
    dict(
        name="h2_do_p_one_divides_by_zero",
        target="layers.Dropout.forward",
        body='''
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        keep = self.rng.random(x.shape) >= self.p
        self.mask = keep / (1.0 - self.p)
        return x * self.mask
''',
        cause="I did not treat p = 1 separately, so the mask is 0 / 0 = NaN",
        kind="domain",
        witness="Dropout(p=1) in training: the output and the gradient are NaN instead of zeros",
    ),
    dict(
        name="h2_do_mask_from_output",
        target="layers.Dropout.forward",
        body=_FORWARD_HEAD + '''
        out = np.where(self.rng.random(x.shape) < self.p, 0.0, x / (1.0 - self.p))
        self.mask = (out != 0) / (1.0 - self.p)
        return out
''',
        cause="I rebuilt the mask from the output (out != 0); an input that is exactly 0 (after a ReLU, "
              "half of them) is then treated as dropped although it was kept",
        kind="domain",
        witness="ReLU-like (40, 50) input with many exact zeros, p = 0.3: backward is 0 at kept zero "
                "inputs, so only about 35% of the gradient entries survive instead of 70%",
    ),
    dict(
        name="h2_do_backward_reads_current_mode",
        target="layers.Dropout.backward",
        body='''
        if not self.training or self.mask is None:
            return dout
        return dout * self.mask
''',
        cause="I checked self.training in backward; if the mode changes between forward and backward, "
              "backward no longer uses the mask the last forward applied",
        kind="repeated-use",
        witness="forward in training, eval(), backward: returns dout unchanged instead of dout times the "
                "training mask",
    ),
]

ALTERNATIVES = [
    dict(
        name="h2_do_alt_binomial",
        target="layers.Dropout.forward",
        body='''
        if self.training and self.p > 0.0:
            if self.p == 1.0:
                self.mask = np.zeros(np.shape(x))
            else:
                self.mask = self.rng.binomial(1, 1.0 - self.p, size=np.shape(x)) / (1.0 - self.p)
            return x * self.mask
        self.mask = None
        return x
''',
        why="the mask drawn as Bernoulli(1 - p) with rng.binomial",
        tested="every Dropout scenario: shapes (3,), (2000,), (40, 50), (6, 25, 30), 0-d and nested lists; "
               "p 0, 0.2, 0.25, 0.3, 0.5, 0.6, 0.8, 1 (and the ints 0, 1); inputs with and without exact "
               "zeros; every output 0 or x / (1 - p), the kept fraction within 6 standard errors, "
               "backward twice, forward/eval/backward and train/eval/train sequences, seeds reproducible, "
               "NumPy's global state untouched: every verdict as the reference's",
    ),
    dict(
        name="h2_do_alt_uniform_where",
        target="layers.Dropout.forward",
        body='''
        if not self.training or self.p == 0.0:
            self.mask = None
            return x
        keep = self.rng.uniform(size=x.shape) < 1.0 - self.p
        scale = 0.0 if self.p == 1.0 else 1.0 / (1.0 - self.p)
        self.mask = np.where(keep, scale, 0.0)
        return np.where(keep, x * scale, 0.0)
''',
        why="keeps where a uniform draw is below 1 - p; np.where instead of multiplying by a mask",
        tested="every Dropout scenario: every verdict as the reference's",
    ),
    dict(
        name="h2_do_alt_choice_of_scales",
        target="layers.Dropout.forward",
        body='''
        if self.training and self.p == 1.0:
            self.mask = np.zeros(x.shape)
        elif self.training and self.p > 0.0:
            scale = 1.0 / (1.0 - self.p)
            self.mask = self.rng.choice(np.array([0.0, scale]), size=x.shape, p=[self.p, 1.0 - self.p])
        else:
            self.mask = None
            return x
        return x * self.mask
''',
        why="each mask entry chosen directly among 0 and the scale with probabilities p and 1 - p",
        tested="every Dropout scenario: every verdict as the reference's",
    ),
    dict(
        name="h2_do_alt_backward_optional_mask",
        target="layers.Dropout.backward",
        body='''
        scale = 1.0 if self.mask is None else self.mask
        return dout * scale
''',
        why="the identity written as a multiplication by 1 when no mask was kept",
        tested="every Dropout scenario: every verdict as the reference's",
    ),
]

WITNESS_CASES = {
    "h2_do_p_is_keep_probability": "Dropout/train-2d-(40, 50)-p0.2-nonzero",
    "h2_do_not_inverted": "Dropout/train-1d-(2000,)-p0.3-nonzero",
    "h2_do_eval_scales_by_keep": "Dropout/modes-p0.25",
    "h2_do_global_numpy_random": "Dropout/train-2d-(40, 50)-p0.5-nonzero",
    "h2_do_one_mask_per_feature": "Dropout/train-2d-(40, 50)-p0.5-nonzero",
    "h2_do_backward_draws_new_mask": "Dropout/train-2d-(40, 50)-p0.5-nonzero",
    "h2_do_boolean_mask_kept": "Dropout/train-1d-(2000,)-p0.3-nonzero",
    "h2_do_eval_leaves_stale_mask": "Dropout/modes-p0.5",
    "h2_do_p_one_divides_by_zero": "Dropout/edges",
    "h2_do_mask_from_output": "Dropout/train-2d-(40, 50)-p0.3-relu",
    "h2_do_backward_reads_current_mode": "Dropout/modes-p0.5",
}
