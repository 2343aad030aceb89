"""safetensors files <-> QuantizedTensor and plain arrays.

    tensors = microscale.io.load("model.safetensors")
    # {"model.layers.0.mlp.down_proj.weight": QuantizedTensor(nvfp4), ...,
    #  "model.norm.weight": np.ndarray, ...}
    microscale.io.save("out.safetensors", tensors, format="compressed-tensors")

:func:`load` recognises each quantized weight by its companion tensors
(see :mod:`microscale.checkpoint` for the layouts and their sources):

- compressed-tensors NVFP4: ``<m>.weight_packed`` + ``<m>.weight_scale`` +
  ``<m>.weight_global_scale`` -> ``"<m>.weight"``: an NVFP4 QuantizedTensor;
- ModelOpt NVFP4: ``<m>.weight`` (uint8) + ``<m>.weight_scale`` +
  ``<m>.weight_scale_2`` -> ``"<m>.weight"``: an NVFP4 QuantizedTensor;
- gpt-oss MXFP4: ``<w>_blocks`` + ``<w>_scales`` (or ``.blocks`` /
  ``.scales``) -> ``"<w>"``: an MXFP4 QuantizedTensor (a ``_blocks`` tensor
  claims this layout when it is uint8 or has its ``_scales`` companion; a
  lone float tensor that happens to end in ``_blocks`` stays an array);

and returns every other tensor as a NumPy array. :func:`save` writes the
reverse; the key of a quantized tensor must then be what :func:`load`
returns (``"<m>.weight"`` for the NVFP4 layouts), so that the two are
inverses.

Why not ``safetensors.numpy.load_file``: its dtype table lacks the float8
types (F8_E4M3, the compressed-tensors scale dtype, fails with an
AttributeError in safetensors 0.8), so files are read with
``safetensors.deserialize`` and dtypes are mapped here, float8 and bfloat16
to their ml_dtypes types. Writing uses ``safetensors.numpy.save_file``,
which names dtypes by their NumPy name and maps float8_e4m3fn to F8_E4M3.
Reading holds the whole file in memory once.

NVFP4 global scales: compressed-tensors stores 1 / global, and 1 / (1 / x)
is not x for about one f32 in six. :func:`save` therefore also records each
exact decode global in the file's string metadata (key
``microscale.global_scale.<m>.weight``, a float.hex string) and
:func:`load` uses it when it is consistent with the stored reciprocal, so a
tensor saved and loaded again is the same bit for bit. Files written by
other tools have no such entry and load with global = 1 / weight_global_scale
(one f32 division). compressed-tensors itself dequantizes as
q * (scale / global_scale), another rounding order than Numerics §3.5's
(q * scale) * global: values may differ in the last bit.
"""

import dataclasses
import os

import ml_dtypes
import numpy as np
import safetensors
import safetensors.numpy

from .checkpoint import (CT_GLOBAL, CT_PACKED, CT_SCALE, GPT_OSS_SUFFIXES, MO_GLOBAL,
                         MO_PACKED, MO_SCALE, CheckpointFormatError, from_compressed_tensors,
                         from_gpt_oss, from_modelopt, gpt_oss_keys, to_compressed_tensors,
                         to_gpt_oss, to_modelopt)
from .quantize import QuantizedTensor

#: Layouts :func:`save` writes quantized tensors in.
FORMATS = ("compressed-tensors", "modelopt", "gpt-oss")

_GLOBAL_META = "microscale.global_scale."
_WEIGHT = ".weight"

