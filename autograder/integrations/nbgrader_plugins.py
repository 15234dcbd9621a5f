"""Plugins that the course's ``nbgrader_config.py`` gives nbgrader (they run inside nbgrader).

``RoundedCsvExport``: ``nbgrader export`` with points as people write them. nbgrader's own CSV
exporter prints the floats its database sums (``137.66660000000002``) and does not quote fields;
this one writes the same columns with at most two decimals (``137.67``, as grades.csv and the
reports do), through Python's csv module, cells that could start a spreadsheet formula
neutralized, and one more column, ``seconds_late`` (what nbgrader's lateness is computed from).
"""

from __future__ import annotations

import csv

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins.export import CsvExportPlugin

from ..grading.outputs import csv_cell, pts

COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
           "raw_score", "late_submission_penalty", "score", "max_score", "seconds_late"]


def _points(x) -> str:
    return pts(float(x or 0.0))


class RoundedCsvExport(CsvExportPlugin):
    """nbgrader's CSV export, with two-decimal points and a ``seconds_late`` column."""

    def export(self, gradebook: Gradebook) -> None:
        dest = self.to or "grades.csv"
        students = {str(s) for s in self.student}
        assignments = {str(a) for a in self.assignment}
        self.log.info("Exporting grades to %s (points with at most two decimals)", dest)
        with open(dest, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(COLUMNS)
            for assignment in gradebook.assignments:
                if assignments and assignment.name not in assignments:
                    continue
                for student in gradebook.students:
                    if students and student.id not in students:
                        continue
                    try:
                        sub = gradebook.find_submission(assignment.name, student.id)
                    except MissingEntry:
                        timestamp, raw, penalty, score, late = "", 0.0, 0.0, 0.0, ""
                    else:
                        timestamp, raw, penalty = sub.timestamp or "", sub.score, sub.late_submission_penalty
                        score = max(0.0, (raw or 0.0) - (penalty or 0.0))
                        late = f"{sub.total_seconds_late:.0f}" if sub.timestamp else ""
                    w.writerow([csv_cell(assignment.name), assignment.duedate or "", timestamp, csv_cell(student.id),
                                csv_cell(student.last_name or ""), csv_cell(student.first_name or ""),
                                csv_cell(student.email or ""), _points(raw), _points(penalty), _points(score),
                                _points(assignment.max_score), late])
