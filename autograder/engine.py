"""A grading worker: one pytest session that grades submission after submission.

The orchestrator (``autograder.grade``) starts one worker per parallel job and feeds it jobs as
JSON lines on stdin; the worker answers each with one JSON line on stdout. The worker collects the
checks (public and hidden) once, then for each job runs every check against a ``RemoteLibrary``
for that submission, so pytest's start-up and collection are paid once per worker, not once per
student. The worker is trusted: it never imports student code.

    python -m autograder.engine --mode bwrap --limits '{"call_timeout": 10}'

Job:    {"student": "alice", "dir": "/tmp/cl-sub-x", "cap": 120}
Answer: {"student": "alice", "checks": {id: {...}}, "mode": "bwrap", "seconds": 1.2, "calls": 310}
"""

import argparse
import json
import os
import sys
import time

import pytest

from autograder import ROOT
from autograder.rubric import load as load_rubric
from autograder.sandbox import Limits, RemoteLibrary
from checks.plugin import LIBRARY

CHECK_PATHS = [ROOT / "checks" / "public", ROOT / "autograder" / "hidden"]
PLUGINS = ["checks.plugin", "autograder.hidden.fixtures"]


def pytest_args(paths=CHECK_PATHS):
    args = [str(p) for p in paths]
    for plugin in PLUGINS:
        args += ["-p", plugin]
    return args + ["-p", "no:cacheprovider", "-p", "no:terminal", "-p", "no:stepwise", "-s",
                   "-p", "no:warnings", "-p", "no:logging", "-p", "no:faulthandler", "-p", "no:doctest",
                   "-p", "no:junitxml", "-p", "no:pastebin", "-p", "no:nose", "-p", "no:legacypath",
                   "--rootdir", str(ROOT), "-c", os.devnull, "-W", "ignore"]


class Worker:
    """pytest plugin that replaces the test loop with the job loop."""

    def __init__(self, jobs, answer, mode, limits, rubric):
        self.jobs, self.answer = jobs, answer
        self.mode, self.limits, self.rubric = mode, limits, rubric
        self.library = None
        self.reports = {}

    @pytest.hookimpl
    def pytest_configure(self, config):
        config.stash[LIBRARY] = lambda: self.library

    @pytest.hookimpl
    def pytest_collection_finish(self, session):
        found = {}
        for item in session.items:
            marker = item.get_closest_marker("check")
            if marker is None:
                raise pytest.UsageError(f"{item.nodeid} has no @check marker")
            found.setdefault(marker.args[0], []).append(item.nodeid)
        expected = set(self.rubric.checks)
        problems = [f"{cid} is implemented {len(ids)} times" for cid, ids in found.items() if len(ids) > 1]
        problems += [f"{cid} is not in the rubric" for cid in set(found) - expected]
        problems += [f"{cid} has no check" for cid in expected - set(found)]
        if problems:
            raise pytest.UsageError("checks and rubric disagree: " + "; ".join(sorted(problems)))

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report):
        if getattr(report, "check_id", None):
            entry = {
                "passed": report.check_passed,
                "fraction": report.check_fraction,
                "message": report.check_message,
                "internal": report.check_internal,
                "seconds": round(report.duration, 4),
                "doc": report.check_doc,
            }
            if report.check_internal:
                entry["detail"] = report.longreprtext[-4000:]
            self.reports[report.check_id] = entry

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session):
        items = session.items
        self.answer({"ready": True, "checks": len(items)})
        for line in self.jobs:
            if not line.strip():
                continue
            job = json.loads(line)
            self.answer(self.grade(job, items))
        return True

    def grade(self, job, items):
        start, cpu = time.monotonic(), time.process_time()
        self.reports = {}
        self.library = RemoteLibrary(job["dir"], self.limits, self.mode,
                                     deadline=start + float(job.get("cap", 300)))
        try:
            for i, item in enumerate(items):
                item.user_properties.clear()
                nextitem = items[i + 1] if i + 1 < len(items) else items[0]  # keep session fixtures
                item.ihook.pytest_runtest_protocol(item=item, nextitem=nextitem)
        finally:
            calls = self.library.calls
            self.library.close()
            sandbox_cpu = self.library.cpu_seconds()
            self.library = None
        return {"student": job["student"], "checks": self.reports, "mode": self.mode,
                "seconds": round(time.monotonic() - start, 3), "calls": calls,
                "cpu": {"grader": round(time.process_time() - cpu, 3), "sandbox": round(sandbox_cpu, 3)},
                # the trust boundary, checked: the grading process never imports student code
                "course_lib_imported": any(m == "course_lib" or m.startswith("course_lib.") for m in sys.modules)}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder.engine")
    parser.add_argument("--mode", choices=["bwrap", "plain"], required=True)
    parser.add_argument("--limits", default="{}", help="JSON object of autograder.sandbox.Limits fields")
    args = parser.parse_args(argv)

    jobs = os.fdopen(os.dup(0), "r")     # private copies: pytest redirects fds 0 and 1
    answers = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)            # pytest and anything else print to stderr, never into the answers
    sys.stdout = sys.stderr

    def answer(result):
        answers.write(json.dumps(result) + "\n")
        answers.flush()

    worker = Worker(jobs, answer, args.mode, Limits(**json.loads(args.limits)), load_rubric())
    code = pytest.main(pytest_args(), plugins=[worker])
    return 0 if code in (0, 1, 5) else 3


if __name__ == "__main__":
    sys.exit(main())
