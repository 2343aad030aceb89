"""The compiled backend of quantize, dequantize, requantize and matmul.

Each call builds (once per row length, scheme, rule and dtype for quantize,
dequantize and requantize, once per shape and operand kinds for matmul, whose
lowering specializes on the row count; kept in LRU caches) the kernel
:mod:`microscale.kernels` writes, JIT-compiles it through
``microscale-cpu-pipeline`` and runs it on the caller's arrays. The callers
validate their inputs exactly as the reference does first, and wrap the
storage returned here the same way.

The default backend (``backend=None``) is this one wherever the extension
loads and the kernels handle the case, else the NumPy reference.
"""

import functools

import numpy as np

from . import _native, compiler, kernels
from .schemes import Scheme

#: The backends of :func:`microscale.quantize`, :func:`microscale.dequantize`,
#: :func:`microscale.requantize` and :func:`microscale.matmul`.
BACKENDS = ("reference", "compiled")

_CACHE_SIZE = 64


def check_backend(backend):
    if backend is not None and backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; expected one of {', '.join(BACKENDS)}")


def supports(*schemes, k):
    """Whether the compiled kernels handle rows of `k` elements under these
    schemes: power-of-two block sizes (the dialect's rule) and non-empty rows."""
    return k > 0 and all(s.block_size & (s.block_size - 1) == 0 for s in schemes)


def supports_matmul(a, b):
    """Whether the compiled matmul handles these operands: 2-D and non-empty,
    at least one block-scaled, equal block sizes when both are."""
    kinds = [_kind(x) for x in (a, b)]
    schemes = [kind for kind in kinds if isinstance(kind, Scheme)]
    shapes = [tuple(x.shape) if isinstance(kind, Scheme) else np.shape(x)
              for x, kind in zip((a, b), kinds)]
    if not schemes or any(len(shape) != 2 or 0 in shape for shape in shapes):
        return False
    return len({s.block_size for s in schemes}) == 1 and supports(*schemes, k=shapes[0][1])


def chosen(backend, supported):
    """The backend to run: `backend` as given, and for None (the default) the
    compiled one whenever the extension loads and `supported` says its
    kernels handle the case, else the reference."""
    check_backend(backend)
    if backend is not None:
        return backend
    return "compiled" if supported and _native.available() else "reference"


@functools.lru_cache(maxsize=_CACHE_SIZE)
def quantize_function(k, scheme, rule, dtype, given_global):
    """The JIT'd @quantize for rows of length k under one scheme (cached)."""
    return compiler.jit(kernels.quantize_kernel(k, scheme, rule, dtype, given_global)).quantize


@functools.lru_cache(maxsize=_CACHE_SIZE)
def dequantize_function(k, scheme):
    """The JIT'd @dequantize for rows of length k under one scheme (cached)."""
    return compiler.jit(kernels.dequantize_kernel(k, scheme)).dequantize


@functools.lru_cache(maxsize=_CACHE_SIZE)
def requantize_function(k, source, target, rule):
    """The JIT'd @requantize for rows of length k between two schemes (cached)."""
    return compiler.jit(kernels.requantize_kernel(k, source, target, rule)).requantize


@functools.lru_cache(maxsize=_CACHE_SIZE)
def matmul_function(m, n, k, a_kind, b_kind, with_acc):
    """The JIT'd @matmul for one shape and pair of operand kinds (cached)."""
    return compiler.jit(kernels.matmul_kernel(m, n, k, a_kind, b_kind, with_acc)).matmul


def quantize(x, scheme, rule, given_global):
    """(data, scales, global) of `x` [..., K] (float32/bfloat16/float16,
    C-contiguous): uint8 arrays shaped like the reference's, and the f32
    global (given or computed) for NVFP4-style schemes, else None.
    """
    kernels.scheme_type(scheme)  # unsupported schemes fail before compiling
    lead, k = x.shape[:-1], x.shape[-1]
    m = int(np.prod(lead, dtype=np.int64))
    function = quantize_function(k, scheme, rule, x.dtype, given_global is not None)
    x2 = x.reshape(m, k)
    outputs = function(x2) if given_global is None else function(x2, np.float32(given_global))
    data, scales = outputs[0], outputs[1]
    glob = outputs[2] if scheme.has_global else None
    return (data.view(np.uint8).reshape(lead + data.shape[-1:]),
            scales.view(np.uint8).reshape(lead + scales.shape[-1:]), glob)


def _storage(q):
    """The kernel arguments a QuantizedTensor stands for (Numerics §5 storage),
    its leading axes flattened into rows."""
    args = [np.ascontiguousarray(a).reshape(-1, a.shape[-1]) for a in (q.data, q.scales)]
    if q.scheme.has_global:
        args.append(np.float32(q.global_scale))
    return args


def dequantize(q):
    """float32 values of a QuantizedTensor (rows of any length the scheme
    allows, any leading axes), shaped like q."""
    kernels.scheme_type(q.scheme)
    function = dequantize_function(q.shape[-1], q.scheme)
    return function(*_storage(q)).reshape(q.shape)


def requantize(q, target, rule):
    """(data, scales, global) of q requantized to `target` (rule as for
    quantize), shaped like the reference's."""
    kernels.scheme_type(q.scheme)
    kernels.scheme_type(target)
    lead = q.shape[:-1]
    function = requantize_function(q.shape[-1], q.scheme, target, rule)
    outputs = function(*_storage(q))
    data, scales = outputs[0], outputs[1]
    glob = outputs[2] if target.has_global else None
    return (data.view(np.uint8).reshape(lead + data.shape[-1:]),
            scales.view(np.uint8).reshape(lead + scales.shape[-1:]), glob)


def _kind(x):
    """A QuantizedTensor's Scheme, or a float array's dtype."""
    scheme = getattr(x, "scheme", None)
    return scheme if isinstance(scheme, Scheme) else np.asarray(x).dtype


def matmul(a, b, acc):
    """C = A . B^T (+ acc) with the compiled kernel.

    a: [M, K], b: [N, K], each a QuantizedTensor or a C-contiguous float32/
    bfloat16/float16 array, at least one of them quantized, K checked by the
    caller; acc: None or a float32 [M, N] array.
    """
    a_kind, b_kind = (_kind(a), _kind(b))
    for kind in (a_kind, b_kind):
        if isinstance(kind, Scheme):
            kernels.scheme_type(kind)
    if not isinstance(a_kind, Scheme) and not isinstance(b_kind, Scheme):
        raise ValueError("the compiled matmul needs at least one block-scaled operand; "
                         "multiply plain float arrays with NumPy")
    if (isinstance(a_kind, Scheme) and isinstance(b_kind, Scheme)
            and a_kind.block_size != b_kind.block_size):
        raise ValueError(f"the compiled matmul needs operands with the same block size, "
                         f"got {a_kind.block_size} and {b_kind.block_size}")
    m, k = a.shape
    n = b.shape[0]
    function = matmul_function(m, n, k, a_kind, b_kind, acc is not None)
    args = [*(_storage(a) if isinstance(a_kind, Scheme) else [a]),
            *(_storage(b) if isinstance(b_kind, Scheme) else [b])]
    if acc is not None:
        args.append(acc)
    return function(*args)
