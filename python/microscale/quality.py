"""Quantization quality metrics and a classic INT4 baseline.

Definitions (x the original f32 tensor of n elements, x' its dequantized
quantization, e = x' - x, all sums in float64):

- MSE: sum(e^2) / n.
- SNR (dB): 10 * log10(sum(x^2) / sum(e^2)); +inf when e is all zero.
- max error: max |e|.
- effective bits per element: what the stored form costs per element,
  element bits + scale bits / block size + global bits / n. MXFP4 at
  blocks of 32: 4 + 8/32 = 4.25; NVFP4: 4 + 8/16 + 32/n; the INT4
  baseline: 4 + 16/group (an fp16 scale per group).
- outlier ratio: the fraction of elements with |x| > 4 * rms(x), rms(x) =
  sqrt(sum(x^2) / n) over the whole tensor. A property of the weights
  (0.006% for Gaussian data, 0.35% for Laplace), not of the scheme.
- block crest factor: the mean over blocks (of the row's block size, along
  the last axis) of max|x_b| / rms(x_b), all-zero blocks left out. It is
  how far a block's largest element, which sets the shared scale, stands
  above the block's typical element: at most sqrt(block size), and the
  larger it is the more of the block's small elements the scale flushes.

Custom element formats (``e1m2``, ``e3m0``, ``e2m2_b2``, ``e4m3_inf``...,
:func:`microscale.formats.custom_format`) are quantized MX-style: blocks
along the last axis with an E8M0 scale by the same rule (floor or rceil)
and elements rounded and saturated as Numerics §1 does for every format, so they
sit in one table with the named schemes; their codes are decoded
unpacked (5-bit formats have no Numerics §5 packing), and their effective bits
are bits + 8 / block size.

INT4 baseline (group quantization as GPTQ/AWQ-style and llama.cpp's Q4_0
store it, symmetric): per group of `group` elements along the last axis,
scale s = fp16(absmax / 7) (f32 division, rounded to nearest fp16,
saturating at the fp16 maximum), q = clip(rint(x / s), -7, 7) (ties to
even; an all-zero group has s = 0 and q = 0), x' = q * s in f32.
"""

import numpy as np

from ._arrays import as_float32
from .formats import CUSTOM_FORMAT, decode_table, get_format
from .quantize import dequantize, mx_block_codes, quantize
from .scales import abs_bits
from .schemes import SCHEMES, resolve_scheme

#: The outlier threshold k of the outlier ratio: |x| > k * rms(x).
OUTLIER_K = 4.0

#: Name of the INT4 baseline wherever a scheme name is accepted here.
INT4 = "int4"
INT4_LEVELS = 7
INT4_SCALE_BITS = 16
#: The baseline's group size when none is given: the MX block size.
INT4_DEFAULT_GROUP = 32

#: Scheme names :func:`quantize_dequantize` accepts, besides custom element formats.
SCHEME_NAMES = tuple(SCHEMES) + (INT4,)

#: Block size of a custom element format when none is given (OCP MX's).
CUSTOM_DEFAULT_BLOCK = 32


def is_custom(scheme):
    """Whether `scheme` names a custom element format (not a scheme of its own)."""
    return (isinstance(scheme, str) and scheme not in SCHEMES
            and CUSTOM_FORMAT.fullmatch(scheme) is not None)


def custom_quantize_dequantize(x, fmt, block_size=CUSTOM_DEFAULT_BLOCK, scale_rounding=None):
    """x' of `x` with a custom element format in E8M0-scaled blocks (see module doc)."""
    element = get_format(fmt)
    if block_size <= 0:
        raise ValueError(f"block_size must be positive, got {block_size}")
    blocks = _blocks(as_float32(x), block_size, fmt)
    codes, scales = mx_block_codes(blocks, abs_bits(blocks).max(axis=-1), element,
                                   scale_rounding or "floor")
    out = decode_table(element)[codes] * decode_table("e8m0")[scales][..., None]
    return out.reshape(np.shape(x))

_F16_MAX = np.float32(np.finfo(np.float16).max)


