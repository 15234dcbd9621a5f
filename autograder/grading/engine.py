"""A grading worker: one pytest session that grades submission after submission.

The pool (``autograder.grading.pool``) starts one worker per parallel job and feeds it jobs as
JSON lines on stdin; the worker answers each with one JSON line on stdout (an
``EngineReport``). The worker collects the checks (public and hidden) once, then for each job
runs every check against a ``RemoteLibrary`` for that submission, so pytest's start-up and
collection are paid once per worker, not once per student. The worker is trusted: it never
imports student code.

    python -m autograder.grading.engine --mode bwrap --limits '{"call_timeout": 10}' --jobs 2

First line:  {"ready": true, "checks": 95}   or   {"error": "why the worker cannot grade"}
Job:         {"student": "alice", "dir": "/tmp/cl-sub-x"}
Answer:      EngineReport.to_json()
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import pytest

from autograder import ROOT
from autograder.grading.limits import Limits
from autograder.grading.results import EngineReport, Verdict
from autograder.grading.rubric import load as load_rubric
from autograder.grading.sandbox import RemoteLibrary
from checks.framework import SHOW_STUDENT_TEXT
from checks.plugin import LIBRARY

CHECK_PATHS = [ROOT / "checks" / "public", ROOT / "autograder" / "parts"]
PLUGINS = ["checks.plugin", "autograder.parts.fixtures"]


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

    def __init__(self, jobs, answer, mode, limits, rubric, parallel):
        self.jobs, self.answer = jobs, answer
        self.mode, self.limits, self.rubric, self.parallel = mode, limits, rubric, parallel
        self.library: RemoteLibrary | None = None
        self.verdicts: dict[str, Verdict] = {}
        self.failure = ""

    @pytest.hookimpl
    def pytest_configure(self, config):
        config.stash[LIBRARY] = lambda: self.library
        # Python's own tracebacks for failed checks: pytest's default style parses the source of
        # every frame (about 25 ms a failed check, most of the cost of grading unfinished work).
        config.option.tbstyle = "native"

    @pytest.hookimpl
    def pytest_collection_finish(self, session):
        found: dict[str, list[str]] = {}
        problems = []
        for item in session.items:
            marker = item.get_closest_marker("check")
            if marker is None:
                problems.append(f"{item.nodeid} has no @check marker")
                continue
            found.setdefault(marker.args[0], []).append(item.nodeid)
        expected = set(self.rubric.checks)
        problems += [f"{cid} is implemented {len(ids)} times" for cid, ids in found.items() if len(ids) > 1]
        problems += [f"{cid} is not in the rubric" for cid in set(found) - expected]
        problems += [f"{cid} has no check" for cid in expected - set(found)]
        if problems:
            self.failure = "the checks and the rubric disagree: " + "; ".join(sorted(problems))
            raise pytest.UsageError(self.failure)
        # Public checks first: a public check may quote the student's own messages, which is only
        # safe while the student's process has not yet been sent any hidden input.
        session.items.sort(key=lambda item: not self._public(item))

    def _public(self, item) -> bool:
        return self.rubric.checks[item.get_closest_marker("check").args[0]].public

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report):
        if getattr(report, "check_id", None):
            self.verdicts[report.check_id] = Verdict(
                check=report.check_id, passed=report.check_passed, fraction=report.check_fraction,
                message=report.check_message, title=report.check_title, internal=report.check_internal,
                detail=report.longreprtext[-4000:] if report.check_internal else "",
                seconds=round(report.duration, 4), held_out=getattr(report, "check_held_out", {}))

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session):
        items = session.items
        self.answer({"ready": True, "checks": len(items)})
        for line in self.jobs:
            if line.strip():
                self.answer(self.grade(json.loads(line), items).to_json())
        return True

    def grade(self, job: dict, items: list) -> EngineReport:
        start, cpu = time.monotonic(), time.process_time()
        self.verdicts = {}
        end = start + self.limits.submission_timeout
        self.library = RemoteLibrary(job["dir"], self.limits, self.mode, deadline=end, jobs=self.parallel)
        try:
            for i, item in enumerate(items):
                # Each check ends in time for those after it: a hang costs its own check only.
                self.library.begin_check(self.limits.check_end(time.monotonic(), end, len(items) - 1 - i,
                                                               len(items)))
                item.user_properties.clear()
                nextitem = items[i + 1] if i + 1 < len(items) else items[0]  # keep session fixtures
                token = SHOW_STUDENT_TEXT.set(self._public(item))
                try:
                    item.ihook.pytest_runtest_protocol(item=item, nextitem=nextitem)
                finally:
                    SHOW_STUDENT_TEXT.reset(token)
        finally:
            calls = self.library.calls
            layers = self.library.sandbox.layers()
            self.library.close()
            sandbox_cpu = self.library.cpu_seconds()
            self.library = None
        return EngineReport(
            student=job["student"], verdicts=self.verdicts, sandbox=layers,
            seconds=round(time.monotonic() - start, 3), calls=calls,
            cpu_grader=round(time.process_time() - cpu, 3), cpu_sandbox=round(sandbox_cpu, 3),
            # the trust boundary, checked: the grading process never imports student code
            course_lib_imported=any(m == "course_lib" or m.startswith("course_lib.") for m in sys.modules))


def lower_own_oom_score() -> None:
    """Under memory pressure the kernel should kill a sandbox, never a grader (root only)."""
    try:
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write("-500")
    except OSError:
        pass


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder.grading.engine")
    parser.add_argument("--mode", choices=["bwrap", "plain"], required=True)
    parser.add_argument("--limits", default="{}", help="Limits as JSON (Limits.to_json)")
    parser.add_argument("--jobs", type=int, default=1, help="how many workers run at once")
    args = parser.parse_args(argv)

    jobs = os.fdopen(os.dup(0), "r")     # private copies: pytest redirects fds 0 and 1
    answers = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)            # pytest and anything else print to stderr, never into the answers
    sys.stdout = sys.stderr
    lower_own_oom_score()

    def answer(result):
        answers.write(json.dumps(result) + "\n")
        answers.flush()

    try:
        worker = Worker(jobs, answer, args.mode, Limits.from_json(args.limits), load_rubric(), args.jobs)
    except Exception as exc:  # a broken rubric, say
        answer({"error": f"{type(exc).__name__}: {exc}"})
        return 3
    code = pytest.main(pytest_args(), plugins=[worker])
    if code not in (0, 1, 5):
        answer({"error": worker.failure or f"pytest could not collect the checks (exit code {code}); "
                                           "the worker's log has the details"})
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
