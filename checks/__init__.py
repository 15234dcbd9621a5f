"""Self-checks for course_lib: run the public checks of one part of the course.

From a notebook::

    from checks import check
    check("mse")          # the public checks of mse and mse_grad
    check()               # every public check

From a terminal (at the course root): ``python -m checks mse``.

The checks run in a separate Python process, so they always see your latest saved code and an
endless loop cannot freeze your notebook. Passing them is a good sign, not a guarantee: the grader
runs more checks than these.
"""

import os
import subprocess
import sys

__all__ = ["check", "CheckResult"]


class CheckResult:
    """What ``check`` returns: true when every selected check passed.

    It shows nothing when a notebook cell ends with ``check(...)`` (the verdicts are already
    printed above it); ``bool(result)`` or ``result.passed`` gives the verdict, and ``print``
    shows ``True`` or ``False``.
    """

    __slots__ = ("passed",)

    def __init__(self, passed):
        self.passed = bool(passed)

    def __bool__(self):
        return self.passed

    def __eq__(self, other):
        return self.passed == (other.passed if isinstance(other, CheckResult) else other)

    def __hash__(self):
        return hash(self.passed)

    def __repr__(self):
        return repr(self.passed)

    def _ipython_display_(self):
        """Jupyter echoes a cell's last value; the printed verdicts already say it all."""


def _course_lib_root():
    """The folder holding the course_lib this notebook imported (else the current folder's)."""
    module = sys.modules.get("course_lib")
    path = getattr(module, "__file__", None) if module is not None else None
    if path:
        return os.path.dirname(os.path.dirname(os.path.abspath(path)))
    here = os.path.abspath(os.getcwd())
    while True:
        if os.path.isdir(os.path.join(here, "course_lib")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            raise FileNotFoundError("no course_lib/ folder here or above; pass lib=<folder>")
        here = parent


def check(*parts, lib=None, timeout=300):
    """Run the public checks of ``parts`` (all of them if none) and print PASS or FAIL for each.

    Args:
        parts: names such as ``"mse"``, ``"huber"``, ``"dropout"``.
        lib: the folder that holds your ``course_lib/`` (found automatically in notebooks).
        timeout: seconds before the whole run is stopped.

    Returns:
        a ``CheckResult``, true when every selected check passed (it does not echo a stray
        ``True`` at the end of a notebook cell; use ``bool(...)`` for a plain bool).
    """
    root = lib or _course_lib_root()
    checks_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    cmd = [sys.executable, "-m", "checks", *parts, "--lib", root]
    env = dict(os.environ, PYTHONPATH=checks_root + os.pathsep + os.environ.get("PYTHONPATH", ""))
    try:
        done = subprocess.run(cmd, cwd=checks_root, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        print(f"The checks did not finish within {timeout} s: is there an endless loop?")
        return CheckResult(False)
    print(done.stdout, end="")
    if done.returncode not in (0, 1):
        print(done.stderr[-3000:], end="")
    return CheckResult(done.returncode == 0)
