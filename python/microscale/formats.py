"""Element and scale formats (Numerics §1): exact f32 <-> code conversion.

Encoding works on the integer bit pattern of each f32 value, never on a
rounded floating-point intermediate: the value is split into sign, unbiased
exponent and a 24-bit significand (subnormal f32 inputs are normalised), the
significand is shifted right to the target's quantum with round to nearest,
ties to even, in integer arithmetic, and the result is assembled into a code
and clamped to the largest finite code (saturation, also for +-Inf). Because
the exponent is an integer, block quantization divides by a power of two
exactly by subtracting from it (:func:`encode_f32`'s ``exp_shift``), however
small the quotient is.

Decoding is a lookup in a table built once from the format definition.

Codes are uint8 values in the low bits of each byte: a 4-bit E2M1 code is
0x0..0xF, a 6-bit code 0x00..0x3F, with the sign in the format's top bit.
"""

import functools
import re
from dataclasses import dataclass
from typing import Optional

import numpy as np

from ._arrays import as_codes, as_float32


@dataclass(frozen=True)
class Format:
    """Static description of one format of Numerics §1.

    ``kind`` is "float" for the sign/exponent/mantissa formats (E8M0 is a
    float with no mantissa and no sign) and "int" for the MXINT8 element, a
    two's complement integer with an implicit scale 2^-6. ``signed`` is False
    for the two scale formats: their encoders take the magnitude.
    """

    name: str
    kind: str
    bits: int
    mbits: int
    bias: int
    emin: int  # unbiased exponent of the smallest normal binade
    signed: bool
    max_code: int  # code of the largest finite magnitude
    nan_code: Optional[int]  # code of +NaN; None: NaN encodes to +0
    emax_elem: int  # unbiased exponent of the largest binade (Numerics §2.2)
    inf_nan: bool = False  # the top exponent field holds +-Inf (mantissa 0) and NaNs
    custom: bool = False  # made by custom_format, not one of Numerics §1's

    @property
    def packing_unit(self):
        """Elements per storage unit: 2 per byte for 4 bits, 4 per 3 bytes for 6;
        None for widths Numerics §5 does not pack (custom formats of 2, 3, 5, 7 bits)."""
        return {4: 2, 6: 4, 8: 1}.get(self.bits)

    @property
    def max_value(self):
        """Largest finite value (6.0 for E2M1, 127/64 for INT8...)."""
        return float(decode_table(self)[self.max_code])


_FORMATS = {
    f.name: f
    for f in (
        Format("e2m1", "float", 4, 1, 1, 0, True, 0x07, None, 2),
        Format("e2m3", "float", 6, 3, 1, 0, True, 0x1F, None, 2),
        Format("e3m2", "float", 6, 2, 3, -2, True, 0x1F, None, 4),
        Format("e4m3", "float", 8, 3, 7, -6, True, 0x7E, 0x7F, 8),
        Format("e5m2", "float", 8, 2, 15, -14, True, 0x7B, 0x7E, 15, inf_nan=True),
        Format("int8", "int", 8, 0, 0, 0, True, 127, None, 0),
        # E8M0 has no subnormals: its code 0x00 is the normal 2^-127.
        Format("e8m0", "float", 8, 0, 127, -127, False, 0xFE, 0xFF, 127),
        Format("ue4m3", "float", 8, 3, 7, -6, False, 0x7E, 0x7F, 8),
    )
}

#: Names accepted by :func:`encode`, :func:`decode`, :func:`~microscale.pack`...
FORMAT_NAMES = tuple(_FORMATS)

#: Formats a block-scaled scheme may hold as elements (the others are scales).
ELEMENT_FORMATS = ("e2m1", "e2m3", "e3m2", "e4m3", "e5m2", "int8")


#: A custom element format's name: ``e<E>m<M>``, ``_b<bias>`` (default
#: 2^(E-1) - 1), ``_inf`` to reserve the top exponent for Inf and NaN.
CUSTOM_FORMAT = re.compile(r"e(\d)m(\d)(?:_b(-?\d+))?(_inf)?")


