"""Element codecs against the format definitions (Numerics §1), exhaustively."""

import math

import ml_dtypes
import numpy as np
import pytest

import microscale as ms
import oracle as O

F32 = np.float32


def bits_equal(a, b):
    """Same f32 bit patterns, except that any NaN equals any NaN."""
    a, b = np.asarray(a, F32), np.asarray(b, F32)
    both_nan = np.isnan(a) & np.isnan(b)
    return bool(np.all(both_nan | (a.view(np.uint32) == b.view(np.uint32))))


@pytest.mark.parametrize("fmt", O.ALL_FORMATS)
def test_decode_every_code(fmt):
    codes = np.arange(1 << O.BITS[fmt], dtype=np.uint8)
    assert bits_equal(ms.decode(codes, fmt), O.values(fmt))


def test_decode_spec_table():
    """The numbers Numerics §1 states, written out."""
    assert ms.decode(np.arange(16, dtype=np.uint8), "e2m1").tolist() == [
        0, 0.5, 1, 1.5, 2, 3, 4, 6, -0.0, -0.5, -1, -1.5, -2, -3, -4, -6]
    assert np.signbit(ms.decode(np.uint8(0x8), "e2m1"))
    for fmt in O.ALL_FORMATS:
        table = ms.decode(np.arange(1 << O.BITS[fmt], dtype=np.uint8), fmt)
        finite = table[np.isfinite(table)]
        assert finite.max() == O.LARGEST[fmt], fmt
        assert finite[finite > 0].min() == O.SMALLEST[fmt], fmt
    e4m3 = ms.decode(np.arange(256, dtype=np.uint8), "e4m3")
    assert np.flatnonzero(np.isnan(e4m3)).tolist() == [0x7F, 0xFF]
    e5m2 = ms.decode(np.arange(256, dtype=np.uint8), "e5m2")
    assert e5m2[0x7C] == np.inf and e5m2[0xFC] == -np.inf
    assert np.flatnonzero(np.isnan(e5m2)).tolist() == [0x7D, 0x7E, 0x7F, 0xFD, 0xFE, 0xFF]
    e8m0 = ms.decode(np.arange(256, dtype=np.uint8), "e8m0")
    assert e8m0[0] == 2.0 ** -127 and e8m0[127] == 1.0 and e8m0[0xFE] == 2.0 ** 127
    assert np.isnan(e8m0[0xFF]) and np.all(e8m0[:0xFF] > 0)
    int8 = ms.decode(np.arange(256, dtype=np.uint8), "int8")
    assert int8[0x7F] == 127 / 64 and int8[0x81] == -127 / 64 and int8[0x80] == -2.0


@pytest.mark.parametrize("fmt, dtype", [
    ("e2m1", ml_dtypes.float4_e2m1fn), ("e2m3", ml_dtypes.float6_e2m3fn),
    ("e3m2", ml_dtypes.float6_e3m2fn), ("e4m3", ml_dtypes.float8_e4m3fn),
    ("e5m2", ml_dtypes.float8_e5m2), ("e8m0", ml_dtypes.float8_e8m0fnu),
    ("ue4m3", ml_dtypes.float8_e4m3fn)])
def test_decode_matches_ml_dtypes(fmt, dtype):
    codes = np.arange(1 << O.BITS[fmt], dtype=np.uint8)
    assert bits_equal(ms.decode(codes, fmt), codes.view(dtype).astype(F32))


@pytest.mark.parametrize("fmt", O.ALL_FORMATS)
def test_encode_every_value_roundtrips(fmt):
    """Every code with a finite value encodes back to itself (INT8 -0 aside)."""
    codes = np.arange(1 << O.BITS[fmt], dtype=np.uint8)
    vals = O.values(fmt)
    keep = np.isfinite(vals)
    if fmt == "int8":
        keep &= codes != 0x80  # -128/64 is outside the clamp range [-127, 127]
    if fmt == "ue4m3":
        keep &= codes < 0x80  # unsigned: the sign is not encoded
    assert np.array_equal(ms.encode(vals[keep].astype(F32), fmt), codes[keep])


@pytest.mark.parametrize("fmt", O.ALL_FORMATS)
def test_encode_edges(fmt):
    """Values, midpoints (ties to even), their f32 neighbours, zeros,
    subnormals, saturation, Inf and NaN, against the search-based oracle."""
    x = O.edge_values(fmt)
    assert np.array_equal(ms.encode(x, fmt), O.encode(fmt, x))


@pytest.mark.parametrize("fmt", [f for f in O.ALL_FORMATS if f != "e8m0"])
def test_ties_go_to_even(fmt):
    g, codes = O.grid(fmt)
    mids = O.midpoints(fmt).astype(F32)
    got = ms.encode(mids, fmt).astype(np.int64)
    assert np.all(got % 2 == 0)
    assert np.all((got == codes[:-1]) | (got == codes[1:]))


def test_e8m0_ties_go_up():
    """With no fraction bits the tie-to-even significand is the next power of two."""
    assert ms.encode(F32([0.75, 1.5, 3.0, 6.0, 1.5 * 2.0 ** -127]), "e8m0").tolist() == [
        0x7F, 0x80, 0x81, 0x82, 0x01]


