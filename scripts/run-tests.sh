#!/usr/bin/env bash
# Sets up the machine, builds, and runs every test: the lit suite, the
# GoogleTest unit tests and the Python tests (all through ctest).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"
