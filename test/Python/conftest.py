"""Shared fixtures: the C++ numerics core through its C API (ctypes).

The core is the second of the three implementations every numerics test
compares (NumPy reference, C++ core, ml_dtypes). ctest points
MICROSCALE_FORMATS_C_LIB at libMicroscaleFormatsCAPI.so; when the variable
is unset (running pytest by hand without a build), the tests that need the
core are skipped with that reason and everything else still runs.
"""

import ctypes
import os

import numpy as np
import pytest

C_LIB_ENV = "MICROSCALE_FORMATS_C_LIB"

# MsFormat and MsScaleRule of include/microscale-c/Formats.h.
FORMAT_ENUM = {"e2m1": 0, "e2m3": 1, "e3m2": 2, "e4m3": 3, "e5m2": 4, "int8": 5,
               "e8m0": 6, "ue4m3": 7}
RULE_ENUM = {"floor": 0, "rceil": 1}


class MsScheme(ctypes.Structure):
    _fields_ = [("element", ctypes.c_int), ("blockSize", ctypes.c_int32),
                ("scale", ctypes.c_int), ("hasGlobal", ctypes.c_int32)]


_u8p = ctypes.POINTER(ctypes.c_uint8)
_f32p = ctypes.POINTER(ctypes.c_float)
_schemep = ctypes.POINTER(MsScheme)
_i64 = ctypes.c_int64
_size = ctypes.c_size_t
_fmt = ctypes.c_int

_SIGNATURES = {
    "msSchemeByName": (ctypes.c_int32, [ctypes.c_char_p, _schemep]),
    "msSchemeVerify": (ctypes.c_int32, [_schemep]),
    "msFormatBits": (ctypes.c_int32, [_fmt]),
    "msFormatPackingUnit": (ctypes.c_int32, [_fmt]),
    "msEncode": (None, [_fmt, _f32p, _u8p, _size]),
    "msDecode": (None, [_fmt, _u8p, _f32p, _size]),
    "msPack": (ctypes.c_int32, [_fmt, _u8p, _u8p, _size]),
    "msUnpack": (ctypes.c_int32, [_fmt, _u8p, _u8p, _size]),
    "msDataBytes": (_size, [_schemep, _i64, _i64]),
    "msScaleBytes": (_size, [_schemep, _i64, _i64]),
    "msQuantize": (ctypes.c_int32, [_schemep, ctypes.c_int, _f32p, _i64, _i64, _f32p,
                                    _u8p, _u8p, _f32p]),
    "msDequantize": (ctypes.c_int32, [_schemep, _u8p, _u8p, ctypes.c_float, _i64, _i64,
                                      _f32p]),
    "msSwizzledBytes": (_size, [_i64, _i64]),
    "msSwizzleScales": (None, [_u8p, _i64, _i64, _u8p]),
    "msUnswizzleScales": (None, [_u8p, _i64, _i64, _u8p]),
    "msMatmul": (ctypes.c_int32, [_schemep, _u8p, _u8p, ctypes.c_float,
                                  _schemep, _u8p, _u8p, ctypes.c_float,
                                  _i64, _i64, _i64, _f32p, _f32p]),
    "msLastError": (ctypes.c_char_p, []),
}


def _ptr(arr, ptype):
    return arr.ctypes.data_as(ptype)


