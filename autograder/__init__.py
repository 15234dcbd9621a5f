"""The course's grader and the instructor's tools. Run ``python -m autograder --help``.

Never shipped to students. Four rooms, imports pointing one way:

* ``grading/``: the core (submissions → sandbox and engine → results → scores → outputs);
* ``parts/``: one folder per graded part (its contract, ``part.py``; its corpus of mistakes,
  ``corpus.py``; its custom checks), and the framework that runs the contracts;
* ``authoring/``: generating the student version, the example and hostile submissions, benchmarks;
* ``integrations/``: Gradescope, nbgrader, LMS downloads.
"""

import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]   # the course folder
SOLUTIONS = ROOT / "solutions"
REFERENCE_LIB = SOLUTIONS / "course_lib"
STUDENT_LIB = ROOT / "course_lib"                     # the student version (stubs)
RUBRIC = ROOT / "autograder" / "rubric.toml"
