"""Hidden checks for ``penalties.elastic_net`` and ``penalties.elastic_net_grad``."""

import numpy as np

from checks.framework import array_list, check, close, number

from .penalty_checks import grad_check, grad_diagnoses, value_check, value_diagnoses


@check("elastic_net.values")
def test_elastic_net_values(lib, ref, cases):
    """elastic_net matches scikit-learn's form for l1_ratio 0.2 and 0.7."""
    for r in (0.2, 0.7):
        value_check(lib, ref, cases, "elastic_net", extra=(r,))


@check("elastic_net.grad")
def test_elastic_net_grad(lib, ref, cases):
    """elastic_net_grad is lam (r sign(w) + (1 - r) w) (the L1 part exactly 0 at exact zeros), in the
    structure it was given."""
    for r in (0.2, 0.7):
        grad_check(lib, ref, cases, "elastic_net", extra=(r,))


@check("elastic_net.limits")
def test_elastic_net_limits(lib, ref, cases):
    """With l1_ratio = 1 elastic_net is the L1 penalty and with l1_ratio = 0 the L2 penalty
    (values and gradients)."""
    w = [np.array([[0.5, -1.5], [0.0, 2.0]]), np.array([3.0, -0.25])]
    for r, other in ((1.0, "l1"), (0.0, "l2")):
        with cases.case(f"l1_ratio = {r:g}"):
            close(number(lib.penalties.elastic_net(w, 0.4, l1_ratio=r), "elastic_net"),
                  getattr(ref.penalties, other)(w, 0.4), f"elastic_net with l1_ratio = {r:g} (it should equal {other})",
                  diagnoses=[(h, lambda f=f, r=r: f(w, 0.4, r)) for h, f in value_diagnoses("elastic_net", ref)])
            grads = array_list(lib.penalties.elastic_net_grad(w, 0.4, l1_ratio=r), "elastic_net_grad", w)
            wrong = grad_diagnoses("elastic_net", w, 0.4, (r,))
            for i, (g, e) in enumerate(zip(grads, getattr(ref.penalties, other + "_grad")(w, 0.4))):
                close(g, e, f"elastic_net_grad with l1_ratio = {r:g} (it should equal {other}_grad)",
                      diagnoses=[(h, v[i]) for h, v in wrong])
    cases.verdict()