def test_known_wrong_implementations_are_not_copied():
    """Numerics §1: MLIR 22's arith-expand rounds ties away and drops small negatives' sign."""
    assert ms.encode(F32([2.5, 5.0, -2.5, -5.0]), "e2m1").tolist() == [0x4, 0x6, 0xC, 0xE]
    assert ms.encode(F32([-0.4, -0.2, -0.25, 0.25]), "e2m1").tolist() == [0x9, 0x8, 0x8, 0x0]
    # f32 -> E8M0 rounds to nearest, neither floor (2^0 for 1.9) nor away.
    assert ms.encode(F32([1.9, 1.4, 2.9, 3.1]), "e8m0").tolist() == [0x80, 0x7F, 0x80, 0x81]


@pytest.mark.parametrize("fmt", O.ALL_FORMATS)
def test_saturation_and_specials(fmt):
    big = F32([O.LARGEST[fmt], np.nextafter(F32(O.LARGEST[fmt]), F32(np.inf)),
               3.4028235e38, np.inf])
    max_code = int(ms.encode(F32(O.LARGEST[fmt]), fmt))
    assert ms.encode(big, fmt).tolist() == [max_code] * 4
    neg = ms.encode(-big, fmt)
    if fmt in O.UNSIGNED:
        assert neg.tolist() == [max_code] * 4
    elif fmt == "int8":
        assert neg.tolist() == [0x81] * 4
    else:
        assert neg.tolist() == [max_code | (1 << (O.BITS[fmt] - 1))] * 4
    nans = np.array([0x7FC00000, 0xFFC00000, 0x7F800001, 0xFFFFFFFF], np.uint32).view(F32)
    want = [O.nan_code(fmt, False), O.nan_code(fmt, True)] * 2
    assert ms.encode(nans, fmt).tolist() == want


def test_nan_codes_spec():
    nans = np.array([0x7FC00000, 0xFFC00000], np.uint32).view(F32)
    assert ms.encode(nans, "e4m3").tolist() == [0x7F, 0xFF]
    assert ms.encode(nans, "e5m2").tolist() == [0x7E, 0xFE]
    for fmt in ("e2m1", "e2m3", "e3m2", "int8"):
        assert ms.encode(nans, fmt).tolist() == [0, 0]
    assert ms.encode(nans, "e8m0").tolist() == [0xFF, 0xFF]
    assert ms.encode(nans, "ue4m3").tolist() == [0x7F, 0x7F]


@pytest.mark.parametrize("fmt", [f for f in O.ALL_FORMATS if f not in O.UNSIGNED + ("int8",)])
def test_sign_kept_on_zero(fmt):
    tiny = F32([-0.0, -2.0 ** -149, -O.SMALLEST[fmt] / 2, -O.SMALLEST[fmt] / 4])
    sign = 1 << (O.BITS[fmt] - 1)
    assert ms.encode(tiny, fmt).tolist() == [sign] * 4
    assert ms.encode(-tiny, fmt).tolist() == [0] * 4


def test_int8_rules():
    x = F32([0.5, -0.5, 1 / 128, 3 / 128, -3 / 128, 5 / 128, 2.0, -2.0, 100, -100, -0.0,
             -1 / 256, 127.5 / 64])
    assert ms.encode(x, "int8").view(np.int8).tolist() == [
        32, -32, 0, 2, -2, 2, 127, -127, 127, -127, 0, 0, 127]
    # Code 0x80 (-2) is never produced.
    assert 0x80 not in ms.encode(np.linspace(-1e3, 1e3, 20001, dtype=F32), "int8")


def test_e8m0_rules():
    x = F32([1.0, 2.0 ** -127, 2.0 ** -149, 0.0, -0.0, -4.0, 2.0 ** 127, 3.4028235e38,
             np.inf, -np.inf, 1.1 * 2.0 ** -127, 1.4 * 2.0 ** -127])
    # No zero and no sign: the magnitude is encoded, clamping to 2^-127 and 2^127.
    assert ms.encode(x, "e8m0").tolist() == [
        0x7F, 0x00, 0x00, 0x00, 0x00, 0x81, 0xFE, 0xFE, 0xFE, 0xFE, 0x00, 0x00]


def test_subnormal_f32_inputs():
    """f32 subnormals are normalised before rounding, not flushed."""
    sub = np.array([1, 2, 3, 0x400000, 0x7FFFFF], np.uint32).view(F32)
    for fmt in O.ALL_FORMATS:
        assert np.array_equal(ms.encode(sub, fmt), O.encode(fmt, sub)), fmt
        assert np.array_equal(ms.encode(-sub, fmt), O.encode(fmt, -sub)), fmt


@pytest.mark.parametrize("dtype", [np.float16, ml_dtypes.bfloat16, np.float64])
def test_encode_converts_to_f32_first(dtype):
    rng = np.random.default_rng(5)
    x = (rng.standard_normal(10000) * 4).astype(dtype)
    for fmt in ("e2m1", "e4m3", "int8"):
        assert np.array_equal(ms.encode(x, fmt), ms.encode(x.astype(F32), fmt))
    # float64 rounds to f32 first: just above the 1.0/1.5 midpoint in f64 but
    # not in f32 stays a tie there, and goes to even (1.0).
    assert ms.encode(np.float64(1.25 + 2.0 ** -40), "e2m1") == 0x2


def test_decode_table_is_read_only():
    with pytest.raises(ValueError):
        ms.decode_table("e2m1")[0] = 1.0
    assert math.isnan(ms.decode_table("e8m0")[0xFF])
