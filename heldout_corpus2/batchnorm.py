"""Held-out mistakes and alternatives for ``BatchNorm1d.forward`` and ``.backward`` (notebook 07).

Contract (torch.nn.BatchNorm1d): training normalizes with the batch mean and the biased variance, eps
inside the square root, and updates running = (1 - momentum) running + momentum stat with the
unbiased variance; eval normalizes with the running statistics and leaves them alone (N = 1 allowed
in eval); backward uses the mode and statistics of the last forward, sets grads (shape (C,)) and
can be called more than once. A body for one method runs with the reference's other method, which
stores ``self.cache = (x_hat, inv_std, trained)``.
"""

_BACKWARD_HEAD = '''
        x_hat, inv_std, trained = self.cache
'''

MISTAKES = [
    dict(
        name="h2_bn_momentum_keras_convention",
        target="layers.BatchNorm1d.forward",
        body='''
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            m = self.momentum
            self.running_mean = m * self.running_mean + (1 - m) * mean
            self.running_var = m * self.running_var + (1 - m) * var * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
''',
        cause="I used momentum as the weight of the old running value (Keras/TensorFlow's convention, "
              "0.99); PyTorch's momentum is the weight of the new batch",
        kind="second-output",
        witness="one training forward (8 x 4): running_mean is 0.9 * batch mean instead of 0.1 * batch "
                "mean (the output itself is right)",
    ),
    dict(
        name="h2_bn_eps_outside_sqrt",
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
        kind="slip",
        witness="one training forward (8 x 4, std about 2): outputs off by about 1e-5 relative (first "
                "0.553549 instead of 0.553555); constant columns give 0 either way",
    ),
    dict(
        name="h2_bn_one_pass_variance",
        target="layers.BatchNorm1d.forward",
        body='''
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = np.mean(x ** 2, axis=0) - mean ** 2
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
''',
        cause="I computed the variance as E[x^2] - E[x]^2, which cancels catastrophically when the "
              "features have a large mean and a small spread",
        kind="domain",
        witness="16 x 3 batch of values 1e8 + N(0, 1): x^2 is about 1e16, whose rounding step is 2, so "
                "the variance comes out near 0 (or negative: NaN) instead of about 1; outputs of several "
                "hundred (first -537.5 instead of -1.65)",
    ),
    dict(
        name="h2_bn_no_eval_branch",
        target="layers.BatchNorm1d.forward",
        body='''
        n = x.shape[0]
        mean = x.mean(axis=0)
        var = x.var(axis=0)
        if n > 1:
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * n / (n - 1)
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
''',
        cause="I wrote only the training computation; in eval mode the layer still normalizes with the "
              "batch's statistics (and updates the running ones) instead of using the running statistics",
        kind="repeated-use",
        witness="two training forwards, eval(), a forward of 5 rows: output normalized with the batch "
                "statistics and running stats changed; an eval batch of one row gives beta",
    ),
    dict(
        name="h2_bn_running_update_in_eval",
        target="layers.BatchNorm1d.forward",
        body='''
        n = x.shape[0]
        if n > 1:
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * x.mean(axis=0)
            self.running_var = ((1 - self.momentum) * self.running_var
                                + self.momentum * x.var(axis=0) * n / (n - 1))
        if self.training:
            mean, var = x.mean(axis=0), x.var(axis=0)
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
''',
        cause="I normalized with the running statistics in eval mode, but updated them before the "
              "branch, so every eval forward also moves them towards the evaluation batch",
        kind="second-output",
        witness="two training forwards, eval(), a forward of 5 rows: running_mean and running_var "
                "change in eval mode (and that output uses the moved statistics)",
    ),
    dict(
        name="h2_bn_bessel_integer_division",
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
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
''',
        cause="I wrote the Bessel correction as n // (n - 1), an integer division, which is 1 for every "
              "batch of more than 2 rows",
        kind="second-output",
        witness="one training forward of 16 rows: running_var uses the biased variance (factor 1 instead "
                "of 16/15); batches of 2 rows are right",
    ),
    dict(
        name="h2_bn_eps_added_in_place",
        target="layers.BatchNorm1d.forward",
        body='''
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            var += self.eps
            std = np.sqrt(var)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * n / (n - 1)
        else:
            mean = self.running_mean
            std = np.sqrt(self.running_var + self.eps)
        inv_std = 1.0 / std
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
''',
        cause="I added eps to the variance in place (var += eps) before using var for the running "
              "average, so the running variance includes eps and eval mode adds it a second time",
        kind="second-output",
        witness="one training forward (8 x 4): running_var larger by momentum * eps * 8/7 (about 1.1e-6) "
                "than the reference's; the training output is right",
    ),
    dict(
        name="h2_bn_grads_accumulate",
        target="layers.BatchNorm1d.backward",
        body=_BACKWARD_HEAD + '''
        self.grads["gamma"] += np.sum(dout * x_hat, axis=0)
        self.grads["beta"] += np.sum(dout, axis=0)
        dx_hat = dout * gamma
        if not trained:
            return dx_hat * inv_std
        n = dout.shape[0]
        return inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0))
