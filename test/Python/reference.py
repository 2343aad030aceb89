"""Slow, literal block quantizers written from Numerics §2 and §3.

One Python iteration per block, math.frexp for exponents, the oracle for
rounding, and exact float64 arithmetic wherever the numerics reference asks for
an exact operation; the f32 operations the numerics reference prescribes are
done on np.float32 scalars in the numerics reference's order. Nothing here
imports microscale.
"""

import math

import numpy as np

import oracle as O

F32 = np.float32


def f32_product(a, b):
    """a * b rounded once to f32: the float64 product of two f32 values is exact."""
    return (np.asarray(a, np.float64) * np.asarray(b, np.float64)).astype(F32)


def floor_exponent(amax, element):
    """Numerics §2.2."""
    fl = -127 if amax < 2.0 ** -126 else math.frexp(amax)[1] - 1
    return min(max(fl - O.EMAX_ELEM[element], -127), 127)


def rceil_exponent(amax, element):
    """Numerics §2.3: one f32 division, then the power of two at or above it."""
    r = float(F32(amax) / F32(O.LARGEST[element]))
    if r == 0:
        return -127
    m, ex = math.frexp(r)
    return min(max(ex - 1 if m == 0.5 else ex, -127), 127)


def mx_quantize(x, element, block, rule):
    """(codes [..., K], scale codes [..., K/block]) per Numerics §2."""
    x = np.asarray(x, F32)
    blocks = x.reshape(-1, block).astype(np.float64)
    codes = np.zeros(blocks.shape, np.uint8)
    scales = np.zeros(len(blocks), np.uint8)
    for i, b in enumerate(blocks):
        if not np.all(np.isfinite(b)):
            scales[i] = 0xFF
            continue
        amax = float(np.max(np.abs(b)))
        e = (floor_exponent if rule == "floor" else rceil_exponent)(amax, element)
        scales[i] = e + 127
        codes[i] = O.encode(element, b * 2.0 ** -e)  # exact in float64
    return codes.reshape(x.shape), scales.reshape(x.shape[:-1] + (-1,))


def mx_dequantize(codes, scales, element, block):
    values = O.values(element)[codes].reshape(scales.shape + (block,))
    scale = np.where(scales == 0xFF, np.nan, np.exp2(scales.astype(np.float64) - 127))
    return f32_product(values, scale[..., None]).reshape(codes.shape)


FLT_MAX = float(np.finfo(F32).max)


def at_most_flt_max(x):
    """Numerics §3.1, §3.3, §3.4: an overflowed encode factor becomes FLT_MAX."""
    return F32(FLT_MAX) if math.isinf(x) else F32(x)


def nvfp4_global(x, given):
    """(g, global) per Numerics §3.1-3.3."""
    with np.errstate(over="ignore", divide="ignore"):
        if given is not None:
            glob = F32(given)
            return at_most_flt_max(F32(1.0) / glob), glob
        x = np.asarray(x, F32)
        if x.size == 0 or not np.all(np.isfinite(x)) or np.max(np.abs(x)) == 0:
            return F32(1.0), F32(1.0)
        amax = F32(np.max(np.abs(x)))
        return at_most_flt_max(F32(2688.0) / amax), amax / F32(2688.0)


def nvfp4_quantize(x, block=16, given=None):
    """(codes, scale codes, global) per Numerics §3."""
    x = np.asarray(x, F32)
    g, glob = nvfp4_global(x, given)
    blocks = x.reshape(-1, block)
    codes = np.zeros(blocks.shape, np.uint8)
    scales = np.zeros(len(blocks), np.uint8)
    for i, b in enumerate(blocks):
        if not np.all(np.isfinite(b)):
            scales[i] = 0x7F
            continue
        amax_b = F32(np.max(np.abs(b)))
        with np.errstate(over="ignore"):
            s = int(O.encode("ue4m3", (amax_b / F32(6.0)) * g))
        scales[i] = s
        if s != 0:
            with np.errstate(over="ignore"):
                factor = at_most_flt_max(g / F32(O.values("ue4m3")[s]))
                codes[i] = O.encode("e2m1", b * factor)
    return codes.reshape(x.shape), scales.reshape(x.shape[:-1] + (-1,)), glob


def nvfp4_dequantize(codes, scales, glob, block=16):
    values = O.values("e2m1")[codes].reshape(scales.shape + (block,))
    scale = np.where(scales == 0x7F, np.nan, O.values("ue4m3")[scales])
    step = f32_product(values, scale[..., None])
    return f32_product(step, glob).reshape(codes.shape)
