#!/usr/bin/env bash
# The main job: set up, build, then compile a block-scaled linear layer with
# mx-opt's CPU pipeline and run it with mlir-runner (examples/quantized-linear.mlir).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh >/dev/null
BUILD_DIR=${BUILD_DIR:-build}
LLVM_BIN=/usr/lib/llvm-22/bin
LLVM_LIB=/usr/lib/llvm-22/lib

echo "mx-opt --microscale-cpu-pipeline examples/quantized-linear.mlir | mlir-runner"
"$BUILD_DIR/bin/mx-opt" examples/quantized-linear.mlir --microscale-cpu-pipeline |
  "$LLVM_BIN/mlir-runner" -e main -entry-point-result=void \
    -shared-libs="$LLVM_LIB/libmlir_runner_utils.so,$LLVM_LIB/libmlir_c_runner_utils.so,$LLVM_LIB/libomp.so"
