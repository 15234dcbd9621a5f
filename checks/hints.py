"""The hints of the hand-written public checks (dropout's: its masks are random, so its checks test
relations and statistics instead of values; gradcheck's: functions cannot travel as data). The
other public checks run from the case files in ``checks/public/cases``, which carry their hints'
texts.

A hint is given only when your output is what that mistake gives (see ``checks.diagnosis``):
when a check fails without a hint, the output matched no mistake the checks know, or matched
several, and the message says only what is wrong.
"""

from .framework import Hint

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


# ---- gradcheck -------------------------------------------------------------------------------
GC_ONE_SIDED = Hint("gradcheck.one_sided", "it is a one-sided difference (f at x + h against f at x, or at x "
                                           "against x - h): the central difference moves the element both ways")
GC_NOT_RESTORED = Hint("gradcheck.not_restored", "an element moved for one evaluation is not put back before the "
                                                 "next one is moved, so later evaluations see x moved in several "
                                                 "places")
GC_INPUT_CHANGED = Hint("gradcheck.input_changed", "after the call x no longer holds exactly the values it held "
                                                   "before: put each element back as it was (x + h - 2h + h is not "
                                                   "always x in floating point), or work on a copy")
GC_STEP_IGNORED = Hint("gradcheck.step_ignored", "the step h that was passed is not the step used")
