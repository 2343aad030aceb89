"""Tokenization with the ``tokenizers`` package from a model's tokenizer.json.

The file's own truncation and padding settings are replaced: sequences are
truncated to the sentence-transformers max_seq_length and never padded (the
encoder packs real tokens only).
"""

import os

from tokenizers import Tokenizer as _HFTokenizer


class Tokenizer:
    """Sentences -> encodings (``.ids``, ``.type_ids``) of at most max_length tokens."""

    def __init__(self, path, max_length):
        if not os.path.isfile(path):
            raise FileNotFoundError(f"no tokenizer.json in {os.path.dirname(path) or '.'}")
        try:
            self._tokenizer = _HFTokenizer.from_file(os.fspath(path))
        except Exception as e:  # tokenizers raises plain Exceptions on a bad file
            raise ValueError(f"{path}: not a tokenizer the tokenizers package reads ({e})") from None
        self.max_length = int(max_length)
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(self.max_length)

    def encode(self, sentences):
        """The encodings of a list of str, special tokens ([CLS], [SEP]) added."""
        return self._tokenizer.encode_batch(list(sentences))
