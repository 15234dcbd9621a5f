"""``python -m checks [PART ...] [--lib DIR]``: run public checks and print PASS/FAIL per check.

Exit status: 0 when every selected check passed, 1 when some failed, 2 on a usage error.
"""

import argparse
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))


class Summary:
    """Collects each check's verdict (see ``checks.plugin.verdict``)."""

    def __init__(self):
        self.rows = []

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report):
        if hasattr(report, "check_passed"):
            self.rows.append(report)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m checks", description=__doc__.split("\n")[0])
    parser.add_argument("parts", nargs="*", help="parts to check, such as mse or dropout (default: all)")
    parser.add_argument("--lib", default=".", help="folder holding your course_lib/ (default: here)")
    args = parser.parse_args(argv)
    if not os.path.isdir(os.path.join(args.lib, "course_lib")):
        parser.error(f"no course_lib/ folder in {os.path.abspath(args.lib)}")

    summary = Summary()
    pytest_args = [os.path.join(HERE, "public"), "-p", "checks.plugin", "--lib", args.lib,
                   "-p", "no:cacheprovider", "-p", "no:terminal",
                   "--rootdir", HERE, "-c", os.devnull]
    for part in args.parts:
        pytest_args += ["--part", part]
    code = pytest.main(pytest_args, plugins=[summary])
    if code not in (0, 1, 5):
        print(f"The checks could not run (pytest exit code {code}).")
        return 2
    if not summary.rows:
        public = os.path.join(HERE, "public")
        known = sorted({f[5:-3] for f in os.listdir(public) if f.startswith("test_") and f != "test_public.py"}
                       | {f[:-5] for f in os.listdir(os.path.join(public, "cases")) if f.endswith(".json")})
        print(f"No public checks for {' '.join(args.parts) or 'anything'}. Parts with checks: {', '.join(known)}")
        return 2
    passed = 0
    for r in summary.rows:
        mark = "PASS" if r.check_passed else "FAIL"
        passed += r.check_passed
        print(f"{mark}  {r.check_id:<28} {r.check_title}")
        if not r.check_passed:
            for line in r.check_message.splitlines():
                print(f"        {line}")
    print(f"{passed} of {len(summary.rows)} public checks passed.")
    return 0 if passed == len(summary.rows) else 1


if __name__ == "__main__":
    sys.exit(main())
