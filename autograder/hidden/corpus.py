"""The corpus of realistic wrong implementations and of correct alternatives, gathered from the
per-part modules ``autograder/hidden/<part>_corpus.py`` (one per graded part of the rubric, beside
that part's checks in ``test_<part>.py``).

``tests/test_corpus.py`` grades every entry with the real grader: each ``Mistake`` must lose
points in exactly its own part, on the checks it names, and receive exactly the hint it names;
each ``Alternative`` must keep full marks. ``EXAMPLES`` combines mistakes into the demo's example
submissions (``examples/submissions``); ``mutate`` turns names into a ``build_library`` transform.

The hidden checks never import this module (a check must not know the mistakes it is tested on).
"""

import importlib

from autograder.release import replace_region   # the one place the corpus reaches the release code
from autograder.rubric import load as load_rubric

from .changes import Alternative, Change, Mistake

__all__ = ["Change", "Mistake", "Alternative", "MISTAKES", "ALTERNATIVES", "EXAMPLES", "PARTS",
           "by_name", "mutate"]


def _part_modules():
    return {part.id: importlib.import_module(f"{__package__}.{part.id}_corpus") for part in load_rubric().parts}


PARTS = _part_modules()                      # part id -> its corpus module
MISTAKES = [m for module in PARTS.values() for m in module.MISTAKES]
ALTERNATIVES = [a for module in PARTS.values() for a in module.ALTERNATIVES]

EXAMPLES = {
    "sum_instead_of_mean": ["mse_sum", "mse_grad_no_mean"],
}


def by_name():
    return {m.name: m for m in MISTAKES + ALTERNATIVES}


def mutate(names):
    """A ``build_library`` transform applying the named mistakes or alternatives."""
    chosen = [by_name()[n] for n in names]

    def transform(module, text):
        for m in chosen:
            if m.module == module:
                text = replace_region(text, m.qualname, m.body, f"{module}.py")
        return text

    return transform
