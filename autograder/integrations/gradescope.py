"""Gradescope: building the autograder zip, and what it runs for each submission.

``python -m autograder gradescope --out FILE.zip`` writes a zip laid out as Gradescope's
autograder specification asks: ``setup.sh`` and ``run_autograder`` at its root, plus the grader
(``course/``: the engine, the public and hidden checks, the rubric and the reference solution).
Gradescope unpacks it into ``/autograder/source``, runs ``setup.sh`` once when it builds the
image, and runs ``run_autograder`` for every submission, which grades ``/autograder/submission``
and writes ``/autograder/results/results.json``. ``run_autograder`` takes its root from
``AUTOGRADER_ROOT`` (default ``/autograder``) so that tests can run it anywhere.

``write_template(FILE.pdf)`` (``gradescope`` writes it beside the zip) is the written answers'
template, for a second, manually graded assignment: the very pages of every student's
written-answers PDF (``checks.written``), answer boxes empty. Its page count is the one every
student's PDF has, so Gradescope's fixed-template matching finds each answer on its page.
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

# What the grader needs at run time (no notebooks' kernels, no plotting, no nbgrader); the zip's
# requirements-grader.txt pins these and every package they depend on, from requirements-lock.txt.
GRADER_REQUIREMENTS = ("numpy", "pytest", "tqdm", "pyseccomp", "landlockpy")
INCLUDE = ["autograder/__init__.py", "autograder/__main__.py", "autograder/rubric.toml", "autograder/grading",
           "autograder/parts", "autograder/authoring/__init__.py", "autograder/authoring/regions.py",
           "autograder/integrations", "checks", "solutions/course_lib", "course_lib",
           "solutions/notebooks"]
EXCLUDE_NAMES = {"__pycache__", ".ipynb_checkpoints"}
# The Python that grades on Gradescope, whatever the base image: a standalone CPython installed
# by uv (pinned), never the image's python3 (3.10 on Ubuntu 22.04, Gradescope's default).
UV_VERSION = "0.13.9"
PYTHON_VERSION = "3.11.18"
# The platform the runtime is installed for, to resolve the dependencies' markers.
RUNTIME_MARKERS = {"python_version": PYTHON_VERSION.rsplit(".", 1)[0], "python_full_version": PYTHON_VERSION,
                   "sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
                   "platform_machine": "x86_64", "implementation_name": "cpython",
                   "platform_python_implementation": "CPython", "extra": ""}

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (with network). It
# installs the grader's own Python and pinned packages under $ROOT/runtime, readable by any uid
# (sandboxed student code runs as uids of its own and needs the interpreter and NumPy), and makes
# the course (reference, hidden checks, rubric) root's alone. Nothing is downloaded afterwards.
#
#   COURSE_PYTHON=/path/python3.11  use this existing Python (3.11+) instead of downloading one
#   COURSE_SKIP_APT=1               do not run apt-get (a machine that already has the packages)
#   AUTOGRADER_ROOT=DIR             Gradescope's root (default /autograder; tests use another)
set -euxo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
SRC="$ROOT/source"
RUNTIME="$ROOT/runtime"
UV_VERSION=@UV_VERSION@
PYTHON_VERSION=@PYTHON_VERSION@
umask 022

if [ -z "${COURSE_SKIP_APT:-}" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  # bubblewrap: the sandbox (where the container lets it start); libseccomp2: the seccomp layer;
  # python3-venv: only to bootstrap uv; util-linux: setpriv, for the check at the end.
  apt-get install -y --no-install-recommends bubblewrap libseccomp2 python3 python3-venv \
      ca-certificates util-linux
fi

rm -rf "$RUNTIME"
mkdir -p "$RUNTIME"
# uv, pinned, from PyPI, in a throw-away environment of the image's python3 (any version).
python3 -m venv "$RUNTIME/bootstrap"
"$RUNTIME/bootstrap/bin/python" -m pip install --quiet --no-cache-dir --disable-pip-version-check \
    "uv==$UV_VERSION"
UV="$RUNTIME/bootstrap/bin/uv"
export UV_CACHE_DIR="$RUNTIME/uv-cache" UV_NO_CONFIG=1 UV_PYTHON_INSTALL_DIR="$RUNTIME/python"

if [ -n "${COURSE_PYTHON:-}" ]; then
  BASE="$COURSE_PYTHON"
else
  # A standalone CPython (python-build-standalone) under $RUNTIME, not under /root (0700).
  "$UV" python install --no-bin "$PYTHON_VERSION"
  BASE="$("$UV" python find --managed-python --no-python-downloads "$PYTHON_VERSION")"
fi
"$BASE" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || { echo "setup.sh: $BASE is older than Python 3.11"; exit 1; }

"$UV" venv --python "$BASE" --no-python-downloads "$RUNTIME/venv"
# Every package pinned, dependencies included; --no-deps installs exactly the list, and the
# check proves that the list is complete.
"$UV" pip install --python "$RUNTIME/venv/bin/python" --no-deps -r "$SRC/requirements-grader.txt"
"$UV" pip check --python "$RUNTIME/venv/bin/python"
rm -rf "$RUNTIME/bootstrap" "$RUNTIME/uv-cache"

# Any uid may read and run the runtime; only root may enter the course.
chmod -R a+rX "$RUNTIME"
chmod o+x "$ROOT"
chmod -R go-rwx "$SRC/course"
chmod 0711 "$SRC"

# Measured, not assumed: an unprivileged uid can run the grader's Python and import what the
# sandbox needs, and cannot read the course.
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
"${NOBODY[@]}" "$RUNTIME/venv/bin/python" -I -c 'import numpy, landlockpy, pyseccomp, json, pathlib'
if "${NOBODY[@]}" cat "$SRC/course/autograder/rubric.toml" >/dev/null 2>&1; then
  echo "setup.sh: the course is readable by other users"; exit 1
fi
"$RUNTIME/venv/bin/python" --version
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission: grade $ROOT/submission (the library and the notebooks'
# auto-graded answers) into $ROOT/results/results.json. It downloads nothing.
set -u
ROOT="${AUTOGRADER_ROOT:-/autograder}"
SRC="$ROOT/source"
PY="${AUTOGRADER_PYTHON:-$ROOT/runtime/venv/bin/python}"
mkdir -p "$ROOT/results"
cd "$SRC/course"
export PYTHONPATH="$SRC/course" OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 PYTHONDONTWRITEBYTECODE=1
exec "$PY" -m autograder gradescope-run "$ROOT/submission" --results "$ROOT/results/results.json" \
    --sandbox "${COURSE_GRADER_SANDBOX:-auto}"
"""


