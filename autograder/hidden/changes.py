"""What a corpus entry is: a body that replaces the solution region of one function of the
reference (source text, as a student would write it there).

A ``Mistake`` is a wrong body; it names the checks that must catch it (all of them in its own
part) and the hint it must receive (the id of a ``checks.framework.Hint``, or None for no hint).
An ``Alternative`` is a correct body written differently, which must keep full marks. ``tags``
name the classes of ``TAGS`` an entry stands for (``tests/test_corpus.py`` requires a mistake and
an alternative of each class in each part where it applies).

The per-part corpus modules (``<part>_corpus.py``, beside ``test_<part>.py``) hold only these;
``autograder.hidden.corpus`` gathers them.
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
}


@dataclasses.dataclass(frozen=True)
class Mistake(Change):
    catches: tuple       # check ids that must fail
    why: str = ""
    hint: str = dataclasses.field(kw_only=True)          # the id of the one hint it must get, or None
    tags: tuple = dataclasses.field(default=(), kw_only=True)   # classes of TAGS it belongs to


@dataclasses.dataclass(frozen=True)
class Alternative(Change):
    why: str = ""
    tags: tuple = dataclasses.field(default=(), kw_only=True)
