#!/usr/bin/env bash
# Times mx-bench's upstream MXFP4 GEMV (1 x 4096 x 4096, f32 activations)
# raised by raise-to-microscale and compiled by microscale-cpu-pipeline,
# against the same program lowered by upstream passes only (mx-bench's pass
# list), both JIT-compiled by mlir-runner -O3. Usage: run.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../../build}
llvm=${LLVM_DIR:-$(llvm-config-22 --prefix)}
lib=$llvm/lib
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kernel() {
  printf '#mm_a = affine_map<(m, n, k) -> (m, k)>\n#mm_b = affine_map<(m, n, k) -> (n, k)>\n#mm_c = affine_map<(m, n, k) -> (m, n)>\n#id = affine_map<(n, k) -> (n, k)>\n#blk32 = affine_map<(n, k) -> (n, k floordiv 32)>\n'
  sed -n '/^func.func @up_mm_mxfp4_f32_n4096(/,/^}/p' "$here/../kernels/upstream/matmul.mlir"
}
program() { { kernel; sed "s/@ITERS@/$1/" "$here/gemv-mxfp4.mlir"; } > "$work/p$1.mlir"; }
run() { "$llvm/bin/mlir-runner" -O3 -e main -entry-point-result=void \
  -shared-libs="$lib/libmlir_runner_utils.so,$lib/libmlir_c_runner_utils.so"; }
program 200; program 4
echo "== raised + microscale-cpu-pipeline"
"$build/bin/mx-opt" "$work/p200.mlir" --raise-to-microscale --microscale-cpu-pipeline | run
echo "== upstream passes"
"$llvm/bin/mlir-opt" "$work/p4.mlir" \
  --arith-expand="include-f4e2m1=true include-f8e8m0=true" \
  --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map allow-return-allocs-from-loops" \
  --buffer-deallocation-pipeline --convert-bufferization-to-memref --convert-linalg-to-loops --lower-affine \
  --convert-scf-to-cf --expand-strided-metadata --lower-affine --convert-vector-to-llvm \
  --finalize-memref-to-llvm --convert-math-to-llvm --convert-arith-to-llvm \
  --convert-index-to-llvm --convert-func-to-llvm --convert-cf-to-llvm \
  --reconcile-unrealized-casts | run
