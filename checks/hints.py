"""The hints the public checks can give, one ``Hint`` per likely mistake (the hidden checks give
these too, and some of their own).

A hint is given only when your output is what that mistake gives (see ``checks.framework.Hint``):
when a check fails without a hint, the output matched no mistake the checks know, or matched
several, and the message says only what is wrong.
"""

from .framework import Hint

# ---- mse -------------------------------------------------------------------------------------
MSE_ABS = Hint("mse.abs", "it is the mean ABSOLUTE error: square the residuals")

# ---- categorical cross-entropy ---------------------------------------------------------------
CCE_MEAN_ALL = Hint("cce.mean_all", "it is averaged over all N x C entries: average over the N rows only")
CCE_NO_SMOOTHING = Hint("cce.no_smoothing", "label_smoothing is ignored")
CCE_SMOOTH_OTHERS = Hint("cce.smooth_others", "label smoothing spreads eps over the OTHER C - 1 classes "
                                              "here; PyTorch mixes in eps / C for every class, the true "
                                              "one included")
CCE_UNSTABLE = Hint("cce.unstable", "at extreme logits a softmax underflows to 0 or an exp overflows: use "
                                    "a stable log_softmax (z - max - log sum exp(z - max))")

# ---- hinge -----------------------------------------------------------------------------------
HINGE_NO_CLIP = Hint("hinge.no_clip", "points beyond the margin count negatively: take max(0, 1 - y s)")
HINGE_ZERO_MARGIN = Hint("hinge.zero_margin", "the margin is missing: it is max(0, 1 - y s), not max(0, -y s)")
HINGE_GRAD_UNMASKED = Hint("hinge.grad_unmasked", "points beyond the margin (y s > 1) have gradient 0")
HINGE_KINK = Hint("hinge.kink", "at y s = 1 exactly the gradient is 0 (the subgradient this course uses): "
                                "test 1 - y s > 0, not >= 0")

# ---- multiclass hinge ------------------------------------------------------------------------
MCH_WITH_CORRECT = Hint("multiclass_hinge.with_correct", "the correct class is counted too (it adds the "
                                                         "margin to every row): sum over j != y_i only")
MCH_OVER_C = Hint("multiclass_hinge.over_c", "it also divides by the number of classes (PyTorch's "
                                             "multi_margin_loss does; this course follows CS231n and "
                                             "averages over rows only)")
MCH_MARGIN_IGNORED = Hint("multiclass_hinge.margin_ignored", "margin is ignored: it always uses 1")
MCH_GRAD_NO_CORRECT = Hint("multiclass_hinge.grad_no_correct", "the correct class's column is left at 0: "
                                                               "it gets minus the number of classes whose "
                                                               "margin is positive, over N")
MCH_GRAD_MINUS_ONE = Hint("multiclass_hinge.grad_minus_one", "the correct class's column gets -1 / N; it gets "
                                                             "minus the NUMBER of classes whose margin is "
                                                             "positive, over N")
MCH_KINK = Hint("multiclass_hinge.kink", "a margin of exactly 0 does not count (the subgradient this course "
                                         "uses): test s_j - s_y + margin > 0, not >= 0")

# ---- KL divergence ---------------------------------------------------------------------------
KL_REVERSED = Hint("kl.reversed", "this is KL(q || p): the arguments are reversed (p is the true "
                                  "distribution, q the model's)")
KL_ALL_ENTRIES = Hint("kl.all_entries", "it is averaged over all entries: sum over each row, then average "
                                        "over the rows")
KL_ZERO_RULE = Hint("kl.zero_rule", "where p = 0 a term must count as 0 (0 log 0 = 0): use "
                                    "np.where(p > 0, ..., 0.0)")
KL_GRAD_WRT_P = Hint("kl.grad_wrt_p", "this is the gradient with respect to p; the function asks for the "
                                      "gradient with respect to q")
KL_GRAD_ZEROS = Hint("kl.grad_zeros", "where p = 0 the gradient is 0, even where q = 0 too: use "
                                      "np.where(p > 0, -p / q, 0.0)")

