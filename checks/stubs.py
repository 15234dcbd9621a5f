"""The stub that stands for a function students have not written yet, defined once.

``make release`` writes it into the student version in place of each solution region; the
student's ``submit`` and the tests read it back to list what is still unwritten.
"""

import re

STUB = re.compile(r'raise NotImplementedError\("([\w.]+): write it in (course_lib/\w+\.py) \(notebook (\w+)\)"\)')


def stub_lines(qualname, module, notebook, indent=""):
    """The two lines that replace a solution region (a marker comment and the raise)."""
    return [f"{indent}# YOUR CODE HERE",
            f'{indent}raise NotImplementedError("{qualname}: write it in course_lib/{module}.py '
            f'(notebook {notebook})")']


def unwritten(text):
    """[(qualname, file, notebook)] for every stub in the module source ``text``."""
    return STUB.findall(text)
