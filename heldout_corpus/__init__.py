"""A held-out corpus of realistic student mistakes and correct alternatives, written blind to the
grader's hidden checks and hints, for measuring them (see README.md and harness.py)."""
