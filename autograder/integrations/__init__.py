"""The grader's neighbours: Gradescope (the autograder zip and what it runs), nbgrader (its
gradebook) and LMS downloads (``collect``)."""
