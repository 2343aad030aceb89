"""microscale.io / microscale.checkpoint: safetensors files in published layouts.

Files are written two ways: by microscale.io.save, and independently with
safetensors' own NumPy API from arrays built here by the published layouts'
own rules (compressed-tensors' nibble packing and q * (scale / global)
decode, OpenAI's gpt-oss lut[low], lut[high] interleave and ldexp(scale -
127)), so the reader is checked against the formats, not only against our
writer.
"""

import json
import struct

import ml_dtypes
import numpy as np
import pytest
import safetensors.numpy

import microscale as ms
from microscale import checkpoint, io as msio

# E2M1 values by code, as both compressed-tensors and gpt-oss tabulate them.
FP4_VALUES = np.array([0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0,
                       -0.0, -0.5, -1.0, -1.5, -2.0, -3.0, -4.0, -6.0], dtype=np.float32)


def bits(x):
    return np.asarray(x, dtype=np.float32).view(np.uint32)


def same_tensor(a, b):
    assert a.scheme == b.scheme and a.shape == b.shape
    assert np.array_equal(a.data, b.data) and np.array_equal(a.scales, b.scales)
    assert (a.global_scale is None) == (b.global_scale is None)
    if a.global_scale is not None:
        assert bits(a.global_scale) == bits(b.global_scale)


@pytest.fixture
def rng():
    return np.random.default_rng(7)


# --- round trips through our writer -------------------------------------------

@pytest.mark.parametrize("fmt, scheme, shape, name", [
    ("compressed-tensors", "nvfp4", (48, 256), "model.layers.0.mlp.down_proj.weight"),
    ("modelopt", "nvfp4", (40, 128), "model.layers.0.self_attn.q_proj.weight"),
    ("gpt-oss", "mxfp4", (3, 40, 128), "model.layers.0.mlp.experts.gate_up_proj"),
    ("gpt-oss", "mxfp4", (40, 64), "block.0.mlp.mlp2_weight"),
])
def test_round_trip_matmul_bit_exact(tmp_path, rng, fmt, scheme, shape, name):
    w = (rng.standard_normal(shape) * rng.lognormal(0, 2, shape[-1])).astype(np.float32)
    q = ms.quantize(w, scheme)
    bias = rng.standard_normal(shape[-2]).astype(ml_dtypes.bfloat16)
    path = tmp_path / "w.safetensors"
    msio.save(path, {name: q, "bias": bias}, format=fmt)
    loaded = msio.load(path)
    assert set(loaded) == {name, "bias"}
    same_tensor(loaded[name], q)
    assert loaded["bias"].dtype == bias.dtype and np.array_equal(loaded["bias"], bias)
    x = rng.standard_normal((5, shape[-1])).astype(np.float32)
    for i in np.ndindex(shape[:-2]):
        before = ms.matmul(x, ms.QuantizedTensor(q.data[i], q.scales[i], q.global_scale,
                                                 shape[-2:], q.scheme))
        r = loaded[name]
        after = ms.matmul(x, ms.QuantizedTensor(r.data[i], r.scales[i], r.global_scale,
                                                shape[-2:], r.scheme))
        assert np.array_equal(bits(before), bits(after))


def test_saved_compressed_tensors_file_has_published_keys_and_dtypes(tmp_path, rng):
    q = ms.quantize(rng.standard_normal((32, 64)).astype(np.float32), "nvfp4")
    path = tmp_path / "w.safetensors"
    msio.save(path, {"lin.weight": q})
    raw = path.read_bytes()
    header = json.loads(raw[8:8 + struct.unpack("<Q", raw[:8])[0]])
    assert {k: (v["dtype"], v["shape"]) for k, v in header.items() if k != "__metadata__"} == {
        "lin.weight_packed": ("U8", [32, 32]),
        "lin.weight_scale": ("F8_E4M3", [32, 4]),
        "lin.weight_global_scale": ("F32", [1]),
    }
    assert header["__metadata__"]["format"] == "pt"
    arrays, _ = msio.read_arrays(path)
    # The stored global is the encode direction, 1 / ours in f32.
    assert arrays["lin.weight_global_scale"][0] == np.float32(1) / np.float32(q.global_scale)


