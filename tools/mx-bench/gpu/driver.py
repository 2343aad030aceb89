"""The CUDA driver API through ctypes: what the GPU benchmark needs of it.

Device memory, copies, streams and event timing, on the primary context of
device 0 (the one libmicroscale_cuda_runtime and PyTorch use too, so buffers
and streams pass between them). No toolkit is needed at run time, only
libcuda.so.1.
"""

import ctypes

import numpy as np

_ATTR_CC_MAJOR = 75
_ATTR_CC_MINOR = 76
_ATTR_MEMORY_CLOCK_KHZ = 36
_ATTR_MEMORY_BUS_BITS = 37


class CudaError(RuntimeError):
    pass


class Driver:
    """Device 0 of the CUDA driver, its primary context made current."""

    def __init__(self, library="libcuda.so.1"):
        self._cu = ctypes.CDLL(library)
        self._check("cuInit", 0)
        self.device = ctypes.c_int()
        self._check("cuDeviceGet", ctypes.byref(self.device), 0)
        self.context = ctypes.c_void_p()
        self._check("cuDevicePrimaryCtxRetain", ctypes.byref(self.context), self.device)
        self._check("cuCtxSetCurrent", self.context)

    def _check(self, name, *args):
        result = getattr(self._cu, name)(*args)
        if result != 0:
            text = ctypes.c_char_p()
            self._cu.cuGetErrorName(result, ctypes.byref(text))
            raise CudaError(f"{name} failed: {text.value.decode() if text.value else result}")

    def attribute(self, attr):
        value = ctypes.c_int()
        self._check("cuDeviceGetAttribute", ctypes.byref(value), attr, self.device)
        return value.value

    def name(self):
        buffer = ctypes.create_string_buffer(256)
        self._check("cuDeviceGetName", buffer, 256, self.device)
        return buffer.value.decode()

    def compute_capability(self):
        return (self.attribute(_ATTR_CC_MAJOR), self.attribute(_ATTR_CC_MINOR))

    def peak_bandwidth(self):
        """The DRAM bandwidth the device's data sheet figures give, bytes/s
        (double data rate times bus width)."""
        clock_khz = self.attribute(_ATTR_MEMORY_CLOCK_KHZ)
        bus_bits = self.attribute(_ATTR_MEMORY_BUS_BITS)
        return 2.0 * clock_khz * 1e3 * bus_bits / 8

    # -- memory ---------------------------------------------------------------
    def alloc(self, nbytes):
        ptr = ctypes.c_uint64()
        self._check("cuMemAlloc_v2", ctypes.byref(ptr), ctypes.c_size_t(max(nbytes, 1)))
        return ptr.value

    def free(self, ptr):
        self._check("cuMemFree_v2", ctypes.c_uint64(ptr))

    def upload(self, array):
        """A new device buffer holding the bytes of a C-contiguous array."""
        array = np.ascontiguousarray(array)
        ptr = self.alloc(array.nbytes)
        self._check("cuMemcpyHtoD_v2", ctypes.c_uint64(ptr), array.ctypes.data_as(ctypes.c_void_p),
                    ctypes.c_size_t(array.nbytes))
        return ptr

    def download(self, ptr, shape, dtype):
        out = np.empty(shape, dtype)
        self._check("cuMemcpyDtoH_v2", out.ctypes.data_as(ctypes.c_void_p), ctypes.c_uint64(ptr),
                    ctypes.c_size_t(out.nbytes))
        return out

    def copy_device(self, dst, src, nbytes, stream):
        self._check("cuMemcpyDtoDAsync_v2", ctypes.c_uint64(dst), ctypes.c_uint64(src),
                    ctypes.c_size_t(nbytes), ctypes.c_void_p(stream))

    # -- streams and timing ---------------------------------------------------
    def stream(self):
        stream = ctypes.c_void_p()
        self._check("cuStreamCreate", ctypes.byref(stream), 1)  # non-blocking
        return stream.value

    def synchronize(self, stream):
        self._check("cuStreamSynchronize", ctypes.c_void_p(stream))

    def time(self, stream, call, count):
        """Seconds that `count` calls of `call()` take on `stream`, measured
        with events around them."""
        start, stop = ctypes.c_void_p(), ctypes.c_void_p()
        self._check("cuEventCreate", ctypes.byref(start), 0)
        self._check("cuEventCreate", ctypes.byref(stop), 0)
        try:
            self._check("cuEventRecord", start, ctypes.c_void_p(stream))
            for _ in range(count):
                call()
            self._check("cuEventRecord", stop, ctypes.c_void_p(stream))
            self._check("cuEventSynchronize", stop)
            ms = ctypes.c_float()
            self._check("cuEventElapsedTime", ctypes.byref(ms), start, stop)
            return ms.value * 1e-3
        finally:
            self._cu.cuEventDestroy_v2(start)
            self._cu.cuEventDestroy_v2(stop)


def open_driver():
    """The driver, or None with the reason when there is no usable GPU."""
    try:
        driver = Driver()
        return driver, None
    except OSError as error:
        return None, f"no CUDA driver ({error})"
    except CudaError as error:
        return None, str(error)
