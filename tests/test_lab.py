"""JupyterLab as students and instructors start it (`make lab`, `python -m checks.lab`): a real
server, asked through its REST API what it serves."""

import json
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from conftest import ROOT, Patience, stretched

from autograder.authoring.student_repo import export
from checks import lab

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("lab")]
TOKEN = "course-test-token"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, root, instructor):
        self.port = _free_port()
        cmd, env, cwd = lab.command(root, instructor=instructor, port=self.port, browser=False, token=TOKEN)
        cmd.append("--ServerApp.ip=127.0.0.1")
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        patience = Patience(120)          # two minutes of a quiet machine: longer on a busy one
        while not patience.over():
            try:
                self.get("/api/status")
                return
            except (urllib.error.URLError, ConnectionError):
                if self.proc.poll() is not None:
                    raise RuntimeError(self.proc.stderr.read().decode()[-3000:]) from None
                time.sleep(0.5)
        raise RuntimeError("the server did not start")

    def get(self, path):
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}",
                                     headers={"Authorization": f"token {TOKEN}"})
        with urllib.request.urlopen(req, timeout=stretched(30)) as r:
            return r.status, r.read().decode()

    def redirect(self, path):
        """Where the server sends a browser that opens ``path``."""
        class Stay(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}",
                                     headers={"Authorization": f"token {TOKEN}"})
        try:
            urllib.request.build_opener(Stay).open(req, timeout=stretched(30))
        except urllib.error.HTTPError as exc:
            return exc.headers.get("Location", "")
        return ""

    def status(self, path):
        try:
            return self.get(path)[0]
        except urllib.error.HTTPError as exc:
            return exc.code

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="module")
def student(tmp_path_factory):
    repo = export(tmp_path_factory.mktemp("student-lab") / "course")
    server = Server(repo, instructor=False)
    yield server, repo
    server.stop()


def test_the_student_server_serves_the_course_root(student):
    server, repo = student
    _, listing = server.get("/api/contents/")
    names = {item["name"] for item in json.loads(listing)["content"]}
    assert {"course_lib", "notebooks", "checks"} <= names
    _, lib = server.get("/api/contents/course_lib")
    assert "losses.py" in {item["name"] for item in json.loads(lib)["content"]}
    for nb in sorted((repo / "notebooks").rglob("*.ipynb")):
        rel = nb.relative_to(repo).as_posix()
        assert server.status(f"/api/contents/{rel}?content=0") == 200, rel


def test_the_student_server_opens_the_first_notebook_and_hides_instructor_tools(student):
    server, _ = student
    _, page = server.get("/lab")
    config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                  page, re.S).group(1))
    assert server.redirect("/").startswith("/lab/tree/notebooks/00_welcome/00_welcome.ipynb")
    disabled = config.get("disabledExtensions", [])
    disabled = disabled if isinstance(disabled, list) else [k for k, v in disabled.items() if v]
    assert "@jupyter/nbgrader:formgrader" in disabled and "@jupyter/nbgrader:create-assignment" in disabled
    assert "@jupyter/nbgrader:validate-assignment" not in disabled
    assert server.status("/formgrader") == 404


def test_the_instructor_server_has_formgrader():
    server = Server(ROOT, instructor=True)
    try:
        assert server.status("/formgrader") == 200
        _, listing = server.get("/api/contents/solutions/notebooks")
        assert json.loads(listing)["content"]
    finally:
        server.stop()
