"""Held-out mistakes and alternatives for ``BatchNorm1d.forward`` and ``BatchNorm1d.backward``.

Each entry swaps one method; the other keeps the reference's body, whose cache is
``(x_hat, inv_std, training)``.
"""

_FORWARD_TAIL = '''
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
'''

MISTAKES = [
    dict(
        name="ho_bn_unbiased_normalization",
        target="layers.BatchNorm1d.forward",
        body='''
        if self.training:
            mean = x.mean(axis=0)
            var = x.var(axis=0, ddof=1)  # unbiased
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var
        else:
            mean, var = self.running_mean, self.running_var
''' + _FORWARD_TAIL,
        cause="I computed the unbiased variance once and used it for both the running average and the "
              "normalization, which must use the biased one",
        kind="slip",
        probe="train forward/backward",
        witness="training forward on (8, 3): outputs scaled by sqrt(7/8) (and the gradient is off); running "
                "statistics are right",
    ),
    dict(
        name="ho_bn_running_var_biased",
        target="layers.BatchNorm1d.forward",
        body='''
        if self.training:
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var
        else:
            mean, var = self.running_mean, self.running_var
''' + _FORWARD_TAIL,
        cause="I put the biased batch variance into running_var; PyTorch stores the unbiased one",
        kind="second-output",
        probe="train forward/backward",
        witness="after one training step on 8 rows: running_var is 0.9 + 0.1 var instead of 0.9 + 0.1 var * 8/7; "
                "the training outputs are right",
    ),
    dict(
        name="ho_bn_keras_momentum",
        target="layers.BatchNorm1d.forward",
        body='''
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mean
            self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
''' + _FORWARD_TAIL,
        cause="I used Keras's convention, where momentum is the weight of the old running value, instead of "
              "PyTorch's weight of the new batch",
        kind="second-output",
        probe="train forward/backward",
        witness="momentum 0.1: after one step running_mean is 0.9 * batch mean instead of 0.1 * batch mean "
                "(momentum 0.5 hides it)",
    ),
    dict(
        name="ho_bn_eps_outside_sqrt",
        target="layers.BatchNorm1d.forward",
        body='''
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / (np.sqrt(var) + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
''',
        cause="I added eps to the standard deviation instead of to the variance inside the square root",
        kind="domain",
        probe="train constant column",
        witness="a constant column: x_hat is 0 either way but the gradient scale is 1/eps = 1e5 instead of "
                "1/sqrt(eps) = 316; ordinary batches differ by about eps / (2 var) relative",
    ),
    dict(
        name="ho_bn_eval_uses_batch_stats",
        target="layers.BatchNorm1d.forward",
        body='''
        n = x.shape[0]
        mean = x.mean(axis=0)
        var = x.var(axis=0)
        if self.training:
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * n / (n - 1)
''' + _FORWARD_TAIL,
        cause="I updated the running statistics in training but normalized with the batch statistics in both "
              "modes",
        kind="second-output",
        probe="eval after training",
        witness="eval mode after training: outputs normalized by the eval batch's own mean and variance (a single "
                "row becomes beta) instead of the running statistics",
    ),
    dict(
        name="ho_bn_eval_updates_running",
        target="layers.BatchNorm1d.forward",
        body='''
        n = x.shape[0]
        batch_mean = x.mean(axis=0)
        batch_var = x.var(axis=0)
        self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * batch_mean
        self.running_var = (1 - self.momentum) * self.running_var + self.momentum * batch_var * n / (n - 1)
        if self.training:
            mean, var = batch_mean, batch_var
        else:
            mean, var = self.running_mean, self.running_var
''' + _FORWARD_TAIL,
        cause="I updated the running statistics on every forward, in eval mode too",
        kind="repeated-use",
        probe="eval after training",
        witness="each eval forward moves running_mean/var towards the eval batch (two eval calls on the same input "
                "differ); a one-row eval batch makes running_var inf or NaN",
    ),
    dict(
        name="ho_bn_one_pass_variance",
        target="layers.BatchNorm1d.forward",
        body='''
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = (x ** 2).mean(axis=0) - mean ** 2  # E[x^2] - E[x]^2
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
''' + _FORWARD_TAIL,
        cause="I computed the variance as E[x^2] - E[x]^2 in one pass, which cancels catastrophically when the "
              "mean is large compared with the spread",
        kind="domain",
        probe="train offset 1e6 spread 1",
        witness="columns 1e6 + N(0, 1): E[x^2] - E[x]^2 cancels 12 digits, so the variance and x_hat are wrong "
                "in the 4th digit (2.17524 instead of 2.17547); with offset 1e4 and spread 1e-3 the variance is off by "
                "about 1%",
    ),
    dict(
        name="ho_bn_keepdims_buffers",
        target="layers.BatchNorm1d.forward",
        body='''
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0, keepdims=True)
            var = x.var(axis=0, keepdims=True)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
''' + _FORWARD_TAIL,
        cause="I used keepdims=True for the batch statistics, which broadcasts fine in the formula but turns "
              "running_mean and running_var into (1, C) arrays",
        kind="second-output",
        probe="train forward/backward",
        witness="after one training step running_mean has shape (1, 3) instead of (3,) (load_state_dict of a "
                "saved (3,) state then fails); the outputs are right",
    ),
    dict(
        name="ho_bn_eval_eps_in_place",
        target="layers.BatchNorm1d.forward",
        body='''
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * n / (n - 1)
            var = var + self.eps
        else:
            mean, var = self.running_mean, self.running_var
            var += self.eps
        inv_std = 1.0 / np.sqrt(var)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
''',
        cause="in eval mode I added eps with +=, which changes running_var itself (var is the same array)",
        kind="repeated-use",
        probe="eval after training",
        witness="every eval forward adds eps to running_var: the second eval call on the same input gives a "
                "different output and the buffer drifts",
    ),
    dict(
        name="ho_bn_gamma_aliased",
        target="layers.BatchNorm1d.forward",
        body='''
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        scale = gamma
        scale *= inv_std  # fold the normalization into the scale
        return (x - mean) * scale + beta
''',
        cause="I folded inv_std into gamma with *= on a name that is the parameter array itself, so every "
              "forward rescales params['gamma']",
        kind="repeated-use",
        probe="train forward/backward",
        witness="one forward leaves params['gamma'] multiplied by 1/std; the first output is right, later "
                "forwards and the gradients are not",
    ),
    dict(
        name="ho_bn_cache_only_in_training",
        target="layers.BatchNorm1d.forward",
        body='''
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * n / (n - 1)
            inv_std = 1.0 / np.sqrt(var + self.eps)
            x_hat = (x - mean) * inv_std
            self.cache = (x_hat, inv_std, True)
        else:
            inv_std = 1.0 / np.sqrt(self.running_var + self.eps)
            x_hat = (x - self.running_mean) * inv_std
        return gamma * x_hat + beta
''',
        cause="I only saved the cache in training mode, so a backward after an eval forward uses the last "
              "training batch",
        kind="repeated-use",
        probe="train step then eval forward/backward",
        witness="train forward/backward, then eval forward and backward on 4 rows: backward uses the 8-row "
                "training cache (shape mismatch error, or the training formula)",
    ),
    dict(
        name="ho_bn_backward_mode_at_backward",
        target="layers.BatchNorm1d.backward",
        body='''
        x_hat, inv_std, _ = self.cache
        self.grads["gamma"] = np.sum(dout * x_hat, axis=0)
        self.grads["beta"] = np.sum(dout, axis=0)
        dx_hat = dout * gamma
        if not self.training:
            return dx_hat * inv_std
        n = dout.shape[0]
        return inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0))
''',
        cause="backward chose the formula from the current mode (self.training) instead of the mode of the "
              "forward it differentiates",
        kind="repeated-use",
        probe="train forward, eval(), backward",
        witness="training forward, then eval(), then backward: the eval formula gamma dout / std instead of the "
                "training one",
    ),
    dict(
        name="ho_bn_backward_no_mean_term",
        target="layers.BatchNorm1d.backward",
        body='''
        x_hat, inv_std, trained = self.cache
        self.grads["gamma"] = np.sum(dout * x_hat, axis=0)
        self.grads["beta"] = np.sum(dout, axis=0)
        dx_hat = dout * gamma
        if not trained:
            return dx_hat * inv_std
        return inv_std * (dx_hat - x_hat * np.mean(dx_hat * x_hat, axis=0))
''',
        cause="I dropped the path through the batch mean (the -mean(dx_hat) term) in the input gradient",
        kind="slip",
        probe="train forward/backward",
        witness="training backward with an upstream gradient whose column means are not 0: dx is off by "
                "inv_std * mean(dx_hat)",
    ),
    dict(
        name="ho_bn_backward_accumulates",
        target="layers.BatchNorm1d.backward",
        body='''
        x_hat, inv_std, trained = self.cache
        self.grads["gamma"] += np.sum(dout * x_hat, axis=0)
        self.grads["beta"] += np.sum(dout, axis=0)
        dx_hat = dout * gamma
        if not trained:
            return dx_hat * inv_std
        n = dout.shape[0]
        return inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0))
''',
        cause="I accumulated the parameter gradients with += (as in PyTorch's .grad) but nothing zeroes them",
        kind="repeated-use",
        probe="backward twice",
        witness="two backward calls (or two training steps): grads['gamma'] and grads['beta'] are sums over "
                "calls instead of the last call's; the first call is right",
    ),
    dict(
        name="ho_bn_grads_not_per_feature",
        target="layers.BatchNorm1d.backward",
        body='''
        x_hat, inv_std, trained = self.cache
        self.grads["gamma"] = np.sum(dout * x_hat)
        self.grads["beta"] = np.sum(dout)
        dx_hat = dout * gamma
        if not trained:
            return dx_hat * inv_std
        n = dout.shape[0]
        return inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0))
''',
        cause="I summed the parameter gradients over everything instead of over the batch axis",
        kind="second-output",
        probe="train forward/backward",
        witness="grads['gamma'] and grads['beta'] are scalars (shape ()) instead of (C,) arrays; dx is right",
    ),
    dict(
        name="ho_bn_backward_forgets_gamma",
        target="layers.BatchNorm1d.backward",
        body='''
        x_hat, inv_std, trained = self.cache
        self.grads["gamma"] = np.sum(dout * x_hat, axis=0)
        self.grads["beta"] = np.sum(dout, axis=0)
        if not trained:
            return dout * inv_std
        n = dout.shape[0]
        return inv_std / n * (n * dout - dout.sum(axis=0) - x_hat * np.sum(dout * x_hat, axis=0))
''',
        cause="I back-propagated dout straight into x_hat, forgetting the factor gamma",
        kind="slip",
        probe="train forward/backward",
        witness="gamma != 1: dx is off by the factor gamma per feature; a fresh layer (gamma = 1) hides it",
    ),
    dict(
        name="ho_bn_integer_bessel",
        target="layers.BatchNorm1d.forward",
        body='''
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * (n // (n - 1))
        else:
            mean, var = self.running_mean, self.running_var
''' + _FORWARD_TAIL,
        cause="I wrote Bessel's factor n / (n - 1) with integer division, which is 1 for n > 2",
        kind="slip",
        probe="train forward/backward",
        witness="8 rows: running_var uses var * 1 instead of var * 8/7 (2 rows happen to be right)",
    ),
]

