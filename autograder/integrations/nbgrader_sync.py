"""Writing the grader's scores into nbgrader's own gradebook.

The library work is recorded as one nbgrader assignment (``course_lib`` by default) holding one
notebook of the same name with one grade cell per rubric part, its maximum the part's points.
Each graded student gets a submission whose grades are the part scores (as automatic scores), so
``nbgrader export`` lists every student with the autograder's score and maximum beside the
notebooks' own assignments, and formgrader's student pages show them.
"""

import datetime
import os
import sys
import warnings

ASSIGNMENT = "course_lib"


def _alembic_on_path():
    """nbgrader runs ``alembic`` by name when it opens a gradebook."""
    bindir = os.path.dirname(sys.executable)
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")


def export_to_nbgrader(results, rubric, db_url, assignment=ASSIGNMENT):
    """Record ``results`` (scored results of ``autograder.scoring``) in the gradebook at
    ``db_url`` (an SQLAlchemy URL such as ``sqlite:///gradebook.db``)."""
    _alembic_on_path()
    from nbgrader.api import Gradebook, MissingEntry

    now = datetime.datetime.now(datetime.UTC)
    with Gradebook(db_url) as gb:
        gb.update_or_create_assignment(assignment)
        gb.update_or_create_notebook(assignment, assignment)
        for part in rubric.parts:
            gb.update_or_create_grade_cell(part.id, assignment, assignment, max_score=part.points,
                                           cell_type="code")
        for result in results:
            student = result.student
            gb.update_or_create_student(student)
            try:
                gb.find_submission(assignment, student)
                grades = [gb.find_grade(p.id, assignment, assignment, student) for p in rubric.parts]
            except MissingEntry:  # new student, or the rubric gained a part: a fresh submission
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # SQLAlchemy notes on nbgrader's own removal
                    try:
                        gb.remove_submission(assignment, student)
                    except MissingEntry:
                        pass
                    gb.add_submission(assignment, student, timestamp=now)
                grades = [gb.find_grade(p.id, assignment, assignment, student) for p in rubric.parts]
            for part, grade in zip(rubric.parts, grades):
                grade.auto_score = result.parts[part.id].score
                grade.needs_manual_grade = False
            gb.db.commit()
