"""Published checkpoint tensor layouts <-> QuantizedTensor (arrays only, no files).

Three layouts, each a group of companion arrays per quantized weight:

compressed-tensors / llm-compressor NVFP4 ("nvfp4-pack-quantized"), for a
Linear module ``<name>`` whose weight is [rows, cols]:

    <name>.weight_packed        uint8          [rows, cols / 2]
    <name>.weight_scale         float8_e4m3fn  [rows, cols / 16]
    <name>.weight_global_scale  float32        [1]

Element 2i sits in the low nibble of byte i and 2i+1 in the high nibble
(``pack_fp4_to_uint8`` / ``unpack_fp4_from_uint8`` in compressed-tensors'
``nvfp4_quantized.py``, which stacks (low, high)); E2M1 codes 0x0-0x7 are
+{0, 0.5, 1, 1.5, 2, 3, 4, 6} and bit 3 is the sign, as in Numerics §1. This is
exactly Numerics §5's FP4 packing, so ``weight_packed`` is our ``data`` byte for
byte and ``weight_scale`` our UE4M3 scale bytes. The global scale is the
ENCODE direction, 2688 / amax (compressed-tensors dequantizes as
q * (scale / global_scale)), the reciprocal of ours (Numerics §3.2): converting
takes one f32 division each way, 1 / g.

ModelOpt NVFP4 (NVIDIA TensorRT Model Optimizer's Hugging Face export, as
vLLM's "modelopt_fp4" reads it), for a Linear module ``<name>``:

    <name>.weight          uint8          [rows, cols / 2]   the same packing
    <name>.weight_scale    float8_e4m3fn  [rows, cols / 16]
    <name>.weight_scale_2  float32        []                 the DECODE global

Here the global is ours, amax / 2688 (Numerics §3.2: x = q * scale *
weight_scale_2), so it round-trips exactly; the packed codes take the name
a dense weight would have, and only ``weight_scale_2`` tells them apart.

gpt-oss MXFP4 (OpenAI's gpt-oss checkpoints as Hugging Face transformers
loads them), for a weight ``<name>`` of shape [..., rows, cols]:

    <name>_blocks  uint8  [..., rows, cols / 32, 16]   two E2M1 codes per byte
    <name>_scales  uint8  [..., rows, cols / 32]       E8M0, exponent + 127

OpenAI's reference loader (gpt_oss/torch/weights.py) decodes the low nibble
of each byte as the even element and the high nibble as the odd one
(``out[:, 0::2] = lut[blk & 0x0F]; out[:, 1::2] = lut[blk >> 4]``) with the
same 16-entry E2M1 table, and scales by ``ldexp(v, scales - 127)``: again
Numerics §5 packing and Numerics §2 E8M0 codes, blocks of 32 along the last
axis. The original (non-transformers) gpt-oss files name the pair
``<name>.blocks`` / ``<name>.scales``; both spellings are read, the
transformers one is written. gpt-oss files do not record whether the
scales were chosen by rule floor or rceil, so a loaded tensor has
``scale_rounding=None``.

microscale's own layout, for the schemes no published layout holds (MXFP8,
MXFP6, MXINT8, custom block sizes), for a Linear module ``<name>``:

    <name>.weight_data    uint8    [..., rows, cols * bits / 8]   Numerics §5
    packing <name>.weight_scales  uint8    [..., rows, cols / block]      scale
    codes <name>.weight_global  float32  []    the decode global (UE4M3-scaled schemes only)

The arrays are our storage as it is; the scheme is not in the tensors, so
the reader is told it (a model directory's config.json records it).
"""

import ml_dtypes
import numpy as np

from .quantize import QuantizedTensor
from .scales import UE4M3_NAN
from .schemes import SCHEMES

NVFP4 = SCHEMES["nvfp4"]
MXFP4 = SCHEMES["mxfp4"]

#: compressed-tensors companion suffixes of one NVFP4 weight.
CT_PACKED, CT_SCALE, CT_GLOBAL = "weight_packed", "weight_scale", "weight_global_scale"

#: ModelOpt (NVIDIA TensorRT Model Optimizer) companion suffixes of one NVFP4 weight.
MO_PACKED, MO_SCALE, MO_GLOBAL = "weight", "weight_scale", "weight_scale_2"

