"""nbgrader's configuration for this course (run nbgrader from this folder).

The instructor's notebooks live in solutions/notebooks/<assignment>/ and the student versions are
generated into notebooks/<assignment>/ (``make release``). Grades go to gradebook.db here.
"""

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
