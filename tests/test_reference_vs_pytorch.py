"""The reference solution matches PyTorch to 1e-10 relative in float64, on recorded PyTorch values
(tests/fixtures/pytorch_reference.npz, made by scripts/make_torch_fixtures.py)."""

import json

import numpy as np
import pytest
from conftest import ROOT

from autograder.grading import reference

FIXTURES = np.load(ROOT / "tests" / "fixtures" / "pytorch_reference.npz", allow_pickle=False)
CASES = sorted({k.split(".")[0] for k in FIXTURES.files if "." in k and k.split(".")[0] != "batchnorm"})
ref = reference.load()


def assert_matches(actual, expected, what):
    actual, expected = np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    assert actual.shape == expected.shape, what
    np.testing.assert_allclose(actual, expected, rtol=1e-10, atol=1e-300, err_msg=what)


@pytest.mark.parametrize("case", CASES)
def test_loss_matches_pytorch(case):
    get = lambda field: FIXTURES[f"{case}.{field}"]  # noqa: E731
    func, kwargs = str(get("func")), json.loads(str(get("kwargs")))
    inputs = [get(f"in{i}") for i in range(3) if f"{case}.in{i}" in FIXTURES.files]
    if func == "kl_divergence":  # recorded as (q, p)
        q, p = inputs
        inputs = [p, q]
    assert_matches(getattr(ref.losses, func)(*inputs, **kwargs), get("value"), f"{case} value")
    if f"{case}.grad" in FIXTURES.files:
        grad = getattr(ref.losses, func + "_grad")(*inputs, **kwargs)
        assert_matches(grad, get("grad"), f"{case} gradient")


def test_batchnorm_matches_pytorch():
    get = lambda field: FIXTURES[f"batchnorm.{field}"]  # noqa: E731
    bn = ref.layers.BatchNorm1d(3)
    bn.params["gamma"][...] = get("gamma")
    bn.params["beta"][...] = get("beta")
    for i in range(3):
        assert_matches(bn.forward(get(f"x{i}")), get(f"out{i}"), f"step {i} output")
        assert_matches(bn.backward(get("dout")), get(f"dx{i}"), f"step {i} dx")
        assert_matches(bn.grads["gamma"], get(f"dgamma{i}"), f"step {i} dgamma")
        assert_matches(bn.grads["beta"], get(f"dbeta{i}"), f"step {i} dbeta")
        assert_matches(bn.running_mean, get(f"running_mean{i}"), f"step {i} running_mean")
        assert_matches(bn.running_var, get(f"running_var{i}"), f"step {i} running_var")
    bn.eval()
    assert_matches(bn.forward(get("x_eval")), get("out_eval"), "eval output")
    assert_matches(bn.backward(get("dout")[:5]), get("dx_eval"), "eval dx")


def test_every_part_with_a_pytorch_equivalent_has_recorded_values(rubric):
    """A part's ``pytorch`` (in the rubric) names the PyTorch operation it follows, or says "none"
    and why: every target of a part that has one must be in the recorded PyTorch values."""
    recorded = {str(FIXTURES[k]) for k in FIXTURES.files if k.endswith(".func")} | {"BatchNorm1d"}
    with_grad = {str(FIXTURES[f"{case}.func"]) for case in CASES if f"{case}.grad" in FIXTURES.files}
    missing = []
    for part in rubric.parts:
        if part.pytorch.startswith("none"):
            assert ":" in part.pytorch, f"part {part.id}: say why there is no PyTorch equivalent (none: why)"
            continue
        for target in part.targets:
            name = target.split(".", 1)[1]
            base = name.removesuffix("_grad")
            if (name.endswith("_grad") and base not in with_grad) or base not in recorded:
                missing.append(target)
    assert not missing, (f"no recorded PyTorch values for {missing}: add cases to scripts/make_torch_fixtures.py "
                         "and run it (it needs torch), or set the part's pytorch to \"none: why\" in its part.py")
