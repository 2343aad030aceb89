#!/usr/bin/env bash
# Installs what a fresh Debian bookworm machine lacks to build and test
# microscale: LLVM/MLIR 22, the build tools, GoogleTest, OpenBLAS (benchmark
# baseline) and the Python packages. Idempotent, and quick when all is there.
set -euo pipefail

APT_PACKAGES=(
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  cmake ninja-build g++ libgtest-dev libopenblas-dev
)
PIP_PACKAGES=(numpy ml-dtypes nanobind pytest)
PYTHON=${PYTHON:-python3}

missing=()
for package in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
      grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! "$PYTHON" -c "import numpy, ml_dtypes, nanobind, pytest" 2>/dev/null; then
  echo "setup: installing Python packages ${PIP_PACKAGES[*]}"
  "$PYTHON" -m pip install --quiet --disable-pip-version-check \
    "${PIP_PACKAGES[@]}"
fi
