"""Course authoring: generating the student version from ``solutions/`` (``release``), the
student repository, the hostile submissions used to test the grader, and the benchmarks.
Nothing in ``autograder.grading`` imports this package."""
