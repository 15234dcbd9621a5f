"""The course's grader: hidden checks, a sandbox for student code, and the reports it writes.

Run ``python -m autograder --help``. Never shipped to students (see ``docs/instructors.md``).
"""

import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]   # the course folder
SOLUTIONS = ROOT / "solutions"
REFERENCE_LIB = SOLUTIONS / "course_lib"
