"""The students' self-check: `python -m checks PART` and check("PART") in a notebook."""

import re

import pytest
from conftest import ROOT, examples_dir, run

EXAMPLES = examples_dir() / "submissions"


def test_reference_passes_its_public_checks():
    done = run(["checks", "mse", "--lib", str(EXAMPLES / "reference")])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PASS" in done.stdout and "FAIL" not in done.stdout


def test_untouched_version_fails_with_a_hint():
    done = run(["checks", "mse", "--lib", str(EXAMPLES / "untouched")])
    assert done.returncode == 1
    assert "not written yet" in done.stdout


def test_mistake_gets_a_hint_in_the_students_terms():
    done = run(["checks", "mse", "--lib", str(EXAMPLES / "sum_instead_of_mean")])
    assert done.returncode == 1
    assert "a sum where a mean belongs" in done.stdout


def test_self_check_never_mentions_hidden_checks(rubric):
    done = run(["checks", "--lib", str(EXAMPLES / "untouched")])
    hidden = [cid for cid, c in rubric.checks.items() if not c.public]
    assert hidden and not [cid for cid in hidden if cid in done.stdout]


def test_unknown_part_is_a_clear_error():
    done = run(["checks", "no_such_part", "--lib", str(EXAMPLES / "reference")])
    assert done.returncode == 2
    assert re.search(r"No public checks for no_such_part\. Parts with checks: .*mse", done.stdout)


def test_missing_course_lib_is_a_clear_error(tmp_path):
    done = run(["checks", "mse", "--lib", str(tmp_path)])
    assert done.returncode == 2 and "no course_lib/ folder" in done.stderr


def test_notebook_call_prints_the_same_verdicts():
    import subprocess
    import sys

    code = f"from checks import check; print('RESULT', check('mse', lib={str(EXAMPLES / 'untouched')!r}))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "FAIL" in out.stdout and "RESULT False" in out.stdout


# Mistakes the notebooks warn about (notebook: what it says), each a corpus entry: each must fail a
# public check, so that a student who runs check(PART) hears about it before submitting.
WARNED = {
    "mse_loop": "00: use whole-array operations, the grader times your function",
    "mae_grad_ties": "01: np.sign(0) is 0, the gradient where prediction equals target",
    "huber_no_offset": "01: the linear piece is shifted by -delta**2 / 2",
    "huber_no_half": "01: near zero Huber is 0.5 r**2",
    "bce_no_clamp": "02: clamp each log at -100",
    "bce_grad_no_guard": "02: keep p (1 - p) from falling below 1e-12",
    "bcel_naive": "02: the naive sigmoid-then-log formula at extreme logits",
    "softmax_no_shift": "02: subtract the maximum before exp",
    "log_softmax_of_softmax": "02: log(softmax(z)) brings back log 0",
    "cce_mean_all": "02: divide by N, not by N x C",
    "cce_grad_no_smoothing": "02: the smoothed target is the gradient's target too",
    "hinge_grad_kink": "02: at y s = 1 exactly the subgradient is 0",
    "kl_reversed": "03: note the argument order",
    "kl_no_zero_rule": "03: 0 log 0 would give NaN",
    "kl_ratio": "03: log(p / q) overflows where q is tiny (say 1e-320)",
    "kl_grad_no_mean": "03: for a batch the gradient is divided by N",
    "es_reference": "05: best_state = state keeps the live arrays",
    "es_shallow_copy": "05: dict(state) shares the arrays",
    "drop_keep_prob": "06: p is the probability of dropping",
    "drop_p_one_nan": "06: p = 1 must not divide by 1 - p = 0",
    "drop_global_rng": "06: always draw from self.rng (the gradient check relies on it)",
    "drop_backward_new_mask": "06: backward uses the mask of the last forward, never a new one",
    "bn_unbiased_normalize": "07: normalize with the BIASED variance",
    "bn_biased_running": "07: running_var stores the UNBIASED variance",
    "bn_backward_no_xhat_term": "07: dx has the terms of the mean and of the variance",
    "bn_batch_stats_in_eval": "07: eval mode uses the running statistics",
    "bn_backward_always_train": "07: in eval mode the statistics are constants",
}


