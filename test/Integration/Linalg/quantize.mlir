// quantize through convert-microscale-to-linalg and upstream passes only,
// checked against the same expected codes as test/Integration/CPU (the
// generator's NumPy reference, cross-checked with the C++ core): bit-exact.
// DEFINE: %{gen} = %python %S/../CPU/Inputs/gen_cpu_test.py --ccore %microscale_lib_dir/libMicroscaleFormatsCAPI%shlibext
// DEFINE: %{run} = mx-opt --convert-microscale-to-linalg | %upstream_to_llvm | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | FileCheck %s

// RUN: %{gen} --op quantize --scheme mxfp4 --shape 8x4096 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp4 --rule rceil --shape 3x256 --dynamic --nonfinite | %{run}
// RUN: %{gen} --op quantize --scheme mxfp4 --rule rceil --shape 130x64 --layout swizzled | %{run}
// RUN: %{gen} --op quantize --scheme mxfp4 --shape 1x4096 --layout swizzled --input-type bf16 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp6_e2m3 --shape 5x128 --input-type bf16 --nonfinite | %{run}
// RUN: %{gen} --op quantize --scheme mxfp6_e3m2 --rule rceil --shape 8x256 --input-type f16 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp8_e4m3 --shape 64x128 --nonfinite | %{run}
// RUN: %{gen} --op quantize --scheme mxfp8_e5m2 --rule rceil --shape 3x1024 --dynamic | %{run}
// RUN: %{gen} --op quantize --scheme mxint8 --shape 8x256 --nonfinite | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 8x1024 | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 3x256 --global 0.01 --dynamic | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 64x64 --nonfinite | %{run}
// RUN: %{gen} --op quantize --scheme nvfp4 --shape 130x64 --layout swizzled | %{run}

// CHECK: data mismatches: 0{{$}}
// CHECK: scale mismatches: 0{{$}}
