"""Scale layouts (Numerics §5): row_major <-> the swizzled "128x4" layout.

The swizzled layout is what cuBLAS and Blackwell's tcgen05 block-scaled MMA
read: rows are padded to a multiple of 128 and scale columns to a multiple of
4 (padding bytes zero), and the byte of S[r][c] lives at

    ((r / 128) * (C4 / 4) + c / 4) * 512 + (r % 32) * 16 + ((r % 128) / 32) * 4 + (c % 4)

with C4 the padded column count. Splitting r = 128*rb + 32*rq + r32 and
c = 4*cb + c4, that offset is the row-major index of (rb, cb, r32, rq, c4),
so the whole layout is one reshape and one transpose.
"""

import operator

import numpy as np


def swizzled_shape(rows, cols):
    """(padded rows, padded cols): rows rounded up to 128, cols up to 4."""
    return -(-rows // 128) * 128, -(-cols // 4) * 4


def swizzle_scales(scales):
    """Swizzles row-major scale bytes [rows, cols] into a flat uint8 array.

    The result has padded_rows * padded_cols bytes (see :func:`swizzled_shape`).
    """
    s = np.asarray(scales)
    if s.dtype != np.uint8 or s.ndim != 2:
        raise ValueError(
            f"scales must be a 2-D uint8 array [rows, cols], got dtype {s.dtype} "
            f"and shape {s.shape}")
    rows, cols = s.shape
    prow, pcol = swizzled_shape(rows, cols)
    padded = np.zeros((prow, pcol), dtype=np.uint8)
    padded[:rows, :cols] = s
    blocks = padded.reshape(prow // 128, 4, 32, pcol // 4, 4)
    return blocks.transpose(0, 3, 2, 1, 4).reshape(-1)


def unswizzle_scales(swizzled, rows, cols):
    """Inverse of :func:`swizzle_scales`: the [rows, cols] row-major scale bytes."""
    try:
        rows, cols = operator.index(rows), operator.index(cols)
    except TypeError:
        raise ValueError(f"rows and cols must be integers, got {rows!r}, {cols!r}") from None
    if rows < 0 or cols < 0:
        raise ValueError(f"rows and cols must be non-negative, got {rows}, {cols}")
    s = np.asarray(swizzled)
    prow, pcol = swizzled_shape(rows, cols)
    if s.dtype != np.uint8 or s.size != prow * pcol:
        raise ValueError(
            f"a swizzled [{rows}, {cols}] scale array is {prow * pcol} uint8 bytes, "
            f"got dtype {s.dtype} and {s.size} elements")
    blocks = s.reshape(prow // 128, pcol // 4, 32, 4, 4)
    padded = blocks.transpose(0, 3, 2, 1, 4).reshape(prow, pcol)
    return np.ascontiguousarray(padded[:rows, :cols])