class BuildError(RuntimeError):
    pass


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements-lock.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            pins[_canonical(name)] = version.strip()
    return pins


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def grader_requirements() -> list[str]:
    """``GRADER_REQUIREMENTS`` and everything they depend on (on the runtime's platform), each
    pinned as in requirements-lock.txt: the zip's requirements-grader.txt. The dependencies are
    read from the installed packages' metadata, which must match the lock."""
    from importlib.metadata import PackageNotFoundError, distribution

    from packaging.requirements import Requirement

    lock = _lock()
    pins: dict[str, str] = {}
    todo = list(GRADER_REQUIREMENTS)
    while todo:
        name = _canonical(todo.pop())
        if name in pins:
            continue
        if name not in lock:
            raise BuildError(f"{name} (needed by the grader) is not pinned in requirements-lock.txt")
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            raise BuildError(f"{name} is not installed here: run `make` first (it installs the lock)") \
                from None
        if dist.version != lock[name]:
            raise BuildError(f"{name} {dist.version} is installed but the lock pins {lock[name]}")
        pins[name] = lock[name]
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate(RUNTIME_MARKERS):
                todo.append(req.name)
    return [f"{name}=={version}" for name, version in sorted(pins.items())]


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

        setup = SETUP_SH.replace("@UV_VERSION@", UV_VERSION).replace("@PYTHON_VERSION@", PYTHON_VERSION)
        add_text("setup.sh", setup, executable=True)
        add_text("run_autograder", RUN_AUTOGRADER, executable=True)
        add_text("requirements-grader.txt", "\n".join(grader_requirements()) + "\n")
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


def write_template(out):
    """The written-answers template: a cover and one page per written question, the layout every
    student's PDF has (``checks.written``), with empty answer boxes. Returns (path, pages)."""
    from checks import written

    out = pathlib.Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    questions = written.course_questions(ROOT)
    written.write_pdf([{**q, "answer": ""} for q in questions], str(out), student=None)
    return out, written.page_count(questions)


def _the_submission(folder):
    """What Gradescope unpacked: the folder itself, or the one zip or tarball it holds when the
    student uploaded an archive that Gradescope did not unpack (beside, perhaps, files that are
    not work, such as the written answers' PDF that `make submit` writes next to the zip)."""
    folder = pathlib.Path(folder)
    entries = [p for p in folder.iterdir() if not p.name.startswith(".")] if folder.is_dir() else []
    archives = [p for p in entries if p.is_file() and not p.is_symlink() and archive_kind(p.name)]
    work = [p for p in entries if p.is_dir() or p.suffix in (".py", ".ipynb")]
    if len(archives) == 1 and not work:
        return str(archives[0])
    return str(folder)


