"""Held-out mistakes and alternatives for ``binary_cross_entropy_with_logits`` and its gradient."""

MISTAKES = [
    dict(
        name="ho_bcel_naive_softplus",
        target="losses.binary_cross_entropy_with_logits",
        body='''
    return float(np.mean(np.log(1 + np.exp(z)) - y * z))
''',
        cause="I simplified to log(1 + e^z) - y z but did not rewrite the softplus, so e^z overflows for z > 709",
        kind="domain",
        probe="binary_cross_entropy_with_logits z=+800 y=0 only",
        witness="z = [800, 750], y = 0: inf instead of 775 (the mean of 800 and 750)",
    ),
    dict(
        name="ho_bcel_via_sigmoid",
        target="losses.binary_cross_entropy_with_logits",
        body='''
    s = 1 / (1 + np.exp(-z))
    return float(-np.mean(y * np.log(s) + (1 - y) * np.log(1 - s)))
''',
        cause="I computed the sigmoid first and then the cross-entropy of probabilities, which is log(0) "
              "as soon as the sigmoid rounds to 0 or 1",
        kind="domain",
        probe="binary_cross_entropy_with_logits extremes y=0",
        witness="logits [-1000, -800, -40, -5, 0, 5, 40, 800, 1000] with y = 0: NaN instead of 205.08 (the sigmoid "
                "rounds to exactly 1 from z = 37, so log(1 - s) = -inf, and 0 * log(0) = NaN at z = -1000)",
    ),
    dict(
        name="ho_bcel_abs_everywhere",
        target="losses.binary_cross_entropy_with_logits",
        body='''
    return float(np.mean(np.abs(z) - z * y + np.log1p(np.exp(-np.abs(z)))))
''',
        cause="I wrote |z| instead of max(z, 0) in the stable formula",
        kind="slip",
        probe="binary_cross_entropy_with_logits 1d",
        witness="any negative logit: it adds |z| where max(z, 0) = 0 (z = -5, y = 0 costs 5.007 instead of 0.0067)",
    ),
    dict(
        name="ho_bcel_grad_sign",
        target="losses.binary_cross_entropy_with_logits_grad",
        body='''
    e = np.exp(-np.abs(z))
    sig = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    return (y - sig) / z.size
''',
        cause="I wrote target minus prediction, the negative of the gradient",
        kind="slip",
        probe="binary_cross_entropy_with_logits_grad 1d",
        witness="any input: the gradient has the opposite sign",
    ),
    dict(
        name="ho_bcel_grad_swapped_branches",
        target="losses.binary_cross_entropy_with_logits_grad",
        body='''
    e = np.exp(-np.abs(z))
    sig = np.where(z > 0, e / (1 + e), 1 / (1 + e))
    return (sig - y) / z.size
''',
        cause="I swapped the two branches of the stable sigmoid (they are sigma(z) for z < 0 and z >= 0 "
              "respectively), which computes sigma(-z)",
        kind="domain",
        probe="binary_cross_entropy_with_logits_grad 1d",
        witness="z = 5, y = 1: gradient (0.0067 - 1)/N instead of (0.9933 - 1)/N; only z = 0 is right",
    ),
    dict(
        name="ho_bcel_grad_float32",
        target="losses.binary_cross_entropy_with_logits_grad",
        body='''
    z32 = z.astype(np.float32)
    sig = np.where(z32 >= 0, 1 / (1 + np.exp(-np.abs(z32))), np.exp(-np.abs(z32)) / (1 + np.exp(-np.abs(z32))))
    return (sig - y) / z.size
''',
        cause="I converted the logits to float32 (as a GPU framework would) for the sigmoid, losing half "
              "the digits",
        kind="slip",
        probe="binary_cross_entropy_with_logits_grad 2d",
        witness="random logits: relative errors around 1e-8 (float32 rounding); z = -40 with y = 0 gives "
                "4.2e-18 only to 7 digits",
    ),
    dict(
        name="ho_bcel_scipy_expit",
        target="losses.binary_cross_entropy_with_logits_grad",
        body='''
    from scipy.special import expit
    return (expit(z) - y) / z.size
''',
        cause="I used scipy.special.expit for a stable sigmoid, but SciPy is not in the grader's environment",
        kind="environment",
        probe="binary_cross_entropy_with_logits_grad 1d",
        witness="in the grader's environment every call raises ModuleNotFoundError (with SciPy present it agrees)",
    ),
]

ALTERNATIVES = [
    dict(
        name="ho_bcel_alt_logaddexp_sigmoid",
        target="losses.binary_cross_entropy_with_logits_grad",
        body='''
    # sigmoid(z) = exp(-log(1 + exp(-z))), with log(1 + exp(-z)) = logaddexp(0, -z) computed stably
    sig = np.exp(-np.logaddexp(0.0, -z))
    return (sig - y) / z.size
''',
        why="the sigmoid through np.logaddexp, which never overflows",
        tested="every probe of the part: shapes () to 3-D, lists, soft targets, z in {-1000, -800, -40, -5, 0, 5, 40, "
               "800, 1000} with y = 0, 1 and 0.5",
    ),
    dict(
        name="ho_bcel_alt_two_sided",
        target="losses.binary_cross_entropy_with_logits",
        body='''
    # for z >= 0: z - y z + log(1 + e^-z); for z < 0: -y z + log(1 + e^z)
    pos = z >= 0
    softplus_tail = np.log1p(np.exp(np.where(pos, -z, z)))
    loss = np.where(pos, z, 0.0) - y * z + softplus_tail
    return float(np.mean(loss))
''',
        why="the stable formula written per sign of z instead of with max and abs",
        tested="every probe of the part, including |z| = 800 and 1000 with hard and soft targets",
    ),
    dict(
        name="ho_bcel_alt_split_masks",
        target="losses.binary_cross_entropy_with_logits_grad",
        body='''
    sig = np.empty_like(z)
    pos = z >= 0
    sig[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    sig[~pos] = ez / (1.0 + ez)
    return (sig - y) / z.size
''',
        why="the stable sigmoid filled in by boolean masks (works for 0-d arrays too)",
        tested="every probe of the part: shapes () to 3-D, extremes, soft targets",
    ),
]
