"""Finding and staging submissions: folders, zips, tarballs, nbgrader's layout, and every kind of
malformed or hostile input, which must cost only its own submission (fast: nothing is graded)."""

import csv
import os
import shutil
import stat
import tarfile
import zipfile

import pytest
from conftest import ROOT, examples_dir

from autograder.authoring.hostile import set_zip_bits
from autograder.authoring.hostile import write_tar as _tar
from autograder.authoring.hostile import write_zip as _zip
from autograder.grading.submissions import InputError, assign_ids, discover, safe_id, stage, unstage

REFERENCE = examples_dir() / "submissions" / "reference"
SOLUTION = ROOT / "solutions" / "course_lib" / "losses.py"


def _lib_entries(prefix=""):
    return {f"{prefix}course_lib/{p.name}": p.read_bytes() for p in (REFERENCE / "course_lib").glob("*.py")}


def _staged(tmp_path, sub):
    return stage(sub, str(tmp_path))


def test_folder_zip_tarball_and_one_folder_down_give_the_same_library(tmp_path):
    shutil.copytree(REFERENCE, tmp_path / "alice")
    _zip(tmp_path / "bob.zip", _lib_entries())
    _zip(tmp_path / "carol.zip", _lib_entries("carol-work/"))
    _tar(tmp_path / "dave.tar.gz", _lib_entries())
    _tar(tmp_path / "erin.tar", _lib_entries("erin/"))
    subs = discover([tmp_path])
    assert [s.student for s in subs] == ["alice", "bob", "carol", "dave", "erin"]
    hashes = {stage(s).content_hash for s in subs}
    assert not [s.problem for s in subs if s.problem]
    assert len(hashes) == 1                   # the same files, whatever the packing
    for s in subs:
        unstage(s)


def test_nbgrader_submitted_layout(tmp_path):
    for student in ("alice", "bob"):
        shutil.copytree(REFERENCE / "course_lib", tmp_path / "submitted" / student / "hw1" / "course_lib")
    shutil.copytree(REFERENCE / "course_lib", tmp_path / "submitted" / "bob" / "hw2" / "course_lib")
    subs = {s.student: stage(s) for s in discover([tmp_path / "submitted"])}
    assert not subs["alice"].problem
    assert "several folders" in subs["bob"].problem            # two assignments: ambiguous
    subs = {s.student: stage(s) for s in discover([tmp_path / "submitted"], assignment="hw2")}
    assert not subs["bob"].problem and "no course_lib" in subs["alice"].problem
    one = discover([tmp_path / "submitted" / "alice"])          # one student's folder given alone
    assert [s.student for s in one] == ["alice"] and not stage(one[0]).problem


def test_only_course_lib_python_modules_are_staged(tmp_path):
    sub_dir = tmp_path / "mallory"
    shutil.copytree(REFERENCE, sub_dir)
    (sub_dir / "conftest.py").write_text("raise SystemExit")
    (sub_dir / "sitecustomize.py").write_text("raise SystemExit")
    (sub_dir / "course_lib" / "notes.txt").write_text("hello")
    (sub_dir / "course_lib" / "losses (1).py").write_text("x = 1")
    sub = stage(discover([sub_dir])[0])
    staged = sorted(os.listdir(os.path.join(sub.staged, "course_lib")))
    assert "notes.txt" not in staged and "losses (1).py" not in staged and "losses.py" in staged
    assert os.listdir(sub.staged) == ["course_lib"]
    assert any("losses (1).py" in n for n in sub.notes)
    unstage(sub)


# ---- links of every kind, anywhere, in every container ------------------------------------------

