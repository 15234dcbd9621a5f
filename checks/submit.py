"""The student's submit: self-checks, a summary of what is done, and one zip to hand in.

    python -m checks.submit [--name NAME]        # from the course folder (or: make submit NAME=...)
    from checks.submit import submit; submit()   # from a notebook

It runs the public checks, lists the functions that still raise NotImplementedError, and packs
``course_lib/*.py`` and ``notebooks/**/*.ipynb`` into ``NAME.zip`` (NAME is your student id; the
grader names you after the zip). Nothing else goes in: never anything from ``solutions/``.
Beside the zip it writes ``NAME-written.pdf``, your written answers for a grader to read
(``checks.written``).
This module is part of the student version of the course.
"""

import getpass
import os
import pathlib
import re
import subprocess
import sys
import zipfile

from checks.stubs import unwritten

STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$")


def course_root(start=None):
    """The nearest folder, from ``start`` (default: here) upwards, holding course_lib/."""
    here = pathlib.Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "course_lib").is_dir():
            return folder
    raise FileNotFoundError("no course_lib/ folder here or above: run this from your course folder")


def unimplemented(root):
    """[(function, file, notebook)] for every stub still in course_lib/."""
    found = []
    for path in sorted((root / "course_lib").glob("*.py")):
        found += unwritten(path.read_text(errors="replace"))
    return found


def default_name():
    name = os.environ.get("STUDENT_ID") or getpass.getuser()
    return re.sub(r"[^A-Za-z0-9._@+-]", "-", name).strip("-.") or "student"


def files_to_pack(root):
    """The paths (relative to ``root``) that go into the zip."""
    paths = sorted(p for p in (root / "course_lib").glob("*.py") if p.is_file() and not p.is_symlink())
    paths += sorted(p for p in (root / "notebooks").rglob("*.ipynb")
                    if ".ipynb_checkpoints" not in p.parts and p.is_file() and not p.is_symlink())
    rel = [p.relative_to(root) for p in paths]
    assert not [r for r in rel if r.parts[0] == "solutions"]
    return rel


def submit(name=None, out=None, run_checks=True, root=None):
    """Check, summarize and pack; returns the path of the zip."""
    root = course_root(root)
    name = name or default_name()
    if not STUDENT_ID.match(name):
        raise ValueError(f"{name!r} cannot name a submission: use letters, digits and . _ @ + - only")
    if run_checks:
        print("Running the public self-checks...")
        done = subprocess.run([sys.executable, "-m", "checks", "--lib", str(root)], cwd=root,
                              capture_output=True, text=True,
                              env=dict(os.environ,
                                       PYTHONPATH=str(root) + os.pathsep + os.environ.get("PYTHONPATH", "")))
        lines = done.stdout.strip().splitlines()
        failed = [line for line in lines if line.startswith("FAIL")]
        print(lines[-1] if lines else "(the self-checks printed nothing)")
        for line in failed[:20]:
            print("  " + line)
    todo = unimplemented(root)
    if todo:
        print(f"\nWARNING: {len(todo)} function(s) are not written yet and will score 0:")
        for function, file, notebook in todo:
            print(f"  - {function} in {file} (notebook {notebook})")
    else:
        print("\nEvery function of course_lib is written.")
    out_dir = pathlib.Path(out or root)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{name}.zip"
    rel = files_to_pack(root)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for r in rel:
            zf.write(root / r, r.as_posix())
    print(f"\nPacked {len(rel)} files into {target}: hand in this file.")
    try:
        from checks.written import export

        written, items, notes = export(root, str(out_dir / f"{name}-written"), name)
        empty = sum(1 for i in items if not i["answer"])
        print(f"Your {len(items)} written answers ({empty} still empty) are in {written}: if your course "
              "grades them on Gradescope, upload that file, as it is, to the written-answers assignment.")
        for level, note in notes:
            print(f"  {level}: {note}")
    except Exception as exc:  # the zip is what matters; say why the written answers are missing
        print(f"(The written answers could not be exported: {type(exc).__name__}: {exc})")
    return target


def main(name=None, out=None, run_checks=True):
    try:
        submit(name, out, run_checks)
    except (FileNotFoundError, ValueError) as exc:
        print(f"submit: {exc}", file=sys.stderr)
        return 2
    return 0


def cli(argv=None):
    import argparse

    parser = argparse.ArgumentParser(prog="python -m checks.submit", description=__doc__.split("\n")[0])
    parser.add_argument("--name", default=None, help="your student id (default: $STUDENT_ID, else your user name)")
    parser.add_argument("--out", default=None, metavar="DIR",
                        help="where to write the zip (default: the course folder)")
    parser.add_argument("--no-checks", action="store_true", help="pack without running the self-checks")
    args = parser.parse_args(argv)
    return main(name=args.name, out=args.out, run_checks=not args.no_checks)


if __name__ == "__main__":
    sys.exit(cli())
