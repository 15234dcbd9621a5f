"""Plot helpers used across the notebooks (provided)."""

import matplotlib.pyplot as plt
import numpy as np

__all__ = ["plot_history", "plot_decision_boundary"]


def plot_history(history, ax=None, title=None, logy=False, label=""):
    """Training and validation loss per epoch from a ``training.History``; returns the axes.

    ``label`` is prepended to the legend entries, so several histories can share one axes.
    """
    ax = ax or plt.gca()
    epochs = np.arange(1, len(history.train_loss) + 1)
    prefix = f"{label} " if label else ""
    (line,) = ax.plot(epochs, history.train_loss, label=f"{prefix}train")
    if history.val_loss:
        ax.plot(epochs, history.val_loss, "--", color=line.get_color(), label=f"{prefix}validation")
    if history.best_epoch is not None:
        ax.axvline(history.best_epoch + 1, color="grey", lw=0.8, ls=":")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss")
    if logy:
        ax.set_yscale("log")
    if title:
        ax.set_title(title)
    ax.legend()
    return ax


def plot_decision_boundary(predict, X, y, ax=None, title=None, resolution=200, margin=0.5):
    """Colour the plane by ``predict`` (a function from (M, 2) inputs to (M,) labels) and scatter
    the points X (N, 2) coloured by their labels y (N,). Returns the axes."""
    ax = ax or plt.gca()
    X = np.asarray(X, dtype=np.float64)
    (x0, y0), (x1, y1) = X.min(axis=0) - margin, X.max(axis=0) + margin
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    labels = np.asarray(predict(np.column_stack([gx.ravel(), gy.ravel()]))).reshape(gx.shape)
    ax.contourf(gx, gy, labels, alpha=0.25, levels=np.arange(labels.max() + 2) - 0.5, cmap="coolwarm")
    ax.scatter(X[:, 0], X[:, 1], c=y, s=12, cmap="coolwarm", edgecolors="k", linewidths=0.3)
    if title:
        ax.set_title(title)
    ax.set_aspect("equal")
    return ax