LINK_LAYOUTS = {
    "course_lib is a link to the reference": lambda d: os.symlink(SOLUTION.parent, d / "course_lib"),
    "a module is a link": lambda d: (_copy_lib(d), os.remove(d / "course_lib" / "losses.py"),
                                     os.symlink(SOLUTION, d / "course_lib" / "losses.py")),
    "a relative link into solutions/": lambda d: (_copy_lib(d), os.remove(d / "course_lib" / "losses.py"),
                                                  os.symlink(os.path.relpath(SOLUTION, d / "course_lib"),
                                                             d / "course_lib" / "losses.py")),
    "a folder above course_lib is a link": lambda d: (os.symlink(SOLUTION.parent.parent, d / "work")),
    "a link elsewhere in the submission": lambda d: (_copy_lib(d), os.symlink("/etc/passwd", d / "notes.txt")),
    "a hard link to the reference": lambda d: (_copy_lib(d), os.remove(d / "course_lib" / "losses.py"),
                                               _hardlink(SOLUTION, d / "course_lib" / "losses.py")),
    "a named pipe in course_lib": lambda d: (_copy_lib(d), os.mkfifo(d / "course_lib" / "fifo.py")),
}


def _copy_lib(d):
    shutil.copytree(REFERENCE / "course_lib", d / "course_lib")


def _hardlink(src, dst):
    try:
        os.link(src, dst)
    except OSError:
        pytest.skip("hard links across these folders are not possible here")


@pytest.mark.parametrize("layout", LINK_LAYOUTS, ids=list(LINK_LAYOUTS))
def test_a_link_anywhere_in_a_folder_makes_it_unusable(tmp_path, layout):
    d = tmp_path / "batch" / "mallory"
    d.mkdir(parents=True)
    LINK_LAYOUTS[layout](d)
    (tmp_path / "batch" / "honest").mkdir()
    _copy_lib(tmp_path / "batch" / "honest")
    subs = {s.student: stage(s, str(tmp_path)) for s in discover([tmp_path / "batch"])}
    assert subs["mallory"].problem and not subs["mallory"].staged, layout
    assert any(w in subs["mallory"].problem for w in ("link", "pipe", "course_lib")), subs["mallory"].problem
    assert not subs["honest"].problem


def test_a_submission_that_is_itself_a_link_is_unusable(tmp_path):
    (tmp_path / "batch").mkdir()
    os.symlink(REFERENCE, tmp_path / "batch" / "mallory")
    _zip(tmp_path / "real.zip", _lib_entries())
    os.symlink(tmp_path / "real.zip", tmp_path / "batch" / "zipper.zip")
    subs = {s.student: stage(s) for s in discover([tmp_path / "batch"])}
    assert "symbolic link" in subs["mallory"].problem and "symbolic link" in subs["zipper"].problem


def test_links_in_zips_and_tarballs_make_them_unusable(tmp_path):
    link = zipfile.ZipInfo("course_lib/losses.py")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    entries = {k: v for k, v in _lib_entries().items() if not k.endswith("losses.py")}
    _zip(tmp_path / "zlink.zip", entries, [link])
    _tar(tmp_path / "tsym.tar", entries, [("course_lib/losses.py", str(SOLUTION), tarfile.SYMTYPE)])
    _tar(tmp_path / "thard.tgz", entries, [("course_lib/losses.py", str(SOLUTION), tarfile.LNKTYPE)])
    _tar(tmp_path / "tfolder.tar", {}, [("course_lib", str(SOLUTION.parent), tarfile.SYMTYPE)])
    subs = {s.student: stage(s) for s in discover([tmp_path])}
    for name in ("zlink", "tsym", "thard", "tfolder"):
        assert "link" in subs[name].problem and not subs[name].staged, (name, subs[name].problem)


def test_zip_and_tar_paths_that_climb_out_are_refused_and_nothing_is_extracted(tmp_path):
    _zip(tmp_path / "climb.zip", {**_lib_entries(), "../../escape.py": b"x"})
    _tar(tmp_path / "tclimb.tar", {**_lib_entries(), "../up.py": b"y"})
    subs = {s.student: stage(s) for s in discover([tmp_path])}
    assert "climbs out" in subs["climb"].problem and "climbs out" in subs["tclimb"].problem
    assert not (tmp_path.parent / "escape.py").exists() and not (tmp_path.parent / "up.py").exists()