@pytest.fixture(scope="module")
def warned_libraries(tmp_path_factory, rubric):
    from autograder.authoring import release
    from autograder.parts.corpus import mutate

    base = tmp_path_factory.mktemp("warned")
    for name in WARNED:
        release.build_library(base / name / "course_lib", rubric, mutate([name]))
    return base


@pytest.mark.parametrize("name", sorted(WARNED))
def test_public_checks_catch_what_the_notebooks_warn_about(warned_libraries, rubric, name, capsys):
    from autograder.parts.corpus import by_name
    from checks.__main__ import main

    mistake = by_name()[name]
    part = rubric.part_of_target(mistake.target).id
    assert [c for c in mistake.catches if rubric.checks[c].public], f"the corpus says no public check catches {name}"
    code = main([part, "--lib", str(warned_libraries / name)])        # the self-check, in this process
    out = capsys.readouterr().out
    assert code == 1 and "FAIL" in out, f"{name} ({WARNED[name]}) passes every public check of {part}:\n{out}"


GRADERS_IMPORTS = "the grader runs your code with NumPy and Python's standard library only"


def _environment(kind):
    from autograder.parts.corpus import ALTERNATIVES, MISTAKES

    return sorted(e.name for e in (MISTAKES if kind == "mistake" else ALTERNATIVES) if "environment" in e.tags)


@pytest.fixture(scope="module")
def environment_libraries(tmp_path_factory, rubric):
    from autograder.authoring import release
    from autograder.parts.corpus import mutate

    base = tmp_path_factory.mktemp("environment")
    for name in _environment("mistake") + _environment("alternative"):
        release.build_library(base / name / "course_lib", rubric, mutate([name]))
    return base


@pytest.mark.parametrize("name", _environment("mistake"))
def test_an_import_the_grader_lacks_fails_the_self_check_as_it_fails_grading(environment_libraries, rubric,
                                                                              name, capsys):
    """SciPy and scikit-learn are where students work, not where the grader runs their code: the
    self-check refuses them with the grader's own message (``wire.ImportGuard``, in both)."""
    from autograder.parts.corpus import by_name
    from checks.__main__ import main

    part = rubric.part_of_target(by_name()[name].target).id
    code = main([part, "--lib", str(environment_libraries / name)])
    out = capsys.readouterr().out
    assert code == 1 and GRADERS_IMPORTS in out, out


@pytest.mark.parametrize("name", _environment("alternative"))
def test_numpy_and_the_standard_library_pass_the_self_check(environment_libraries, rubric, name, capsys):
    from autograder.parts.corpus import by_name
    from checks.__main__ import main

    part = rubric.part_of_target(by_name()[name].target).id
    code = main([part, "--lib", str(environment_libraries / name)])
    out = capsys.readouterr().out
    assert code == 0, out


def test_the_import_guard_leaves_other_code_and_the_provided_modules_alone():
    """Only course_lib's own graded modules are held to the grader's imports: pytest, NumPy and the
    provided data and plotting modules (the notebooks' earlier cells use them) import as usual;
    a package already imported is refused all the same (the import statement's hook)."""
    import builtins
    import sys

    import numpy  # noqa: F401  (a package that is already imported, for the statement's hook)

    from checks.wire import ImportGuard

    guard = ImportGuard("course_lib")
    guarded = guard.wrap(builtins.__import__)

    def asked_from(module_name):
        namespace = {"__name__": module_name, "guard": guard}
        exec("def ask(name):\n    return guard.find_spec(name)\n", namespace)
        return namespace["ask"]

    for name in ("numpy.linalg", "math", "course_lib.losses"):
        assert asked_from("course_lib.losses")(name) is None
    for caller in ("course_lib.datasets", "course_lib.plotting", "tests.anything", "__main__"):
        assert asked_from(caller)("sklearn") is None
        assert guarded("pytest", {"__name__": caller}) is sys.modules["pytest"]
    for caller in ("course_lib", "course_lib.losses", "course_lib.layers"):
        with pytest.raises(ModuleNotFoundError, match="NumPy and Python's standard library only"):
            asked_from(caller)("scipy.special")
        with pytest.raises(ModuleNotFoundError, match="NumPy and Python's standard library only"):
            guarded("pytest", {"__name__": caller})          # imported already: the statement's hook
        assert guarded("numpy", {"__name__": caller}) is sys.modules["numpy"]
    assert "scipy" not in sys.stdlib_module_names
