"""Held-out mistakes and alternatives for ``binary_cross_entropy_with_logits`` and its gradient.

Contract: z any finite real (any shape), y in [0, 1]; the loss is max(z, 0) - z y + log(1 + e^-|z|)
averaged, finite for every finite z; the gradient (sigmoid(z) - y) / N.
"""

MISTAKES = [
    dict(
        name="h2_bcel_through_sigmoid",
        target="losses.binary_cross_entropy_with_logits",
        body='''
    s = 1 / (1 + np.exp(-z))
    return float(-np.mean(y * np.log(s) + (1 - y) * np.log(1 - s)))
''',
        cause="I turned the logits into probabilities with the sigmoid and reused the BCE formula; for "
              "|z| above about 37 the sigmoid rounds to exactly 0 or 1 and the log gives -inf",
        kind="domain",
        witness="z = [50, 800, 1e5], y = [0, 0, 0.5]: returns inf instead of 16950.0 (and NaN where "
                "the label agrees with a saturated sigmoid)",
    ),
    dict(
        name="h2_bcel_softplus_overflow",
        target="losses.binary_cross_entropy_with_logits",
        body='''
    return float(np.mean(np.log(1 + np.exp(z)) - y * z))
''',
        cause="I simplified the loss to log(1 + e^z) - y z, which is right on paper, but e^z overflows "
              "for z above 709",
        kind="domain",
        witness="z = [50, 800, 1e5], y = [0, 0, 0.5]: returns inf instead of 16950.0",
    ),
    dict(
        name="h2_bcel_no_abs_in_exp",
        target="losses.binary_cross_entropy_with_logits",
        body='''
    return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-z))))
''',
        cause="I dropped the absolute value in log(1 + e^-|z|); for negative z the term is then wrong "
              "(counted twice with the max) and e^-z overflows below z = -709",
        kind="domain",
        witness="z = [-50, -800, -1e5], y = [1, 1, 0.5]: returns inf instead of 16950.0; for moderate "
                "negative z the value is too large",
    ),
    dict(
        name="h2_bcel_grad_exp_ratio",
        target="losses.binary_cross_entropy_with_logits_grad",
        body='''
    sigmoid = np.exp(z) / (1 + np.exp(z))
    return (sigmoid - y) / z.size
''',
        cause="I wrote the sigmoid as e^z / (1 + e^z), which becomes inf / inf = NaN for z above 709",
        kind="domain",
        witness="z = [50, 800, 1e5], y = [0, 0, 0.5]: NaN at 800 and 1e5 instead of 1/3 and 1/6",
    ),
    dict(
        name="h2_bcel_grad_extra_sigmoid_factor",
        target="losses.binary_cross_entropy_with_logits_grad",
        body='''
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return s * (1.0 - s) * (s - y) / z.size
''',
        cause="I applied the chain rule twice: (sigmoid - y) is already the derivative with respect to z, "
              "and I multiplied it again by the sigmoid's derivative",
        kind="slip",
        witness="2-D random logits: every entry is multiplied by s(1 - s) <= 0.25",
    ),
    dict(
        name="h2_bcel_grad_scipy_expit",
        target="losses.binary_cross_entropy_with_logits_grad",
        body='''
    from scipy.special import expit
    return (expit(z) - y) / z.size
''',
        cause="scipy is installed in my environment and expit is a stable sigmoid, so I imported it",
        kind="environment",
        witness="any input, in the grader's environment (NumPy and the standard library only): raises "
                "ModuleNotFoundError for scipy (with scipy it agrees)",
    ),
    dict(
        name="h2_bcel_grad_stable_form_without_abs",
        target="losses.binary_cross_entropy_with_logits_grad",
        body='''
    e = np.exp(-z)
    sigmoid = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return (sigmoid - y) / z.size
''',
        cause="I copied the two-branch stable sigmoid but computed e = exp(-z) instead of exp(-|z|); for "
              "negative z the second branch then gives 1 - sigmoid(z)",
        kind="slip",
        witness="z = [-2, -0.5, -5, -10], y = [0, 1, 0.3, 1]: uses sigmoid(2) = 0.88 instead of "
                "sigmoid(-2) = 0.12 (every negative logit)",
    ),
]

ALTERNATIVES = [
    dict(
        name="h2_bcel_alt_split_on_sign",
        target="losses.binary_cross_entropy_with_logits",
        body='''
    linear = np.where(z >= 0, z * (1.0 - y), -z * y)
    return float(np.mean(linear + np.log1p(np.exp(-np.abs(z)))))
''',
        why="max(z, 0) - z y written per sign: z (1 - y) for z >= 0 and -z y otherwise",
        tested="every input of the bce_logits cases (0-d to 3-D, lists, hard and soft y, z = 0, +-30, "
               "+-36, +-40, +-50, +-710, +-800, +-1e5): same float to 1e-10, with atol 0 on tiny losses",
    ),
    dict(
        name="h2_bcel_alt_logaddexp",
        target="losses.binary_cross_entropy_with_logits",
        body='''
    softplus_tail = np.logaddexp(0.0, -np.abs(z))
    return float(np.mean(np.maximum(z, 0.0) - z * y + softplus_tail))
''',
        why="log(1 + e^-|z|) as np.logaddexp(0, -|z|)",
        tested="every input of the bce_logits cases: same float to 1e-10 (atol 0 on tiny losses)",
    ),
    dict(
        name="h2_bcel_alt_grad_two_exponentials",
        target="losses.binary_cross_entropy_with_logits_grad",
        body='''
    a = np.exp(np.minimum(z, 0.0))
    b = np.exp(np.minimum(-z, 0.0))
    return (a / (a + b) - y) / z.size
''',
        why="sigmoid(z) = e^min(z,0) / (e^min(z,0) + e^min(-z,0)): neither exponent is positive",
        tested="every input of the bce_logits cases: same shape, dtype float64, values to 1e-10 (atol 0 "
               "on the cases with tiny gradients)",
    ),
    dict(
        name="h2_bcel_alt_grad_exp_of_softplus",
        target="losses.binary_cross_entropy_with_logits_grad",
        body='''
    sigmoid = np.exp(-np.logaddexp(0.0, -z))
    return (sigmoid - y) / z.size
''',
        why="sigmoid(z) = exp(-softplus(-z)) with a stable softplus",
        tested="every input of the bce_logits cases: same shape, dtype float64, values to 1e-10",
    ),
]

WITNESS_CASES = {
    "h2_bcel_through_sigmoid": "binary_cross_entropy_with_logits/large-positive",
    "h2_bcel_softplus_overflow": "binary_cross_entropy_with_logits/large-positive",
    "h2_bcel_no_abs_in_exp": "binary_cross_entropy_with_logits/large-negative",
    "h2_bcel_grad_exp_ratio": "binary_cross_entropy_with_logits_grad/large-positive",
    "h2_bcel_grad_extra_sigmoid_factor": "binary_cross_entropy_with_logits_grad/2d-hard",
    "h2_bcel_grad_scipy_expit": "binary_cross_entropy_with_logits_grad/2d-hard",
    "h2_bcel_grad_stable_form_without_abs": "binary_cross_entropy_with_logits_grad/negative-moderate",
}
