#!/usr/bin/env python3
"""Compares the outputs of quantize-mxfp4.mlir lowered two ways.

Usage: compare.py RAISED_OUTPUT UPSTREAM_OUTPUT

Regenerates the harness's input, computes each block's scale by the floor
rule and each E2M1 code by rounding to nearest even (Numerics §2.2, §2.5),
and checks bit by bit: the raised program's scales and codes against that
reference everywhere; upstream's scales everywhere, and its codes where
arith-expand is right, that is everywhere but the two errors Numerics §1
lists (ties rounded away from zero, the sign of values in (-0.5, 0)
dropped) and blocks whose scale is 2^-127 (E8M0 code 0x00), which
arith-expand reads as 0. Prints one table row per variant; exits 1 on any other mismatch.
"""

import math
import re
import sys

ROWS, K, BLOCK = 8, 4096, 32
E2M1 = [0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0]


def inputs():
    """x[r][k] as quantize-mxfp4.mlir computes it (exact in binary64)."""
    rows = []
    for r in range(ROWS):
        row = []
        for k in range(K):
            i = r * K + k
            h = (i * 40503) % (1 << 32) % 65536
            row.append(0.0 if i < BLOCK else ((h % 2001) - 1000) / 64)
        rows.append(row)
    return rows


def floor_scale(amax):
    """E8M0 code of the floor rule for E2M1 (emax 2); 2^-127 for zero."""
    if amax == 0:
        return 0
    return max(0, min(254, math.frexp(amax)[1] - 1 - 2 + 127))


def e2m1(v):
    """E2M1 code of v: nearest, ties to the even code, saturating at 6."""
    sign = 8 if math.copysign(1.0, v) < 0 else 0
    a = min(abs(v), 6.0)
    best = min(range(8), key=lambda c: (abs(E2M1[c] - a), c % 2))
    return sign | best


def upstream_may_differ(v, scale):
    """The known errors of arith-expand's scaling_truncf to f4E2M1FN."""
    if scale == 0:
        return True
    a = abs(v)
    tie = any(abs(a - (E2M1[c] + E2M1[c + 1]) / 2) == 0 for c in range(7))
    return tie or -0.5 < v < 0


def parse(path):
    text = open(path).read()
    seconds = float(re.search(r"seconds per call:\s*([0-9.eE+-]+)", text)[1])
    vectors = [
        [int(t) for t in body.split(",")]
        for body in re.findall(r"\(\s*([-0-9, ]+)\)", text)
    ]
    return seconds, vectors[0::2], vectors[1::2]


def main():
    x = inputs()
    results = {}
    failed = False
    for name, path in (("raised", sys.argv[1]), ("upstream", sys.argv[2])):
        seconds, scales, codes = parse(path)
        bad_scales = bad_codes = known = 0
        for r in range(ROWS):
            for b in range(K // BLOCK):
                block = x[r][b * BLOCK:(b + 1) * BLOCK]
                scale = floor_scale(max(abs(v) for v in block))
                bad_scales += scales[r][b] != scale
                for j, v in enumerate(block):
                    want = e2m1(v * 2.0 ** (127 - scale))
                    got = codes[r][b * BLOCK + j]
                    if got == want:
                        continue
                    if name == "upstream" and upstream_may_differ(
                            v * 2.0 ** (127 - scale), scale):
                        known += 1
                    else:
                        bad_codes += 1
        failed |= bad_scales > 0 or bad_codes > 0
        results[name] = (seconds, bad_scales, bad_codes, known)
    print("| quantize 8 x 4096 MXFP4 | s/call | scales wrong | codes wrong "
          "| codes off by upstream's known errors |")
    print("|---|---|---|---|---|")
    for name, (seconds, bad_scales, bad_codes, known) in results.items():
        print(f"| {name} | {seconds:.6f} | {bad_scales} / {ROWS * K // BLOCK} "
              f"| {bad_codes} / {ROWS * K} | {known} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
