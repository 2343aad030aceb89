"""The benchmark's cases and their data: matmul C = A . B^T with both
operands block-scaled (MXFP8 E4M3, MXFP4, NVFP4) and quantize of an f32
matrix, validated against the NumPy reference (python/microscale) before
anything is timed."""

import dataclasses

import numpy as np

import microscale as ms

MATMUL_SCHEMES = ("mxfp8_e4m3", "mxfp4", "nvfp4")
MATMUL_SIZES = (4096, 8192)
QUANTIZE_SCHEMES = ("mxfp8_e4m3", "mxfp4", "nvfp4")
QUANTIZE_SHAPE = (8192, 8192)

# Rows of C checked against the f64 reference (all columns): the first
# eight, the middle and the last.
def checked_rows(m):
    return sorted(set(list(range(min(8, m))) + [m // 2, m - 1]))


@dataclasses.dataclass
class Case:
    op: str  # "matmul" or "quantize"
    scheme: str
    m: int
    n: int
    k: int

    @property
    def name(self):
        if self.op == "matmul":
            return f"matmul_{self.scheme}_{self.m}x{self.n}x{self.k}"
        return f"quantize_{self.scheme}_{self.m}x{self.k}"

    @property
    def flops(self):
        return 2.0 * self.m * self.n * self.k

    def quantize_bytes(self):
        """Bytes a quantize moves: the f32 input read, the storage written."""
        q = ms.SCHEMES[self.scheme]
        bits = {"e2m1": 4, "e4m3": 8}[q.element]
        return self.m * self.k * (4 + bits / 8 + 1 / q.block_size)


def all_cases(quick=False):
    sizes = MATMUL_SIZES[:1] if quick else MATMUL_SIZES
    cases = [Case("matmul", s, n, n, n) for s in MATMUL_SCHEMES for n in sizes]
    m, k = QUANTIZE_SHAPE if not quick else (4096, 4096)
    cases += [Case("quantize", s, m, 0, k) for s in QUANTIZE_SCHEMES]
    return cases


def gaussian(rows, cols, seed):
    return np.random.default_rng(seed).standard_normal((rows, cols), dtype=np.float32)


def quantize_host(x, scheme):
    """The reference storage of x (the compiled CPU kernel where the
    extension is built, bit-identical to the NumPy code)."""
    if ms.SCHEMES[scheme].has_global:
        return ms.quantize(x, scheme, global_scale=nvfp4_global(x))
    return ms.quantize(x, scheme)


def nvfp4_global(x):
    """A static NVFP4 global (Numerics §3.1): amax / (448 * 6)."""
    return float(np.float32(np.abs(x).max()) / np.float32(448.0 * 6.0))


def rows_of(q, rows):
    return ms.QuantizedTensor(q.data[rows], q.scales[rows], q.global_scale,
                              (len(rows), q.shape[1]), q.scheme, q.scale_rounding)


def matmul_error(c_rows, qa, b64, rows):
    """max |c - c64| / sum |a b| over the checked rows (Numerics §4's
    measure), with the f64 product of the dequantized operands as c64."""
    a64 = ms.dequantize(rows_of(qa, rows)).astype(np.float64)
    c64 = a64 @ b64.T
    scale = np.abs(a64) @ np.abs(b64).T + 1e-300
    diff = np.abs(c_rows.astype(np.float64) - c64)
    if np.isnan(diff).any():
        return float("inf")
    return float((diff / scale).max())


def matmul_tolerance(case):
    """Numerics §4's bound (as gen_cpu_test.py's matmul_bound), or for MXFP8
    on Hopper's FP8 tensor cores, which keep 14 significant bits per K-block
    sum (docs/GPU.md), 32 x 2^-13 of a block's largest product."""
    if case.scheme == "mxfp8_e4m3":
        return 32 * 2.0 ** -13
    return 2.0 * (case.k + 5) * 2.0 ** -24
