"""The wire format at the trust boundary: whatever bytes the student's process sends, the checking
side gets a well-formed value or a ``WireError``, never anything else (property tests)."""

import io
import json
import struct

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks import wire

settings.register_profile("course", max_examples=300, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("course")

FINITE = st.floats(allow_nan=False, allow_infinity=False)
SCALARS = st.none() | st.booleans() | st.integers(-2 ** 70, 2 ** 70) | st.floats() | st.text(max_size=20)
ARRAYS = (st.builds(lambda xs: np.asarray(xs, dtype="<f8"), st.lists(FINITE, max_size=12))
          | st.builds(lambda xs: np.asarray(xs, dtype="<f4"),
                      st.lists(st.floats(width=32, allow_nan=False, allow_infinity=False), max_size=12))
          | st.builds(lambda xs: np.asarray(xs, dtype="<i8"), st.lists(st.integers(-2 ** 62, 2 ** 62), max_size=12)))
VALUES = st.recursive(SCALARS | ARRAYS, lambda inner: (
    st.lists(inner, max_size=5)
    | st.builds(tuple, st.lists(inner, max_size=5))
    | st.dictionaries(st.text(max_size=8), inner, max_size=5)), max_leaves=30)


def _roundtrip(value):
    encoder = wire.Encoder()
    structure = encoder.encode(value)
    data = wire.pack(structure, encoder.arrays)
    message, arrays = wire.unpack_from(io.BytesIO(data).read)
    return wire.decode(message, arrays)


def _same(a, b):
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b)
    if isinstance(a, float) and np.isnan(a):
        return isinstance(b, float) and np.isnan(b)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


@given(VALUES)
def test_plain_values_cross_unchanged(value):
    assert _same(value, _roundtrip(value))


def _decode_bytes(data):
    try:
        message, arrays = wire.unpack_from(io.BytesIO(data).read, max_message=1 << 20)
        return wire.decode(message, arrays, shown_types=frozenset())
    except (wire.WireError, EOFError):
        return None


@given(st.binary(max_size=300))
def test_any_bytes_give_a_value_or_a_wire_error(data):
    _decode_bytes(data)
    _decode_bytes(wire.MAGIC + data)


JSONISH = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=6) | FINITE,
                       lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                           st.sampled_from(["$array", "$scalar", "$tuple", "$dict", "$obj", "$ref", "$float",
                                            "$int", "$gen", "as", "type", "ok", "x"]), inner, max_size=3),
                       max_leaves=20)


@given(JSONISH, st.lists(st.tuples(st.sampled_from(list(wire.DTYPES) + ["<c16", "O", 5]),
                                   st.lists(st.integers(-3, 2 ** 45), max_size=4)), max_size=3))
def test_any_well_framed_header_gives_a_value_or_a_wire_error(message, specs):
    header = json.dumps({"m": message, "arrays": [list(s) for s in specs]}).encode()
    _decode_bytes(wire.MAGIC + struct.pack("<I", len(header)) + header + b"\0" * 64)


@pytest.mark.parametrize("header, why", [
    (b"[" * 100_000, "nests too deeply"),
    (b'{"m": {"$array": 0}, "arrays": [["<f8", [0, 1073741824, 1073741824]]]}', "array too large"),
    (b'{"m": {"$array": 0}, "arrays": [["<f8", [1099511627776]]]}', "bad array description"),
    (b'{"m": null, "arrays": [["|O", [1]]]}', "bad array description"),
    (b'{"m": {"$obj": 1, "type": "x", "as": 7}, "arrays": []}', "bad array index"),
    (b'{"m": {"$int": ""}, "arrays": []}', "bad int"),          # found by hypothesis: was a ValueError
    (b'{"m": {"$int": "1e3"}, "arrays": []}', "bad int"),
])
def test_hostile_headers_are_wire_errors(header, why):
    data = wire.MAGIC + struct.pack("<I", len(header)) + header
    with pytest.raises(wire.WireError, match=why):
        message, arrays = wire.unpack_from(io.BytesIO(data).read)
        wire.decode(message, arrays)


