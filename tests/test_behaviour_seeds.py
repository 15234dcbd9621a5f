"""Each behavioural check relies on a claim about training. Here each claim is shown to hold for
the reference across at least 20 seeds, with the same threshold the hidden check uses, so the
check's fixed seed is not a lucky one; and the same network WITHOUT the technique is shown to
miss that threshold, so the check can fail."""

import numpy as np
import pytest

from autograder.grading import reference
from autograder.parts import experiments as E

ref = reference.load()
SEEDS = range(20)
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("behaviour")]


def test_batchnorm_trains_where_the_plain_network_does_not():
    for seed in SEEDS:
        with_bn = E.deep_net_loss(seed, ref.layers.BatchNorm1d)
        plain = E.deep_net_loss(seed)
        assert with_bn < E.BN_GOOD_LOSS, (seed, with_bn)               # the check's threshold
        assert not np.isfinite(plain) or plain > 0.9, (seed, plain)    # misses it by far


def test_dropout_narrows_the_gap_for_every_mask_and_data_draw():
    base_gap, base_val, _ = E.dropout_run(None)
    for seed in SEEDS:                         # any mask realization passes the check's thresholds
        gap, val, _ = E.dropout_run(ref.layers.Dropout(E.DROPOUT_P, rng=seed))
        assert gap <= E.DROPOUT_GAP_RATIO * base_gap and val <= E.DROPOUT_VAL_RATIO * base_val, (seed, gap, val)
    for seed in SEEDS:                         # and other data than the check's would do too
        data = (seed, seed + 50)
        gap, val, _ = E.dropout_run(ref.layers.Dropout(E.DROPOUT_P, rng=seed), data_seeds=data)
        plain_gap, plain_val, _ = E.dropout_run(None, data_seeds=data)
        assert gap <= E.DROPOUT_GAP_RATIO * plain_gap and val <= E.DROPOUT_VAL_RATIO * plain_val, (seed, gap, val)
    assert E.dropout_gap(ref.layers.Dropout(0.0, rng=0)) / base_gap > 0.99   # no dropout: no narrowing


class DropsEverything(ref.layers.Dropout):
    """A degenerate layer: in training it drops every unit (a mask drawn with rng.integers(0, 1))."""

    def forward(self, x):
        self.mask = np.zeros_like(x) if self.training else None
        return x * 0.0 if self.training else x


def test_a_layer_that_drops_everything_fails_the_gap_check():
    """It narrows the gap (a network that learns nothing has no gap), but not the validation loss."""
    base_gap, base_val, constant = E.dropout_run(None)
    gap, val, _ = E.dropout_run(DropsEverything(E.DROPOUT_P, rng=0))
    assert gap <= E.DROPOUT_GAP_RATIO * base_gap                      # the old check alone would pass it
    assert val > E.DROPOUT_VAL_RATIO * base_val and val == pytest.approx(constant, rel=0.01)


def test_l2_shrinks_weights_and_narrows_the_gap():
    for seed in SEEDS:
        base_norm, base_gap = E.l2_run(seed)
        norm, gap = E.l2_run(seed, ref.penalties.l2_grad)
        assert norm <= 0.7 * base_norm and gap <= 0.85 * base_gap, (seed, norm / base_norm, gap / base_gap)


def test_l1_is_sparser_than_l2_at_the_same_strength():
    for seed in SEEDS:
        l1 = E.sparsity_run(seed, ref.penalties.l1_grad)
        l2 = E.sparsity_run(seed, ref.penalties.l2_grad)
        assert l1 >= max(10, l2 + 4), (seed, l1, l2)


class KeepsAReference(ref.training.EarlyStopping):
    """The classic mistake: best_state is the live state itself."""

    def step(self, val_loss, state=None):
        improved = val_loss < self.best_loss - self.min_delta
        stop = super().step(val_loss, state)
        if improved:
            self.best_state = state
        return stop


def test_early_stopping_stops_and_restores_the_best_weights():
    for seed in SEEDS:
        epochs, vals, restored = E.early_stopping_run(seed, ref.training.EarlyStopping(patience=E.ES_PATIENCE))
        best = int(np.argmin(vals))
        assert epochs == best + 1 + E.ES_PATIENCE < E.ES_EPOCHS, (seed, epochs, best)
        assert restored == pytest.approx(vals[best], rel=1e-12), seed
        _, _, restored_wrong = E.early_stopping_run(seed, KeepsAReference(patience=E.ES_PATIENCE))
        assert restored_wrong > vals[best] * (1 + 1e-6), seed        # the check can tell them apart
