"""The rubric and the checks agree: each check implemented once, where its visibility says."""

import ast
import importlib

from conftest import ROOT


def implemented_checks():
    found = {}
    for folder in (ROOT / "checks" / "public", ROOT / "autograder" / "hidden"):
        for path in folder.glob("test_*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.FunctionDef):
                    for dec in node.decorator_list:
                        if isinstance(dec, ast.Call) and getattr(dec.func, "id", "") == "check":
                            found.setdefault(dec.args[0].value, []).append(folder.name)
    return found


def test_each_check_is_implemented_once_where_its_visibility_says(rubric):
    found = implemented_checks()
    assert set(found) == set(rubric.checks), set(found) ^ set(rubric.checks)
    for cid, check in rubric.checks.items():
        assert found[cid] == ["public" if check.public else "hidden"], cid


def test_every_target_exists_in_the_reference(rubric):
    from autograder.grading import reference

    ref = reference.load()
    for part in rubric.all_parts:
        for target in part.targets:
            module, name = target.split(".", 1)
            assert hasattr(getattr(ref, module), name), target
        assert (ROOT / "solutions" / "notebooks" / part.notebook).is_dir() or not part.checks, part.id


def test_public_checks_never_import_the_grader():
    for path in (ROOT / "checks").rglob("*.py"):
        text = path.read_text()
        assert "autograder" not in text.replace("python -m autograder", ""), path
    importlib.import_module("checks.framework")