@functools.lru_cache(maxsize=None)
def custom_format(name):
    """The sign + E exponent + M mantissa bit float format a name describes.

    ``e1m2``, ``e3m0``, ``e2m2_b2`` (bias 2), ``e4m3_inf`` (IEEE-style: the top
    exponent field is +-Inf with mantissa 0 and NaN otherwise, so the largest
    finite value is one binade lower). E >= 1, 1 + E + M <= 8 bits. Encoding
    follows Numerics §1's rules for every format: round to nearest, ties to
    even, saturation to the largest finite value (+-Inf too), the sign kept on
    zeros, NaN to the format's NaN (all ones, with its sign) or else +0.
    Subnormals as in IEEE: exponent field 0 is 2^(1 - bias) * 0.mantissa.
    """
    m = CUSTOM_FORMAT.fullmatch(name) if isinstance(name, str) else None
    if m is None:
        raise ValueError(f"{name!r} is not a custom format name (e<E>m<M>[_b<bias>][_inf], "
                         f"e.g. e1m2, e2m2_b2, e4m3_inf)")
    ebits, mbits = int(m.group(1)), int(m.group(2))
    if ebits < 1 or 1 + ebits + mbits > 8:
        raise ValueError(f"{name}: a custom format has 1 sign, E >= 1 exponent and M mantissa "
                         f"bits, 8 in all at most; got E={ebits}, M={mbits}")
    bias = (1 << (ebits - 1)) - 1 if m.group(3) is None else int(m.group(3))
    inf_nan = m.group(4) is not None
    if inf_nan and (ebits < 2 or mbits < 1):
        raise ValueError(f"{name}: reserving the top exponent for Inf and NaN needs E >= 2 and "
                         f"M >= 1 (NaN needs a nonzero mantissa; a finite binade must remain)")
    top = (1 << ebits) - 1  # the largest exponent field
    ones = (1 << mbits) - 1
    max_code = (((top - 1) << mbits) | ones) if inf_nan else ((top << mbits) | ones)
    nan_code = ((top << mbits) | ones) if inf_nan else None
    return Format(name, "float", 1 + ebits + mbits, mbits, bias, 1 - bias, True, max_code,
                  nan_code, (max_code >> mbits) - bias, inf_nan=inf_nan, custom=True)


def get_format(name):
    """Returns the :class:`Format` called `name` (one of Numerics §1's, or a
    custom one :func:`custom_format` reads), or raises ValueError."""
    if isinstance(name, Format):
        return name
    if name in _FORMATS:
        return _FORMATS[name]
    if isinstance(name, str) and CUSTOM_FORMAT.fullmatch(name):
        return custom_format(name)
    raise ValueError(
        f"unknown format {name!r}; expected one of {', '.join(FORMAT_NAMES)} or a custom "
        f"e<E>m<M>[_b<bias>][_inf] (e.g. e1m2, e2m2_b2, e4m3_inf)")


def _build_decode_table(f):
    """Values of every code of `f`, computed from the format definition."""
    codes = np.arange(1 << f.bits)
    if f.kind == "int":
        return (codes.astype(np.uint8).view(np.int8) / 64.0).astype(np.float32)
    if f.name == "e8m0":
        table = np.ldexp(1.0, codes - f.bias)
        table[0xFF] = np.nan
        return table.astype(np.float32)
    # UE4M3 shares E4M3's bit layout; a set top bit reads as the E4M3 sign.
    ebits = f.bits - 1 - f.mbits
    sign = np.where(codes >> (f.bits - 1) == 1, -1.0, 1.0)
    efield = (codes >> f.mbits) & ((1 << ebits) - 1)
    frac = (codes & ((1 << f.mbits) - 1)) / float(1 << f.mbits)
    table = sign * np.where(efield == 0, np.ldexp(frac, f.emin),
                            np.ldexp(1.0 + frac, efield - f.bias))
    if f.inf_nan:
        top = efield == (1 << ebits) - 1
        table[top] = np.where(frac[top] == 0, sign[top] * np.inf, np.nan)
    elif f.nan_code is not None:
        table[[f.nan_code, f.nan_code | 0x80]] = np.nan
    return table.astype(np.float32)


def _readonly(a):
    a.flags.writeable = False
    return a


_DECODE_TABLES = {name: _readonly(_build_decode_table(f))
                  for name, f in _FORMATS.items()}


@functools.lru_cache(maxsize=None)
def _custom_decode_table(f):
    return _readonly(_build_decode_table(f))


def decode_table(fmt):
    """The float32 value of every code of `fmt`, indexed by code (read-only)."""
    f = get_format(fmt)
    return _custom_decode_table(f) if f.custom else _DECODE_TABLES[f.name]


# Exponent given to zeros: low enough that any shift still rounds them to 0.
_ZERO_EXP = -1024