#: safetensors dtype names -> NumPy dtypes (little-endian, as the format is).
_DTYPES = {
    "F64": np.dtype("<f8"), "F32": np.dtype("<f4"), "F16": np.dtype("<f2"),
    "BF16": np.dtype(ml_dtypes.bfloat16),
    "F8_E4M3": np.dtype(ml_dtypes.float8_e4m3fn),
    "F8_E5M2": np.dtype(ml_dtypes.float8_e5m2),
    "I64": np.dtype("<i8"), "I32": np.dtype("<i4"), "I16": np.dtype("<i2"),
    "I8": np.dtype("i1"),
    "U64": np.dtype("<u8"), "U32": np.dtype("<u4"), "U16": np.dtype("<u2"),
    "U8": np.dtype("u1"), "BOOL": np.dtype("?"),
}


#: What :func:`save` accepts for plain arrays: exactly what :func:`load` reads.
_WRITABLE = frozenset(np.dtype(d.type) for d in _DTYPES.values())


def _array(name, info):
    dtype = _DTYPES.get(info["dtype"])
    if dtype is None:
        raise ValueError(
            f"tensor {name!r} has safetensors dtype {info['dtype']}, which microscale.io "
            f"does not read (known: {', '.join(_DTYPES)})")
    if dtype == np.dtype(ml_dtypes.bfloat16):  # ml_dtypes types have no byte order
        arr = np.frombuffer(info["data"], dtype="<u2").astype(np.uint16).view(dtype)
    else:
        arr = np.frombuffer(info["data"], dtype=dtype)
    return arr.reshape(info["shape"])


def read_arrays(path):
    """(arrays, metadata) of a safetensors file: every tensor as a NumPy array.

    Raises FileNotFoundError for a missing file and ValueError for a file
    that is not valid safetensors or holds a dtype it cannot map.
    """
    path = os.fspath(path)
    with open(path, "rb") as f:
        raw = f.read()
    try:
        entries = safetensors.deserialize(raw)
        with safetensors.safe_open(path, framework="np") as f:
            metadata = dict(f.metadata() or {})
    except safetensors.SafetensorError as e:
        raise ValueError(f"{path}: not a valid safetensors file ({e})") from None
    return {name: _array(name, info) for name, info in entries}, metadata


def _exact_global(metadata, name):
    text = metadata.get(_GLOBAL_META + name)
    if text is None:
        return None
    try:
        return float.fromhex(text)
    except ValueError:
        raise CheckpointFormatError(
            f"metadata {_GLOBAL_META + name!r} = {text!r} is not a float.hex string") from None


def _convert(arrays, metadata):
    """Groups companion tensors into QuantizedTensors; the rest stay arrays."""
    out, used = {}, set()
    for key in arrays:
        if key.endswith("." + CT_PACKED):
            module = key[: -len(CT_PACKED) - 1]
            name = module + _WEIGHT
            qt = from_compressed_tensors(arrays, module)
            exact = _exact_global(metadata, name)
            # The recorded global is used only while the stored reciprocal still
            # matches it (another tool may have rewritten the tensor since).
            with np.errstate(over="ignore", divide="ignore"):
                if exact is not None and np.float32(1.0) / np.float32(exact) == np.float32(
                        arrays[f"{module}.{CT_GLOBAL}"].reshape(())):
                    qt = dataclasses.replace(qt, global_scale=float(np.float32(exact)))
            used.update(f"{module}.{s}" for s in (CT_PACKED, CT_SCALE, CT_GLOBAL))
        elif key.endswith("." + MO_GLOBAL):
            module = key[: -len(MO_GLOBAL) - 1]
            out[module + _WEIGHT] = from_modelopt(arrays, module)
            used.update(f"{module}.{s}" for s in (MO_PACKED, MO_SCALE, MO_GLOBAL))
            continue  # its packed codes are stored under the weight's own name
        else:
            suffix = next((b for b, _ in GPT_OSS_SUFFIXES if key.endswith(b)), None)
            if suffix is None:
                continue
            name = key[: -len(suffix)]
            blocks_key, scales_key = gpt_oss_keys(arrays, name)
            if blocks_key != key:
                continue  # both spellings present: the transformers one is used
            if scales_key not in arrays and arrays[key].dtype != np.uint8:
                continue  # a float tensor that merely ends in "_blocks": not packed FP4
            qt = from_gpt_oss(arrays, name)
            used.update(gpt_oss_keys(arrays, name))
        if name in arrays:
            raise CheckpointFormatError(
                f"{name!r} is both a plain tensor and a quantized weight in this file")
        out[name] = qt
    for key, arr in arrays.items():
        if key not in used:
            out[key] = arr
    return out


