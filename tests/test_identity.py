"""Who handed in what: the roster (the identity map), LMS download names read only where the LMS
writes them, students keyed on the LMS's id, and every collision flagged for the instructor
instead of renamed or merged silently (fast: nothing is graded)."""

import datetime
import os

import pytest
from conftest import examples_dir

from autograder.authoring.hostile import write_zip as _zip
from autograder.grading import roster as rosters
from autograder.grading.roster import Claim, RosterError, canvas_key
from autograder.grading.submissions import CHECK_WHO, discover, identify, parse_lms_name

REFERENCE = examples_dir() / "submissions" / "reference"
DUE = datetime.datetime(2025, 10, 1, 23, 59, tzinfo=datetime.UTC)
ROSTER = """id,first_name,last_name,email,lms_user_id,login,sis_id,section,aliases
alice,Alice,Ash,alice@example.org,,aash,S001,A,
bob,Bob,Birch,bob@example.org,,,S002,A,
smitherin,Erin,Smith,erin@example.org,123456,esmith,S003,B,Erin Smith - HW4 final v2
jdoe1,Jane,Doe,jane1@example.org,,,,B,
jdoe2,Jane,Doe,jane2@example.org,,,,B,
AB123,Anna,Bell,,,,,A,
zoe,Zoë,O'Brien,,777,,,,
"""


def lib():
    return {f"course_lib/{p.name}": p.read_bytes() for p in sorted((REFERENCE / "course_lib").glob("*.py"))}


def upload(folder, name, when=None, entries=None):
    path = folder / name
    _zip(path, lib() if entries is None else entries)
    stamp = (when or DUE - datetime.timedelta(hours=1)).timestamp()
    os.utime(path, (stamp, stamp))
    return path


@pytest.fixture
def roster():
    return rosters.parse(ROSTER, "roster.csv")


# ---- LMS names: only the part the LMS writes, first match ------------------------------------------

@pytest.mark.parametrize("name, student, user_id, late", [
    # the student's own file name (after the ids) holds a whole other Canvas name: it changes nothing
    ("smitherin_123456_7890123_victim_LATE_999999_8888888_x", "smitherin", "123456", False),
    ("smitherin_LATE_123456_7890123_roebob_222_333_y", "smitherin", "123456", True),
])
def test_a_canvas_name_is_read_from_its_start(name, student, user_id, late):
    got = parse_lms_name(name)
    assert (got.lms, got.student, got.user_id, got.late) == ("Canvas", student, user_id, late)


def test_a_blackboard_file_name_cannot_set_the_user_or_the_time():
    # the first "_attempt_<time>" is Blackboard's; a student's file named like another attempt is only a name
    got = parse_lms_name("HW4_jdoe_attempt_2025-10-02-10-00-00_x_victim_attempt_2025-09-01-00-00-00_y")
    assert got.student == "jdoe" and got.submitted_at.astimezone().day == 2 and got.filename.startswith("x_victim")


def test_a_moodle_file_name_cannot_set_the_participant():
    # Moodle replaces "_" in names by spaces, so the first "_<id>_assignsubmission_" is Moodle's
    got = parse_lms_name("Jane Doe_4821_assignsubmission_file_Eve_1_assignsubmission_file_x")
    assert (got.student, got.user_id, got.filename) == ("Jane Doe", "4821", "Eve_1_assignsubmission_file_x")


def test_canvas_keys_are_what_canvas_writes():
    assert canvas_key("Smith", "Erin") == "smitherin"
    assert canvas_key("O'Brien", "Zoë") == "obrienzoë"             # word characters, accents kept, lower case
    assert canvas_key("Doe_12_", "Jo") == "doe12jo"                # Canvas removes "_<digits>_"


# ---- the roster file --------------------------------------------------------------------------------

def test_the_roster_reads_nbgraders_columns_and_ours(roster):
    erin = roster.get("smitherin")
    assert (erin.sortable_name, erin.lms_user_id, erin.login, erin.sis_id, erin.section) == \
        ("Smith, Erin", "123456", "esmith", "S003", "B")
    assert erin.aliases == ("Erin Smith - HW4 final v2",) and len(roster) == 7