def test_global_without_metadata_is_the_f32_reciprocal(tmp_path, rng):
    # A file with no microscale metadata (another tool's): global = 1 / stored.
    found_inexact = False
    for seed in range(40):
        # Spread amax over a binade: 1 / (1 / x) fails only for significands
        # above about sqrt(2).
        w = np.random.default_rng(seed).standard_normal((16, 32)) * (1 + seed / 40)
        q = ms.quantize(w.astype(np.float32), "nvfp4")
        arrays = checkpoint.to_compressed_tensors("m", q)
        path = tmp_path / "plain.safetensors"
        safetensors.numpy.save_file(arrays, str(path))
        got = msio.load(path)["m.weight"]
        want = np.float32(1) / arrays["m.weight_global_scale"][0]
        assert bits(got.global_scale) == bits(want)
        assert abs(int(bits(got.global_scale)) - int(bits(q.global_scale))) <= 1
        found_inexact |= bits(got.global_scale) != bits(q.global_scale)
        # With the exact global given, the tensor is restored exactly.
        same_tensor(checkpoint.from_compressed_tensors(arrays, "m", global_scale=q.global_scale), q)
    assert found_inexact, "no seed exercised a global whose reciprocal does not invert"


def test_stale_metadata_global_is_ignored(tmp_path, rng):
    q = ms.quantize(rng.standard_normal((16, 32)).astype(np.float32), "nvfp4")
    arrays = checkpoint.to_compressed_tensors("m", q)
    arrays["m.weight_global_scale"] = np.array([0.5], dtype=np.float32)
    path = tmp_path / "stale.safetensors"
    safetensors.numpy.save_file(arrays, str(path), metadata={
        "microscale.global_scale.m.weight": float(q.global_scale).hex()})
    assert msio.load(path)["m.weight"].global_scale == 2.0


# --- files written independently in the published layouts ---------------------

def ct_pack(values):
    """compressed-tensors' pack_fp4_to_uint8: nearest table index, sign in bit 3,
    consecutive pairs -> low | high << 4."""
    mags = np.abs(values)[..., None]
    idx = np.argmin(np.abs(mags - FP4_VALUES[:8]), axis=-1) + 8 * np.signbit(values)
    pairs = idx.reshape(values.shape[0], -1, 2)
    return (pairs[..., 0] | (pairs[..., 1] << 4)).astype(np.uint8)


