"""A Linear layer, y = x W^T + b, with f32 weights (NumPy) or block-scaled ones
(a compiled ``microscale.matmul`` kernel).

A quantized weight stays in its storage (Numerics §5: packed codes, block
scales, global): the kernel reads it block by block, so no f32 copy of the
weight is ever made. The kernel is JIT-compiled once per weight shape, scheme
and activation type, with a dynamic row count (the lowering is as fast with one,
and a batch of sentences has any number of tokens), and cached for every
layer and encoder of that shape: all-MiniLM-L6-v2 needs three.
"""

import ml_dtypes
import numpy as np

from .. import _compiled
from ..quantize import QuantizedTensor

#: Activation types a Linear takes its input in: NumPy dtypes by name.
ACTIVATIONS = {"f32": np.dtype(np.float32), "bf16": np.dtype(ml_dtypes.bfloat16)}


def check_activations(activations):
    if activations not in ACTIVATIONS:
        raise ValueError(f"unknown activations {activations!r}; expected one of "
                         f"{', '.join(ACTIVATIONS)}")
    return ACTIVATIONS[activations]


class Linear:
    """y = x W^T + b for x float32 [T, K]; returns float32 [T, N].

    weight: float32 [N, K] (run with NumPy's sgemm) or a 2-D QuantizedTensor
        (run with the compiled microscale.matmul kernel; needs the compiler
        extension).
    bias: float32 [N].
    activations: "f32", or "bf16": the input is rounded to bfloat16 (nearest
        even) first and the kernel reads it as bf16; with f32 weights the
        rounded values are multiplied in f32.
    """

    def __init__(self, weight, bias, activations="f32"):
        self.dtype = check_activations(activations)
        self.weight = weight
        self.bias = bias
        n, k = weight.shape
        if bias.shape != (n,):
            raise ValueError(f"bias must have shape ({n},) for a weight of shape {(n, k)}, "
                             f"got {bias.shape}")
        self._storage = None
        if isinstance(weight, QuantizedTensor):
            if len(weight.shape) != 2:
                raise ValueError(f"a Linear weight is 2-D, got shape {weight.shape}")
            self._storage = _compiled._storage(weight)

    @property
    def quantized(self):
        return self._storage is not None

    def __call__(self, x):
        x = x.astype(self.dtype, copy=False)
        if self.quantized:
            n, k = self.weight.shape
            kernel = _compiled.matmul_function("?", n, k, self.dtype, self.weight.scheme, False)
            y = kernel(np.ascontiguousarray(x), *self._storage)
        else:
            y = x.astype(np.float32, copy=False) @ self.weight.T
        y += self.bias
        return y