def test_a_canvas_gradebook_export_is_a_roster():
    export = ('"Student","ID","SIS User ID","SIS Login ID","Section","HW1 (55)"\n'
              '"Points Possible","","","","","10"\n'
              '"Smith, Erin","123456","S003","esmith","B","9"\n"Student, Test","999","","","B",""\n')
    got = rosters.parse(export, "export.csv")
    assert list(got.students) == ["esmith"]
    erin = got.get("esmith")
    assert (erin.first_name, erin.last_name, erin.lms_user_id, erin.sis_id) == ("Erin", "Smith", "123456", "S003")


@pytest.mark.parametrize("text, message", [
    ("name,email\nAlice,a@x\n", "no 'id' column"),
    ("id\nalice\nALICE\n", "appears twice"),
    ("id\n=cmd|' /C calc'!A0\n", "line 2: the id"),
    ("id,first_name\n,Bob\n", "line 2: no id"),
    ("id\nalice\nGradesheet.csv\n", "line 3: the id 'Gradesheet.csv' is the name of a file the grader writes"),
])
def test_a_bad_roster_says_what_is_wrong(text, message):
    with pytest.raises(RosterError, match=message.replace("|", r"\|").replace("(", r"\(")):
        rosters.parse(text, "roster.csv")


# ---- resolving an upload --------------------------------------------------------------------------

@pytest.mark.parametrize("claim, student", [
    (Claim("alice"), "alice"), (Claim("Alice"), "alice"), (Claim("alice-1"), "alice"), (Claim("alice (2)"), "alice"),
    (Claim("Erin Smith - HW4 final v2"), "smitherin"), (Claim("erin smith   hw4 final V2"), "smitherin"),
    (Claim("Alice Ash"), "alice"), (Claim("Ash, Alice"), "alice"), (Claim("aash"), "alice"),
    (Claim("ab123"), "AB123"),
    (Claim("smitherin", "Canvas", "123456"), "smitherin"),      # the Canvas id
    (Claim("whoever", "Canvas", "123456"), "smitherin"),        # the id wins over the name
    (Claim("ashalice", "Canvas", "555"), "alice"),              # the name Canvas makes from "Ash, Alice"
    (Claim("obrienzoë", "Canvas", "777"), "zoe"),
    (Claim("Alice Ash", "Moodle", "4821"), "alice"),
    (Claim("esmith", "Blackboard"), "smitherin"), (Claim("bob", "Blackboard"), "bob"),
    (Claim("B. Birch", "Gradescope", "S002", "x@y"), "bob"),
    (Claim("?", "Gradescope", "", "ALICE@example.org"), "alice"),
])
def test_uploads_resolve_through_the_roster(roster, claim, student):
    got = roster.resolve(claim)
    assert got.student is not None and got.student.id == student, got.why


@pytest.mark.parametrize("claim, problem, says", [
    (Claim("mystery"), "unmatched", "maps to no student of the roster"),
    (Claim("alicia"), "unmatched", "closest: alice"),
    (Claim("Jane Doe", "Moodle", "11"), "ambiguous", "jdoe1, jdoe2"),
    (Claim("smitherin", "Canvas", "424242"), "unmatched", "another Canvas user id (a namesake?)"),
    (Claim("victim_attempt", "Blackboard"), "unmatched", "maps to no student"),
])
def test_what_maps_to_no_one_or_to_several_is_said(roster, claim, problem, says):
    got = roster.resolve(claim)
    assert got.student is None and got.problem == problem and says in got.why


# ---- identify: one submission per student, and the uploads held back --------------------------------

