"""Moved to ``autograder/parts/changes.py``; kept while the hand-written parts' corpora import it."""

from autograder.parts.changes import TAGS, Alternative, Change, Mistake  # noqa: F401
