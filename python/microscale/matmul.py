"""Block-scaled matmul reference (SPEC section 4): C = A . B^T in f32.

Both operands are K-major: A is [M, K] and B is [N, K], the way weights are
stored. Each side is either a QuantizedTensor, dequantized exactly per SPEC,
or a plain float array (weight-only quantization, W4A16 style), converted to
float32. The product accumulates in float32 (NumPy's sgemm); the SPEC leaves
the summation order free and bounds the error by K * 2^-24 * sum |a * b|.
"""

from ._arrays import as_float32
from .quantize import QuantizedTensor, dequantize


def _operand(x, what):
    """The f32 [rows, K] matrix an operand stands for."""
    m = dequantize(x) if isinstance(x, QuantizedTensor) else as_float32(x, what)
    if m.ndim != 2:
        raise ValueError(f"{what} must be a 2-D matrix, got shape {m.shape}")
    return m


def matmul(a, b, acc=None):
    """C[m, n] = sum_k A[m, k] * B[n, k] (+ acc[m, n]), float32 [M, N].

    a: [M, K] and b: [N, K], each a QuantizedTensor or a float array.
    acc: an optional float array [M, N] added to the product in f32.
    Raises ValueError when the K dimensions (or acc's shape) do not match.
    """
    am = _operand(a, "a")
    bm = _operand(b, "b")
    if am.shape[1] != bm.shape[1]:
        raise ValueError(
            f"K mismatch: a is {am.shape[0]} x {am.shape[1]} but b (N x K) is "
            f"{bm.shape[0]} x {bm.shape[1]}")
    c = am @ bm.T
    if acc is not None:
        accm = as_float32(acc, "acc")
        if accm.shape != c.shape:
            raise ValueError(f"acc must have shape {c.shape}, got {accm.shape}")
        c += accm
    return c
