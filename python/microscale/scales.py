"""Block scale rules: E8M0 exponents, NVFP4 scales (Numerics §2.2-2.4, §3).

All arithmetic the numerics reference states in f32 is done on np.float32
operands, one operation at a time, so that nothing is evaluated in float64 and
rounded twice. Amax values arrive as f32 bit patterns (uint32): the integer
maximum of |x| bit patterns is the f32 maximum, and it lets NaN and Inf be told
apart from finite values without floating-point comparisons.
"""

import numpy as np

from .formats import decode_table, encode_f32, get_format

#: E8M0 scale exponent rules accepted by ``quantize(..., scale_rounding=)``.
SCALE_RULES = ("floor", "rceil")

#: E8M0 code of a NaN/Inf block (Numerics §2.4) and UE4M3 NaN (Numerics §3.4).
E8M0_NAN = 0xFF
UE4M3_NAN = 0x7F

_F32_EXP_MASK = np.uint32(0x7F800000)
_NVFP4_RANGE = np.float32(2688.0)  # 448 * 6: largest UE4M3 times largest E2M1
_FLT_MAX = np.finfo(np.float32).max


def abs_bits(x32):
    """|x| of float32 values as uint32 bit patterns (NaN > Inf > finite)."""
    return x32.view(np.uint32) & np.uint32(0x7FFFFFFF)


def is_nonfinite(amax_bits):
    """True where an amax bit pattern is NaN or +Inf."""
    return amax_bits >= _F32_EXP_MASK


def e8m0_exponents(amax_bits, element, rule):
    """Scale exponents e in [-127, 127] of blocks with the given f32 amax.

    ``floor``: e = floor(log2(amax)) - emax_elem, where floor(log2) is the
    unbiased f32 exponent field and -127 for subnormal or zero amax.
    ``rceil``: r = amax / largest_finite as one f32 division, then e is r
    rounded up to a power of two: the exponent of r, plus one unless r is
    exactly a power of two. Subnormal r is handled exactly too (e is -126
    above 2^-127, else -127), and r = 0 gives the clamp value -127.
    Blocks whose amax is NaN/Inf get a meaningless e; callers mask them.
    """
    f = get_format(element)
    if rule == "floor":
        efield = (amax_bits >> 23).astype(np.int32)
        e = np.where(efield == 0, -127, efield - 127) - f.emax_elem
    elif rule == "rceil":
        amax = amax_bits.view(np.float32)
        with np.errstate(invalid="ignore", over="ignore"):
            r = amax / np.float32(f.max_value)
        rbits = r.view(np.uint32)
        efield = ((rbits >> 23) & 0xFF).astype(np.int32)
        frac = rbits & np.uint32(0x7FFFFF)
        e = np.where(efield == 0,
                     np.where(frac > 0x400000, -126, -127),
                     efield - 127 + (frac != 0))
    else:
        raise ValueError(
            f"unknown scale_rounding {rule!r}; expected one of {', '.join(SCALE_RULES)}")
    return np.clip(e, -127, 127).astype(np.int32)


def e8m0_codes(exponents):
    """E8M0 codes (uint8) of scale exponents in [-127, 127]."""
    return (exponents + 127).astype(np.uint8)


def nvfp4_global(amax_bits, given=None):
    """(g, global) of Numerics §3.1-3.3 (np.float32) from the tensor's amax.

    `amax_bits` holds the f32 bit pattern of max |x| over the whole tensor.
    g is the encode-direction scale used inside quantization, global the
    decode-direction scale that is stored. Computed: g = min(2688 / amax_t,
    FLT_MAX) and global = amax_t / 2688, each one f32 division; g = global = 1
    when amax_t is 0 (an empty tensor included) or the tensor holds NaN or
    Inf. Given: global as given (positive and finite as an f32) and
    g = min(1 / global, FLT_MAX). The clamp keeps g finite below
    amax_t ~ 7.9e-36 and for a subnormal given global.
    """
    with np.errstate(over="ignore", divide="ignore"):
        if given is not None:
            glob = validate_global(given)
            return _clamp_to_flt_max(np.float32(1.0) / glob), glob
        if amax_bits == 0 or is_nonfinite(amax_bits):
            return np.float32(1.0), np.float32(1.0)
        amax = np.uint32(amax_bits).view(np.float32)
        return _clamp_to_flt_max(_NVFP4_RANGE / amax), amax / _NVFP4_RANGE


def _clamp_to_flt_max(x):
    """min(x, FLT_MAX) in f32: NVFP4's encode factors never become +Inf,
    which would make 0 * g a NaN and a tiny element +-6 (Numerics §3.1, §3.3,
    §3.4)."""
    return np.minimum(x, _FLT_MAX)


def validate_global(given):
    """A given decode-direction global scale as np.float32, or ValueError.

    The value must be a real number that is positive and finite once
    converted to f32 (a float64 that underflows to 0 or overflows to Inf is
    rejected, not silently changed).
    """
    if isinstance(given, (bool, np.bool_)) or not isinstance(
            given, (int, float, np.integer, np.floating)):
        raise ValueError(f"global_scale must be a real number, got {given!r}")
    with np.errstate(over="ignore"):
        glob = np.float32(given)
    if not (np.isfinite(glob) and glob > 0):
        raise ValueError(
            f"global_scale must be positive and finite as a float32, got {given!r}")
    return glob


def nvfp4_block_scales(amax_bits, g):
    """UE4M3 scale codes s = e4m3((amax_b / 6) * g) of blocks (Numerics §3.4).

    f32 arithmetic in that order, round to nearest even, saturating at 448.
    NaN/Inf blocks get UE4M3_NAN.
    """
    amax = amax_bits.view(np.float32)
    with np.errstate(invalid="ignore", over="ignore"):
        t = (amax / np.float32(6.0)) * g
    codes = encode_f32(t, "ue4m3")
    codes[is_nonfinite(amax_bits)] = UE4M3_NAN
    return codes


def nvfp4_element_factors(g, scale_codes):
    """f = min(g / float(s), FLT_MAX) per block (Numerics §3.4), float32.

    One f32 division and clamp per block, so f is finite and 0 * f stays 0.
    Blocks whose scale is 0 or NaN get a meaningless f; callers mask them.
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return _clamp_to_flt_max(np.float32(g) / ue4m3_values(scale_codes))


def ue4m3_values(codes):
    """float32 values of UE4M3 scale codes."""
    return decode_table("ue4m3")[codes]
