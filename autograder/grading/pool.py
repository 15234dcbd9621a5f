"""Running grading workers in parallel: a small worker class and an executor around it.

``WorkerProcess`` is one ``autograder.grading.engine`` process, spoken to in JSON lines.
``Pool.grade(jobs)`` runs jobs on ``size`` workers (one per thread of a ``ThreadPoolExecutor``)
and yields each job with its answer or the reason it failed. A worker that dies or stops
answering is replaced; its job fails, and the caller decides whether to try it again
(``grade`` retries failures once, alone, with more time).
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import selectors
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

from .. import ROOT
from .limits import Limits
from .results import EngineReport
from .sandbox import ALLOCATOR_ENV, die_with_parent


class GraderError(RuntimeError):
    """The grader itself cannot run (not a student's fault)."""


class WorkerFailed(RuntimeError):
    """A worker died, stopped answering or answered nonsense while grading one job."""


class WorkerProcess:
    """One engine process: send a job, read its answer, within a deadline."""

    START_TIMEOUT = 120.0

    def __init__(self, mode: str, limits: Limits, jobs: int, log_path: str):
        self.log_path = log_path
        self.log = open(log_path, "ab")
        cmd = [sys.executable, "-m", "autograder.grading.engine", "--mode", mode,
               "--limits", limits.to_json(), "--jobs", str(jobs)]
        # One BLAS thread: the checks' matrices are small, and idle OpenBLAS threads spin on the
        # core that the sandboxed child needs (measured: 10x slower training checks).
        # The sandboxes' allocator settings too: the speed checks compare the reference's CPU time
        # here with the student's there.
        env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1",
                   OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", **ALLOCATOR_ENV)
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.log, cwd=str(ROOT), env=env, start_new_session=True,
                                     preexec_fn=die_with_parent)
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.stdin, self.stdout = self.proc.stdin, self.proc.stdout
        self.buffer = b""
        try:
            ready = self._read_line(time.monotonic() + self.START_TIMEOUT)
        except WorkerFailed as exc:
            self.stop(kill=True)
            raise GraderError(f"a grading worker did not start ({exc}); see {log_path}") from None
        if not ready.get("ready"):
            self.stop(kill=True)
            raise GraderError(f"a grading worker cannot grade: {ready.get('error', ready)}")

    def _read_line(self, deadline: float) -> dict:
        fd = self.stdout.fileno()
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
                    raise WorkerFailed(f"the worker exited (status {self.proc.wait()}); see {self.log_path}")
                self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        try:
            answer = json.loads(line)
        except ValueError:
            raise WorkerFailed("the worker sent something that is not JSON") from None
        if not isinstance(answer, dict):
            raise WorkerFailed("the worker sent something that is not an answer")
        return answer

    def run(self, job: dict, timeout: float) -> EngineReport:
        try:
            self.stdin.write((json.dumps(job) + "\n").encode())
            self.stdin.flush()
        except (BrokenPipeError, OSError):
            raise WorkerFailed("the worker is gone") from None
        answer = self._read_line(time.monotonic() + timeout)
        if answer.get("student") != job["student"]:
            raise WorkerFailed(f"the worker answered for another submission: {str(answer.get('error', ''))[:200]}")
        try:
            return EngineReport.from_json(answer)
        except (ValueError, KeyError, TypeError) as exc:
            raise WorkerFailed(f"the worker's answer is malformed ({exc})") from None

    def stop(self, kill: bool = False) -> None:
        try:
            if kill:
                raise OSError
            self.stdin.close()
            self.proc.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.proc.pid, 9)
            except ProcessLookupError:
                pass
            self.proc.wait()
        self.log.close()


class Pool:
    """``size`` workers grading jobs in parallel, each worker in a thread of its own."""

    def __init__(self, size: int, mode: str, limits: Limits, log_dir: str):
        self.size, self.mode, self.limits, self.log_dir = size, mode, limits, log_dir
        self._local = threading.local()
        self._workers: list[WorkerProcess] = []
        self._lock = threading.Lock()
        self._slots = iter(range(1 << 30))

    def _worker(self) -> WorkerProcess:
        worker = getattr(self._local, "worker", None)
        if worker is None or worker.proc.poll() is not None:
            with self._lock:
                slot = next(self._slots)
            worker = WorkerProcess(self.mode, self.limits, self.size,
                                   os.path.join(self.log_dir, f"worker-{slot}.log"))
            with self._lock:
                self._workers.append(worker)
            self._local.worker = worker
        return worker

    def _run(self, job: dict, timeout: float) -> EngineReport:
        worker = self._worker()
        try:
            return worker.run(job, timeout)
        except WorkerFailed:
            worker.stop(kill=True)
            self._local.worker = None
            raise

    def grade(self, jobs: list[dict], timeout: float) -> Iterator[tuple[dict, EngineReport | None, str]]:
        """Yield (job, report, "") as jobs finish, or (job, None, why) for a job a worker failed
        on. Raises ``GraderError`` when no worker can start at all."""
        startup_errors = []
        with concurrent.futures.ThreadPoolExecutor(self.size) as executor:
            futures = {executor.submit(self._run, job, timeout): job for job in jobs}
            try:
                for future in concurrent.futures.as_completed(futures):
                    job = futures[future]
                    try:
                        yield job, future.result(), ""
                    except WorkerFailed as exc:
                        yield job, None, str(exc)
                    except GraderError as exc:
                        startup_errors.append(str(exc))
                        if len(startup_errors) == len(jobs):
                            raise GraderError(startup_errors[0]) from None
                        yield job, None, str(exc)
            finally:
                for f in futures:
                    f.cancel()

    def close(self) -> None:
        for worker in self._workers:
            if worker.proc.poll() is None:
                worker.stop()
            elif not worker.log.closed:
                worker.log.close()
