"""The trusted reference solution, loaded under a name of its own.

``load()`` imports ``solutions/course_lib`` as the package ``_reference_course_lib`` (its modules
import each other relatively), so it can never be confused with a ``course_lib`` on ``sys.path``.
Hidden checks get it as the ``ref`` fixture: ``ref.losses.mse(a, b)``.
"""

import importlib
import importlib.util
import sys

from .. import REFERENCE_LIB

NAME = "_reference_course_lib"
MODULES = ("losses", "penalties", "layers", "training", "metrics", "gradcheck", "datasets")


class Reference:
    """Attribute access to the reference modules: ``ref.losses``, ``ref.layers``, ..."""

    def __init__(self, package):
        self._package = package

    def __getattr__(self, module):
        if module.startswith("_"):
            raise AttributeError(module)
        return importlib.import_module(f"{NAME}.{module}")


def load(root=REFERENCE_LIB):
    if NAME not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            NAME, root / "__init__.py", submodule_search_locations=[str(root)]
        )
        assert spec is not None and spec.loader is not None
        package = importlib.util.module_from_spec(spec)
        sys.modules[NAME] = package
        spec.loader.exec_module(package)
    return Reference(sys.modules[NAME])
