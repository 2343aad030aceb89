"""The BERT encoder (Hugging Face ``BertModel``'s forward, no pooler) in NumPy float32.

Every projection is a :class:`~microscale.models.linear.Linear`, so the
weights are f32 or block-scaled as the encoder was built; embeddings,
LayerNorm, attention (softmax over masked scores) and GELU are float32 NumPy.

Tokens are kept packed, [T, hidden] for the T real tokens of a batch, so
the Linear layers never spend work on padding; only attention scatters them
into [batch, length, hidden] to multiply the sequences' queries and keys.
"""

import dataclasses
import math

import numpy as np

from .functions import gelu, layer_norm, softmax

#: The Linear modules of encoder layer i, as Hugging Face names them.
LAYER_LINEARS = ("attention.self.query", "attention.self.key", "attention.self.value",
                 "attention.output.dense", "intermediate.dense", "output.dense")

#: The other tensors of encoder layer i: LayerNorm weights and biases.
LAYER_NORMS = ("attention.output.LayerNorm", "output.LayerNorm")

EMBEDDINGS = ("embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
              "embeddings.token_type_embeddings.weight")


@dataclasses.dataclass(frozen=True)
class BertConfig:
    """What the forward needs of a Hugging Face BERT config.json."""

    vocab_size: int
    hidden_size: int
    num_hidden_layers: int
    num_attention_heads: int
    intermediate_size: int
    max_position_embeddings: int
    type_vocab_size: int
    layer_norm_eps: float

    @classmethod
    def from_dict(cls, config):
        """Reads a config.json dict; raises ValueError for one this forward cannot run."""
        if config.get("model_type", "bert") != "bert":
            raise ValueError(f"config.json: model_type {config.get('model_type')!r} is not bert")
        act = config.get("hidden_act", "gelu")
        if act != "gelu":
            raise ValueError(f"config.json: hidden_act {act!r} is not supported (only gelu)")
        position = config.get("position_embedding_type", "absolute")
        if position != "absolute":
            raise ValueError(f"config.json: position_embedding_type {position!r} is not "
                             f"supported (only absolute)")
        names = [f.name for f in dataclasses.fields(cls)]
        missing = [n for n in names if n not in config]
        if missing:
            raise ValueError(f"config.json has no {', '.join(map(repr, missing))}")
        out = cls(**{n: float(config[n]) if n == "layer_norm_eps" else int(config[n])
                     for n in names})
        if out.hidden_size % out.num_attention_heads:
            raise ValueError(f"config.json: hidden_size {out.hidden_size} is not a multiple of "
                             f"num_attention_heads {out.num_attention_heads}")
        return out

    def linear_shapes(self):
        """{module name: (out features, in features)} of every Linear."""
        h, i = self.hidden_size, self.intermediate_size
        shapes = {}
        for layer in range(self.num_hidden_layers):
            for name, shape in zip(LAYER_LINEARS, ((h, h), (h, h), (h, h), (h, h), (i, h), (h, i))):
                shapes[f"encoder.layer.{layer}.{name}"] = shape
        return shapes

    def dense_shapes(self):
        """{tensor name: shape} of every float32 tensor that is not a Linear weight."""
        h = self.hidden_size
        shapes = dict(zip(EMBEDDINGS, ((self.vocab_size, h), (self.max_position_embeddings, h),
                                       (self.type_vocab_size, h))))
        shapes["embeddings.LayerNorm.weight"] = shapes["embeddings.LayerNorm.bias"] = (h,)
        for module, (n, _) in self.linear_shapes().items():
            shapes[f"{module}.bias"] = (n,)
        for layer in range(self.num_hidden_layers):
            for norm in LAYER_NORMS:
                for part in ("weight", "bias"):
                    shapes[f"encoder.layer.{layer}.{norm}.{part}"] = (h,)
        return shapes


class Bert:
    """The forward of a BERT encoder: token ids -> last hidden states of the real tokens.

    config: a :class:`BertConfig`; dense: {name: float32 array} as
    :meth:`BertConfig.dense_shapes` lists; linears: {module name: Linear}.
    """

    def __init__(self, config, dense, linears):
        self.config = config
        self.dense = dense
        self.linears = linears

    def _norm(self, x, name):
        return layer_norm(x, self.dense[f"{name}.weight"], self.dense[f"{name}.bias"],
                          self.config.layer_norm_eps)

    def _attention(self, x, prefix, index, batch, length):
        """Self-attention over packed tokens x [T, h]; index: their flat positions in
        [batch, length]."""
        heads = self.config.num_attention_heads
        h = self.config.hidden_size
        d = h // heads

        def padded(name):
            out = np.zeros((batch * length, h), np.float32)
            out[index] = self.linears[f"{prefix}.attention.self.{name}"](x)
            return out.reshape(batch, length, heads, d).transpose(0, 2, 1, 3)

        q, k, v = padded("query"), padded("key"), padded("value")
        scores = q @ k.transpose(0, 1, 3, 2)
        scores *= np.float32(1.0 / math.sqrt(d))
        valid = np.zeros(batch * length, bool)
        valid[index] = True
        scores += np.where(valid.reshape(batch, 1, 1, length), np.float32(0), -np.inf)
        context = softmax(scores) @ v  # [batch, heads, length, d]
        context = context.transpose(0, 2, 1, 3).reshape(batch * length, h)[index]
        return self.linears[f"{prefix}.attention.output.dense"](context)

    def __call__(self, ids, type_ids, positions, index, batch, length):
        """Hidden states [T, h] of T packed tokens.

        ids, type_ids, positions: int arrays [T]; index: each token's flat
        position in [batch, length] (its row times length plus position).
        """
        d = self.dense
        x = (d["embeddings.word_embeddings.weight"][ids]
             + d["embeddings.position_embeddings.weight"][positions]
             + d["embeddings.token_type_embeddings.weight"][type_ids])
        x = self._norm(x, "embeddings.LayerNorm")
        for layer in range(self.config.num_hidden_layers):
            p = f"encoder.layer.{layer}"
            x = self._norm(self._attention(x, p, index, batch, length) + x,
                           f"{p}.attention.output.LayerNorm")
            inner = gelu(self.linears[f"{p}.intermediate.dense"](x))
            x = self._norm(self.linears[f"{p}.output.dense"](inner) + x, f"{p}.output.LayerNorm")
        return x
