"""Self-checks for the notebooks' "check your understanding" questions, that never give the
graded answer away.

Each auto-graded question comes with a **practice** question: the same reasoning on other numbers,
asked in the answer cell. The visible test cell checks the practice answer with
``expect("practice_mse", practice_mse, KEY)``, and checks only the form of the graded answer (a
number, an integer, four numbers, within the range any answer can have). So what students receive
(the keys, this code) can tell them whether their reasoning is right, and nothing about the graded
value: enumerating numbers against every key printed in the notebooks recovers practice answers
only, and the visible checks accept a right and a wrong graded answer alike. The graded value is
checked by the notebook's hidden tests, which students never see.

``KEY`` does not hold the practice answer either: it holds salted, deliberately slow hashes of the
right answer rounded to several numbers of significant digits (from the fewest the question
accepts up to six). ``expect`` rounds your value the same ways and compares hashes. It raises
``AssertionError`` for a wrong answer, which is what makes the test cell, and ``nbgrader
validate``, report it.

Tolerance: a number passes when, rounded to some number of significant digits between the
question's minimum and six (or exactly the minimum, when that is more than six), it equals the
right answer rounded the same way. So ``2.3026``, ``2.303`` and ``float(np.log(10))`` all pass for
ln 10 checked to four digits, while ``2.31`` does not. Integer answers (an epoch number) must be
exact. Lists and arrays are compared element by element, all rounded to the same number of digits.

For authors: ``answer_key(question_id, value, digits=3)`` makes a key, for a practice question
only (``tests/test_answers.py`` fails when a key accepts a graded answer, or when a visible test
cell calls ``expect`` on a variable its hidden tests grade).
"""

import hashlib
import math
import numbers

__all__ = ["expect", "answer_key", "matches"]

_ROUNDS = 20_000          # pbkdf2 iterations: about a millisecond or two per hash
_MAX_DIGITS = 6
_ZERO = 1e-9              # |x| below this counts as exactly 0 (floating-point dust)


def _is_number(x):
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _elements(value):
    """The answer as a flat tuple of numbers, and its shape (None for a single number)."""
    if _is_number(value):
        return (float(value),), None
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()
        if _is_number(value):
            return (float(value),), None
    if isinstance(value, (list, tuple)):
        flat, shape = [], [len(value)]
        for item in value:
            if isinstance(item, (list, tuple)):
                raise TypeError("nested lists are not answers here")
            if not _is_number(item):
                raise TypeError(f"{item!r} is not a number")
            flat.append(float(item))
        return tuple(flat), tuple(shape)
    raise TypeError(f"{type(value).__name__} is not a number or a list of numbers")


def _canonical(elements, shape, digits):
    """The text that is hashed: each element rounded to ``digits`` significant digits (or written
    as an exact integer when ``digits`` is None)."""
    parts = []
    for x in elements:
        if not math.isfinite(x):
            parts.append(repr(x))
        elif digits is None:
            parts.append(str(int(x)) if x == int(x) else repr(x))
        else:
            x = 0.0 if abs(x) < _ZERO else x
            text = f"{x:.{digits}g}"
            parts.append("0" if text in ("0", "-0") else text)
    return f"{shape}|" + ",".join(parts)


def _hash(question, level, text):
    salt = f"losses-and-regularization:{question}:{level}".encode()
    return hashlib.pbkdf2_hmac("sha256", text.encode(), salt, _ROUNDS)[:8].hex()


def _levels(spec):
    if spec == "int":
        return [None]
    low, high = spec.split("-")
    return list(range(int(low), int(high) + 1))


def _spec(digits):
    if digits is None:
        return "int"
    digits = int(digits)
    if not 1 <= digits <= 15:
        raise ValueError("digits must be between 1 and 15, or None for an exact integer")
    return f"{digits}-{max(digits, _MAX_DIGITS)}"


def answer_key(question, value, digits=3):
    """A key for ``expect``: ``digits`` is the fewest significant digits the check accepts (choose
    it so that every value it accepts also passes the notebook's hidden test), or ``None`` for an
    answer that must be an exact integer."""
    elements, shape = _elements(value)
    spec = _spec(digits)
    hashes = [_hash(question, d, _canonical(elements, shape, d)) for d in _levels(spec)]
    return f"{question}:{spec}:" + ",".join(hashes)


def matches(value, key):
    """True when ``value`` is the answer the key was made from (within its rounding)."""
    question, spec, hashes = key.split(":")
    try:
        elements, shape = _elements(value)
    except TypeError:
        return False
    levels = _levels(spec)
    if spec == "int" and any(x != int(x) for x in elements if math.isfinite(x)):
        return False
    return any(_hash(question, d, _canonical(elements, shape, d)) == h
               for d, h in zip(levels, hashes.split(",")))


def expect(name, value, key):
    """Raise AssertionError, with a hint that does not give the answer away, unless ``value`` is
    the right answer (to the rounding the question allows). Returns None."""
    try:
        _elements(value)
    except TypeError as err:
        raise AssertionError(f"{name} should be a number (or a list of numbers): {err}") from None
    if not matches(value, key):
        spec = key.split(":")[1]
        low = None if spec == "int" else int(spec.split("-")[0])
        how = ("it must be exactly right" if low is None or low >= 10
               else f"compared to {low} significant digits")
        raise AssertionError(f"{name} = {value!r} is not the expected answer yet ({how}). "
                             "Check your reasoning and try again.")
