#!/usr/bin/env bash
# The checks that need an NVIDIA GPU, in one run: builds what is missing,
# runs every lit test that REQUIRES cuda-gpu, then mx-bench-gpu (our MXFP8,
# MXFP4 and NVFP4 matmuls and quantize against torch bf16, cuBLAS FP8 and
# Triton's dot_scaled, whichever are installed). On a machine without a
# usable GPU it says so and exits 0.
#
# Environment: BUILD_DIR (default build), GPU_CHECK_OUT (where the report
# and JSON go; default $BUILD_DIR/gpu-check), GPU_CHECK_QUICK=1 (4096 only).
# Exit status: non-zero when a test failed or a benchmark result was wrong.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
OUT=${GPU_CHECK_OUT:-$BUILD_DIR/gpu-check}
PYTHON=${PYTHON:-python3}
start=$SECONDS

if ! probe=$("$PYTHON" test/cuda_probe.py 2>&1) || [[ "$probe" != "usable GPU" ]]; then
  echo "gpu-check: no usable NVIDIA GPU on this machine ($probe); nothing to run"
  exit 0
fi
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,compute_cap,memory.total \
  --format=csv,noheader

# Build (incrementally) what the tests and the benchmark need.
if ! BUILD_DIR=$BUILD_DIR scripts/build.sh >"$BUILD_DIR.gpu-check-build.log" 2>&1; then
  tail -n 40 "$BUILD_DIR.gpu-check-build.log"
  echo "gpu-check: the build failed (log: $BUILD_DIR.gpu-check-build.log)"
  exit 1
fi
mkdir -p "$OUT"
echo "gpu-check: built in $((SECONDS - start)) s"

# Every lit test that needs the GPU, by its REQUIRES line.
mapfile -t tests < <(grep -rlE '^// REQUIRES:.*cuda-gpu' test --include='*.mlir' | sort)
lit=$(command -v lit || echo /usr/lib/llvm-22/bin/lit)
status=0
echo "gpu-check: ${#tests[@]} GPU lit tests"
"$lit" -v "${tests[@]/#test/$BUILD_DIR/test}" >"$OUT/lit.log" 2>&1
grep -E '^(PASS|FAIL|UNSUPPORTED|XFAIL|XPASS|UNRESOLVED|TIMEOUT):|^ *(Passed|Failed|Unsupported)' \
  "$OUT/lit.log"
if grep -qE '^(FAIL|UNRESOLVED|TIMEOUT|XPASS):' "$OUT/lit.log"; then
  echo "gpu-check: lit failures (log: $OUT/lit.log)"
  status=1
fi
echo "gpu-check: lit done at $((SECONDS - start)) s"

# The benchmark: a table on stdout, JSON beside it.
bench_args=(--build "$BUILD_DIR" --json "$OUT/bench.json")
[[ "${GPU_CHECK_QUICK:-0}" == 1 ]] && bench_args+=(--quick)
# What is left of the 8 minutes, at least 2 for the benchmark.
left=$((470 - (SECONDS - start)))
((left < 120)) && left=120
if ! timeout "$left" "$PYTHON" tools/mx-bench/mx-bench-gpu "${bench_args[@]}" | tee "$OUT/bench.txt"; then
  echo "gpu-check: the benchmark failed or found a wrong result (see above)"
  status=1
fi
echo "gpu-check: done in $((SECONDS - start)) s; report in $OUT"
exit $status
