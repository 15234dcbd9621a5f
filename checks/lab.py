"""``python -m checks.lab``: open JupyterLab on the course, the way the course expects.

* It serves the course folder itself (the one holding ``course_lib/`` and ``notebooks/``), so the
  file browser shows every notebook and ``course_lib/``, and opens the first notebook by URL
  (``jupyter lab some/folder/nb.ipynb`` would serve only ``some/folder``).
* It works as root (Docker, Codespaces) by adding ``--allow-root`` there.
* For students it hides nbgrader's instructor tools (formgrader, Create Assignment, the course and
  assignment lists) with the configuration in ``checks/jupyter/``; ``--instructor`` keeps them and
  opens formgrader (``--open formgrader``) or the instructor's notebooks.

    python -m checks.lab                      # students: notebooks/00_welcome/00_welcome.ipynb
    python -m checks.lab --instructor --open formgrader
    python -m checks.lab --print-command      # what it would run
"""

import argparse
import os
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
FIRST = "notebooks/00_welcome/00_welcome.ipynb"


def course_root(start=None):
    here = pathlib.Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "course_lib").is_dir() and (folder / "notebooks").is_dir():
            return folder
    raise FileNotFoundError("no course folder (holding course_lib/ and notebooks/) here or above")


def command(root, instructor=False, open_=None, port=None, browser=True, token=None):
    """The ``jupyter lab`` command line and the environment to run it with."""
    target = open_ or (FIRST if not instructor or not (root / "solutions").is_dir()
                       else "solutions/notebooks/00_welcome/00_welcome.ipynb")
    url = "/formgrader" if target == "formgrader" else f"/lab/tree/{target}"
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root}",
           f"--LabApp.default_url={url}"]
    if port:
        cmd.append(f"--ServerApp.port={port}")
    if not browser:
        cmd.append("--no-browser")
    if token is not None:
        cmd.append(f"--IdentityProvider.token={token}")
    if hasattr(os, "getuid") and os.getuid() == 0:
        cmd.append("--allow-root")
    env = dict(os.environ)
    if not instructor:
        env["JUPYTER_CONFIG_DIR"] = str(HERE / "jupyter")   # hides nbgrader's instructor tools
    # nbgrader runs `alembic` by name: this interpreter's bin/ first on PATH.
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    return cmd, env, root


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m checks.lab", description=__doc__.split("\n")[0])
    parser.add_argument("--instructor", action="store_true", help="keep nbgrader's instructor tools")
    parser.add_argument("--open", dest="open_", default=None,
                        help="a notebook path to open, or 'formgrader' (default: the first notebook)")
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--print-command", action="store_true", help="print the command instead of running it")
    args = parser.parse_args(argv)
    try:
        root = course_root()
    except FileNotFoundError as exc:
        print(f"lab: {exc}", file=sys.stderr)
        return 2
    cmd, env, cwd = command(root, args.instructor, args.open_, args.port, not args.no_browser)
    if args.print_command:
        print(" ".join(cmd))
        return 0
    os.chdir(cwd)
    os.execve(sys.executable, cmd, env)


if __name__ == "__main__":
    sys.exit(main())
