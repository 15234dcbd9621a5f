"""The corpus of part ``batchnorm`` (batch normalization: ``layers.BatchNorm1d``): realistic wrong bodies
that its checks must catch, and correct bodies written differently that must keep full marks.

Pure data (see ``autograder/hidden/changes.py``); graded by ``tests/test_corpus.py``."""

from .changes import Alternative, Mistake

MISTAKES = [
    Mistake("bn_unbiased_normalize", "layers.BatchNorm1d.forward", """
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
            ("batchnorm.public_forward", "batchnorm.forward_train"), "the unbiased variance used to normalize"),
    Mistake("bn_biased_running", "layers.BatchNorm1d.forward", """
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
            ("batchnorm.public_running", "batchnorm.running_stats"), "a biased running variance"),
    Mistake("bn_cs231n_momentum", "layers.BatchNorm1d.forward", """
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
            ("batchnorm.public_running", "batchnorm.running_stats"), "momentum applied the CS231n way"),
    Mistake("bn_batch_stats_in_eval", "layers.BatchNorm1d.forward", """
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
            ("batchnorm.eval_mode",), "batch statistics used in eval mode"),
    Mistake("bn_eps_outside", "layers.BatchNorm1d.forward", """
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
            ("batchnorm.forward_train",), "eps outside the square root"),
    Mistake("bn_never_updates_running", "layers.BatchNorm1d.forward", """
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
            ("batchnorm.public_running", "batchnorm.running_stats", "batchnorm.eval_mode", "batchnorm.deep_training"),
            "running statistics never updated"),
    Mistake("bn_eval_updates_running", "layers.BatchNorm1d.forward", """
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
    """, ("batchnorm.eval_mode",), "eval mode updates the running statistics"),
    Mistake("bn_backward_no_mean_terms", "layers.BatchNorm1d.backward", """
        x_hat, inv_std, trained = self.cache
        self.grads["gamma"] = np.sum(dout * x_hat, axis=0)
        self.grads["beta"] = np.sum(dout, axis=0)
        return dout * gamma * inv_std
    """, ("batchnorm.backward_dx",), "backward treats the batch statistics as constants"),
    Mistake("bn_dgamma_no_xhat", "layers.BatchNorm1d.backward", """
        x_hat, inv_std, trained = self.cache
        self.grads["gamma"] = np.sum(dout, axis=0)
        self.grads["beta"] = np.sum(dout, axis=0)
        dx_hat = dout * gamma
        if not trained:
            return dx_hat * inv_std
        n = dout.shape[0]
        return inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0))
    """, ("batchnorm.backward_params",), "dgamma without the normalized input"),
    Mistake("bn_backward_always_train", "layers.BatchNorm1d.backward", """
        x_hat, inv_std, trained = self.cache
        self.grads["gamma"] = np.sum(dout * x_hat, axis=0)
        self.grads["beta"] = np.sum(dout, axis=0)
        dx_hat = dout * gamma
        n = dout.shape[0]
        return inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0))
    """, ("batchnorm.eval_backward",), "eval-mode backward as if the statistics were the batch's"),
]

ALTERNATIVES = [
    Alternative("bn_forward_cs231n_style", "layers.BatchNorm1d.forward", """
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
    """, "CS231n's staged computation"),
    Alternative("bn_backward_staged", "layers.BatchNorm1d.backward", """
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
    """, "the backward pass through the computational graph, step by step"),
]
