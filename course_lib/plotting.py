"""Plot helpers used across the notebooks (provided)."""

import matplotlib.pyplot as plt
import numpy as np

__all__ = ["plot_history", "plot_decision_boundary"]


def plot_history(history, ax=None, title=None, logy=False, label="", first_epoch=1):
    """Training and validation loss per epoch from a ``training.History``; returns the axes.

    ``label`` is prepended to the legend entries, so several histories can share one axes.
    ``first_epoch`` is the number the first epoch gets on the horizontal axis: 1 by default, 0 to
    count epochs as ``EarlyStopping`` does (its ``best_epoch`` is 0-based).
    """
    ax = ax or plt.gca()
    epochs = np.arange(len(history.train_loss)) + first_epoch
    prefix = f"{label} " if label else ""
    (line,) = ax.plot(epochs, history.train_loss, label=f"{prefix}train")
    if history.val_loss:
        ax.plot(epochs, history.val_loss, "--", color=line.get_color(), label=f"{prefix}validation")
    if history.best_epoch is not None:
        ax.axvline(history.best_epoch + first_epoch, color="grey", lw=0.8, ls=":", label="best epoch")
    ax.set_xlabel("epoch" if first_epoch == 1 else f"epoch (the first is {first_epoch})")
    ax.set_ylabel("loss")
    if logy:
        ax.set_yscale("log")
    if title:
        ax.set_title(title)
    ax.legend()
    return ax


# Blue and red (the ends of matplotlib's "coolwarm") for two classes, then clearly distinct colours.
_CLASS_COLORS = ["#3b4cc0", "#b40426", "tab:green", "tab:orange", "tab:purple", "tab:brown",
                 "tab:pink", "tab:olive", "tab:cyan", "tab:gray"]


def plot_decision_boundary(predict, X, y, ax=None, title=None, resolution=200, margin=0.5,
                           xlabel="$x_1$", ylabel="$x_2$", class_names=None, legend_loc="best"):
    """Shade the plane by ``predict`` (a function from (M, 2) inputs to (M,) integer labels) and
    scatter the points X (N, 2) coloured by their labels y (N,), one colour per class for both.
    Labels the axes and adds a legend of the classes (``class_names`` maps a label to its name;
    "class k" by default). Returns the axes."""
    ax = ax or plt.gca()
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y).astype(np.int64)
    (x0, y0), (x1, y1) = X.min(axis=0) - margin, X.max(axis=0) + margin
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    labels = np.asarray(predict(np.column_stack([gx.ravel(), gy.ravel()]))).reshape(gx.shape)
    k = int(max(labels.max(), y.max())) + 1
    colors = [_CLASS_COLORS[j % len(_CLASS_COLORS)] for j in range(k)]
    ax.contourf(gx, gy, labels, levels=np.arange(k + 1) - 0.5, colors=colors, alpha=0.25)
    ax.scatter(X[:, 0], X[:, 1], c=[colors[j] for j in y], s=12, edgecolors="k", linewidths=0.3)
    names = class_names or {}
    handles = [plt.Line2D([], [], ls="", marker="o", markersize=5, markerfacecolor=colors[j],
                          markeredgecolor="k", markeredgewidth=0.3, label=names.get(j, f"class {j}"))
               for j in np.unique(y)]
    ax.legend(handles=handles, title="points: true class\nshading: predicted", fontsize=7,
              title_fontsize=7, loc=legend_loc)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.set_aspect("equal")
    return ax
