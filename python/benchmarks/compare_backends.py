#!/usr/bin/env python3
"""Times ms.quantize and ms.matmul, backend="compiled" against "reference".

    PYTHONPATH=python python3 python/benchmarks/compare_backends.py [--size 4096]

Prints, per case, the first compiled call (JIT compilation included), the
best of a few cached compiled calls and the best reference call. Needs the
compiler extension (scripts/build.sh). The figures in python/README.md come
from this script.
"""

import argparse
import time

import ml_dtypes
import numpy as np

import microscale as ms


def best(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def first_call(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def row(label, first, compiled, reference):
    print(f"  {label:32s} first {first * 1e3:8.1f} ms  compiled {compiled * 1e3:8.2f} ms  "
          f"reference {reference * 1e3:8.1f} ms  ({reference / compiled:5.1f}x)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=4096, help="K, and the rows of x and B")
    parser.add_argument("--rows", type=int, nargs="+", default=[1, 32, 256],
                        help="M of the matmul activations")
    args = parser.parse_args()
    size = args.size
    rng = np.random.default_rng(0)
    x = rng.standard_normal((size, size)).astype(np.float32)

    print(f"quantize {size} x {size} (f32 input unless said)")
    for name in ms.SCHEMES:
        def compiled():
            return ms.quantize(x, name, backend="compiled")
        row(name, first_call(compiled), best(compiled, 5),
            best(lambda: ms.quantize(x, name, backend="reference"), 2))
    xb = x.astype(ml_dtypes.bfloat16)
    row("nvfp4, bf16 input", first_call(lambda: ms.quantize(xb, "nvfp4", backend="compiled")),
        best(lambda: ms.quantize(xb, "nvfp4", backend="compiled"), 5),
        best(lambda: ms.quantize(xb, "nvfp4", backend="reference"), 2))

    print(f"matmul A [M, {size}] . B^T, B [{size}, {size}] quantized")
    for a_kind, b_kind in [("mxfp4", "mxfp4"), ("nvfp4", "nvfp4"), ("bf16", "nvfp4"),
                           ("mxfp8_e4m3", "mxfp8_e4m3")]:
        qb = ms.quantize(rng.standard_normal((size, size)).astype(np.float32), b_kind)
        for m in args.rows:
            a32 = rng.standard_normal((m, size)).astype(np.float32)
            qa = a32.astype(ml_dtypes.bfloat16) if a_kind == "bf16" else ms.quantize(a32, a_kind)
            row(f"{a_kind} x {b_kind}, M = {m}",
                first_call(lambda: ms.matmul(qa, qb, backend="compiled")),
                best(lambda: ms.matmul(qa, qb, backend="compiled"), 3),
                best(lambda: ms.matmul(qa, qb, backend="reference"), 2))


if __name__ == "__main__":
    main()
