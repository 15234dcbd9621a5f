"""Data for the notebooks (provided): small synthetic sets generated from a seed, and real data sets
that ship inside scikit-learn (nothing is downloaded).

Every generator takes a ``seed`` and returns float64 arrays; the same seed gives the same data.
"""

import numpy as np

__all__ = [
    "train_val_split", "standardize", "polynomial_features",
    "line_with_outliers", "noisy_sine", "two_moons", "blobs", "spirals", "correlated_regression",
    "load_diabetes", "load_breast_cancer", "load_digits",
]


def train_val_split(X, y, val_fraction=0.25, seed=0):
    """Shuffle and split into training and validation sets.

    Args:
        X: (N, ...) inputs; y: (N, ...) targets.
        val_fraction: share of the examples that go to validation, in (0, 1).

    Returns:
        X_train, X_val, y_train, y_val.
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"train_val_split: X has {len(X)} rows but y has {len(y)}")
    if not 0 < val_fraction < 1:
        raise ValueError(f"train_val_split: val_fraction must be in (0, 1), got {val_fraction}")
    order = np.random.default_rng(seed).permutation(len(X))
    n_val = max(1, int(round(val_fraction * len(X))))
    val, train = order[:n_val], order[n_val:]
    return X[train], X[val], y[train], y[val]


def standardize(X_train, *others):
    """Scale columns to mean 0 and std 1 using the TRAINING set's statistics only.

    Returns:
        the standardized training array followed by each of ``others`` transformed the same way.
    """
    X_train = np.asarray(X_train, dtype=np.float64)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    out = [(X_train - mean) / std] + [(np.asarray(o, dtype=np.float64) - mean) / std for o in others]
    return out[0] if not others else tuple(out)


def polynomial_features(x, degree):
    """Columns x, x**2, ..., x**degree of a 1-D array x (N,): an (N, degree) array (no bias column)."""
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    return np.stack([x ** k for k in range(1, degree + 1)], axis=1)


def line_with_outliers(n=60, slope=2.0, intercept=1.0, noise=0.5, outlier_fraction=0.1,
                       outlier_shift=15.0, seed=0):
    """Points near the line y = slope x + intercept, some of them pushed far up (outliers).

    Returns:
        x (n,), y (n,), is_outlier (n,) bool.
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(-3, 3, n)
    y = slope * x + intercept + noise * rng.standard_normal(n)
    is_outlier = np.zeros(n, dtype=bool)
    k = int(round(outlier_fraction * n))
    if k:
        idx = rng.choice(n, k, replace=False)
        is_outlier[idx] = True
        y[idx] += outlier_shift * (1 + 0.3 * rng.standard_normal(k))
    return x, y, is_outlier


def noisy_sine(n=20, noise=0.25, seed=0):
    """x uniform in [-1, 1] and y = sin(pi x) + Gaussian noise. Returns x (n,), y (n,)."""
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-1, 1, n))
    return x, np.sin(np.pi * x) + noise * rng.standard_normal(n)


def two_moons(n=200, noise=0.2, seed=0):
    """Two interleaving half circles in 2-D. Returns X (n, 2) and labels y (n,) in {0, 1}."""
    rng = np.random.default_rng(seed)
    n0 = n // 2
    t0, t1 = rng.uniform(0, np.pi, n0), rng.uniform(0, np.pi, n - n0)
    upper = np.stack([np.cos(t0), np.sin(t0)], axis=1)
    lower = np.stack([1 - np.cos(t1), 0.5 - np.sin(t1)], axis=1)
    X = np.concatenate([upper, lower]) + noise * rng.standard_normal((n, 2))
    y = np.concatenate([np.zeros(n0, dtype=np.int64), np.ones(n - n0, dtype=np.int64)])
    order = rng.permutation(n)
    return X[order], y[order]


def blobs(n=300, centers=3, spread=1.0, dim=2, seed=0):
    """Gaussian clusters around random centres. Returns X (n, dim) and labels y (n,) in [0, centers)."""
    rng = np.random.default_rng(seed)
    mus = rng.uniform(-5, 5, (centers, dim))
    y = rng.integers(0, centers, n)
    return mus[y] + spread * rng.standard_normal((n, dim)), y.astype(np.int64)


def spirals(n=300, classes=3, noise=0.2, seed=0):
    """Interleaved spiral arms in 2-D, one per class. Returns X (n, 2), y (n,)."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % classes
    r = rng.uniform(0.05, 1.0, n)
    theta = 4.0 * r + 2 * np.pi * y / classes + noise * rng.standard_normal(n)
    X = np.stack([r * np.sin(theta), r * np.cos(theta)], axis=1)
    order = rng.permutation(n)
    return X[order], y[order].astype(np.int64)


def correlated_regression(n=100, n_features=20, n_informative=5, rho=0.9, noise=1.0, seed=0):
    """Linear regression data whose features come in correlated groups.

    Features are arranged in groups of ``n_features // n_informative``; within a group their
    correlation is ``rho``. The first feature of each group has a non-zero true coefficient.

    Returns:
        X (n, n_features), y (n,), true coefficients (n_features,).
    """
    rng = np.random.default_rng(seed)
    group = max(1, n_features // n_informative)
    coef = np.zeros(n_features)   # drawn first, so the truth for a seed does not depend on n
    coef[::group][:n_informative] = rng.choice([-1, 1], n_informative) * rng.uniform(1.5, 3.0, n_informative)
    latent = rng.standard_normal((n, -(-n_features // group)))
    X = np.sqrt(rho) * latent[:, np.arange(n_features) // group] + np.sqrt(1 - rho) * rng.standard_normal((n, n_features))
    y = X @ coef + noise * rng.standard_normal(n)
    return X, y, coef


def _sklearn(name):
    import sklearn.datasets  # imported here: only the real-data loaders need scikit-learn

    data = getattr(sklearn.datasets, name)()
    return np.asarray(data.data, dtype=np.float64), np.asarray(data.target), list(map(str, data.feature_names))


def load_diabetes():
    """Diabetes progression (442 patients, 10 features, a continuous target); ships with scikit-learn.

    Returns:
        X (442, 10), y (442,), feature names.
    """
    X, y, names = _sklearn("load_diabetes")
    return X, y.astype(np.float64), names


def load_breast_cancer():
    """Breast cancer diagnosis (569 tumours, 30 features, label 1 = benign); ships with scikit-learn.

    Returns:
        X (569, 30), y (569,) in {0, 1}, feature names.
    """
    X, y, names = _sklearn("load_breast_cancer")
    return X, y.astype(np.int64), names


def load_digits():
    """8x8 images of handwritten digits (1797 images, 64 pixel features, labels 0-9); ships with
    scikit-learn.

    Returns:
        X (1797, 64) with values 0-16, y (1797,), feature names.
    """
    X, y, names = _sklearn("load_digits")
    return X, y.astype(np.int64), names
