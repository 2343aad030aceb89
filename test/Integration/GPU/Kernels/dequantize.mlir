// GPU dequantize of every scheme to f32, bf16 and f16.
// Each RUN line generates one complete program (kernel + checking main) with
// test/Integration/CPU/Inputs/gen_cpu_test.py (the programs are
// target-independent: expected values from the NumPy reference, cross-checked
// against the C++ numerics core), lowers it with --microscale-gpu-pipeline for
// this machine's GPU (%gpu_chip, see lit.local.cfg) and runs it under
// mlir-runner with the CUDA runtime library.
// dequantize: random storage bytes (every code, NaN scales included); values bit-exact, any NaN matching any NaN.
// REQUIRES: cuda-gpu, cuda-runtime
// DEFINE: %{gen} = %python %S/../../CPU/Inputs/gen_cpu_test.py --ccore %microscale_lib_dir/libMicroscaleFormatsCAPI%shlibext
// DEFINE: %{runner} = mlir-runner -e main -entry-point-result=void -shared-libs=%microscale_cuda_runtime,%mlir_runner_utils,%mlir_c_runner_utils
// DEFINE: %{run} = mx-opt --microscale-gpu-pipeline="chip=%gpu_chip format=isa" | %{runner} | FileCheck %s

// RUN: %{gen} --op dequantize --scheme mxfp8_e4m3 --shape 13x4096 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp8_e4m3 --shape 1x32 --result-type bf16 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp8_e4m3 --shape 3x8192 --result-type f16 --dynamic | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp8_e5m2 --shape 13x4096 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp8_e5m2 --shape 1x32 --result-type bf16 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp8_e5m2 --shape 3x8192 --result-type f16 --dynamic | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp6_e2m3 --shape 13x4096 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp6_e2m3 --shape 1x32 --result-type bf16 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp6_e2m3 --shape 3x8192 --result-type f16 --dynamic | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp6_e3m2 --shape 13x4096 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp6_e3m2 --shape 1x32 --result-type bf16 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp6_e3m2 --shape 3x8192 --result-type f16 --dynamic | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp4 --shape 13x4096 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp4 --shape 1x32 --result-type bf16 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp4 --shape 3x8192 --result-type f16 --dynamic | %{run}
// RUN: %{gen} --op dequantize --scheme mxint8 --shape 13x4096 | %{run}
// RUN: %{gen} --op dequantize --scheme mxint8 --shape 1x32 --result-type bf16 | %{run}
// RUN: %{gen} --op dequantize --scheme mxint8 --shape 3x8192 --result-type f16 --dynamic | %{run}
// RUN: %{gen} --op dequantize --scheme nvfp4 --shape 13x4096 | %{run}
// RUN: %{gen} --op dequantize --scheme nvfp4 --shape 1x16 --result-type bf16 | %{run}
// RUN: %{gen} --op dequantize --scheme nvfp4 --shape 3x8192 --result-type f16 --dynamic | %{run}

// CHECK: value mismatches: 0{{$}}
