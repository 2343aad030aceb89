"""Block-scaled matmul reference (Numerics §4): C = A . B^T in f32.

Both operands are K-major: A is [M, K] and B is [N, K], the way weights are
stored. Each side is either a QuantizedTensor, dequantized exactly per the
numerics reference, or a plain float array (weight-only quantization, W4A16
style), converted to float32. The product accumulates in float32 (NumPy's
sgemm); the numerics reference leaves the summation order free and bounds the
error by K * 2^-24 * sum |a * b|.
"""

from . import _compiled
from ._arrays import as_float32, as_kernel_float
from .quantize import QuantizedTensor, dequantize


def _operand(x, what):
    """The f32 [rows, K] matrix an operand stands for."""
    if isinstance(x, QuantizedTensor):
        m = dequantize(x, backend="reference")
    else:
        m = as_float32(x, what)
    if m.ndim != 2:
        raise ValueError(f"{what} must be a 2-D matrix, got shape {m.shape}")
    return m


def _kernel_operand(x, what):
    """An operand as the compiled kernel takes it: a QuantizedTensor as it is,
    a float array as float32/bfloat16/float16, checked to be 2-D."""
    m = x if isinstance(x, QuantizedTensor) else as_kernel_float(x, what)
    if len(m.shape) != 2:
        raise ValueError(f"{what} must be a 2-D matrix, got shape {m.shape}")
    return m


def matmul(a, b, acc=None, *, backend=None):
    """C[m, n] = sum_k A[m, k] * B[n, k] (+ acc[m, n]), float32 [M, N].

    a: [M, K] and b: [N, K], each a QuantizedTensor or a float array.
    acc: an optional float array [M, N] added to the product in f32.
    backend: "compiled" (the microscale.matmul kernel of
        microscale-cpu-pipeline for these shapes and schemes, JIT-compiled
        once and cached; needs the compiler extension, at least one quantized
        operand and, for two, the same block size), "reference" (dequantize,
        then NumPy's sgemm) or None, the default: compiled wherever it can
        run, else the reference. Both stay within the Numerics §4 bound of the
        exact product; they need not agree bit for bit.
    Raises ValueError when the K dimensions (or acc's shape) do not match.
    """
    backend = _compiled.chosen(backend, _compiled.supports_matmul(a, b))
    operand = _kernel_operand if backend == "compiled" else _operand
    am = operand(a, "a")
    bm = operand(b, "b")
    if am.shape[1] != bm.shape[1]:
        raise ValueError(
            f"K mismatch: a is {am.shape[0]} x {am.shape[1]} but b (N x K) is "
            f"{bm.shape[0]} x {bm.shape[1]}")
    shape = (am.shape[0], bm.shape[0])
    accm = None
    if acc is not None:
        accm = as_float32(acc, "acc")
        if accm.shape != shape:
            raise ValueError(f"acc must have shape {shape}, got {accm.shape}")
    if backend == "compiled":
        return _compiled.matmul(am, bm, accm)
    c = am @ bm.T
    if accm is not None:
        c += accm
    return c
