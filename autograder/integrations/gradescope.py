"""Gradescope: building the autograder zip, and what it runs for each submission.

``python -m autograder gradescope --out FILE.zip`` writes a zip laid out as Gradescope's
autograder specification asks: ``setup.sh`` and ``run_autograder`` at its root, plus the grader
(``course/``: the engine, the public and hidden checks, the rubric and the reference solution).
Gradescope unpacks it into ``/autograder/source``, runs ``setup.sh`` once when it builds the
image, and runs ``run_autograder`` for every submission, which grades ``/autograder/submission``
and writes ``/autograder/results/results.json``. ``run_autograder`` takes its root from
``AUTOGRADER_ROOT`` (default ``/autograder``) so that tests can run it anywhere.
"""

import json
import os
import pathlib
import re
import stat
import tempfile
import time
import zipfile

from .. import ROOT
from ..grading.contents import archive_kind

# What the grader needs at run time (no notebooks, no plotting, no nbgrader).
GRADER_REQUIREMENTS = ("numpy", "pytest", "tqdm", "pyseccomp", "landlockpy")
INCLUDE = ["autograder/__init__.py", "autograder/__main__.py", "autograder/rubric.toml", "autograder/grading",
           "autograder/hidden", "autograder/integrations", "checks", "solutions/course_lib", "course_lib"]
EXCLUDE_NAMES = {"__pycache__", ".ipynb_checkpoints"}

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (apt-get update is done).
set -euxo pipefail
cd /autograder/source
apt-get install -y bubblewrap python3-venv
PY=python3
if ! $PY -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  # Older base images: Python 3.11 from the deadsnakes archive.
  apt-get install -y software-properties-common
  add-apt-repository -y ppa:deadsnakes/ppa
  apt-get update
  apt-get install -y python3.11 python3.11-venv
  PY=python3.11
fi
$PY -m venv /autograder/source/.venv
/autograder/source/.venv/bin/pip install --no-cache-dir -r /autograder/source/requirements-grader.txt
# Student code runs as uids of its own: it may read the runtime (.venv), never the course (the
# reference, the hidden checks, the rubric). The grader also sets these modes itself when it starts.
chmod -R go-rwx /autograder/source/course
chmod 0711 /autograder/source
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission: grade $ROOT/submission into $ROOT/results/results.json.
set -u
ROOT="${AUTOGRADER_ROOT:-/autograder}"
SRC="$ROOT/source"
PY="${AUTOGRADER_PYTHON:-$SRC/.venv/bin/python}"
mkdir -p "$ROOT/results"
cd "$SRC/course"
export PYTHONPATH="$SRC/course" OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
exec "$PY" -m autograder gradescope-run "$ROOT/submission" --results "$ROOT/results/results.json" \
    --sandbox "${COURSE_GRADER_SANDBOX:-auto}"
"""


def _pins():
    pins = {}
    for line in (ROOT / "requirements-lock.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            pins[name.strip().lower()] = version.strip()
    return [f"{name}=={pins[name]}" for name in GRADER_REQUIREMENTS]


def _rubric_with(visibility):
    text = (ROOT / "autograder" / "rubric.toml").read_text()
    if visibility:
        text = re.sub(r'^hidden_visibility = "[^"]*"', f'hidden_visibility = "{visibility}"', text, flags=re.M)
    return text


def build_zip(out, hidden_visibility=None):
    """Write the autograder zip to ``out``; returns its path."""
    out = pathlib.Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        def add_text(name, text, executable=False):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = ((0o755 if executable else 0o644) | stat.S_IFREG) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text)

        add_text("setup.sh", SETUP_SH, executable=True)
        add_text("run_autograder", RUN_AUTOGRADER, executable=True)
        add_text("requirements-grader.txt", "\n".join(_pins()) + "\n")
        for top in INCLUDE:
            paths = [ROOT / top] if (ROOT / top).is_file() else sorted((ROOT / top).rglob("*"))
            for path in paths:
                rel = path.relative_to(ROOT)
                if path.is_dir() or EXCLUDE_NAMES.intersection(rel.parts) or path.name in EXCLUDE_NAMES:
                    continue
                if rel.as_posix() == "autograder/rubric.toml":
                    add_text("course/autograder/rubric.toml", _rubric_with(hidden_visibility))
                else:
                    add_text(f"course/{rel.as_posix()}", path.read_bytes())
    return out


def _the_submission(folder):
    """What Gradescope unpacked: the folder itself, or the one zip or tarball it holds when the
    student uploaded an archive that Gradescope did not unpack."""
    folder = pathlib.Path(folder)
    entries = [p for p in folder.iterdir() if not p.name.startswith(".")] if folder.is_dir() else []
    if len(entries) == 1 and entries[0].is_file() and not entries[0].is_symlink() and archive_kind(entries[0].name):
        return str(entries[0])
    return str(folder)


def run(submission, results_path, sandbox="auto"):
    """Grade one Gradescope submission; always writes ``results_path`` (Gradescope's format).

    The top-level output never states the total while hidden checks are not yet visible (it
    would reveal their points before they are published), and it says which isolation layers
    were in force, in one line.
    """
    from ..grading import outputs
    from ..grading.grade import GraderError, Options, grade
    from ..grading.rubric import load
    from ..grading.sandbox import SandboxUnavailable
    from ..grading.submissions import InputError

    started = time.monotonic()
    rubric = load()
    show_total = rubric.hidden_visibility == "visible"
    with tempfile.TemporaryDirectory() as tmp:
        try:
            results, summary = grade([_the_submission(submission)], os.path.join(tmp, "out"),
                                     Options(jobs=1, sandbox=sandbox, progress=False, report=False, single=True),
                                     log=print)
            data = outputs.gradescope_results(results[0], rubric, show_total=show_total)
            if summary.sandbox:
                print(f"sandbox: {summary.sandbox}")
            for missing in summary.missing_layers:
                print(f"sandbox layer not in force: {missing}")
        except InputError as exc:
            data = {"score": 0.0, "tests": [], "visibility": "visible",
                    "output": f"Your upload could not be read ({exc}). Upload the zip that `make submit` "
                              "makes, or the .py files of course_lib/ that you edited."}
        except (GraderError, SandboxUnavailable) as exc:
            data = {"score": 0.0, "output": f"The autograder could not grade this submission ({exc}); "
                                            "please tell your instructor.", "tests": [], "visibility": "visible"}
        data["execution_time"] = round(time.monotonic() - started, 2)
    pathlib.Path(results_path).parent.mkdir(parents=True, exist_ok=True)
    pathlib.Path(results_path).write_text(json.dumps(data, indent=2) + "\n")
    print(f"results written to {results_path}")
    return 0