#: gpt-oss companion suffixes: (blocks, scales) as transformers and as the
#: original checkpoints spell them; the first pair is the one written.
GPT_OSS_SUFFIXES = (("_blocks", "_scales"), (".blocks", ".scales"))

_E4M3 = np.dtype(ml_dtypes.float8_e4m3fn)
_E4M3_NEGATIVE_NAN = 0xFF
_GPT_OSS_BLOCK_BYTES = MXFP4.block_size // 2


class CheckpointFormatError(ValueError):
    """A checkpoint tensor group that does not follow its published layout."""


def _describe(arr):
    return f"{arr.dtype} {list(arr.shape)}"


def _require(tensors, key, what):
    if key not in tensors:
        raise CheckpointFormatError(f"{what}: companion tensor {key!r} is missing")
    arr = tensors[key]
    if not isinstance(arr, np.ndarray):
        raise CheckpointFormatError(f"{key!r} must be a NumPy array, got {type(arr).__name__}")
    return arr


def _check_name(name):
    if not isinstance(name, str) or not name:
        raise ValueError(f"a tensor name must be a non-empty string, got {name!r}")


def _check_scheme(qt, scheme, layout):
    if not isinstance(qt, QuantizedTensor):
        raise ValueError(f"expected a QuantizedTensor, got {type(qt).__name__}")
    if qt.scheme != scheme:
        raise CheckpointFormatError(
            f"the {layout} layout holds {scheme.name} ({scheme}) only, not {qt.scheme}")


# --- compressed-tensors NVFP4 ----------------------------------------------

