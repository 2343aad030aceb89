"""Bad input raises ValueError with a message that says what is wrong."""

import numpy as np
import pytest

import microscale as ms
import msref

F32 = np.float32
X = np.ones((4, 64), F32)


@pytest.mark.parametrize("bad, match", [
    (np.ones((2, 32), np.int32), "dtype int32"),
    (np.ones((2, 32), np.complex64), "dtype complex64"),
    (np.ones((2, 32), object), "dtype object"),
    (np.ones((2, 32), bool), "dtype bool"),
    ([["a"] * 32], "dtype <U1"),
])
def test_quantize_rejects_dtypes(bad, match):
    with pytest.raises(ValueError, match=match):
        msref.quantize(bad, "mxfp4")


def test_quantize_rejects_rank_0():
    with pytest.raises(ValueError, match="rank >= 1"):
        msref.quantize(F32(1.0), "mxfp4")


@pytest.mark.parametrize("scheme, k, match", [
    ("mxfp4", 48, r"last dimension \(48\) must be a multiple of the block size \(32\)"),
    ("nvfp4", 40, r"multiple of the block size \(16\)"),
    (ms.Scheme("e2m1", block_size=64), 96, r"block size \(64\)"),
])
def test_quantize_rejects_partial_blocks(scheme, k, match):
    with pytest.raises(ValueError, match=match):
        msref.quantize(np.ones((2, k), F32), scheme)


@pytest.mark.parametrize("kwargs, match", [
    (dict(element="e2m3", block_size=6), "multiple of 4"),
    (dict(element="e2m1", block_size=3), "multiple of 2"),
    (dict(element="e4m3", block_size=0), "positive"),
    (dict(element="e4m3", block_size=-32), "positive"),
    (dict(element="e4m3", block_size=32.0), "integer"),
    (dict(element="e4m3", block_size=True), "integer"),
    (dict(element="e9m9"), "8 in all at most"),  # a custom format's name, too wide
    (dict(element="e1m2"), "not an element format"),  # custom formats are for the analysis
    (dict(element="e8m0"), "not an element format"),
    (dict(element="e2m1", scale="e4m3"), "unknown scale format"),
    (dict(element="e4m3", scale="ue4m3"), "e2m1 elements only"),
])
def test_scheme_rejects(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ms.Scheme(**kwargs)


def test_unknown_scheme_and_rule():
    with pytest.raises(ValueError, match="unknown scheme 'mxfp5'"):
        msref.quantize(X, "mxfp5")
    with pytest.raises(ValueError, match="unknown scheme"):
        msref.quantize(X, 4)
    with pytest.raises(ValueError, match="unknown scale_rounding 'nearest'"):
        msref.quantize(X, "mxfp4", scale_rounding="nearest")
    with pytest.raises(ValueError, match="scale_rounding applies to E8M0"):
        msref.quantize(X, "nvfp4", scale_rounding="floor")
    with pytest.raises(ValueError, match="global_scale applies to schemes with UE4M3"):
        msref.quantize(X, "mxfp4", global_scale=1.0)
    with pytest.raises(ValueError, match="block_size"):
        msref.quantize(X, "mxfp6_e2m3", block_size=6)


@pytest.mark.parametrize("given", [0.0, -1.0, float("nan"), float("inf"), 1e-50, 1e39])
def test_invalid_given_global(given):
    with pytest.raises(ValueError, match="positive and finite"):
        msref.quantize(X, "nvfp4", global_scale=given)


@pytest.mark.parametrize("given", ["1.0", True, [1.0]])
def test_given_global_must_be_a_number(given):
    with pytest.raises(ValueError, match="real number"):
        msref.quantize(X, "nvfp4", global_scale=given)


def test_codec_errors():
    with pytest.raises(ValueError, match="e4m4: .* 8 in all at most"):
        ms.encode(X, "e4m4")  # e3m3 is a custom format now; e4m4 has nine bits
    with pytest.raises(ValueError, match="unknown format"):
        ms.decode(np.zeros(4, np.uint8), "fp4")
    with pytest.raises(ValueError, match="dtype int64"):
        ms.encode(np.arange(4), "e2m1")
    with pytest.raises(ValueError, match=r"\[0, 15\]"):
        ms.decode(np.array([16], np.uint8), "e2m1")
    with pytest.raises(ValueError, match=r"\[0, 63\]"):
        ms.decode(np.array([-1, 3]), "e3m2")
    with pytest.raises(ValueError, match="integer array"):
        ms.decode(np.array([1.0]), "e4m3")


def test_packing_errors():
    with pytest.raises(ValueError, match=r"last dimension \(3\) must be a multiple of 2"):
        ms.pack(np.zeros(3, np.uint8), "e2m1")
    with pytest.raises(ValueError, match="multiple of 4"):
        ms.pack(np.zeros((2, 6), np.uint8), "e3m2")
    with pytest.raises(ValueError, match=r"\[0, 15\]"):
        ms.pack(np.array([0, 16], np.uint8), "e2m1")
    with pytest.raises(ValueError, match="rank >= 1"):
        ms.pack(np.uint8(1), "e4m3")
    with pytest.raises(ValueError, match="occupy 6 bytes"):
        ms.unpack(np.zeros(5, np.uint8), "e2m3", 8)
    with pytest.raises(ValueError, match="n must be an integer"):
        ms.unpack(np.zeros(4, np.uint8), "e2m1", 8.0)
    with pytest.raises(ValueError, match="must be uint8"):
        ms.unpack(np.zeros(4, np.int16), "e2m1", 8)


def test_layout_errors():
    with pytest.raises(ValueError, match="2-D uint8"):
        ms.swizzle_scales(np.zeros((2, 3, 4), np.uint8))
    with pytest.raises(ValueError, match="2-D uint8"):
        ms.swizzle_scales(np.zeros((2, 3), np.float32))
    with pytest.raises(ValueError, match="is 512 uint8 bytes"):
        ms.unswizzle_scales(np.zeros(100, np.uint8), 5, 3)
    with pytest.raises(ValueError, match="non-negative"):
        ms.unswizzle_scales(np.zeros(0, np.uint8), -1, 3)


def test_matmul_errors():
    qa = msref.quantize(np.ones((4, 64), F32), "mxfp4")
    qb = msref.quantize(np.ones((3, 32), F32), "mxfp4")
    with pytest.raises(ValueError, match="K mismatch: a is 4 x 64 but b .* 3 x 32"):
        msref.matmul(qa, qb)
    with pytest.raises(ValueError, match="2-D"):
        msref.matmul(np.ones((2, 2, 64), F32), qa)
    with pytest.raises(ValueError, match="dtype int64"):
        msref.matmul(np.ones((2, 64), np.int64), qa)
    with pytest.raises(ValueError, match=r"acc must have shape \(4, 4\)"):
        msref.matmul(qa, qa, acc=np.zeros((4, 3), F32))


def test_dequantize_errors():
    with pytest.raises(ValueError, match="expects a QuantizedTensor"):
        msref.dequantize(np.ones(4, np.uint8))
    q = msref.quantize(X, "mxfp4")
    with pytest.raises(ValueError, match="data must be a uint8 array of shape"):
        ms.QuantizedTensor(q.data[:, :-1], q.scales, None, q.shape, q.scheme)
    with pytest.raises(ValueError, match="needs a global_scale"):
        ms.QuantizedTensor(q.data, q.scales, None, q.shape, ms.Scheme("e2m1", 32, "ue4m3"))
    with pytest.raises(ValueError, match="has no global_scale"):
        ms.QuantizedTensor(q.data, q.scales, 1.0, q.shape, q.scheme)
