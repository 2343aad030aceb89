"""Element codecs three ways: NumPy reference, C++ core, ml_dtypes.

Over a million random f32 values per format (log-uniform magnitudes from
below the smallest subnormal to past saturation, random signs) plus every
edge value, the NumPy reference must equal the definition-based oracle and
the C++ core bit for bit, and ml_dtypes (the outside oracle) everywhere
except where it differs from the numerics reference on purpose. Those places are
asserted explicitly, both behaviours, so a change in ml_dtypes shows up here.
"""

import re
import warnings

import ml_dtypes
import numpy as np
import pytest

import microscale as ms
import oracle as O

F32 = np.float32
N_RANDOM = 1_000_000


def _version(text):
    """(major, minor) of a version string such as '0.7.0' or '0.5.4.dev1'."""
    match = re.match(r"(\d+)\.(\d+)", text)
    if not match:
        raise RuntimeError(f"cannot read the ml_dtypes version {text!r}")
    return int(match.group(1)), int(match.group(2))


#: ml_dtypes before 0.7.0 rounds f32 subnormals in (2^-127, 1.5 * 2^-127) up
#: to 2^-126 when converting to float8_e8m0fnu; 0.7.0 rounds to nearest with
#: ties up, as the numerics reference does (checked against the 0.5.4, 0.6.0 and
#: 0.7.0 wheels).
E8M0_SUBNORMALS_ROUND_UP = _version(ml_dtypes.__version__) < (0, 7)

ML_DTYPES = {"e2m1": ml_dtypes.float4_e2m1fn, "e2m3": ml_dtypes.float6_e2m3fn,
             "e3m2": ml_dtypes.float6_e3m2fn, "e4m3": ml_dtypes.float8_e4m3fn,
             "e5m2": ml_dtypes.float8_e5m2, "e8m0": ml_dtypes.float8_e8m0fnu,
             "ue4m3": ml_dtypes.float8_e4m3fn}


def random_inputs(fmt, seed):
    rng = np.random.default_rng(seed)
    lo = np.log2(O.SMALLEST[fmt]) - 4
    hi = min(np.log2(O.LARGEST[fmt]) + 4, 127.9)
    mag = np.exp2(rng.uniform(lo, hi, N_RANDOM))
    x = (mag * rng.choice([-1.0, 1.0], N_RANDOM)).astype(F32)
    return np.concatenate([x, O.edge_values(fmt)])


def ml_dtypes_encode(fmt, x):
    """Codes ml_dtypes gives: UE4M3 through E4M3 of |x|; INT8 via np.rint (half even)."""
    if fmt == "int8":
        with np.errstate(invalid="ignore"):
            k = np.clip(np.rint(x.astype(np.float64) * 64), -127, 127)
        return np.where(np.isnan(k), 0, k).astype(np.int64).astype(np.uint8)
    src = np.abs(x) if fmt == "ue4m3" else x
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return src.astype(ML_DTYPES[fmt]).view(np.uint8)


def documented_differences(fmt, x):
    """(mask, ml_dtypes codes there): where ml_dtypes departs from Numerics §1 on purpose.

    - E4M3 (and UE4M3 through it): magnitudes past the 448/480 midpoint 464
      and +-Inf become NaN; the numerics reference saturates to 448.
    - E5M2: magnitudes from the 57344/65536 midpoint 61440 on and +-Inf
      become Inf; the numerics reference saturates to 57344 ("satfinite").
    - E2M1, E2M3, E3M2: a positive NaN becomes -0 (a negative NaN +0); the
      numerics reference gives +0 for both.
    - E8M0: zero, negatives, NaN and magnitudes that round past 2^127 become
      NaN (0xFF); the numerics reference encodes the magnitude and clamps to
      [2^-127, 2^127]. Before ml_dtypes 0.7.0 also f32 subnormals in (2^-127,
      1.5 * 2^-127) round up to 2^-126, where the numerics reference rounds to
      the nearest power of two (2^-127 there).
    """
    a = np.abs(x.astype(np.float64))
    neg = np.signbit(x)
    if fmt == "e4m3":
        mask = a > 464
        return mask, np.where(neg, 0xFF, 0x7F)[mask]
    if fmt == "ue4m3":
        mask = a > 464
        return mask, np.full(mask.sum(), 0x7F)
    if fmt == "e5m2":
        mask = a >= 61440
        return mask, np.where(neg, 0xFC, 0x7C)[mask]
    if fmt in ("e2m1", "e2m3", "e3m2"):
        mask = np.isnan(x) & ~neg
        return mask, np.full(mask.sum(), 1 << (O.BITS[fmt] - 1))
    if fmt == "e8m0":
        big = a >= 1.5 * 2.0 ** 127
        nonpos = (x <= 0) | neg
        sub = (a > 2.0 ** -127) & (a < 1.5 * 2.0 ** -127) & ~nonpos
        sub &= E8M0_SUBNORMALS_ROUND_UP
        mask = big | nonpos | sub
        return mask, np.where(sub, 0x01, 0xFF)[mask]
    return np.zeros(x.shape, bool), np.zeros(0, np.uint8)


