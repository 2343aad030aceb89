// requantize between schemes, rules and scale layouts.
// Each RUN line generates one complete program (kernel + checking main) with
// Inputs/gen_cpu_test.py, whose expected values come from the NumPy reference
// (python/microscale) and are cross-checked against the C++ numerics core;
// the program is lowered with --microscale-cpu-pipeline and run under
// mlir-runner. Reproduce one case with the same generator arguments:
//   python3 test/Integration/CPU/Inputs/gen_cpu_test.py ARGS > case.mlir
//   mx-opt case.mlir --microscale-cpu-pipeline | mlir-runner -e main \
//     -entry-point-result=void -shared-libs=<lib>/libmlir_runner_utils.so,<lib>/libmlir_c_runner_utils.so,<lib>/libomp.so
//
// The result must be bit-exact with quantize(dequantize(q)) of the reference.
// Results of MX schemes print no global line; NVFP4 results also compare it
// (CHECK-NOT below keeps a global mismatch from passing unnoticed).
// DEFINE: %{gen} = %python %S/Inputs/gen_cpu_test.py --ccore %microscale_lib_dir/libMicroscaleFormatsCAPI%shlibext
// DEFINE: %{run} = mx-opt --microscale-cpu-pipeline | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%openmp_runtime | FileCheck %s

// element format changes, both rules of the result
// RUN: %{gen} --op requantize --src mxfp8_e4m3 --scheme mxfp4 --shape 8x1024 | %{run}
// RUN: %{gen} --op requantize --src mxfp8_e4m3 --scheme mxfp4 --rule rceil --shape 13x4096 | %{run}
// RUN: %{gen} --op requantize --src mxfp4 --scheme mxfp8_e5m2 --rule floor --shape 13x4096 --src-rule rceil | %{run}
// RUN: %{gen} --op requantize --src mxint8 --scheme mxfp8_e5m2 --rule rceil --shape 64x256 --src-rule rceil | %{run}
// RUN: %{gen} --op requantize --src mxfp6_e2m3 --scheme mxint8 --shape 3x4096 --dynamic | %{run}
// RUN: %{gen} --op requantize --src mxfp6_e3m2 --scheme mxfp6_e2m3 --rule rceil --shape 1x32 | %{run}
// RUN: %{gen} --op requantize --src mxfp8_e5m2 --scheme mxfp6_e3m2 --rule floor --shape 8x8192 | %{run}
// same scheme, other rule: floor-made scales recomputed by rceil and back
// RUN: %{gen} --op requantize --src mxfp4 --scheme mxfp4 --rule rceil --shape 8x1024 | %{run}
// RUN: %{gen} --op requantize --src mxint8 --scheme mxint8 --rule floor --shape 8x1024 --src-rule rceil | %{run}
// to and from NVFP4 (NaN blocks included: the computed global is then 1)
// RUN: %{gen} --op requantize --src nvfp4 --scheme mxfp6_e3m2 --rule rceil --shape 8x1024 | %{run}
// RUN: %{gen} --op requantize --src nvfp4 --scheme mxfp4 --shape 64x64 --nonfinite | %{run}
// RUN: %{gen} --op requantize --src mxfp4 --scheme nvfp4 --shape 8x1024 | %{run}
// RUN: %{gen} --op requantize --src mxfp8_e4m3 --scheme nvfp4 --shape 13x4096 --no-edges | %{run}
// RUN: %{gen} --op requantize --src nvfp4 --scheme nvfp4 --shape 1x16 | %{run}
// RUN: %{gen} --op requantize --src nvfp4 --scheme nvfp4 --shape 3x4096 --dynamic | %{run}
// random storage bytes as the source: NaN and Inf element codes, extreme scales
// RUN: %{gen} --op requantize --src mxfp8_e5m2 --scheme mxfp8_e4m3 --rule rceil --shape 8x1024 --random-codes | %{run}
// RUN: %{gen} --op requantize --src mxfp8_e4m3 --scheme mxfp6_e2m3 --rule floor --shape 64x64 --random-codes | %{run}
// RUN: %{gen} --op requantize --src mxint8 --scheme mxfp4 --rule rceil --shape 3x512 --random-codes | %{run}
// RUN: %{gen} --op requantize --src nvfp4 --scheme nvfp4 --shape 8x256 --random-codes | %{run}
// RUN: %{gen} --op requantize --src mxfp6_e3m2 --scheme nvfp4 --shape 8x256 --random-codes | %{run}
// scale layout changes
// RUN: %{gen} --op requantize --src nvfp4 --scheme nvfp4 --shape 130x64 --layout swizzled | %{run}
// RUN: %{gen} --op requantize --src mxfp8_e4m3 --scheme mxfp4 --rule rceil --shape 3x256 --layout swizzled | %{run}

// CHECK: data mismatches: 0{{$}}
// CHECK: scale mismatches: 0{{$}}
// CHECK-NOT: global mismatches: {{[1-9-]}}
