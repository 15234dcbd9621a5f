"""From the engine's verdicts to points, with the rubric."""

from __future__ import annotations

from .results import GRADED, NOT_GRADED, UNUSABLE, CheckResult, EngineReport, PartResult, SubmissionResult
from .rubric import Rubric


def _points(x: float) -> float:
    return round(x, 4)


def score(rubric: Rubric, student: str, name: str, report: EngineReport | None = None,
          problem: str = "", not_graded: bool = False, notes: list[str] | None = None,
          modules: tuple[str, ...] = ()) -> SubmissionResult:
    """The scored result of one submission.

    ``report`` is a worker's answer; without one, ``problem`` says why the submission could not be
    graded (then every check scores 0 with that message), and ``not_graded`` says whether that was
    the grader's failure (retried on the next run) rather than the submission's.
    """
    verdicts = report.verdicts if report is not None else {}
    checks, parts = [], {}
    for part in rubric.parts:
        got = 0.0
        for c in part.checks:
            v = verdicts.get(c.id)
            held_out: dict = {}
            if problem:
                passed, fraction, message, title, internal, detail, seconds = False, 0.0, problem, "", False, "", 0.0
            elif v is None:
                passed, fraction, message, title, internal, detail, seconds = (
                    False, 0.0, "this check did not run", "", True, "", 0.0)
            else:
                passed, fraction, message, title = v.passed, v.fraction, v.message, v.title
                internal, detail, seconds = v.internal, v.detail, v.seconds
                held_out = v.held_out
            points = _points(c.points * (1.0 if passed else float(fraction or 0.0)))
            got += points
            checks.append(CheckResult(id=c.id, part=part.id, title=title, public=c.public, score=points,
                                      max_score=c.points, passed=bool(passed), message=message,
                                      internal=bool(internal), detail=detail, seconds=seconds,
                                      held_out=held_out))
        parts[part.id] = PartResult(score=_points(got), max_score=part.points)
    status = GRADED if not problem else (NOT_GRADED if not_graded else UNUSABLE)
    return SubmissionResult(
        student=student, name=name, status=status,
        score=_points(sum(p.score for p in parts.values())), max_score=rubric.total,
        parts=parts, checks=checks, problem=problem, flags=list(notes or []),
        sandbox=report.sandbox if report is not None else "",
        seconds=report.seconds if report is not None else 0.0,
        calls=report.calls if report is not None else 0,
        cpu_sandbox=report.cpu_sandbox if report is not None else 0.0,
        course_lib_imported=report.course_lib_imported if report is not None else False,
        files=list(modules))
