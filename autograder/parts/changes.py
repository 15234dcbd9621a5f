"""What a corpus entry is: a body that replaces the solution region of one function of the
reference (source text, as a student would write it there).

A ``Mistake`` is a wrong body; it names the checks that must catch it (all of them in its own
part) and the hint it must receive (a hint id of its part, or of the generic scale models, or None
for no hint). A labelled mistake is also a *model* of its hint: the grader names that hint when the
student's results are this mistake's on every case of a check (``autograder.parts.models``);
``model=False`` keeps one out (a mistake that is only slow, say). An ``Alternative`` is a correct
body written differently, which must keep full marks. ``tags`` name the classes of ``TAGS`` an
entry stands for (``tests/test_corpus.py`` requires a mistake and an alternative of each class in
each part where it applies).

Each part's ``corpus.py`` (``autograder/parts/<part>/corpus.py``) holds only these.
"""

import dataclasses


@dataclasses.dataclass(frozen=True)
class Change:
    """A body that replaces the solution region of ``target``."""

    name: str
    target: str          # "losses.mse" or "layers.Dropout.forward"
    body: str            # source text, as a student would write it in the region

    @property
    def module(self):
        return self.target.split(".", 1)[0]

    @property
    def qualname(self):
        return self.target.split(".", 1)[1]


TAGS = {
    "boundary": "an input exactly on a kink or a switch, or a tie",
    "extreme": "extreme values, compared by value",
    "arguments": "a non-default argument, or a level where two readings of one differ",
    "state": "a sequence of calls on a stateful object",
    "cascade": "a mistake that must cost points where it lives only",
    "randomness": "where random numbers come from",
    "domain": "an input the contract promises that ordinary tests skip: 0-d, 3-D, a container, a zero",
    "conditioning": "an ill-conditioned input: a large offset with a small spread, tiny or huge values",
    "repeated": "one object used again: backward twice, several steps, forward/backward/forward",
    "second_output": "an option that shows only through a second output (a flag, an attribute)",
    "environment": "code that needs something the grader does not have (a package, a file)",
}


@dataclasses.dataclass(frozen=True)
class Mistake(Change):
    catches: tuple       # check ids that must fail
    why: str = ""
    hint: str = dataclasses.field(kw_only=True)          # the id of the one hint it must get, or None
    tags: tuple = dataclasses.field(default=(), kw_only=True)   # classes of TAGS it belongs to
    model: bool = dataclasses.field(default=True, kw_only=True)  # a model of its hint (see above)


@dataclasses.dataclass(frozen=True)
class Alternative(Change):
    why: str = ""
    tags: tuple = dataclasses.field(default=(), kw_only=True)