def test_with_a_roster_renames_and_resubmissions_find_their_student_and_strangers_are_held(tmp_path, roster):
    for name, hours in [("alice.zip", -3), ("alice-1.zip", -1), ("Erin Smith - HW4 final v2.zip", -2),
                        ("smitherin_123456_7890123_erin.zip", 5), ("mystery.zip", -1), ("Alicia.zip", -1)]:
        upload(tmp_path, name, DUE + datetime.timedelta(hours=hours))
    (tmp_path / "bob.zip").write_bytes(b"")                                    # an empty upload
    found = identify([tmp_path], roster=roster)
    subs = {s.student: s for s in found.submissions}
    assert sorted(subs) == ["alice", "bob", "smitherin"]                        # no new student
    assert os.path.basename(subs["alice"].source) == "alice-1.zip" and not subs["alice"].flags   # a plain resubmission
    erin = subs["smitherin"]
    assert os.path.basename(erin.source) == "smitherin_123456_7890123_erin.zip"
    assert erin.flags and erin.flags[0].startswith(CHECK_WHO)                 # an alias and Canvas's name: check
    assert subs["bob"].empty and subs["bob"].problem.startswith("the upload is empty")
    held = {h.name: h for h in found.held}
    assert sorted(held) == ["Alicia.zip", "mystery.zip"] and "closest: alice" in held["Alicia.zip"].why
    assert [s.student for s in discover([tmp_path], roster=roster)] == ["alice", "bob", "smitherin"]


def test_case_variants_are_one_student_and_a_question_never_a_renamed_one(tmp_path, roster):
    upload(tmp_path, "AB123.zip", DUE - datetime.timedelta(hours=2))
    upload(tmp_path, "ab123.zip", DUE - datetime.timedelta(hours=1))
    for given in (None, roster):
        subs = discover([tmp_path], roster=given)
        assert len(subs) == 1 and subs[0].student in ("ab123", "AB123") and not subs[0].student.endswith("-2")
        assert os.path.basename(subs[0].source) == "ab123.zip" and subs[0].superseded == ["AB123.zip"]
        assert subs[0].flags and "AB123.zip" in subs[0].flags[0]
    assert discover([tmp_path], roster=roster)[0].student == "AB123"               # the roster's spelling


def test_namesakes_stay_apart_on_the_lms_id_and_are_flagged(tmp_path, roster):
    upload(tmp_path, "Jane Doe_11_assignsubmission_file_hw.zip")
    upload(tmp_path, "Jane Doe_12_assignsubmission_file_hw.zip")
    upload(tmp_path, "smithjo_222_3333_x.zip")
    upload(tmp_path, "smithjo_444_5555_x.zip")
    subs = {s.student: s for s in discover([tmp_path])}                          # no roster: apart, by id
    assert sorted(subs) == ["Jane_Doe-11", "Jane_Doe-12", "smithjo-222", "smithjo-444"]
    assert all(s.flags and "names 2 students" in s.flags[0] for s in subs.values())
    found = identify([tmp_path], roster=roster)                                   # the roster has two Jane Does
    assert not found.submissions and len(found.held) == 4
    assert {h.kind for h in found.held} == {"ambiguous", "unmatched"}


def test_one_roster_student_cannot_take_two_lms_users_by_name(tmp_path):
    one = rosters.parse("id,first_name,last_name\njdoe,Jane,Doe\n")
    upload(tmp_path, "Jane Doe_11_assignsubmission_file_hw.zip")
    upload(tmp_path, "Jane Doe_12_assignsubmission_file_hw.zip")
    found = identify([tmp_path], roster=one)
    assert not found.submissions and [h.kind for h in found.held] == ["ambiguous", "ambiguous"]
    assert "namesakes" in found.held[0].why


def test_a_students_file_name_cannot_take_a_classmates_place(tmp_path, roster):
    # bob uploads a file whose own name is erin's Canvas name: Canvas's prefix still says bob
    upload(tmp_path, "birchbob_555_7890123_smitherin_123456_7890999_erin.zip", DUE + datetime.timedelta(days=2))
    upload(tmp_path, "smitherin_123456_7890100_erin.zip", DUE - datetime.timedelta(hours=1))
    subs = {s.student: s for s in discover([tmp_path], roster=roster)}
    assert sorted(subs) == ["bob", "smitherin"]
    assert os.path.basename(subs["smitherin"].source) == "smitherin_123456_7890100_erin.zip"
    assert subs["bob"].lms.user_id == "555" and subs["bob"].submitted_at > DUE


