"""Finding and staging submissions: folders, zips, nbgrader's layout, and malformed input."""

import os
import shutil
import stat
import zipfile

import pytest

from autograder.submissions import InputError, discover, stage, unstage
from conftest import ROOT

REFERENCE = ROOT / "examples" / "submissions" / "reference"


def _zip(path, entries):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            if isinstance(data, zipfile.ZipInfo):
                zf.writestr(data, b"")
            else:
                zf.writestr(name, data)
    return path


def _lib_entries(prefix=""):
    return {f"{prefix}course_lib/{p.name}": p.read_bytes() for p in (REFERENCE / "course_lib").glob("*.py")}


def test_folder_zip_and_zip_one_folder_down(tmp_path):
    shutil.copytree(REFERENCE, tmp_path / "alice")
    _zip(tmp_path / "bob.zip", _lib_entries())
    _zip(tmp_path / "carol.zip", _lib_entries("carol-work/"))
    subs = discover([tmp_path])
    assert [s.student for s in subs] == ["alice", "bob", "carol"]
    hashes = {stage(s).content_hash for s in subs}
    assert len(hashes) == 1 and not any(s.problem for s in subs)  # the same files, whatever the packing
    for s in subs:
        unstage(s)


def test_nbgrader_submitted_layout(tmp_path):
    for student in ("alice", "bob"):
        shutil.copytree(REFERENCE / "course_lib", tmp_path / "submitted" / student / "hw1" / "course_lib")
    shutil.copytree(REFERENCE / "course_lib", tmp_path / "submitted" / "bob" / "hw2" / "course_lib")
    subs = {s.student: s for s in discover([tmp_path / "submitted"])}
    assert subs["alice"].inner.endswith("hw1") and not subs["alice"].problem
    assert "several folders" in subs["bob"].problem            # two assignments: ambiguous
    subs = {s.student: s for s in discover([tmp_path / "submitted"], assignment="hw2")}
    assert subs["bob"].inner.endswith("hw2") and "no course_lib" in subs["alice"].problem
    one = discover([tmp_path / "submitted" / "alice"])          # one student's folder given alone
    assert [s.student for s in one] == ["alice"] and not one[0].problem


def test_only_course_lib_python_files_are_staged(tmp_path):
    sub_dir = tmp_path / "mallory"
    shutil.copytree(REFERENCE, sub_dir)
    (sub_dir / "conftest.py").write_text("raise SystemExit")
    (sub_dir / "course_lib" / "notes.txt").write_text("hello")
    os.symlink(ROOT / "solutions" / "course_lib" / "losses.py", sub_dir / "course_lib" / "stolen.py")
    sub = stage(discover([sub_dir])[0])
    staged = sorted(os.listdir(os.path.join(sub.staged, "course_lib")))
    assert "stolen.py" not in staged and "notes.txt" not in staged and "losses.py" in staged
    assert os.listdir(sub.staged) == ["course_lib"]
    unstage(sub)


def test_zip_with_traversal_symlink_and_bomb(tmp_path):
    link = zipfile.ZipInfo("course_lib/evil.py")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    entries = {**_lib_entries(), "../../escape.py": b"x", "course_lib/../../up.py": b"y", "course_lib/evil.py": link}
    sub = stage(discover([_zip(tmp_path / "eve.zip", entries)])[0])
    assert not sub.problem
    assert "evil.py" not in os.listdir(os.path.join(sub.staged, "course_lib"))
    assert not (tmp_path / "escape.py").exists() and not (tmp_path.parent / "up.py").exists()
    unstage(sub)
    bomb = _zip(tmp_path / "bomb.zip", {**_lib_entries(), "course_lib/huge.py": b"#" * (5 << 20)})
    assert "larger than" in stage(discover([bomb])[0]).problem


def test_unusable_submissions_score_zero_with_a_reason(tmp_path):
    (tmp_path / "empty-student").mkdir()
    (tmp_path / "broken.zip").write_bytes(b"not a zip")
    _zip(tmp_path / "nolib.zip", {"readme.txt": b"hi"})
    subs = {s.student: stage(s) for s in discover([tmp_path])}
    assert "no course_lib" in subs["empty-student"].problem
    assert "could not be read" in subs["broken.zip".removesuffix(".zip")].problem
    assert "no course_lib" in subs["nolib"].problem


def test_bad_paths_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        discover([tmp_path / "missing"])
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(InputError, match="not a .zip"):
        discover([tmp_path / "a.txt"])
    shutil.copytree(REFERENCE, tmp_path / "x" / "dup")
    _zip(tmp_path / "x" / "dup.zip", _lib_entries())
    with pytest.raises(InputError, match="two submissions are named 'dup'"):
        discover([tmp_path / "x"])


def test_collect_unpacks_submit_zips_into_nbgraders_layout(tmp_path):
    from autograder.collect import collect

    nb = b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
    entries = {**_lib_entries(), "notebooks/hw1/hw1.ipynb": nb, "notebooks/hw2/hw2.ipynb": nb,
               "notebooks/hw1/.ipynb_checkpoints/hw1-checkpoint.ipynb": nb}
    (tmp_path / "zips").mkdir()
    _zip(tmp_path / "zips" / "alice.zip", entries)
    report = collect([tmp_path / "zips"], "hw1", into=tmp_path / "submitted")
    assert report[0][0] == "alice" and "1 notebook(s)" in report[0][1]
    folder = tmp_path / "submitted" / "alice" / "hw1"
    assert sorted(p.name for p in folder.iterdir()) == ["course_lib", "hw1.ipynb"]
    sub = discover([tmp_path / "submitted"], assignment="hw1")[0]
    assert sub.student == "alice" and not sub.problem
