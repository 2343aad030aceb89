#!/usr/bin/env python3
"""Writes one CPU integration test program (MLIR) for one case to stdout.

The program has a `@kernel` function holding the microscale op under test and
a `@main` that builds the inputs as constants, calls the kernel, compares the
results with expected constants IN IR and prints a short summary through
`vector.print`, e.g.

    quantize mxfp4 rule=floor 3x4096 f32
    data mismatches: 0
    scale mismatches: 0

so that the lit test only FileChecks `mismatches: 0` / `violations: 0`. On a
mismatch the first offending position, the value produced and the value
expected are printed too.

Expected values come from the project's NumPy reference (python/microscale),
computed here at test time, never pasted by hand. With `--ccore LIB` (the C
API of the C++ numerics core, libMicroscaleFormatsCAPI) every expected value
is cross-checked against the core as well, and the script fails if the two
references disagree; when LIB does not exist the cross-check is skipped with
a note on stderr.

Cases (all 2-D, blocks along the last dimension):
  --op quantize   --scheme S [--rule floor|rceil] --shape MxK [--input-type T]
                  [--global G | --tensor-amax A] [--layout swizzled] [--dynamic]
                  [--nonfinite]
      bytes bit-exact: packed data, scale codes and (NVFP4) the f32 global.
  --op dequantize --scheme S --shape MxK [--result-type T] [--global G] [--dynamic]
      inputs are random storage bytes (every element and scale code, NaN and
      Inf codes included); results compared as bit patterns, any NaN matching
      any NaN (the numerics reference fixes that a NaN comes out, not its
      payload).
  --op matmul     --a A --b B --shape MxNxK [--acc] [--dynamic]
      A and B each a scheme (NAME, or NAME:BLOCK for another block size) or
      f32/bf16/f16 (weight-only); C must lie within the Numerics §4 bound of an f64 reference (see matmul_bound).
  --op requantize --src S1 --scheme S2 [--rule R] --shape MxK [--layout swizzled]
                  [--random-codes] [--dynamic]
      bytes bit-exact with quantize(dequantize(q)) of the reference.
"""

import argparse
import ctypes
import dataclasses
import os
import sys
import zlib

import numpy as np

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.normpath(os.path.join(_HERE, "..", "..", "..", "..", "python")))

import ml_dtypes  # noqa: E402  (the reference package depends on it too)
import microscale as ms  # noqa: E402
from microscale.formats import get_format  # noqa: E402

F32 = np.float32
BF16 = np.dtype(ml_dtypes.bfloat16)
F16 = np.dtype(np.float16)
FLOAT_TYPES = {"f32": np.dtype(F32), "bf16": BF16, "f16": F16}
ELEMENT_BITS = {"e2m1": 4, "e2m3": 6, "e3m2": 6, "e4m3": 8, "e5m2": 8, "int8": 8}
FLT_MAX = float(np.finfo(F32).max)

# ----------------------------------------------------------------------------
# Scheme facts in MLIR terms
# ----------------------------------------------------------------------------


def scheme_of(name):
    """A named scheme, or NAME:BLOCK for that scheme with another block size
    (e.g. mxint8:16, 8-bit activations in NVFP4's blocks)."""
    base, _, block = name.partition(":")
    if base not in ms.SCHEMES:
        raise SystemExit(f"unknown scheme {base!r}; expected one of {', '.join(ms.SCHEMES)}")
    if not block:
        return ms.SCHEMES[base]
    try:
        return dataclasses.replace(ms.SCHEMES[base], block_size=int(block))
    except ValueError as e:
        raise SystemExit(f"gen_cpu_test.py: {name}: {e}")


def kind_of(scheme):
    """scheme_of's inverse: the name, or NAME:BLOCK."""
    if scheme.name:
        return scheme.name
    for name, named in ms.SCHEMES.items():
        if dataclasses.replace(named, block_size=scheme.block_size) == scheme:
            return f"{name}:{scheme.block_size}"
    raise SystemExit(f"gen_cpu_test.py: no name for {scheme}")


MLIR_ELEMENTS = {"e2m1": "f4E2M1FN", "e2m3": "f6E2M3FN", "e3m2": "f6E3M2FN",
                 "e4m3": "f8E4M3FN", "e5m2": "f8E5M2", "int8": "i8"}


def scheme_syntax(name):
    """The scheme as it is spelled in a microscale.tensor type."""
    if ":" not in name:
        return name
    s = scheme_of(name)
    tail = ", global" if s.has_global else ""
    return (f"#microscale.scheme<{MLIR_ELEMENTS[s.element]}, block = {s.block_size}, "
            f"scale = {scale_type(name)}{tail}>")


def scale_type(name):
    return "f8E4M3FN" if scheme_of(name).has_global else "f8E8M0FNU"


def data_cols(name, k):
    return k * ELEMENT_BITS[scheme_of(name).element] // 8


def scale_shape(name, m, k, layout):
    cols = k // scheme_of(name).block_size
    return ms.swizzled_shape(m, cols) if layout == "swizzled" else (m, cols)


def qtype(name, m, k, layout=None):
    lay = ", layout = swizzled" if layout == "swizzled" else ""
    return f"!microscale.tensor<{m}x{k}, {scheme_syntax(name)}{lay}>"


def ttype(shape, elt):
    return "tensor<" + "x".join(str(d) for d in shape) + "x" + elt + ">"


def f32_hex(v):
    return "0x%08X" % np.array([v], F32).view(np.uint32)[0]


def hex_dense(arr):
    """A dense attribute body holding `arr`'s raw little-endian bytes."""
    return 'dense<"0x' + np.ascontiguousarray(arr).tobytes().hex().upper() + '">'


def raw_bits(arr):
    """Bit patterns of a float array as unsigned integers of the same width."""
    return np.ascontiguousarray(arr).view({1: np.uint8, 2: np.uint16, 4: np.uint32}[arr.itemsize])


# ----------------------------------------------------------------------------
# Input data
# ----------------------------------------------------------------------------


def to_f32(values):
    with np.errstate(over="ignore", invalid="ignore"):
        return np.asarray(values, dtype=np.float64).astype(F32)


def bits_f32(bits):
    return np.asarray(bits, dtype=np.uint32).view(F32)


