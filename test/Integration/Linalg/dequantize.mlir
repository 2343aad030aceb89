// dequantize through convert-microscale-to-linalg and upstream passes only,
// against the same expected values as test/Integration/CPU: bit-exact.
// DEFINE: %{gen} = %python %S/../CPU/Inputs/gen_cpu_test.py --ccore %microscale_lib_dir/libMicroscaleFormatsCAPI%shlibext
// DEFINE: %{run} = mx-opt --convert-microscale-to-linalg | %upstream_to_llvm | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | FileCheck %s

// RUN: %{gen} --op dequantize --scheme mxfp4 --shape 8x4096 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp6_e2m3 --shape 3x8192 --dynamic | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp6_e3m2 --shape 64x128 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp8_e4m3 --shape 1x32 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp8_e5m2 --shape 8x256 --result-type bf16 | %{run}
// RUN: %{gen} --op dequantize --scheme mxint8 --shape 3x512 --result-type f16 | %{run}
// RUN: %{gen} --op dequantize --scheme nvfp4 --shape 3x8192 --dynamic | %{run}
// RUN: %{gen} --op dequantize --scheme nvfp4 --shape 3x256 --global 1e-30 | %{run}
// RUN: %{gen} --op dequantize --scheme nvfp4 --shape 1x4096 --result-type f16 --dynamic | %{run}

// CHECK: value mismatches: 0{{$}}
