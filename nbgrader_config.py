"""nbgrader's configuration for this course (run nbgrader from this folder).

The instructor's notebooks live in solutions/notebooks/<assignment>/ and the student versions are
generated into notebooks/<assignment>/ (``make release``). Grades go to gradebook.db here.
"""

import os
import sys

# The course's own nbgrader plugins (autograder/integrations/nbgrader_plugins.py) import from here.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "losses-and-regularization"
c.CourseDirectory.source_directory = "solutions/notebooks"
c.CourseDirectory.release_directory = "notebooks"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
c.CourseDirectory.db_url = "sqlite:///gradebook.db"

# Student notebooks carry no outputs, and their solution cells say what to do.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
c.ClearOutput.enabled = True

# How long one cell may run in `nbgrader autograde` (nbgrader's default, 30 s, is too short). The
# slowest cell of the course is 08_capstone's model comparison: 42 s measured running every
# solution notebook with the machine's load average at 8 on 2 cores, 51 s seen in a trial under
# load. 300 s leaves a margin of six over the worst seen; a student's endless loop costs at most
# that per cell.
c.ExecutePreprocessor.timeout = 300

# `nbgrader export`: points with at most two decimals (as grades.csv and the reports write them),
# proper CSV quoting, and a seconds_late column.
c.ExportApp.plugin_class = "autograder.integrations.nbgrader_plugins.RoundedCsvExport"

# `nbgrader autograde`'s late penalty is the course's late policy (late_policy.toml; with no such file,
# no penalty). `python -m autograder gradesheet --gradebook ...` writes the final penalties once the
# written answers are graded.
c.AssignLatePenalties.plugin_class = "autograder.integrations.nbgrader_late.CourseLatePolicy"
