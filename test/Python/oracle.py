"""Expected values computed from the format definitions, not from microscale.

Nothing here imports the package under test. Values come from Numerics §1
by exact rational arithmetic (fractions.Fraction), and "round to nearest,
ties to even" is done by searching the sorted list of representable values
in float64, where every f32 input, every representable value and every
midpoint between neighbours is exact. That is a different algorithm from the
package's integer bit manipulation, so agreement means something.
"""

import functools
import math
from fractions import Fraction

import numpy as np

# (bits, exponent bits, mantissa bits, bias) of the sign/exponent/mantissa formats.
MINIFLOATS = {
    "e2m1": (4, 2, 1, 1),
    "e2m3": (6, 2, 3, 1),
    "e3m2": (6, 3, 2, 3),
    "e4m3": (8, 4, 3, 7),
    "e5m2": (8, 5, 2, 15),
    "ue4m3": (8, 4, 3, 7),
}
BITS = {**{k: v[0] for k, v in MINIFLOATS.items()}, "int8": 8, "e8m0": 8}
ALL_FORMATS = ("e2m1", "e2m3", "e3m2", "e4m3", "e5m2", "int8", "e8m0", "ue4m3")
UNSIGNED = ("e8m0", "ue4m3")

# Numerics §1's table: largest finite, smallest subnormal (E8M0: smallest value).
LARGEST = {"e2m1": 6.0, "e2m3": 7.5, "e3m2": 28.0, "e4m3": 448.0, "e5m2": 57344.0,
           "int8": 127 / 64, "e8m0": 2.0 ** 127, "ue4m3": 448.0}
SMALLEST = {"e2m1": 0.5, "e2m3": 0.125, "e3m2": 0.0625, "e4m3": 2.0 ** -9,
            "e5m2": 2.0 ** -16, "int8": 1 / 64, "e8m0": 2.0 ** -127, "ue4m3": 2.0 ** -9}
EMAX_ELEM = {"e2m1": 2, "e2m3": 2, "e3m2": 4, "e4m3": 8, "e5m2": 15, "int8": 0}

NAN = float("nan")
INF = float("inf")


def value_of(fmt, code):
    """The value of one code as a float (exact: every value fits a float64)."""
    if fmt == "int8":
        return float(Fraction(code - 256 if code >= 128 else code, 64))
    if fmt == "e8m0":
        return NAN if code == 0xFF else float(Fraction(2) ** (code - 127))
    bits, ebits, mbits, bias = MINIFLOATS[fmt]
    sign = -1.0 if code >> (bits - 1) else 1.0
    efield = (code >> mbits) & ((1 << ebits) - 1)
    mfield = code & ((1 << mbits) - 1)
    if fmt in ("e4m3", "ue4m3") and efield == 15 and mfield == 7:
        return NAN  # S.1111.111
    if fmt == "e5m2" and efield == 31:
        return sign * INF if mfield == 0 else NAN
    if efield == 0:
        mag = Fraction(mfield, 1 << mbits) * Fraction(2) ** (1 - bias)
    else:
        mag = (1 + Fraction(mfield, 1 << mbits)) * Fraction(2) ** (efield - bias)
    return math.copysign(float(mag), sign)  # keeps -0


@functools.lru_cache(maxsize=None)
def values(fmt):
    """float64 value of every code of `fmt`, indexed by code (read-only)."""
    v = np.array([float(value_of(fmt, c)) for c in range(1 << BITS[fmt])])
    v.flags.writeable = False
    return v


@functools.lru_cache(maxsize=None)
def grid(fmt):
    """(values, codes): the non-negative finite values of `fmt`, ascending, with codes."""
    v = values(fmt)
    codes = np.arange(len(v))
    keep = np.isfinite(v)
    if fmt != "e8m0":
        keep &= codes < (1 << (BITS[fmt] - 1))  # sign bit clear (UE4M3: as E4M3)
    order = np.argsort(v[keep], kind="stable")
    return v[keep][order], codes[keep][order]


def nan_code(fmt, negative):
    """Numerics §1: a lone NaN keeps its sign where the format has one, else +0."""
    return {"e4m3": 0xFF if negative else 0x7F,
            "e5m2": 0xFE if negative else 0x7E,
            "e8m0": 0xFF, "ue4m3": 0x7F}.get(fmt, 0)


def encode(fmt, x):
    """Expected codes (uint8) of real numbers x (any float dtype, exact in f64)."""
    x = np.asarray(x, dtype=np.float64)
    g, gcodes = grid(fmt)
    a = np.abs(x)
    idx = np.searchsorted(g, a)
    hi = np.clip(idx, 0, len(g) - 1)
    lo = np.clip(idx - 1, 0, len(g) - 1)
    with np.errstate(invalid="ignore"):
        dlo = a - g[lo]
        dhi = g[hi] - a
    if fmt == "e8m0":
        # No fraction bits: ties between two powers of two go up.
        pick_hi = dhi <= dlo
    else:
        pick_hi = (dhi < dlo) | ((dhi == dlo) & (gcodes[hi] % 2 == 0))
    mag = np.where(pick_hi, gcodes[hi], gcodes[lo])
    mag = np.where(a >= g[-1], gcodes[-1], mag)  # saturation, +-Inf included
    mag = np.where(a <= g[0], gcodes[0], mag)
    neg = np.signbit(x)
    if fmt == "int8":
        code = np.where(neg, (256 - mag) % 256, mag)
    elif fmt in UNSIGNED:
        code = mag
    else:
        code = mag | (neg.astype(np.int64) << (BITS[fmt] - 1))
    nan = np.isnan(x)
    code = np.where(nan, np.where(neg, nan_code(fmt, True), nan_code(fmt, False)), code)
    return code.astype(np.uint8)


def midpoints(fmt):
    """Midpoints between neighbouring non-negative values (f64, exact)."""
    g, _ = grid(fmt)
    return (g[:-1] + g[1:]) / 2


def f32_neighbours(v):
    """The f32 values one ulp below and above each f32 value in v."""
    v = np.asarray(v, dtype=np.float32)
    return (np.nextafter(v, np.float32(-np.inf)), np.nextafter(v, np.float32(np.inf)))


def edge_values(fmt):
    """Every representable value, midpoint and their f32 neighbours, signed,
    plus zeros, f32 subnormals, values past saturation, Inf and NaN."""
    g, _ = grid(fmt)
    core = np.concatenate([g, midpoints(fmt)]).astype(np.float32)
    below, above = f32_neighbours(core)
    past = np.array([1.0625, 2, 1024]) * LARGEST[fmt]
    special = np.concatenate([
        [0.0, 2.0 ** -149, 2.0 ** -140, 2.0 ** -127, 1.5 * 2.0 ** -127, 2.0 ** -126,
         3.4028234663852886e38, INF, NAN],
        past[past < 3.4e38]]).astype(np.float32)
    pos = np.concatenate([core, below, above, special])
    return np.concatenate([pos, -pos])
