"""Solution regions in ``solutions/course_lib``: finding them, replacing them with the stub
(``checks.stubs``, the student version) or with another body (the mistakes corpus).

A region is the lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` inside one function
or method; its ``qualname`` is that function's ("mse", "Dropout.forward").
"""

from __future__ import annotations

import ast
import dataclasses
import textwrap

from checks.stubs import stub_lines

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"


class RegionError(ValueError):
    """A solution region that is malformed (unclosed, nested, outside any function, ...)."""


@dataclasses.dataclass(frozen=True)
class Region:
    begin: int        # 0-based line of the BEGIN marker
    end: int          # 0-based line of the END marker
    indent: str
    qualname: str     # the function or method holding it ("Dropout.forward")


def solution_regions(text: str, filename: str = "<source>") -> list[Region]:
    """Every solution region of the module source ``text``, in order."""
    lines = text.splitlines()
    tree = ast.parse(text, filename)
    functions = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                functions.append((child.lineno - 1, child.end_lineno - 1, prefix + child.name))
                visit(child, prefix + child.name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")

    visit(tree, "")
    regions, begin = [], None
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped == BEGIN:
            if begin is not None:
                raise RegionError(f"{filename}:{i + 1}: {BEGIN} inside another region")
            begin = i
        elif stripped == END:
            if begin is None:
                raise RegionError(f"{filename}:{i + 1}: {END} without {BEGIN}")
            holders = [f for f in functions if f[0] < begin <= f[1]]
            if not holders:
                raise RegionError(f"{filename}:{begin + 1}: a solution region outside any function")
            qualname = max(holders, key=lambda f: f[0])[2]
            indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
            regions.append(Region(begin, i, indent, qualname))
            begin = None
    if begin is not None:
        raise RegionError(f"{filename}:{begin + 1}: {BEGIN} is never closed")
    return regions


def replace_regions(text: str, body_for, filename: str = "<source>") -> str:
    """``text`` with each region replaced by ``body_for(region)`` (a list of lines, indented), or
    kept (markers dropped) when it returns None."""
    lines = text.splitlines()
    out, last = [], 0
    for region in solution_regions(text, filename):
        out += lines[last:region.begin]
        body = body_for(region)
        out += lines[region.begin + 1:region.end] if body is None else body
        last = region.end + 1
    out += lines[last:]
    return "\n".join(out) + "\n"


def student_version(text: str, module: str, notebook_of, filename: str = "<source>") -> str:
    """``text`` with every region replaced by the stub; ``notebook_of(qualname)`` names the
    notebook that teaches it."""
    return replace_regions(text, lambda r: stub_lines(r.qualname, module, notebook_of(r.qualname), r.indent),
                           filename)


def replace_region(text: str, qualname: str, body: str, filename: str = "<source>") -> str:
    """``text`` with the region of ``qualname`` replaced by ``body`` (dedented source, indented
    to the region) and the other regions kept: how the corpus builds wrong implementations."""
    found = [r for r in solution_regions(text, filename) if r.qualname == qualname]
    if len(found) != 1:
        raise RegionError(f"{filename}: {qualname} has {len(found)} solution regions, expected 1")
    lines = text.splitlines()
    region = found[0]
    new = [region.indent + line if line.strip() else ""
           for line in textwrap.dedent(body).strip("\n").splitlines()]
    return "\n".join(lines[:region.begin] + new + lines[region.end + 1:]) + "\n"
