"""microscale's entry points pinned to the NumPy reference backend.

The default backend is the compiled one wherever the extension is built, so
tests of the reference numerics (and the oracle side of the compiled
backend's tests) call these instead of ``ms.quantize`` and the like.
"""

import functools

import microscale as ms

quantize = functools.partial(ms.quantize, backend="reference")
dequantize = functools.partial(ms.dequantize, backend="reference")
requantize = functools.partial(ms.requantize, backend="reference")
matmul = functools.partial(ms.matmul, backend="reference")
