"""Dependencies are pinned, and requirements.txt and environment.yml agree."""

import re

from conftest import ROOT


def _requirements():
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep, f"requirements.txt: {line!r} is not pinned with =="
            pins[name.lower()] = version
    return pins


def _environment():
    pins, in_deps = {}, False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        m = re.match(r"^\s+-\s+([A-Za-z0-9_.-]+)(?:==?([^\s#:]+))?\s*$", line)
        if in_deps and m:
            pins[m.group(1).lower()] = m.group(2)
    return pins


def test_every_requirement_is_pinned_and_locked():
    lock = {}
    for line in (ROOT / "requirements-lock.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            lock[name.lower().replace("_", "-")] = version
    for name, version in _requirements().items():
        assert lock.get(name) == version, f"{name}=={version} is not in requirements-lock.txt with that version"
    assert all(lock.values()), "requirements-lock.txt has an unpinned line"


def test_environment_yml_has_the_same_pins():
    env, req = _environment(), _requirements()
    assert env.pop("python") == "3.11"
    assert "pip" in env and env.pop("pip") is None   # (the "- pip:" section's line too)
    assert env == req, f"environment.yml and requirements.txt differ: {set(env.items()) ^ set(req.items())}"
