"""What a corpus entry is: a body that replaces the solution region of one function of the
reference (source text, as a student would write it there).

A ``Mistake`` is a wrong body; it names the checks that must catch it (all of them in its own
part) and the hint it must receive (the id of a ``checks.framework.Hint``, or None for no hint).
An ``Alternative`` is a correct body written differently, which must keep full marks.

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


@dataclasses.dataclass(frozen=True)
class Mistake(Change):
    catches: tuple       # check ids that must fail
    why: str = ""


@dataclasses.dataclass(frozen=True)
class Alternative(Change):
    why: str = ""
