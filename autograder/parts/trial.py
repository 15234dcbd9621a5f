"""For authors: run a part's generated checks on a library in this process, and print the verdicts.

    python -m autograder.parts.trial DIR [PART ...] [--mistake NAME ...]

``DIR`` holds a ``course_lib/`` (``solutions`` for the reference); ``--mistake`` builds a library
with corpus entries applied instead. Student code runs in this process: use it only on code you
trust (the corpus, the reference). The grader runs the same checks in its sandbox.
"""

import argparse
import pathlib
import sys
import tempfile

from autograder.grading import reference
from checks.framework import LocalLibrary

from . import load, run
from .spec import Sequences, Values


def verdicts(root, part_ids=None, public=True):
    """{check id: (fraction, message)} for the generated checks of ``part_ids`` (all by default)."""
    lib, ref = LocalLibrary(str(root)), reference.load()
    out = {}
    for part in load().values():
        if part_ids and part.id not in part_ids:
            continue
        for c in part.checks:
            if isinstance(c, Values) and (public or not c.public):
                out[f"{part.id}.{c.id}"] = run.values(lib, ref, part, c)
            elif isinstance(c, Sequences) and (public or not c.public):
                out[f"{part.id}.{c.id}"] = run.sequences(lib, ref, part, c)
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder.parts.trial")
    parser.add_argument("dir", help="a folder holding course_lib/ (e.g. solutions)")
    parser.add_argument("parts", nargs="*")
    parser.add_argument("--mistake", action="append", default=[], help="corpus entries to apply")
    args = parser.parse_args(argv)
    root = pathlib.Path(args.dir)
    if args.mistake:
        from autograder.authoring.release import build_library
        from autograder.parts.corpus import mutate

        root = pathlib.Path(tempfile.mkdtemp(prefix="trial-"))
        build_library(root / "course_lib", None, mutate(args.mistake))
    for cid, (fraction, message) in verdicts(root, args.parts).items():
        print(f"{'PASS' if not message else 'FAIL'} {cid} {fraction:.3f}")
        for line in message.splitlines():
            print(f"     {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