# ---- archives that are odd by accident or by design --------------------------------------------

def test_encrypted_deflate64_truncated_and_fake_archives_cost_only_their_own_submission(tmp_path):
    set_zip_bits(_zip(tmp_path / "locked.zip", _lib_entries()), flag=1)       # password-protected
    set_zip_bits(_zip(tmp_path / "deflate64.zip", _lib_entries()), method=9)  # Deflate64
    _zip(tmp_path / "cut.zip", _lib_entries())
    (tmp_path / "cut.zip").write_bytes((tmp_path / "cut.zip").read_bytes()[:-200])
    (tmp_path / "fake.zip").write_bytes(b"not a zip at all")
    (tmp_path / "fake.tgz").write_bytes(b"\x1f\x8b not really gzip")
    _zip(tmp_path / "honest.zip", _lib_entries())
    subs = {s.student: stage(s) for s in discover([tmp_path])}
    assert "encrypted" in subs["locked"].problem
    assert "Deflate64" in subs["deflate64"].problem
    for name in ("cut", "fake"):
        assert subs[name].problem, name
    assert "tarball could not be read" in subs["fake"].problem or subs["fake"].problem
    assert not subs["honest"].problem


def test_zip_and_tar_bombs_are_refused(tmp_path):
    _zip(tmp_path / "big.zip", {**_lib_entries(), "course_lib/huge.py": b"#" * (5 << 20)})
    _tar(tmp_path / "tbig.tgz", {**_lib_entries(), "data.bin": b"\0" * (200 << 20)})
    subs = {s.student: stage(s) for s in discover([tmp_path])}
    assert "larger than" in subs["big"].problem
    assert "more than" in subs["tbig"].problem


def test_names_that_are_not_text_do_not_stop_the_batch(tmp_path):
    bad = os.fsencode(tmp_path) + b"/stu\xffdent"
    os.makedirs(bad + b"/course_lib")
    for p in (REFERENCE / "course_lib").glob("*.py"):
        shutil.copy(p, bad + b"/course_lib/" + p.name.encode())
    with open(bad + b"/course_lib/mod\xfe.py", "wb") as f:
        f.write(b"x = 1")
    entries = {**_lib_entries(), "course_lib/\udcff.py": b"x"} if False else _lib_entries()
    _zip(tmp_path / "ok.zip", entries)
    subs = [stage(s) for s in discover([tmp_path])]
    assert len(subs) == 2 and not [s.problem for s in subs if s.problem]
    odd = next(s for s in subs if s.name != "ok")
    assert odd.student == "stu_dent" and any("not usable as a student id" in n for n in odd.notes)
    assert "mod\ufffd.py" not in odd.modules and any("not a Python module name" in n for n in odd.notes)


# ---- student ids ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("alice", "alice"), ("Bob Smith", "Bob_Smith"), ("Zoë O'Brien", "Zoe_O_Brien"),
    ("=HYPERLINK(\"http://x\")", "HYPERLINK_http_x_"), ("javascript:alert(1)", "javascript_alert_1_"),
    ("..", "student"), ("...", "student"), ("-rf", "rf"), ("\x1b[31mred", "31mred"), ("", "student"),
])
def test_safe_ids(name, expected):
    assert safe_id(name) == expected


def test_ids_are_unique_without_regard_to_case_and_never_an_output_name(tmp_path):
    from autograder.grading.submissions import Submission

    names = ["grades.csv", "report.html", "logs", "Alice", "alice", "ALICE", "...", "..", "ok"]
    subs = [Submission(n, f"/x/{n}") for n in names]
    assign_ids(subs)
    ids = [s.student for s in subs]
    assert len({i.lower() for i in ids}) == len(ids)
    assert not {i.lower() for i in ids} & {"grades.csv", "report.html", "logs", "gradebook.sqlite"}
    assert all(i and not i.startswith((".", "-", "=", "+", "@")) and "/" not in i and ".." not in i for i in ids)
    assert {s.name: s.student for s in subs}["ok"] == "ok"
    assert all(s.notes for s in subs if s.student != s.name)


