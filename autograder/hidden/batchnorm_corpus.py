"""The corpus of part ``batchnorm`` (batch normalization: ``layers.BatchNorm1d``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/hidden/changes.py``); graded by ``tests/test_corpus.py``."""

from .changes import Alternative, Mistake

MISTAKES = [
    Mistake(
        "bn_unbiased_normalize",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0, ddof=1)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * x.var(axis=0) * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
""",
        (
            "batchnorm.public_forward",
            "batchnorm.public_backward",
            "batchnorm.forward_train",
            "batchnorm.backward_dx",
            "batchnorm.backward_params",
        ),
        "the unbiased variance used to normalize",
        hint="batchnorm.unbiased_norm",
    ),
    Mistake(
        "bn_biased_running",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
""",
        ("batchnorm.public_running", "batchnorm.running_stats"),
        "a biased running variance",
        hint="batchnorm.biased_running",
    ),
    Mistake(
        "bn_cs231n_momentum",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mean
            self.running_var = self.momentum * self.running_var + (1 - self.momentum) * x.var(axis=0) * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
""",
        ("batchnorm.public_running", "batchnorm.running_stats"),
        "momentum applied the CS231n way",
        hint="batchnorm.momentum_swapped",
    ),
    Mistake(
        "bn_batch_stats_in_eval",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * x.var(axis=0) * n / (n - 1)
        else:
            mean, var = x.mean(axis=0), x.var(axis=0)
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
""",
        ("batchnorm.public_eval", "batchnorm.eval_mode", "batchnorm.eval_backward"),
        "batch statistics used in eval mode",
        hint="batchnorm.batch_stats_in_eval",
    ),
    Mistake(
        "bn_eps_outside",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * x.var(axis=0) * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / (np.sqrt(var) + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
""",
        (
            "batchnorm.public_forward",
            "batchnorm.public_backward",
            "batchnorm.public_eval",
            "batchnorm.forward_train",
            "batchnorm.eval_mode",
            "batchnorm.backward_dx",
            "batchnorm.backward_params",
            "batchnorm.eval_backward",
        ),
        "eps outside the square root",
        hint="batchnorm.eps_outside",
    ),
    Mistake(
        "bn_never_updates_running",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            pass
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
""",
        ("batchnorm.public_running", "batchnorm.running_stats"),
        "running statistics never updated",
        hint="batchnorm.never_updates",
    ),
    Mistake(
        "bn_eval_updates_running",
        "layers.BatchNorm1d.forward",
        """
        n = x.shape[0]
        mean, var = x.mean(axis=0), x.var(axis=0)
        if n > 1:
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * n / (n - 1)
        if not self.training:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
    """,
        ("batchnorm.public_eval", "batchnorm.eval_mode", "batchnorm.eval_backward"),
        "eval mode updates the running statistics",
        hint="batchnorm.eval_updates",
    ),
    Mistake(
        "bn_backward_no_mean_terms",
        "layers.BatchNorm1d.backward",
        """
        x_hat, inv_std, trained = self.cache
        self.grads["gamma"] = np.sum(dout * x_hat, axis=0)
        self.grads["beta"] = np.sum(dout, axis=0)
        return dout * gamma * inv_std
    """,
        ("batchnorm.public_backward", "batchnorm.backward_dx", "batchnorm.deep_training"),
        "backward treats the batch statistics as constants",
        hint="batchnorm.backward_constants",
    ),
    Mistake(
        "bn_dgamma_no_xhat",
        "layers.BatchNorm1d.backward",
        """
        x_hat, inv_std, trained = self.cache
        self.grads["gamma"] = np.sum(dout, axis=0)
        self.grads["beta"] = np.sum(dout, axis=0)
        dx_hat = dout * gamma
        if not trained:
            return dx_hat * inv_std
        n = dout.shape[0]
        return inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0))
    """,
        ("batchnorm.public_backward", "batchnorm.backward_params"),
        "dgamma without the normalized input",
        hint="batchnorm.dgamma_no_xhat",
    ),
    Mistake(
        "bn_backward_always_train",
        "layers.BatchNorm1d.backward",
        """
        x_hat, inv_std, trained = self.cache
        self.grads["gamma"] = np.sum(dout * x_hat, axis=0)
        self.grads["beta"] = np.sum(dout, axis=0)
        dx_hat = dout * gamma
        n = dout.shape[0]
        return inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0))
    """,
        ("batchnorm.public_eval", "batchnorm.eval_backward"),
        "eval-mode backward as if the statistics were the batch's",
        hint="batchnorm.backward_train_in_eval",
    ),
    Mistake(
        "bn_eps_fixed",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + 1e-5)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
    """,
        (
            "batchnorm.forward_train",
            "batchnorm.eval_mode",
            "batchnorm.backward_dx",
            "batchnorm.backward_params",
            "batchnorm.eval_backward",
        ),
        "eps written as 1e-5 instead of self.eps (the cache carries it into backward)",
        hint="batchnorm.eps_fixed",
        tags=("arguments",),
    ),
    Mistake(
        "bn_momentum_fixed",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean = 0.9 * self.running_mean + 0.1 * mean
            self.running_var = 0.9 * self.running_var + 0.1 * var * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
    """,
        ("batchnorm.running_stats",),
        "momentum written as 0.1 instead of self.momentum",
        hint="batchnorm.momentum_fixed",
        tags=("arguments",),
    ),
    Mistake(
        "bn_running_var_eps",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * (var * n / (n - 1) + self.eps)
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
    """,
        ("batchnorm.public_running", "batchnorm.running_stats"),
        "running_var off by momentum * eps per step: it must cost the running statistics only",
        hint="batchnorm.running_eps",
        tags=("cascade",),
    ),
    Mistake(
        "bn_cache_only_in_training",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            n = x.shape[0]
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * n / (n - 1)
            inv_std = 1.0 / np.sqrt(var + self.eps)
            x_hat = (x - mean) * inv_std
            self.cache = (x_hat, inv_std, True)
            return gamma * x_hat + beta
        inv_std = 1.0 / np.sqrt(self.running_var + self.eps)
        return gamma * (x - self.running_mean) * inv_std + beta
    """,
        ("batchnorm.public_eval", "batchnorm.eval_backward", "batchnorm.state"),
        "an eval-mode forward leaves no cache: backward uses the last training forward's",
        hint="batchnorm.stale_cache",
        tags=("state",),
    ),
    Mistake(
        "bn_backward_reads_mode",
        "layers.BatchNorm1d.backward",
        """
        x_hat, inv_std, trained = self.cache
        self.grads["gamma"] = np.sum(dout * x_hat, axis=0)
        self.grads["beta"] = np.sum(dout, axis=0)
        dx_hat = dout * gamma
        if not self.training:
            return dx_hat * inv_std
        n = dout.shape[0]
        return inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0))
    """,
        ("batchnorm.state",),
        "backward decides from the current mode, not from the mode of the last forward",
        hint="batchnorm.backward_reads_mode",
        tags=("state",),
    ),
    Mistake(
        "bn_backward_no_xhat_term",
        "layers.BatchNorm1d.backward",
        """
        x_hat, inv_std, trained = self.cache
        self.grads["gamma"] = np.sum(dout * x_hat, axis=0)
        self.grads["beta"] = np.sum(dout, axis=0)
        dx_hat = dout * gamma
        if not trained:
            return dx_hat * inv_std
        return inv_std * (dx_hat - dx_hat.mean(axis=0))
    """,
        ("batchnorm.public_backward", "batchnorm.backward_dx"),
        "the term of dx that comes from the variance missing (only the mean's)",
        hint="batchnorm.backward_no_xhat",
    ),
]

