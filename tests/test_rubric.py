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
    unwritten = sorted(set(rubric.checks) - set(found))
    assert not unwritten, (f"the rubric lists {unwritten} but no test is marked with them: write "
                           "@check(\"PART.NAME\") tests in checks/public/test_PART.py (public = true) or "
                           "autograder/hidden/test_PART.py (see docs/adding-a-part.md)")
    unlisted = sorted(set(found) - set(rubric.checks))
    assert not unlisted, f"{unlisted} are marked @check but not in autograder/rubric.toml: list them with their points"
    for cid, check in rubric.checks.items():
        where = "checks/public/" if check.public else "autograder/hidden/"
        assert found[cid] == ["public" if check.public else "hidden"], f"{cid} belongs in {where} (once)"


def test_every_part_has_public_and_hidden_checks(rubric):
    for part in rubric.parts:
        kinds = {c.public for c in part.checks}
        assert kinds == {True, False}, (f"part {part.id} needs both public checks (students run them: "
                                        f"checks/public/test_{part.id}.py) and hidden ones (autograder/hidden/)")


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


def test_every_target_is_taught_in_the_notebook_its_stub_names(rubric):
    """The student version's stub sends students to the part's notebook: it must talk about it."""
    import json

    for part in rubric.parts:
        path = ROOT / "solutions" / "notebooks" / part.notebook / f"{part.notebook}.ipynb"
        text = "\n".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"])
        for target in part.targets:
            name = target.split(".", 1)[1]
            assert name in text, (f"{target} is graded in part {part.id}, whose notebook {part.notebook} never "
                                  f"mentions {name}: teach it there (or change the part's notebook)")