ALTERNATIVES = [
    dict(
        name="ho_bn_alt_two_pass_inplace_running",
        target="layers.BatchNorm1d.forward",
        body='''
        if self.training:
            mu = x.sum(axis=0) / x.shape[0]
            centered = x - mu
            var = (centered * centered).mean(axis=0)
            self.running_mean *= 1.0 - self.momentum
            self.running_mean += self.momentum * mu
            self.running_var *= 1.0 - self.momentum
            self.running_var += self.momentum * x.var(axis=0, ddof=1)
            inv_std = 1.0 / np.sqrt(var + self.eps)
            x_hat = centered * inv_std
        else:
            inv_std = 1.0 / np.sqrt(self.running_var + self.eps)
            x_hat = (x - self.running_mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return x_hat * gamma + beta
''',
        why="explicit two-pass statistics, np.var(ddof=1) for the running variance, and running buffers "
            "updated in place",
        tested="every probe of the part: training on (8, 3), N = 2 and 3, C = 1, momentum 0, 0.1, 0.5, 1, eps "
               "0.1, a constant column, offsets 1e6 (spread 1) and 1e4 (spread 1e-3), lists, four steps with "
               "changing batch sizes, backward twice, eval after training (and a one-row eval batch), eval on a "
               "fresh layer, mode switches between forward and backward, state_dict round trip, a network in fit",
    ),
    dict(
        name="ho_bn_alt_divide_by_std",
        target="layers.BatchNorm1d.forward",
        body='''
        if self.training:
            batch_mean = np.mean(x, axis=0)
            batch_var = np.mean((x - batch_mean) ** 2, axis=0)
            n = len(x)
            m = self.momentum
            self.running_mean = self.running_mean + m * (batch_mean - self.running_mean)
            self.running_var = self.running_var + m * (batch_var * n / (n - 1) - self.running_var)
            mean, var = batch_mean, batch_var
        else:
            mean, var = self.running_mean, self.running_var
        std = np.sqrt(var + self.eps)
        x_hat = (x - mean) / std
        self.cache = (x_hat, 1.0 / std, self.training)
        return gamma * x_hat + beta
''',
        why="divides by the standard deviation and writes the running update as r + m (stat - r)",
        tested="every probe of the part (as above)",
    ),
    dict(
        name="ho_bn_backward_alt_chain_rule",
        target="layers.BatchNorm1d.backward",
        body='''
        x_hat, inv_std, trained = self.cache
        self.grads["beta"] = dout.sum(axis=0)
        self.grads["gamma"] = (dout * x_hat).sum(axis=0)
        dx_hat = dout * gamma
        if not trained:
            return dx_hat * inv_std
        n = dout.shape[0]
        x_mu = x_hat / inv_std  # x - mean
        dvar = np.sum(dx_hat * x_mu, axis=0) * -0.5 * inv_std ** 3
        dmean = -np.sum(dx_hat * inv_std, axis=0) + dvar * np.mean(-2.0 * x_mu, axis=0)
        return dx_hat * inv_std + dvar * 2.0 * x_mu / n + dmean / n
''',
        why="the step-by-step chain rule through the variance and the mean (CS231n's staged backward)",
        tested="every probe of the part (training and eval backward, backward twice, mode switches, ill-"
               "conditioned offsets, C = 1, N = 2)",
    ),
    dict(
        name="ho_bn_backward_alt_means",
        target="layers.BatchNorm1d.backward",
        body='''
        x_hat, inv_std, trained = self.cache
        dx_hat = dout * gamma
        self.grads = {"gamma": np.sum(dout * x_hat, axis=0), "beta": np.sum(dout, axis=0)}
        if trained:
            return inv_std * (dx_hat - dx_hat.mean(axis=0) - x_hat * (dx_hat * x_hat).mean(axis=0))
        return inv_std * dx_hat
''',
        why="the projection formula with means instead of sums divided by N, and a new grads dict",
        tested="every probe of the part",
    ),
]
