#!/usr/bin/env bash
# install-downstream BUILD_DIR SOURCE_DIR TOOLS_DIR PYTHON VERSION
#
# Installs the build to a temporary prefix and uses only that: configures,
# builds and runs examples/downstream against the installed CMake package,
# checks that the installed .td files are complete for downstream ODS, runs
# the installed mx-opt, and imports the installed Python package from outside
# the source tree, each reporting VERSION. TOOLS_DIR holds FileCheck,
# mlir-tblgen and llvm-config.
set -euo pipefail
# Pipes end in a grep that reads all its input (not grep -q): under pipefail
# an early exit would fail the writer with SIGPIPE.
build=$(cd "$1" && pwd)
source=$(cd "$2" && pwd)
tools=$3
python=$4
version=$5
generator=${CMAKE_GENERATOR:-Ninja}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

step() { echo "install-downstream: $*"; }

step "cmake --install into a temporary prefix"
cmake --install "$build" --prefix "$prefix" >"$work/install.log"

# The package must stand alone: no path into the build or the source tree.
if grep -rlF -e "$build" -e "$source" "$prefix/lib/cmake/microscale"; then
  echo "install-downstream: the installed package refers to the build or source tree" >&2
  exit 1
fi

step "mlir-tblgen on the installed MicroscaleOps.td"
mlir_include=$("$tools/llvm-config" --includedir)
"$tools/mlir-tblgen" -gen-op-decls -I "$prefix/include" -I "$mlir_include" \
  "$prefix/include/microscale/Dialect/Microscale/IR/MicroscaleOps.td" >/dev/null

step "configure examples/downstream against the installed package"
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
cmake -G "$generator" -S "$source/examples/downstream" -B "$work/downstream" \
  -DCMAKE_BUILD_TYPE=Release -DMicroscale_DIR="$prefix/lib/cmake/microscale" \
  "${launcher[@]}" >"$work/configure.log" || { cat "$work/configure.log"; exit 1; }
grep -F "Using microscale $version from $prefix/lib/cmake/microscale" "$work/configure.log"

step "build examples/downstream"
cmake --build "$work/downstream" >"$work/build.log" || { tail -50 "$work/build.log"; exit 1; }

cd "$work"  # nothing below may find the source tree by accident
examples=$source/examples/downstream
step "downstream-opt: its own pass and microscale's pipeline"
"$work/downstream/downstream-opt" "$examples/test/storage-bytes.mlir" \
  --downstream-storage-bytes | "$tools/FileCheck" "$examples/test/storage-bytes.mlir"
"$work/downstream/downstream-opt" "$examples/test/storage-bytes.mlir" \
  --microscale-cpu-pipeline |
  "$tools/FileCheck" "$examples/test/storage-bytes.mlir" --check-prefix=LOWERED

step "build-linear: builders and buildCPUPipeline"
"$work/downstream/build-linear" | "$tools/FileCheck" "$examples/build-linear.cpp"

step "storage-types: the MLIR C API from C"
"$work/downstream/storage-types" | "$tools/FileCheck" "$examples/storage-types.c"

if [[ -f $build/lib/libmicroscale_cuda_runtime.so ]]; then
  step "the installed CUDA runtime library exports the mgpu* ABI"
  nm -D --defined-only "$prefix/lib/libmicroscale_cuda_runtime.so" | grep " mgpuModuleLoad$" >/dev/null
fi

step "the installed mx-opt"
"$prefix/bin/mx-opt" --version | grep -x "microscale version $version" >/dev/null
"$prefix/bin/mx-opt" "$examples/test/storage-bytes.mlir" --microscale-cpu-pipeline |
  "$tools/FileCheck" "$examples/test/storage-bytes.mlir" --check-prefix=LOWERED

if [[ -d "$prefix/python_packages/microscale" ]]; then
  step "the installed Python package"
  PYTHONPATH=$prefix/python_packages MICROSCALE_EXT_DIR= "$python" - "$prefix" "$version" <<'PY'
import os, sys
import numpy as np
import microscale as ms

prefix, version = sys.argv[1:]
assert ms.__file__.startswith(prefix), ms.__file__
assert ms.__version__ == version, (ms.__version__, version)
from microscale import _native
assert _native.load().__file__.startswith(prefix), _native.load().__file__
x = np.linspace(-3, 3, 4 * 64, dtype=np.float32).reshape(4, 64)
q = ms.quantize(x, "mxfp4", backend="compiled")
r = ms.quantize(x, "mxfp4", backend="reference")
assert np.array_equal(q.data, r.data) and np.array_equal(q.scales, r.scales)
print("python: microscale", ms.__version__, "from", os.path.dirname(ms.__file__))
PY
fi
step "passed"
