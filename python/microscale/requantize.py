"""Requantization: a block-scaled tensor to another scheme (microscale.requantize).

The result is what dequantizing to f32 and quantizing again gives (Numerics
§2.6, §3.5, then §2 and §3), NVFP4 targets computing their global from the
dequantized values; the compiled backend runs the dialect's
``microscale.requantize``, which fuses the two without the f32 tensor.
"""

import numpy as np

from . import _compiled
from .quantize import QuantizedTensor, dequantize, quantize
from .scales import SCALE_RULES
from .schemes import resolve_scheme


def requantize(q, scheme, *, scale_rounding=None, block_size=None, backend=None):
    """`q` (a QuantizedTensor) quantized anew under `scheme`.

    scheme, block_size: the target, as for :func:`microscale.quantize`; the
        last dimension must be a multiple of its block size.
    scale_rounding: "floor" (default) or "rceil" for E8M0-scaled targets.
    backend: "compiled" (the microscale.requantize kernel for this row length
        and pair of schemes, JIT-compiled once and cached; needs the compiler
        extension and power-of-two block sizes), "reference" (dequantize, then
        quantize, in NumPy) or None, the default: compiled wherever it can
        run, else the reference. The output is bit-identical either way.
    Raises ValueError on bad input.
    """
    if not isinstance(q, QuantizedTensor):
        raise ValueError(f"requantize expects a QuantizedTensor, got {type(q).__name__}")
    target = resolve_scheme(scheme, block_size)
    k = q.shape[-1]
    backend = _compiled.chosen(backend, _compiled.supports(q.scheme, target, k=k))
    if backend == "reference":
        return quantize(dequantize(q, backend="reference"), target,
                        scale_rounding=scale_rounding, backend="reference")
    # The checks quantize makes on the reference path.
    if k % target.block_size:
        raise ValueError(
            f"the last dimension ({k}) must be a multiple of the block size "
            f"({target.block_size}); nothing is padded implicitly")
    if target.has_global:
        if scale_rounding is not None:
            raise ValueError(
                f"scale_rounding applies to E8M0-scaled schemes, not to {target.scale} scales")
        rule = None
    else:
        rule = "floor" if scale_rounding is None else scale_rounding
        if rule not in SCALE_RULES:
            raise ValueError(
                f"unknown scale_rounding {rule!r}; expected one of {', '.join(SCALE_RULES)}")
    data, scales, glob = _compiled.requantize(q, target, rule)
    return QuantizedTensor(data, scales, None if glob is None else float(np.float32(glob)),
                           q.shape, target, rule)
