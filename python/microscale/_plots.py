"""PNG plots of the quality analysis (matplotlib, Agg backend: no display needed).

- snr_per_layer.png: SNR of every layer, one line per scheme and block size
  (each scheme its own colour, each block size its own marker and line
  style, so that every series can be told apart);
- block_size.png: the whole model's SNR and effective bits against block
  size (log2 axis), one line per scheme;
- snr_vs_bits.png: the whole model's SNR against effective bits, one point
  per scheme and block size: the cost/quality trade-off.
"""

import os

import matplotlib

matplotlib.use("Agg")  # before pyplot: files only, never a window
import matplotlib.pyplot as plt  # noqa: E402


def _label(scheme, block_size):
    return f"{scheme}@{block_size}"


_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
_LINESTYLES = ("-", "--", ":", "-.")


def _colours(n):
    """n distinct colours: tab10 while it suffices, else tab20, else a sampled hsv."""
    for name, size in (("tab10", 10), ("tab20", 20)):
        if n <= size:
            return [plt.get_cmap(name)(i) for i in range(n)]
    return [plt.get_cmap("hsv")(i / n) for i in range(n)]


def series_styles(keys):
    """{(scheme, block size): matplotlib style}: a colour per scheme, a marker and a
    line style per block size, so no two series look alike."""
    schemes = list(dict.fromkeys(k[0] for k in keys))
    sizes = sorted({k[1] for k in keys})
    colour = dict(zip(schemes, _colours(len(schemes))))
    return {(scheme, bs): {"color": colour[scheme],
                           "marker": _MARKERS[sizes.index(bs) % len(_MARKERS)],
                           "linestyle": _LINESTYLES[sizes.index(bs) % len(_LINESTYLES)]}
            for scheme, bs in keys}


def _short(name, limit=28):
    return name if len(name) <= limit else "…" + name[-(limit - 1):]


def _snr_per_layer(rows, path):
    layers = list(dict.fromkeys(r["layer"] for r in rows))
    index = {name: i for i, name in enumerate(layers)}
    series = {}
    for r in rows:
        series.setdefault((r["scheme"], r["block_size"]), []).append(
            (index[r["layer"]], r["snr_db"]))
    styles = series_styles(list(series))
    fig, ax = plt.subplots(figsize=(max(8, 0.3 * len(layers) + 4), 5.5))
    for key, points in series.items():
        xs, ys = zip(*points)
        ax.plot(xs, ys, markersize=4, linewidth=1, label=_label(*key), **styles[key])
    ax.set_xticks(range(len(layers)))
    ax.set_xticklabels([_short(n) for n in layers], rotation=80, fontsize=7)
    ax.set_ylabel("SNR (dB)")
    ax.set_title("Quantization SNR per layer")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7, ncol=2, loc="best")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _block_size(summary, path):
    fig, (ax_snr, ax_bits) = plt.subplots(1, 2, figsize=(11, 4.5))
    schemes = list(dict.fromkeys(s["scheme"] for s in summary))
    for scheme in schemes:
        pts = sorted((s["block_size"], s["snr_db"], s["bits_per_element"])
                     for s in summary if s["scheme"] == scheme)
        bs, snr, bits = zip(*pts)
        ax_snr.plot(bs, snr, marker="o", label=scheme)
        ax_bits.plot(bs, bits, marker="o", label=scheme)
    sizes = sorted({s["block_size"] for s in summary})
    for ax, ylabel in ((ax_snr, "model SNR (dB)"), (ax_bits, "effective bits per element")):
        ax.set_xscale("log", base=2)
        ax.set_xticks(sizes, [str(b) for b in sizes])
        ax.minorticks_off()
        ax.set_xlabel("block size")
        ax.set_ylabel(ylabel)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=8)
    ax_snr.set_title("SNR against block size")
    ax_bits.set_title("Storage cost against block size")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _snr_vs_bits(summary, path):
    fig, ax = plt.subplots(figsize=(7, 5))
    for scheme in dict.fromkeys(s["scheme"] for s in summary):
        pts = sorted((s["bits_per_element"], s["snr_db"], s["block_size"])
                     for s in summary if s["scheme"] == scheme)
        bits, snr, bs = zip(*pts)
        ax.plot(bits, snr, marker="o", label=scheme)
        for b, s, size in pts:
            ax.annotate(str(size), (b, s), textcoords="offset points", xytext=(3, 3), fontsize=7)
    ax.set_xlabel("effective bits per element")
    ax.set_ylabel("model SNR (dB)")
    ax.set_title("Quality against storage (labels: block size)")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_plots(rows, summary, directory):
    """Writes the three PNGs into `directory` (created if needed); returns their paths."""
    os.makedirs(directory, exist_ok=True)
    paths = [os.path.join(directory, n)
             for n in ("snr_per_layer.png", "block_size.png", "snr_vs_bits.png")]
    _snr_per_layer(rows, paths[0])
    _block_size(summary, paths[1])
    _snr_vs_bits(summary, paths[2])
    return paths