def split_f32(x32):
    """Splits float32 values into (sign, exponent, significand, nan).

    For finite nonzero x: |x| = significand * 2^(exponent - 23) exactly, with
    the significand in [2^23, 2^24) (f32 subnormals are normalised here). Zeros
    get significand 0 and a very low exponent; +-Inf gets exponent 128 and
    significand 2^23, which every encoder saturates. ``nan`` marks NaNs.
    """
    u = x32.view(np.uint32)
    sign = (u >> 31).astype(np.uint8)
    efield = ((u >> 23) & 0xFF).astype(np.int32)
    frac = (u & 0x7FFFFF).astype(np.int32)
    exp = efield - 127
    sig = frac | 0x800000
    tiny = efield == 0
    if tiny.any():
        tfrac = frac[tiny]
        # floor(log2(frac)), read exactly from the f32 conversion of the
        # integer (frac < 2^23 converts without rounding); -127 for frac 0.
        p = ((tfrac.astype(np.float32).view(np.uint32) >> 23).astype(np.int32)
             - 127)
        nonzero = tfrac != 0
        exp[tiny] = np.where(nonzero, p - 149, _ZERO_EXP)
        sig[tiny] = tfrac << np.where(nonzero, 23 - p, 0)
    nan = (u & 0x7FFFFFFF) > 0x7F800000
    return sign, exp, sig, nan


def _round_shift(sig, shift):
    """sig / 2^shift rounded to nearest, ties to even, for shift in [1, 25]."""
    half_minus_one = (1 << (shift - 1)) - 1
    return (sig + half_minus_one + ((sig >> shift) & 1)) >> shift


def encode_parts(f, sign, exp, sig, nan):
    """Encodes values given as :func:`split_f32` parts into codes of `f`.

    The value encoded is (-1)^sign * sig * 2^(exp - 23), so a caller divides
    by 2^e exactly by passing ``exp - e``.
    """
    if f.kind == "int":
        # Quantum 2^-6; a shift below 1 only happens for |v| >= 2^16, which
        # saturates anyway, so clamping it keeps the integers small.
        shift = np.clip(17 - exp, 1, 25)
        mag = np.minimum(_round_shift(sig, shift), f.max_code)
        code = np.where(sign == 1, -mag, mag).astype(np.uint8)
    else:
        ebase = np.maximum(exp, f.emin)
        # Quantum 2^(max(exp, emin) - mbits); shifts past 25 all round to 0.
        shift = np.minimum(23 - f.mbits + (ebase - exp), 25)
        code = ((ebase + (f.bias - 1)) << f.mbits) + _round_shift(sig, shift)
        # E8M0 has no zero: magnitudes below 2^-127 round to its code 0x00.
        code = np.clip(code, 0, f.max_code)
        if f.signed:
            code = code | (sign.astype(np.int32) << (f.bits - 1))
        code = code.astype(np.uint8)
    if nan.any():
        if f.nan_code is None:
            code[nan] = 0
        elif f.signed:
            code[nan] = f.nan_code | (sign[nan] << (f.bits - 1))
        else:
            code[nan] = f.nan_code
    return code


def encode_f32(x32, fmt, exp_shift=None):
    """Encodes a float32 array; `exp_shift` (int, broadcastable) divides by 2^shift exactly."""
    f = get_format(fmt)
    sign, exp, sig, nan = split_f32(x32)
    if exp_shift is not None:
        exp = exp - exp_shift
    return encode_parts(f, sign, exp, sig, nan)


def encode(x, fmt):
    """Converts real numbers to codes of `fmt` (uint8, same shape), Numerics §1.

    Round to nearest, ties to even; magnitudes past the largest finite value,
    +-Inf included, saturate to it; the sign is kept, also on results that
    round to zero (E2M1: -0.2 -> 0x8). NaN becomes the format's NaN with its
    sign (E4M3 0x7F/0xFF, E5M2 0x7E/0xFE), E8M0's 0xFF and UE4M3's 0x7F, or
    +0 where the format has none (E2M1, E2M3, E3M2, INT8). INT8 clamps to
    [-127, 127] and encodes zero as +0. The scale formats E8M0 and UE4M3 are
    unsigned and encode the magnitude; E8M0 has no zero, so magnitudes below
    2^-127 encode to its smallest code 0x00, and ties between two powers of
    two round up (the tie-to-even of a significand without fraction bits).
    Inputs are converted to float32 first.
    """
    x32 = as_float32(x)
    return encode_f32(x32.reshape(-1), fmt).reshape(x32.shape)


def decode(codes, fmt):
    """Converts codes of `fmt` to their float32 values (same shape).

    Codes must lie in [0, 2^bits); UE4M3 codes with the top bit set read as
    the E4M3 pattern they are (negative values).
    """
    f = get_format(fmt)
    c = as_codes(codes, f.bits)
    return decode_table(f)[c.reshape(-1)].reshape(c.shape)
