// requantize through convert-microscale-to-linalg and upstream passes only,
// against the same expected codes as test/Integration/CPU: bit-exact.
// DEFINE: %{gen} = %python %S/../CPU/Inputs/gen_cpu_test.py --ccore %microscale_lib_dir/libMicroscaleFormatsCAPI%shlibext
// DEFINE: %{run} = mx-opt --convert-microscale-to-linalg | %upstream_to_llvm | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | FileCheck %s

// RUN: %{gen} --op requantize --src mxfp8_e4m3 --scheme mxfp4 --rule rceil --shape 13x4096 | %{run}
// RUN: %{gen} --op requantize --src mxfp6_e2m3 --scheme mxint8 --shape 3x4096 --dynamic | %{run}
// RUN: %{gen} --op requantize --src nvfp4 --scheme mxfp4 --shape 64x64 --nonfinite | %{run}
// RUN: %{gen} --op requantize --src mxfp8_e4m3 --scheme nvfp4 --shape 13x4096 --no-edges | %{run}
// RUN: %{gen} --op requantize --src mxint8 --scheme mxfp4 --rule rceil --shape 3x512 --random-codes | %{run}
// RUN: %{gen} --op requantize --src nvfp4 --scheme nvfp4 --shape 130x64 --layout swizzled | %{run}
// RUN: %{gen} --op requantize --src mxfp8_e4m3 --scheme mxfp4 --rule rceil --shape 3x256 --layout swizzled | %{run}

// CHECK: data mismatches: 0{{$}}
// CHECK: scale mismatches: 0{{$}}
