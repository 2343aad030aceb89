"""Input checking shared by the public entry points.

Every public function funnels its floating-point input through
:func:`as_float32`, so that all arithmetic afterwards happens on float32 bit
patterns: the numerics reference's rules are stated for f32 inputs, and
converting first (round to nearest even, as NumPy's ``astype`` does) makes
float16, bfloat16 and float64 inputs follow the very same rules.
"""

import ml_dtypes
import numpy as np

#: Input dtypes accepted wherever real numbers are expected.
FLOAT_DTYPES = (
    np.dtype(np.float16),
    np.dtype(ml_dtypes.bfloat16),
    np.dtype(np.float32),
    np.dtype(np.float64),
)


def _float_array(x, what):
    arr = np.asarray(x)
    if np.dtype(arr.dtype.type) not in FLOAT_DTYPES:  # any byte order
        raise ValueError(
            f"{what} must be float16, bfloat16, float32 or float64, "
            f"got dtype {arr.dtype}")
    return arr


def as_float32(x, what="input"):
    """Returns `x` as a C-contiguous float32 array.

    float16, bfloat16 and float32 convert exactly; float64 rounds to nearest
    even, so a float64 beyond the f32 range becomes +-Inf (and then follows
    the Inf rules). Integer, boolean, complex, object and other dtypes are
    rejected rather than guessed at.
    """
    arr = _float_array(x, what)
    with np.errstate(over="ignore"):
        return np.asarray(arr, dtype=np.float32, order="C")


def as_kernel_float(x, what="input"):
    """Returns `x` as a C-contiguous native-order float32, bfloat16 or float16
    array: what the compiled kernels take.

    Half-precision inputs stay as they are (their conversion to f32 is exact,
    so a kernel reading them computes what it would on the f32 copy); float64
    rounds to float32 as in :func:`as_float32`; other dtypes are rejected.
    """
    arr = _float_array(x, what)
    kept = np.dtype(arr.dtype.type)  # native byte order
    if kept == np.float64:
        kept = np.dtype(np.float32)
    with np.errstate(over="ignore"):
        return np.asarray(arr, dtype=kept, order="C")


def as_codes(codes, bits, what="codes"):
    """Returns integer `codes` as a uint8 array after checking they fit in `bits`."""
    arr = np.asarray(codes)
    if arr.dtype.kind not in "ui":
        raise ValueError(f"{what} must be an integer array, got dtype {arr.dtype}")
    if arr.size and (arr.min() < 0 or arr.max() >= (1 << bits)):
        raise ValueError(
            f"{what} must lie in [0, {(1 << bits) - 1}] for a {bits}-bit format")
    return np.asarray(arr, dtype=np.uint8, order="C")