def test_a_gradescope_export_names_students_and_times_from_its_metadata(tmp_path, roster):
    export = tmp_path / "assignment_1_export"
    for folder in ("submission_1", "submission_2", "submission_3"):
        (export / folder / "course_lib").mkdir(parents=True)
        for name, data in lib().items():
            (export / folder / name).write_bytes(data)
    (export / "submission_metadata.yml").write_text(
        "submission_1:\n  :submitters:\n  - :name: Bob Birch\n    :sid: 'S002'\n    :email: bob@example.org\n"
        "  :created_at: 2025-10-02 01:59:00.123456000 Z\n  :score: 8.0\n"
        "submission_2:\n  :submitters:\n  - :name: A. Ash\n    :sid: ''\n    :email: alice@example.org\n"
        "  :created_at: 2025-10-01 16:00:00.000000000 -07:00\n"
        "submission_3:\n  :submitters:\n  - :name: Nobody\n    :sid: 'S999'\n")
    found = identify([export], roster=roster)
    subs = {s.student: s for s in found.submissions}
    assert sorted(subs) == ["alice", "bob"] and [h.name for h in found.held] == ["submission_3"]
    assert subs["bob"].submitted_at == datetime.datetime(2025, 10, 2, 1, 59, 0, 123456, tzinfo=datetime.UTC)
    assert subs["bob"].time_source == "Gradescope's submission metadata"
    assert subs["alice"].submitted_at == datetime.datetime(2025, 10, 1, 23, 0, tzinfo=datetime.UTC)


def test_the_lms_name_attacks_fail_through_collect(tmp_path):
    """The attacks of issue 22 on the nbgrader route, through the command: a file name that sets
    another user and an earlier time (Blackboard), a file name holding a classmate's Canvas name,
    namesakes, and a case-variant pair; every honest student is collected, the odd ones flagged."""
    import csv

    from conftest import run

    uploads = tmp_path / "uploads"
    uploads.mkdir()
    nb = {"notebooks/00_welcome/00_welcome.ipynb": b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'}
    upload(uploads, "HW1_vic_attempt_2025-10-01-20-00-00_w.zip", entries={**lib(), **nb})
    upload(uploads, "HW1_eve_attempt_2025-10-03-09-00-00_x_vic_attempt_2025-10-01-21-00-00_y.zip",
           entries={**lib(), **nb})
    upload(uploads, "birchbob_LATE_222_7000001_smitherin_123456_7000999_erin.zip", DUE + datetime.timedelta(days=1))
    upload(uploads, "smitherin_123456_7000002_erin.zip")
    upload(uploads, "doejane_1011_7000003_a.zip")
    upload(uploads, "doejane_1012_7000004_b.zip")
    upload(uploads, "AB123.zip", DUE - datetime.timedelta(hours=3))
    upload(uploads, "ab123.zip")
    (tmp_path / "roster.csv").write_text(
        "id,first_name,last_name,lms_user_id,login\nvic,Vic,Tim,,vic\neve,Eve,Il,,eve\nbob,Bob,Birch,222,\n"
        "smitherin,Erin,Smith,123456,\njdoe1,Jane,Doe,1011,\njdoe2,Jane,Doe,1012,\nab123,Anna,Bell,,\n")
    done = run(["autograder", "collect", str(uploads), "--assignment", "00_welcome", "--into",
                str(tmp_path / "submitted"), "--due", "2025-10-01 23:59 UTC"], cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(p.name for p in (tmp_path / "submitted").iterdir()) == \
        ["ab123", "bob", "eve", "jdoe1", "jdoe2", "smitherin", "vic"]
    details = {r["student"]: r for r in csv.DictReader(open(tmp_path / "collect-00_welcome.csv"))}
    assert details["vic"]["submitted_at"] == datetime.datetime(2025, 10, 1, 20).astimezone(
        datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")                        # vic's own upload, vic's time
    assert details["eve"]["upload"].startswith("HW1_eve_attempt_2025-10-03") and details["eve"]["seconds_late"]
    assert details["smitherin"]["upload"] == "smitherin_123456_7000002_erin.zip"
    assert details["bob"]["seconds_late"]                                        # bob's own LATE upload
    assert "CHECK WHO" in details["ab123"]["check_who"] and "CHECK WHO (1): ab123" in done.stdout
