// GPU quantize to NVFP4 (two-level scaling).
// Each RUN line generates one complete program (kernel + checking main) with
// test/Integration/CPU/Inputs/gen_cpu_test.py (the programs are
// target-independent: expected values from the NumPy reference, cross-checked
// against the C++ numerics core), lowers it with --microscale-gpu-pipeline for
// this machine's GPU (%gpu_chip, see lit.local.cfg) and runs it under
// mlir-runner with the CUDA runtime library.
// quantize: packed data, UE4M3 scale bytes and the f32 global must be bit-exact.
// REQUIRES: cuda-gpu, cuda-runtime
// DEFINE: %{gen} = %python %S/../../CPU/Inputs/gen_cpu_test.py --ccore %microscale_lib_dir/libMicroscaleFormatsCAPI%shlibext
// DEFINE: %{runner} = mlir-runner -e main -entry-point-result=void -shared-libs=%microscale_cuda_runtime,%mlir_runner_utils,%mlir_c_runner_utils
// DEFINE: %{run} = mx-opt --microscale-gpu-pipeline="chip=%gpu_chip format=isa" | %{runner} | FileCheck %s

// the global computed from the data (an atomic-max pass), odd M, M = 1, K = 8192
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 13x4096 | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 1x16 | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 3x8192 --input-type bf16 | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 7x512 --input-type f16 --dynamic | %{run}
// NaN / Inf blocks: the computed global becomes 1
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 9x1024 --nonfinite | %{run}
// a given (calibrated) global
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 13x2048 --global 0.0078125 | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 3x64 --global 3.0 | %{run}
// swizzled scales
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 130x64 --layout swizzled | %{run}
// encode scales clamped to FLT_MAX: a tiny tensor, a subnormal given global
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 13x1024 --tensor-amax 1e-38 | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 13x1024 --global 1e-45 | %{run}

// (CHECK-NOT below keeps a global mismatch from passing unnoticed).
// CHECK-NOT: global mismatches: {{[1-9-]}}
// CHECK: data mismatches: 0{{$}}
// CHECK: scale mismatches: 0{{$}}
