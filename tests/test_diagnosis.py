"""checks.diagnosis: what a failing check says and what it earns, on outcomes made by hand."""

import math

import numpy as np

from checks.diagnosis import Outcome, verdict

RIGHT = [4.25, 0.0, float("nan"), 1.5]          # an ordinary case, exact zeros, NaN in, another ordinary


def outcomes(got):
    kinds = ["a 1-D array", "equal inputs", "NaN in the input", "a 2-D batch"]
    return [Outcome(k, g, w, atol=1e-12) for k, g, w in zip(kinds, got, RIGHT)]


def test_partial_credit_is_the_share_of_cases_passed():
    fraction, message = verdict(outcomes([4.25, 0.0, float("nan"), 2.0]), "mse")
    assert fraction == 0.75 and "1 of 4" in message


def test_a_constant_earns_nothing_from_the_cases_any_constant_passes():
    """0.0 is right where the inputs are equal and NaN where they hold NaN, whatever a function
    computes: those cases earn credit only beside a case whose right result is an ordinary number."""
    for constant in (0.0, float("nan")):
        fraction, message = verdict(outcomes([constant] * 4), "mse")
        assert fraction == 0.0 and message
    fraction, _ = verdict(outcomes([4.25, 0.0, float("nan"), 9.0]), "mse")
    assert math.isclose(fraction, 0.75)


def test_structures_of_zeros_and_false_count_as_trivial_and_a_check_of_only_those_keeps_its_credit():
    right = [{"w": np.zeros(3)}, [False, 0.0]]
    got = [{"w": np.zeros(3)}, [False, 1.0]]
    fraction, _ = verdict([Outcome("a", g, w) for g, w in zip(got, right)], "f")
    assert fraction == 0.5                      # every right result is trivial: nothing to tell apart


def test_a_hint_is_named_only_when_its_model_reproduces_every_case():
    got = [8.5, 0.0, float("nan"), 3.0]                       # twice the right value everywhere
    twice = ("scale.twice", [2 * r for r in RIGHT])
    fraction, message = verdict(outcomes(got), "mse", models=[twice], hints={"scale.twice": "TWICE"})
    assert "TWICE" in message
    got[3] = 7.0                                              # one case the model does not explain
    _, message = verdict(outcomes(got), "mse", models=[twice], hints={"scale.twice": "TWICE"})
    assert "TWICE" not in message


def test_a_sequence_whose_state_never_changes_is_trivial():
    from checks.sequences import unchanging

    steady = [(("step 1", "running_var"), np.ones(3)), (("step 2", "running_var"), np.ones(3))]
    moving = [(("step 1", "running_var"), np.ones(3)), (("step 2", "running_var"), np.full(3, 0.9))]
    once = [(("call 1", "return"), 2.5)]
    assert unchanging(steady) and not unchanging(moving) and not unchanging(once)
    assert unchanging([(("call 1", "return"), 0.0)])


def test_states_of_any_structure_are_compared():
    from checks.sequences import unchanging

    state = {"w": [np.ones(2), np.zeros(2)], "step": 3}
    steady = [(("epoch 1", "best_state"), state), (("epoch 2", "best_state"), {"w": [np.ones(2), np.zeros(2)],
                                                                                "step": 3})]
    moved = [(("epoch 1", "best_state"), state), (("epoch 2", "best_state"), {"w": [np.ones(2), np.ones(2)],
                                                                               "step": 3})]
    assert unchanging(steady) and not unchanging(moved)
    assert not unchanging([(("a", "x"), "text"), (("b", "x"), None)])
