// dequantize of every scheme to f32.
// Each RUN line generates one complete program (kernel + checking main) with
// Inputs/gen_cpu_test.py, whose expected values come from the NumPy reference
// (python/microscale) and are cross-checked against the C++ numerics core;
// the program is lowered with --microscale-cpu-pipeline and run under
// mlir-runner. Reproduce one case with the same generator arguments:
//   python3 test/Integration/CPU/Inputs/gen_cpu_test.py ARGS > case.mlir
//   mx-opt case.mlir --microscale-cpu-pipeline | mlir-runner -e main \
//     -entry-point-result=void -shared-libs=<lib>/libmlir_runner_utils.so,<lib>/libmlir_c_runner_utils.so,<lib>/libomp.so
//
// The inputs are random storage bytes: every element code (NaN, Inf, -0 codes
// included) and scale codes from 2^-127 to NaN, so results cover subnormal,
// overflowing and NaN outputs. f32 results are compared as bit patterns (any
// NaN matches any NaN: the numerics reference fixes that a NaN comes out, not
// which).
// DEFINE: %{gen} = %python %S/Inputs/gen_cpu_test.py --ccore %microscale_lib_dir/libMicroscaleFormatsCAPI%shlibext
// DEFINE: %{run} = mx-opt --microscale-cpu-pipeline | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%openmp_runtime | FileCheck %s

// mxfp8_e4m3
// RUN: %{gen} --op dequantize --scheme mxfp8_e4m3 --shape 8x4096 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp8_e4m3 --shape 1x32 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp8_e4m3 --shape 3x8192 --dynamic | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp8_e4m3 --shape 64x128 | %{run}
// mxfp8_e5m2
// RUN: %{gen} --op dequantize --scheme mxfp8_e5m2 --shape 8x4096 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp8_e5m2 --shape 1x32 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp8_e5m2 --shape 3x8192 --dynamic | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp8_e5m2 --shape 64x128 | %{run}
// mxfp6_e2m3
// RUN: %{gen} --op dequantize --scheme mxfp6_e2m3 --shape 8x4096 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp6_e2m3 --shape 1x32 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp6_e2m3 --shape 3x8192 --dynamic | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp6_e2m3 --shape 64x128 | %{run}
// mxfp6_e3m2
// RUN: %{gen} --op dequantize --scheme mxfp6_e3m2 --shape 8x4096 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp6_e3m2 --shape 1x32 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp6_e3m2 --shape 3x8192 --dynamic | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp6_e3m2 --shape 64x128 | %{run}
// mxfp4
// RUN: %{gen} --op dequantize --scheme mxfp4 --shape 8x4096 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp4 --shape 1x32 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp4 --shape 3x8192 --dynamic | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp4 --shape 64x128 | %{run}
// mxint8
// RUN: %{gen} --op dequantize --scheme mxint8 --shape 8x4096 | %{run}
// RUN: %{gen} --op dequantize --scheme mxint8 --shape 1x32 | %{run}
// RUN: %{gen} --op dequantize --scheme mxint8 --shape 3x8192 --dynamic | %{run}
// RUN: %{gen} --op dequantize --scheme mxint8 --shape 64x128 | %{run}
// nvfp4
// RUN: %{gen} --op dequantize --scheme nvfp4 --shape 8x4096 | %{run}
// RUN: %{gen} --op dequantize --scheme nvfp4 --shape 1x16 | %{run}
// RUN: %{gen} --op dequantize --scheme nvfp4 --shape 3x8192 --dynamic | %{run}
// RUN: %{gen} --op dequantize --scheme nvfp4 --shape 64x128 | %{run}
// NVFP4 with a given global of 1 and a subnormal-producing one
// RUN: %{gen} --op dequantize --scheme nvfp4 --shape 3x256 --global 1.0 | %{run}
// RUN: %{gen} --op dequantize --scheme nvfp4 --shape 3x256 --global 1e-30 | %{run}

// CHECK: value mismatches: 0{{$}}
