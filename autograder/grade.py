"""Grading a batch: submissions in, gradebook and reports out.

``grade()`` stages each submission's ``course_lib``, skips those already graded with the same
content by the same grader (the gradebook remembers), hands the rest to ``jobs`` worker processes
(``autograder.engine``) in parallel, and writes each result (gradebook row, results.json,
feedback.html) as soon as it arrives. A worker that dies or stops answering is replaced; the
submission it held is retried once and otherwise reported as not graded.
"""

import dataclasses
import hashlib
import json
import os
import queue
import selectors
import shutil
import subprocess
import sys
import threading
import time

from . import ROOT, outputs, scoring
from .gradebook import Gradebook
from .rubric import load as load_rubric
from .sandbox import Limits, choose_mode, die_with_parent
from .submissions import discover, stage, staging_area, unstage

GRADER_FILES = ["autograder/rubric.toml", "autograder/engine.py", "autograder/scoring.py",
                "autograder/sandbox.py", "autograder/sandbox_child.py"]
GRADER_DIRS = ["checks", "checks/public", "autograder/hidden", "solutions/course_lib"]


class GraderError(RuntimeError):
    """The grader itself cannot run (not a student's fault)."""


@dataclasses.dataclass
class Options:
    jobs: int = 0                       # 0: one per core
    sandbox: str = "auto"               # auto | bwrap | plain
    limits: Limits = dataclasses.field(default_factory=Limits)
    submission_timeout: float = 180.0   # seconds of checks per submission
    assignment: str = None
    force: bool = False                 # regrade even unchanged submissions
    progress: bool = True
    report: bool = True                 # write report.html (needs matplotlib)


def grader_hash(options=None):
    """Changes whenever the checks, the rubric, the reference, the engine or the limits change.

    The limits count because a submission that timed out under a tight limit may pass under a
    looser one: regrading with other limits must not reuse the old grade.
    """
    h = hashlib.sha256()
    if options is not None:
        limits = {"limits": dataclasses.asdict(options.limits),
                  "submission_timeout": options.submission_timeout}
        h.update(json.dumps(limits, sort_keys=True).encode() + b"\0")
    files = [ROOT / f for f in GRADER_FILES]
    for d in GRADER_DIRS:
        files += sorted((ROOT / d).glob("*.py"))
    for path in files:
        h.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


class WorkerFailed(RuntimeError):
    pass


class WorkerProcess:
    """One ``autograder.engine`` process: send a job, read its answer, within a deadline."""

    def __init__(self, mode, limits, log_path):
        self.log = open(log_path, "ab")
        cmd = [sys.executable, "-m", "autograder.engine", "--mode", mode,
               "--limits", json.dumps(dataclasses.asdict(limits))]
        # One BLAS thread: the checks' matrices are small, and idle OpenBLAS threads spin on the
        # core that the sandboxed child needs (measured: 10x slower training checks).
        env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1",
                   OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.log, cwd=str(ROOT), env=env, start_new_session=True,
                                     preexec_fn=die_with_parent)
        self.buffer = b""
        ready = self._read_line(time.monotonic() + 120)
        if not ready.get("ready"):
            raise GraderError(f"a grading worker did not start; see {log_path}")

    def _read_line(self, deadline):
        fd = self.proc.stdout.fileno()
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while b"\n" not in self.buffer:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise WorkerFailed("the worker did not answer in time")
                if not sel.select(remaining):
                    continue
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    raise WorkerFailed(f"the worker exited (status {self.proc.wait()})")
                self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        try:
            return json.loads(line)
        except ValueError:
            raise WorkerFailed("the worker sent something that is not JSON") from None

    def run(self, job, timeout):
        try:
            self.proc.stdin.write((json.dumps(job) + "\n").encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise WorkerFailed("the worker is gone") from None
        answer = self._read_line(time.monotonic() + timeout)
        if answer.get("student") != job["student"]:
            raise WorkerFailed("the worker answered for another submission")
        return answer

    def stop(self, kill=False):
        try:
            if kill:
                raise OSError
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.proc.pid, 9)
            except ProcessLookupError:
                pass
            self.proc.wait()
        self.log.close()


