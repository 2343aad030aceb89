"""NumPy arrays <-> MLIR memref descriptors and scalars, for the JIT.

The C interface of a lowered function (``_mlir_ciface_<name>``) takes a
pointer to a descriptor per memref argument: ``{allocated, aligned, offset,
sizes[rank], strides[rank]}`` (mlir/ExecutionEngine/CRunnerUtils.h), strides
in elements. NumPy arrays are passed zero-copy: the descriptor points into the
array, which must be C-contiguous and have the memref's element type, rank and
static sizes.

Memref results come back in buffers the JIT'd code obtained from ``malloc``;
they are wrapped, not copied, into arrays that ``free`` them when the last
NumPy reference goes. A result that is not such a buffer (one aliasing an
argument, or a constant global) is copied instead.
"""

import ctypes
import functools

import ml_dtypes
import numpy as np

#: MLIR element type -> the NumPy dtype results come back in.
ELEMENT_DTYPES = {
    "f16": np.dtype(np.float16),
    "bf16": np.dtype(ml_dtypes.bfloat16),
    "f32": np.dtype(np.float32),
    "f64": np.dtype(np.float64),
    "i1": np.dtype(np.bool_),
    "i8": np.dtype(np.int8),
    "i16": np.dtype(np.int16),
    "i32": np.dtype(np.int32),
    "i64": np.dtype(np.int64),
    "index": np.dtype(np.int64),
    "f8E4M3FN": np.dtype(ml_dtypes.float8_e4m3fn),
    "f8E5M2": np.dtype(ml_dtypes.float8_e5m2),
    "f8E8M0FNU": np.dtype(ml_dtypes.float8_e8m0fnu),
}

#: Further argument dtypes taken as the raw bits of an element type: MLIR
#: integers are signless, and block-scaled storage is usually held as uint8.
_RAW_ALIASES = {
    "i8": np.dtype(np.uint8),
    "i16": np.dtype(np.uint16),
    "i32": np.dtype(np.uint32),
    "i64": np.dtype(np.uint64),
    "f8E4M3FN": np.dtype(np.uint8),
    "f8E5M2": np.dtype(np.uint8),
    "f8E8M0FNU": np.dtype(np.uint8),
}

_SCALAR_CTYPES = {
    "f32": ctypes.c_float,
    "f64": ctypes.c_double,
    "i1": ctypes.c_bool,
    "i8": ctypes.c_int8,
    "i16": ctypes.c_int16,
    "i32": ctypes.c_int32,
    "i64": ctypes.c_int64,
    "index": ctypes.c_int64,
    # 16-bit floats travel as their bit pattern.
    "f16": ctypes.c_uint16,
    "bf16": ctypes.c_uint16,
}

# memref.get_global lowers to a descriptor whose allocated pointer is this
# marker (the memory is the JIT'd module's, not malloc's).
_GLOBAL_MARKER = 0xDEADBEEF

_libc = ctypes.CDLL(None)
_libc.free.argtypes = [ctypes.c_void_p]
_libc.free.restype = None


@functools.lru_cache(maxsize=None)
def descriptor_type(rank):
    """The ctypes struct of a ranked memref descriptor."""
    fields = [("allocated", ctypes.c_void_p), ("aligned", ctypes.c_void_p),
              ("offset", ctypes.c_int64)]
    if rank:
        fields += [("sizes", ctypes.c_int64 * rank), ("strides", ctypes.c_int64 * rank)]
    return type(f"MemRefDescriptor{rank}D", (ctypes.Structure,), {"_fields_": fields})


def scalar_ctype(element):
    return _SCALAR_CTYPES.get(element)


def shape_text(shape):
    return "(" + ", ".join("?" if d < 0 else str(d) for d in shape) + (",)" if len(shape) == 1 else ")")


