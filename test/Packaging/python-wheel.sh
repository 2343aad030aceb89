#!/usr/bin/env bash
# python-wheel SOURCE_DIR BUILD_DIR PYTHON VERSION CXX CC
#
# `pip wheel` of the source tree (scikit-build-core, --no-build-isolation:
# PYTHON must have scikit-build-core and nanobind), then a fresh virtualenv
# with that wheel and a smoke test run from outside the source tree: import,
# version metadata, the compiled backends as the default, ms.jit and the
# microscale-analyze console script.
#
# The wheel's CMake build goes to BUILD_DIR-wheel, beside BUILD_DIR and kept
# between runs: with the build's compilers (CXX, CC) and ccache, its object
# files are cache hits of the main build's, as the relative paths agree.
set -euo pipefail
# Pipes end in a grep that reads all its input (not grep -q): under pipefail
# an early exit would fail the writer with SIGPIPE.
source=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
python=$3
version=$4
export CXX=$5 CC=$6

if ! "$python" -c "import scikit_build_core, nanobind" 2>/dev/null; then
  echo "python-wheel: $python lacks scikit-build-core or nanobind (scripts/setup.sh installs them)" >&2
  exit 1
fi
wheel_build=$build-wheel
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
step() { echo "python-wheel: $*"; }

if command -v ccache >/dev/null; then
  export CMAKE_CXX_COMPILER_LAUNCHER=ccache CMAKE_C_COMPILER_LAUNCHER=ccache
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(dirname "$source")}
fi

step "pip wheel (CMake build in $wheel_build)"
"$python" -m pip wheel "$source" --no-build-isolation --no-deps --quiet \
  --disable-pip-version-check -w "$work/dist" -C build-dir="$wheel_build" \
  >"$work/wheel.log" 2>&1 || { tail -60 "$work/wheel.log"; exit 1; }
wheel=$(echo "$work"/dist/microscale-"$version"-*.whl)
[[ -f $wheel ]] || { echo "python-wheel: no wheel for version $version in $work/dist" >&2; exit 1; }
# Only what the wheel needs was built.
for unwanted in bin/mx-opt bin/mx-bench bin/microscale-capi-test lib/libmicroscale_cuda_runtime.so; do
  if [[ -e $wheel_build/$unwanted ]]; then
    echo "python-wheel: the wheel build made $unwanted, which the wheel does not need" >&2
    exit 1
  fi
done
"$python" -m zipfile -l "$wheel" >"$work/contents"
step "wheel contents: $(($(wc -l <"$work/contents") - 1)) files"
grep -q "^microscale/_compiler.*\.so " "$work/contents"

step "virtualenv with the wheel"
# System site packages give the dependencies (numpy, ml-dtypes, safetensors)
# without a network; microscale itself must come from the wheel.
"$python" -m venv --system-site-packages "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  --no-deps --no-index "$wheel"

step "smoke test from outside the source tree"
cd "$work"
env -u PYTHONPATH -u MICROSCALE_EXT_DIR -u MICROSCALE_FORMATS_C_LIB \
  "$work/venv/bin/python" - "$work/venv" "$version" <<'PY'
import importlib.metadata
import os
import sys

import numpy as np
import microscale as ms
from microscale import _compiled, _native

venv, version = sys.argv[1:]
assert ms.__file__.startswith(venv), f"microscale imported from {ms.__file__}, not {venv}"
assert ms.__version__ == version, (ms.__version__, version)
assert importlib.metadata.version("microscale") == version
extension = _native.load().__file__
assert extension.startswith(os.path.dirname(ms.__file__)), extension

x = np.random.default_rng(0).standard_normal((64, 256)).astype(np.float32)
q = ms.quantize(x, "nvfp4")
assert _compiled.quantize_function.cache_info().currsize == 1, "the default was not compiled"
r = ms.quantize(x, "nvfp4", backend="reference")
assert np.array_equal(q.data, r.data) and np.array_equal(q.scales, r.scales)
assert np.array_equal(ms.dequantize(q), ms.dequantize(q, backend="reference"))

mod = ms.jit("""func.func @twice(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = arith.addf %x, %x : tensor<4xf32>
  return %y : tensor<4xf32>
}""")
assert np.array_equal(mod.twice(np.arange(4, dtype=np.float32)), [0, 2, 4, 6])
print(f"python-wheel: microscale {ms.__version__} from {os.path.dirname(ms.__file__)}")
PY

step "microscale-analyze and python -m microscale.analyze"
env -u PYTHONPATH "$work/venv/bin/microscale-analyze" --random 32x64 --schemes mxfp4,nvfp4 \
  | grep -E "^mxfp4 +32 +1 "
env -u PYTHONPATH "$work/venv/bin/python" -m microscale.analyze --help | grep "safetensors" >/dev/null
step "passed"
