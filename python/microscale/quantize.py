"""Block-scaled quantization and dequantization (Numerics §2, §3 and §5).

Blocks run along the last axis. The input is converted to float32 first
(float16 and bfloat16 exactly, float64 rounding to nearest even), so every
rule below is the numerics reference's f32 rule.

OCP MX (E8M0 scales): the scale exponent e comes from the block's amax by
rule ``floor`` or ``rceil``; each element is encoded from the exact value
v / 2^e (the division is an exponent subtraction on the integer bit pattern,
so quotients that would be f32 subnormals stay exact). A block holding NaN or
Inf gets scale 0xFF and element codes 0.

NVFP4 (UE4M3 scales): global g from the tensor (or a given decode-direction
global), block scale s = e4m3((amax_b / 6) * g) and elements e2m1(x * f)
with f = min(g / s, FLT_MAX), each an f32 operation in that order (g is
clamped to FLT_MAX too, so a zero element always stays a zero).
"""

import dataclasses
from typing import Optional

import numpy as np

from . import _compiled
from ._arrays import as_float32, as_kernel_float
from .formats import decode_table, encode_f32, get_format
from .packing import pack_codes, packed_bytes, unpack_codes
from .scales import (E8M0_NAN, SCALE_RULES, abs_bits, e8m0_codes, e8m0_exponents,
                     is_nonfinite, nvfp4_block_scales, nvfp4_element_factors, nvfp4_global,
                     validate_global)
from .schemes import Scheme, resolve_scheme