def test_reads_compressed_tensors_file_written_by_safetensors(tmp_path, rng):
    rows, cols = 6, 64
    values = rng.choice(FP4_VALUES, size=(rows, cols))
    values[0, :2] = [1.0, -6.0]  # byte 0 of row 0: low nibble 0x2, high nibble 0xF
    block_scales = rng.choice(np.array([0.5, 1.0, 2.75, 40.0, 448.0, 2.0 ** -9], np.float32),
                              size=(rows, cols // 16))
    global_scale = np.float32(0.25)  # a power of two: q * (s / g) is exact
    tensors = {
        "enc.layer.weight_packed": ct_pack(values),
        "enc.layer.weight_scale": block_scales.astype(ml_dtypes.float8_e4m3fn),
        "enc.layer.weight_global_scale": np.array([global_scale], np.float32),
        "enc.layer.bias": np.arange(rows, dtype=np.float32),
    }
    assert tensors["enc.layer.weight_packed"][0, 0] == 0xF2
    path = tmp_path / "ct.safetensors"
    safetensors.numpy.save_file(tensors, str(path), metadata={"format": "pt"})
    loaded = msio.load(path)
    assert set(loaded) == {"enc.layer.weight", "enc.layer.bias"}
    q = loaded["enc.layer.weight"]
    assert q.scheme == ms.SCHEMES["nvfp4"] and q.shape == (rows, cols)
    assert q.global_scale == 4.0
    # compressed-tensors' dequantize: x_q * (scale / global_scale).
    want = values * (np.repeat(block_scales, 16, axis=1) / global_scale)
    assert np.array_equal(bits(ms.dequantize(q)), bits(want))


def test_reads_modelopt_file_written_by_safetensors(tmp_path, rng):
    rows, cols = 4, 32
    values = rng.choice(FP4_VALUES, size=(rows, cols))
    block_scales = rng.choice(np.array([0.25, 1.0, 6.5, 448.0], np.float32), size=(rows, 2))
    weight_scale_2 = np.float32(0.0123)  # the decode direction: x = q * s * weight_scale_2
    tensors = {
        "model.layers.1.mlp.up_proj.weight": ct_pack(values),
        "model.layers.1.mlp.up_proj.weight_scale": block_scales.astype(ml_dtypes.float8_e4m3fn),
        "model.layers.1.mlp.up_proj.weight_scale_2": np.array(weight_scale_2),
        "model.layers.1.mlp.up_proj.input_scale": np.array(np.float32(0.5)),
        "model.norm.weight": np.ones(cols, ml_dtypes.bfloat16),
    }
    path = tmp_path / "modelopt.safetensors"
    safetensors.numpy.save_file(tensors, str(path), metadata={"format": "pt"})
    loaded = msio.load(path)
    assert set(loaded) == {"model.layers.1.mlp.up_proj.weight",
                           "model.layers.1.mlp.up_proj.input_scale", "model.norm.weight"}
    q = loaded["model.layers.1.mlp.up_proj.weight"]
    assert q.scheme == ms.SCHEMES["nvfp4"] and q.shape == (rows, cols)
    assert bits(q.global_scale) == bits(weight_scale_2)  # no reciprocal: exact
    want = (values * np.repeat(block_scales, 16, axis=1)) * weight_scale_2
    assert np.array_equal(bits(ms.dequantize(q)), bits(want))
    back = checkpoint.to_modelopt("m", q)
    assert back["m.weight_scale_2"].shape == () and back["m.weight_scale_2"] == weight_scale_2
    assert np.array_equal(back["m.weight"], tensors["model.layers.1.mlp.up_proj.weight"])


def openai_decode(blocks, scales):
    """gpt_oss/torch/weights.py: lut[low] at even, lut[high] at odd positions,
    then ldexp(value, scale - 127), flattened over the blocks axis."""
    out = np.empty(blocks.shape[:-1] + (blocks.shape[-1] * 2,), np.float32)
    out[..., 0::2] = FP4_VALUES[blocks & 0x0F]
    out[..., 1::2] = FP4_VALUES[blocks >> 4]
    out = np.ldexp(out, (scales.astype(np.int32) - 127)[..., None]).astype(np.float32)
    return out.reshape(blocks.shape[:-2] + (-1,))


@pytest.mark.parametrize("blocks_key, scales_key", [
    ("model.layers.3.mlp.experts.down_proj_blocks", "model.layers.3.mlp.experts.down_proj_scales"),
    ("model.layers.3.mlp.experts.down_proj.blocks", "model.layers.3.mlp.experts.down_proj.scales"),
])
def test_reads_gpt_oss_file_written_by_safetensors(tmp_path, rng, blocks_key, scales_key):
    experts, rows, groups = 4, 24, 3
    blocks = rng.integers(0, 256, size=(experts, rows, groups, 16), dtype=np.uint8)
    scales = rng.integers(100, 150, size=(experts, rows, groups), dtype=np.uint8)
    path = tmp_path / "gptoss.safetensors"
    safetensors.numpy.save_file({blocks_key: blocks, scales_key: scales,
                                 "model.layers.3.mlp.experts.down_proj_bias":
                                     np.zeros((experts, rows), ml_dtypes.bfloat16)}, str(path))
    loaded = msio.load(path)
    q = loaded["model.layers.3.mlp.experts.down_proj"]
    assert q.scheme == ms.SCHEMES["mxfp4"] and q.shape == (experts, rows, groups * 32)
    assert q.scale_rounding is None
    assert loaded["model.layers.3.mlp.experts.down_proj_bias"].dtype == ml_dtypes.bfloat16
    assert np.array_equal(bits(ms.dequantize(q)), bits(openai_decode(blocks, scales)))
    # Written back, the arrays are the same bytes (in the transformers spelling).
    back = checkpoint.to_gpt_oss("w", q)
    assert np.array_equal(back["w_blocks"], blocks) and np.array_equal(back["w_scales"], scales)


def test_plain_float8_and_bfloat16_tensors_round_trip(tmp_path, rng):
    tensors = {"fp8.weight": rng.standard_normal((4, 8)).astype(ml_dtypes.float8_e4m3fn),
               "e5m2": rng.standard_normal(5).astype(ml_dtypes.float8_e5m2),
               "bf16": rng.standard_normal((3, 2)).astype(ml_dtypes.bfloat16),
               "ids": np.arange(7, dtype=np.int64),
               "strided": np.arange(12, dtype=np.float32).reshape(3, 4)[:, ::2]}
    path = tmp_path / "plain.safetensors"
    msio.save(path, tensors)
    loaded = msio.load(path)
    for k, v in tensors.items():
        assert loaded[k].dtype == v.dtype and np.array_equal(
            loaded[k].view(np.uint8), np.ascontiguousarray(v).view(np.uint8)), k


# --- errors -------------------------------------------------------------------

def ct_arrays(rng, rows=8, cols=32):
    q = ms.quantize(rng.standard_normal((rows, cols)).astype(np.float32), "nvfp4")
    return checkpoint.to_compressed_tensors("m", q)


def write(tmp_path, tensors):
    path = tmp_path / "bad.safetensors"
    safetensors.numpy.save_file(tensors, str(path))
    return path


@pytest.mark.parametrize("mutate, message", [
    (lambda a: a.pop("m.weight_scale"), "'m.weight_scale' is missing"),
    (lambda a: a.pop("m.weight_global_scale"), "'m.weight_global_scale' is missing"),
    (lambda a: a.update({"m.weight_scale": a["m.weight_scale"].view(np.uint8)}),
     "uint8 scales are E8M0"),
    (lambda a: a.update({"m.weight_packed": a["m.weight_packed"].view(np.int8)}),
     "weight_packed must be uint8"),
    (lambda a: a.update({"m.weight_packed": a["m.weight_packed"].reshape(-1)}),
     "weight_packed must be uint8 \\[rows, cols / 2\\]"),
    (lambda a: a.update({"m.weight_scale": a["m.weight_scale"][:, :1]}),
     "must be \\[rows, cols / 16\\]"),
    (lambda a: a.update({"m.weight_packed": a["m.weight_packed"][:, :4],
                         "m.weight_scale": a["m.weight_scale"][:, :1]}),
     "must be \\[rows, cols / 16\\]"),
    (lambda a: a.update({"m.weight_global_scale": np.array([1.0], np.float16)}),
     "must be float32 \\[1\\]"),
    (lambda a: a.update({"m.weight_global_scale": np.array([1.0, 2.0], np.float32)}),
     "must be float32 \\[1\\]"),
    (lambda a: a.update({"m.weight_global_scale": np.array([0.0], np.float32)}),
     "positive and finite"),
    (lambda a: a.update({"m.weight_global_scale": np.array([np.inf], np.float32)}),
     "positive and finite"),
    (lambda a: a.update({"m.weight_global_scale": np.array([1e-45], np.float32)}),
     "finite reciprocal"),
    (lambda a: a.update({"m.weight_scale": (a["m.weight_scale"].view(np.uint8) | 0x80)
                         .view(ml_dtypes.float8_e4m3fn)}),
     "negative block scales"),
])
def test_bad_compressed_tensors_files(tmp_path, rng, mutate, message):
    arrays = ct_arrays(rng)
    mutate(arrays)
    arrays = {k: np.ascontiguousarray(v) for k, v in arrays.items()}
    with pytest.raises(checkpoint.CheckpointFormatError, match=message):
        msio.load(write(tmp_path, arrays))


@pytest.mark.parametrize("layout", ["compressed-tensors", "modelopt"])
def test_negative_nan_block_scale_loads_as_a_nan_block(tmp_path, rng, layout):
    # A block holding -NaN: the exporter's float8_e4m3fn cast of its -NaN
    # scale is 0xFF (E4M3 -NaN), which Numerics §3.4 stores as UE4M3 NaN 0x7F.
    x = rng.standard_normal((8, 32)).astype(np.float32)
    q = ms.quantize(x, "nvfp4")
    to_arrays = checkpoint.to_compressed_tensors if layout == "compressed-tensors" \
        else checkpoint.to_modelopt
    arrays = {k: np.array(v) for k, v in to_arrays("m", q).items()}
    nan_scale = np.float32(-np.nan).astype(ml_dtypes.float8_e4m3fn)
    assert nan_scale.view(np.uint8) == 0xFF
    arrays["m.weight_scale"][2, 1] = nan_scale
    loaded = msio.load(write(tmp_path, arrays))["m.weight"]

    want_scales = q.scales.copy()
    want_scales[2, 1] = 0x7F
    # compressed-tensors stores 1 / global; without our metadata its f32
    # reciprocal comes back.
    want_global = q.global_scale if layout == "modelopt" else \
        float(np.float32(1) / arrays["m.weight_global_scale"][0])
    want = ms.QuantizedTensor(q.data, want_scales, want_global, q.shape, q.scheme)
    same_tensor(loaded, want)                               # codes as stored
    values = ms.dequantize(loaded)
    nan_block = np.zeros(x.shape, bool)
    nan_block[2, 16:32] = True
    assert np.isnan(values[nan_block]).all() and not np.isnan(values[~nan_block]).any()

    # Saved again, the NaN block is written as 0x7F, which reads back the same.
    msio.save(tmp_path / "again.safetensors", {"m.weight": loaded}, format=layout)
    same_tensor(msio.load(tmp_path / "again.safetensors")["m.weight"], loaded)


def test_negative_block_scale_error_names_the_tensor_and_block(tmp_path, rng):
    arrays = {k: np.array(v) for k, v in ct_arrays(rng).items()}
    arrays["m.weight_scale"][3, 0] = np.float32(-2.0).astype(ml_dtypes.float8_e4m3fn)
    arrays["m.weight_scale"][5, 1] = np.float32(-0.5).astype(ml_dtypes.float8_e4m3fn)
    arrays["m.weight_scale"][6, 1] = np.float32(-np.nan).astype(ml_dtypes.float8_e4m3fn)
    with pytest.raises(checkpoint.CheckpointFormatError) as error:
        msio.load(write(tmp_path, arrays))
    message = str(error.value)
    assert "m.weight_scale holds negative block scales (2 of 16;" in message
    assert "the first at [3, 0] is 0xC0 = -2.0" in message
    assert "only 0xFF (E4M3 -NaN, a NaN block) is read" in message


def mo_arrays(rng, rows=8, cols=32):
    q = ms.quantize(rng.standard_normal((rows, cols)).astype(np.float32), "nvfp4")
    return checkpoint.to_modelopt("m", q)


@pytest.mark.parametrize("mutate, message", [
    (lambda a: a.pop("m.weight_scale"), "'m.weight_scale' is missing"),
    (lambda a: a.pop("m.weight"), "'m.weight' is missing"),
    (lambda a: a.update({"m.weight": np.zeros((8, 32), np.float16)}), "m.weight must be uint8"),
    (lambda a: a.update({"m.weight_scale": np.ones((8, 2), np.float16)}),
     "m.weight_scale must be float8_e4m3fn, got float16"),
    (lambda a: a.update({"m.weight_scale_2": np.ones(2, np.float32)}), "a float32 scalar"),
    (lambda a: a.update({"m.weight_scale_2": np.array(-1.0, np.float32)}), "positive and finite"),
])
def test_bad_modelopt_files(tmp_path, rng, mutate, message):
    arrays = mo_arrays(rng)
    mutate(arrays)
    with pytest.raises(checkpoint.CheckpointFormatError, match=message):
        msio.load(write(tmp_path, arrays))


@pytest.mark.parametrize("tensors, message", [
    ({"w_blocks": np.zeros((2, 1, 16), np.uint8)}, "'w_scales' is missing"),
    ({"w.blocks": np.zeros((2, 1, 16), np.uint8)}, "'w.scales' is missing"),
    ({"w_blocks": np.zeros((2, 1, 8), np.uint8), "w_scales": np.zeros((2, 1), np.uint8)},
     "16 bytes = one block of 32"),
    ({"w_blocks": np.zeros((2, 16), np.uint8), "w_scales": np.zeros((2,), np.uint8)},
     "must be uint8 \\[..., rows, cols / 32, 16\\]"),
    ({"w_blocks": np.zeros((2, 1, 16), np.float16), "w_scales": np.zeros((2, 1), np.uint8)},
     "must be uint8"),
    ({"w_blocks": np.zeros((2, 1, 16), np.uint8), "w_scales": np.zeros((2, 2), np.uint8)},
     "w_scales must be uint8 \\(E8M0\\) \\[2, 1\\]"),
    ({"w_blocks": np.zeros((2, 1, 16), np.uint8),
      "w_scales": np.zeros((2, 1), ml_dtypes.float8_e4m3fn)}, "w_scales must be uint8"),
    ({"w_blocks": np.zeros((2, 1, 16), np.uint8), "w_scales": np.zeros((2, 1), np.uint8),
      "w": np.zeros(3, np.float32)}, "both a plain tensor and a quantized weight"),
])
def test_bad_gpt_oss_files(tmp_path, tensors, message):
    with pytest.raises(checkpoint.CheckpointFormatError, match=message):
        msio.load(write(tmp_path, tensors))


@pytest.mark.parametrize("fmt, tensors, message", [
    ("compressed-tensors", {"a.weight": ("mxfp4", (8, 32))}, "holds nvfp4 .* only"),
    ("compressed-tensors", {"a.weight": ("nvfp4", (2, 8, 32))}, "2-D \\[rows, cols\\]"),
    ("compressed-tensors", {"a": ("nvfp4", (8, 32))}, "must be '<module>.weight'"),
    ("modelopt", {"a.weight": ("mxfp4", (8, 32))}, "holds nvfp4 .* only"),
    ("modelopt", {"a.weight": ("nvfp4", (2, 8, 32))}, "2-D \\[rows, cols\\]"),
    ("modelopt", {"a_proj": ("nvfp4", (8, 32))}, "must be '<module>.weight'"),
    ("gpt-oss", {"a": ("nvfp4", (8, 32))}, "holds mxfp4 .* only"),
    ("gpt-oss", {"a": (ms.Scheme("e2m1", block_size=64), (8, 64))}, "holds mxfp4 .* only"),
    ("gpt-oss", {"a": ("mxfp6_e2m3", (8, 32))}, "holds mxfp4 .* only"),
    ("gpt-oss", {"a": ("mxfp4", (32,))}, "rank >= 2"),
    ("safetensors", {"a": ("mxfp4", (8, 32))}, "unknown format"),
])
def test_save_rejects_what_the_format_cannot_hold(tmp_path, rng, fmt, tensors, message):
    qts = {name: ms.quantize(rng.standard_normal(shape).astype(np.float32), scheme)
           for name, (scheme, shape) in tensors.items()}
    with pytest.raises(ValueError, match=message):
        msio.save(tmp_path / "out.safetensors", qts, format=fmt)
    assert not (tmp_path / "out.safetensors").exists()


def test_save_rejects_key_collisions_and_bad_values(tmp_path, rng):
    q = ms.quantize(rng.standard_normal((8, 32)).astype(np.float32), "nvfp4")
    with pytest.raises(ValueError, match="'a.weight_packed'"):
        msio.save(tmp_path / "o.safetensors", {"a.weight": q, "a.weight_packed": np.zeros(2)})
    with pytest.raises(ValueError, match="cannot be stored"):
        msio.save(tmp_path / "o.safetensors", {"s": np.array(["x"])})
    with pytest.raises(ValueError, match="strings to strings"):
        msio.save(tmp_path / "o.safetensors", {"a.weight": q}, metadata={"k": 1})
    # amax / 2688 underflows to 0: the decode global has no reciprocal to store.
    tiny = ms.quantize(np.full((1, 16), 1e-42, np.float32), "nvfp4")
    with pytest.raises(ValueError, match="no finite f32 reciprocal"):
        msio.save(tmp_path / "o.safetensors", {"a.weight": tiny})


def test_float_tensor_named_blocks_is_a_plain_tensor(tmp_path):
    # Only a uint8 "_blocks" tensor or a (_blocks, _scales) pair claims the gpt-oss layout.
    path = write(tmp_path, {"conv_blocks": np.ones((2, 3), np.float32)})
    loaded = msio.load(path)
    assert list(loaded) == ["conv_blocks"] and loaded["conv_blocks"].dtype == np.float32


def test_bad_files(tmp_path):
    with pytest.raises(FileNotFoundError):
        msio.load(tmp_path / "missing.safetensors")
    junk = tmp_path / "junk.safetensors"
    junk.write_bytes(b"not a safetensors file at all")
    with pytest.raises(ValueError, match="not a valid safetensors file"):
        msio.load(junk)
    c64 = tmp_path / "c64.safetensors"
    safetensors.numpy.save_file({"z": np.zeros(2, np.complex64)}, str(c64))
    with pytest.raises(ValueError, match="'z' has safetensors dtype C64"):
        msio.load(c64)
