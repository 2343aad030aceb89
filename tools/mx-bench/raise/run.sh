#!/usr/bin/env bash
# Runs mx-bench's upstream MXFP4 kernels two ways, raised by
# raise-to-microscale and compiled by microscale-cpu-pipeline, and lowered by
# upstream passes only (mx-bench's pass list), both JIT-compiled by
# mlir-runner -O3: the GEMV (1 x 4096 x 4096, f32 activations) timed, and the
# quantization (8 x 4096) compared bit by bit (compare.py). Prints a table.
# (convert-vector-to-scf, not in mx-bench's list, only lowers the harness's
# printing.)
# Usage: run.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../../build}
llvm=${LLVM_DIR:-$(llvm-config-22 --prefix)}
lib=$llvm/lib
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The kernel `$1` of kernels/upstream/`$2` with the harness `$3`, called
# `$4` times, as one program.
program() {
  {
    printf '#mm_a = affine_map<(m, n, k) -> (m, k)>\n#mm_b = affine_map<(m, n, k) -> (n, k)>\n#mm_c = affine_map<(m, n, k) -> (m, n)>\n#id = affine_map<(n, k) -> (n, k)>\n#blk32 = affine_map<(n, k) -> (n, k floordiv 32)>\n'
    sed -n "/^func.func @$1(/,/^}/p" "$here/../kernels/upstream/$2"
    sed "s/@ITERS@/$4/" "$here/$3"
  } > "$work/$5.mlir"
}
# One thread for both: the CPU pipeline's kernels run OpenMP loops, upstream's
# lowering has none.
runner() { OMP_NUM_THREADS=1 "$llvm/bin/mlir-runner" -O3 -e main -entry-point-result=void \
  -shared-libs="$lib/libmlir_runner_utils.so,$lib/libmlir_c_runner_utils.so,$lib/libomp.so"; }
raised() { "$build/bin/mx-opt" "$work/$1.mlir" "${@:2}" --microscale-cpu-pipeline | runner; }
upstream() {
  "$llvm/bin/mlir-opt" "$work/$1.mlir" \
    --arith-expand="include-f4e2m1=true include-f8e8m0=true" \
    --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map allow-return-allocs-from-loops" \
    --buffer-deallocation-pipeline --convert-bufferization-to-memref --convert-linalg-to-loops --lower-affine \
    --convert-vector-to-scf --convert-scf-to-cf --expand-strided-metadata --lower-affine --convert-vector-to-llvm \
    --finalize-memref-to-llvm --convert-math-to-llvm --convert-arith-to-llvm \
    --convert-index-to-llvm --convert-func-to-llvm --convert-cf-to-llvm \
    --reconcile-unrealized-casts | runner
}

program up_mm_mxfp4_f32_n4096 matmul.mlir gemv-mxfp4.mlir 200 gemv-raised
program up_mm_mxfp4_f32_n4096 matmul.mlir gemv-mxfp4.mlir 4 gemv-upstream
raised gemv-raised --raise-to-microscale > "$work/gemv-raised.out"
upstream gemv-upstream > "$work/gemv-upstream.out"

# The quantization kernel is raised with truncf-floors (README.md).
program up_quantize_mxfp4_k4096 quantize.mlir quantize-mxfp4.mlir 20 q-raised
program up_quantize_mxfp4_k4096 quantize.mlir quantize-mxfp4.mlir 3 q-upstream
raised q-raised --raise-to-microscale=truncf-floors=true > "$work/q-raised.out"
upstream q-upstream > "$work/q-upstream.out"

seconds() { sed -n 's/^seconds per call: //p' "$1"; }
outputs() { grep -A1 'C\[0, 7\]' "$1" | sed 's/.*: //' | paste -sd' '; }
up=$(seconds "$work/gemv-upstream.out")
ra=$(seconds "$work/gemv-raised.out")
echo "| GEMV 1 x 4096 x 4096 MXFP4 | s/call | upstream / this | C[0, 7], C[0, 4095] |"
echo "|---|---|---|---|"
echo "| upstream passes | $up | 1 | $(outputs "$work/gemv-upstream.out") |"
echo "| raised + microscale-cpu-pipeline | $ra | $(python3 -c "print(f'{$up / $ra:.1f}')") | $(outputs "$work/gemv-raised.out") |"
[[ "$(outputs "$work/gemv-upstream.out")" == "$(outputs "$work/gemv-raised.out")" ]] ||
  { echo "GEMV outputs differ" >&2; exit 1; }
echo
python3 "$here/compare.py" "$work/q-raised.out" "$work/q-upstream.out"
