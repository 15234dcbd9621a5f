"""The late policy: one file, the same arithmetic everywhere (fast: nothing is graded)."""

import datetime

import pytest

from autograder.grading import lateness
from autograder.grading.lateness import LatePolicy, PolicyError, parse_duration

DUE = datetime.datetime(2025, 10, 15, 23, 59, tzinfo=datetime.UTC)
POLICY = """
[late]
grace = "15 min"
penalty = 0.1
per = "day"
of = "earned"
cap = 0.5
zero_after = "7 days"

[extensions]
"04_overfitting_and_penalties" = { alice = "2 days", bob = "2025-10-20 23:59 America/New_York" }
"""


def late(policy, **after):
    return policy.lateness(DUE + datetime.timedelta(**after), DUE, "carol", "04_overfitting_and_penalties")


@pytest.mark.parametrize("text, seconds", [("2 days", 172800), ("36 h", 129600), ("90 min", 5400),
                                           ("1 d 4 h", 100800), ("0", 0), ("1.5 hours", 5400), ("1 week", 604800)])
def test_durations_people_write(text, seconds):
    assert parse_duration(text).total_seconds() == seconds


def test_the_policy_counts_started_days_after_the_grace_period_up_to_the_cap():
    policy = lateness.parse(POLICY)
    assert late(policy, minutes=-5).late is None
    assert late(policy, minutes=10).within_grace and late(policy, minutes=10).fraction == 0
    assert (late(policy, minutes=16).units, late(policy, minutes=16).fraction) == (1, 0.1)   # counted from the due date
    assert (late(policy, hours=24).units, late(policy, hours=24, seconds=1).units) == (1, 2)
    assert late(policy, days=4, hours=1).fraction == 0.5                                    # capped at 50 %
    assert late(policy, days=7, seconds=1).zero and late(policy, days=7, seconds=1).fraction == 1.0
    hourly = lateness.parse('[late]\npenalty = 0.02\nper = "hour"\n')
    assert (late(hourly, minutes=61).units, late(hourly, minutes=61).fraction) == (2, 0.04)


def test_extensions_move_the_due_date_by_a_time_or_to_a_new_date():
    policy = lateness.parse(POLICY)
    alice = policy.lateness(DUE + datetime.timedelta(days=1), DUE, "alice", "04_overfitting_and_penalties")
    assert alice.late is None and alice.extension == datetime.timedelta(days=2) and "extension" in alice.text()
    bob = policy.lateness(datetime.datetime(2025, 10, 21, 4, 0, tzinfo=datetime.UTC), DUE, "bob",
                          "04_overfitting_and_penalties")
    assert bob.late == datetime.timedelta(minutes=1) and bob.within_grace      # 23:59 EDT is 03:59 UTC
    assert policy.extension("05_early_stopping", "alice", DUE) is None         # per assignment


def test_the_penalty_is_a_share_of_what_was_earned_or_could_be_and_never_more_than_earned():
    earned = lateness.parse(POLICY)
    possible = lateness.parse(POLICY.replace('of = "earned"', 'of = "possible"'))
    two_days = late(earned, days=1, hours=2)
    assert earned.penalty_for(two_days, 20, 24) == 4.0 and possible.penalty_for(two_days, 20, 24) == 4.8
    assert possible.penalty_for(two_days, 1, 24) == 1.0                        # not below zero
    assert earned.penalty_for(late(earned, days=8), 20, 24) == 20              # past zero_after: nothing
    assert earned.penalty_for(late(earned, minutes=5), 20, 24) == 0
    assert LatePolicy().penalty_for(two_days, 20, 24) == 4.0                   # the fraction decides, not the policy
    assert not LatePolicy().applies and LatePolicy().lateness(DUE + datetime.timedelta(days=3), DUE).fraction == 0


@pytest.mark.parametrize("text, message", [
    ("[late]\npenalty = 10\n", "late.penalty = 10 must be a number from 0 to 1"),
    ("[late]\nper = \"week\"\n", "late.per"),
    ("[late]\nof = \"total\"\n", "late.of"),
    ("[late]\ngrace = \"soon\"\n", "late.grace: 'soon' is not a duration"),
    ("[late]\npenalty_per_day = 0.1\n", "unknown key(s) in [late]: penalty_per_day"),
    ("[lateness]\n", "unknown table(s) lateness"),
    ("[extensions]\nhw = { alice = \"forever\" }\n", "extensions.hw.alice"),
    ("[late\n", "not valid TOML"),
])
def test_a_bad_policy_says_which_key_is_wrong(text, message):
    with pytest.raises(PolicyError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        lateness.parse(text, "late_policy.toml")


def test_the_policy_is_the_course_folders_file_or_none(tmp_path):
    assert not lateness.find(folder=tmp_path).applies
    (tmp_path / "late_policy.toml").write_text(POLICY)
    found = lateness.find(folder=tmp_path)
    assert found.applies and "10 % of the points earned per started day" in found.describe()
    assert "15 min of grace" in found.describe() and "no credit after 7 d" in found.describe()
    with pytest.raises(PolicyError, match="cannot be read"):
        lateness.find(tmp_path / "missing.toml")


def test_the_shipped_policy_measures_lateness_and_takes_nothing():
    from conftest import ROOT

    shipped = lateness.find(folder=ROOT)
    assert not shipped.applies and shipped.grace == datetime.timedelta(minutes=15)


@pytest.mark.slow          # importing nbgrader's plugins
def test_nbgraders_plugin_applies_the_same_policy(tmp_path, monkeypatch):
    """Without its gradebook at hand the plugin uses the seconds late nbgrader gives it."""
    from autograder.integrations.nbgrader_late import CourseLatePolicy

    (tmp_path / "late_policy.toml").write_text(POLICY)
    monkeypatch.chdir(tmp_path)
    plugin = CourseLatePolicy()
    assert plugin.late_submission_penalty("carol", 8.0, 26 * 3600) == 1.6     # 2 started days: 20 % of 8
    assert plugin.late_submission_penalty("carol", 8.0, 600) == 0.0           # within the grace period
