"""Storage packing of element codes (Numerics §5), along the last axis.

- 4-bit: two codes per byte, element 2i in bits [3:0], 2i+1 in bits [7:4]
  (PyTorch float4_e2m1fn_x2, compressed-tensors, Triton dot_scaled order).
- 6-bit: four codes in three bytes; element j of a group occupies bits
  [6j, 6j+6) of the group's 24-bit little-endian word.
- 8-bit: one code per byte (a copy).
"""

import operator

import numpy as np

from ._arrays import as_codes
from .formats import get_format


def _check_rank(arr, what):
    if arr.ndim < 1:
        raise ValueError(f"{what} must have rank >= 1 (packing runs along the last axis)")


def packed_bytes(n, fmt):
    """Bytes that `n` elements of `fmt` occupy (n a multiple of the packing unit)."""
    return n * get_format(fmt).bits // 8


def pack(codes, fmt):
    """Packs codes (one per byte, shape [..., n]) into bytes [..., n * bits / 8].

    n must be a multiple of the packing unit (2 for 4-bit, 4 for 6-bit
    formats); nothing is padded.
    """
    f = get_format(fmt)
    c = as_codes(codes, f.bits)
    _check_rank(c, "codes")
    n = c.shape[-1]
    if n % f.packing_unit:
        raise ValueError(
            f"the last dimension ({n}) must be a multiple of {f.packing_unit}, "
            f"the packing unit of {f.name}")
    return c.copy() if f.bits == 8 else pack_codes(c, f)


def pack_codes(c, f):
    """:func:`pack` without the checks, for callers holding valid codes.

    8-bit codes are their own storage: `c` itself comes back.
    """
    n = c.shape[-1]
    lead = c.shape[:-1]
    if f.bits == 8:
        return c
    if f.bits == 4:
        pairs = c.reshape(lead + (n // 2, 2))
        return pairs[..., 0] | (pairs[..., 1] << 4)
    quads = c.reshape(lead + (n // 4, 4)).astype(np.uint32)
    word = quads[..., 0] | (quads[..., 1] << 6) | (quads[..., 2] << 12) | (quads[..., 3] << 18)
    out = np.stack([word, word >> 8, word >> 16], axis=-1).astype(np.uint8)
    return out.reshape(lead + (n // 4 * 3,))


def unpack(data, fmt, n):
    """Unpacks bytes [..., n * bits / 8] into n codes per row (uint8 [..., n]).

    The inverse of :func:`pack`; `n` is the element count of the last axis.
    """
    f = get_format(fmt)
    d = np.asarray(data)
    if d.dtype != np.uint8:
        raise ValueError(f"packed data must be uint8, got dtype {d.dtype}")
    _check_rank(d, "packed data")
    try:
        n = operator.index(n)
    except TypeError:
        raise ValueError(f"n must be an integer, got {n!r}") from None
    if n < 0 or n % f.packing_unit:
        raise ValueError(
            f"n ({n}) must be a non-negative multiple of {f.packing_unit}, "
            f"the packing unit of {f.name}")
    if d.shape[-1] != packed_bytes(n, f):
        raise ValueError(
            f"{n} {f.name} elements occupy {packed_bytes(n, f)} bytes, "
            f"but the last dimension of the data is {d.shape[-1]}")
    return d.copy() if f.bits == 8 else unpack_codes(d, f, n)


def unpack_codes(d, f, n):
    """:func:`unpack` without the checks, for callers holding consistent bytes.

    8-bit storage is its own codes: `d` itself comes back.
    """
    lead = d.shape[:-1]
    if f.bits == 8:
        return d
    if f.bits == 4:
        return np.stack([d & 0x0F, d >> 4], axis=-1).reshape(lead + (n,))
    triples = d.reshape(lead + (n // 4, 3)).astype(np.uint32)
    word = triples[..., 0] | (triples[..., 1] << 8) | (triples[..., 2] << 16)
    out = np.stack([word >> s for s in (0, 6, 12, 18)], axis=-1) & 0x3F
    return out.astype(np.uint8).reshape(lead + (n,))
