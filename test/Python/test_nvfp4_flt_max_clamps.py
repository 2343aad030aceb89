"""NVFP4 with tiny tensors and subnormal globals: Numerics §3.1, §3.3 and §3.4
clamp g and the per-block factor f = g / s to FLT_MAX, so a finite block never
multiplies a zero by +Inf (a NaN that would encode as -6, code 0xF).

Four implementations must agree bit for bit: the NumPy reference, the
literal quantizer of Numerics §3 (reference.py), the C++ core (C API)
and the compiled backend; and signed zeros must come out as 0x0 / 0x8.
"""

import warnings

import numpy as np
import pytest

import microscale as ms
import reference as R
from compiler_support import requires_compiler
from microscale.scales import nvfp4_element_factors, nvfp4_global

F32 = np.float32
FLT_MAX = np.finfo(F32).max
TENSOR_AMAXES = [1e-30, 1e-33, 1e-36, 1e-38, 1e-40, 1e-44]
SUBNORMAL_GLOBALS = [1e-40, 1e-45]


def tiny_tensor(amax, seed, rows=4, k=128):
    """Blocks 2^0 .. 2^-40 below the tensor amax, the amax beside signed zeros,
    an all +0 and an all -0 block; a random third of the rest zeroed."""
    rng = np.random.default_rng(seed)
    blocks = rows * k // 16
    tops = np.float64(amax) * np.exp2(-4.0 * (np.arange(blocks) % 11))
    x = rng.uniform(-1, 1, (blocks, 16)) * tops[:, None]
    x[:, 0] = tops
    x[rng.random(x.shape) < 0.3] = 0.0
    x[rng.random(x.shape) < 0.1] = -0.0
    x[0] = [-amax] + [0.0, -0.0] * 7 + [0.0]
    x[1], x[2] = 0.0, -0.0
    return x.reshape(rows, k).astype(F32)


def expected_zero_codes(x, q):
    """Numerics §3.4 for the zeros of x: 0x8 for -0, 0x0 for +0 and in blocks with s = 0."""
    zero_scale = np.repeat(q.scales == 0, 16, axis=-1)
    return np.where(np.signbit(x) & ~zero_scale, 0x8, 0x0)