''',
        cause="I accumulated the parameter gradients with += (as gradients accumulate in PyTorch), but "
              "backward must set them for this batch: nothing zeroes them between steps",
        kind="repeated-use",
        witness="forward, backward, backward with the same dout: grads doubled after the second call; "
                "after several training steps grads are the sum of all steps",
    ),
    dict(
        name="h2_bn_backward_treats_stats_as_constants",
        target="layers.BatchNorm1d.backward",
        body=_BACKWARD_HEAD + '''
        self.grads["gamma"] = np.sum(dout * x_hat, axis=0)
        self.grads["beta"] = np.sum(dout, axis=0)
        return dout * gamma * inv_std
''',
        cause="I backpropagated only through (x - mean) / std with the mean and variance held fixed; in "
              "training they depend on every x, which adds two terms",
        kind="slip",
        witness="training forward and backward (8 x 4): dx = gamma dout / std instead of the projected "
                "gradient (its column sums are not 0); eval-mode backward is right",
    ),
    dict(
        name="h2_bn_backward_without_gamma",
        target="layers.BatchNorm1d.backward",
        body=_BACKWARD_HEAD + '''
        self.grads["gamma"] = np.sum(dout * x_hat, axis=0)
        self.grads["beta"] = np.sum(dout, axis=0)
        if not trained:
            return dout * inv_std
        n = dout.shape[0]
        return inv_std / n * (n * dout - dout.sum(axis=0) - x_hat * np.sum(dout * x_hat, axis=0))
''',
        cause="I used dout where the formula needs d = gamma * dout, the gradient with respect to x_hat "
              "(invisible while gamma is still 1)",
        kind="slip",
        witness="gamma set to values in [0.5, 2]: dx off by the factor gamma per feature; with the "
                "initial gamma = 1 it is right",
    ),
    dict(
        name="h2_bn_backward_reads_current_mode",
        target="layers.BatchNorm1d.backward",
        body=_BACKWARD_HEAD + '''
        self.grads["gamma"] = np.sum(dout * x_hat, axis=0)
        self.grads["beta"] = np.sum(dout, axis=0)
        dx_hat = dout * gamma
        if not self.training:
            return dx_hat * inv_std
        n = dout.shape[0]
        return inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0))
''',
        cause="I chose the backward formula from self.training at backward time instead of the mode the "
              "last forward ran in",
        kind="repeated-use",
        witness="forward in training, eval(), backward: the eval formula gamma dout / std instead of the "
                "training one",
    ),
    dict(
        name="h2_bn_param_grads_keepdims",
        target="layers.BatchNorm1d.backward",
        body=_BACKWARD_HEAD + '''
        self.grads["gamma"] = np.sum(dout * x_hat, axis=0, keepdims=True)
        self.grads["beta"] = np.sum(dout, axis=0, keepdims=True)
        dx_hat = dout * gamma
        if not trained:
            return dx_hat * inv_std
        n = dout.shape[0]
        return inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0))
''',
        cause="I summed with keepdims=True out of habit, so the parameter gradients have shape (1, C) "
              "instead of (C,) like gamma and beta",
        kind="slip",
        witness="any backward (8 x 4): grads['gamma'] and grads['beta'] have shape (1, 4) instead of "
                "(4,); an in-place SGD step p -= lr * g then fails to broadcast",
    ),
]

ALTERNATIVES = [
    dict(
        name="h2_bn_alt_two_pass_in_place_running",
        target="layers.BatchNorm1d.forward",
        body='''
        if self.training:
            n = x.shape[0]
            mu = np.sum(x, axis=0) / n
            xc = x - mu
            sq = np.sum(xc * xc, axis=0)
            var = sq / n
            self.running_mean *= 1.0 - self.momentum
            self.running_mean += self.momentum * mu
            self.running_var *= 1.0 - self.momentum
            self.running_var += self.momentum * sq / (n - 1)
        else:
            xc = x - self.running_mean
            var = self.running_var
        std = np.sqrt(var + self.eps)
        x_hat = xc / std
        self.cache = (x_hat, 1.0 / std, self.training)
        return x_hat * gamma + beta
