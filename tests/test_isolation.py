"""Each check calls only the functions of its own part: a mistake in one function can cost points
in its own part only, whatever the other functions do (which is also what lets the corpus test
pack one entry per part into each submission). Shown by running every check, public and hidden,
on the reference in this process, through a library that records what each check calls."""

import pytest
from conftest import examples_dir

from autograder.grading.engine import pytest_args
from checks import wire
from checks.framework import LocalLibrary
from checks.plugin import LIBRARY

REFERENCE = examples_dir() / "submissions" / "reference"


class Recording(LocalLibrary):
    """A LocalLibrary that notes, per check, the student functions and classes it reaches."""

    def __init__(self, root):
        super().__init__(root)
        self.current, self.calls, self.types = None, {}, {}

    def request(self, message, timeout=None):
        if message.get("op") == "call":
            target = message["target"]
            name = f"{target.type_name}.{message.get('method')}" if isinstance(target, wire.Handle) else target
            self.calls.setdefault(self.current, set()).add(name)
        return super().request(message, timeout)


class Recorder:
    def __init__(self, library):
        self.library, self.outcomes = library, {}

    @pytest.hookimpl
    def pytest_configure(self, config):
        config.stash[LIBRARY] = lambda: self.library

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        marker = item.get_closest_marker("check")
        self.library.current = marker.args[0] if marker else None

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report):
        if getattr(report, "check_id", None):
            self.outcomes[report.check_id] = report.check_passed


@pytest.mark.slow
def test_each_check_calls_only_its_own_part(rubric):
    library = Recording(REFERENCE)
    recorder = Recorder(library)
    assert pytest.main(pytest_args(), plugins=[recorder]) in (0, 1)
    assert set(recorder.outcomes) == set(rubric.checks) and all(recorder.outcomes.values()), \
        [c for c, ok in recorder.outcomes.items() if not ok]
    strays = []
    for check_id, called in library.calls.items():
        targets = rubric.part(check_id.split(".")[0]).targets
        for name in called:
            # "losses.mse", "layers.Dropout" (a constructor) or "Dropout.forward" (a method)
            if not any(name == t or name.startswith(t + ".") or t.endswith("." + name.split(".")[0])
                       for t in targets):
                strays.append((check_id, name))
    assert not strays, strays
    assert set(library.calls) == set(rubric.checks)     # every check called the library at least once
