// GPU requantize between schemes and layouts.
// Each RUN line generates one complete program (kernel + checking main) with
// test/Integration/CPU/Inputs/gen_cpu_test.py (the programs are
// target-independent: expected values from the NumPy reference, cross-checked
// against the C++ numerics core), lowers it with --microscale-gpu-pipeline for
// this machine's GPU (%gpu_chip, see lit.local.cfg) and runs it under
// mlir-runner with the CUDA runtime library.
// requantize: bytes bit-exact with quantize(dequantize(q)) of the reference.
// REQUIRES: cuda-gpu, cuda-runtime
// DEFINE: %{gen} = %python %S/../../CPU/Inputs/gen_cpu_test.py --ccore %microscale_lib_dir/libMicroscaleFormatsCAPI%shlibext
// DEFINE: %{runner} = mlir-runner -e main -entry-point-result=void -shared-libs=%microscale_cuda_runtime,%mlir_runner_utils,%mlir_c_runner_utils
// DEFINE: %{run} = mx-opt --microscale-gpu-pipeline="chip=%gpu_chip format=isa" | %{runner} | FileCheck %s

// RUN: %{gen} --op requantize --src mxfp8_e4m3 --scheme mxfp4 --rule rceil --shape 13x4096 | %{run}
// RUN: %{gen} --op requantize --src mxfp4 --scheme nvfp4 --shape 3x1024 | %{run}
// RUN: %{gen} --op requantize --src nvfp4 --scheme mxfp6_e2m3 --shape 1x64 | %{run}
// RUN: %{gen} --op requantize --src mxint8 --scheme mxfp8_e5m2 --shape 5x256 --random-codes --dynamic | %{run}
// RUN: %{gen} --op requantize --src nvfp4 --scheme nvfp4 --shape 130x64 --layout swizzled | %{run}

// CHECK: data mismatches: 0{{$}}
// CHECK: scale mismatches: 0{{$}}