def _nvfp4_parts(packed, scale, packed_key, scale_key):
    """(data, scale bytes) of NVFP4 packed codes and float8_e4m3fn block scales.

    Checks what compressed-tensors and ModelOpt share: packed uint8 [rows,
    cols / 2], scales float8_e4m3fn [rows, cols / 16], no negative scale.
    A scale byte 0xFF (E4M3 -NaN, which the exporters' float8 cast writes for
    a block holding -NaN) is a NaN block: it becomes the UE4M3 NaN 0x7F that
    Numerics §3.4 stores, and the block dequantizes to NaN as it does there.
    """
    if packed.dtype != np.uint8 or packed.ndim != 2:
        raise CheckpointFormatError(
            f"{packed_key} must be uint8 [rows, cols / 2], got {_describe(packed)}")
    rows, cols = packed.shape[0], 2 * packed.shape[1]
    if scale.dtype != _E4M3:
        hint = (" (uint8 scales are E8M0: an MX checkpoint, not NVFP4)"
                if scale.dtype == np.uint8 else "")
        raise CheckpointFormatError(f"{scale_key} must be float8_e4m3fn, got {scale.dtype}{hint}")
    if cols % NVFP4.block_size or scale.shape != (rows, cols // NVFP4.block_size):
        raise CheckpointFormatError(
            f"{scale_key} must be [rows, cols / 16] = [{rows}, {cols / NVFP4.block_size:g}] "
            f"for {packed_key} {list(packed.shape)} (cols = {cols}), got {list(scale.shape)}")
    scale_bytes = np.ascontiguousarray(scale).view(np.uint8).copy()
    scale_bytes[scale_bytes == _E4M3_NEGATIVE_NAN] = UE4M3_NAN
    negative = np.argwhere(scale_bytes & 0x80)
    if len(negative):
        row, block = (int(i) for i in negative[0])
        byte = int(scale_bytes[row, block])
        raise CheckpointFormatError(
            f"{scale_key} holds negative block scales ({len(negative)} of "
            f"{scale_bytes.size}; the first at [{row}, {block}] is 0x{byte:02X} = "
            f"{float(np.uint8(byte).view(_E4M3))!r}); NVFP4 scales are unsigned (UE4M3), "
            f"and of the sign-bit bytes only 0xFF (E4M3 -NaN, a NaN block) is read")
    return np.ascontiguousarray(packed), scale_bytes


def to_compressed_tensors(name, qt):
    """The compressed-tensors NVFP4 arrays of an NVFP4 [rows, cols] tensor.

    name: the module name; keys are ``<name>.weight_packed`` etc.
    Returns a dict of three NumPy arrays (the scale as ml_dtypes
    float8_e4m3fn). The stored global is 1 / qt.global_scale in f32; since
    1 / (1 / x) is not x for every f32, pass qt.global_scale back to
    :func:`from_compressed_tensors` to restore it exactly (``io.save``
    records it in the file's metadata for that reason).
    """
    _check_name(name)
    _check_scheme(qt, NVFP4, "compressed-tensors NVFP4")
    if len(qt.shape) != 2:
        raise CheckpointFormatError(
            f"compressed-tensors NVFP4 weights are 2-D [rows, cols], got shape {qt.shape}")
    with np.errstate(over="ignore", divide="ignore"):
        encode_global = np.float32(1.0) / np.float32(qt.global_scale)
    if not np.isfinite(encode_global):
        raise CheckpointFormatError(
            f"{name}: global scale {qt.global_scale!r} has no finite f32 reciprocal, "
            f"so compressed-tensors cannot store it")
    return {
        f"{name}.{CT_PACKED}": np.ascontiguousarray(qt.data),
        f"{name}.{CT_SCALE}": np.ascontiguousarray(qt.scales).view(_E4M3),
        f"{name}.{CT_GLOBAL}": np.array([encode_global], dtype=np.float32),
    }


def from_compressed_tensors(tensors, name, *, global_scale=None):
    """The NVFP4 QuantizedTensor of module ``name`` in compressed-tensors arrays.

    tensors: a mapping from key to NumPy array (e.g. a whole loaded file).
    global_scale: optionally the exact decode-direction global, checked to be
        consistent (its f32 reciprocal must equal ``weight_global_scale``);
        without it the global is 1 / weight_global_scale in f32.
    Raises CheckpointFormatError naming the tensor on a missing companion,
    a wrong dtype or shape, a negative block scale or a global that is not
    positive and finite with a finite reciprocal.
    A block scale 0xFF (E4M3 -NaN) is read as a NaN block (scale 0x7F).
    """
    _check_name(name)
    what = f"compressed-tensors NVFP4 weight {name!r}"
    packed = _require(tensors, f"{name}.{CT_PACKED}", what)
    scale = _require(tensors, f"{name}.{CT_SCALE}", what)
    glob = _require(tensors, f"{name}.{CT_GLOBAL}", what)
    data, scale_bytes = _nvfp4_parts(packed, scale, f"{name}.{CT_PACKED}", f"{name}.{CT_SCALE}")
    rows, cols = data.shape[0], 2 * data.shape[1]
    if glob.dtype != np.float32 or glob.shape not in ((1,), ()):
        raise CheckpointFormatError(
            f"{name}.{CT_GLOBAL} must be float32 [1], got {_describe(glob)}")
    encode_global = np.float32(glob.reshape(()))
    with np.errstate(over="ignore", divide="ignore"):
        decode_global = np.float32(1.0) / encode_global
    if not (np.isfinite(encode_global) and encode_global > 0 and np.isfinite(decode_global)):
        raise CheckpointFormatError(
            f"{name}.{CT_GLOBAL} must be positive and finite with a finite reciprocal, "
            f"got {float(encode_global)!r}")
    if global_scale is not None:
        given = np.float32(global_scale)
        with np.errstate(over="ignore", divide="ignore"):
            consistent = np.float32(1.0) / given == encode_global
        if not consistent:
            raise CheckpointFormatError(
                f"{name}: the given decode global {float(global_scale)!r} is not the "
                f"reciprocal of {name}.{CT_GLOBAL} = {float(encode_global)!r}")
        decode_global = given
    return QuantizedTensor(data, scale_bytes, float(decode_global), (rows, cols), NVFP4)


# --- ModelOpt NVFP4 ----------------------------------------------------------

def to_modelopt(name, qt):
    """The ModelOpt NVFP4 arrays of an NVFP4 [rows, cols] tensor of module ``name``.

    Keys ``<name>.weight`` (the packed codes), ``<name>.weight_scale`` and
    ``<name>.weight_scale_2`` (the decode global as an f32 scalar, exact).
    """
    _check_name(name)
    _check_scheme(qt, NVFP4, "ModelOpt NVFP4")
    if len(qt.shape) != 2:
        raise CheckpointFormatError(
            f"ModelOpt NVFP4 weights are 2-D [rows, cols], got shape {qt.shape}")
    return {
        f"{name}.{MO_PACKED}": np.ascontiguousarray(qt.data),
        f"{name}.{MO_SCALE}": np.ascontiguousarray(qt.scales).view(_E4M3),
        f"{name}.{MO_GLOBAL}": np.array(qt.global_scale, dtype=np.float32),
    }


def from_modelopt(tensors, name):
    """The NVFP4 QuantizedTensor of module ``name`` in ModelOpt arrays.

    Raises CheckpointFormatError naming the tensor on a missing companion,
    a wrong dtype or shape, a negative block scale or a ``weight_scale_2``
    that is not one positive finite f32.
    A block scale 0xFF (E4M3 -NaN) is read as a NaN block (scale 0x7F).
    """
    _check_name(name)
    what = f"ModelOpt NVFP4 weight {name!r}"
    packed = _require(tensors, f"{name}.{MO_PACKED}", what)
    scale = _require(tensors, f"{name}.{MO_SCALE}", what)
    glob = _require(tensors, f"{name}.{MO_GLOBAL}", what)
    data, scale_bytes = _nvfp4_parts(packed, scale, f"{name}.{MO_PACKED}", f"{name}.{MO_SCALE}")
    if glob.dtype != np.float32 or glob.shape not in ((), (1,)):
        raise CheckpointFormatError(
            f"{name}.{MO_GLOBAL} must be a float32 scalar, got {_describe(glob)}")
    decode_global = np.float32(glob.reshape(()))
    if not (np.isfinite(decode_global) and decode_global > 0):
        raise CheckpointFormatError(
            f"{name}.{MO_GLOBAL} must be positive and finite, got {float(decode_global)!r}")
    return QuantizedTensor(data, scale_bytes, float(decode_global),
                           (data.shape[0], 2 * data.shape[1]), NVFP4)


# --- gpt-oss MXFP4 ----------------------------------------------------------

def to_gpt_oss(name, qt):
    """The gpt-oss arrays ``<name>_blocks`` / ``<name>_scales`` of an MXFP4 tensor.

    qt: MXFP4 (E2M1, blocks of 32, E8M0) of shape [..., rows, cols], rank >= 2.
    """
    _check_name(name)
    _check_scheme(qt, MXFP4, "gpt-oss MXFP4")
    if len(qt.shape) < 2:
        raise CheckpointFormatError(
            f"gpt-oss MXFP4 weights have rank >= 2 ([..., rows, cols]), got shape {qt.shape}")
    lead, groups = qt.shape[:-1], qt.shape[-1] // MXFP4.block_size
    blocks_suffix, scales_suffix = GPT_OSS_SUFFIXES[0]
    return {
        name + blocks_suffix: np.ascontiguousarray(qt.data).reshape(
            lead + (groups, _GPT_OSS_BLOCK_BYTES)),
        name + scales_suffix: np.ascontiguousarray(qt.scales),
    }


def gpt_oss_keys(tensors, name):
    """(blocks key, scales key) of weight ``name`` in `tensors`, either spelling.

    The spelling is the one whose blocks key is present; its scales key must
    be there too. Raises CheckpointFormatError when no blocks key is found.
    """
    for blocks_suffix, scales_suffix in GPT_OSS_SUFFIXES:
        if name + blocks_suffix in tensors:
            return name + blocks_suffix, name + scales_suffix
    raise CheckpointFormatError(
        f"gpt-oss MXFP4 weight {name!r}: no {name + GPT_OSS_SUFFIXES[0][0]!r} "
        f"(or {name + GPT_OSS_SUFFIXES[1][0]!r}) tensor")


def from_gpt_oss(tensors, name):
    """The MXFP4 QuantizedTensor of gpt-oss weight ``name`` in `tensors`.

    Raises CheckpointFormatError naming the tensor on a missing companion,
    a dtype other than uint8, a blocks tensor whose last axis is not 16
    bytes (32 E2M1 elements) or scales whose shape is not the blocks' shape
    without that axis.
    """
    _check_name(name)
    blocks_key, scales_key = gpt_oss_keys(tensors, name)
    what = f"gpt-oss MXFP4 weight {name!r}"
    blocks = _require(tensors, blocks_key, what)
    scales = _require(tensors, scales_key, what)
    if blocks.dtype != np.uint8 or blocks.ndim < 3 or blocks.shape[-1] != _GPT_OSS_BLOCK_BYTES:
        raise CheckpointFormatError(
            f"{blocks_key} must be uint8 [..., rows, cols / 32, 16] (16 bytes = one block of "
            f"32 E2M1 codes), got {_describe(blocks)}")
    if scales.dtype != np.uint8 or scales.shape != blocks.shape[:-1]:
        raise CheckpointFormatError(
            f"{scales_key} must be uint8 (E8M0) {list(blocks.shape[:-1])}, the shape of "
            f"{blocks_key} without its last axis, got {_describe(scales)}")
    lead, groups = blocks.shape[:-2], blocks.shape[-2]
    data = np.ascontiguousarray(blocks).reshape(lead + (groups * _GPT_OSS_BLOCK_BYTES,))
    return QuantizedTensor(data, np.ascontiguousarray(scales),
                           None, lead + (groups * MXFP4.block_size,), MXFP4)


# --- microscale (any scheme) ---------------------------------------------

#: microscale-layout companion suffixes of one weight of any scheme.
MS_DATA, MS_SCALES, MS_GLOBAL = "weight_data", "weight_scales", "weight_global"


def to_microscale(name, qt):
    """The microscale-layout arrays of a QuantizedTensor of any scheme.

    name: the module name; keys are ``<name>.weight_data``,
    ``<name>.weight_scales`` and, for UE4M3-scaled schemes,
    ``<name>.weight_global`` (the decode global as an f32 scalar, exact).
    """
    _check_name(name)
    if not isinstance(qt, QuantizedTensor):
        raise ValueError(f"expected a QuantizedTensor, got {type(qt).__name__}")
    out = {f"{name}.{MS_DATA}": np.ascontiguousarray(qt.data),
           f"{name}.{MS_SCALES}": np.ascontiguousarray(qt.scales)}
    if qt.scheme.has_global:
        out[f"{name}.{MS_GLOBAL}"] = np.array(qt.global_scale, dtype=np.float32)
    return out


def from_microscale(tensors, name, scheme, *, scale_rounding=None):
    """The QuantizedTensor of module ``name`` in microscale-layout arrays.

    scheme: the :class:`~microscale.Scheme` the arrays hold (the layout does
        not record it). scale_rounding: the E8M0 rule to record, if known.
    Raises CheckpointFormatError naming the tensor on a missing companion,
    a dtype other than uint8 (float32 for the global), shapes that do not fit
    the scheme or each other, or a global that is not positive and finite.
    """
    _check_name(name)
    what = f"microscale {scheme} weight {name!r}"
    data_key, scales_key = f"{name}.{MS_DATA}", f"{name}.{MS_SCALES}"
    data = _require(tensors, data_key, what)
    scales = _require(tensors, scales_key, what)
    for key, arr in ((data_key, data), (scales_key, scales)):
        if arr.dtype != np.uint8 or arr.ndim < 1:
            raise CheckpointFormatError(f"{key} must be uint8 of rank >= 1, got {_describe(arr)}")
    glob = None
    if scheme.has_global:
        global_key = f"{name}.{MS_GLOBAL}"
        arr = _require(tensors, global_key, what)
        if arr.dtype != np.float32 or arr.shape not in ((), (1,)):
            raise CheckpointFormatError(
                f"{global_key} must be a float32 scalar, got {_describe(arr)}")
        glob = np.float32(arr.reshape(()))
        if not (np.isfinite(glob) and glob > 0):
            raise CheckpointFormatError(
                f"{global_key} must be positive and finite, got {float(glob)!r}")
        glob = float(glob)
    shape = scales.shape[:-1] + (scales.shape[-1] * scheme.block_size,)
    try:
        return QuantizedTensor(np.ascontiguousarray(data), np.ascontiguousarray(scales), glob,
                               shape, scheme, scale_rounding)
    except ValueError as e:
        raise CheckpointFormatError(
            f"{data_key} {list(data.shape)} and {scales_key} {list(scales.shape)} do not fit "
            f"{scheme} (shape {shape}): {e}") from None