def memref_argument(value, element, shape, where):
    """A descriptor pointing into `value`; raises TypeError/ValueError."""
    if not isinstance(value, np.ndarray):
        raise TypeError(f"{where}: expected a NumPy array, got {type(value).__name__}")
    want = ELEMENT_DTYPES.get(element)
    if want is None:
        raise TypeError(f"{where}: memrefs of {element} cannot be passed from NumPy")
    alias = _RAW_ALIASES.get(element)  # (never compare a dtype with None: that is float64)
    if value.dtype != want and (alias is None or value.dtype != alias):
        also = f" (or {alias})" if alias is not None else ""
        raise TypeError(f"{where}: expected dtype {want}{also}, got {value.dtype}")
    if value.ndim != len(shape):
        raise ValueError(f"{where}: expected rank {len(shape)}, shape {shape_text(shape)}, "
                         f"got rank {value.ndim}, shape {shape_text(value.shape)}")
    if any(d >= 0 and d != got for d, got in zip(shape, value.shape)):
        raise ValueError(f"{where}: expected shape {shape_text(shape)}, "
                         f"got {shape_text(value.shape)}")
    if not value.flags.c_contiguous or not value.flags.aligned:
        raise ValueError(f"{where}: the array must be C-contiguous and aligned "
                         f"(np.ascontiguousarray makes it so)")
    desc = descriptor_type(value.ndim)()
    desc.allocated = desc.aligned = value.ctypes.data
    desc.offset = 0
    if value.ndim:
        desc.sizes[:] = value.shape
        desc.strides[:] = [s // value.itemsize for s in value.strides] if value.size else \
            _row_major_strides(value.shape)
    return desc


def _row_major_strides(shape):
    strides, step = [], 1
    for d in reversed(shape):
        strides.append(step)
        step *= max(d, 1)
    return strides[::-1]


def scalar_argument(value, element, where):
    """A ctypes value for a scalar argument; raises TypeError/ValueError."""
    ctype = _SCALAR_CTYPES.get(element)
    if ctype is None:
        raise TypeError(f"{where}: scalars of type {element} are not supported")
    if element in ("f32", "f64", "f16", "bf16"):
        if not isinstance(value, (int, float, np.integer, np.floating)) or isinstance(value, bool):
            raise TypeError(f"{where}: expected a real number for {element}, "
                            f"got {type(value).__name__}")
        if element in ("f16", "bf16"):
            return ctype(int(np.array(value, ELEMENT_DTYPES[element]).view(np.uint16)))
        return ctype(float(value))
    if element == "i1":
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{where}: expected a bool for i1, got {type(value).__name__}")
        return ctype(bool(value))
    if not isinstance(value, (int, np.integer)) or isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{where}: expected an integer for {element}, got {type(value).__name__}")
    info = np.iinfo(ELEMENT_DTYPES[element])
    if not info.min <= int(value) <= info.max:
        raise ValueError(f"{where}: {value} does not fit in {element}")
    return ctype(int(value))


def scalar_result(raw, element):
    """A NumPy scalar from a ctypes scalar result."""
    dtype = ELEMENT_DTYPES[element]
    if element in ("f16", "bf16"):
        return np.array(raw, np.uint16).view(dtype)[()]
    return dtype.type(raw)


class _Allocation:
    """A buffer the JIT'd code malloc'ed; freed when nothing uses it any more."""

    def __init__(self, allocated):
        self.allocated = allocated

    def __del__(self, _free=_libc.free):  # bound now: module globals may be gone at exit
        _free(self.allocated)


class _BufferView:
    """Bytes inside an _Allocation, as NumPy sees them (keeps it alive)."""

    def __init__(self, allocation, data, nbytes):
        self._allocation = allocation
        self.__array_interface__ = {"shape": (nbytes,), "typestr": "|u1",
                                    "data": (data, False), "version": 3}


def memref_result(desc, element, rank, borrowed, allocations):
    """A NumPy array for a returned descriptor.

    borrowed: (start, end) byte ranges of the argument arrays. allocations:
    the buffers already wrapped in this call, by address (two results may
    share one).
    """
    dtype = ELEMENT_DTYPES.get(element)
    if dtype is None:
        raise TypeError(f"memref results of {element} cannot be returned to NumPy")
    shape = tuple(desc.sizes[:rank]) if rank else ()
    size = int(np.prod(shape, dtype=np.int64))
    data = (desc.aligned or 0) + desc.offset * dtype.itemsize
    nbytes = size * dtype.itemsize
    allocated = desc.allocated or 0
    owned = allocated != _GLOBAL_MARKER and not any(lo <= data < hi for lo, hi in borrowed)
    if owned and allocated not in allocations:
        allocations[allocated] = _Allocation(allocated)  # freed even if we raise below
    if rank and size and list(desc.strides[:rank]) != _row_major_strides(shape):
        raise ValueError(f"a returned memref has strides {list(desc.strides[:rank])}, "
                         f"not the row-major ones of shape {shape}")
    if not owned:
        if not nbytes:
            return np.zeros(shape, dtype)
        view = np.ctypeslib.as_array((ctypes.c_uint8 * nbytes).from_address(data))
        return view.copy().view(dtype).reshape(shape)
    return np.asarray(_BufferView(allocations[allocated], data, nbytes)).view(dtype).reshape(shape)
