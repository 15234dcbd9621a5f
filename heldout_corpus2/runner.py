"""The harness's child process: import one built ``course_lib`` and observe one part.

    python heldout_corpus2/runner.py LIB_PARENT PART OUT_PICKLE [--unguarded]

``LIB_PARENT`` holds the ``course_lib`` package to test. Before importing it, the child installs an
import guard that lets through only the standard library and NumPy (what the grader allows student
code; ``--unguarded`` drops it, to see what an "environment" mistake would do where scipy exists).
The observations (``cases.observe``) are pickled to ``OUT_PICKLE``: this is the harness's own data
between its own processes, never a grading path.
"""

import importlib
import importlib.abc
import pathlib
import pickle
import sys

ALLOWED_TOP = set(sys.stdlib_module_names) | {"numpy", "course_lib", "heldout_corpus2"}


class OnlyNumpyAndStdlib(importlib.abc.MetaPathFinder):
    """Refuse every top-level package other than the standard library and NumPy."""

    def find_spec(self, fullname, path=None, target=None):
        top = fullname.partition(".")[0]
        if top in ALLOWED_TOP:
            return None
        raise ModuleNotFoundError(
            f"No module named {fullname!r} (the grader allows only NumPy and the standard library)",
            name=fullname)


def main(argv):
    lib_parent, part, out = argv[:3]
    guarded = "--unguarded" not in argv
    here = pathlib.Path(__file__).resolve().parent
    # The built library first; then the folder holding heldout_corpus2 (the worktree, whose own
    # course_lib/ holds the student stubs and must not be found first).
    lib_root = str(pathlib.Path(lib_parent).resolve())
    rest = [p for p in sys.path[1:] if p not in ("", str(here), str(here.parent))]
    sys.path[:] = [lib_root, str(here.parent), *rest]

    import numpy  # noqa: F401  (before the guard: NumPy's own optional imports stay NumPy's business)

    from heldout_corpus2 import cases

    if guarded:
        sys.meta_path.insert(0, OnlyNumpyAndStdlib())

    class Lib:
        pass

    lib = Lib()
    for name in ("losses", "penalties", "layers", "training"):
        module = importlib.import_module(f"course_lib.{name}")
        if not pathlib.Path(module.__file__).resolve().is_relative_to(pathlib.Path(lib_parent).resolve()):
            raise SystemExit(f"runner: imported {module.__file__}, not the library under test")
        setattr(lib, name, module)
    obs, messages, tol = cases.observe(part, lib)
    with open(out, "wb") as fh:
        pickle.dump({"obs": obs, "warnings": messages, "tol": tol}, fh)


if __name__ == "__main__":
    main(sys.argv[1:])