class CCore:
    """NumPy-friendly wrappers over the C API; failures raise RuntimeError."""

    def __init__(self, path):
        self.lib = ctypes.CDLL(path)
        for name, (restype, argtypes) in _SIGNATURES.items():
            fn = getattr(self.lib, name)
            fn.restype, fn.argtypes = restype, argtypes

    def _check(self, status, what):
        if status != 0:
            raise RuntimeError(f"{what} failed ({status}): "
                               f"{self.lib.msLastError().decode(errors='replace')}")

    def scheme(self, s):
        """The MsScheme of a microscale.Scheme (or of a named scheme)."""
        if isinstance(s, str):
            out = MsScheme()
            self._check(self.lib.msSchemeByName(s.encode(), ctypes.byref(out)),
                        f"msSchemeByName({s})")
            return out
        return MsScheme(FORMAT_ENUM[s.element], s.block_size, FORMAT_ENUM[s.scale],
                        int(s.has_global))

    def verify(self, scheme):
        return self.lib.msSchemeVerify(ctypes.byref(scheme))

    def encode(self, fmt, x):
        x = np.ascontiguousarray(x, dtype=np.float32)
        out = np.empty(x.shape, np.uint8)
        self.lib.msEncode(FORMAT_ENUM[fmt], _ptr(x, _f32p), _ptr(out, _u8p), x.size)
        return out

    def decode(self, fmt, codes):
        codes = np.ascontiguousarray(codes, dtype=np.uint8)
        out = np.empty(codes.shape, np.float32)
        self.lib.msDecode(FORMAT_ENUM[fmt], _ptr(codes, _u8p), _ptr(out, _f32p), codes.size)
        return out

    def pack(self, fmt, codes):
        codes = np.ascontiguousarray(codes, dtype=np.uint8)
        bits = self.lib.msFormatBits(FORMAT_ENUM[fmt])
        out = np.empty(codes.shape[:-1] + (codes.shape[-1] * bits // 8,), np.uint8)
        self._check(self.lib.msPack(FORMAT_ENUM[fmt], _ptr(codes, _u8p), _ptr(out, _u8p),
                                    codes.size), "msPack")
        return out

    def unpack(self, fmt, packed, n):
        packed = np.ascontiguousarray(packed, dtype=np.uint8)
        out = np.empty(packed.shape[:-1] + (n,), np.uint8)
        self._check(self.lib.msUnpack(FORMAT_ENUM[fmt], _ptr(packed, _u8p), _ptr(out, _u8p),
                                      out.size), "msUnpack")
        return out

    def quantize(self, scheme, rule, x, given=None):
        """(data, scales, global) of x [..., K], shaped like the NumPy reference's."""
        x = np.ascontiguousarray(x, dtype=np.float32)
        lead, k = x.shape[:-1], x.shape[-1]
        rows = int(np.prod(lead))
        cs = self.scheme(scheme)
        row_data = self.lib.msDataBytes(ctypes.byref(cs), 1, k)
        row_scales = self.lib.msScaleBytes(ctypes.byref(cs), 1, k)
        data = np.zeros(lead + (row_data,), np.uint8)
        scales = np.zeros(lead + (row_scales,), np.uint8)
        glob = np.zeros(1, np.float32)
        given_arr = None if given is None else np.array([given], np.float32)
        self._check(self.lib.msQuantize(
            ctypes.byref(cs), RULE_ENUM[rule or "floor"], _ptr(x, _f32p), rows, k,
            None if given_arr is None else _ptr(given_arr, _f32p),
            _ptr(data, _u8p), _ptr(scales, _u8p), _ptr(glob, _f32p)), "msQuantize")
        return data, scales, glob[0]

    def dequantize(self, scheme, data, scales, glob, shape):
        data = np.ascontiguousarray(data, dtype=np.uint8)
        scales = np.ascontiguousarray(scales, dtype=np.uint8)
        k = shape[-1]
        rows = int(np.prod(shape[:-1]))
        out = np.empty(shape, np.float32)
        cs = self.scheme(scheme)
        self._check(self.lib.msDequantize(
            ctypes.byref(cs), _ptr(data, _u8p), _ptr(scales, _u8p),
            np.float32(glob or 1.0), rows, k, _ptr(out, _f32p)), "msDequantize")
        return out

    def swizzle(self, s):
        s = np.ascontiguousarray(s, dtype=np.uint8)
        rows, cols = s.shape
        out = np.full(self.lib.msSwizzledBytes(rows, cols), 0xAB, np.uint8)
        self.lib.msSwizzleScales(_ptr(s, _u8p), rows, cols, _ptr(out, _u8p))
        return out

    def unswizzle(self, sw, rows, cols):
        sw = np.ascontiguousarray(sw, dtype=np.uint8)
        out = np.empty((rows, cols), np.uint8)
        self.lib.msUnswizzleScales(_ptr(sw, _u8p), rows, cols, _ptr(out, _u8p))
        return out

    def matmul(self, qa, qb, acc=None):
        m, k = qa.shape
        n = qb.shape[0]
        out = np.empty((m, n), np.float32)
        acc_arr = None if acc is None else np.ascontiguousarray(acc, dtype=np.float32)
        sa, sb = self.scheme(qa.scheme), self.scheme(qb.scheme)
        self._check(self.lib.msMatmul(
            ctypes.byref(sa), _ptr(np.ascontiguousarray(qa.data), _u8p),
            _ptr(np.ascontiguousarray(qa.scales), _u8p), np.float32(qa.global_scale or 1.0),
            ctypes.byref(sb), _ptr(np.ascontiguousarray(qb.data), _u8p),
            _ptr(np.ascontiguousarray(qb.scales), _u8p), np.float32(qb.global_scale or 1.0),
            m, n, k, None if acc_arr is None else _ptr(acc_arr, _f32p), _ptr(out, _f32p)),
            "msMatmul")
        return out


@pytest.fixture(scope="session")
def clib():
    """The C++ core, or a skip saying why it is not there."""
    path = os.environ.get(C_LIB_ENV)
    if not path:
        pytest.skip(f"{C_LIB_ENV} is not set, so the C++ core cannot be loaded and the "
                    f"comparisons against it are skipped (ctest sets it to "
                    f"libMicroscaleFormatsCAPI.so)")
    return CCore(path)
