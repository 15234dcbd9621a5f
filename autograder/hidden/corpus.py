"""The corpus of realistic mistakes and correct alternatives, as one list (see ``autograder.mistakes``)."""

from autograder.mistakes import ALTERNATIVES, EXAMPLES, MISTAKES, Alternative, Change, Mistake, mutate

__all__ = ["ALTERNATIVES", "EXAMPLES", "MISTAKES", "Alternative", "Change", "Mistake", "mutate"]
