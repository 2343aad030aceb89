#!/usr/bin/env bash
# Sets up the machine, builds, and runs every test: the lit suite, the
# GoogleTest unit tests and the Python tests (all through ctest), then a
# short fuzz run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"
# A short fuzz run (tools/mx-fuzz, docs/Fuzzing.md) in its own clang build,
# with a fixed seed so that a finding reproduces; FUZZ_SECONDS=0 skips it.
if ((${FUZZ_SECONDS:-45} > 0)); then
  scripts/fuzz.sh "${FUZZ_SECONDS:-45}" -seed=1
fi
