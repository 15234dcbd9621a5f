"""The grader's own gradebook: one SQLite row per student, written one transaction per submission.

It is what makes grading resumable: a student whose submission (by content hash) and grader (by
the hash of the checks, rubric and reference) are unchanged is not graded again, and killing the
grader loses at most the submissions that were being graded at that moment.
"""

import json
import sqlite3
import time

SCHEMA = """
CREATE TABLE IF NOT EXISTS grades (
    student      TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    grader_hash  TEXT NOT NULL,
    score        REAL NOT NULL,
    max_score    REAL NOT NULL,
    result       TEXT NOT NULL,     -- JSON: the scored result (see autograder.scoring)
    graded_at    REAL NOT NULL
)
"""


class Gradebook:
    def __init__(self, path):
        self.path = str(path)
        self.conn = sqlite3.connect(self.path, timeout=60)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        with self.conn:
            self.conn.execute(SCHEMA)

    def current(self, student, content_hash, grader_hash):
        """The stored result if it was graded from the same content by the same grader, else None."""
        row = self.conn.execute(
            "SELECT result FROM grades WHERE student=? AND content_hash=? AND grader_hash=?",
            (student, content_hash, grader_hash),
        ).fetchone()
        return json.loads(row[0]) if row else None

    def record(self, student, content_hash, grader_hash, result):
        with self.conn:  # one transaction
            self.conn.execute(
                "INSERT OR REPLACE INTO grades VALUES (?, ?, ?, ?, ?, ?, ?)",
                (student, content_hash, grader_hash, result["score"], result["max_score"],
                 json.dumps(result, sort_keys=True), time.time()),
            )

    def results(self, students=None):
        rows = self.conn.execute("SELECT student, result FROM grades ORDER BY student").fetchall()
        wanted = set(students) if students is not None else None
        return [json.loads(r) for s, r in rows if wanted is None or s in wanted]

    def close(self):
        self.conn.close()
