"""The guide's cost table is the output of `python -m autograder costs`, which runs the term's
steps; these tests run none of them (minutes): they check that the table is what the stored
figures give, and that the class the script makes is the one it describes."""

import datetime
import json
import os
import zipfile

from conftest import ROOT

from autograder.authoring import costs, docs


def test_the_guides_table_is_the_one_the_measured_figures_give():
    figures = json.loads(costs.FIGURES.read_text())
    blocks = {m.group("name"): m.group("body") for m in docs.BLOCK.finditer(costs.GUIDE.read_text())}
    assert blocks["cost-table"] == costs.table(figures) + "\n", \
        "the cost table was edited by hand: run python -m autograder costs --write"
    steps = {row["command"] for row in figures["steps"]}
    assert {"make demo", "nbgrader export --to grades.csv", "nbgrader generate_feedback $A"} <= steps
    assert figures["students"] >= 30 and all(row["seconds"] > 0 for row in figures["steps"])


def test_release_leaves_the_measured_table_alone():
    text = costs.GUIDE.read_text()
    assert docs.render(text, docs.blocks()) == text
    assert "cost-table" in docs.MEASURED


def test_durations_read_as_people_write_them():
    assert [costs.duration(s) for s in (0.42, 9.94, 27.4, 60, 126.4, 3600)] == \
        ["0.4 s", "9.9 s", "27 s", "1 min", "2 min 6 s", "60 min"]


def test_a_row_says_the_time_per_student():
    figures = {"when": "2026-01-01", "students": 45, "cores": 2, "load": [1.0, 3.5], "fresh_venv": False,
               "steps": [{"step": "feedback", "command": "nbgrader generate_feedback A", "students": 45,
                          "seconds": 65.0, "cpu": 40.2, "note": "", "per_student": True},
                         {"step": "clone", "command": "git clone ...", "students": None, "seconds": 0.7, "cpu": 0.3,
                          "note": "x"}]}
    text = costs.table(figures)
    assert "| feedback | `nbgrader generate_feedback A` | 45 | 1 min 5 s | 1.4 s | 40 s |" in text
    assert "| clone | `git clone ...` (x) |  | 0.7 s |  | 0.3 s |" in text and "load average 1 to 3.5" in text


def test_the_class_is_the_mix_the_table_describes(tmp_path):
    zips, roster = costs.make_class(ROOT, tmp_path, 24)
    names = sorted(p.name for p in zips.iterdir())
    assert len(names) == 25 and costs.CANVAS in names and "broken.zip" in names
    assert len(roster) == 25 and "smitherin" in roster and roster[-1] == "nobody"
    kinds = [costs._kind(i) for i in range(24)]
    assert {k["library"] for k in kinds} == {"reference", "mistake", "untouched"}
    assert any(k["notebook"] is None for k in kinds) and any(k["late"] for k in kinds)
    due = costs.DUE.timestamp()
    late = [n for n in names if n != "broken.zip" and os.path.getmtime(zips / n) > due]
    assert len(late) == sum(k["late"] for k in kinds)
    with zipfile.ZipFile(zips / "s007.zip") as zf:       # no notebook
        assert all(n.startswith("course_lib/") for n in zf.namelist())
    with zipfile.ZipFile(zips / "s000.zip") as zf:
        assert f"notebooks/{costs.ASSIGNMENT}/{costs.ASSIGNMENT}.ipynb" in zf.namelist()
    assert datetime.datetime.fromtimestamp(os.path.getmtime(zips / "s000.zip"), datetime.UTC) < costs.DUE


def test_the_cpu_of_sandboxed_code_is_read_from_what_the_grader_recorded(tmp_path):
    import sqlite3

    con = sqlite3.connect(tmp_path / "gradebook.sqlite")
    con.execute("CREATE TABLE grades (student TEXT, result TEXT)")
    con.executemany("INSERT INTO grades VALUES (?, ?)", [("a", json.dumps({"cpu_sandbox": 1.5})),
                                                          ("b", json.dumps({"cpu_sandbox": 2.25})), ("c", "{}")])
    con.commit()
    con.close()
    for student, cpu in (("a", 0.5), ("b", 0.75)):
        (tmp_path / student).mkdir()
        (tmp_path / student / "notebooks.json").write_text(json.dumps({"cpu_sandbox": cpu}))
    assert costs.sandbox_cpu(tmp_path, "grade") == 3.75 and costs.sandbox_cpu(tmp_path, "notebooks") == 1.25
    assert costs.sandbox_cpu(tmp_path / "a", "grade") == 0.0
