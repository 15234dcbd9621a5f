"""The course's late policy inside ``nbgrader autograde`` (``nbgrader_config.py`` names it as
``AssignLatePenalties.plugin_class``), so that nbgrader's own late penalty is the course's.

nbgrader asks for a penalty for each notebook of a late submission, given the notebook's score at
autograding time (its automatic points: written answers are graded later) and the seconds late
it measured. The policy is ``late_policy.toml`` in the course folder (``lateness``); the penalty
is the one the gradesheet computes for that notebook (``LatePolicy.penalty_for``). Once written
answers are graded, ``python -m autograder gradesheet --gradebook URL`` computes the penalties
again on the final scores and writes them into the gradebook.
"""

from __future__ import annotations

import datetime

from nbgrader.plugins.latesubmission import LateSubmissionPlugin

from ..grading import lateness


class CourseLatePolicy(LateSubmissionPlugin):
    """nbgrader's late-penalty plugin, applying ``late_policy.toml``."""

    def late_submission_penalty(self, student_id: str, score: float, total_seconds_late: float) -> float | None:
        policy = lateness.find()
        parent = self.parent
        assignment = getattr(parent, "assignment_id", None)
        max_score, due, recorded = float(score or 0.0), None, 0.0
        try:
            gb = parent.gradebook
            submission = gb.find_submission(assignment, student_id)
            notebook = gb.find_submission_notebook(parent.notebook_id, assignment, student_id)
            max_score = float(notebook.max_score or 0.0)
            if submission.assignment.duedate is not None:
                due = submission.assignment.duedate.replace(tzinfo=datetime.UTC)
            if submission.extension is not None:
                recorded = submission.extension.total_seconds()
        except Exception as exc:  # nbgrader's internals: fall back on what it passed
            self.log.warning("late policy: could not read the gradebook (%s); using nbgrader's lateness", exc)
        # nbgrader measures from the due date plus any extension in its gradebook; the policy
        # measures from the due date plus its own extensions (late_policy.toml).
        due = due or datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
        handed_in = due + datetime.timedelta(seconds=float(total_seconds_late) + recorded)
        late = policy.lateness(handed_in, due, student_id, assignment)
        penalty = policy.penalty_for(late, float(score or 0.0), max_score)
        self.log.info("late policy (%s): %s: penalty %s", policy.describe(), late.text() or "on time", penalty)
        return penalty