# ---- penalties -------------------------------------------------------------------------------
FIRST_ONLY = Hint("penalty.first_only", "only the first array of the list counts: use every array")
NO_LAM = Hint("penalty.no_lam", "lam is missing: multiply by the strength")
L1_IS_L2 = Hint("l1.is_l2", "this is the L2 penalty: L1 sums |w|")
L1_NO_ABS = Hint("l1.no_abs", "it sums the weights themselves: L1 sums their absolute values |w|")
L1_GRAD_IS_L2 = Hint("l1.grad_is_l2", "this is the L2 gradient (lam * w): L1's is lam * sign(w)")
L1_GRAD_AT_ZERO = Hint("l1.grad_at_zero", "at w = 0 the gradient is 0 (np.sign(0) is 0)")
L2_GRAD_IS_L1 = Hint("l2.grad_is_l1", "this is the L1 gradient (lam * sign(w)): L2's is lam * w")
EN_RATIO_SWAPPED = Hint("elastic_net.ratio_swapped", "l1_ratio weighs the wrong term: it multiplies the "
                                                     "L1 part")
EN_NO_HALF = Hint("elastic_net.no_half", "the L2 part is missing its 1/2: (1 - l1_ratio) / 2 * sum w**2")
EN_RATIO_IGNORED = Hint("elastic_net.ratio_ignored", "l1_ratio is ignored: it always uses 0.5")
EN_GRAD_NO_RATIO = Hint("elastic_net.grad_no_ratio", "the L2 part of the gradient is missing its "
                                                     "(1 - l1_ratio)")
EN_GRAD_TWO_W = Hint("elastic_net.grad_two_w", "the L2 part of the gradient is (1 - l1_ratio) w, not "
                                               "2 (1 - l1_ratio) w: the 1/2 of the penalty cancels the 2")
EN_GRAD_AT_ZERO = Hint("elastic_net.grad_at_zero", "at w = 0 the L1 part of the gradient is 0 (np.sign(0) "
                                                   "is 0)")

# ---- early stopping --------------------------------------------------------------------------
ES_OFF_BY_ONE = Hint("early_stopping.off_by_one", "it stops one epoch late: return True as soon as "
                                                  "the count of epochs without improvement reaches "
                                                  "patience")
ES_EARLY = Hint("early_stopping.early", "it stops one epoch early: return True only when the count of epochs "
                                        "without improvement reaches patience")
ES_NO_RESET = Hint("early_stopping.no_reset", "an improvement does not reset the count of epochs without "
                                              "improvement to 0")
ES_ONE_BASED = Hint("early_stopping.one_based", "best_epoch counts from 1: count step calls from 0")
ES_TIES = Hint("early_stopping.ties", "a loss equal to best_loss - min_delta counts as an improvement: it "
                                      "must be strictly below")
ES_MIN_DELTA_IGNORED = Hint("early_stopping.min_delta_ignored", "min_delta is ignored: an improvement must "
                                                                "be below best_loss - min_delta")
ES_RELATIVE = Hint("early_stopping.relative", "min_delta is used as a fraction of best_loss; it is an "
                                              "absolute amount: val_loss < best_loss - min_delta")
ES_NAN = Hint("early_stopping.nan", "a NaN loss counts as an improvement: NaN never improves (compare "
                                    "with <, which is False for NaN)")
ES_SHARES = Hint("early_stopping.shares", "best_state shares its arrays with the state passed in, so it "
                                          "follows every later change: store copy.deepcopy(state)")
ES_LAST_STATE = Hint("early_stopping.last_state", "best_state is the state of the latest epoch: copy the "
                                                  "state only when the loss improves")
ES_EPOCH_COUNT = Hint("early_stopping.epoch_count", "best_epoch is not the number of step calls before "
                                                    "the best one: count every call of step, improving "
                                                    "or not")

# ---- dropout ---------------------------------------------------------------------------------
DROP_KEEP_PROB = Hint("dropout.keep_prob", "p is the probability of DROPPING a unit, not of keeping it")
DROP_NO_SCALE = Hint("dropout.no_scale", "kept units are not scaled: multiply them by 1 / (1 - p) "
                                         "(inverted dropout)")
DROP_NEVER = Hint("dropout.never", "it drops no unit in training mode")
DROP_ALL = Hint("dropout.all", "it drops every unit in training mode, whatever p is (is the random draw "
                               "always the same number?)")
DROP_EVAL_ACTIVE = Hint("dropout.eval_active", "it still drops units in eval mode, where dropout is the "
                                               "identity")
