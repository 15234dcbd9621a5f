"""The rubric and the checks agree: each check implemented once, where its visibility says."""

import ast
import importlib

from conftest import ROOT


def implemented_checks():
    """{check id: where it is implemented, once per implementation}: "public" (checks/public/, by
    hand or from a part's case file) or "hidden" (a part's folder, or generated
    from a part's contract)."""
    from autograder.parts import load
    from autograder.parts.spec import Custom

    found = {}
    places = [(ROOT / "checks" / "public", "public")]
    places += [(folder, "hidden") for folder in (ROOT / "autograder" / "parts").iterdir() if folder.is_dir()]
    for folder, where in places:
        for path in folder.glob("test_*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.FunctionDef):
                    for dec in node.decorator_list:
                        if isinstance(dec, ast.Call) and getattr(dec.func, "id", "") == "check" and \
                                isinstance(dec.args[0], ast.Constant):
                            found.setdefault(dec.args[0].value, []).append(where)
    for part in load().values():
        for c in part.checks:
            if not isinstance(c, Custom):
                found.setdefault(f"{part.id}.{c.id}", []).append("public" if c.public else "hidden")
    return found


def test_each_check_is_implemented_once_where_its_visibility_says(rubric):
    found = implemented_checks()
    unwritten = sorted(set(rubric.checks) - set(found))
    assert not unwritten, (f"the rubric lists {unwritten} but no test is marked with them: write "
                           "@check(\"PART.NAME\") tests in checks/public/test_PART.py (public = true) or "
                           "autograder/parts/PART/ (see docs/adding-a-part.md)")
    unlisted = sorted(set(found) - set(rubric.checks))
    assert not unlisted, (f"{unlisted} are implemented but not in autograder/rubric.toml: run `make release` (it "
                          "writes the rubric from autograder/parts/*/part.py), or declare a @check test's id as a "
                          "Custom check in its part.py")
    for cid, check in rubric.checks.items():
        where = "checks/public/" if check.public else "autograder/parts/"
        assert found[cid] == ["public" if check.public else "hidden"], f"{cid} belongs in {where} (once)"


def test_every_part_has_public_and_hidden_checks(rubric):
    for part in rubric.parts:
        kinds = {c.public for c in part.checks}
        assert kinds == {True, False}, (f"part {part.id} needs both public checks (students run them: "
                                        f"public = True in its part.py) and hidden ones")


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


def test_each_part_folder_agrees_with_the_rubric(rubric):
    """A part's folder is the source of its rubric entry: title, notebook, targets, PyTorch
    operation, and each check's points and visibility."""
    from autograder.parts import load

    for part in load().values():
        assert part.id in [p.id for p in rubric.all_parts], \
            f"part {part.id} is not in autograder/rubric.toml: run `make release` (it writes the rubric from the parts)"
        entry = rubric.part(part.id)
        assert (entry.title, entry.notebook, entry.targets, entry.pytorch) == \
            (part.title, part.notebook, part.targets, part.pytorch), part.id
        assert [(c.id, c.points, c.public) for c in entry.checks] == \
            [(f"{part.id}.{c.id}", float(c.points), c.public) for c in part.checks], part.id
