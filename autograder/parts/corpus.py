"""The corpus of realistic wrong implementations and of correct alternatives, gathered from the
parts' folders (``autograder/parts/<part>/corpus.py``).

``tests/test_corpus.py`` grades every entry with the real grader: each ``Mistake`` must lose
points in exactly its own part, on the checks it names, and receive exactly the hint it names;
each ``Alternative`` must keep full marks. ``EXAMPLES`` combines mistakes into the demo's example
submissions (``python -m autograder examples DIR``); ``mutate`` turns names into a ``build_library`` transform.

The checks do not import this module: the grader reaches a part's labelled mistakes (as models of
their hints) through ``autograder.parts.models``.
"""

from autograder.authoring.regions import replace_region  # the one place the corpus reaches the release code
from autograder.grading.rubric import load as load_rubric

from .changes import Alternative, Change, Mistake

__all__ = ["Change", "Mistake", "Alternative", "MISTAKES", "ALTERNATIVES", "EXAMPLES", "PARTS",
           "by_name", "mutate"]


def _part_modules():
    from . import corpus_of, load

    return {pid: corpus_of(pid) for pid in load()}


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


def _calls(change, other):
    """True when ``change``'s body calls the function that ``other`` replaces."""
    name = other.qualname.rsplit(".", 1)[-1]
    return other.module == change.module and "." not in other.qualname and f"{name}(" in change.body


def batches(changes=None):
    """The corpus packed into few submissions: each holds at most one entry per part, and never two
    entries of which one calls the function the other replaces (a cce body that calls
    ``log_softmax`` never meets a mistake in ``log_softmax``). A check only calls the functions of
    its own part (``tests/test_isolation.py``), so each part of a packed submission is graded on
    its own entry alone, and one grading run covers the corpus in far fewer submissions.
    Returns a list of lists of entries."""
    rubric = load_rubric()
    changes = list(MISTAKES + ALTERNATIVES) if changes is None else list(changes)
    out = []
    for change in changes:
        part = rubric.part_of_target(change.target).id
        for batch in out:
            if part not in {rubric.part_of_target(c.target).id for c in batch} and \
                    not any(_calls(change, c) or _calls(c, change) for c in batch):
                batch.append(change)
                break
        else:
            out.append([change])
    return out