DROP_EVAL_SCALED = Hint("dropout.eval_scaled", "in eval mode it multiplies by 1 - p (old-style dropout); "
                                               "with inverted dropout eval mode is the identity")
DROP_P_ONE = Hint("dropout.p_one", "at p = 1, 1 / (1 - p) divides by 0: drop everything instead")
DROP_BACKWARD_NEW_MASK = Hint("dropout.backward_new_mask", "backward draws a new mask: use the one the last "
                                                           "forward drew")
DROP_BACKWARD_UNSCALED = Hint("dropout.backward_unscaled", "backward passes the gradient through kept "
                                                           "units without their 1 / (1 - p) scale")
DROP_BACKWARD_IDENTITY = Hint("dropout.backward_identity", "backward ignores the mask: it returns dout "
                                                           "unchanged in training mode")
DROP_GLOBAL_RNG = Hint("dropout.global_rng", "two layers built with the same rng seed drew different "
                                             "masks: draw them from self.rng, not from np.random")
DROP_STALE_MASK = Hint("dropout.stale_mask", "after an eval-mode forward, backward still applies the mask "
                                             "of an earlier training forward: an eval-mode forward must "
                                             "leave no mask behind")

# ---- batch normalization ---------------------------------------------------------------------
BN_UNBIASED_NORM = Hint("batchnorm.unbiased_norm", "it normalizes with the unbiased variance; training mode "
                                                   "uses the BIASED batch variance (divide by N)")
BN_EPS_OUTSIDE = Hint("batchnorm.eps_outside", "eps is added outside the square root: use sqrt(var + eps)")
BN_EPS_FIXED = Hint("batchnorm.eps_fixed", "eps is fixed at 1e-5 whatever the layer was built with: use "
                                           "self.eps")
BN_BIASED_RUNNING = Hint("batchnorm.biased_running", "running_var is updated with the biased variance; it "
                                                     "takes the UNBIASED one (divide by N - 1)")
BN_MOMENTUM_SWAPPED = Hint("batchnorm.momentum_swapped", "momentum weighs the old running value (CS231n's "
                                                         "convention); PyTorch's momentum weighs the NEW "
                                                         "batch statistic")
BN_MOMENTUM_FIXED = Hint("batchnorm.momentum_fixed", "momentum is fixed at 0.1 whatever the layer was built "
                                                     "with: use self.momentum")
BN_NEVER_UPDATES = Hint("batchnorm.never_updates", "the running statistics never change in training mode")
BN_RUNNING_EPS = Hint("batchnorm.running_eps", "running_var includes eps: store the unbiased batch variance "
                                               "itself (eps is added only when normalizing)")
BN_BATCH_STATS_IN_EVAL = Hint("batchnorm.batch_stats_in_eval", "eval mode normalizes with the batch's own "
                                                               "statistics: use running_mean and running_var")
BN_EVAL_UPDATES = Hint("batchnorm.eval_updates", "an eval-mode forward changes the running statistics: "
                                                 "only training mode updates them")
BN_BACKWARD_NO_MEAN_TERMS = Hint("batchnorm.backward_constants", "backward treats the batch mean and "
                                                                 "variance as constants: dx has two more "
                                                                 "terms, from the mean and from the variance")
BN_BACKWARD_NO_XHAT_TERM = Hint("batchnorm.backward_no_xhat", "dx misses the term from the variance "
                                                              "(x_hat times the mean of dx_hat * x_hat)")
BN_DGAMMA_NO_XHAT = Hint("batchnorm.dgamma_no_xhat", "dgamma is the sum over the batch of dout times the "
                                                     "NORMALIZED x")
BN_BACKWARD_TRAIN_IN_EVAL = Hint("batchnorm.backward_train_in_eval", "after an eval-mode forward, backward "
                                                                     "uses the training formula; in eval "
                                                                     "mode the statistics are constants: "
                                                                     "dx = dout * gamma / sqrt(running_var "
                                                                     "+ eps)")
BN_STALE_CACHE = Hint("batchnorm.stale_cache", "backward used what an earlier forward left: every forward, in "
                                               "either mode, must leave what its own backward needs")
BN_BACKWARD_READS_MODE = Hint("batchnorm.backward_reads_mode", "backward follows the layer's current mode, "
                                                               "not the mode of the last forward: remember "
                                                               "in forward which one it was")

