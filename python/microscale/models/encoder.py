"""SentenceEncoder: a sentence-transformers BERT model whose Linear layers run
on compiled microscale kernels.

    enc = SentenceEncoder.from_pretrained(model_dir, scheme="nvfp4")  # None: f32
    emb = enc.encode(["first sentence", "second"], batch_size=32)     # (n, 384)
    enc.save_quantized(out_dir)
    enc2 = SentenceEncoder.from_pretrained(out_dir)                    # same scheme

A model directory is what sentence-transformers saves for a BERT model:
config.json, model.safetensors, tokenizer.json, sentence_bert_config.json
(max_seq_length) and 1_Pooling/config.json, which must ask for mean pooling.
The embedding is the mean of the last hidden states over the real tokens,
L2-normalized (the Pooling and Normalize modules of all-MiniLM-L6-v2).
"""

import json
import os
import shutil

import numpy as np

from .. import kernels
from ..quantize import QuantizedTensor, quantize
from ..schemes import resolve_scheme
from . import export
from .bert import Bert, BertConfig
from .linear import Linear, check_activations
from .tokenizer import Tokenizer

WEIGHTS_FILE = "model.safetensors"

#: Files of a sentence-transformers directory copied as they are by save_quantized.
_COPIED = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt",
           "sentence_bert_config.json", "config_sentence_transformers.json", "modules.json",
           os.path.join("1_Pooling", "config.json"))


def _read_json(path, what):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        raise FileNotFoundError(f"{what}: no {os.path.basename(path)} in "
                                f"{os.path.dirname(path) or '.'}") from None
    except json.JSONDecodeError as e:
        raise ValueError(f"{path}: not valid JSON ({e})") from None


def _check_pooling(model_dir):
    path = os.path.join(model_dir, "1_Pooling", "config.json")
    if not os.path.isfile(path):
        return  # no Pooling module saved: mean pooling, sentence-transformers' default
    pooling = _read_json(path, "pooling config")
    modes = sorted(k for k, v in pooling.items() if k.startswith("pooling_mode") and v)
    if modes != ["pooling_mode_mean_tokens"]:
        raise ValueError(f"{path}: only mean pooling is supported, the model asks for "
                         f"{', '.join(modes) or 'none'}")


def _max_seq_length(model_dir, config):
    path = os.path.join(model_dir, "sentence_bert_config.json")
    limit = config.max_position_embeddings
    if os.path.isfile(path):
        limit = min(limit, int(_read_json(path, "sentence-transformers config")
                               .get("max_seq_length", limit)))
    return limit


def _check_float32(dense, shapes, path):
    """The float32 tensors named in `shapes` {name: shape}, checked; other entries
    are ignored."""
    out = {}
    for name, shape in shapes.items():
        if name not in dense:
            raise ValueError(f"{path}: tensor {name!r} is missing")
        arr = dense[name]
        if isinstance(arr, QuantizedTensor):
            raise ValueError(f"{path}: {name!r} is quantized ({arr.scheme}), expected float32")
        if arr.dtype != np.float32:
            raise ValueError(f"{path}: {name!r} has dtype {arr.dtype}, expected float32")
        if arr.shape != shape:
            raise ValueError(f"{path}: {name!r} has shape {list(arr.shape)}, expected "
                             f"{list(shape)}")
        out[name] = arr
    return out


def _check_weights(weights, config, path):
    for module, shape in config.linear_shapes().items():
        q = weights[module]
        if tuple(q.shape) != shape:
            raise ValueError(f"{path}: {module}.weight has shape {list(q.shape)}, expected "
                             f"{list(shape)}")


def _global_for(global_scale, module):
    if isinstance(global_scale, dict):
        if module not in global_scale:
            raise ValueError(f"global_scale has no entry for {module!r}")
        return global_scale[module]
    return global_scale


