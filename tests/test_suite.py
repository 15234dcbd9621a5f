"""The test suite's own machinery (tests/conftest.py, scripts/stress-suite): builds shared under a
key, what ``-k`` leaves a module fixture to grade, waits that stretch with the load, and the
script that runs the suite beside CPU hogs until a test fails."""

import importlib.machinery
import importlib.util
import os
import subprocess
import sys
import textwrap

import pytest
from conftest import ROOT, Patience, cached_build, load_factor, stretched

pytest_plugins = ["pytester"]


def test_a_cached_build_is_made_once_per_key_and_again_for_a_new_key(tmp_path, monkeypatch):
    import conftest

    monkeypatch.setattr(conftest, "ROOT", tmp_path)
    made = []

    def build(dest):
        dest.mkdir()
        (dest / "n").write_text(str(len(made)))
        made.append(dest)

    first = cached_build("thing", "a" * 64, build)
    assert cached_build("thing", "a" * 64, build) == first and len(made) == 1
    assert (first / "n").read_text() == "0"
    second = cached_build("thing", "b" * 64, build)
    assert second != first and (second / "n").read_text() == "1"


def test_a_build_that_fails_is_not_kept(tmp_path, monkeypatch):
    import conftest

    monkeypatch.setattr(conftest, "ROOT", tmp_path)

    def broken(dest):
        dest.mkdir()
        raise RuntimeError("half-way")

    with pytest.raises(RuntimeError):
        cached_build("thing", "c" * 64, broken)
    calls = []
    path = cached_build("thing", "c" * 64, lambda dest: (dest.mkdir(), calls.append(1)))
    assert calls == [1] and (path / ".complete").exists()


def test_a_module_fixture_grades_only_what_k_selected(pytester, monkeypatch):
    """``selected`` gives a module fixture the parameters of the tests that will run."""
    pytester.syspathinsert(str(ROOT / "tests"))
    pytester.makepyfile(test_batch=textwrap.dedent("""
        import os

        import pytest
        from conftest import selected

        GRADED = []

        @pytest.fixture(scope="module")
        def graded(request):
            GRADED.extend(selected(request, "entry"))
            return set(GRADED)

        @pytest.mark.parametrize("entry", ["mse_sum", "mae_sign", "huber_delta"])
        def test_entry(graded, entry):
            assert entry in graded

        def test_what_was_graded(graded):
            assert sorted(GRADED) == os.environ["EXPECTED"].split()
    """))
    monkeypatch.setenv("EXPECTED", "huber_delta mae_sign")
    result = pytester.runpytest_inprocess("-k", "mae_sign or huber or what_was", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


def test_a_course_lib_run_in_this_process_is_forgotten_after_the_test(tmp_path):
    """The self-check runs a course_lib in the test process; the autouse fixture then forgets it,
    so that a later test on the same worker can check grading never imports student code."""
    from conftest import forget_course_lib

    from checks.framework import LocalLibrary

    (tmp_path / "course_lib").mkdir()
    (tmp_path / "course_lib" / "__init__.py").write_text("")
    (tmp_path / "course_lib" / "losses.py").write_text("def mse(a, b):\n    return 0.0\n")
    LocalLibrary(tmp_path)
    import course_lib.losses  # noqa: F401  (what a check's call into it does)

    assert "course_lib" in sys.modules
    assert sorted(forget_course_lib()) == ["course_lib", "course_lib.losses"]
    assert not [m for m in sys.modules if m.startswith("course_lib")]


def test_patience_slows_its_clock_on_a_busy_machine(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr("time.monotonic", lambda: clock[0])
    monkeypatch.setattr(os, "getloadavg", lambda: (8.0, 8.0, 8.0))
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    assert load_factor() == 4.0 and stretched(30) == 120.0
    patience = Patience(30)
    clock[0] += 100                        # 100 s on a machine four times slower: 25 s of a quiet one
    assert not patience.over()
    clock[0] += 30
    assert patience.over()
    monkeypatch.setattr(os, "getloadavg", lambda: (0.5, 0.5, 0.5))
    quiet = Patience(30)
    clock[0] += 31
    assert quiet.over() and load_factor() == 1.0


def _stress_script():
    loader = importlib.machinery.SourceFileLoader("stress_suite", str(ROOT / "scripts" / "stress-suite"))
    spec = importlib.util.spec_from_loader("stress_suite", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_the_stress_script_reads_pytests_summary():
    stress = _stress_script()
    log = textwrap.dedent("""\
        ..F.                                                   [100%]
        ============================= slowest 30 durations =============================
        12.50s call     tests/test_a.py::test_slow
        0.20s setup    tests/test_a.py::test_other
        =========================== short test summary info ============================
        FAILED tests/test_a.py::test_flaky[plain] - AssertionError: assert 3 == 4
        ERROR tests/test_b.py::test_setup - RuntimeError: the server did not start
        1 failed, 2 passed, 1 error in 31.02s
    """)
    assert stress.summary_line(log) == "1 failed, 2 passed, 1 error in 31.02s"
    assert stress.failures(log) == ["FAILED tests/test_a.py::test_flaky[plain] - AssertionError: assert 3 == 4",
                                    "ERROR tests/test_b.py::test_setup - RuntimeError: the server did not start"]
    assert stress.slowest(log, 1) == ["12.50s call     tests/test_a.py::test_slow"]


@pytest.mark.slow
def test_the_stress_script_stops_at_the_first_failure_and_names_it(tmp_path):
    (tmp_path / "test_one.py").write_text("def test_fine():\n    pass\n\ndef test_broken():\n    assert 1 == 2\n")
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "stress-suite"), "--runs", "3", "--hogs", "1",
                           "--", str(tmp_path / "test_one.py"), "-n", "0", "--rootdir", str(tmp_path)],
                          capture_output=True, text=True, timeout=stretched(300))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "run 1/3: FAILED" in done.stdout and "run 2/3" not in done.stdout
    assert "test_one.py::test_broken" in done.stdout
    assert "0 of 1 run(s) passed" in done.stdout
    pids = [int(p) for line in done.stdout.splitlines() if line.startswith("hogs:") for p in line.split()[1:]]
    assert len(pids) == 1 and not os.path.exists(f"/proc/{pids[0]}"), "a CPU hog outlived the script"
