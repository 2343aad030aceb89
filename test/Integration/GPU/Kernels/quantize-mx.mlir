// GPU quantize to every OCP MX scheme, both scale rules.
// Each RUN line generates one complete program (kernel + checking main) with
// test/Integration/CPU/Inputs/gen_cpu_test.py (the programs are
// target-independent: expected values from the NumPy reference, cross-checked
// against the C++ numerics core), lowers it with --microscale-gpu-pipeline for
// this machine's GPU (%gpu_chip, see lit.local.cfg) and runs it under
// mlir-runner with the CUDA runtime library.
// quantize: packed data and E8M0 scale bytes must be bit-exact.
// REQUIRES: cuda-gpu, cuda-runtime
// DEFINE: %{gen} = %python %S/../../CPU/Inputs/gen_cpu_test.py --ccore %microscale_lib_dir/libMicroscaleFormatsCAPI%shlibext
// DEFINE: %{runner} = mlir-runner -e main -entry-point-result=void -shared-libs=%microscale_cuda_runtime,%mlir_runner_utils,%mlir_c_runner_utils
// DEFINE: %{run} = mx-opt --microscale-gpu-pipeline="chip=%gpu_chip format=isa" | %{runner} | FileCheck %s

// mxfp8_e4m3: both rules; odd M with every numerics edge case, M = 1 (one block), K = 8192
// RUN: %{gen} --op quantize --scheme mxfp8_e4m3 --rule floor --shape 13x4096 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp8_e4m3 --rule rceil --shape 13x4096 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp8_e4m3 --shape 1x32 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp8_e4m3 --rule rceil --shape 3x8192 --input-type bf16 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp8_e4m3 --rule floor --shape 5x256 --input-type f16 --dynamic | %{run}
// mxfp8_e5m2: both rules; odd M with every numerics edge case, M = 1 (one block), K = 8192
// RUN: %{gen} --op quantize --scheme mxfp8_e5m2 --rule floor --shape 13x4096 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp8_e5m2 --rule rceil --shape 13x4096 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp8_e5m2 --shape 1x32 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp8_e5m2 --rule rceil --shape 3x8192 --input-type bf16 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp8_e5m2 --rule floor --shape 5x256 --input-type f16 --dynamic | %{run}
// mxfp6_e2m3: both rules; odd M with every numerics edge case, M = 1 (one block), K = 8192
// RUN: %{gen} --op quantize --scheme mxfp6_e2m3 --rule floor --shape 13x4096 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp6_e2m3 --rule rceil --shape 13x4096 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp6_e2m3 --shape 1x32 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp6_e2m3 --rule rceil --shape 3x8192 --input-type bf16 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp6_e2m3 --rule floor --shape 5x256 --input-type f16 --dynamic | %{run}
// mxfp6_e3m2: both rules; odd M with every numerics edge case, M = 1 (one block), K = 8192
// RUN: %{gen} --op quantize --scheme mxfp6_e3m2 --rule floor --shape 13x4096 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp6_e3m2 --rule rceil --shape 13x4096 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp6_e3m2 --shape 1x32 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp6_e3m2 --rule rceil --shape 3x8192 --input-type bf16 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp6_e3m2 --rule floor --shape 5x256 --input-type f16 --dynamic | %{run}
// mxfp4: both rules; odd M with every numerics edge case, M = 1 (one block), K = 8192
// RUN: %{gen} --op quantize --scheme mxfp4 --rule floor --shape 13x4096 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp4 --rule rceil --shape 13x4096 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp4 --shape 1x32 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp4 --rule rceil --shape 3x8192 --input-type bf16 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp4 --rule floor --shape 5x256 --input-type f16 --dynamic | %{run}
// mxint8: both rules; odd M with every numerics edge case, M = 1 (one block), K = 8192
// RUN: %{gen} --op quantize --scheme mxint8 --rule floor --shape 13x4096 | %{run}
// RUN: %{gen} --op quantize --scheme mxint8 --rule rceil --shape 13x4096 | %{run}
// RUN: %{gen} --op quantize --scheme mxint8 --shape 1x32 | %{run}
// RUN: %{gen} --op quantize --scheme mxint8 --rule rceil --shape 3x8192 --input-type bf16 | %{run}
// RUN: %{gen} --op quantize --scheme mxint8 --rule floor --shape 5x256 --input-type f16 --dynamic | %{run}
// swizzled (128x4) scale layout: rows padded to 128, scale columns to 4, padding zero
// RUN: %{gen} --op quantize --scheme mxfp4 --rule rceil --shape 130x64 --layout swizzled | %{run}
// RUN: %{gen} --op quantize --scheme mxfp8_e4m3 --shape 1x4096 --layout swizzled --input-type bf16 | %{run}

// CHECK: data mismatches: 0{{$}}
// CHECK: scale mismatches: 0{{$}}