@pytest.mark.parametrize("fmt", O.ALL_FORMATS)
def test_encode_reference_vs_oracle_and_ml_dtypes(fmt):
    x = random_inputs(fmt, seed=O.ALL_FORMATS.index(fmt))
    got = ms.encode(x, fmt)
    assert np.array_equal(got, O.encode(fmt, x))
    ml = ml_dtypes_encode(fmt, x)
    mask, ml_there = documented_differences(fmt, x)
    assert np.array_equal(got[~mask], ml[~mask])
    assert np.array_equal(ml[mask], ml_there)
    if fmt in ("e4m3", "e5m2", "e8m0", "ue4m3"):
        assert mask.any(), "the random set must exercise the documented differences"


@pytest.mark.parametrize("fmt", O.ALL_FORMATS)
def test_encode_reference_vs_c_core(clib, fmt):
    x = random_inputs(fmt, seed=O.ALL_FORMATS.index(fmt))  # the set ml_dtypes sees
    assert np.array_equal(ms.encode(x, fmt), clib.encode(fmt, x))


@pytest.mark.parametrize("fmt", O.ALL_FORMATS)
def test_decode_three_way(clib, fmt):
    codes = np.arange(1 << O.BITS[fmt], dtype=np.uint8)
    mine = ms.decode(codes, fmt)
    theirs = clib.decode(fmt, codes)
    assert np.array_equal(np.isnan(mine), np.isnan(theirs))
    ok = ~np.isnan(mine)
    assert np.array_equal(mine[ok].view(np.uint32), theirs[ok].view(np.uint32))
    if fmt != "int8":
        ml = codes.view(ML_DTYPES[fmt]).astype(F32)
        assert np.array_equal(np.isnan(mine), np.isnan(ml))
        assert np.array_equal(mine[ok].view(np.uint32), ml[ok].view(np.uint32))


class TestMlDtypesDifferences:
    """Each documented difference, with both behaviours spelled out."""

    def test_e5m2_keeps_inf_spec_saturates(self):
        x = F32([np.inf, -np.inf, 61440.0, -1e6, 61439.996])
        assert x.astype(ml_dtypes.float8_e5m2).view(np.uint8).tolist() == [
            0x7C, 0xFC, 0x7C, 0xFC, 0x7B]
        assert ms.encode(x, "e5m2").tolist() == [0x7B, 0xFB, 0x7B, 0xFB, 0x7B]

    def test_e4m3_overflow_is_nan_spec_saturates(self):
        x = F32([np.inf, -np.inf, 480.0, -1e4, 464.0, 464.00003])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            ml = x.astype(ml_dtypes.float8_e4m3fn).view(np.uint8).tolist()
        assert ml == [0x7F, 0xFF, 0x7F, 0xFF, 0x7E, 0x7F]
        assert ms.encode(x, "e4m3").tolist() == [0x7E, 0xFE, 0x7E, 0xFE, 0x7E, 0x7E]

    @pytest.mark.parametrize("fmt", ["e2m1", "e2m3", "e3m2"])
    def test_nan_without_nan_code(self, fmt):
        nans = np.array([0x7FC00000, 0xFFC00000], np.uint32).view(F32)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            ml = nans.astype(ML_DTYPES[fmt]).view(np.uint8).tolist()
        assert ml == [1 << (O.BITS[fmt] - 1), 0]
        assert ms.encode(nans, fmt).tolist() == [0, 0]

    def test_e8m0_zero_negative_overflow(self):
        x = F32([0.0, -0.0, -1.0, 3.4e38, np.inf])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            ml = x.astype(ml_dtypes.float8_e8m0fnu).view(np.uint8).tolist()
        assert ml == [0xFF] * 5
        assert ms.encode(x, "e8m0").tolist() == [0x00, 0x00, 0x7F, 0xFE, 0xFE]

    def test_e8m0_f32_subnormal_rounding(self):
        x = np.array([0x400001, 0x500000, 0x5FFFFF, 0x600000], np.uint32).view(F32)
        # 1.25 * 2^-127 is nearer 2^-127 than 2^-126; 1.5 * 2^-127 ties up.
        assert ms.encode(x, "e8m0").tolist() == [0, 0, 0, 1]
        ml = x.astype(ml_dtypes.float8_e8m0fnu).view(np.uint8).tolist()
        if E8M0_SUBNORMALS_ROUND_UP:
            assert ml == [1, 1, 1, 1], f"ml_dtypes {ml_dtypes.__version__}"
        else:  # 0.7.0 on: no difference left
            assert ml == [0, 0, 0, 1], f"ml_dtypes {ml_dtypes.__version__}"

    def test_version_reading(self):
        assert _version("0.5.4") == (0, 5) and _version("0.7.0") == (0, 7)
        assert _version("1.10.0rc1") == (1, 10)
        with pytest.raises(RuntimeError, match="cannot read"):
            _version("unknown")
