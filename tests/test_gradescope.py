"""The Gradescope autograder zip: built, unpacked into a simulated /autograder, run on example
submissions, and its results.json checked against Gradescope's specification."""

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile

import pytest
from conftest import examples_dir, run

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("gradescope")]
EXAMPLES = examples_dir() / "submissions"
VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory):
    out = tmp_path_factory.mktemp("gs") / "autograder.zip"
    run(["autograder", "gradescope", "--out", str(out)], check=True)
    return out


def run_on(zip_path, root, submission, sandbox="auto"):
    """Unpack into ROOT/source as Gradescope does, put ``submission`` in ROOT/submission, run."""
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(root / "source")
        for info in zf.infolist():      # zipfile does not restore modes; Gradescope's unzip does
            mode = info.external_attr >> 16
            if mode:
                os.chmod(root / "source" / info.filename, stat.S_IMODE(mode))
    shutil.copytree(submission, root / "submission", symlinks=True)
    env = dict(os.environ, AUTOGRADER_ROOT=str(root), AUTOGRADER_PYTHON=sys.executable,
               COURSE_GRADER_SANDBOX=sandbox)
    done = subprocess.run([str(root / "source" / "run_autograder")], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    data = json.loads((root / "results" / "results.json").read_text())
    data["_stdout"] = done.stdout
    return data


def assert_valid_results(data):
    """Gradescope's results.json: a score, and tests with the fields and types it documents."""
    assert isinstance(data["score"], (int, float))
    assert isinstance(data["execution_time"], (int, float))
    assert data.get("visibility", "visible") in VISIBILITIES
    assert data.get("stdout_visibility", "hidden") in VISIBILITIES
    for t in data["tests"]:
        assert isinstance(t["name"], str) and t["name"]
        assert isinstance(t["score"], (int, float)) and isinstance(t["max_score"], (int, float))
        assert 0 <= t["score"] <= t["max_score"]
        assert t["status"] in ("passed", "failed")
        assert t["visibility"] in VISIBILITIES
        assert isinstance(t["output"], str) and isinstance(t["number"], str)
    assert abs(sum(t["score"] for t in data["tests"]) - data["score"]) < 1e-6
    assert " / " not in data["output"] or not [t for t in data["tests"] if t["visibility"] != "visible"], \
        "the visible output must not state the total while hidden checks are unpublished"


def test_zip_layout(autograder_zip):
    with zipfile.ZipFile(autograder_zip) as zf:
        names = zf.namelist()
        modes = {i.filename: i.external_attr >> 16 for i in zf.infolist()}
    assert "setup.sh" in names and "run_autograder" in names
    assert modes["run_autograder"] & 0o111 and modes["setup.sh"] & 0o111
    assert "course/autograder/rubric.toml" in names and "course/solutions/course_lib/losses.py" in names
    assert any(n.startswith("course/autograder/hidden/test_") for n in names)
    assert not [n for n in names if "notebooks" in n or n.startswith("course/examples") or "__pycache__" in n]


def test_reference_gets_full_marks_with_hidden_checks_after_publishing(autograder_zip, tmp_path, rubric):
    data = run_on(autograder_zip, tmp_path, EXAMPLES / "reference")
    assert_valid_results(data)
    assert data["score"] == rubric.total and len(data["tests"]) == len(rubric.checks)
    by_tag = {t["visibility"] for t in data["tests"] if "hidden" in t["tags"]}
    assert by_tag == {"after_published"}
    assert {t["visibility"] for t in data["tests"] if "public" in t["tags"]} == {"visible"}


def test_untouched_version_gets_zero(autograder_zip, tmp_path):
    data = run_on(autograder_zip, tmp_path, EXAMPLES / "untouched")
    assert_valid_results(data)
    assert data["score"] == 0


def test_loose_module_files_are_graded_as_course_lib(autograder_zip, tmp_path, rubric):
    loose = tmp_path / "upload"
    shutil.copytree(EXAMPLES / "reference" / "course_lib", loose)
    data = run_on(autograder_zip, tmp_path / "gs", loose)
    assert data["score"] == rubric.total


def test_an_empty_upload_gets_a_clear_message(autograder_zip, tmp_path):
    (tmp_path / "upload").mkdir()
    data = run_on(autograder_zip, tmp_path / "gs", tmp_path / "upload")
    assert data["score"] == 0 and "course_lib" in data["output"]


def test_hidden_visibility_is_configurable(tmp_path):
    out = tmp_path / "hidden.zip"
    run(["autograder", "gradescope", "--out", str(out), "--hidden-visibility", "hidden"], check=True)
    with zipfile.ZipFile(out) as zf:
        assert 'hidden_visibility = "hidden"' in zf.read("course/autograder/rubric.toml").decode()


@pytest.mark.parametrize("attack", ["read_solutions", "network", "forge_results"])
def test_plain_mode_on_gradescope_hides_the_reference_and_the_network(autograder_zip, tmp_path, attack):
    """Where bubblewrap cannot start (Gradescope's containers), the plain sandbox still keeps the
    reference, the hidden checks and the network out of reach of student code."""
    from autograder.authoring import hostile

    upload = tmp_path / "upload"
    hostile.build(upload, next(a for a in hostile.ATTACKS if a.name == attack))
    data = run_on(autograder_zip, tmp_path / "gs", upload, sandbox="plain")
    assert_valid_results(data)
    assert data["score"] == 0, [(t["name"], t["score"]) for t in data["tests"] if t["score"]]
    assert "sandbox: a plain process" in data["_stdout"] and "seccomp" in data["_stdout"]
    assert not list((tmp_path / "gs").rglob(f"*{hostile.MARKER}*"))


def test_a_linked_upload_is_refused(autograder_zip, tmp_path):
    upload = tmp_path / "upload"
    upload.mkdir()
    os.symlink(examples_dir() / "submissions" / "reference" / "course_lib", upload / "course_lib")
    data = run_on(autograder_zip, tmp_path / "gs", upload, sandbox="plain")
    assert data["score"] == 0 and "symbolic link" in data["output"]
