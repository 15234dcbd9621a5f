"""pytest plugin shared by the self-check and the grader: the ``check`` marker and the fixtures.

``lib`` is the ``course_lib`` under test (see ``checks.framework``). Whoever runs the checks puts a
factory for it in ``config.stash[LIBRARY]``: the self-check (``--lib DIR``) a ``LocalLibrary``, the
grader a sandboxed remote library.
"""

from collections.abc import Callable

import pytest

from .framework import Cases, Fail, Library, LocalLibrary, StudentError

LIBRARY: pytest.StashKey[Callable[[], Library]] = pytest.StashKey()
PARTS: pytest.StashKey[set[str]] = pytest.StashKey()


def pytest_addoption(parser):
    group = parser.getgroup("course checks")
    group.addoption("--lib", default=None, help="folder holding the course_lib/ to check, in this process")
    group.addoption("--part", action="append", default=[], help="only the checks of this part (repeatable)")


def pytest_configure(config):
    config.addinivalue_line("markers", "check(id): the rubric check this test implements")
    root = config.getoption("--lib")
    if root:
        library = LocalLibrary(root)
        config.stash[LIBRARY] = lambda: library
    config.stash[PARTS] = set(config.getoption("--part") or [])


def check_id(item):
    marker = item.get_closest_marker("check")
    return marker.args[0] if marker and marker.args else None


def pytest_collection_modifyitems(config, items):
    parts = config.stash.get(PARTS, set())
    if not parts:
        return
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        cid = check_id(item)
        (keep if cid and cid.split(".", 1)[0] in parts else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture
def lib(request):
    factory = request.config.stash.get(LIBRARY, None)
    if factory is None:
        pytest.fail("no course_lib to check: run with --lib DIR, or through the grader")
    return factory()


@pytest.fixture
def cases(request):
    return Cases(request.node)


def title(item):
    """A check's title: its marker's ``title``, else the first paragraph of its docstring, on one line."""
    marker = item.get_closest_marker("check")
    if marker is not None and marker.kwargs.get("title"):
        return marker.kwargs["title"]
    doc = (getattr(item, "function", None).__doc__ or "") if hasattr(item, "function") else ""
    return " ".join(doc.strip().split("\n\n")[0].split())


def verdict(excinfo, item):
    """(passed, fraction, message, internal) for one check run, in the student's terms.

    ``internal`` is True when the check itself broke (an exception that is neither a ``Fail``
    nor the student's error): the student is told so, and the details are for the instructor.
    """
    fraction = dict(item.user_properties).get("fraction")
    if excinfo is None:
        return True, 1.0, "", False
    exc = excinfo.value
    if isinstance(exc, Fail):
        return False, fraction or 0.0, str(exc), False
    if isinstance(exc, StudentError):
        return False, fraction or 0.0, exc.student_message(), False
    return False, 0.0, "this check could not finish because of an error in the check itself; " \
                       "your instructor has the details", True


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" or (report.when == "setup" and report.failed):
        passed, fraction, message, internal = verdict(call.excinfo, item)
        report.check_id = check_id(item)
        report.check_passed = passed
        report.check_fraction = fraction
        report.check_message = message
        report.check_internal = internal
        report.check_title = title(item)
        report.check_held_out = dict(item.user_properties).get("held_out", {})