def test_type_names_a_student_chose_are_not_shown_in_the_grader():
    assert wire.shown_type_name("ndarray", frozenset()) == "ndarray"
    assert wire.shown_type_name("Dropout", frozenset({"Dropout"})) == "Dropout"
    assert wire.shown_type_name("LEAKED_0_123", frozenset({"Dropout"})) == "object"
    assert wire.shown_type_name("LEAKED_0_123", None) == "LEAKED_0_123"    # the student's own self-check


@pytest.fixture(scope="module")
def dispatcher(tmp_path_factory):
    """A dispatcher for a tiny package of the student's side (``wirepkg``) in this process."""
    import sys

    root = tmp_path_factory.mktemp("wirepkg")
    (root / "wirepkg").mkdir()
    (root / "wirepkg" / "__init__.py").write_text("")
    (root / "wirepkg" / "m.py").write_text(
        "def double(x):\n    return 2 * x\n\n"
        "def boom():\n    raise ValueError('no')\n\n"
        "def leave():\n    raise SystemExit(3)\n")
    sys.path.insert(0, str(root))
    try:
        yield wire.Dispatcher("wirepkg")
    finally:
        sys.path.remove(str(root))


def _handle(dispatcher, request):
    encoder = wire.Encoder()
    structure = encoder.encode(request)
    reply, arrays = dispatcher.handle(structure, encoder.arrays)
    data = wire.pack(reply, arrays)                        # what crosses the pipe
    message, arrays = wire.unpack_from(io.BytesIO(data).read)
    return message, arrays


def test_a_batch_is_answered_request_by_request(dispatcher):
    """Each request of a batch gets its own reply, in order, whatever the others raised (an
    exception, SystemExit, a request that is not one)."""
    requests = [{"op": "call", "target": "m.double", "args": [np.arange(3.0)], "kwargs": {}},
                {"op": "call", "target": "m.boom", "args": [], "kwargs": {}},
                {"op": "call", "target": "m.leave", "args": [], "kwargs": {}},
                "not a request",
                {"op": "call", "target": "m.double", "args": [4], "kwargs": {}}]
    message, arrays = _handle(dispatcher, {"op": "batch", "requests": requests})
    replies = message["batch"]
    assert len(replies) == len(requests) and set(message) == {"batch"}
    assert np.array_equal(wire.decode(replies[0]["ok"], arrays), [0.0, 2.0, 4.0])
    assert [r.get("error", {}).get("type") for r in replies[1:4]] == ["ValueError", "SystemExit", "ValueError"]
    assert wire.decode(replies[4]["ok"], arrays) == 8


@given(st.lists(JSONISH, max_size=6))
def test_any_batch_gives_one_reply_per_request(dispatcher, requests):
    message, arrays = _handle(dispatcher, {"op": "batch", "requests": requests})
    assert len(message["batch"]) == len(requests)
    for reply in message["batch"]:
        assert set(reply) in ({"ok"}, {"error"})


def _feed(data, cuts):
    """Feed ``data`` to an Unpacker in pieces cut at ``cuts``; returns the messages it gave."""
    unpacker, out, at = wire.Unpacker(max_message=1 << 20), [], 0
    for cut in sorted(set(cuts)) + [len(data)]:
        unpacker.feed(data[at:cut])
        at = max(at, cut)
        while (got := unpacker.next()) is not None:
            out.append(got)
    return out


@given(VALUES, st.lists(st.integers(0, 400), max_size=6))
def test_messages_in_pieces_read_as_whole_ones(value, cuts):
    """The grader reads replies as they come (``Unpacker``): two messages, cut anywhere, read
    exactly as ``unpack_from`` reads them whole."""
    encoder = wire.Encoder()
    structure = encoder.encode(value)
    data = wire.pack(structure, encoder.arrays)
    got = _feed(data + data, [c % (2 * len(data)) for c in cuts])
    assert len(got) == 2
    for message, arrays in got:
        assert _same(value, wire.decode(message, arrays))


@given(st.binary(max_size=300), st.lists(st.integers(0, 300), max_size=4))
def test_any_bytes_in_pieces_give_messages_or_a_wire_error(data, cuts):
    for blob in (data, wire.MAGIC + data):
        try:
            for message, arrays in _feed(blob, cuts):
                wire.decode(message, arrays, shown_types=frozenset())
        except wire.WireError:
            pass
