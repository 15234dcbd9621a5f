"""Public checks: the self-checks students run, also part of the grade."""
