"""Per-layer quantization quality of a model's weights: ``python -m microscale.analyze``.

Quantizes every 2-D floating-point weight matrix of a safetensors file (or
random Gaussian matrices, ``--random``) with each chosen scheme and block
size, and reports per layer the MSE, SNR (dB), max error, effective bits
per element, outlier ratio and block crest factor (all defined in
:mod:`microscale.quality`) as a text table, optionally as CSV and as PNG
plots, followed by a per-scheme summary over all layers (SNR of the whole
model: all layers' signal over all layers' noise; bits: the element-weighted
mean).

    python -m microscale.analyze model.safetensors --schemes mxfp4,nvfp4,int4
    python -m microscale.analyze --random 1024x4096,4096x1024 --block-sizes 16,32,64,128
    python -m microscale.analyze model.safetensors --csv q.csv --plots plots/
    python -m microscale.analyze model.safetensors --match attention --max-layers 4
    python -m microscale.analyze --random 512x512 --schemes mxfp4,e1m2,e3m0,e2m2 --plots plots/

Schemes: the named microscale schemes (mxfp4, nvfp4, mxfp6_e2m3, mxfp6_e3m2,
mxfp8_e4m3, mxfp8_e5m2, mxint8) and ``int4``, a classic symmetric INT4
group quantization with fp16 absmax/7 scales, for comparison, and custom
element formats (``e1m2``, ``e3m0``, ``e2m2_b2``, ``e4m3_inf``: sign + E
exponent + M mantissa bits, optional bias, optional Inf/NaN reservation; see
microscale.formats.custom_format) in E8M0-scaled blocks as MX does, so
E1M2 sits next to E2M1 (mxfp4) in one table and plot. Without
``--block-sizes`` each scheme runs at its own block size (16 for nvfp4, 32
for the others, int4 included); with it, every scheme runs at every listed
size as a custom scheme (``microscale.Scheme`` with that block size: the
same numerics the named scheme has at its own size).

Matrices whose last dimension is not a multiple of a block size are skipped
for that block size (and said so on stderr); nothing is padded.
"""

import argparse
import csv
import math
import os
import re
import sys

import numpy as np

from . import quality
from ._arrays import FLOAT_DTYPES
from ._progress import Progress
from .formats import get_format
from .io import read_arrays
from .scales import SCALE_RULES
from .schemes import resolve_scheme

DEFAULT_SCHEMES = ("mxfp4", "nvfp4", "mxfp6_e2m3", "mxfp8_e4m3", "int4")

#: Columns of the per-layer table and CSV, in order.
COLUMNS = ("layer", "rows", "cols", "scheme", "block_size", "bits_per_element",
           "mse", "snr_db", "max_error", "outlier_ratio", "block_crest")


class UsageError(ValueError):
    """A command line or input the tool cannot work with."""


