"""The corpus of part ``batchnorm`` (batch normalization: ``layers.BatchNorm1d``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/parts/changes.py``); graded by ``tests/test_corpus.py``."""

from ..changes import Alternative, Mistake

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
    Mistake(
        "bn_sigma2_ddof1",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            mu = np.mean(x, axis=0)
            sigma2 = np.mean((x - mu) ** 2, axis=0)
            m = self.momentum
            self.running_mean = self.running_mean * (1 - m) + mu * m
            self.running_var = self.running_var * (1 - m) + sigma2 * x.shape[0] / (x.shape[0] - 1) * m
            mean, var = mu, np.sum((x - mu) ** 2, axis=0) / (x.shape[0] - 1)
        else:
            mean, var = self.running_mean, self.running_var
        std = np.sqrt(var + self.eps)
        x_hat = (x - mean) / std
        self.cache = (x_hat, 1.0 / std, self.training)
        return gamma * x_hat + beta
    """,
        (
            "batchnorm.backward_dx",
            "batchnorm.backward_params",
            "batchnorm.forward_train",
            "batchnorm.public_backward",
            "batchnorm.public_forward",
        ),
        "normalized with the sum of squares over N - 1",
        hint='batchnorm.unbiased_norm',
    ),
    Mistake(
        "bn_running_var_biased_sigma2",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            mu = np.mean(x, axis=0)
            sigma2 = np.mean((x - mu) ** 2, axis=0)
            m = self.momentum
            self.running_mean = self.running_mean * (1 - m) + mu * m
            self.running_var = self.running_var * (1 - m) + sigma2 * m
            mean, var = mu, sigma2
        else:
            mean, var = self.running_mean, self.running_var
        std = np.sqrt(var + self.eps)
        x_hat = (x - mean) / std
        self.cache = (x_hat, 1.0 / std, self.training)
        return gamma * x_hat + beta
    """,
        ("batchnorm.public_running", "batchnorm.running_stats"),
        "the biased sigma2 kept in running_var",
        hint='batchnorm.biased_running',
    ),
    Mistake(
        "bn_momentum_on_old",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            mu = np.mean(x, axis=0)
            sigma2 = np.mean((x - mu) ** 2, axis=0)
            m = self.momentum
            self.running_mean = self.running_mean * m + mu * (1 - m)
            self.running_var = self.running_var * m + sigma2 * x.shape[0] / (x.shape[0] - 1) * (1 - m)
            mean, var = mu, sigma2
        else:
            mean, var = self.running_mean, self.running_var
        std = np.sqrt(var + self.eps)
        x_hat = (x - mean) / std
        self.cache = (x_hat, 1.0 / std, self.training)
        return gamma * x_hat + beta
    """,
        ("batchnorm.public_running", "batchnorm.running_stats"),
        "momentum weighs the old value",
        hint='batchnorm.momentum_swapped',
    ),
    Mistake(
        "bn_eval_uses_batch",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            mu = np.mean(x, axis=0)
            sigma2 = np.mean((x - mu) ** 2, axis=0)
            m = self.momentum
            self.running_mean = self.running_mean * (1 - m) + mu * m
            self.running_var = self.running_var * (1 - m) + sigma2 * x.shape[0] / (x.shape[0] - 1) * m
            mean, var = mu, sigma2
        else:
            mean, var = np.mean(x, axis=0), np.var(x, axis=0)
        std = np.sqrt(var + self.eps)
        x_hat = (x - mean) / std
        self.cache = (x_hat, 1.0 / std, self.training)
        return gamma * x_hat + beta
    """,
        ("batchnorm.eval_backward", "batchnorm.eval_mode", "batchnorm.public_eval"),
        "eval mode normalizes with the batch's statistics",
        hint='batchnorm.batch_stats_in_eval',
    ),
    Mistake(
        "bn_std_plus_eps",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            mu = np.mean(x, axis=0)
            sigma2 = np.mean((x - mu) ** 2, axis=0)
            m = self.momentum
            self.running_mean = self.running_mean * (1 - m) + mu * m
            self.running_var = self.running_var * (1 - m) + sigma2 * x.shape[0] / (x.shape[0] - 1) * m
            mean, var = mu, sigma2
        else:
            mean, var = self.running_mean, self.running_var
        std = np.sqrt(var) + self.eps
        x_hat = (x - mean) / std
        self.cache = (x_hat, 1.0 / std, self.training)
        return gamma * x_hat + beta
    """,
        (
            "batchnorm.backward_dx",
            "batchnorm.backward_params",
            "batchnorm.eval_backward",
            "batchnorm.eval_mode",
            "batchnorm.forward_train",
            "batchnorm.public_backward",
            "batchnorm.public_eval",
            "batchnorm.public_forward",
        ),
        "eps added to the standard deviation",
        hint='batchnorm.eps_outside',
    ),
    Mistake(
        "bn_running_untouched",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            mu = np.mean(x, axis=0)
            sigma2 = np.mean((x - mu) ** 2, axis=0)
            m = self.momentum
            self.running_mean = self.running_mean
            self.running_var = self.running_var
            mean, var = mu, sigma2
        else:
            mean, var = self.running_mean, self.running_var
        std = np.sqrt(var + self.eps)
        x_hat = (x - mean) / std
        self.cache = (x_hat, 1.0 / std, self.training)
        return gamma * x_hat + beta
    """,
        ("batchnorm.public_running", "batchnorm.running_stats"),
        "the running statistics assigned their old values",
        hint='batchnorm.never_updates',
    ),
    Mistake(
        "bn_eval_also_updates",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            mu = np.mean(x, axis=0)
            sigma2 = np.mean((x - mu) ** 2, axis=0)
            m = self.momentum
            self.running_mean = self.running_mean * (1 - m) + mu * m
            self.running_var = self.running_var * (1 - m) + sigma2 * x.shape[0] / (x.shape[0] - 1) * m
            mean, var = mu, sigma2
        else:
            mean, var = self.running_mean, self.running_var
        if not self.training:
            m = self.momentum
            self.running_mean = (1 - m) * self.running_mean + m * x.mean(axis=0)
        std = np.sqrt(var + self.eps)
        x_hat = (x - mean) / std
        self.cache = (x_hat, 1.0 / std, self.training)
        return gamma * x_hat + beta
    """,
        ("batchnorm.eval_mode", "batchnorm.public_eval"),
        "running_mean updated in eval mode too",
        hint='batchnorm.eval_updates',
    ),
    Mistake(
        "bn_eps_literal",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            mu = np.mean(x, axis=0)
            sigma2 = np.mean((x - mu) ** 2, axis=0)
            m = self.momentum
            self.running_mean = self.running_mean * (1 - m) + mu * m
            self.running_var = self.running_var * (1 - m) + sigma2 * x.shape[0] / (x.shape[0] - 1) * m
            mean, var = mu, sigma2
        else:
            mean, var = self.running_mean, self.running_var
        std = np.sqrt(var + 1e-5)
        x_hat = (x - mean) / std
        self.cache = (x_hat, 1.0 / std, self.training)
        return gamma * x_hat + beta
    """,
        (
            "batchnorm.backward_dx",
            "batchnorm.backward_params",
            "batchnorm.eval_backward",
            "batchnorm.eval_mode",
            "batchnorm.forward_train",
        ),
        "1e-5 written where self.eps belongs",
        hint='batchnorm.eps_fixed',
        tags=('arguments',),
    ),
    Mistake(
        "bn_momentum_literal",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            mu = np.mean(x, axis=0)
            sigma2 = np.mean((x - mu) ** 2, axis=0)
            m = 0.1
            self.running_mean = self.running_mean * (1 - m) + mu * m
            self.running_var = self.running_var * (1 - m) + sigma2 * x.shape[0] / (x.shape[0] - 1) * m
            mean, var = mu, sigma2
        else:
            mean, var = self.running_mean, self.running_var
        std = np.sqrt(var + self.eps)
        x_hat = (x - mean) / std
        self.cache = (x_hat, 1.0 / std, self.training)
        return gamma * x_hat + beta
    """,
        ("batchnorm.running_stats",),
        "0.1 written where self.momentum belongs",
        hint='batchnorm.momentum_fixed',
        tags=('arguments',),
    ),
    Mistake(
        "bn_running_var_with_eps",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            mu = np.mean(x, axis=0)
            sigma2 = np.mean((x - mu) ** 2, axis=0)
            m = self.momentum
            self.running_mean = self.running_mean * (1 - m) + mu * m
            self.running_var = self.running_var * (1 - m) + (sigma2 + self.eps) * x.shape[0] / (x.shape[0] - 1) * m
            mean, var = mu, sigma2
        else:
            mean, var = self.running_mean, self.running_var
        std = np.sqrt(var + self.eps)
        x_hat = (x - mean) / std
        self.cache = (x_hat, 1.0 / std, self.training)
        return gamma * x_hat + beta
    """,
        ("batchnorm.public_running", "batchnorm.running_stats"),
        "eps folded into the stored variance",
        hint='batchnorm.running_eps',
    ),
    Mistake(
        "bn_cache_in_training_only",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            mu = np.mean(x, axis=0)
            sigma2 = np.mean((x - mu) ** 2, axis=0)
            m = self.momentum
            self.running_mean = self.running_mean * (1 - m) + mu * m
            self.running_var = self.running_var * (1 - m) + sigma2 * x.shape[0] / (x.shape[0] - 1) * m
            mean, var = mu, sigma2
        else:
            mean, var = self.running_mean, self.running_var
        std = np.sqrt(var + self.eps)
        x_hat = (x - mean) / std
        if self.training:
            self.cache = (x_hat, 1.0 / std, True)
        return gamma * x_hat + beta
    """,
        ("batchnorm.eval_backward", "batchnorm.public_eval", "batchnorm.state"),
        "the cache written only by training forwards",
        hint='batchnorm.stale_cache',
        tags=('state',),
    ),
    Mistake(
        "bn_one_pass_variance",
        "layers.BatchNorm1d.forward",
        """
        if self.training:
            mu = np.mean(x, axis=0)
            sigma2 = np.mean((x - mu) ** 2, axis=0)
            m = self.momentum
            self.running_mean = self.running_mean * (1 - m) + mu * m
            one_pass = np.mean(x * x, axis=0) - mu * mu
            self.running_var = self.running_var * (1 - m) + one_pass * x.shape[0] / (x.shape[0] - 1) * m
            mean, var = mu, one_pass
        else:
            mean, var = self.running_mean, self.running_var
        std = np.sqrt(var + self.eps)
        x_hat = (x - mean) / std
        self.cache = (x_hat, 1.0 / std, self.training)
        return gamma * x_hat + beta
    """,
        ("batchnorm.backward_dx", "batchnorm.backward_params", "batchnorm.forward_train"),
        "the variance as E[x^2] - E[x]^2: every digit lost when the values are large and close",
        hint=None,
        tags=('conditioning',),
    ),
    Mistake(
        "bn_backward_constants_b",
        "layers.BatchNorm1d.backward",
        """
        x_hat, inv_std, trained = self.cache
        self.grads["beta"] = dout.sum(axis=0)
        self.grads["gamma"] = (dout * x_hat).sum(axis=0)
        g = dout * gamma
        if not trained:
            return g * inv_std
        return g * inv_std
    """,
        ("batchnorm.backward_dx", "batchnorm.deep_training", "batchnorm.public_backward"),
        "the training dx without the terms through the mean and the variance",
        hint='batchnorm.backward_constants',
    ),
    Mistake(
        "bn_backward_mean_term_only",
        "layers.BatchNorm1d.backward",
        """
        x_hat, inv_std, trained = self.cache
        self.grads["beta"] = dout.sum(axis=0)
        self.grads["gamma"] = (dout * x_hat).sum(axis=0)
        g = dout * gamma
        if not trained:
            return g * inv_std
        return inv_std * (g - g.mean(axis=0))
    """,
        ("batchnorm.backward_dx", "batchnorm.public_backward"),
        "only the mean's term",
        hint='batchnorm.backward_no_xhat',
    ),
    Mistake(
        "bn_dgamma_sum_dout",
        "layers.BatchNorm1d.backward",
        """
        x_hat, inv_std, trained = self.cache
        self.grads["beta"] = dout.sum(axis=0)
        self.grads["gamma"] = dout.sum(axis=0)
        g = dout * gamma
        if not trained:
            return g * inv_std
        return inv_std * (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0))
    """,
        ("batchnorm.backward_params", "batchnorm.public_backward"),
        "dgamma as the sum of dout",
        hint='batchnorm.dgamma_no_xhat',
    ),
    Mistake(
        "bn_backward_ignores_cached_mode",
        "layers.BatchNorm1d.backward",
        """
        x_hat, inv_std, trained = self.cache
        self.grads["beta"] = dout.sum(axis=0)
        self.grads["gamma"] = (dout * x_hat).sum(axis=0)
        g = dout * gamma
        if False:
            return g * inv_std
        return inv_std * (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0))
    """,
        ("batchnorm.eval_backward", "batchnorm.public_eval"),
        "the training dx whatever the forward's mode",
        hint='batchnorm.backward_train_in_eval',
    ),
    Mistake(
        "bn_backward_current_mode",
        "layers.BatchNorm1d.backward",
        """
        x_hat, inv_std, trained = self.cache
        self.grads["beta"] = dout.sum(axis=0)
        self.grads["gamma"] = (dout * x_hat).sum(axis=0)
        g = dout * gamma
        if not self.training:
            return g * inv_std
        return inv_std * (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0))
    """,
        ("batchnorm.state",),
        "the layer's current mode decides, not the forward's",
        hint='batchnorm.backward_reads_mode',
        tags=('state',),
    ),
    Mistake(
        "bn_grads_accumulate",
        "layers.BatchNorm1d.backward",
        """
        x_hat, inv_std, trained = self.cache
        self.grads["beta"] += dout.sum(axis=0)
        self.grads["gamma"] += (dout * x_hat).sum(axis=0)
        g = dout * gamma
        if not trained:
            return g * inv_std
        return inv_std * (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0))
    """,
        ("batchnorm.backward_params",),
        "grads added to at every backward",
        hint='batchnorm.grads_accumulate',
        tags=('repeated',),
    ),
    Mistake(
        "bn_dgamma_accumulates",
        "layers.BatchNorm1d.backward",
        """
        x_hat, inv_std, trained = self.cache
        self.grads["beta"] += dout.sum(axis=0)
        self.grads["gamma"] += np.einsum('ij,ij->j', dout, x_hat)
        g = dout * gamma
        if not trained:
            return g * inv_std
        return inv_std * (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0))
    """,
        ("batchnorm.backward_params",),
        "grads accumulated across backward calls",
        hint='batchnorm.grads_accumulate',
        tags=('repeated',),
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
    Alternative(
        "bn_two_pass_sum",
        "layers.BatchNorm1d.forward",
        """
        n = x.shape[0]
        if self.training:
            mean = x.sum(axis=0) / n
            centered = x - mean
            var = (centered * centered).sum(axis=0) / n
            m = self.momentum
            self.running_mean = (1 - m) * self.running_mean + m * mean
            self.running_var = (1 - m) * self.running_var + m * var * (n / (n - 1))
        else:
            mean, var = self.running_mean, self.running_var
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mean) * inv_std
        self.cache = (x_hat, inv_std, self.training)
        return gamma * x_hat + beta
    """,
        "a two-pass variance written with sums (stable at a large offset)",
        tags=("conditioning",),
    ),
    Alternative(
        "bn_backward_fresh_grads",
        "layers.BatchNorm1d.backward",
        """
        x_hat, inv_std, trained = self.cache
        self.grads = {"gamma": np.sum(dout * x_hat, axis=0), "beta": np.sum(dout, axis=0)}
        dx_hat = dout * gamma
        if not trained:
            return dx_hat * inv_std
        n = dout.shape[0]
        return (inv_std / n) * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))
    """,
        "a new grads dict at every backward (so a second backward gives the same grads)",
        tags=("repeated",),
    ),
]
