"""pytest plugin for the hidden checks: the ``ref`` fixture (the trusted reference library)."""

import pytest

from autograder.grading import reference


@pytest.fixture(scope="session")
def ref():
    return reference.load()
