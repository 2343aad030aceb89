"""The benchmark's table and JSON."""

import json

COLUMNS = ("ours", "torch-bf16", "cublas-fp8", "triton-dot-scaled")


def _cell(result):
    if result is None:
        return "n/a"
    if result.get("error"):
        return "ERROR"
    return f"{result['rate']:.1f}"


def table(results, meta):
    lines = [f"# {meta['device']} (sm_{meta['cc'][0]}{meta['cc'][1]}), chip={meta['chip']}; "
             f"peak DRAM {meta['peak_gbs']:.0f} GB/s, measured copy {meta['copy_gbs']:.0f} GB/s"]
    head = f"{'case':34} {'unit':7} " + " ".join(f"{c:>17}" for c in COLUMNS)
    head += f" {'ours/cublas':>11} {'ours/triton':>11} {'rel.err':>9} {'valid':>6} target"
    lines.append(head)
    for r in results:
        cells = " ".join(f"{_cell(r['variants'].get(c)):>17}" for c in COLUMNS)
        ratio = lambda key: f"{r[key]:.2f}x" if r.get(key) is not None else "-"
        err = r["variants"].get("ours", {}) or {}
        lines.append(f"{r['case']:34} {r['unit']:7} {cells} {ratio('vs_cublas'):>11} "
                     f"{ratio('vs_triton'):>11} {err.get('rel_err', float('nan')):9.2e} "
                     f"{('yes' if r['valid'] else 'NO'):>6} {r.get('target', '')}")
    for r in results:
        for name, v in r["variants"].items():
            if v and v.get("error"):
                lines.append(f"  {r['case']} {name}: {v['error']}")
    if meta["skipped"]:
        lines.append("skipped: " + "; ".join(f"{k}: {v}" for k, v in meta["skipped"].items()))
    return "\n".join(lines)


def write_json(path, results, meta):
    with open(path, "w") as f:
        json.dump({"meta": meta, "results": results}, f, indent=1)
