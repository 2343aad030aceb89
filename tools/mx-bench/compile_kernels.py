#!/usr/bin/env python3
"""Compiles a file of MLIR kernels into one object file for mx-bench.

    frontend (mx-opt --microscale-cpu-pipeline, or mlir-opt-22 + upstream
    passes) -> mlir-translate --mlir-to-llvmir -> llvm-link -> [opt -O3]
    -> llc -O3 -mcpu=native -relocation-model=pic -filetype=obj

A file may hold several kernels separated by `// -----` lines. Each part is
lowered on its own, so that with --keep-going a kernel the lowering cannot
handle yet leaves only that kernel out: the object lacks its symbol, mx-bench
declares every kernel weak and reports the missing ones as "n/a (not built)".
Without --keep-going any failure fails the build.
"""

import argparse
import os
import subprocess
import sys


def run(cmd, what):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)
    if proc.returncode != 0:
        return "{} failed (exit {}): {}\n{}".format(
            what, proc.returncode, " ".join(cmd), proc.stderr.strip())
    return None


def function_names(text):
    names = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("func.func @"):
            names.append(line[len("func.func @"):].split("(")[0])
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--frontend", required=True, action="append",
                        help="frontend command word (repeat for each word)")
    parser.add_argument("--translate", required=True)
    parser.add_argument("--llvm-link", required=True)
    parser.add_argument("--opt", default="",
                        help="run this LLVM `opt` with -O3 before llc")
    parser.add_argument("--llc", required=True)
    parser.add_argument("--cpu", default="native")
    parser.add_argument("--keep-going", action="store_true",
                        help="leave out kernels that fail instead of failing")
    args = parser.parse_args()

    with open(args.input) as f:
        text = f.read()
    parts, current = [], []
    for line in text.splitlines(keepends=True):
        if line.startswith("// -----"):
            parts.append("".join(current))
            current = []
        else:
            current.append(line)
    parts.append("".join(current))

    stem = os.path.splitext(args.output)[0]
    work = stem + ".parts"
    os.makedirs(work, exist_ok=True)
    modules, failures = [], []
    for index, part in enumerate(parts):
        names = function_names(part)
        if not names:
            continue
        base = os.path.join(work, "part{}".format(index))
        with open(base + ".mlir", "w") as f:
            f.write(part)
        error = run(args.frontend + [base + ".mlir", "-o", base + ".llvm.mlir"],
                    "lowering")
        if not error:
            error = run([args.translate, "--mlir-to-llvmir", base + ".llvm.mlir",
                         "-o", base + ".ll"], "mlir-translate")
        if error:
            failures.append((names, error))
            continue
        modules.append(base + ".ll")

    for names, error in failures:
        lines = error.splitlines()
        if len(lines) > 12:
            lines = lines[:12] + ["..."]
        print("mx-bench: {}: kernel(s) {} not built: {}".format(
            "error" if not args.keep_going else "warning",
            ", ".join("@" + n for n in names), "\n    ".join(lines)),
            file=sys.stderr)
    if failures and not args.keep_going:
        return 1

    linked = stem + ".linked.bc"
    if modules:
        error = run([args.llvm_link] + modules + ["-o", linked], "llvm-link")
    else:
        # Nothing lowered: an empty module keeps the link working.
        empty = stem + ".empty.ll"
        with open(empty, "w") as f:
            f.write("; no kernel of {} could be built\n".format(args.input))
        error = run([args.llvm_link, empty, "-o", linked], "llvm-link")
    if error:
        print("mx-bench: error: " + error, file=sys.stderr)
        return 1
    optimized = stem + ".opt.bc"
    if not args.opt and os.path.exists(optimized):
        os.remove(optimized)
    if args.opt:
        error = run([args.opt, "-O3", "-mcpu=" + args.cpu, linked, "-o",
                     optimized], "opt")
        if error:
            print("mx-bench: error: " + error, file=sys.stderr)
            return 1
        linked = optimized
    # Position independent like the rest of mx-bench (a PIE): the OpenMP
    # lowering's constant data is addressed through relocations.
    error = run([args.llc, "-O3", "-mcpu=" + args.cpu, "-relocation-model=pic",
                 "-filetype=obj", linked, "-o", args.output], "llc")
    if error:
        print("mx-bench: error: " + error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