def _natural_key(name):
    # "layer.10" after "layer.9": digit runs compare as numbers.
    return [(0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.split(r"(\d+)", name)]


def load_weights(path):
    """[(name, float32 matrix)] of the 2-D floating-point tensors in a safetensors file."""
    if not os.path.isfile(path):
        raise UsageError(f"no such file: {path}")
    arrays, _ = read_arrays(path)
    weights = [(name, arr) for name, arr in arrays.items()
               if arr.ndim == 2 and np.dtype(arr.dtype.type) in FLOAT_DTYPES]
    if not weights:
        raise UsageError(
            f"{path} holds no 2-D floating-point (f16, bf16, f32, f64) weight matrices")
    weights.sort(key=lambda item: _natural_key(item[0]))
    return [(name, np.asarray(arr, dtype=np.float32)) for name, arr in weights]


def parse_random(spec):
    """[(rows, cols)] of a ``ROWSxCOLS[,ROWSxCOLS...]`` string."""
    shapes = []
    for part in spec.split(","):
        m = re.fullmatch(r"\s*(\d+)\s*[xX]\s*(\d+)\s*", part)
        if not m or int(m.group(1)) == 0 or int(m.group(2)) == 0:
            raise UsageError(
                f"--random expects ROWSxCOLS[,ROWSxCOLS...] with positive sizes, got {part!r}")
        shapes.append((int(m.group(1)), int(m.group(2))))
    return shapes


def random_weights(shapes, seed):
    """Standard normal float32 matrices named random.0, random.1..."""
    rng = np.random.default_rng(seed)
    return [(f"random.{i}", rng.standard_normal(shape, dtype=np.float32))
            for i, shape in enumerate(shapes)]


def parse_schemes(spec):
    names = [s.strip() for s in spec.split(",") if s.strip()]
    unknown = [n for n in names if n not in quality.SCHEME_NAMES and not quality.is_custom(n)]
    if not names or unknown:
        raise UsageError(
            f"unknown scheme(s) {', '.join(unknown) or '(none given)'}; "
            f"choose from {', '.join(quality.SCHEME_NAMES)} or a custom element format "
            f"e<E>m<M>[_b<bias>][_inf] (e.g. e1m2, e3m0, e2m2_b2, e4m3_inf)")
    for name in names:
        if quality.is_custom(name):
            try:
                get_format(name)
            except ValueError as e:
                raise UsageError(str(e)) from None
    return list(dict.fromkeys(names))


def parse_block_sizes(spec):
    try:
        sizes = [int(s) for s in spec.split(",")]
    except ValueError:
        raise UsageError(f"--block-sizes expects integers like 16,32,64, got {spec!r}") from None
    if not sizes or any(s <= 0 for s in sizes):
        raise UsageError(f"--block-sizes must be positive, got {spec!r}")
    return list(dict.fromkeys(sizes))


def configs(schemes, block_sizes=None):
    """[(scheme, block size)]: each scheme at its own size or at every given size.

    Raises UsageError for a block size a scheme cannot have (a 6-bit element
    needs a multiple of 4, a 4-bit one a multiple of 2).
    """
    out = []
    for name in schemes:
        if name == quality.INT4:
            native = quality.INT4_DEFAULT_GROUP
        elif quality.is_custom(name):
            native = quality.CUSTOM_DEFAULT_BLOCK
        else:
            native = resolve_scheme(name).block_size
        for bs in block_sizes or [native]:
            if name != quality.INT4 and not quality.is_custom(name):
                try:
                    resolve_scheme(name, bs)
                except ValueError as e:
                    raise UsageError(f"{name} at block size {bs}: {e}") from None
            out.append((name, bs))
    return out


def analyze(weights, config_list, scale_rounding=None, progress=None, skipped=None):
    """Per-layer metric rows (dicts with :data:`COLUMNS`, plus the raw sums
    ``signal`` and ``noise`` for the summary).

    skipped: a dict that receives {block size: [names of the matrices whose
    column count it does not divide]}.
    """
    rows = []
    for name, x in weights:
        if not np.all(np.isfinite(x)):
            raise UsageError(f"layer {name} holds NaN or Inf; its quality is undefined")
        x64 = x.astype(np.float64)
        signal = float(np.sum(x64 * x64))
        outliers = quality.outlier_ratio(x64)
        for scheme, bs in config_list:
            if progress is not None:
                progress.begin(f"{name} {scheme}@{bs}")
            if x.shape[-1] % bs:
                if skipped is not None and name not in skipped.setdefault(bs, []):
                    skipped[bs].append(name)
                if progress is not None:
                    progress.end()
                continue
            x_hat = quality.quantize_dequantize(x, scheme, bs, scale_rounding)
            m = quality.error_metrics(x64, x_hat)
            rows.append({
                "layer": name, "rows": x.shape[0], "cols": x.shape[1],
                "scheme": scheme, "block_size": bs,
                "bits_per_element": quality.effective_bits(scheme, x.size, bs),
                **m, "outlier_ratio": outliers,
                "block_crest": quality.block_crest(x64, bs),
                "signal": signal, "noise": m["mse"] * x.size,
            })
            if progress is not None:
                progress.end()
    return rows


def summarize(rows):
    """Per (scheme, block size): layers, elements, model SNR, mean bits, worst layer."""
    groups = {}
    for r in rows:
        groups.setdefault((r["scheme"], r["block_size"]), []).append(r)
    out = []
    for (scheme, bs), rs in groups.items():
        n = sum(r["rows"] * r["cols"] for r in rs)
        noise = sum(r["noise"] for r in rs)
        signal = sum(r["signal"] for r in rs)
        worst = min(rs, key=lambda r: r["snr_db"])
        out.append({
            "scheme": scheme, "block_size": bs, "layers": len(rs), "elements": n,
            "snr_db": math.inf if noise == 0 else 10 * math.log10(signal / noise),
            "mean_layer_snr_db": float(np.mean([r["snr_db"] for r in rs])),
            "bits_per_element": sum(r["bits_per_element"] * r["rows"] * r["cols"]
                                    for r in rs) / n,
            "worst_layer": worst["layer"], "worst_snr_db": worst["snr_db"],
        })
    return out


def _fmt(value, column):
    if column in ("mse", "max_error"):
        return f"{value:.3e}"
    if column == "outlier_ratio":
        return f"{100 * value:.3f}%"
    if isinstance(value, float):
        return f"{value:.2f}" if column != "bits_per_element" else f"{value:.3f}"
    return str(value)


def format_table(records, columns):
    """A fixed-width text table of `records` (dicts) in `columns`."""
    cells = [[_fmt(r[c], c) for c in columns] for r in records]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]

    def line(vals):  # the first column left-aligned, numbers right-aligned
        return "  ".join(v.ljust(w) if i == 0 else v.rjust(w)
                         for i, (v, w) in enumerate(zip(vals, widths)))

    return "\n".join([line(columns), line(["-" * w for w in widths])] + [line(c) for c in cells])


