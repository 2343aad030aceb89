"""Models running on compiled microscale kernels.

    from microscale.models import SentenceEncoder
    enc = SentenceEncoder.from_pretrained(model_dir, scheme="nvfp4")
    emb = enc.encode(["first sentence", "second"])

``python -m microscale.models.evaluate`` measures what each scheme costs
the embeddings of all-MiniLM-L6-v2.
"""

from .encoder import SentenceEncoder

__all__ = ["SentenceEncoder"]
