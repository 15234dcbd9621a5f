"""The Gradescope autograder zip: built, unpacked into a simulated /autograder, run on example
submissions, and its results.json checked against Gradescope's specification."""

import json
import os
import pathlib
import shutil
import stat
import subprocess
import tempfile
import zipfile

import pytest
from conftest import ROOT, examples_dir, run

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("gradescope")]
EXAMPLES = examples_dir() / "submissions"
VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory):
    out = tmp_path_factory.mktemp("gs") / "autograder.zip"
    run(["autograder", "gradescope", "--out", str(out)], check=True)
    return out


def _base_python():
    """An existing Python 3.11+ that any uid can run (the stand-in for uv's download, which needs
    GitHub): the test machine's own, outside /root."""
    for name in ("python3.11", "python3.12", "python3.13", "python3"):
        path = shutil.which(name, path="/usr/local/bin:/usr/bin:/bin")
        if path and not os.path.realpath(path).startswith("/root/"):
            done = subprocess.run([path, "-c", "import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))"],
                                  capture_output=True)
            if done.returncode == 0:
                return path
    return None


@pytest.fixture(scope="module")
def gradescope(autograder_zip):
    """Gradescope emulated: the zip unpacked into a simulated /autograder (a folder of /tmp that
    any uid may enter, as / is), and its setup.sh run as Gradescope runs it, as root, except for
    apt-get (the packages are on this machine) and the Python download (an existing Python 3.11+
    stands in for it, COURSE_PYTHON). uv and the grader's pinned packages come from PyPI."""
    if os.getuid() != 0:
        pytest.skip("Gradescope runs setup.sh and run_autograder as root")
    python = _base_python()
    if python is None:
        pytest.skip("no Python 3.11+ with venv outside /root to stand in for uv's download")
    root = pathlib.Path(tempfile.mkdtemp(prefix="gradescope-root-"))
    os.chmod(root, 0o755)
    with zipfile.ZipFile(autograder_zip) as zf:
        zf.extractall(root / "source")
        for info in zf.infolist():      # zipfile does not restore modes; Gradescope's unzip does
            mode = info.external_attr >> 16
            if mode:
                os.chmod(root / "source" / info.filename, stat.S_IMODE(mode))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    env.update(AUTOGRADER_ROOT=str(root), COURSE_PYTHON=python, COURSE_SKIP_APT="1")
    done = subprocess.run(["bash", str(root / "source" / "setup.sh")], cwd=root / "source", env=env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
    yield root
    shutil.rmtree(root, ignore_errors=True)


def _can_go_offline():
    """Whether run_autograder can be run in a network namespace of its own (no network at all)."""
    return bool(shutil.which("unshare")) and subprocess.run(["unshare", "--net", "true"],
                                                            capture_output=True).returncode == 0


def run_on(root, submission, sandbox="auto"):
    """Put ``submission`` (a folder's contents) in ROOT/submission as Gradescope does, and run
    run_autograder with no network at all (nothing may be downloaded while grading)."""
    for folder in ("submission", "results"):
        shutil.rmtree(root / folder, ignore_errors=True)
    shutil.copytree(submission, root / "submission", symlinks=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    env.update(AUTOGRADER_ROOT=str(root), COURSE_GRADER_SANDBOX=sandbox)
    offline = ["unshare", "--net"] if _can_go_offline() else []
    done = subprocess.run([*offline, str(root / "source" / "run_autograder")], cwd=root, env=env,
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


def library_score(data):
    return sum(t["score"] for t in data["tests"] if "notebook" not in t["tags"])


def notebook_score(data):
    return sum(t["score"] for t in data["tests"] if "notebook" in t["tags"])


def course_folder(dest, lib, notebooks):
    """A student's course folder: ``lib`` as course_lib/, ``notebooks`` as notebooks/."""
    shutil.copytree(ROOT / lib, dest / "course_lib")
    shutil.copytree(ROOT / notebooks, dest / "notebooks")
    return dest


def test_zip_layout(autograder_zip):
    with zipfile.ZipFile(autograder_zip) as zf:
        names = zf.namelist()
        modes = {i.filename: i.external_attr >> 16 for i in zf.infolist()}
        pins = zf.read("requirements-grader.txt").decode().split()
        setup = zf.read("setup.sh").decode()
    assert "setup.sh" in names and "run_autograder" in names
    assert modes["run_autograder"] & 0o111 and modes["setup.sh"] & 0o111
    assert "course/autograder/rubric.toml" in names and "course/solutions/course_lib/losses.py" in names
    assert any(n.startswith("course/autograder/parts/test_generated") for n in names)
    assert "course/solutions/notebooks/00_welcome/00_welcome.ipynb" in names    # the test cells, as nbgrader
    assert not [n for n in names if n.startswith(("course/notebooks", "course/examples")) or "__pycache__" in n]
    # every package pinned, dependencies included; a Python of its own, never the image's
    assert all("==" in p for p in pins)
    assert {"numpy", "pytest", "pluggy", "iniconfig"} <= {p.split("==")[0] for p in pins}
    assert "python install" in setup and "apt-get update" in setup and "deadsnakes" not in setup


def test_a_full_upload_gets_every_point_with_hidden_checks_after_publishing(gradescope, tmp_path, rubric):
    from checks.submit import submit

    folder = course_folder(tmp_path / "course", "solutions/course_lib", "solutions/notebooks")
    upload = tmp_path / "upload"
    upload.mkdir()
    submit("alice", out=upload, run_checks=False, root=folder)          # what `make submit` makes
    assert {p.name for p in upload.iterdir()} == {"alice.zip", "alice-written.pdf"}   # both uploaded, say
    data = run_on(gradescope, upload)
    assert_valid_results(data)
    nb_tests = [t for t in data["tests"] if "notebook" in t["tags"]]
    assert library_score(data) == rubric.total and notebook_score(data) == 9, data["output"]
    assert len(data["tests"]) - len(nb_tests) == len(rubric.checks)
    assert {t["visibility"] for t in data["tests"] if "hidden" in t["tags"]} == {"after_published"}
    assert {t["visibility"] for t in data["tests"] if "public" in t["tags"]} == {"visible"}
    assert all(t["status"] == "passed" for t in nb_tests)
    assert "sandbox:" in data["_stdout"]


def test_untouched_version_gets_zero(gradescope, tmp_path):
    data = run_on(gradescope, course_folder(tmp_path / "upload", "course_lib", "notebooks"))
    assert_valid_results(data)
    assert data["score"] == 0
    assert any("NotImplementedError" in t["output"] for t in data["tests"] if "notebook" in t["tags"])


def test_loose_module_files_are_graded_as_course_lib(gradescope, tmp_path, rubric):
    loose = tmp_path / "upload"
    shutil.copytree(EXAMPLES / "reference" / "course_lib", loose)
    data = run_on(gradescope, loose)
    assert_valid_results(data)
    assert library_score(data) == rubric.total and notebook_score(data) == 0
    assert "0 of 9 notebooks" in data["output"]


def test_only_the_edited_modules_are_graded_with_the_provided_rest(gradescope, tmp_path, rubric):
    """A student who uploads just losses.py and penalties.py: those parts are graded, the modules
    not uploaded are the provided stubs (0 for their parts), and nothing fails to import."""
    loose = tmp_path / "upload"
    loose.mkdir()
    for module in ("losses.py", "penalties.py"):
        shutil.copy(EXAMPLES / "reference" / "course_lib" / module, loose / module)
    data = run_on(gradescope, loose)
    assert_valid_results(data)
    edited = sum(p.points for p in rubric.parts if all(t.split(".")[0] in ("losses", "penalties") for t in p.targets))
    assert 0 < edited < rubric.total and library_score(data) == edited
    assert "cannot import" not in json.dumps(data) and "Traceback" not in json.dumps(data)


def test_a_notebook_only_upload_gets_its_notebook_points_and_a_clear_message(gradescope, tmp_path):
    upload = tmp_path / "upload"
    upload.mkdir()
    for nb in (ROOT / "solutions" / "notebooks").glob("*/*.ipynb"):      # dragged in, loose
        shutil.copy(nb, upload / nb.name)
    data = run_on(gradescope, upload)
    assert_valid_results(data)
    assert library_score(data) == 0 and notebook_score(data) == 9
    out = data["tests"][0]["output"]
    assert "the library cannot be graded" in out and "no course_lib/ folder" in out and "make submit" in out


def test_an_empty_upload_gets_a_clear_message(gradescope, tmp_path):
    (tmp_path / "upload").mkdir()
    data = run_on(gradescope, tmp_path / "upload")
    assert data["score"] == 0 and "the upload is empty" in data["output"]


def test_hidden_visibility_is_configurable(tmp_path):
    out = tmp_path / "hidden.zip"
    run(["autograder", "gradescope", "--out", str(out), "--hidden-visibility", "hidden"], check=True)
    with zipfile.ZipFile(out) as zf:
        assert 'hidden_visibility = "hidden"' in zf.read("course/autograder/rubric.toml").decode()


@pytest.mark.parametrize("attack", ["read_solutions", "network", "forge_results"])
def test_plain_mode_on_gradescope_hides_the_reference_and_the_network(gradescope, tmp_path, attack):
    """Where bubblewrap cannot start (Gradescope's containers), the plain sandbox still keeps the
    reference, the hidden checks and the network out of reach of student code."""
    from autograder.authoring import hostile

    upload = tmp_path / "upload"
    hostile.build(upload, next(a for a in hostile.ATTACKS if a.name == attack))
    data = run_on(gradescope, upload, sandbox="plain")
    assert_valid_results(data)
    assert data["score"] == 0, [(t["name"], t["score"]) for t in data["tests"] if t["score"]]
    assert "sandbox: a plain process" in data["_stdout"] and "seccomp" in data["_stdout"]
    assert not list(gradescope.rglob(f"*{hostile.MARKER}*"))


def test_a_linked_upload_is_refused(gradescope, tmp_path):
    upload = tmp_path / "upload"
    upload.mkdir()
    os.symlink(examples_dir() / "submissions" / "reference" / "course_lib", upload / "course_lib")
    data = run_on(gradescope, upload, sandbox="plain")
    assert data["score"] == 0 and "symbolic link" in data["output"]
