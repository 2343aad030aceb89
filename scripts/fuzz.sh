#!/usr/bin/env bash
# Fuzzes mx-opt's parse -> verify -> pipelines with libFuzzer (tools/mx-fuzz)
# for the given seconds (default 60): configures and builds the clang build
# ${FUZZ_BUILD_DIR:-build-fuzz} when needed, makes the seed corpus from the lit
# tests, replays test/Fuzz/regressions, then fuzzes and prints the counts.
# Extra arguments go to mx-fuzz (e.g. -fork=1 -ignore_crashes=1,
# --pipelines=cpu,sm_100a). Seeds, the growing corpus, findings (artifacts/)
# and the log go to ${FUZZ_WORK:-$FUZZ_BUILD_DIR/fuzz}. docs/Fuzzing.md.
set -euo pipefail
# In braces, bash reads the whole script before running it: editing it
# during an hour-long campaign must not change what the campaign runs next.
{
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
WORK=${FUZZ_WORK:-$BUILD_DIR/fuzz}
CORPUS=$WORK/corpus
ARTIFACTS=$WORK/artifacts
REGRESSIONS=test/Fuzz/regressions
# A valid input takes up to about 5 s through one pipeline under the
# sanitizers (25 s through all eight): longer than 25 s is a hang.
TIMEOUT=${FUZZ_TIMEOUT:-25}
# UBSan's reports carry a stack, as ASan's do.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

if ! command -v clang++-22 >/dev/null; then
  echo "fuzz: clang++-22 not found (scripts/setup.sh installs it)" >&2
  exit 1
fi
if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
  launcher=()
  if command -v ccache >/dev/null; then
    export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(cd .. && pwd)}
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  fi
  CC=clang-22 CXX=clang++-22 cmake -G Ninja -S . -B "$BUILD_DIR" \
    -DCMAKE_BUILD_TYPE=Release -DMICROSCALE_ENABLE_FUZZER=ON \
    -DMICROSCALE_PYTHON_BINDINGS=OFF -DMICROSCALE_ENABLE_CUDA_RUNTIME=OFF \
    -DPython3_EXECUTABLE="$(command -v python3)" "${launcher[@]}" >/dev/null
fi
cmake --build "$BUILD_DIR" --target mx-fuzz
fuzzer=$BUILD_DIR/bin/mx-fuzz

# Seeds: every lit test and example, cut at `// -----` and split-file's
# `//--- name` markers, without comment lines (RUN, CHECK, expected-error):
# the fuzzer's mutations go to the IR.
rm -rf "$WORK/seeds"
mkdir -p "$WORK/seeds" "$CORPUS" "$ARTIFACTS"
find test examples tools/mx-bench/kernels -name '*.mlir' -not -path "$REGRESSIONS/*" |
  sort | while read -r file; do
    awk -v out="$WORK/seeds/$(echo "$file" | tr / _)" '
      /^\/\/ -----/ || /^\/\/--- / { close(name); part++; next }
      /^[ \t]*\/\// { next }
      { name = out "." part+0 ".mlir"; print > name }' "$file"
  done
echo "fuzz: $(ls "$WORK/seeds" | wc -l) seeds"

# Every input that once failed must pass before anything new is tried.
shopt -s nullglob
regressions=("$REGRESSIONS"/*)
if ((${#regressions[@]})); then
  echo "fuzz: replaying ${#regressions[@]} regression inputs"
  "$fuzzer" --all-pipelines "${regressions[@]}" >"$WORK/regressions.log" 2>&1 || {
    cat "$WORK/regressions.log"
    echo "fuzz: a regression input fails again" >&2
    exit 1
  }
fi

log=$WORK/fuzz.log
echo "fuzz: fuzzing for ${seconds}s (log: $log)"
status=0
"$fuzzer" -max_total_time="$seconds" -timeout="$TIMEOUT" -max_len=16384 \
  -rss_limit_mb=4096 -dict=tools/mx-fuzz/microscale.dict \
  -artifact_prefix="$ARTIFACTS/" -print_final_stats=1 "$@" \
  "$CORPUS" "$WORK/seeds" ${regressions:+"$REGRESSIONS"} >"$log" 2>&1 || status=$?

# The last status line has coverage (cov: edges, ft: features) and corpus.
grep -E '^#[0-9]+' "$log" | tail -n 1
grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$log" || true
echo "fuzz: corpus $(ls "$CORPUS" | wc -l) inputs in $CORPUS"
if ((status)); then
  grep -E 'ERROR|mx-fuzz:|LLVM ERROR|Test unit written' "$log" | head -n 20
  echo "fuzz: finding, mx-fuzz exited $status (log: $log)" >&2
fi
exit "$status"
}