def run(submission, results_path, sandbox="auto"):
    """Grade one Gradescope submission; always writes ``results_path`` (Gradescope's format).

    The library's checks and the notebooks' auto-graded questions are its tests. The top-level
    output never states the total while hidden checks are not yet visible (it would reveal their
    points before they are published), and it says which isolation layers were in force.
    """
    from ..grading import outputs
    from ..grading.grade import GraderError, Options, grade
    from ..grading.rubric import load
    from ..grading.sandbox import SandboxUnavailable
    from ..grading.submissions import InputError

    started = time.monotonic()
    rubric = load()
    show_total = rubric.hidden_visibility == "visible"
    upload = _the_submission(submission)
    mode = None
    options = Options(jobs=1, sandbox=sandbox, progress=False, report=False, single=True)
    with tempfile.TemporaryDirectory() as tmp:
        try:
            results, summary = grade([upload], os.path.join(tmp, "out"), options, log=print)
            data = outputs.gradescope_results(results[0], rubric, show_total=show_total)
            if summary.sandbox:
                mode = "bwrap" if summary.sandbox.startswith("bubblewrap") else "plain"
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
        # The notebooks are graded on their own: a library that cannot be graded is the library's.
        data["output"] = data.get("output", "").replace("the submission cannot be graded:",
                                                        "the library cannot be graded:")
        for t in data.get("tests", []):
            t["output"] = t.get("output", "").replace("the submission cannot be graded:",
                                                      "the library cannot be graded:")
        try:
            _add_notebooks(data, upload, rubric, sandbox, mode, options.limits)
        except (GraderError, SandboxUnavailable) as exc:
            data["output"] = (data.get("output", "") + f"\nThe notebooks could not be graded ({exc}); "
                              "please tell your instructor.").strip()
        data["execution_time"] = round(time.monotonic() - started, 2)
    pathlib.Path(results_path).parent.mkdir(parents=True, exist_ok=True)
    pathlib.Path(results_path).write_text(json.dumps(data, indent=2) + "\n")
    print(f"results written to {results_path}")
    return 0


def _add_notebooks(data, upload, rubric, sandbox, mode, limits=None):
    """The notebooks' auto-graded questions, as tests beside the library's checks (see
    ``grading.notebooks``), within the same ``limits`` as the library. A question with hidden
    asserts is two tests: the asserts students see in their notebook (visible, no points), and
    the whole test cell with its points, shown as the rubric shows hidden checks; its message
    never quotes a hidden assert. A question the grader failed on says so (no points, and a
    request to resubmit or tell the instructor), and so does the overall output."""
    from ..grading import notebooks
    from ..grading.outputs import pts
    from ..grading.sandbox import choose_mode

    course = notebooks.load_course()
    if not course.questions:
        return
    works = notebooks.discover_work([upload], course, single=True)
    if mode is None:
        found = choose_mode(sandbox, warn=print)
        mode = found.mode
        print(f"sandbox: {found.layers}")
    result = notebooks.grade_all(works, course, limits, mode=mode, jobs=1)[0]
    first = len(rubric.parts) + 1
    index = {nb: i for i, nb in enumerate(dict.fromkeys(q.assignment for q in course.questions), first)}
    counters: dict[str, int] = {}
    tests = data.setdefault("tests", [])
    for q in result.questions:
        title = f"Notebook {q.assignment.replace('_', ' ')}: question {q.answer_id}"
        tags = ["notebook", q.assignment]
        if q.has_hidden:
            counters[q.assignment] = counters.get(q.assignment, 0) + 1
            tests.append({"name": f"{title} (the checks in your notebook)",
                          "number": f"{index[q.assignment]}.{counters[q.assignment]}",
                          "score": 0.0, "max_score": 0.0,
                          "status": "passed" if q.visible_passed else "failed",
                          "output": "" if q.visible_passed else q.message,
                          "visibility": rubric.public_visibility, "tags": tags + ["public"]})
        counters[q.assignment] = counters.get(q.assignment, 0) + 1
        tests.append({"name": title, "number": f"{index[q.assignment]}.{counters[q.assignment]}",
                      "score": q.score, "max_score": q.points, "status": "passed" if q.passed else "failed",
                      "output": "" if q.passed else q.message,
                      "visibility": rubric.hidden_visibility if q.has_hidden else rubric.public_visibility,
                      "tags": tags + ["hidden" if q.has_hidden else "public"]})
    data["score"] = round(float(data.get("score", 0.0)) + result.score, 4)
    missing = {q.notebook for q in result.questions if not q.submitted}
    line = (f"Notebooks: {len(course.notebooks()) - len(missing)} of {len(course.notebooks())} notebooks "
            "with auto-graded questions found in your upload.")
    if rubric.hidden_visibility == "visible":
        line += f" Their questions: {pts(result.score)} / {pts(result.max_score)} points."
    data["output"] = "\n".join(x for x in (data.get("output", ""), line) if x)
    if result.not_graded:
        line = (f"{len(result.not_graded)} notebook question(s) could not be graded because of a problem of the "
                "autograder's, not of your work: upload again, or tell your instructor.")
        data["output"] = "\n".join(x for x in (data.get("output", ""), line) if x)
    for note in result.notes:
        print(f"notebooks: {note}")
