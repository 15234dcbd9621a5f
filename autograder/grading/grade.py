"""Grading a batch: submissions in, gradebook and reports out.

``grade()`` finds the submissions and gives each a safe id, stages each one's ``course_lib``,
skips those already graded with the same content by the same grader (the gradebook remembers),
hands the rest to a pool of workers (``pool``), and writes each result (gradebook row,
results.json, feedback.html) as soon as it arrives. Whatever goes wrong with one submission is
that submission's alone: it is graded 0 with the reason (``UNUSABLE``) or, when the grader
failed on it, retried once alone with twice the time and otherwise reported ``NOT_GRADED``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import sys
import time

from .. import ROOT
from . import outputs, report, scoring
from .gradebook import Gradebook
from .limits import Limits
from .pool import GraderError, Pool
from .results import SubmissionResult
from .roster import Roster
from .rubric import Rubric
from .rubric import load as load_rubric
from .sandbox import choose_mode
from .submissions import Submission, discover, provided_modules, stage, staging_area, unstage

# Everything whose change can change a grade: the checks, the rubric, the reference, the student
# version that completes partial uploads, and the grading core itself.
GRADER_TREES = ["autograder/grading", "autograder/parts", "checks", "solutions/course_lib", "course_lib"]
GRADER_FILES = ["autograder/rubric.toml"]
# The corpus of mistakes tests the checks (and names hints, never scores), and the authors' tools never run
# while grading: editing them regrades nothing.
CORPUS_FILES = {"corpus.py", "changes.py", "trial.py", "recatch.py", "heldout.py"}

__all__ = ["grade", "Options", "GraderError", "grader_hash"]


@dataclasses.dataclass
class Options:
    jobs: int = 0                       # 0: one per core
    sandbox: str = "auto"               # auto | bwrap | plain
    limits: Limits = dataclasses.field(default_factory=Limits)
    assignment: str | None = None
    force: bool = False                 # regrade even unchanged submissions
    progress: bool = True
    report: bool = True                 # write report.html (needs matplotlib)
    single: bool = False                # each PATH is one submission, whatever it holds (Gradescope)
    class_outputs: bool = True          # write grades.csv at the end (the command line writes its own)
    roster: Roster | None = None        # the identity map: uploads resolved through it (``roster``)


@dataclasses.dataclass
class Summary:
    submissions: int = 0
    graded: int = 0
    reused: int = 0
    unusable: list[tuple[str, str]] = dataclasses.field(default_factory=list)     # (student, why)
    not_graded: list[tuple[str, str]] = dataclasses.field(default_factory=list)   # (student, why)
    retried: int = 0
    sandbox: str = ""                   # the layers in force, in words
    missing_layers: list[str] = dataclasses.field(default_factory=list)
    seconds: float = 0.0


def grader_hash(options: Options | None = None) -> str:
    """Changes whenever anything that can change a grade changes, the limits included (a
    submission that timed out under a tight limit may pass under a looser one)."""
    h = hashlib.sha256()
    if options is not None:
        h.update(options.limits.to_json().encode() + b"\0")
    files = [ROOT / f for f in GRADER_FILES]
    for tree in GRADER_TREES:
        files += sorted(p for p in (ROOT / tree).rglob("*.py")
                        if "__pycache__" not in p.parts and p.name not in CORPUS_FILES
                        and not p.name.endswith("_corpus.py"))
    for path in files:
        h.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _outputs_exist(out_dir: str, student: str) -> bool:
    folder = outputs.student_dir(out_dir, student)
    return all(os.path.isfile(os.path.join(folder, name)) for name in ("results.json", "feedback.html"))


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class Run:
    """One grading run: where results go, and how each one is recorded."""

    def __init__(self, out_dir: str, rubric: Rubric, ghash: str, summary: Summary, log):
        self.out_dir, self.rubric, self.ghash, self.summary, self.log = out_dir, rubric, ghash, summary, log
        self.gradebook = Gradebook(os.path.join(out_dir, "gradebook.sqlite"))
        self.written: set[str] = set()      # students whose outputs this run wrote

    def record(self, sub: Submission, result: SubmissionResult) -> None:
        self.gradebook.record(sub.content_hash, self.ghash, result)
        outputs.write_student(self.out_dir, result, self.rubric)
        self.written.add(result.student)

    def unusable(self, sub: Submission) -> None:
        self.record(sub, scoring.score(self.rubric, sub.student, sub.name, problem=sub.problem, notes=sub.notes))
        self.summary.unusable.append((sub.student, sub.problem))
        self.summary.graded += 1

    def not_graded(self, sub: Submission, why: str) -> None:
        problem = f"the grader could not grade this submission ({why}); it will be graded on the next run"
        self.record(sub, scoring.score(self.rubric, sub.student, sub.name, problem=problem, not_graded=True,
                                       notes=sub.notes))
        self.summary.not_graded.append((sub.student, why))
        self.log(f"NOT GRADED {sub.student}: {why}")


def grade(paths: list[str], out_dir: str, options: Options | None = None, log=print):
    """Grade the submissions at ``paths`` into ``out_dir``; returns (results, Summary).

    Raises ``submissions.InputError`` for unusable PATHs and ``GraderError`` when grading cannot
    run at all.
    """
    options = options or Options()
    started = time.monotonic()
    rubric = load_rubric()
    subs = discover(paths, options.assignment, single=options.single, roster=options.roster)
    os.makedirs(out_dir, exist_ok=True)
    summary = Summary(submissions=len(subs))
    run = Run(out_dir, rubric, grader_hash(options), summary, log)
    area = staging_area()
    provided = provided_modules()
    try:
        todo = []
        for sub in subs:
            try:
                stage(sub, area, provided)
            except Exception as exc:  # anything a submission can make staging raise is its own problem
                sub.problem = f"the submission cannot be graded: {type(exc).__name__}: {exc}"
                sub.content_hash = f"error-{time.time()}"
            if not options.force and run.gradebook.current(sub.student, sub.content_hash, run.ghash):
                summary.reused += 1
                unstage(sub)
            elif sub.problem:
                run.unusable(sub)
            else:
                todo.append(sub)
        if todo:
            jobs = max(1, min(options.jobs or _cpu_count(), len(todo)))
            found = choose_mode(options.sandbox, warn=log, out_dir=out_dir)
            summary.sandbox, summary.missing_layers = found.layers, found.missing
            _grade_all(run, todo, jobs, found.mode, options)
    finally:
        shutil.rmtree(area, ignore_errors=True)

    results = run.gradebook.results([s.student for s in subs])
    for r in results:        # each output is written once: as its result arrives, or (kept) if lost
        if r.student not in run.written and not _outputs_exist(out_dir, r.student):
            outputs.write_student(out_dir, r, rubric)
    if options.class_outputs:
        outputs.write_class(out_dir, results, rubric)
    if options.report:
        outputs.atomic_write(os.path.join(out_dir, "report.html"), report.class_report(results, rubric, summary))
    run.gradebook.close()
    summary.seconds = round(time.monotonic() - started, 2)
    return results, summary


def _grade_all(run: Run, todo: list[Submission], jobs: int, mode: str, options: Options) -> None:
    """Grade ``todo`` on ``jobs`` workers; then retry, one at a time and with twice the time,
    whatever the grader failed on (a busy machine slows grading, it must not drop a student)."""
    logs = os.path.join(run.out_dir, "logs")
    os.makedirs(logs, exist_ok=True)
    by_student = {s.student: s for s in todo}
    from tqdm import tqdm

    bar = tqdm(total=len(todo), unit="submission", disable=not options.progress, file=sys.stderr,
               dynamic_ncols=True, desc=f"grading ({jobs} jobs, {mode} sandbox)")
    failed: list[tuple[Submission, str]] = []
    limits = options.limits
    try:
        for attempt in range(2):
            batch = [s for s, _ in failed] if attempt else todo
            if not batch:
                break
            if attempt:
                limits = dataclasses.replace(limits, call_timeout=2 * limits.call_timeout,
                                             submission_timeout=2 * limits.submission_timeout)
                run.summary.retried += len(batch)
                run.log(f"retrying {len(batch)} submission(s) alone, with twice the time")
            failed = []
            pool = Pool(1 if attempt else jobs, mode, limits, logs)
            try:
                jobs_json = [{"student": s.student, "dir": s.staged} for s in batch]
                for job, report_, why in pool.grade(jobs_json, timeout=limits.job_timeout):
                    sub = by_student[job["student"]]
                    if report_ is None:
                        failed.append((sub, why))
                        continue
                    try:
                        run.record(sub, scoring.score(run.rubric, sub.student, sub.name, report_,
                                                      notes=sub.notes, modules=sub.modules))
                        run.summary.graded += 1
                    except Exception as exc:  # a result the outputs cannot write: this student's alone
                        run.not_graded(sub, f"{type(exc).__name__}: {exc}")
                    unstage(sub)
                    bar.set_postfix_str(outputs.terminal_text(sub.student[:20]))
                    bar.update()
            finally:
                pool.close()
        for sub, why in failed:
            run.not_graded(sub, why)
            unstage(sub)
            bar.update()
    finally:
        bar.close()