def load(path):
    """Loads a safetensors file: ``{name: QuantizedTensor | np.ndarray}``.

    Quantized weights are recognised per tensor (compressed-tensors NVFP4,
    ModelOpt NVFP4, gpt-oss MXFP4); every other tensor comes back as an
    array, float8 and bfloat16 as ml_dtypes arrays. Raises FileNotFoundError for a missing
    file, and ValueError (CheckpointFormatError for a layout problem) naming
    the tensor for anything the layout does not allow: a missing companion
    tensor, a wrong dtype or shape, a negative NVFP4 block scale... An NVFP4
    block scale 0xFF (E4M3 -NaN) is read as a NaN block (scale 0x7F).
    """
    arrays, metadata = read_arrays(path)
    return _convert(arrays, metadata)


def to_arrays(tensors, format="compressed-tensors"):
    """(arrays, metadata) that :func:`save` writes for `tensors`.

    tensors: a mapping from name to QuantizedTensor or array-like.
    format: "compressed-tensors" or "modelopt" (NVFP4 tensors, names
        "<module>.weight") or "gpt-oss" (MXFP4 tensors).
    """
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
    arrays, metadata = {}, {}

    def put(key, arr):
        if key in arrays:
            raise ValueError(f"two tensors would be stored under the key {key!r}")
        arrays[key] = arr

    for name, value in tensors.items():
        if not isinstance(name, str) or not name:
            raise ValueError(f"tensor names must be non-empty strings, got {name!r}")
        if isinstance(value, QuantizedTensor):
            if format == "gpt-oss":
                parts = to_gpt_oss(name, value)
            elif not name.endswith(_WEIGHT) or name == _WEIGHT:
                raise ValueError(
                    f"{name!r}: {format} stores a module's weight with companions named "
                    f"after the module, so the name must be '<module>.weight'")
            elif format == "modelopt":
                parts = to_modelopt(name[: -len(_WEIGHT)], value)
            else:
                parts = to_compressed_tensors(name[: -len(_WEIGHT)], value)
                metadata[_GLOBAL_META + name] = float(value.global_scale).hex()
            for key, arr in parts.items():
                put(key, arr)
        else:
            arr = np.asarray(value)
            if np.dtype(arr.dtype.type) not in _WRITABLE:  # any byte order
                raise ValueError(
                    f"{name!r}: dtype {arr.dtype} cannot be stored (it could not be read back)")
            put(name, np.ascontiguousarray(arr))
    return arrays, metadata


def save(path, tensors, format="compressed-tensors", metadata=None):
    """Writes `tensors` (QuantizedTensor or arrays) to a safetensors file.

    format: the layout of the quantized tensors, "compressed-tensors" or
        "modelopt" (NVFP4 only; keys "<module>.weight") or "gpt-oss" (MXFP4
        only).
    metadata: extra string -> string entries for the file header.
    The header also gets ``format: pt`` (the layouts are PyTorch
    checkpoints'; Hugging Face loaders require the entry) and the exact
    NVFP4 decode globals (see the module docstring). Raises ValueError on a
    scheme the format cannot hold, a bad name or a key collision.
    """
    arrays, extra = to_arrays(tensors, format)
    header = {"format": "pt"}
    for key, value in (metadata or {}).items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise ValueError(f"metadata must map strings to strings, got {key!r}: {value!r}")
        header[key] = value
    header.update(extra)
    safetensors.numpy.save_file(arrays, os.fspath(path), metadata=header)