def test_every_path_gives_a_safe_id(tmp_path):
    for name in ("...zip", "=cmd.zip", "grades.csv.zip", "a b.zip", "report.html"):
        target = tmp_path / name
        if name.endswith(".zip"):
            _zip(target, _lib_entries())
        else:
            shutil.copytree(REFERENCE, target)
    subs = discover([tmp_path])
    assert len(subs) == 5
    for s in subs:
        assert s.student not in ("", ".", "..") and not s.student.startswith(("=", "."))


# ---- usage errors and partial uploads ---------------------------------------------------------------

def test_bad_paths_are_input_errors_but_duplicates_are_not(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        discover([tmp_path / "missing"])
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(InputError, match="not a .zip"):
        discover([tmp_path / "a.txt"])
    shutil.copytree(REFERENCE, tmp_path / "x" / "dup")
    _zip(tmp_path / "x" / "dup.zip", _lib_entries())
    os.utime(tmp_path / "x" / "dup.zip", (2_000_000_000, 2_000_000_000))
    subs = discover([tmp_path / "x"])           # one student twice: a resubmission, the latest wins
    assert [(s.student, os.path.basename(s.source)) for s in subs] == [("dup", "dup.zip")]
    assert subs[0].superseded == ["dup"] and any("resubmitted" in n for n in subs[0].notes)
    (tmp_path / "y").mkdir()
    _zip(tmp_path / "y" / "Dup.zip", _lib_entries())
    _zip(tmp_path / "y" / "dup.zip", _lib_entries())
    os.utime(tmp_path / "y" / "Dup.zip", (2_000_000_000, 2_000_000_000))
    subs = discover([tmp_path / "y"])          # one student, and a question for the instructor: no dup-2
    assert [(s.student, s.name) for s in subs] == [("Dup", "Dup")] and subs[0].superseded == ["dup.zip"]
    assert subs[0].flags and subs[0].flags[0].startswith("CHECK WHO:") and "dup.zip" in subs[0].flags[0]


def test_unusable_submissions_score_zero_with_a_reason(tmp_path):
    (tmp_path / "empty-student").mkdir()
    (tmp_path / "broken.zip").write_bytes(b"not a zip")
    _zip(tmp_path / "nolib.zip", {"readme.txt": b"hi"})
    _zip(tmp_path / "notebooks-only.zip", {"notebooks/00_welcome/00_welcome.ipynb": b"{}"})
    subs = {s.student: stage(s) for s in discover([tmp_path])}
    assert subs["empty-student"].problem.startswith("the upload is empty") and subs["empty-student"].empty
    assert "not a readable zip" in subs["broken"].problem
    assert "no course_lib" in subs["nolib"].problem
    assert "notebook" in subs["notebooks-only"].problem and "make submit" in subs["notebooks-only"].problem


def test_the_files_a_student_edited_are_completed_with_the_provided_modules(tmp_path):
    loose = tmp_path / "loose"
    loose.mkdir()
    shutil.copy(REFERENCE / "course_lib" / "losses.py", loose / "losses.py")
    shutil.copy(REFERENCE / "course_lib" / "penalties.py", loose / "penalties.py")
    partial = tmp_path / "partial"
    (partial / "course_lib").mkdir(parents=True)
    shutil.copy(REFERENCE / "course_lib" / "losses.py", partial / "course_lib" / "losses.py")
    for sub in discover([loose, partial]):
        stage(sub)
        assert not sub.problem
        assert "_validation.py" in sub.modules and "losses.py" in sub.modules
        assert any("completed with the provided version" in n for n in sub.notes)
        staged = (tmp_path / sub.staged / "course_lib" / "losses.py").read_bytes()
        assert staged == (REFERENCE / "course_lib" / "losses.py").read_bytes()
        unstage(sub)


# ---- names an LMS gives its downloads, submission times, resubmissions -----------------------------

@pytest.mark.parametrize("name, lms, student, user_id, late, sequence", [
    ("doejane_LATE_123456_7890123_alice", "Canvas", "doejane", "123456", True, 7890123),
    ("doejane_123456_7890124_alice-1", "Canvas", "doejane", "123456", False, 7890124),
    ("o_brien_1234_5678_hw", "Canvas", "o_brien", "1234", False, 5678),
    ("LATE_anon_x1Y2z_7890123_work", "Canvas", "anon_x1Y2z", "", True, 7890123),
    ("Jane Doe_4821_assignsubmission_file_alice", "Moodle", "Jane Doe", "4821", None, 0),
    ("hw4_jdoe_attempt_2025-10-01-23-59-59_alice", "Blackboard", "jdoe", "", None, 0),
])
def test_lms_download_names_name_the_lms_student(name, lms, student, user_id, late, sequence):
    from autograder.grading.submissions import parse_lms_name

    got = parse_lms_name(name)
    assert (got.lms, got.student, got.user_id, got.late, got.sequence) == (lms, student, user_id, late, sequence)


@pytest.mark.parametrize("name", ["alice", "jd_2024_01_hw", "alice_12_34_x", "smith-1", "a_b", "late_0123_456_x"])
def test_ordinary_ids_are_not_taken_for_lms_names(name):
    from autograder.grading.submissions import parse_lms_name

    assert parse_lms_name(name) is None


def test_times_people_write_and_nbgrader_writes():
    import datetime

    from autograder.grading.submissions import nbgrader_timestamp, parse_time

    utc = datetime.UTC
    assert parse_time("2025-10-01 21:59:59.123456 UTC") == datetime.datetime(2025, 10, 1, 21, 59, 59, 123456, utc)
    assert parse_time("2025-10-01 23:59 America/New_York") == datetime.datetime(2025, 10, 2, 3, 59, tzinfo=utc)
    assert parse_time("2025-10-01T23:59:00-04:00") == datetime.datetime(2025, 10, 2, 3, 59, tzinfo=utc)
    assert parse_time("2025-10-01 23:59Z") == datetime.datetime(2025, 10, 1, 23, 59, tzinfo=utc)
    assert parse_time("yesterday") is None and parse_time("2025-10-01 23:59 Mars/Olympus") is None
    when = datetime.datetime(2025, 10, 1, 21, 59, 59, tzinfo=utc)
    assert parse_time(nbgrader_timestamp(when)) == when
    from nbgrader.utils import parse_utc

    assert parse_utc(nbgrader_timestamp(when)) == when.replace(tzinfo=None)   # nbgrader reads it back


def test_canvas_names_give_canvas_students_and_the_latest_upload_wins(tmp_path):
    _zip(tmp_path / "doejane_LATE_123456_7890123_alice.zip", _lib_entries())
    _zip(tmp_path / "doejane_123456_7890199_alice-1.zip", _lib_entries())       # uploaded after
    _zip(tmp_path / "smithjo_222_3333_x.zip", _lib_entries())
    _zip(tmp_path / "smithjo_444_5555_x.zip", _lib_entries())                   # another Smith, Jo
    _zip(tmp_path / "zoë_777_8888_y.zip", _lib_entries())
    for p in tmp_path.iterdir():
        os.utime(p, (1_900_000_000, 1_900_000_000))                            # a download: same times
    subs = {s.student: s for s in discover([tmp_path])}
    assert sorted(subs) == ["doejane", "smithjo-222", "smithjo-444", "zoe"]
    jane = subs["doejane"]
    assert jane.name == "doejane_123456_7890199_alice-1" and jane.lms.user_id == "123456" and not jane.lms.late
    assert jane.superseded == ["doejane_LATE_123456_7890123_alice.zip"]
    assert any(n.startswith("Canvas download name: Canvas user 123456") for n in jane.notes)
    assert subs["smithjo-222"].lms.user_id == "222"
    assert any("graded as 'zoe'" in n for n in subs["zoe"].notes)


def test_the_submission_time_comes_from_timestamp_txt_the_lms_name_or_the_file(tmp_path):
    import datetime

    for student in ("alice", "bob"):
        shutil.copytree(REFERENCE / "course_lib", tmp_path / "submitted" / student / "hw1" / "course_lib")
    (tmp_path / "submitted" / "alice" / "hw1" / "timestamp.txt").write_text("2025-10-01 21:00:00.000000 UTC\n")
    subs = {s.student: s for s in discover([tmp_path / "submitted"], assignment="hw1")}
    assert subs["alice"].submitted_at == datetime.datetime(2025, 10, 1, 21, tzinfo=datetime.UTC)
    assert subs["alice"].time_source == "timestamp.txt" and subs["bob"].submitted_at is None
    _zip(tmp_path / "hw1_jdoe_attempt_2025-10-01-23-00-00_w.zip", _lib_entries())
    _zip(tmp_path / "carol.zip", _lib_entries())
    os.utime(tmp_path / "carol.zip", (1_759_356_000, 1_759_356_000))
    subs = {s.student: s for s in discover([tmp_path / "hw1_jdoe_attempt_2025-10-01-23-00-00_w.zip",
                                            tmp_path / "carol.zip"])}
    assert subs["jdoe"].time_source.startswith("the Blackboard")
    assert subs["carol"].submitted_at.timestamp() == 1_759_356_000


# ---- collect: students' zips into nbgrader's layout -------------------------------------------------

NB = b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'


def _course_release(tmp_path):
    """A released assignment hw1 with one notebook (what collect checks submissions against)."""
    (tmp_path / "release" / "hw1").mkdir(parents=True, exist_ok=True)
    (tmp_path / "release" / "hw1" / "hw1.ipynb").write_bytes(NB)
    return tmp_path / "release"


def test_collect_unpacks_submit_zips_into_nbgraders_layout(tmp_path):
    from autograder.integrations.collect import collect

    entries = {**_lib_entries(), "notebooks/hw1/hw1.ipynb": NB, "notebooks/hw2/hw2.ipynb": NB,
               "notebooks/hw1/.ipynb_checkpoints/hw1-checkpoint.ipynb": NB}
    (tmp_path / "zips").mkdir()
    _zip(tmp_path / "zips" / "alice.zip", entries)
    set_zip_bits(_zip(tmp_path / "zips" / "bob.zip", _lib_entries()), flag=1)      # password-protected
    done = {c.student: c for c in collect([tmp_path / "zips"], "hw1", into=tmp_path / "submitted",
                                          release_dir=_course_release(tmp_path))}
    assert done["alice"].ok and done["alice"].notebooks == ["hw1.ipynb"] and not done["alice"].missing
    assert not done["bob"].ok and "encrypted" in done["bob"].problem
    folder = tmp_path / "submitted" / "alice" / "hw1"
    assert sorted(p.name for p in folder.iterdir()) == ["course_lib", "hw1.ipynb", "timestamp.txt"]
    sub = stage(discover([tmp_path / "submitted"], assignment="hw1")[0])
    assert sub.student == "alice" and not sub.problem and sub.time_source == "timestamp.txt"


def test_collect_writes_the_real_time_keeps_the_latest_and_reports_what_is_missing(tmp_path):
    import datetime

    from autograder.grading.submissions import read_timestamp
    from autograder.integrations.collect import collect

    release = _course_release(tmp_path)
    due = datetime.datetime(2025, 10, 1, 23, 59, tzinfo=datetime.UTC)
    at = {"early": due.timestamp() - 3600, "late": due.timestamp() + 7260}
    for folder in ("first", "second", "older"):
        (tmp_path / folder).mkdir()
    _zip(tmp_path / "first" / "alice.zip", {**_lib_entries(), "notebooks/hw1/hw1.ipynb": NB})
    _zip(tmp_path / "first" / "bob.zip", {**_lib_entries(), "notebooks/hw1/hw1.ipynb": NB})
    _zip(tmp_path / "first" / "dave.zip", _lib_entries())                              # no notebook
    _zip(tmp_path / "first" / "erin.zip", {**_lib_entries(), "hw1.ipynb": NB})         # loose notebook
    os.utime(tmp_path / "first" / "alice.zip", (at["early"],) * 2)
    os.utime(tmp_path / "first" / "bob.zip", (at["late"],) * 2)
    into = tmp_path / "submitted"
    done = {c.student: c for c in collect([tmp_path / "first"], "hw1", into=into, due=due, release_dir=release)}
    assert read_timestamp(str(into / "alice" / "hw1" / "timestamp.txt")).timestamp() == at["early"]
    assert done["alice"].late is None and done["bob"].late == datetime.timedelta(seconds=7260)
    assert done["dave"].ok and done["dave"].missing == ["hw1.ipynb"] and "missing" in done["dave"].warnings[0]
    assert not (into / "dave" / "hw1" / "hw1.ipynb").exists()
    assert done["erin"].notebooks == ["hw1.ipynb"] and any("not in a folder hw1/" in n for n in done["erin"].notes)

    _zip(tmp_path / "second" / "alice.zip",
         {**_lib_entries(), "notebooks/hw1/hw1.ipynb": NB, "course_lib/new.py": b"x = 1"})
    os.utime(tmp_path / "second" / "alice.zip", (at["early"] + 60,) * 2)
    again = collect([tmp_path / "second"], "hw1", into=into, due=due, release_dir=release)
    assert again[0].action == "replaced" and (into / "alice" / "hw1" / "course_lib" / "new.py").exists()

    _zip(tmp_path / "older" / "alice.zip", {**_lib_entries(), "notebooks/hw1/hw1.ipynb": NB})
    os.utime(tmp_path / "older" / "alice.zip", (at["early"] - 600,) * 2)
    kept = collect([tmp_path / "older"], "hw1", into=into, due=due, release_dir=release)
    assert kept[0].action == "kept" and (into / "alice" / "hw1" / "course_lib" / "new.py").exists()


def test_collect_believes_canvas_about_lateness(tmp_path):
    import datetime

    from autograder.grading.submissions import read_timestamp
    from autograder.integrations.collect import collect

    due = datetime.datetime(2025, 10, 1, 23, 59, tzinfo=datetime.UTC)
    (tmp_path / "zips").mkdir()
    _zip(tmp_path / "zips" / "doejane_123456_7890123_alice.zip", _lib_entries())
    _zip(tmp_path / "zips" / "roebob_LATE_222_7890124_bob.zip", _lib_entries())
    for p in (tmp_path / "zips").iterdir():
        os.utime(p, (due.timestamp() + 86400,) * 2)            # unzipped a day after the due date
    ids = {}
    done = {c.student: c for c in collect([tmp_path / "zips"], "hw1", into=tmp_path / "submitted", due=due,
                                          release_dir=_course_release(tmp_path), lms_ids=ids)}
    assert done["doejane"].late is None and done["doejane"].submitted_at == due
    assert done["roebob"].late == datetime.timedelta(seconds=86400)    # the file's time: after the due date
    assert read_timestamp(str(tmp_path / "submitted" / "doejane" / "hw1" / "timestamp.txt")) == due
    assert ids == {"doejane": "123456", "roebob": "222"}
    assert any("Canvas found it on time" in n for n in done["doejane"].notes)
    os.utime(tmp_path / "zips" / "roebob_LATE_222_7890124_bob.zip", (due.timestamp() - 10,) * 2)
    done = {c.student: c for c in collect([tmp_path / "zips"], "hw1", into=tmp_path / "s2", due=due,
                                          release_dir=_course_release(tmp_path))}
    assert done["roebob"].late == datetime.timedelta(seconds=1)         # LATE, time unknown
    assert any("Canvas found it LATE" in n for n in done["roebob"].notes)


def test_collect_command_lists_what_it_could_not_use_and_exits_1(tmp_path):
    from conftest import run

    (tmp_path / "zips").mkdir()
    _zip(tmp_path / "zips" / "alice.zip", {**_lib_entries(), "notebooks/00_welcome/00_welcome.ipynb": NB})
    (tmp_path / "zips" / "bob.zip").write_bytes(b"not a zip")
    (tmp_path / "zips" / "carol_222_3333_00_welcome.ipynb").write_bytes(NB)     # uploaded on its own
    (tmp_path / "zips" / ".DS_Store").write_bytes(b"")
    (tmp_path / "zips" / "hw_dan_attempt_2025-10-01-10-00-00.txt").write_text("Name: Dan")   # Blackboard's receipt
    done = run(["autograder", "collect", str(tmp_path / "zips"), "--assignment", "00_welcome",
                "--into", str(tmp_path / "submitted"), "--due", "2025-10-01 23:59 UTC"], cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "3 upload(s): 1 student(s) collected" in done.stdout and "2 not used" in done.stdout
    assert "UNUSABLE bob.zip (bob): it is not a readable zip" in done.stdout
    assert "UNUSABLE carol_222_3333_00_welcome.ipynb: not a zip" in done.stdout
    assert "DS_Store" not in done.stdout and "attempt" not in done.stdout
    assert "2 upload(s) could not be used" in done.stderr
    assert (tmp_path / "submitted" / "alice" / "00_welcome" / "timestamp.txt").is_file()
    details = {r["upload"]: r for r in csv.DictReader(open(tmp_path / "collect-00_welcome.csv"))}
    assert details["alice.zip"]["action"] == "collected" and details["alice.zip"]["notebooks"] == "00_welcome.ipynb"
    assert "not a readable zip" in details["bob.zip"]["problem"] and details["bob.zip"]["action"] == "skipped"
    done = run(["autograder", "collect", str(tmp_path / "zips"), "--assignment", "00_welcom"], cwd=tmp_path)
    assert done.returncode == 2 and "no assignment '00_welcom'" in done.stderr and "00_welcome" in done.stderr


def test_an_lms_verdict_on_lateness_wins_over_the_download_time(tmp_path):
    import datetime

    from autograder.grading.submissions import late_by, recorded_time

    due = datetime.datetime(2025, 10, 1, 23, 59, tzinfo=datetime.UTC)
    _zip(tmp_path / "doejane_123456_7890123_a.zip", _lib_entries())
    _zip(tmp_path / "roebob_LATE_222_7890124_b.zip", _lib_entries())
    _zip(tmp_path / "plain.zip", _lib_entries())
    for p in tmp_path.iterdir():
        os.utime(p, (due.timestamp() + 3600,) * 2)
    times = {s.student: recorded_time(s, due) for s in discover([tmp_path])}
    assert times["doejane"][0] == due and late_by(times["doejane"][0], due) is None
    assert late_by(times["roebob"][0], due) == datetime.timedelta(hours=1)       # LATE, and the time agrees
    assert late_by(times["plain"][0], due) == datetime.timedelta(hours=1) and not times["plain"][2]


def test_folders_are_named_by_id_except_moodles(tmp_path):
    for name in ("smith_1234_5678_hw", "Jane Doe_4821_assignsubmission_file_"):
        shutil.copytree(REFERENCE / "course_lib", tmp_path / "submitted" / name / "hw1" / "course_lib")
    subs = {s.student: s for s in discover([tmp_path / "submitted"], assignment="hw1")}
    assert sorted(subs) == ["Jane_Doe", "smith_1234_5678_hw"] and subs["smith_1234_5678_hw"].lms is None