class SentenceEncoder:
    """A BERT sentence encoder whose Linear weights are f32 or block-scaled.

    Build it with :meth:`from_pretrained`. ``scheme`` is the Scheme of the
    Linear weights (None: f32), ``weights`` {module: QuantizedTensor or
    float32 array}, ``max_seq_length`` the token limit (longer inputs are
    truncated, as sentence-transformers does).
    """

    def __init__(self, config, dense, weights, tokenizer, scheme, *, activations="f32",
                 max_seq_length=None, source_dir=None):
        check_activations(activations)
        self.config = config
        self.dense = dense
        self.weights = weights
        self.scheme = scheme
        self.activations = activations
        self.tokenizer = tokenizer
        self.max_seq_length = max_seq_length or config.max_position_embeddings
        self._source_dir = source_dir
        linears = {m: Linear(w, dense[f"{m}.bias"], activations) for m, w in weights.items()}
        self.model = Bert(config, dense, linears)

    @classmethod
    def from_pretrained(cls, model_dir, scheme=None, *, block_size=None, scale_rounding=None,
                        global_scale=None, activations="f32"):
        """Loads a sentence-transformers BERT directory.

        For f32 weights (model.safetensors without quantization_config):
        scheme None keeps them f32; a scheme name or Scheme (block_size
        overrides its block size) quantizes every Linear weight (round to
        nearest, ``microscale.quantize``), with ``scale_rounding`` for E8M0
        schemes and, for NVFP4-style ones, the globals computed per weight or
        given (``global_scale``: one decode-direction value for every weight,
        or {module: value}).
        A directory save_quantized wrote (config.json has a
        quantization_config) loads in its own scheme; a different one asked
        for is an error (a quantized model is not quantized again).
        activations: "f32" or "bf16", the type the Linear kernels read.

        Raises FileNotFoundError for a missing file and ValueError naming
        what is wrong: an unknown scheme or quantization_config, a tensor that
        is missing or has the wrong shape or dtype, an unsupported model.
        """
        check_activations(activations)
        model_dir = os.fspath(model_dir)
        raw_config = _read_json(os.path.join(model_dir, "config.json"), "model config")
        config = BertConfig.from_dict(raw_config)
        _check_pooling(model_dir)
        tokenizer = Tokenizer(os.path.join(model_dir, "tokenizer.json"),
                              _max_seq_length(model_dir, config))
        path = os.path.join(model_dir, WEIGHTS_FILE)
        if not os.path.isfile(path):
            raise FileNotFoundError(f"no {WEIGHTS_FILE} in {model_dir}")
        modules = list(config.linear_shapes())
        qc = raw_config.get("quantization_config")
        if qc is not None:
            stored = export.scheme_from_config(qc)
            if scheme is not None and resolve_scheme(scheme, block_size) != stored:
                raise ValueError(f"{model_dir} holds {stored} weights; it cannot be loaded as "
                                 f"{resolve_scheme(scheme, block_size)} (quantize the f32 "
                                 f"model instead)")
            kernels.scheme_type(stored)
            weights, dense = export.load(path, modules, stored)
            _check_weights(weights, config, path)
            dense = _check_float32(dense, config.dense_shapes(), path)
            return cls(config, dense, weights, tokenizer, stored, activations=activations,
                       max_seq_length=tokenizer.max_length, source_dir=model_dir)
        arrays, _ = export.io.read_arrays(path)
        weight_shapes = {f"{m}.weight": s for m, s in config.linear_shapes().items()}
        dense = _check_float32(arrays, config.dense_shapes(), path)
        f32 = _check_float32(arrays, weight_shapes, path)
        if scheme is None:
            if block_size is not None or scale_rounding is not None or global_scale is not None:
                raise ValueError("block_size, scale_rounding and global_scale need a scheme")
            weights = {m: f32[f"{m}.weight"] for m in modules}
            resolved = None
        else:
            resolved = resolve_scheme(scheme, block_size)
            kernels.scheme_type(resolved)  # the compiled kernels' rule: power-of-two blocks
            weights = {m: quantize(f32[f"{m}.weight"], resolved, scale_rounding=scale_rounding,
                                   global_scale=_global_for(global_scale, m))
                       for m in modules}
        return cls(config, dense, weights, tokenizer, resolved, activations=activations,
                   max_seq_length=tokenizer.max_length, source_dir=model_dir)

    def encode(self, sentences, batch_size=32, *, on_batch=None):
        """float32 embeddings [len(sentences), hidden], each of unit L2 norm.

        Sentences are encoded in batches of `batch_size`, shortest first (as
        sentence-transformers does, so batches hold similar lengths); the
        result is in the order given. on_batch(done, total), if given, is
        called after each batch (a progress bar's hook).
        """
        if isinstance(sentences, str):
            raise ValueError("encode takes a list of sentences, not one string")
        sentences = list(sentences)
        if not all(isinstance(s, str) for s in sentences):
            raise ValueError("every sentence must be a str")
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
        out = np.zeros((len(sentences), self.config.hidden_size), np.float32)
        encoded = self.tokenizer.encode(sentences)
        order = np.argsort([len(e.ids) for e in encoded], kind="stable")
        starts = range(0, len(order), batch_size)
        for done, start in enumerate(starts, 1):
            rows = order[start:start + batch_size]
            out[rows] = self._embed([encoded[i] for i in rows])
            if on_batch is not None:
                on_batch(done, len(starts))
        return out

    def _embed(self, encodings):
        lengths = np.array([len(e.ids) for e in encodings])
        batch, length = len(encodings), int(lengths.max())
        ids = np.concatenate([e.ids for e in encodings])
        type_ids = np.concatenate([e.type_ids for e in encodings])
        positions = np.concatenate([np.arange(n) for n in lengths])
        index = np.repeat(np.arange(batch) * length, lengths) + positions
        hidden = self.model(ids, type_ids, positions, index, batch, length)
        # Mean pooling per sentence (sums in f64), then L2 normalization.
        sums = np.add.reduceat(hidden.astype(np.float64), np.cumsum(lengths) - lengths, axis=0)
        pooled = sums / lengths[:, None]
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return (pooled / norms).astype(np.float32)

    def nbytes(self):
        """Bytes of the tensors the weights file holds (what save_quantized writes;
        f32 weights as float32)."""
        if self.scheme is None:
            return sum(a.nbytes for a in self.dense.values()) + sum(
                w.nbytes for w in self.weights.values())
        arrays, _ = export.weight_arrays(self.weights, self.dense, self.scheme)
        return sum(a.nbytes for a in arrays.values())

    def save_quantized(self, out_dir):
        """Writes a model directory: model.safetensors with the Linear weights in
        the scheme's layout (:mod:`microscale.models.export`), config.json with
        its quantization_config, and the tokenizer and sentence-transformers
        files of the directory the encoder was loaded from."""
        if self.scheme is None:
            raise ValueError("save_quantized needs a quantized encoder (scheme=None keeps f32 "
                             "weights; the source directory already holds them)")
        out_dir = os.fspath(out_dir)
        os.makedirs(out_dir, exist_ok=True)
        export.save(os.path.join(out_dir, WEIGHTS_FILE), self.weights, self.dense, self.scheme)
        raw = _read_json(os.path.join(self._source_dir, "config.json"), "model config")
        raw["quantization_config"] = export.quantization_config(self.scheme)
        with open(os.path.join(out_dir, "config.json"), "w", encoding="utf-8") as f:
            json.dump(raw, f, indent=2)
            f.write("\n")
        for name in _COPIED:
            src = os.path.join(self._source_dir, name)
            if os.path.isfile(src):
                os.makedirs(os.path.dirname(os.path.join(out_dir, name)), exist_ok=True)
                shutil.copyfile(src, os.path.join(out_dir, name))

