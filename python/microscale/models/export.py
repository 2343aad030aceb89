"""A quantized model's weights file and the ``quantization_config`` of its config.json.

Each scheme is written in the layout other tools read where one exists
(:mod:`microscale.checkpoint` has the layouts and their sources):

- NVFP4 (blocks of 16): compressed-tensors as llm-compressor exports it,
  ``<m>.weight_packed`` / ``weight_scale`` / ``weight_global_scale`` and a
  ``quant_method: compressed-tensors`` config whose one group has
  ``format: nvfp4-pack-quantized`` and 4-bit float weights in groups of 16
  (``strategy: tensor_group``) with unquantized activations (the NVFP4A16
  scheme: the activations here stay f32 or bf16);
- MXFP4 (blocks of 32): gpt-oss, ``<m>.weight_blocks`` / ``weight_scales`` and
  ``quant_method: mxfp4``;
- any other scheme (MXFP8, MXFP6, MXINT8, custom block sizes): microscale's
  layout, ``<m>.weight_data`` / ``weight_scales`` [/ ``weight_global``] and
  ``quant_method: microscale`` with the scheme spelled out.

The file's metadata also records the E8M0 scale rule (neither published
layout does), and for NVFP4 the exact decode globals (:mod:`microscale.io`),
so that a saved model loads back bit for bit.
"""

import dataclasses

import numpy as np

from .. import checkpoint, io
from ..quantize import QuantizedTensor
from ..schemes import SCHEMES, Scheme

COMPRESSED_TENSORS, GPT_OSS, MICROSCALE = "compressed-tensors", "gpt-oss", "microscale"

_NVFP4_FORMAT = "nvfp4-pack-quantized"
_RULE_META = "microscale.scale_rounding"


def layout(scheme):
    """The layout a scheme is written in."""
    if scheme == SCHEMES["nvfp4"]:
        return COMPRESSED_TENSORS
    if scheme == SCHEMES["mxfp4"]:
        return GPT_OSS
    return MICROSCALE


def quantization_config(scheme):
    """The config.json ``quantization_config`` of Linear weights under `scheme`."""
    kind = layout(scheme)
    if kind == COMPRESSED_TENSORS:
        weights = {"num_bits": 4, "type": "float", "symmetric": True,
                   "strategy": "tensor_group", "group_size": scheme.block_size,
                   "dynamic": False, "actorder": None, "block_structure": None,
                   "observer": "minmax", "observer_kwargs": {}}
        return {"quant_method": "compressed-tensors", "format": _NVFP4_FORMAT,
                "quantization_status": "compressed", "global_compression_ratio": None,
                "ignore": [], "kv_cache_scheme": None,
                "config_groups": {"group_0": {"targets": ["Linear"], "format": _NVFP4_FORMAT,
                                              "weights": weights, "input_activations": None,
                                              "output_activations": None}}}
    if kind == GPT_OSS:
        return {"quant_method": "mxfp4", "modules_to_not_convert": []}
    return {"quant_method": "microscale", "targets": ["Linear"],
            "scheme": {"name": scheme.name, "element": scheme.element,
                       "block_size": scheme.block_size, "scale": scheme.scale}}


def scheme_from_config(qc):
    """The Scheme a ``quantization_config`` describes; ValueError for one not written here."""
    if not isinstance(qc, dict):
        raise ValueError(f"quantization_config must be an object, got {type(qc).__name__}")
    method = qc.get("quant_method")
    if method == "compressed-tensors":
        groups = list((qc.get("config_groups") or {}).values())
        formats = {g.get("format", qc.get("format")) for g in groups}
        sizes = {(g.get("weights") or {}).get("group_size") for g in groups}
        if formats != {_NVFP4_FORMAT} or sizes != {SCHEMES["nvfp4"].block_size}:
            raise ValueError(
                f"quantization_config: compressed-tensors format(s) {sorted(map(str, formats))} "
                f"with group size(s) {sorted(map(str, sizes))} are not supported (only "
                f"{_NVFP4_FORMAT} in groups of 16)")
        return SCHEMES["nvfp4"]
    if method == "mxfp4":
        return SCHEMES["mxfp4"]
    if method == "microscale":
        spec = qc.get("scheme")
        if not isinstance(spec, dict):
            raise ValueError("quantization_config: quant_method microscale needs a 'scheme' object")
        try:
            return Scheme(spec["element"], spec["block_size"], spec["scale"])
        except KeyError as e:
            raise ValueError(f"quantization_config.scheme has no {e.args[0]!r}") from None
    raise ValueError(f"unknown quantization_config quant_method {method!r}; expected "
                     f"compressed-tensors (NVFP4), mxfp4 or microscale")


def weight_arrays(weights, dense, scheme):
    """(arrays, metadata) of the weights file: quantized Linear weights
    {module: QuantizedTensor} in the scheme's layout and the dense tensors
    {name: array} as they are."""
    kind = layout(scheme)
    rules = {q.scale_rounding for q in weights.values()} - {None}
    metadata = {_RULE_META: rules.pop()} if len(rules) == 1 else {}
    if kind == MICROSCALE:
        arrays = {}
        for module, q in weights.items():
            arrays.update(checkpoint.to_microscale(module, q))
        for name, arr in dense.items():
            if name in arrays:
                raise ValueError(f"two tensors would be stored under the key {name!r}")
            arrays[name] = np.ascontiguousarray(arr)
        return arrays, metadata
    tensors = {f"{module}.weight": q for module, q in weights.items()}
    tensors.update(dense)
    arrays, extra = io.to_arrays(tensors, kind)
    metadata.update(extra)
    return arrays, metadata


def save(path, weights, dense, scheme):
    """Writes the weights file (safetensors) of :func:`weight_arrays`."""
    arrays, metadata = weight_arrays(weights, dense, scheme)
    io.save(path, arrays, metadata=metadata)


def load(path, modules, scheme):
    """({module: QuantizedTensor}, {name: array}) of a weights file written in
    `scheme`'s layout; `modules` are the Linear modules whose weights are quantized.

    Raises ValueError (CheckpointFormatError for layout problems) naming the
    tensor: a missing companion, a wrong dtype or shape, a weight stored in
    another scheme than the config says.
    """
    arrays, metadata = io.read_arrays(path)
    rule = metadata.get(_RULE_META)
    kind = layout(scheme)
    weights = {}
    if kind == MICROSCALE:
        for module in modules:
            weights[module] = checkpoint.from_microscale(arrays, module, scheme)
            for suffix in (checkpoint.MS_DATA, checkpoint.MS_SCALES, checkpoint.MS_GLOBAL):
                arrays.pop(f"{module}.{suffix}", None)
        dense = arrays
    else:
        tensors = io._convert(arrays, metadata)
        for module in modules:
            q = tensors.pop(f"{module}.weight", None)
            if q is None:
                raise checkpoint.CheckpointFormatError(
                    f"{path}: the quantized weight of {module!r} is missing")
            if not isinstance(q, QuantizedTensor) or q.scheme != scheme:
                got = q.scheme if isinstance(q, QuantizedTensor) else f"a plain {q.dtype} array"
                raise checkpoint.CheckpointFormatError(
                    f"{path}: {module}.weight should be {scheme} as config.json says, got {got}")
            weights[module] = q
        dense = tensors
    if rule is not None and scheme.scale == "e8m0":
        weights = {m: dataclasses.replace(q, scale_rounding=rule) for m, q in weights.items()}
    return weights, dense
