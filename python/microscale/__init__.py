"""microscale: NumPy reference numerics of block-scaled low-precision formats.

The independent twin of the C++ core (lib/Formats): OCP MX (MXFP8, MXFP6,
MXFP4, MXINT8) and NVIDIA NVFP4, bit for bit per docs/Numerics.md. Pure
vectorized NumPy; every encoder rounds in integer arithmetic on f32 bit
patterns.

    import microscale as ms
    q = ms.quantize(x, "mxfp4", scale_rounding="floor")
    x2 = ms.dequantize(q)
    c = ms.matmul(qa, qb)          # A . B^T, f32 accumulation
"""

from ._version import __version__
from .formats import FORMAT_NAMES, decode, decode_table, encode
from .layout import swizzle_scales, swizzled_shape, unswizzle_scales
from .matmul import matmul
from .packing import pack, unpack
from .quantize import QuantizedTensor, dequantize, quantize
from .requantize import requantize
from .scales import SCALE_RULES
from .schemes import SCHEMES, Scheme

# Compiler bindings: pass pipelines, the JIT (native extension, python/README.md).
from .compiler import compile, jit  # noqa: A004
from .errors import CompileError, CompilerUnavailableError

__all__ = [
    "FORMAT_NAMES",
    "QuantizedTensor",
    "SCALE_RULES",
    "SCHEMES",
    "Scheme",
    "decode",
    "decode_table",
    "dequantize",
    "encode",
    "matmul",
    "pack",
    "quantize",
    "requantize",
    "swizzle_scales",
    "swizzled_shape",
    "unpack",
    "unswizzle_scales",
]

# Checkpoint files (safetensors): microscale.io.load / save, and the array
# layouts they use in microscale.checkpoint.
from . import checkpoint, io  # noqa: E402

__all__ += ["CompileError", "CompilerUnavailableError", "compile", "jit"]
