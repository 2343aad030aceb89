"""backend="compiled": JIT'd kernels behind ms.quantize, ms.dequantize,
ms.requantize and ms.matmul, and the default backend's choice between them
and the NumPy reference.

Quantize and requantize must be bit-exact with the NumPy reference (data,
scales, global), dequantize value for value (NaN where it has NaN), matmul
within Numerics §4's bound like the reference; kernels are built once per shape
and scheme.
"""

import sys
import zlib

import ml_dtypes
import numpy as np
import pytest

import microscale as ms
import msref
from microscale import _compiled, _native
from compiler_support import requires_compiler
from test_matmul import within_spec_bound

F32 = np.float32
RULED = [(name, rule) for name, s in ms.SCHEMES.items()
         for rule in ((None,) if s.has_global else ("floor", "rceil"))]
SPECIALS = [0.0, -0.0, 1e-40, -3e-39, 3.0e38, -3.4e38, 6.0, 2.5, -0.25, 448.0, 57344.0]


def sample(shape, seed, nonfinite=False):
    """Normal values over a wide range of block magnitudes, plus edge values."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape) * np.exp2(rng.integers(-30, 30, shape[:-1] + (1,)))
    flat = x.reshape(-1)
    extra = SPECIALS + ([np.nan, np.inf, -np.inf] if nonfinite else [])
    flat[rng.choice(flat.size, len(extra), replace=False)] = extra
    with np.errstate(over="ignore"):
        return x.astype(F32)


def assert_same(got, want):
    assert got.shape == want.shape and got.scheme == want.scheme
    assert got.scale_rounding == want.scale_rounding
    np.testing.assert_array_equal(got.data, want.data)
    np.testing.assert_array_equal(got.scales, want.scales)
    if want.global_scale is None:
        assert got.global_scale is None
    else:
        assert np.float32(got.global_scale).view(np.uint32) == \
            np.float32(want.global_scale).view(np.uint32)


@requires_compiler
@pytest.mark.parametrize("scheme, rule", RULED)
@pytest.mark.parametrize("shape", [(3, 64), (2, 3, 128), (256,), (17, 1024)])
def test_quantize_bit_exact(scheme, rule, shape):
    x = sample(shape, zlib.crc32(repr((scheme, rule, shape)).encode()), nonfinite=len(shape) == 1)
    want = msref.quantize(x, scheme, scale_rounding=rule)
    got = ms.quantize(x, scheme, scale_rounding=rule, backend="compiled")
    assert_same(got, want)


@requires_compiler
@pytest.mark.parametrize("dtype", [np.float16, ml_dtypes.bfloat16, np.float64])
@pytest.mark.parametrize("scheme, rule", [("mxfp4", "rceil"), ("nvfp4", None),
                                          ("mxfp8_e5m2", "floor"), ("mxint8", "floor")])
def test_quantize_other_input_dtypes(dtype, scheme, rule):
    with np.errstate(over="ignore"):
        x = sample((8, 256), 7).astype(dtype)
    want = msref.quantize(x, scheme, scale_rounding=rule)
    got = ms.quantize(x, scheme, scale_rounding=rule, backend="compiled")
    assert_same(got, want)


@requires_compiler
@pytest.mark.parametrize("given", [0.01, 1.0, 3.5e-6])
def test_quantize_nvfp4_given_global(given):
    x = sample((16, 128), 11)
    want = msref.quantize(x, "nvfp4", global_scale=given)
    got = ms.quantize(x, "nvfp4", global_scale=given, backend="compiled")
    assert_same(got, want)
    assert got.global_scale == np.float32(given)


@requires_compiler
@pytest.mark.parametrize("scheme", [ms.Scheme("e2m1", block_size=64),
                                    ms.Scheme("e4m3", block_size=16),
                                    ms.Scheme("e2m1", block_size=32, scale="ue4m3")])
def test_quantize_custom_schemes(scheme):
    x = sample((6, 256), 3)
    rule = None if scheme.has_global else "rceil"
    assert_same(ms.quantize(x, scheme, scale_rounding=rule, backend="compiled"),
                msref.quantize(x, scheme, scale_rounding=rule))


@requires_compiler
def test_quantize_limits_of_the_compiled_backend():
    with pytest.raises(ValueError, match="needs a power-of-two block size .* got 48"):
        ms.quantize(sample((2, 96), 0), "mxfp4", block_size=48, backend="compiled")


@pytest.mark.parametrize("backend", _compiled.BACKENDS + (None,))
def test_quantize_input_errors_match_the_reference(backend):
    x = np.zeros((2, 64), F32)
    with pytest.raises(ValueError, match="must be a multiple of the block size"):
        ms.quantize(np.zeros((2, 48), F32), "mxfp4", backend=backend)
    with pytest.raises(ValueError, match="scale_rounding applies to E8M0-scaled schemes"):
        ms.quantize(x, "nvfp4", scale_rounding="floor", backend=backend)
    with pytest.raises(ValueError, match="global_scale applies to schemes with UE4M3"):
        ms.quantize(x, "mxfp4", global_scale=1.0, backend=backend)
    with pytest.raises(ValueError, match="unknown scale_rounding 'up'"):
        ms.quantize(x, "mxfp4", scale_rounding="up", backend=backend)
    with pytest.raises(ValueError, match="global_scale must be positive and finite"):
        ms.quantize(x, "nvfp4", global_scale=-1.0, backend=backend)
    with pytest.raises(ValueError, match="must be float16, bfloat16, float32 or float64"):
        ms.quantize(x.astype(np.int32), "mxfp4", backend=backend)


def test_unknown_backend():
    with pytest.raises(ValueError, match="unknown backend 'gpu'; expected one of reference, compiled"):
        ms.quantize(np.zeros((1, 32), F32), "mxfp4", backend="gpu")
    with pytest.raises(ValueError, match="unknown backend 'fast'"):
        ms.matmul(np.zeros((1, 32), F32), np.zeros((1, 32), F32), backend="fast")


def test_missing_extension_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(_native, "_loaded", None)
    monkeypatch.setattr(_native, "_find", lambda: None)
    monkeypatch.delitem(sys.modules, "microscale._compiler", raising=False)
    with pytest.raises(ms.CompilerUnavailableError, match="extension .* is not built"):
        ms.quantize(np.zeros((1, 32), F32), "mxfp4", scale_rounding="rceil", backend="compiled")
    with pytest.raises(ImportError):  # it is an ImportError too
        ms.compile("module {}", "canonicalize")


def operand(kind, rows, k, rng):
    """A quantized operand (scheme name) or a float array (dtype), and its f32 values."""
    x = (rng.standard_normal((rows, k)) * np.exp2(rng.uniform(-4, 4, (rows, 1)))).astype(F32)
    if kind in ms.SCHEMES:
        q = msref.quantize(x, kind, scale_rounding=None if ms.SCHEMES[kind].has_global else "rceil")
        return q, msref.dequantize(q)
    x = x.astype(kind)
    return x, x.astype(F32)


MATMUL_CASES = [("mxfp4", "mxfp4"), ("nvfp4", "nvfp4"), ("mxfp8_e4m3", "mxfp4"),
                ("mxfp6_e2m3", "mxint8"), ("mxfp8_e5m2", "mxfp6_e3m2"),
                (np.float32, "mxfp4"), (ml_dtypes.bfloat16, "nvfp4"), ("mxfp8_e4m3", np.float16)]


@requires_compiler
@pytest.mark.parametrize("a_kind, b_kind", MATMUL_CASES)
@pytest.mark.parametrize("m, n, k", [(5, 7, 128), (1, 64, 256), (33, 17, 512)])
def test_matmul_within_spec_bound(a_kind, b_kind, m, n, k):
    rng = np.random.default_rng(m * n * k)
    a, da = operand(a_kind, m, k, rng)
    b, db = operand(b_kind, n, k, rng)
    c = ms.matmul(a, b, backend="compiled")
    assert c.dtype == F32 and c.shape == (m, n)
    assert within_spec_bound(c, da, db)
    assert within_spec_bound(msref.matmul(a, b), da, db)


@requires_compiler
def test_matmul_accumulator_is_added_not_overwritten():
    rng = np.random.default_rng(5)
    a, da = operand("nvfp4", 9, 256, rng)
    b, db = operand("nvfp4", 12, 256, rng)
    acc = rng.standard_normal((9, 12)).astype(F32) * 100
    before = acc.copy()
    c = ms.matmul(a, b, acc=acc, backend="compiled")
    np.testing.assert_array_equal(acc, before)        # the caller's array is untouched
    assert within_spec_bound(c, da, db, acc)
    c64 = ms.matmul(a, b, acc=acc.astype(np.float64), backend="compiled")
    np.testing.assert_array_equal(c64, c)             # acc converts to f32 like the reference


@requires_compiler
def test_matmul_checks():
    rng = np.random.default_rng(1)
    a, _ = operand("mxfp4", 4, 64, rng)
    b, _ = operand("nvfp4", 4, 64, rng)
    with pytest.raises(ValueError, match="same block size, got 32 and 16"):
        ms.matmul(a, b, backend="compiled")
    with pytest.raises(ValueError, match="at least one block-scaled operand"):
        ms.matmul(np.ones((2, 32), F32), np.ones((3, 32), F32), backend="compiled")
    with pytest.raises(ValueError, match="K mismatch"):
        ms.matmul(a, operand("mxfp4", 4, 128, rng)[0], backend="compiled")
    with pytest.raises(ValueError, match=r"acc must have shape \(4, 4\)"):
        ms.matmul(a, a, acc=np.zeros((4, 5), F32), backend="compiled")
    with pytest.raises(ValueError, match="b must be a 2-D matrix"):
        ms.matmul(a, np.ones((2, 2, 64), F32), backend="compiled")


@requires_compiler
def test_kernels_are_built_once(monkeypatch):
    _compiled.quantize_function.cache_clear()  # what other tests built does not count here
    _compiled.matmul_function.cache_clear()
    x = sample((12, 96), 21)
    first = ms.quantize(x, "mxfp6_e3m2", scale_rounding="rceil", backend="compiled")
    qb = msref.quantize(sample((10, 96), 22), "mxfp6_e3m2")
    c = ms.matmul(first, qb, backend="compiled")

    def no_compiling(*args, **kwargs):
        raise AssertionError("a kernel was compiled again")

    monkeypatch.setattr(_compiled.compiler, "jit", no_compiling)
    before = _compiled.quantize_function.cache_info()
    again = ms.quantize(x, "mxfp6_e3m2", scale_rounding="rceil", backend="compiled")
    assert _compiled.quantize_function.cache_info().hits == before.hits + 1
    assert_same(again, first)
    np.testing.assert_array_equal(ms.matmul(first, qb, backend="compiled"), c)
    fewer_rows = ms.quantize(x[:5], "mxfp6_e3m2", scale_rounding="rceil", backend="compiled")
    assert_same(fewer_rows, msref.quantize(x[:5], "mxfp6_e3m2", scale_rounding="rceil"))
    with pytest.raises(AssertionError, match="compiled again"):  # a new row length compiles
        ms.quantize(x[:, :32], "mxfp6_e3m2", scale_rounding="rceil", backend="compiled")
    with pytest.raises(AssertionError, match="compiled again"):  # so does a new matmul shape
        ms.matmul(msref.quantize(x[:3], "mxfp6_e3m2"), qb, backend="compiled")


@requires_compiler
@pytest.mark.parametrize("scheme", list(ms.SCHEMES) + [ms.Scheme("e2m3", block_size=64)])
@pytest.mark.parametrize("shape", [(5, 128), (2, 3, 64), (256,)])
def test_dequantize_matches_reference(scheme, shape):
    x = sample(shape, zlib.crc32(repr((scheme, shape)).encode()), nonfinite=True)
    rule = None if _has_global(scheme) else "rceil"
    q = msref.quantize(x, scheme, scale_rounding=rule)
    with np.errstate(over="ignore"):  # huge elements times their scale
        got = ms.dequantize(q, backend="compiled")
        want = msref.dequantize(q)
    assert got.dtype == F32 and got.shape == want.shape
    np.testing.assert_array_equal(got, want)  # NaN payloads may differ, NaN places may not


def _has_global(scheme):
    return (ms.SCHEMES[scheme] if isinstance(scheme, str) else scheme).has_global


REQUANTIZE_CASES = [("mxfp8_e4m3", "mxfp4", "floor"), ("mxfp8_e4m3", "nvfp4", None),
                    ("nvfp4", "mxfp4", "rceil"), ("mxfp4", "mxfp6_e2m3", "floor"),
                    ("mxfp6_e3m2", "mxint8", "rceil"), ("nvfp4", "nvfp4", None),
                    ("mxint8", "mxfp8_e5m2", "floor"), ("mxfp4", ms.Scheme("e2m1", block_size=64), "rceil")]


@requires_compiler
@pytest.mark.parametrize("source, target, rule", REQUANTIZE_CASES)
@pytest.mark.parametrize("shape", [(6, 128), (2, 2, 64)])
def test_requantize_bit_exact(source, target, rule, shape):
    x = sample(shape, zlib.crc32(repr((source, target, shape)).encode()), nonfinite=True)
    q = msref.quantize(x, source, scale_rounding=None if _has_global(source) else "rceil")
    got = ms.requantize(q, target, scale_rounding=rule, backend="compiled")
    with np.errstate(over="ignore"):  # huge elements times their scale
        want = msref.quantize(msref.dequantize(q), target, scale_rounding=rule)
        assert_same(msref.requantize(q, target, scale_rounding=rule), want)
    assert_same(got, want)


@pytest.mark.parametrize("backend", _compiled.BACKENDS + (None,))
def test_requantize_checks(backend):
    if backend == "compiled" and not _native.available():
        pytest.skip("the compiler extension is not built")
    q = msref.quantize(sample((2, 48), 1), "nvfp4")
    with pytest.raises(ValueError, match=r"last dimension \(48\) must be a multiple of the block size \(32\)"):
        ms.requantize(q, "mxfp4", backend=backend)
    with pytest.raises(ValueError, match="scale_rounding applies to E8M0-scaled schemes"):
        ms.requantize(q, "nvfp4", scale_rounding="floor", backend=backend)
    with pytest.raises(ValueError, match="unknown scale_rounding 'up'"):
        ms.requantize(q, "mxfp8_e4m3", block_size=16, scale_rounding="up", backend=backend)
    with pytest.raises(ValueError, match="requantize expects a QuantizedTensor, got ndarray"):
        ms.requantize(np.zeros((2, 32), F32), "mxfp4", backend=backend)


def _clear_kernel_caches():
    for cache in (_compiled.quantize_function, _compiled.dequantize_function,
                  _compiled.requantize_function, _compiled.matmul_function):
        cache.cache_clear()


def _kernels_built():
    return {name: getattr(_compiled, name + "_function").cache_info().currsize
            for name in ("quantize", "dequantize", "requantize", "matmul")}


@requires_compiler
def test_default_backend_is_the_compiled_one():
    _clear_kernel_caches()
    x = sample((4, 64), 31)
    q = ms.quantize(x, "nvfp4")
    assert_same(q, msref.quantize(x, "nvfp4"))
    np.testing.assert_array_equal(ms.dequantize(q), msref.dequantize(q))
    assert_same(ms.requantize(q, "mxfp4"), msref.requantize(q, "mxfp4"))
    qb = msref.quantize(sample((3, 64), 32), "nvfp4")
    assert within_spec_bound(ms.matmul(q, qb), msref.dequantize(q), msref.dequantize(qb))
    assert _kernels_built() == {"quantize": 1, "dequantize": 1, "requantize": 1, "matmul": 1}


@requires_compiler
def test_default_backend_falls_back_where_the_kernels_cannot_run():
    _clear_kernel_caches()
    x = sample((2, 96), 33)
    odd = msref.quantize(x, "mxfp4", block_size=48)       # not a power of two
    assert_same(ms.quantize(x, "mxfp4", block_size=48), odd)
    np.testing.assert_array_equal(ms.dequantize(odd), msref.dequantize(odd))
    assert_same(ms.requantize(odd, "mxfp8_e4m3", block_size=48),
                msref.requantize(odd, "mxfp8_e4m3", block_size=48))
    empty = ms.quantize(np.zeros((3, 0), F32), "mxfp4")    # no elements in a row
    assert empty.data.shape == (3, 0)
    a = np.ones((2, 32), F32)
    np.testing.assert_array_equal(ms.matmul(a, a), a @ a.T)   # no block-scaled operand
    mixed = ms.matmul(msref.quantize(a, "mxfp4"), msref.quantize(a, "nvfp4"))
    np.testing.assert_array_equal(mixed, np.full((2, 2), 32, F32))  # unequal block sizes
    assert _kernels_built() == {"quantize": 0, "dequantize": 0, "requantize": 0, "matmul": 0}


def test_default_backend_without_the_extension(monkeypatch):
    monkeypatch.setattr(_native, "available", lambda: False)
    _clear_kernel_caches()
    x = np.random.default_rng(34).standard_normal((2, 64)).astype(F32)
    q = ms.quantize(x, "mxfp4")
    assert_same(q, msref.quantize(x, "mxfp4"))
    np.testing.assert_array_equal(ms.dequantize(q), msref.dequantize(q))
    assert_same(ms.requantize(q, "nvfp4"), msref.requantize(q, "nvfp4"))
    np.testing.assert_array_equal(ms.matmul(q, q), msref.matmul(q, q))
    assert _kernels_built() == {"quantize": 0, "dequantize": 0, "requantize": 0, "matmul": 0}