ALTERNATIVES = [
    Alternative(
        "bn_forward_cs231n_style",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            n = len(x)
            mu = np.mean(x, axis=0)
            xmu = x - mu
            var = np.mean(xmu ** 2, axis=0)
            sqrtvar = np.sqrt(var + self.eps)
            x_hat = xmu / sqrtvar
            self.running_mean = self.momentum * mu + (1 - self.momentum) * self.running_mean
            self.running_var = self.momentum * var * n / (n - 1) + (1 - self.momentum) * self.running_var
            self.cache = (x_hat, 1.0 / sqrtvar, True)
        else:
            inv = 1.0 / np.sqrt(self.running_var + self.eps)
            x_hat = (x - self.running_mean) * inv
            self.cache = (x_hat, inv, False)
        return x_hat * gamma + beta
    """,
        "CS231n's staged computation",
    ),
    Alternative(
        "bn_backward_staged",
        "layers.BatchNorm1d.backward",
        """
        x_hat, inv_std, trained = self.cache
        n = dout.shape[0]
        self.grads["beta"] = dout.sum(axis=0)
        self.grads["gamma"] = (dout * x_hat).sum(axis=0)
        dxhat = dout * gamma
        if not trained:
            return dxhat * inv_std
        dvar = np.sum(dxhat * x_hat, axis=0) * -0.5 * inv_std ** 2
        dmu = -np.sum(dxhat * inv_std, axis=0) - 2.0 * dvar * np.mean(x_hat / inv_std, axis=0)
        return dxhat * inv_std + dvar * 2.0 * (x_hat / inv_std) / n + dmu / n
    """,
        "the backward pass through the computational graph, step by step",
    ),
    Alternative(
        "bn_rsqrt",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            n = x.shape[0]
            mean, var = x.mean(axis=0), x.var(axis=0)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * (var * (n / (n - 1)))
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = (var + self.eps) ** -0.5
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return x_hat * gamma + beta
    """,
        "(var + eps) ** -0.5",
        tags=("arguments",),
    ),
    Alternative(
        "bn_running_in_place",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            mean = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean += self.momentum * (mean - self.running_mean)
            self.running_var += self.momentum * (x.var(axis=0, ddof=1) - self.running_var)
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
    """,
        "running statistics moved towards the batch's, in place",
        tags=("state", "cascade"),
    ),
]
