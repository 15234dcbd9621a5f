"""One set of student commands everywhere: the README's student section, the notebooks (sources and
generated copies), docs/students.md and the students' Makefile tell students the same commands, and
none of the older forms (`python -m checks ...`, `python -m autograder submit`, `from autograder.submit`)."""

import json
import re

import pytest
from conftest import ROOT

OLD_FORMS = [r"python3?\s+-m\s+checks\b(?!\.)", r"python3?\s+-m\s+autograder\s+submit\b",
             r"(?<![.\w])autograder\s+submit\b", r"from\s+autograder\.submit\b"]
MAKE_COMMANDS = [r"make lab", r"make check", r"make check PART=(<[^>]+>|\S+)", r"make submit NAME=(<[^>]+>|\S+)"]
NOTEBOOK_SUBMIT = re.compile(r'from checks\.submit import submit; submit\("[^"]+"\)')


def readme_student_section():
    text = (ROOT / "README.md").read_text()
    start = text.index("## For students")
    end = text.find("\n## ", start + 1)
    return text[start:end if end > 0 else None]


def notebook_markdown(folder):
    for path in sorted((ROOT / folder).glob("*/*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        yield path.relative_to(ROOT), "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def makefile_comments():
    lines = (ROOT / "docs" / "Makefile.students").read_text().splitlines()
    return "\n".join(line for line in lines if line.lstrip().startswith("#"))


def sources():
    yield "README.md (For students)", readme_student_section()
    yield "docs/students.md", (ROOT / "docs" / "students.md").read_text()
    yield "docs/Makefile.students (comments)", makefile_comments()
    for folder in ("solutions/notebooks", "notebooks"):
        yield from ((str(name), text) for name, text in notebook_markdown(folder))


def commands(text):
    """Inline code spans and the lines of fenced code blocks: what a student would type."""
    found = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", text, re.S):
        found += [line.strip() for line in block.splitlines() if line.strip()]
    text = re.sub(r"```[a-z]*\n.*?```", "", text, flags=re.S)
    found += [span.strip() for span in re.findall(r"`([^`\n]+)`", text)]
    return found


def problems_in(name, text):
    problems = [f"{name}: old form {m.group(0)!r}" for pattern in OLD_FORMS
                for m in re.finditer(pattern, text)]
    for command in commands(text):
        if command.startswith("make ") and not any(re.fullmatch(p, command) for p in MAKE_COMMANDS):
            problems.append(f"{name}: {command!r} is not one of the course's make commands")
        if "submit(" in command and not NOTEBOOK_SUBMIT.fullmatch(command):
            problems.append(f"{name}: {command!r} is not the notebook form of submit")
    return problems


@pytest.mark.parametrize("name,text", list(sources()), ids=lambda v: v if isinstance(v, str) and len(v) < 80 else "")
def test_only_the_current_commands(name, text):
    assert not problems_in(name, text)


def test_the_main_places_name_both_commands():
    texts = dict(sources())
    for name in ("README.md (For students)", "docs/students.md", "solutions/notebooks/00_welcome/00_welcome.ipynb"):
        text = texts[name]
        assert "make check PART=" in text and "make submit NAME=" in text, name
        assert NOTEBOOK_SUBMIT.search(text), name
    comments = texts["docs/Makefile.students (comments)"]
    assert re.search(r"^## check: .*PART=", comments, re.M) and re.search(r"^## submit: .*NAME=", comments, re.M)


def test_the_scan_catches_the_old_forms():
    assert problems_in("x", "From a terminal, `python -m checks mse` does the same.")
    assert problems_in("x", "Submit with `python -m autograder submit` from the course folder")
    assert problems_in("x", "run `from autograder.submit import submit; submit(\"me\")` in a cell")
    assert problems_in("x", "```bash\nmake submit\n```")
    assert problems_in("x", "run `make check-all`")
    assert not problems_in("x", "`make check PART=mse`, `make submit NAME=<your id>`, `make lab`")
