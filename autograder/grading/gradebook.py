"""The grader's own gradebook: one SQLite row per student, written one transaction per submission.

It is what makes grading resumable: a student whose submission (by content hash) and grader (by
the hash of the checks, rubric, reference and limits) are unchanged is not graded again, and
killing the grader loses at most the submissions that were being graded at that moment. A
submission the grader failed on (``NOT_GRADED``) is recorded, so that outputs list it, but never
counts as current: the next run grades it again.
"""

from __future__ import annotations

import json
import sqlite3
import time

from .results import NOT_GRADED, SubmissionResult

SCHEMA = """
CREATE TABLE IF NOT EXISTS grades (
    student      TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    grader_hash  TEXT NOT NULL,
    score        REAL NOT NULL,
    max_score    REAL NOT NULL,
    result       TEXT NOT NULL,     -- JSON: SubmissionResult.to_json()
    graded_at    REAL NOT NULL
)
"""


def _parse(text: str) -> SubmissionResult | None:
    try:
        return SubmissionResult.from_json(json.loads(text))
    except (ValueError, KeyError, TypeError):
        return None   # written by an older grader: graded again


class Gradebook:
    def __init__(self, path: str):
        self.path = str(path)
        self.conn = sqlite3.connect(self.path, timeout=60)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        with self.conn:
            self.conn.execute(SCHEMA)

    def current(self, student: str, content_hash: str, grader_hash: str) -> SubmissionResult | None:
        """The stored result if it was graded from the same content by the same grader, else None."""
        row = self.conn.execute(
            "SELECT result FROM grades WHERE student=? AND content_hash=? AND grader_hash=?",
            (student, content_hash, grader_hash),
        ).fetchone()
        result = _parse(row[0]) if row else None
        return result if result is not None and result.status != NOT_GRADED else None

    def record(self, content_hash: str, grader_hash: str, result: SubmissionResult) -> None:
        with self.conn:  # one transaction
            self.conn.execute(
                "INSERT OR REPLACE INTO grades VALUES (?, ?, ?, ?, ?, ?, ?)",
                (result.student, content_hash, grader_hash, result.score, result.max_score,
                 json.dumps(result.to_json(), sort_keys=True), time.time()),
            )

    def results(self, students: list[str] | None = None) -> list[SubmissionResult]:
        rows = self.conn.execute("SELECT student, result FROM grades ORDER BY student").fetchall()
        wanted = set(students) if students is not None else None
        parsed = [_parse(r) for s, r in rows if wanted is None or s in wanted]
        return [r for r in parsed if r is not None]

    def close(self) -> None:
        self.conn.close()
