"""The hints the public checks can give, one ``Hint`` per likely mistake (the hidden checks give
these too, and some of their own).

A hint is given only when your output is what that mistake gives (see ``checks.framework.Hint``):
when a check fails without a hint, the output matched no mistake the checks know, or matched
several, and the message says only what is wrong.
"""

from .framework import Hint

# ---- mse -------------------------------------------------------------------------------------
MSE_ABS = Hint("mse.abs", "it is the mean ABSOLUTE error: square the residuals")


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