def write_csv(rows, path):
    """The per-layer rows as CSV with :data:`COLUMNS` (full precision)."""
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def build_parser():
    p = argparse.ArgumentParser(
        prog="python -m microscale.analyze",
        description="Per-layer quantization quality (MSE, SNR, max error, effective bits, "
                    "outliers) of a safetensors file's weight matrices or of random ones.")
    p.add_argument("path", nargs="?", help="a .safetensors file (all 2-D float tensors)")
    p.add_argument("--random", metavar="ROWSxCOLS[,...]",
                   help="analyze standard normal matrices of these shapes instead of a file")
    p.add_argument("--schemes", default=",".join(DEFAULT_SCHEMES),
                   help=f"comma-separated, from {', '.join(quality.SCHEME_NAMES)}, or custom "
                        f"element formats e<E>m<M>[_b<bias>][_inf] in E8M0-scaled blocks "
                        f"(default: %(default)s)")
    p.add_argument("--block-sizes", metavar="N[,N...]",
                   help="run every scheme at each of these block sizes (custom schemes) "
                        "instead of its own")
    p.add_argument("--scale-rounding", choices=SCALE_RULES, default="floor",
                   help="E8M0 scale rule of the MX schemes (default: %(default)s)")
    p.add_argument("--seed", type=int, default=0, help="seed of --random (default: 0)")
    p.add_argument("--match", metavar="REGEX",
                   help="analyze only the matrices whose name contains a match of REGEX")
    p.add_argument("--max-layers", type=int, metavar="N",
                   help="analyze only the first N matrices (in natural name order)")
    p.add_argument("--csv", metavar="FILE", help="also write the per-layer table as CSV")
    p.add_argument("--plots", metavar="DIR", help="also write PNG plots into DIR")
    p.add_argument("--progress", choices=("auto", "always", "never"), default="auto",
                   help="progress bar on stderr: auto = when stderr is a terminal")
    p.add_argument("--quiet", action="store_true",
                   help="print only the summary, not the per-layer table")
    return p


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if (args.path is None) == (args.random is None):
            raise UsageError("give either a safetensors file or --random ROWSxCOLS[,...]")
        if args.max_layers is not None and args.max_layers <= 0:
            raise UsageError(f"--max-layers must be positive, got {args.max_layers}")
        config_list = configs(parse_schemes(args.schemes),
                              parse_block_sizes(args.block_sizes) if args.block_sizes else None)
        weights = (random_weights(parse_random(args.random), args.seed) if args.random
                   else load_weights(args.path))
        if args.match is not None:
            try:
                pattern = re.compile(args.match)
            except re.error as e:
                raise UsageError(f"--match: bad regular expression {args.match!r} ({e})") from None
            weights = [(n, w) for n, w in weights if pattern.search(n)]
            if not weights:
                raise UsageError(f"no weight matrix name matches {args.match!r}")
        weights = weights[:args.max_layers]
        skipped = {}
        progress = Progress(len(weights) * len(config_list),
                            enabled={"auto": None, "always": True, "never": False}[args.progress])
        try:
            rows = analyze(weights, config_list, args.scale_rounding, progress, skipped)
        finally:
            progress.close()
        notes = [f"block size {bs}: skipped {len(names)} of {len(weights)} matrices whose "
                 f"column count it does not divide ({', '.join(names[:3])}"
                 f"{', ...' if len(names) > 3 else ''}); its summary covers the others only"
                 for bs, names in skipped.items()]
        if not rows:
            raise UsageError("no matrix could be quantized at the chosen block sizes: "
                             + "; ".join(notes))
    except (UsageError, ValueError) as e:
        parser.error(str(e))
    except FileNotFoundError as e:
        parser.error(f"no such file: {e.filename}")
    summary = summarize(rows)
    source = args.path or f"random {args.random} (seed {args.seed})"
    if not args.quiet:
        print(f"Per layer ({source}):")
        print(format_table(rows, COLUMNS))
        print()
    print(f"Summary over {len(weights)} matrices ({source}; SNR of all layers together):")
    print(format_table(summary, ("scheme", "block_size", "layers", "bits_per_element", "snr_db",
                                 "mean_layer_snr_db", "worst_snr_db", "worst_layer")))
    sys.stdout.flush()  # the notes on stderr come after the tables they explain
    for note in notes:
        print(note, file=sys.stderr)
    if args.csv:
        write_csv(rows, args.csv)
        print(f"wrote {args.csv}")
    if args.plots:
        from ._plots import write_plots  # matplotlib only when plots are asked for
        for path in write_plots(rows, summary, args.plots):
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
