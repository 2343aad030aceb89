# -*- Python -*-
# lit configuration of the microscale test suite.

import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "MICROSCALE"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".c"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.microscale_obj_root, "test")

# Unit tests (GoogleTest), Python and packaging tests run through ctest, not
# lit; test/Fuzz/regressions holds raw fuzzer inputs that Fuzz/regressions.mlir runs.
config.excludes = ["Unit", "Python", "Packaging", "Inputs", "CMakeLists.txt", "lit.cfg.py",
                   "regressions"]

config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%shlibext", config.llvm_shlib_ext))
config.substitutions.append(("%microscale_lib_dir", config.microscale_lib_dir))
config.substitutions.append(("%microscale_version", config.microscale_version))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

tool_dirs = [config.microscale_tools_dir, config.llvm_tools_dir]
tools = [
    "mx-opt",
    "microscale-capi-test",
    "split-file",
    "not",
    "count",
    "mlir-runner",
    "mlir-opt",
    "mlir-translate",
    ToolSubst("%mlir_runner_utils",
              os.path.join(config.llvm_tools_dir, "..", "lib",
                           "libmlir_runner_utils" + config.llvm_shlib_ext)),
    ToolSubst("%mlir_c_runner_utils",
              os.path.join(config.llvm_tools_dir, "..", "lib",
                           "libmlir_c_runner_utils" + config.llvm_shlib_ext)),
    # microscale-cpu-pipeline runs the kernels' parallel loops on OpenMP
    # threads: programs it lowers need LLVM's OpenMP runtime.
    ToolSubst("%openmp_runtime", config.openmp_runtime),
]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# Upstream MLIR's own lowering to the LLVM dialect, no microscale pass in it:
# what convert-microscale-to-linalg's output must run through
# (test/Integration/Linalg). arith-expand only acts on arith.scaling_extf.
config.substitutions.append(("%upstream_to_llvm", " ".join([
    os.path.join(config.llvm_tools_dir, "mlir-opt"),
    "--convert-elementwise-to-linalg",
    "--arith-expand='include-f4e2m1=true include-f8e8m0=true'",
    "--one-shot-bufferize='bufferize-function-boundaries "
    "function-boundary-type-conversion=identity-layout-map allow-return-allocs-from-loops'",
    "--buffer-deallocation-pipeline --convert-bufferization-to-memref",
    "--convert-linalg-to-loops --convert-vector-to-scf --lower-affine",
    "--convert-scf-to-cf --expand-strided-metadata --lower-affine",
    "--convert-vector-to-llvm --finalize-memref-to-llvm --convert-math-to-llvm",
    "--convert-arith-to-llvm --convert-index-to-llvm --convert-func-to-llvm",
    "--convert-cf-to-llvm --reconcile-unrealized-casts",
])))

# Thread count of the lowered programs (OpenMP's control): lit
# --param omp_num_threads=N; by default the runtime's (every core).
if "omp_num_threads" in lit_config.params:
    config.environment["OMP_NUM_THREADS"] = lit_config.params["omp_num_threads"]

# --- GPU: ptxas, the CUDA runtime library, a usable GPU ---------------------
import shutil
import sys

sys.path.insert(0, os.path.dirname(__file__))
import cuda_probe

# gpu-module-to-binary format=bin|fatbin runs ptxas, found through PATH or
# CUDA_HOME: put the toolkit's bin directory on the tests' PATH.
cuda_bin_dirs = [d for d in [
    os.path.join(os.environ["CUDA_HOME"], "bin") if os.environ.get("CUDA_HOME") else "",
    config.cuda_toolkit_bin_dir,
    "/usr/local/cuda/bin",
] if d and os.path.isdir(d)]
ptxas = shutil.which("ptxas", path=os.pathsep.join(
    [config.environment["PATH"]] + cuda_bin_dirs))
if ptxas:
    config.available_features.add("ptxas")
    llvm_config.with_environment("PATH", os.path.dirname(ptxas), append_path=True)

cuda_runtime_lib = os.path.join(config.microscale_lib_dir,
                                "libmicroscale_cuda_runtime" + config.llvm_shlib_ext)
config.substitutions.append(("%microscale_cuda_runtime", cuda_runtime_lib))
# A driver double (test/Unit/Runtime/FakeCudaDriver.cpp) for running the
# runtime's host side without a GPU, through MICROSCALE_CUDA_DRIVER.
config.substitutions.append(("%microscale_fake_cuda_driver", os.path.join(
    config.microscale_lib_dir, "libmicroscale_fake_cuda_driver" + config.llvm_shlib_ext)))
if config.microscale_cuda_runtime_enabled and os.path.exists(cuda_runtime_lib):
    config.available_features.add("cuda-runtime")

# Absent, never an error, when there is no driver or no device.
if cuda_probe.has_usable_gpu():
    config.available_features.add("cuda-gpu")

# clang, to link lowered host code into a shared library (the device-resident
# tests call such a library from mlir-runner).
clang = shutil.which("clang", path=config.llvm_tools_dir) or shutil.which("clang-22")
if clang:
    config.available_features.add("ir-cc")
    config.substitutions.append(("%ir_cc", clang))

# --- AddressSanitizer: clang and its runtime (Debian's libclang-rt) ----------
# The sanitized integration runs (Inputs/run_sanitized.py) build the lowered
# programs with clang -fsanitize=address; absent, they are unsupported.
clangxx = shutil.which("clang++", path=config.llvm_tools_dir) or shutil.which("clang++-22")
if clangxx:
    import glob
    import subprocess
    runtime_dir = subprocess.run([clangxx, "--print-runtime-dir"], capture_output=True,
                                 text=True).stdout.strip()
    if glob.glob(os.path.join(runtime_dir, "libclang_rt.asan*")):
        config.available_features.add("asan")
        config.substitutions.append(("%clangxx", clangxx))
        config.substitutions.append(("%llvm_lib_dir", os.path.join(config.llvm_tools_dir, "..", "lib")))
