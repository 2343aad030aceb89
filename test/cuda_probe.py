"""Whether this machine can run CUDA kernels, asked of the driver directly.

Used by lit.cfg.py for the `cuda-gpu` feature. Any failure (no libcuda, no
device, a driver/device error) means "no usable GPU", never an exception.
"""

import ctypes


def has_usable_gpu(library="libcuda.so.1"):
    try:
        cuda = ctypes.CDLL(library)
    except OSError:
        return False
    try:
        if cuda.cuInit(0) != 0:
            return False
        count = ctypes.c_int(0)
        if cuda.cuDeviceGetCount(ctypes.byref(count)) != 0:
            return False
        return count.value >= 1
    except (AttributeError, OSError):
        return False


if __name__ == "__main__":
    print("usable GPU" if has_usable_gpu() else "no usable GPU")