@dataclasses.dataclass(frozen=True, eq=False)
class QuantizedTensor:
    """A block-scaled tensor as stored (Numerics §5).

    data: packed element bytes, uint8 [..., K * bits / 8].
    scales: one scale byte per block, uint8 [..., K / block_size], row_major.
    global_scale: the decode-direction per-tensor scale (a float holding an
        f32 value) for NVFP4-style schemes, else None.
    shape: the original shape [..., K].
    scheme: the :class:`~microscale.Scheme` used.
    scale_rounding: the E8M0 rule used ("floor" or "rceil"), else None.

    The fields are checked against each other on construction, so a tensor
    assembled by hand (from a checkpoint, say) is consistent or rejected.
    """

    data: np.ndarray
    scales: np.ndarray
    global_scale: Optional[float]
    shape: tuple
    scheme: Scheme
    scale_rounding: Optional[str] = None

    def __post_init__(self):
        if not isinstance(self.scheme, Scheme):
            raise ValueError(f"scheme must be a microscale.Scheme, got {self.scheme!r}")
        shape = tuple(int(d) for d in self.shape)
        object.__setattr__(self, "shape", shape)
        if not shape:
            raise ValueError("a quantized tensor has rank >= 1")
        k, bs = shape[-1], self.scheme.block_size
        if k % bs:
            raise ValueError(f"the last dimension ({k}) is not a multiple of the block size ({bs})")
        element = get_format(self.scheme.element)
        for name, arr, last in (("data", self.data, packed_bytes(k, element)),
                                ("scales", self.scales, k // bs)):
            want = shape[:-1] + (last,)
            if not isinstance(arr, np.ndarray) or arr.dtype != np.uint8 or arr.shape != want:
                raise ValueError(
                    f"{name} must be a uint8 array of shape {want} for shape {shape} "
                    f"under {self.scheme}, got {getattr(arr, 'dtype', type(arr))} "
                    f"{getattr(arr, 'shape', '')}")
        if self.scheme.has_global:
            if self.global_scale is None:
                raise ValueError(f"{self.scheme} needs a global_scale")
            if self.scale_rounding is not None:
                raise ValueError("scale_rounding applies to E8M0-scaled schemes only")
        else:
            if self.global_scale is not None:
                raise ValueError(f"{self.scheme} has no global_scale")
            if self.scale_rounding not in (None,) + SCALE_RULES:
                raise ValueError(f"unknown scale_rounding {self.scale_rounding!r}")


def quantize(x, scheme, *, scale_rounding=None, global_scale=None, block_size=None,
             backend=None):
    """Quantizes `x` (rank >= 1, blocks along the last axis) to a QuantizedTensor.

    scheme: a name of :data:`~microscale.SCHEMES` or a :class:`~microscale.Scheme`.
    scale_rounding: "floor" (default) or "rceil", for E8M0-scaled schemes only.
    global_scale: for NVFP4-style schemes, a static decode-direction global
        (positive, finite); None computes it from the data (Numerics §3.1-3.3).
    block_size: overrides the scheme's block size (a custom scheme).
    backend: "compiled" (the kernel microscale-cpu-pipeline makes for this
        shape, scheme and dtype, JIT-compiled once and cached; needs the
        compiler extension and a power-of-two block size), "reference" (this
        NumPy code) or None, the default: compiled wherever it can run, else
        the reference. The output is bit-identical either way.

    The last dimension must be a multiple of the block size; nothing is padded.
    Raises ValueError on bad input.
    """
    s = resolve_scheme(scheme, block_size)
    k = np.shape(x)[-1] if np.ndim(x) else 0
    backend = _compiled.chosen(backend, _compiled.supports(s, k=k))
    xin = as_kernel_float(x) if backend == "compiled" else as_float32(x)
    if xin.ndim == 0:
        raise ValueError("quantize needs an input of rank >= 1 (blocks run along the last axis)")
    k, bs = xin.shape[-1], s.block_size
    if k % bs:
        raise ValueError(
            f"the last dimension ({k}) must be a multiple of the block size ({bs}); "
            f"nothing is padded implicitly")
    if s.has_global:
        if scale_rounding is not None:
            raise ValueError(
                f"scale_rounding applies to E8M0-scaled schemes, not to {s.scale} scales")
        given = None if global_scale is None else validate_global(global_scale)
        rule = None
    else:
        if global_scale is not None:
            raise ValueError(f"global_scale applies to schemes with UE4M3 scales, not {s}")
        rule = "floor" if scale_rounding is None else scale_rounding
        if rule not in SCALE_RULES:
            raise ValueError(
                f"unknown scale_rounding {rule!r}; expected one of {', '.join(SCALE_RULES)}")
        given = None
    if backend == "compiled":
        data, scale_codes, glob = _compiled.quantize(xin, s, rule, given)
        return QuantizedTensor(data, scale_codes, None if glob is None else float(glob),
                               xin.shape, s, rule)

    x32 = xin
    lead = x32.shape[:-1]
    blocks = x32.reshape(lead + (k // bs, bs))
    amax_bits = abs_bits(blocks).max(axis=-1)
    bad = is_nonfinite(amax_bits)
    element = get_format(s.element)
    if s.has_global:
        g, glob = nvfp4_global(amax_bits.max(initial=0), given)
        scale_codes = nvfp4_block_scales(amax_bits, g)
        factor = nvfp4_element_factors(g, scale_codes)
        with np.errstate(invalid="ignore", over="ignore"):
            codes = encode_f32(blocks * factor[..., None], element)
        codes[bad | (scale_codes == 0)] = 0
        stored_global = float(glob)
    else:
        codes, scale_codes = mx_block_codes(blocks, amax_bits, element, rule)
        stored_global = None
    data = pack_codes(codes.reshape(lead + (k,)), element)
    return QuantizedTensor(data, scale_codes, stored_global, x32.shape, s, rule)


def mx_block_codes(blocks, amax_bits, element, rule):
    """(element codes [..., blocks, block], E8M0 scale codes [..., blocks]) of
    float32 blocks under an E8M0 scale rule (Numerics §2): the unpacked heart of
    :func:`quantize`, for any element Format, custom ones included.
    amax_bits: abs_bits(blocks).max(axis=-1). NaN/Inf blocks get scale 0xFF
    and element codes 0."""
    bad = is_nonfinite(amax_bits)
    e = e8m0_exponents(amax_bits, element, rule)
    codes = encode_f32(blocks, element, exp_shift=e[..., None])
    codes[bad] = 0
    scale_codes = e8m0_codes(e)
    scale_codes[bad] = E8M0_NAN
    return codes, scale_codes


def dequantize(q, *, backend=None):
    """float32 values of a QuantizedTensor, in its original shape (Numerics §2.6, §3.5).

    E8M0: value(q) * 2^e as one f32 multiplication. UE4M3:
    (value(q) * float(s)) * global, in that order. NaN scales give NaN.
    backend: as for :func:`quantize`; the values are the same either way
        (a NaN's payload aside).
    """
    if not isinstance(q, QuantizedTensor):
        raise ValueError(f"dequantize expects a QuantizedTensor, got {type(q).__name__}")
    if _compiled.chosen(backend, _compiled.supports(q.scheme, k=q.shape[-1])) == "compiled":
        return _compiled.dequantize(q)
    s = q.scheme
    element = get_format(s.element)
    k = q.shape[-1]
    codes = unpack_codes(q.data, element, k)
    values = decode_table(element)[codes].reshape(q.shape[:-1] + (k // s.block_size, s.block_size))
    scale_values = decode_table(s.scale)[q.scales][..., None]
    out = values * scale_values
    if s.has_global:
        out *= np.float32(q.global_scale)
    return out.reshape(q.shape)