def _blocks(x32, block_size, what):
    k = x32.shape[-1]
    if x32.ndim < 1 or k % block_size:
        raise ValueError(
            f"{what}: the last dimension ({k}) is not a multiple of the block size "
            f"({block_size})")
    return x32.reshape(x32.shape[:-1] + (k // block_size, block_size))


def int4_quantize(x, group=INT4_DEFAULT_GROUP):
    """(q int8 [..., K], scales float16 [..., K / group]) of the INT4 baseline."""
    if group <= 0:
        raise ValueError(f"the INT4 group size must be positive, got {group}")
    g = _blocks(as_float32(x), group, "int4")
    with np.errstate(over="ignore"):
        scale = np.minimum(np.abs(g).max(axis=-1) / np.float32(INT4_LEVELS), _F16_MAX)
        scale16 = scale.astype(np.float16)
    s32 = scale16.astype(np.float32)[..., None]
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.where(s32 > 0, np.rint(g / s32), 0)
    q = np.clip(q, -INT4_LEVELS, INT4_LEVELS).astype(np.int8)
    return q.reshape(g.shape[:-2] + (-1,)), scale16


def int4_dequantize(q, scales):
    """float32 x' = q * s of the INT4 baseline (one f32 multiplication)."""
    group = q.shape[-1] // scales.shape[-1]
    g = q.reshape(scales.shape + (group,)).astype(np.float32)
    return (g * scales.astype(np.float32)[..., None]).reshape(q.shape)


def quantize_dequantize(x, scheme, block_size=None, scale_rounding=None):
    """x' of `x` (float32) under a named scheme, a microscale.Scheme or "int4".

    block_size: overrides the scheme's (a custom scheme: the same numerics
        as the named scheme would have at that size); for "int4" the group
        size, default 32.
    scale_rounding: "floor"/"rceil" for E8M0-scaled schemes, else ignored.
    """
    if scheme == INT4:
        return int4_dequantize(*int4_quantize(x, block_size or INT4_DEFAULT_GROUP))
    if is_custom(scheme):
        return custom_quantize_dequantize(x, scheme, block_size or CUSTOM_DEFAULT_BLOCK,
                                          scale_rounding)
    s = resolve_scheme(scheme, block_size)
    rule = scale_rounding if s.scale == "e8m0" else None
    return dequantize(quantize(x, s, scale_rounding=rule))


def effective_bits(scheme, numel, block_size=None):
    """Stored bits per element of a tensor of `numel` elements (see module doc)."""
    if scheme == INT4:
        return 4 + INT4_SCALE_BITS / (block_size or INT4_DEFAULT_GROUP)
    if is_custom(scheme):
        return get_format(scheme).bits + 8 / (block_size or CUSTOM_DEFAULT_BLOCK)
    s = resolve_scheme(scheme, block_size)
    bits = get_format(s.element).bits + get_format(s.scale).bits / s.block_size
    return bits + (32 / numel if s.has_global else 0.0)


def error_metrics(x, x_hat):
    """{"mse", "snr_db", "max_error"} of x' = x_hat against x (see module doc)."""
    x64 = np.asarray(x, dtype=np.float64)
    xh64 = np.asarray(x_hat, dtype=np.float64)
    if xh64.shape != x64.shape:
        raise ValueError(f"shapes differ: {x64.shape} and {xh64.shape}")
    e = xh64 - x64
    if x64.size == 0:
        raise ValueError("error metrics need a non-empty tensor")
    noise = float(np.sum(e * e))
    signal = float(np.sum(x64 * x64))
    snr = np.inf if noise == 0 else 10 * np.log10(signal / noise) if signal > 0 else -np.inf
    return {"mse": noise / x64.size, "snr_db": float(snr),
            "max_error": float(np.max(np.abs(e)))}


def outlier_ratio(x, k=OUTLIER_K):
    """Fraction of elements with |x| > k * rms(x) over the whole tensor."""
    x64 = np.abs(np.asarray(x, dtype=np.float64))
    rms = np.sqrt(np.mean(x64 * x64))
    return float(np.mean(x64 > k * rms))


def block_crest(x, block_size):
    """Mean over blocks of max|x_b| / rms(x_b); all-zero blocks left out (nan if all are)."""
    b = np.abs(_blocks(np.asarray(x, dtype=np.float64), block_size, "block crest"))
    rms = np.sqrt(np.mean(b * b, axis=-1))
    live = rms > 0
    if not live.any():
        return float("nan")
    return float(np.mean(b.max(axis=-1)[live] / rms[live]))
