"""The grading core, one direction of data: ``submissions`` (find and stage) → ``pool`` and
``engine`` (run the checks against a ``sandbox``) → ``results`` (typed verdicts) → ``scoring`` →
``gradebook`` and ``outputs``/``report``. Nothing here imports ``autograder.authoring`` or
``autograder.integrations``."""