class Blocks:
    """Collects blocks of exactly `bs` f32 values."""

    def __init__(self, bs, rng):
        self.bs, self.rng, self.items = bs, rng, []

    def add(self, values, shuffle=True):
        v = np.asarray(values)
        v = v if v.dtype == F32 else to_f32(v)
        if v.size == 0:
            return
        n = -(-v.size // self.bs) * self.bs
        v = np.resize(v, n)  # repeats cyclically
        for blk in v.reshape(-1, self.bs):
            blk = blk.copy()
            if shuffle:
                self.rng.shuffle(blk)
            self.items.append(blk)

    def array(self):
        return np.stack(self.items) if self.items else np.zeros((0, self.bs), F32)


def signs(rng, n):
    return np.where(rng.random(n) < 0.5, -1.0, 1.0)


def positive_grid(fmt):
    table = ms.decode_table(fmt).astype(np.float64)
    return np.unique(np.abs(table[np.isfinite(table)]))


def nonfinite_blocks(b, rng, filler):
    """Blocks holding NaN or +-Inf (Numerics §2.4 / §3.4), at various positions.

    Specials are written as bit patterns, so that a signaling NaN stays one.
    """
    bs = b.bs
    fill = np.ascontiguousarray(filler, dtype=F32).view(np.uint32)
    for special, pos in ((0x7FC00000, 0), (0xFFC00000, bs - 1), (0x7F800000, bs // 2),
                         (0xFF800000, 1), (0x7F800001, 3), (0x7FC00000, bs // 3)):
        blk = fill.copy()
        blk[pos % bs] = special
        b.add(blk.view(F32), shuffle=False)
    blk = np.zeros(bs, np.uint32)
    blk[2] = 0x7FC00000
    b.add(blk.view(F32), shuffle=False)             # NaN among zeros
    blk = np.full(bs, 0x7F7FFFFF, np.uint32)
    blk[5] = 0xFF800000
    b.add(blk.view(F32), shuffle=False)             # -Inf beside FLT_MAX
    blk = np.full(bs, 0x7F800000, np.uint32)
    blk[::2] = 0xFF800000
    blk[7 % bs] = 0xFFFFFFFF
    b.add(blk.view(F32), shuffle=False)             # Infs and a negative NaN


def common_blocks(b, rng):
    """Zeros, f32 subnormals, huge values: edges every scheme must handle."""
    bs = b.bs
    b.add(np.zeros(bs), shuffle=False)                                  # all +0
    b.add(np.full(bs, -0.0), shuffle=False)                             # all -0
    b.add(np.where(np.arange(bs) % 2 == 0, 0.0, -0.0), shuffle=False)   # +-0
    blk = np.zeros(bs, F32)
    blk[1] = bits_f32(1)
    blk[2] = -bits_f32(1)
    b.add(blk, shuffle=False)                   # smallest subnormal among zeros
    sub = bits_f32(rng.integers(1, 1 << 23, 4 * bs)) * signs(rng, 4 * bs)
    b.add(sub)                                  # random f32 subnormals
    blk = bits_f32(rng.integers(1, 1 << 23, bs)) * signs(rng, bs)
    blk[0] = bits_f32(0x00800000)               # smallest normal among subnormals
    b.add(blk.astype(F32), shuffle=False)
    blk = np.full(bs, bits_f32(0x007FFFFF), F32)  # largest subnormal
    blk[1::2] *= -1
    b.add(blk, shuffle=False)
    b.add(np.full(bs, FLT_MAX), shuffle=False)
    b.add(np.full(bs, -FLT_MAX), shuffle=False)
    big = bits_f32(rng.integers(0x7F000000, 0x7F800000, 2 * bs)) * signs(rng, 2 * bs)
    b.add(big)                                  # near the top of f32
    blk = bits_f32(rng.integers(0x7F000000, 0x7F800000, bs)) * signs(rng, bs)
    blk[:bs // 2] = bits_f32(rng.integers(1, 0x00800000, bs // 2))
    b.add(blk)                                  # huge and subnormal in one block


def mx_edge_blocks(fmt, bs, rng, nonfinite=True):
    """Blocks that hit every edge of Numerics §1 and §2 for E8M0-scaled `fmt`."""
    f = get_format(fmt)
    maxv, emax = f.max_value, f.emax_elem
    grid = positive_grid(fmt)
    mids = (grid[:-1] + grid[1:]) / 2
    b = Blocks(bs, rng)
    common_blocks(b, rng)
    # The scale exponent e is the same under both rules when the block amax
    # is maxv * 2^e (floor: its exponent field is e + emax; rceil: r = 2^e).
    exps = [-127, -126, -125, -124, -120, -110, -100, -64, -30, -9, -3, -1, 0, 1, 2,
            7, 20, 64, 100, 110, 120, 124 - emax, 125 - emax, 126 - emax]
    for e in exps:
        anchor = maxv * 2.0 ** e
        if not (2.0 ** -149 <= anchor <= FLT_MAX) or float(F32(anchor)) != anchor:
            continue
        n = len(mids)
        # ties between neighbouring representable values, after scaling
        b.add(np.concatenate([[anchor], mids * 2.0 ** e * signs(rng, n)]))
        # one f32 ulp either side of each tie
        t = to_f32(mids * 2.0 ** e)
        up = np.nextafter(t, F32(np.inf)) * signs(rng, n)
        dn = np.nextafter(t, F32(0)) * signs(rng, n)
        b.add(np.concatenate([[anchor], up]))
        b.add(np.concatenate([[anchor], dn]))
        # every representable value exactly, both signs
        b.add(np.concatenate([[anchor], grid * 2.0 ** e * signs(rng, len(grid))]))
        # past saturation: amax in (maxv, 2^(emax+1)) * 2^e saturates under floor;
        # ties between maxv and the next (missing) grid point
        step = grid[-1] - grid[-2]
        top = 2.0 ** (emax + 1)
        sat = np.concatenate([np.linspace(maxv, top, bs)[:-1],
                              [maxv + step / 2, maxv + step / 4, maxv + 3 * step / 4]])
        sat = to_f32(sat * 2.0 ** e)
        sat[0] = np.nextafter(to_f32(top * 2.0 ** e), F32(0))
        b.add(sat * signs(rng, len(sat)))
        # powers of two going down from the amax: element subnormals, underflow
        p = e + emax - np.arange(bs)
        b.add(to_f32(np.ldexp(1.0, p)) * signs(rng, bs), shuffle=False)
    # amax just below, at and just above powers of two (floor rule), and
    # amax / maxv just below, at and just above powers of two (rceil rule)
    for p in (-149, -140, -128, -127, -126, -125, -100, -20, -2, -1, 0, 1, 3, 8, 15, 16,
              50, 120, 126, 127):
        for base in (2.0 ** p, maxv * 2.0 ** p):
            if base > FLT_MAX:
                continue
            c = to_f32(base)
            for amax in (np.nextafter(c, F32(0)), c, np.nextafter(c, F32(np.inf))):
                if not np.isfinite(amax) or amax == 0:
                    continue
                blk = to_f32(amax * rng.random(bs)) * signs(rng, bs)
                blk[rng.integers(bs)] = amax * (1 if rng.random() < 0.5 else -1)
                b.add(blk, shuffle=False)
    if nonfinite:
        nonfinite_blocks(b, rng, to_f32(rng.standard_normal(bs)))
    return b.array()


def nvfp4_edge_blocks(p, bs, rng, anchor=True, nonfinite=False, top=None):
    """NVFP4 edges with a decode global of 2^p (g = 2^-p, both exact).

    anchor: include a block whose amax is `top` (default 2688 * 2^p, so that
    the global computed from the data is exactly 2^p); no block may exceed it.
    Block scales that are powers of two make g / s exact, so the element
    ties below are exact ties after scaling.
    """
    grid = positive_grid("e2m1")
    mids = (grid[:-1] + grid[1:]) / 2
    top = 2688.0 * 2.0 ** p if top is None else top
    b = Blocks(bs, rng)
    if anchor:
        b.add(np.concatenate([[top], top * rng.random(bs - 1)]))
    for j in range(-12, 9):                     # s = 2^j: subnormal, normal, 0
        s = 2.0 ** j
        amax = 6.0 * s * 2.0 ** p
        b.add(np.concatenate([[amax], mids * s * 2.0 ** p * signs(rng, len(mids))]))
        b.add(np.concatenate([[amax], grid * s * 2.0 ** p * signs(rng, len(grid))]))
        t = to_f32(mids * s * 2.0 ** p)
        b.add(np.concatenate([[amax], np.nextafter(t, F32(np.inf)) * signs(rng, len(t))]))
        b.add(np.concatenate([[amax], np.nextafter(t, F32(0)) * signs(rng, len(t))]))
        # amax / 6 * g halfway between s and the next E4M3 value: s rounds to
        # even (down here), and the largest elements saturate to 6
        for frac in (1.0625, 1.0625 * (1 + 2.0 ** -20), 1.1875, 1.999):
            big = 6.0 * s * frac * 2.0 ** p
            b.add(np.concatenate([[big, -big], big * rng.random(bs - 2)]))
    # block scales of every E4M3 value (non powers of two: g / s inexact)
    e4m3 = ms.decode_table("ue4m3")[:0x7F].astype(np.float64)
    for s in e4m3[1::3]:
        amax = 6.0 * s * 2.0 ** p
        if amax <= top:
            b.add(np.concatenate([[amax], amax * rng.random(bs - 1) * signs(rng, bs - 1)]))
    # zeros, signed zeros, tiny values whose block scale is 0
    b.add(np.zeros(bs), shuffle=False)
    b.add(np.full(bs, -0.0), shuffle=False)
    b.add(rng.standard_normal(bs) * 2.0 ** (p - 12))
    b.add(bits_f32(rng.integers(1, 1 << 23, bs)) * signs(rng, bs))
    if nonfinite:
        nonfinite_blocks(b, rng, to_f32(rng.standard_normal(bs) * 2.0 ** p))
    blocks = b.array()
    if anchor:
        # nothing may exceed the anchor, or the computed global would change
        with np.errstate(invalid="ignore"):
            amax = np.abs(blocks).max(axis=1)
        blocks = blocks[~(np.isfinite(amax) & (amax > F32(top)))]
    return blocks


def mx_bulk_blocks(fmt, bs, n, rng, exp_lo, exp_hi):
    """n random blocks of several kinds with per-block magnitudes 2^[lo, hi]."""
    if n <= 0:
        return np.zeros((0, bs), F32)
    grid = positive_grid(fmt)
    mids = (grid[:-1] + grid[1:]) / 2
    kind = rng.integers(0, 7, n)
    e = rng.integers(exp_lo, exp_hi + 1, n)[:, None].astype(np.float64)
    scale = np.exp2(e)
    normal = rng.standard_normal((n, bs)) * scale
    wide = np.exp2(e - rng.random((n, bs)) * 24) * signs(rng, n * bs).reshape(n, bs)
    rbits = rng.integers(0, 0x7F800000, (n, bs), dtype=np.int64).astype(np.uint32)
    rbits |= (rng.random((n, bs)) < 0.5).astype(np.uint32) << 31
    randbits = rbits.view(F32).astype(np.float64)
    ongrid = rng.choice(np.concatenate([grid, mids]), (n, bs)) * signs(rng, n * bs).reshape(n, bs)
    ongrid = ongrid * np.exp2(e - get_format(fmt).emax_elem)
    small_int = rng.integers(-8, 9, (n, bs)) / 4.0 * scale
    sparse = np.where(rng.random((n, bs)) < 0.9, 0.0, normal)
    uniform = (rng.random((n, bs)) * 2 - 1) * scale
    out = np.choose(kind[:, None], [normal, wide, randbits, ongrid, small_int, sparse, uniform])
    return to_f32(out)


def place(edges, bulk_fn, nblocks, rng):
    """nblocks blocks: all edge blocks and random ones, or a random mix of both."""
    if len(edges) <= nblocks:
        blocks = np.concatenate([edges, bulk_fn(nblocks - len(edges))])
    else:
        take = rng.choice(len(edges), (nblocks + 1) // 2, replace=False)
        blocks = np.concatenate([edges[np.sort(take)], bulk_fn(nblocks - len(take))])
    perm = rng.permutation(nblocks)
    return blocks[perm]


def quantize_input(scheme, m, k, rng, input_type, edges=True, nonfinite=True, given=None,
                   tensor_amax=None):
    """f32 values [m, k] to quantize (the whole tensor, edges included).

    NVFP4 with a computed global: the tensor's amax is 2688 * 2^-6, or
    `tensor_amax` when given (the edge blocks then sit at the power of two
    2^p below 2688 * 2^p <= tensor_amax).
    """
    s = scheme_of(scheme)
    bs = s.block_size
    nblocks = m * k // bs
    # bf16 has f32's range; f16 tops out at 65504, below 2^-24 it is zero.
    lo, hi = (-20, 12) if input_type == "f16" else (-40, 40)
    if s.has_global:
        p = int(np.round(np.log2(given))) if given is not None else -6
        top = 2688.0 * 2.0 ** p
        if tensor_amax is not None:
            top = float(F32(tensor_amax))
            p = int(np.floor(np.log2(top / 2688.0)))
        if input_type == "f16":
            p = min(p, 3)
            top = 2688.0 * 2.0 ** p
        edge = nvfp4_edge_blocks(p, bs, rng, anchor=given is None, nonfinite=nonfinite,
                                 top=top) if edges else np.zeros((0, bs), F32)

        def bulk(n):
            if n <= 0:
                return np.zeros((0, bs), F32)
            # block magnitudes from the tensor amax down by up to 2^-24;
            # with a given global some blocks go past 448 * 6 * global
            d = rng.random((n, 1)) * 24 - (3 if given is not None else 0)
            v = rng.standard_normal((n, bs)) * top * np.exp2(-d - 2)
            if given is None:
                v = np.clip(v, -top, top)
            return to_f32(v)
        blocks = place(edge, bulk, nblocks, rng)
    else:
        edge = mx_edge_blocks(s.element, bs, rng, nonfinite) if edges else \
            np.zeros((0, bs), F32)
        blocks = place(edge, lambda n: mx_bulk_blocks(s.element, bs, n, rng, lo, hi),
                       nblocks, rng)
    x = blocks.reshape(m, k)
    with np.errstate(over="ignore"):
        return x.astype(FLOAT_TYPES[input_type])


def random_storage(scheme, m, k, rng, glob):
    """Random storage bytes: every element code; scale codes mostly moderate."""
    s = scheme_of(scheme)
    data = rng.integers(0, 256, (m, data_cols(scheme, k)), dtype=np.uint8)
    nb = k // s.block_size
    if s.has_global:
        scales = rng.integers(0, 0x80, (m, nb), dtype=np.uint8)      # UE4M3: sign 0
    else:
        scales = np.where(rng.random((m, nb)) < 0.7,
                          rng.integers(127 - 24, 127 + 24, (m, nb)),
                          rng.integers(0, 256, (m, nb))).astype(np.uint8)
        scales.flat[:8] = [0x00, 0xFF, 0xFE, 0x01, 0x7F, 0x80, 0x7E, 0x97][:scales.size]
    return ms.QuantizedTensor(data, scales, glob if s.has_global else None, (m, k), s)


# ----------------------------------------------------------------------------
# Cross-check against the C++ numerics core (its C API, through ctypes)
# ----------------------------------------------------------------------------

_FORMAT_ENUM = {"e2m1": 0, "e2m3": 1, "e3m2": 2, "e4m3": 3, "e5m2": 4, "int8": 5,
                "e8m0": 6, "ue4m3": 7}
_RULE_ENUM = {"floor": 0, "rceil": 1}


class _MsScheme(ctypes.Structure):
    _fields_ = [("element", ctypes.c_int), ("blockSize", ctypes.c_int32),
                ("scale", ctypes.c_int), ("hasGlobal", ctypes.c_int32)]


class CCore:
    def __init__(self, path):
        lib = ctypes.CDLL(path)
        u8p, f32p, sp = (ctypes.POINTER(ctypes.c_uint8), ctypes.POINTER(ctypes.c_float),
                         ctypes.POINTER(_MsScheme))
        i64 = ctypes.c_int64
        lib.msQuantize.argtypes = [sp, ctypes.c_int, f32p, i64, i64, f32p, u8p, u8p, f32p]
        lib.msDequantize.argtypes = [sp, u8p, u8p, ctypes.c_float, i64, i64, f32p]
        lib.msMatmul.argtypes = [sp, u8p, u8p, ctypes.c_float, sp, u8p, u8p, ctypes.c_float,
                                 i64, i64, i64, f32p, f32p]
        lib.msSwizzleScales.argtypes = [u8p, i64, i64, u8p]
        lib.msSwizzledBytes.argtypes = [i64, i64]
        lib.msSwizzledBytes.restype = ctypes.c_size_t
        lib.msLastError.restype = ctypes.c_char_p
        for fn in (lib.msQuantize, lib.msDequantize, lib.msMatmul):
            fn.restype = ctypes.c_int32
        self.lib, self.u8p, self.f32p = lib, u8p, f32p

    def _p(self, a, t):
        return a.ctypes.data_as(t)

    def _check(self, status, what):
        if status != 0:
            raise SystemExit(f"C core {what} failed: {self.lib.msLastError().decode()}")

    @staticmethod
    def _scheme(s):
        return _MsScheme(_FORMAT_ENUM[s.element], s.block_size, _FORMAT_ENUM[s.scale],
                         int(s.has_global))

    def quantize(self, scheme, rule, x, given):
        s = scheme_of(scheme)
        x = np.ascontiguousarray(x, dtype=F32)
        m, k = x.shape
        data = np.zeros((m, data_cols(scheme, k)), np.uint8)
        scales = np.zeros((m, k // s.block_size), np.uint8)
        glob = np.zeros(1, F32)
        g = None if given is None else np.array([given], F32)
        self._check(self.lib.msQuantize(
            ctypes.byref(self._scheme(s)), _RULE_ENUM[rule or "floor"],
            self._p(x, self.f32p), m, k, None if g is None else self._p(g, self.f32p),
            self._p(data, self.u8p), self._p(scales, self.u8p), self._p(glob, self.f32p)),
            "msQuantize")
        return data, scales, glob[0]

    def dequantize(self, q):
        m, k = q.shape
        out = np.empty((m, k), F32)
        self._check(self.lib.msDequantize(
            ctypes.byref(self._scheme(q.scheme)), self._p(np.ascontiguousarray(q.data), self.u8p),
            self._p(np.ascontiguousarray(q.scales), self.u8p), F32(q.global_scale or 1.0),
            m, k, self._p(out, self.f32p)), "msDequantize")
        return out

    def matmul(self, qa, qb, acc):
        m, k = qa.shape
        n = qb.shape[0]
        out = np.empty((m, n), F32)
        accp = None if acc is None else self._p(np.ascontiguousarray(acc, dtype=F32), self.f32p)
        self._check(self.lib.msMatmul(
            ctypes.byref(self._scheme(qa.scheme)), self._p(qa.data, self.u8p),
            self._p(qa.scales, self.u8p), F32(qa.global_scale or 1.0),
            ctypes.byref(self._scheme(qb.scheme)), self._p(qb.data, self.u8p),
            self._p(qb.scales, self.u8p), F32(qb.global_scale or 1.0),
            m, n, k, accp, self._p(out, self.f32p)), "msMatmul")
        return out

    def swizzle(self, s):
        rows, cols = s.shape
        out = np.empty(self.lib.msSwizzledBytes(rows, cols), np.uint8)
        self.lib.msSwizzleScales(self._p(np.ascontiguousarray(s), self.u8p), rows, cols,
                                 self._p(out, self.u8p))
        return out


def disagree(what, a, b):
    a, b = np.asarray(a), np.asarray(b)
    bad = np.flatnonzero(a.reshape(-1) != b.reshape(-1))
    raise SystemExit(f"gen_cpu_test.py: the NumPy reference and the C++ core disagree on "
                     f"{what}: {bad.size} of {a.size} differ, first at flat index {bad[0]}: "
                     f"{a.reshape(-1)[bad[0]]!r} vs {b.reshape(-1)[bad[0]]!r}")


def same_floats(a, b):
    """Bit-identical, except that any NaN matches any NaN."""
    a, b = np.ascontiguousarray(a), np.ascontiguousarray(b)
    return (raw_bits(a) == raw_bits(b)) | (np.isnan(a) & np.isnan(b))


def check_quantized(core, what, q, x, scheme, rule, given, layout):
    if core is None:
        return
    d, s, g = core.quantize(scheme, rule, np.asarray(x, F32), given)
    if not np.array_equal(d, q.data):
        disagree(f"{what}: data", q.data, d)
    if not np.array_equal(s, q.scales):
        disagree(f"{what}: scales", q.scales, s)
    if q.global_scale is not None and f32_hex(g) != f32_hex(q.global_scale):
        disagree(f"{what}: global", [f32_hex(q.global_scale)], [f32_hex(g)])
    if layout == "swizzled":
        ref = ms.swizzle_scales(q.scales)
        if not np.array_equal(core.swizzle(q.scales), ref):
            disagree(f"{what}: swizzled scales", ref, core.swizzle(q.scales))


def check_dequantized(core, what, q, values):
    if core is None:
        return
    c = core.dequantize(q)
    if not same_floats(c, values).all():
        disagree(f"{what}: dequantized values", raw_bits(values), raw_bits(c))


# ----------------------------------------------------------------------------
# MLIR emission
# ----------------------------------------------------------------------------


def cmp_func(got_elt, int_elt, nan_aware):
    """func @cmp_<got_elt>(got ?x?, expected bits ?x?) -> mismatch count.

    Compares bit patterns; with nan_aware any NaN matches any NaN. Prints the
    first mismatch; a shape mismatch returns -1.
    """
    width = {"i8": 8, "i16": 16, "i32": 32}[int_elt]
    gt, et = f"tensor<?x?x{got_elt}>", f"tensor<?x?x{int_elt}>"
    # %g: the produced bit pattern (a bitcast unless the result is already i8)
    g = "%g" if got_elt != int_elt else "%gv"
    conv = (f"\n        %g = arith.bitcast %gv : {got_elt} to {int_elt}"
            if got_elt != int_elt else "")
    if nan_aware:
        absmask = (1 << (width - 1)) - 1
        expmask = {16: 0x7F80 if got_elt == "bf16" else 0x7C00, 32: 0x7F800000}[width]
        nan = f"""
        %am = arith.constant {absmask} : {int_elt}
        %em = arith.constant {expmask} : {int_elt}
        %ga = arith.andi {g}, %am : {int_elt}
        %ea = arith.andi %e, %am : {int_elt}
        %gn = arith.cmpi ugt, %ga, %em : {int_elt}
        %en = arith.cmpi ugt, %ea, %em : {int_elt}
        %bn = arith.andi %gn, %en : i1
        %true = arith.constant true
        %nb = arith.xori %bn, %true : i1
        %bad = arith.andi %ne, %nb : i1"""
    else:
        nan = ""
    show = ""
    if got_elt in ("f32", "bf16", "f16"):
        show = f"""
          vector.print str " ("
          vector.print %gv : {got_elt} punctuation <no_punctuation>
          vector.print str " vs "
          %ef = arith.bitcast %e : {int_elt} to {got_elt}
          vector.print %ef : {got_elt} punctuation <no_punctuation>
          vector.print str ")" """
    return f"""
func.func @cmp_{got_elt}(%got: {gt}, %exp: {et}) -> i64 {{
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i64
  %r0 = tensor.dim %got, %c0 : {gt}
  %k0 = tensor.dim %got, %c1 : {gt}
  %r1 = tensor.dim %exp, %c0 : {et}
  %k1 = tensor.dim %exp, %c1 : {et}
  %rs = arith.cmpi eq, %r0, %r1 : index
  %ks = arith.cmpi eq, %k0, %k1 : index
  %same = arith.andi %rs, %ks : i1
  %res = scf.if %same -> (i64) {{
    %n = scf.for %i = %c0 to %r0 step %c1 iter_args(%a = %zero) -> (i64) {{
      %m = scf.for %j = %c0 to %k0 step %c1 iter_args(%b = %a) -> (i64) {{
        %gv = tensor.extract %got[%i, %j] : {gt}{conv}
        %e = tensor.extract %exp[%i, %j] : {et}
        %{"ne" if nan_aware else "bad"} = arith.cmpi ne, {g}, %e : {int_elt}{nan}
        %first = arith.cmpi eq, %b, %zero : i64
        %pr = arith.andi %bad, %first : i1
        scf.if %pr {{
          %ii = arith.index_cast %i : index to i64
          %jj = arith.index_cast %j : index to i64
          %gu = arith.extui {g} : {int_elt} to i64
          %eu = arith.extui %e : {int_elt} to i64
          vector.print str "  first mismatch at ["
          vector.print %ii : i64 punctuation <no_punctuation>
          vector.print str ", "
          vector.print %jj : i64 punctuation <no_punctuation>
          vector.print str "]: got bits "
          vector.print %gu : i64 punctuation <no_punctuation>
          vector.print str ", expected bits "
          vector.print %eu : i64 punctuation <no_punctuation>{show}
          vector.print str "\\n"
        }}
        %inc = arith.extui %bad : i1 to i64
        %b2 = arith.addi %b, %inc : i64
        scf.yield %b2 : i64
      }}
      scf.yield %m : i64
    }}
    scf.yield %n : i64
  }} else {{
    vector.print str "  shape mismatch\\n"
    %neg = arith.constant -1 : i64
    scf.yield %neg : i64
  }}
  return %res : i64
}}
"""


MATMUL_CHECK = """
// Counts elements with |c - ref| > bound (a NaN counts) and the largest
// |c - ref| / bound; prints the first violation. Where the reference is NaN
// (a NaN block), c must be NaN.
func.func @check_matmul(%c: tensor<?x?xf32>, %ref: tensor<?x?xf64>, %bound: tensor<?x?xf64>) -> (i64, f64) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i64
  %fz = arith.constant 0.0 : f64
  %r0 = tensor.dim %c, %c0 : tensor<?x?xf32>
  %k0 = tensor.dim %c, %c1 : tensor<?x?xf32>
  %r1 = tensor.dim %ref, %c0 : tensor<?x?xf64>
  %k1 = tensor.dim %ref, %c1 : tensor<?x?xf64>
  %rs = arith.cmpi eq, %r0, %r1 : index
  %ks = arith.cmpi eq, %k0, %k1 : index
  %same = arith.andi %rs, %ks : i1
  %res:2 = scf.if %same -> (i64, f64) {
    %n:2 = scf.for %i = %c0 to %r0 step %c1 iter_args(%a = %zero, %am = %fz) -> (i64, f64) {
      %m:2 = scf.for %j = %c0 to %k0 step %c1 iter_args(%b = %a, %bm = %am) -> (i64, f64) {
        %cv = tensor.extract %c[%i, %j] : tensor<?x?xf32>
        %rv = tensor.extract %ref[%i, %j] : tensor<?x?xf64>
        %bv = tensor.extract %bound[%i, %j] : tensor<?x?xf64>
        %cd = arith.extf %cv : f32 to f64
        %d = arith.subf %cd, %rv : f64
        %err = math.absf %d : f64
        %refnan = arith.cmpf uno, %rv, %rv : f64
        %cnum = arith.cmpf ord, %cd, %cd : f64
        %far = arith.cmpf ugt, %err, %bv : f64
        %bad = arith.select %refnan, %cnum, %far : i1
        %q = arith.divf %err, %bv : f64
        %ratio = arith.select %refnan, %fz, %q : f64
        %mx = arith.maximumf %bm, %ratio : f64
        %first = arith.cmpi eq, %b, %zero : i64
        %pr = arith.andi %bad, %first : i1
        scf.if %pr {
          %ii = arith.index_cast %i : index to i64
          %jj = arith.index_cast %j : index to i64
          vector.print str "  first violation at ["
          vector.print %ii : i64 punctuation <no_punctuation>
          vector.print str ", "
          vector.print %jj : i64 punctuation <no_punctuation>
          vector.print str "]: got "
          vector.print %cv : f32 punctuation <no_punctuation>
          vector.print str ", f64 reference "
          vector.print %rv : f64 punctuation <no_punctuation>
          vector.print str ", bound "
          vector.print %bv : f64
        }
        %inc = arith.extui %bad : i1 to i64
        %b2 = arith.addi %b, %inc : i64
        scf.yield %b2, %mx : i64, f64
      }
      scf.yield %m#0, %m#1 : i64, f64
    }
    scf.yield %n#0, %n#1 : i64, f64
  } else {
    vector.print str "  shape mismatch\\n"
    %neg = arith.constant -1 : i64
    scf.yield %neg, %fz : i64, f64
  }
  return %res#0, %res#1 : i64, f64
}
"""


def corrupt_one(arr):
    """A copy of arr with the second-highest bit of its middle element flipped.

    That bit turns a NaN into a finite number and changes any other value, so
    exactly one mismatch must be reported (the harness's self-check).
    """
    out = np.array(arr, copy=True)
    flat = out.reshape(-1).view({1: np.uint8, 2: np.uint16, 4: np.uint32}[out.itemsize])
    flat[flat.size // 2] ^= 1 << (8 * out.itemsize - 2)
    return out


class Program:
    def __init__(self, corrupt, title):
        self.title = title + (" (corrupted expectations)" if corrupt else "")
        self.corrupt = corrupt
        self.kernel = []
        self.main = []
        self.helpers = {}
        self.counter = 0

    def fresh(self, base="v"):
        self.counter += 1
        return f"%{base}{self.counter}"

    def emit(self, line):
        self.main.append("  " + line)

    def const(self, arr, elt):
        """A tensor constant of `arr` (shape [..]) typed tensor<..x elt>."""
        name = self.fresh("cst")
        self.emit(f"{name} = arith.constant {hex_dense(arr)} : {ttype(arr.shape, elt)}")
        return name

    def cast(self, value, src, dst):
        if src == dst:
            return value
        name = self.fresh("cast")
        self.emit(f"{name} = tensor.cast {value} : {src} to {dst}")
        return name

    def print_str(self, s):
        self.emit(f'vector.print str "{s}"')

    def print_count(self, label, value):
        self.print_str(f"{label}: ")
        self.emit(f"vector.print {value} : i64")

    def compare(self, label, got, got_shape_t, got_elt, expected_bits):
        """Compares tensor `got` with the bit patterns `expected_bits` (2-D)."""
        int_elt = {1: "i8", 2: "i16", 4: "i32"}[expected_bits.itemsize]
        if self.corrupt:
            expected_bits = corrupt_one(expected_bits)
        nan_aware = got_elt in ("f32", "bf16", "f16")
        self.helpers[f"cmp_{got_elt}"] = cmp_func(got_elt, int_elt, nan_aware)
        exp = self.const(expected_bits, int_elt)
        dyn_got = self.cast(got, got_shape_t, f"tensor<?x?x{got_elt}>")
        dyn_exp = self.cast(exp, ttype(expected_bits.shape, int_elt), f"tensor<?x?x{int_elt}>")
        n = self.fresh("n")
        self.emit(f"{n} = func.call @cmp_{got_elt}({dyn_got}, {dyn_exp}) : "
                  f"(tensor<?x?x{got_elt}>, tensor<?x?x{int_elt}>) -> i64")
        self.print_count(f"{label} mismatches", n)

    def compare_scalar_f32(self, label, got, expected):
        g = self.fresh("gb")
        self.emit(f"{g} = arith.bitcast {got} : f32 to i32")
        e = self.fresh("eb")
        if self.corrupt:
            expected = corrupt_one(np.array([expected], F32))[0]
        self.emit(f"{e} = arith.constant {f32_hex(expected)} : i32")
        ne = self.fresh("ne")
        self.emit(f"{ne} = arith.cmpi ne, {g}, {e} : i32")
        n = self.fresh("n")
        self.emit(f"{n} = arith.extui {ne} : i1 to i64")
        self.emit(f"scf.if {ne} {{")
        self.emit('  vector.print str "  got "')
        self.emit(f"  vector.print {got} : f32 punctuation <no_punctuation>")
        ef = self.fresh("ef")
        self.emit(f"  {ef} = arith.bitcast {e} : i32 to f32")
        self.emit('  vector.print str ", expected "')
        self.emit(f"  vector.print {ef} : f32")
        self.emit("}")
        self.print_count(f"{label} mismatches", n)

    def pack(self, q, dynamic, layout=None):
        """Emits microscale.pack of the storage of QuantizedTensor q."""
        name = kind_of(q.scheme)
        m, k = q.shape
        st = scale_type(name)
        scales = ms.swizzle_scales(q.scales).reshape(scale_shape(name, m, k, layout)) \
            if layout == "swizzled" else q.scales
        d = self.const(q.data, "i8")
        s = self.const(scales, st)
        dt, sd = ttype(q.data.shape, "i8"), ttype(scales.shape, st)
        mm = "?" if dynamic else m
        if dynamic:
            d = self.cast(d, dt, ttype(("?",) + q.data.shape[1:], "i8"))
            s = self.cast(s, sd, ttype(("?",) + scales.shape[1:], st))
            dt, sd = ttype(("?",) + q.data.shape[1:], "i8"), ttype(("?",) + scales.shape[1:], st)
        out = self.fresh("q")
        if q.scheme.has_global:
            g = self.fresh("g")
            self.emit(f"{g} = arith.constant {f32_hex(q.global_scale)} : f32")
            self.emit(f"{out} = microscale.pack {d}, {s} global {g} : {dt}, {sd}, f32 -> "
                      f"{qtype(name, mm, k, layout)}")
        else:
            self.emit(f"{out} = microscale.pack {d}, {s} : {dt}, {sd} -> "
                      f"{qtype(name, mm, k, layout)}")
        return out, qtype(name, mm, k, layout)

    def check_quantized(self, got, got_t, q, dynamic, layout):
        """Unpacks `got` and compares data, scales (and global) with q."""
        name = kind_of(q.scheme)
        m, k = q.shape
        st = scale_type(name)
        mm = "?" if dynamic else m
        dt = ttype((mm, data_cols(name, k)), "i8")
        sshape = scale_shape(name, m, k, layout)
        sd = ttype(sshape if layout == "swizzled" else (mm,) + tuple(sshape[1:]), st)
        d, s = self.fresh("d"), self.fresh("s")
        if q.scheme.has_global:
            g = self.fresh("gl")
            self.emit(f"{d}, {s}, {g} = microscale.unpack {got} : {got_t} -> {dt}, {sd}, f32")
        else:
            self.emit(f"{d}, {s} = microscale.unpack {got} : {got_t} -> {dt}, {sd}")
        self.compare("data", d, dt, "i8", q.data)
        scales = ms.swizzle_scales(q.scales).reshape(sshape) if layout == "swizzled" \
            else q.scales
        self.compare("scale", s, sd, st, scales)
        if q.scheme.has_global:
            self.compare_scalar_f32("global", g, q.global_scale)

    def text(self):
        out = [f"// Generated by gen_cpu_test.py: {self.title}", ""]
        out += self.kernel
        out.append("")
        out.append("func.func @main() {")
        out.append(f'  vector.print str "{self.title}\\n"')
        out += self.main
        out.append("  return")
        out.append("}")
        out += [h for _, h in sorted(self.helpers.items())]
        return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------
# Cases
# ----------------------------------------------------------------------------


def parse_shape(s, n):
    try:
        dims = tuple(int(d) for d in s.lower().split("x"))
    except ValueError:
        dims = ()
    if len(dims) != n or min(dims) <= 0:
        raise SystemExit(f"--shape must be {'x'.join('MNK'[-n:] if n == 2 else 'MNK')} "
                         f"positive integers, got {s!r}")
    return dims


def check_k(scheme, k):
    bs = scheme_of(scheme).block_size
    if k % bs:
        raise SystemExit(f"gen_cpu_test.py: K = {k} is not a multiple of the block size "
                         f"of {scheme} ({bs}); nothing is padded")


def rule_of(args, scheme):
    if scheme_of(scheme).has_global:
        if args.rule:
            raise SystemExit("--rule applies to E8M0-scaled schemes only")
        return None
    return args.rule or "floor"


def rule_attr(args):
    return f" scale_rounding({args.rule})" if args.rule else ""


def case_quantize(args, rng, core):
    m, k = parse_shape(args.shape, 2)
    check_k(args.scheme, k)
    scheme = args.scheme
    rule = rule_of(args, scheme)
    s = scheme_of(scheme)
    given = args.glob
    if given is not None and not s.has_global:
        raise SystemExit("--global applies to NVFP4-style schemes only")
    nonfinite = args.nonfinite or not s.has_global
    if args.tensor_amax is not None and (not s.has_global or given is not None
                                         or args.input_type == "f16"):
        raise SystemExit("--tensor-amax applies to NVFP4 with a computed global and "
                         "f32 or bf16 input")
    x = quantize_input(scheme, m, k, rng, args.input_type, edges=not args.no_edges,
                       nonfinite=nonfinite, given=given, tensor_amax=args.tensor_amax)
    q = ms.quantize(x, scheme, scale_rounding=rule, global_scale=given, backend="reference")
    check_quantized(core, "quantize", q, x.astype(F32), scheme, rule, given, args.layout)

    mm = "?" if args.dynamic else m
    it = ttype((mm, k), args.input_type)
    qt = qtype(scheme, mm, k, args.layout)
    p = Program(args.corrupt, f"quantize {scheme}" + (f" rule={rule}" if rule else "") +
                (f" global={given!r}" if given is not None else "") +
                (f" amax={args.tensor_amax!r}" if args.tensor_amax is not None else "") +
                f" {m}x{k} {args.input_type}" + (" dynamic" if args.dynamic else "") +
                (" swizzled" if args.layout else ""))
    gsig = ", %g: f32" if given is not None else ""
    gop = " global %g" if given is not None else ""
    gty = ", f32" if given is not None else ""
    p.kernel += [
        f"func.func @kernel(%x: {it}{gsig}) -> {qt} {{",
        f"  %q = microscale.quantize %x{rule_attr(args)}{gop} : {it}{gty} -> {qt}",
        f"  return %q : {qt}",
        "}"]
    xin = p.const(raw_bits(x), args.input_type) if args.input_type != "f32" else \
        p.const(x, "f32")
    xin = p.cast(xin, ttype((m, k), args.input_type), it)
    call_args, call_types = [xin], [it]
    if given is not None:
        g = p.fresh("given")
        p.emit(f"{g} = arith.constant {f32_hex(given)} : f32")
        call_args.append(g)
        call_types.append("f32")
    out = p.fresh("res")
    p.emit(f"{out} = func.call @kernel({', '.join(call_args)}) : "
           f"({', '.join(call_types)}) -> {qt}")
    p.check_quantized(out, qt, q, args.dynamic, args.layout)
    return p, x.size


def case_dequantize(args, rng, core):
    m, k = parse_shape(args.shape, 2)
    check_k(args.scheme, k)
    scheme = args.scheme
    s = scheme_of(scheme)
    glob = None
    if s.has_global:
        glob = F32(args.glob) if args.glob is not None else \
            F32(np.exp2(rng.uniform(-12, 4)))
    q = random_storage(scheme, m, k, rng, glob)
    with np.errstate(over="ignore", invalid="ignore"):
        v32 = ms.dequantize(q, backend="reference")
    check_dequantized(core, "dequantize", q, v32)
    rt = args.result_type
    with np.errstate(over="ignore", invalid="ignore"):
        values = v32.astype(FLOAT_TYPES[rt])   # round to nearest even
    mm = "?" if args.dynamic else m
    qt = qtype(scheme, mm, k)
    ot = ttype((mm, k), rt)
    p = Program(args.corrupt, f"dequantize {scheme} {m}x{k} -> {rt}" + (" dynamic" if args.dynamic else ""))
    p.kernel += [
        f"func.func @kernel(%q: {qt}) -> {ot} {{",
        f"  %y = microscale.dequantize %q : {qt} -> {ot}",
        f"  return %y : {ot}",
        "}"]
    qin, _ = p.pack(q, args.dynamic)
    out = p.fresh("res")
    p.emit(f"{out} = func.call @kernel({qin}) : ({qt}) -> {ot}")
    p.compare("value", out, ot, rt, raw_bits(values))
    return p, m * k


def matmul_bound(a64, b64, acc):
    """Per-element bound on |C - C_f64| for C = A . B^T (+ acc) in f32.

    Numerics §4: K * 2^-24 * sum_k |a_k b_k|. A path of f32 operations
    from one product to the result rounds at most K times in the sum, once
    in an f32 product (f32 or f16 activations), up to three times more where
    the block scales and NVFP4 globals are multiplied into a block's partial
    sum (sa * sb * ga * gb), and once adding acc: (K + 5) roundings of at
    most 2^-24 relative each, acc's own term included in the sum. The factor
    2 covers the per-block scale multiplications being applied to partial
    sums rather than to single products (each is still one rounding of
    magnitude <= 2^-24 times that partial sum, but the partial sums of K/32
    blocks add up to at most sum |a_k b_k| again) and the second-order terms
    (1 - K u)^-1 <= 1.001; the numerics reference allows a small constant factor
    here. A tiny absolute floor keeps the ratio finite where the bound is 0 (an
    all-zero row): there the result must be exactly 0 (+ acc).
    """
    k = a64.shape[1]
    absprod = np.abs(a64) @ np.abs(b64).T
    if acc is not None:
        absprod = absprod + np.abs(acc.astype(np.float64))
    return 2.0 * (k + 5) * 2.0 ** -24 * absprod + 1e-300


def matmul_operand(kind, rows, k, rng, rule_pick, nan_at=None):
    """(QuantizedTensor or float array, f64 values) of one matmul operand.

    nan_at: (row, col) of a NaN placed before quantization, so that its block
    becomes a NaN block (Numerics §2.4, §3.4) and dequantizes to NaN
    throughout."""
    if kind in FLOAT_TYPES:
        x = rng.standard_normal((rows, k)) * np.exp2(rng.integers(-3, 4, (rows, 1)))
        x[rng.random((rows, k)) < 0.02] = 0.0
        x = x.astype(F32).astype(FLOAT_TYPES[kind])
        return x, x.astype(np.float64)
    s = scheme_of(kind)
    bs = s.block_size
    x = rng.standard_normal((rows, k // bs, bs))
    x *= np.exp2(rng.integers(-6, 7, (rows, k // bs, 1)))
    x[rng.random((rows, k // bs)) < 0.03] = 0.0            # some all-zero blocks
    x = x.reshape(rows, k).astype(F32)
    if nan_at is not None:
        x[nan_at] = np.nan
    rule = None if s.has_global else rule_pick
    q = ms.quantize(x, s, scale_rounding=rule, backend="reference")
    return q, ms.dequantize(q, backend="reference").astype(np.float64)


def case_matmul(args, rng, core):
    m, n, k = parse_shape(args.shape, 3)
    a_kind, b_kind = args.a, args.b
    for kind in (a_kind, b_kind):
        if kind not in FLOAT_TYPES:
            check_k(kind, k)
    if a_kind in FLOAT_TYPES and b_kind in FLOAT_TYPES:
        raise SystemExit("at least one matmul operand must be a scheme")
    if args.nonfinite and (a_kind in FLOAT_TYPES or b_kind in FLOAT_TYPES):
        raise SystemExit("--nonfinite matmul needs both operands block-scaled")
    a, a64 = matmul_operand(a_kind, m, k, rng, "floor",
                            (0, 0) if args.nonfinite else None)
    b, b64 = matmul_operand(b_kind, n, k, rng, "rceil",
                            (n - 1, k - 1) if args.nonfinite else None)
    acc = None
    if args.acc:
        acc = (rng.standard_normal((m, n)) * np.sqrt(k) * 4).astype(F32)
    ref = a64 @ b64.T
    if acc is not None:
        ref = ref + acc.astype(np.float64)
    bound = matmul_bound(a64, b64, acc)

    # The bound must hold for the reference implementations themselves, or
    # it is too tight; and they must agree on the dequantized operands.
    for name, c in [("NumPy reference", ms.matmul(a, b, acc, backend="reference"))] + (
            [("C++ core", core.matmul(a, b, acc))]
            if core is not None and a_kind not in FLOAT_TYPES and b_kind not in FLOAT_TYPES
            else []):
        c64 = c.astype(np.float64)
        if not ((np.abs(c64 - ref) <= bound) | (np.isnan(ref) & np.isnan(c64))).all():
            raise SystemExit(f"gen_cpu_test.py: the {name}'s matmul violates the bound")
    for kind, op, vals in ((a_kind, a, a64), (b_kind, b, b64)):
        if kind not in FLOAT_TYPES:
            check_dequantized(core, "matmul operand", op, vals.astype(F32))

    mm = "?" if args.dynamic else m

    def optype(kind, rows, dyn):
        r = "?" if dyn else rows
        return ttype((r, k), kind) if kind in FLOAT_TYPES else qtype(kind, r, k)

    at, bt = optype(a_kind, m, args.dynamic), optype(b_kind, n, False)
    ct = ttype((mm, n), "f32")
    p = Program(args.corrupt, f"matmul {a_kind} x {b_kind} {m}x{n}x{k}" + (" acc" if args.acc else "") +
                (" dynamic" if args.dynamic else "") + (" nonfinite" if args.nonfinite else ""))
    if acc is not None:
        p.kernel += [
            f"func.func @kernel(%a: {at}, %b: {bt}, %acc: {ct}) -> {ct} {{",
            f"  %c = microscale.matmul %a, %b acc %acc : {at}, {bt}, {ct} -> {ct}"]
    else:
        p.kernel += [
            f"func.func @kernel(%a: {at}, %b: {bt}) -> {ct} {{",
            f"  %c = microscale.matmul %a, %b : {at}, {bt} -> {ct}"]
    p.kernel += [f"  return %c : {ct}", "}"]

    def operand(kind, op, rows, dyn):
        if kind in FLOAT_TYPES:
            v = p.const(raw_bits(op) if kind != "f32" else op, kind)
            return p.cast(v, ttype((rows, k), kind), optype(kind, rows, dyn))
        return p.pack(op, dyn)[0]

    av = operand(a_kind, a, m, args.dynamic)
    bv = operand(b_kind, b, n, False)
    call_args, call_types = [av, bv], [at, bt]
    if acc is not None:
        accv = p.cast(p.const(acc, "f32"), ttype((m, n), "f32"), ct)
        call_args.append(accv)
        call_types.append(ct)
    out = p.fresh("res")
    p.emit(f"{out} = func.call @kernel({', '.join(call_args)}) : "
           f"({', '.join(call_types)}) -> {ct}")
    p.helpers["check_matmul"] = MATMUL_CHECK
    if args.corrupt:
        ref = ref.copy()
        ref.reshape(-1)[ref.size // 2] += 4 * bound.reshape(-1)[ref.size // 2] + 1.0
    refv = p.cast(p.const(ref, "f64"), ttype((m, n), "f64"), "tensor<?x?xf64>")
    bv2 = p.cast(p.const(bound, "f64"), ttype((m, n), "f64"), "tensor<?x?xf64>")
    cv = p.cast(out, ct, "tensor<?x?xf32>")
    nv, rv = p.fresh("viol"), p.fresh("ratio")
    p.emit(f"{nv}, {rv} = func.call @check_matmul({cv}, {refv}, {bv2}) : "
           f"(tensor<?x?xf32>, tensor<?x?xf64>, tensor<?x?xf64>) -> (i64, f64)")
    p.print_count("bound violations", nv)
    p.print_str("max error / bound: ")
    p.emit(f"vector.print {rv} : f64")
    return p, m * k + n * k


def case_requantize(args, rng, core):
    m, k = parse_shape(args.shape, 2)
    check_k(args.scheme, k)
    check_k(args.src, k)
    src, dst = args.src, args.scheme
    rule = rule_of(args, dst)
    ss = scheme_of(src)
    if args.random_codes:
        glob = F32(np.exp2(rng.uniform(-12, 4))) if ss.has_global else None
        q_in = random_storage(src, m, k, rng, glob)
    else:
        x = quantize_input(src, m, k, rng, "f32", edges=not args.no_edges,
                           nonfinite=args.nonfinite or not ss.has_global)
        src_rule = None if ss.has_global else args.src_rule
        q_in = ms.quantize(x, src, scale_rounding=src_rule, backend="reference")
    with np.errstate(over="ignore", invalid="ignore"):
        v = ms.dequantize(q_in, backend="reference")
    check_dequantized(core, "requantize source", q_in, v)
    q = ms.quantize(v, dst, scale_rounding=rule, backend="reference")
    check_quantized(core, "requantize", q, v, dst, rule, None, args.layout)

    mm = "?" if args.dynamic else m
    it, ot = qtype(src, mm, k), qtype(dst, mm, k, args.layout)
    p = Program(args.corrupt, f"requantize {src} -> {dst}" + (f" rule={rule}" if rule else "") +
                f" {m}x{k}" + (" random codes" if args.random_codes else "") +
                (" dynamic" if args.dynamic else "") + (" swizzled" if args.layout else ""))
    p.kernel += [
        f"func.func @kernel(%q: {it}) -> {ot} {{",
        f"  %r = microscale.requantize %q{rule_attr(args)} : {it} -> {ot}",
        f"  return %r : {ot}",
        "}"]
    qin, _ = p.pack(q_in, args.dynamic)
    out = p.fresh("res")
    p.emit(f"{out} = func.call @kernel({qin}) : ({it}) -> {ot}")
    p.check_quantized(out, ot, q, args.dynamic, args.layout)
    return p, m * k


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--op", required=True,
                    choices=["quantize", "dequantize", "matmul", "requantize"])
    ap.add_argument("--scheme", help="scheme (quantize, dequantize; requantize: the result)")
    ap.add_argument("--src", help="requantize: the source scheme")
    ap.add_argument("--src-rule", default="floor", choices=["floor", "rceil"],
                    help="requantize: rule that made the source (default floor)")
    ap.add_argument("--rule", choices=["floor", "rceil"],
                    help="scale_rounding attribute (E8M0 schemes); absent means floor")
    ap.add_argument("--shape", required=True, help="MxK, or MxNxK for matmul")
    ap.add_argument("--dynamic", action="store_true", help="dynamic M in the kernel")
    ap.add_argument("--input-type", default="f32", choices=list(FLOAT_TYPES))
    ap.add_argument("--result-type", default="f32", choices=list(FLOAT_TYPES))
    ap.add_argument("--global", dest="glob", type=float,
                    help="NVFP4: the decode global given to quantize (or packed by dequantize)")
    ap.add_argument("--tensor-amax", type=float,
                    help="quantize NVFP4, computed global: the tensor's amax (default "
                         "2688 * 2^-6); tiny ones overflow 2688 / amax (Numerics §3.1)")
    ap.add_argument("--layout", choices=["swizzled"], help="scale layout of the result")
    ap.add_argument("--nonfinite", action="store_true",
                    help="quantize NVFP4: include NaN/Inf blocks (the computed global "
                         "becomes 1); matmul: a NaN block in A's first row and in B's "
                         "last row")
    ap.add_argument("--no-edges", action="store_true", help="random data only")
    ap.add_argument("--random-codes", action="store_true",
                    help="requantize: random storage bytes as the source")
    ap.add_argument("--a", help="matmul lhs: a scheme (NAME or NAME:BLOCK) or f32/bf16/f16")
    ap.add_argument("--b", help="matmul rhs (N x K): a scheme or f32/bf16/f16")
    ap.add_argument("--acc", action="store_true", help="matmul with an accumulator")
    ap.add_argument("--ccore", help="C API library of the numerics core to cross-check with")
    ap.add_argument("--seed", type=int, help="default: derived from the arguments")
    ap.add_argument("--corrupt", action="store_true",
                    help="self-check of the harness: spoil one expected value of each "
                         "output, so that exactly one mismatch must be reported")
    ap.add_argument("--stats", action="store_true", help="print the value count to stderr")
    args = ap.parse_args(argv)

    if args.op in ("quantize", "dequantize", "requantize") and not args.scheme:
        ap.error(f"--op {args.op} needs --scheme")
    if args.op == "requantize" and not args.src:
        ap.error("--op requantize needs --src")
    if args.op == "matmul" and not (args.a and args.b):
        ap.error("--op matmul needs --a and --b")
    if args.layout and args.dynamic:
        ap.error("--layout swizzled with --dynamic is not supported here")
    if args.op == "dequantize" and args.rule:
        ap.error("--rule has no meaning for dequantize")

    core = None
    if args.ccore:
        if os.path.exists(args.ccore):
            core = CCore(args.ccore)
        else:
            print(f"gen_cpu_test.py: note: {args.ccore} does not exist; the cross-check "
                  f"against the C++ core is skipped", file=sys.stderr)

    key = " ".join(a for a in (argv if argv is not None else sys.argv[1:])
                   if not a.startswith("--ccore") and a != args.ccore)
    seed = args.seed if args.seed is not None else zlib.crc32(key.encode())
    rng = np.random.default_rng(seed)
    case = {"quantize": case_quantize, "dequantize": case_dequantize,
            "matmul": case_matmul, "requantize": case_requantize}[args.op]
    try:
        with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
            prog, count = case(args, rng, core)
    except ValueError as err:   # the reference rejects the case (shape, scheme...)
        raise SystemExit(f"gen_cpu_test.py: {err}") from None
    if args.stats:
        print(f"values: {count}", file=sys.stderr)
    try:
        sys.stdout.write(prog.text())
        sys.stdout.flush()
    except BrokenPipeError:
        # the consumer (mx-opt) died first and has said why; stay quiet
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":
    main()
