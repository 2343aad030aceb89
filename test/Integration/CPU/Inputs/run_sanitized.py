#!/usr/bin/env python3
"""Runs a lowered test program under AddressSanitizer and LeakSanitizer.

Reads LLVM-dialect MLIR (the output of microscale-cpu-pipeline on a program
with a `func.func @main()`) on stdin, translates it to LLVM IR, marks every
function it defines `sanitize_address` (ASan instruments only those), renames
`main` for the C++ harness sanitized_main.cpp, builds both with clang's
-fsanitize=address and runs the result. The program's output goes to stdout;
the exit status is non-zero when ASan reports an out-of-bounds access or a
use after free, or LeakSanitizer a buffer that the generated code did not free.

  mx-opt prog.mlir --microscale-cpu-pipeline | run_sanitized.py \
      --clang clang++-22 --lib-dir <llvm>/lib --mlir-translate mlir-translate
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

HARNESS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sanitized_main.cpp")
RENAMED_MAIN = "microscale_program_main"


def instrument(llvm_ir):
    """Adds sanitize_address to each definition and renames @main."""
    out = []
    for line in llvm_ir.splitlines():
        if line.startswith("define ") and line.rstrip().endswith("{"):
            line = line.rstrip()[:-1].rstrip() + " sanitize_address {"
        out.append(line)
    text = "\n".join(out) + "\n"
    if not re.search(r"^define [^@]*@main\(", text, re.M):
        raise SystemExit("run_sanitized: the program defines no @main")
    return re.sub(r"@main\(", f"@{RENAMED_MAIN}(", text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clang", required=True, help="clang++ with the ASan runtime")
    parser.add_argument("--mlir-translate", required=True)
    parser.add_argument("--lib-dir", required=True,
                        help="directory of libmlir_c_runner_utils and libmlir_runner_utils")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="microscale-asan-") as work:
        ll = subprocess.run([args.mlir_translate, "--mlir-to-llvmir"], stdin=sys.stdin,
                            capture_output=True, text=True)
        if ll.returncode:
            sys.stderr.write(ll.stderr)
            return ll.returncode
        module = os.path.join(work, "program.ll")
        with open(module, "w") as f:
            f.write(instrument(ll.stdout))
        exe = os.path.join(work, "program")
        # libomp: the kernels' parallel loops (libomp sits with LLVM's
        # libraries). -march=native: the generated code calls the host's vector
        # intrinsics (AVX-512 and the like), as the JIT would. -O0: no
        # allocation optimized away, so every one is checked.
        build = subprocess.run(
            [args.clang, "-O0", "-g0", "-march=native", "-fsanitize=address",
             "-Wno-override-module", HARNESS, module, "-o", exe,
             f"-L{args.lib_dir}", "-lmlir_c_runner_utils", "-lmlir_runner_utils",
             "-lmlir_float16_utils", "-lomp",
             f"-Wl,-rpath,{args.lib_dir}"],
            capture_output=True, text=True)
        if build.returncode:
            sys.stderr.write(build.stderr)
            return build.returncode
        env = dict(os.environ)
        env["ASAN_OPTIONS"] = "detect_leaks=1:abort_on_error=0:exitcode=86"
        run = subprocess.run([exe], env=env, capture_output=True, text=True)
        sys.stdout.write(run.stdout)
        if run.returncode:
            sys.stderr.write(run.stderr)
            sys.stderr.write(f"run_sanitized: the program exited with {run.returncode}\n")
        return run.returncode


if __name__ == "__main__":
    sys.exit(main())
