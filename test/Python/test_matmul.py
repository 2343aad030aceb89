"""Block-scaled matmul against a float64 reference within Numerics §4's bound."""

import ml_dtypes
import numpy as np
import pytest

import microscale as ms
import msref

F32 = np.float32


def within_spec_bound(c, a, b, acc=None):
    """|C - A.B^T| <= (K + 1) * 2^-24 * (sum |a b| + |acc|), from exact f64 values."""
    a64, b64 = np.asarray(a, np.float64), np.asarray(b, np.float64)
    ref = a64 @ b64.T
    mag = np.abs(a64) @ np.abs(b64).T
    if acc is not None:
        ref = ref + np.asarray(acc, np.float64)
        mag = mag + np.abs(np.asarray(acc, np.float64))
    k = a64.shape[1]
    err = np.abs(c.astype(np.float64) - ref)
    return bool(np.all(err <= (k + 1) * 2.0 ** -24 * mag))


def operands(m, n, k, seed):
    rng = np.random.default_rng(seed)
    a = (rng.standard_normal((m, k)) * np.exp2(rng.uniform(-4, 4, (m, 1)))).astype(F32)
    b = (rng.standard_normal((n, k)) * np.exp2(rng.uniform(-4, 4, (n, 1)))).astype(F32)
    return a, b


@pytest.mark.parametrize("sa, sb", [("mxfp4", "mxfp4"), ("nvfp4", "nvfp4"),
                                    ("mxfp8_e4m3", "mxfp4"), ("mxfp6_e2m3", "mxint8"),
                                    ("mxfp8_e5m2", "nvfp4")])
def test_quantized_both_sides(sa, sb):
    a, b = operands(33, 17, 512, seed=len(sa + sb))
    qa, qb = msref.quantize(a, sa), msref.quantize(b, sb)
    c = msref.matmul(qa, qb)
    assert c.dtype == np.float32 and c.shape == (33, 17)
    assert within_spec_bound(c, msref.dequantize(qa), msref.dequantize(qb))


@pytest.mark.parametrize("dtype", [np.float32, np.float16, ml_dtypes.bfloat16])
def test_weight_only(dtype):
    a, b = operands(8, 40, 256, seed=2)
    a = a.astype(dtype)
    qb = msref.quantize(b, "mxfp4", scale_rounding="rceil")
    c = msref.matmul(a, qb)
    assert within_spec_bound(c, a.astype(F32), msref.dequantize(qb))
    qa = msref.quantize(a.astype(F32), "nvfp4")
    c = msref.matmul(qa, b.astype(dtype))
    assert within_spec_bound(c, msref.dequantize(qa), b.astype(dtype).astype(F32))


def test_accumulator():
    a, b = operands(16, 24, 128, seed=3)
    acc = np.random.default_rng(4).standard_normal((16, 24)).astype(F32)
    qa, qb = msref.quantize(a, "mxfp8_e4m3"), msref.quantize(b, "mxfp8_e4m3")
    c = msref.matmul(qa, qb, acc=acc)
    assert within_spec_bound(c, msref.dequantize(qa), msref.dequantize(qb), acc)


def test_exact_small_case():
    """E2M1 x E2M1 with power-of-two scales: the sum is exact in f32."""
    a = np.zeros((1, 32), F32)
    b = np.zeros((2, 32), F32)
    a[0, :4] = [6, -3, 0.5, 1]
    b[0, :4] = [1, 1, 1, 1]
    b[1, :4] = [4, 2, -6, 0.5]
    c = msref.matmul(msref.quantize(a, "mxfp4"), msref.quantize(b, "mxfp4"))
    assert c.tolist() == [[4.5, 24 - 6 - 3 + 0.5]]


def test_nan_block_propagates():
    a, b = operands(2, 3, 64, seed=5)
    a[1, 40] = np.nan
    c = msref.matmul(msref.quantize(a, "mxfp4"), msref.quantize(b, "mxfp4"))
    assert np.all(np.isfinite(c[0])) and np.all(np.isnan(c[1]))


@pytest.mark.parametrize("sa, sb", [("mxfp4", "mxfp4"), ("nvfp4", "nvfp4"),
                                    ("mxfp8_e4m3", "mxfp6_e3m2")])
def test_against_c_core(clib, sa, sb):
    a, b = operands(20, 12, 256, seed=6)
    acc = np.random.default_rng(7).standard_normal((20, 12)).astype(F32)
    qa, qb = msref.quantize(a, sa), msref.quantize(b, sb)
    da, db = msref.dequantize(qa), msref.dequantize(qb)
    for use_acc in (None, acc):
        theirs = clib.matmul(qa, qb, use_acc)
        assert within_spec_bound(theirs, da, db, use_acc)
        assert within_spec_bound(msref.matmul(qa, qb, acc=use_acc), da, db, use_acc)