''',
        why="centred values kept from a manual two-pass variance; the running statistics updated in "
            "place; division by the standard deviation",
        tested="every BatchNorm1d script (19: N = 1 (eval), 2 to 16, C = 1 to 5, gamma and beta random or "
               "initial, a 1e8 offset, constant columns, backward twice, several steps, train/eval/train "
               "switches between forward and backward, momentum 0, 0.5, 1, eps 1e-1 and the int 1): "
               "outputs, running statistics, dx and grads at every step to 1e-9 (1e-6 at the 1e8 offset)",
    ),
    dict(
        name="h2_bn_alt_ddof_and_power",
        target="layers.BatchNorm1d.forward",
        body='''
        if self.training:
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            m = self.momentum
            self.running_mean = self.running_mean + m * (mean - self.running_mean)
            self.running_var = self.running_var + m * (x.var(axis=0, ddof=1) - self.running_var)
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = (var + self.eps) ** -0.5
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
''',
        why="the running average as r + m (stat - r), the unbiased variance with ddof=1, and a power "
            "instead of 1 / sqrt",
        tested="every BatchNorm1d script: same observations to 1e-9",
    ),
    dict(
        name="h2_bn_alt_backward_means",
        target="layers.BatchNorm1d.backward",
        body=_BACKWARD_HEAD + '''
        self.grads["beta"] = dout.sum(axis=0)
        self.grads["gamma"] = (dout * x_hat).sum(axis=0)
        g = dout * gamma
        if not trained:
            return g * inv_std
        return (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0)) * inv_std
''',
        why="the projection formula written with means instead of sums over N",
        tested="every BatchNorm1d script: same observations to 1e-9",
    ),
    dict(
        name="h2_bn_alt_backward_staged",
        target="layers.BatchNorm1d.backward",
        body=_BACKWARD_HEAD + '''
        dx_hat = dout * gamma
        self.grads["gamma"] = np.einsum("ij,ij->j", dout, x_hat)
        self.grads["beta"] = dout.sum(axis=0)
        if not trained:
            return dx_hat * inv_std
        n = dout.shape[0]
        xc = x_hat / inv_std
        dvar = np.sum(dx_hat * xc, axis=0) * -0.5 * inv_std ** 3
        dmean = -np.sum(dx_hat, axis=0) * inv_std + dvar * np.mean(-2.0 * xc, axis=0)
        return dx_hat * inv_std + dvar * 2.0 * xc / n + dmean / n
''',
        why="the staged chain rule through the variance and the mean (CS231n's derivation), "
            "recovering x - mean from the cache",
        tested="every BatchNorm1d script: same observations to 1e-9 (1e-6 at the 1e8 offset)",
    ),
]

WITNESS_CASES = {
    "h2_bn_momentum_keras_convention": "BatchNorm1d/train-forward-backward",
    "h2_bn_eps_outside_sqrt": "BatchNorm1d/train-forward-backward",
    "h2_bn_one_pass_variance": "BatchNorm1d/large-offset",
    "h2_bn_no_eval_branch": "BatchNorm1d/train-then-eval",
    "h2_bn_running_update_in_eval": "BatchNorm1d/train-then-eval",
    "h2_bn_bessel_integer_division": "BatchNorm1d/train-n16-running-var",
    "h2_bn_eps_added_in_place": "BatchNorm1d/train-forward-backward",
    "h2_bn_grads_accumulate": "BatchNorm1d/backward-twice",
    "h2_bn_backward_treats_stats_as_constants": "BatchNorm1d/train-forward-backward",
    "h2_bn_backward_without_gamma": "BatchNorm1d/train-forward-backward",
    "h2_bn_backward_reads_current_mode": "BatchNorm1d/forward-train-backward-after-eval-switch",
    "h2_bn_param_grads_keepdims": "BatchNorm1d/train-forward-backward",
}