def quantize_quietly(x, **kwargs):
    """The reference ms.quantize with every warning an error: the clamps leave
    nothing to overflow."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return ms.quantize(x, "nvfp4", backend="reference", **kwargs)


def check_against_literal_spec_and_zeros(x, q, given):
    codes, scales, glob = R.nvfp4_quantize(x, given=given)
    np.testing.assert_array_equal(ms.unpack(q.data, "e2m1", x.shape[-1]), codes)
    np.testing.assert_array_equal(q.scales, scales)
    assert F32(q.global_scale).view(np.uint32) == F32(glob).view(np.uint32)
    zeros = x == 0
    np.testing.assert_array_equal(codes[zeros], expected_zero_codes(x, q)[zeros])


@pytest.mark.parametrize("amax", TENSOR_AMAXES)
def test_computed_global_matches_the_literal_spec(amax):
    x = tiny_tensor(amax, seed=1)
    q = quantize_quietly(x)
    check_against_literal_spec_and_zeros(x, q, None)
    assert q.global_scale == F32(amax) / F32(2688)


@pytest.mark.parametrize("given", SUBNORMAL_GLOBALS)
@pytest.mark.parametrize("amax", [1.0, 1e-30, 1e-40])
def test_subnormal_given_global_matches_the_literal_spec(given, amax):
    x = tiny_tensor(amax, seed=2)
    q = quantize_quietly(x, global_scale=given)
    check_against_literal_spec_and_zeros(x, q, given)
    assert q.global_scale == F32(given)


def test_the_spec_example():
    # [1, 0 x 15] with global 1e-40: g = FLT_MAX, s = e4m3(FLT_MAX / 6) = 448
    # (0x7E), f = FLT_MAX / 448, codes [6, 0 x 15]; -0 stays -0 (0x8).
    x = np.zeros((1, 16), F32)
    x[0, 0], x[0, 3] = 1.0, -0.0
    q = quantize_quietly(x, global_scale=1e-40)
    assert q.scales.tolist() == [[0x7E]]
    assert ms.unpack(q.data, "e2m1", 16).tolist() == [[7, 0, 0, 8] + [0] * 12]


def test_the_tensor_amax_element_by_hand():
    # The code of -amax in its own block, one value per regime: g finite
    # (1e-33: -6), g = FLT_MAX with s = 56 (1e-36: -6.08 -> -6), f clamped
    # (1e-38: s = 0.5625, -amax * FLT_MAX = -3.4 -> -3; 1e-40: -0.034 -> -0),
    # and s = 0 (1e-44: every code 0x0).
    for amax, code in [(1e-33, 0xF), (1e-36, 0xF), (1e-38, 0xD), (1e-40, 0x8),
                       (1e-44, 0x0)]:
        x = tiny_tensor(amax, seed=3)
        assert ms.unpack(quantize_quietly(x).data, "e2m1", 128)[0, 0] == code, amax


def test_global_and_factor_helpers_clamp():
    def amax_bits(a):
        return F32(a).view(np.uint32)

    assert nvfp4_global(amax_bits(1e-33))[0] == F32(2688) / F32(1e-33)   # still finite
    for a in [1e-36, 1e-38, 1e-44, 1e-45]:
        g, glob = nvfp4_global(amax_bits(a))
        assert g == FLT_MAX and glob == F32(a) / F32(2688)
    for given in SUBNORMAL_GLOBALS + [2.9e-39]:
        assert nvfp4_global(0, given)[0] == FLT_MAX
    assert nvfp4_global(0, 5e-39)[0] == F32(1) / F32(5e-39)            # no overflow
    codes = np.arange(1, 0x7F, dtype=np.uint8)
    f = nvfp4_element_factors(FLT_MAX, codes)
    with np.errstate(over="ignore"):
        quotient = FLT_MAX / ms.decode(codes, "ue4m3")
    assert f.dtype == F32 and np.isfinite(f).all()
    np.testing.assert_array_equal(f, np.where(np.isinf(quotient), FLT_MAX, quotient))


@pytest.mark.parametrize("amax, given", [(a, None) for a in TENSOR_AMAXES] +
                         [(a, g) for a in (1.0, 1e-40) for g in SUBNORMAL_GLOBALS])
def test_c_core_agrees(clib, amax, given):
    x = tiny_tensor(amax, seed=4)
    q = quantize_quietly(x, global_scale=given)
    data, scales, glob = clib.quantize("nvfp4", None, x, given)
    np.testing.assert_array_equal(data, q.data)
    np.testing.assert_array_equal(scales, q.scales)
    assert F32(glob).view(np.uint32) == F32(q.global_scale).view(np.uint32)


@requires_compiler
@pytest.mark.parametrize("amax, given", [(a, None) for a in TENSOR_AMAXES] +
                         [(a, g) for a in (1.0, 1e-30, 1e-40) for g in SUBNORMAL_GLOBALS])
def test_compiled_backend_agrees(amax, given):
    x = tiny_tensor(amax, seed=5)
    want = quantize_quietly(x, global_scale=given)
    got = ms.quantize(x, "nvfp4", global_scale=given, backend="compiled")
    np.testing.assert_array_equal(got.data, want.data)
    np.testing.assert_array_equal(got.scales, want.scales)
    assert F32(got.global_scale).view(np.uint32) == F32(want.global_scale).view(np.uint32)
    zeros = x == 0
    codes = ms.unpack(got.data, "e2m1", x.shape[-1])
    np.testing.assert_array_equal(codes[zeros], expected_zero_codes(x, got)[zeros])


@requires_compiler
def test_compiled_spec_example():
    x = np.zeros((1, 16), F32)
    x[0, 0] = 1.0
    q = ms.quantize(x, "nvfp4", global_scale=1e-40, backend="compiled")
    assert ms.unpack(q.data, "e2m1", 16).tolist() == [[7] + [0] * 15]