def _cpu_count():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def grade(paths, out_dir, options=None, log=print):
    """Grade the submissions at ``paths`` into ``out_dir``; returns (results, summary dict).

    Raises ``submissions.InputError`` for unusable PATHs and ``GraderError`` when grading cannot
    run at all.
    """
    options = options or Options()
    started = time.monotonic()
    rubric = load_rubric()
    subs = discover(paths, options.assignment)
    os.makedirs(out_dir, exist_ok=True)
    gradebook = Gradebook(os.path.join(out_dir, "gradebook.sqlite"))
    ghash = grader_hash(options)
    summary = {"submissions": len(subs), "graded": 0, "reused": 0, "not_graded": [], "mode": None}

    area = staging_area()
    try:
        todo = []
        for sub in subs:
            stage(sub, area)
            if not options.force and gradebook.current(sub.student, sub.content_hash, ghash):
                summary["reused"] += 1
                unstage(sub)
            elif sub.problem:
                _record(gradebook, out_dir, rubric, sub, ghash,
                        scoring.score(rubric, sub.student, problem=sub.problem))
                summary["graded"] += 1
            else:
                todo.append(sub)

        if todo:
            mode = choose_mode(options.sandbox, warn=log)
            summary["mode"] = mode
            jobs = max(1, min(options.jobs or _cpu_count(), len(todo)))
            _run_pool(todo, jobs, mode, options, out_dir, rubric, gradebook, ghash, summary, log)
    finally:
        shutil.rmtree(area, ignore_errors=True)

    students = [s.student for s in subs]
    results = gradebook.results(students)
    for r in results:
        outputs.write_student(out_dir, r, rubric)
    outputs.atomic_write(os.path.join(out_dir, "grades.csv"), outputs.grades_csv(results, rubric))
    if options.report:
        outputs.atomic_write(os.path.join(out_dir, "report.html"), outputs.class_report(results, rubric))
    gradebook.close()
    summary["seconds"] = round(time.monotonic() - started, 2)
    return results, summary


def _record(gradebook, out_dir, rubric, sub, ghash, result):
    gradebook.record(sub.student, sub.content_hash, ghash, result)
    outputs.write_student(out_dir, result, rubric)


def _run_pool(todo, jobs, mode, options, out_dir, rubric, gradebook, ghash, summary, log):
    pending = queue.Queue()
    for sub in todo:
        pending.put(sub)
    done = queue.Queue()
    logs = os.path.join(out_dir, "logs")
    os.makedirs(logs, exist_ok=True)
    answer_timeout = options.submission_timeout + 60
    startup_errors = []

    def slot_loop(slot):
        log_path = os.path.join(logs, f"worker-{slot}.log")
        try:
            worker = WorkerProcess(mode, options.limits, log_path)
        except (GraderError, WorkerFailed) as exc:
            startup_errors.append(str(exc))
            done.put((None, None, str(exc)))
            return
        try:
            while True:
                try:
                    sub = pending.get_nowait()
                except queue.Empty:
                    return
                job = {"student": sub.student, "dir": sub.staged, "cap": options.submission_timeout}
                raw, error = None, None
                for _ in range(2):  # a worker that dies is replaced, and the job retried once
                    try:
                        if worker is None:
                            worker = WorkerProcess(mode, options.limits, log_path)
                        raw = worker.run(job, answer_timeout)
                        break
                    except (WorkerFailed, GraderError) as exc:
                        error = str(exc)
                        if worker is not None:
                            worker.stop(kill=True)
                        worker = None
                done.put((sub, raw, error))
        finally:
            if worker is not None:
                worker.stop()

    threads = [threading.Thread(target=slot_loop, args=(i,), daemon=True) for i in range(jobs)]
    for t in threads:
        t.start()

    from tqdm import tqdm

    bar = tqdm(total=len(todo), unit="submission", disable=not options.progress, file=sys.stderr,
               dynamic_ncols=True, desc=f"grading ({jobs} jobs, {mode} sandbox)")
    received = 0
    try:
        while received < len(todo):
            sub, raw, error = done.get()
            if sub is None:  # a worker could not start; the others take its share
                if len(startup_errors) == jobs:
                    raise GraderError(startup_errors[0])
                continue
            received += 1
            if raw is not None:
                _record(gradebook, out_dir, rubric, sub, ghash, scoring.score(rubric, sub.student, raw))
                summary["graded"] += 1
            else:
                summary["not_graded"].append((sub.student, error))
                log(f"could not grade {sub.student}: {error}")
            unstage(sub)
            bar.set_postfix_str(sub.student[:20])
            bar.update()
    finally:
        bar.close()
        for t in threads:
            t.join(timeout=5)
