// dequantize of every scheme to bf16 and f16.
// Each RUN line generates one complete program (kernel + checking main) with
// Inputs/gen_cpu_test.py, whose expected values come from the NumPy reference
// (python/microscale) and are cross-checked against the C++ numerics core;
// the program is lowered with --microscale-cpu-pipeline and run under
// mlir-runner. Reproduce one case with the same generator arguments:
//   python3 test/Integration/CPU/Inputs/gen_cpu_test.py ARGS > case.mlir
//   mx-opt case.mlir --microscale-cpu-pipeline | mlir-runner -e main \
//     -entry-point-result=void -shared-libs=<lib>/libmlir_runner_utils.so,<lib>/libmlir_c_runner_utils.so,<lib>/libomp.so
//
// The f32 value of Numerics §2.6 / §3.5, rounded to nearest even to the result
// type (subnormals included; f16 overflows to Inf), compared as bit patterns.
// DEFINE: %{gen} = %python %S/Inputs/gen_cpu_test.py --ccore %microscale_lib_dir/libMicroscaleFormatsCAPI%shlibext
// DEFINE: %{run} = mx-opt --microscale-cpu-pipeline | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%openmp_runtime | FileCheck %s

// RUN: %{gen} --op dequantize --scheme mxfp8_e4m3 --shape 8x256 --result-type bf16 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp8_e4m3 --shape 3x512 --result-type f16 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp8_e5m2 --shape 8x256 --result-type bf16 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp8_e5m2 --shape 3x512 --result-type f16 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp6_e2m3 --shape 8x256 --result-type bf16 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp6_e2m3 --shape 3x512 --result-type f16 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp6_e3m2 --shape 8x256 --result-type bf16 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp6_e3m2 --shape 3x512 --result-type f16 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp4 --shape 8x256 --result-type bf16 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp4 --shape 3x512 --result-type f16 | %{run}
// RUN: %{gen} --op dequantize --scheme mxint8 --shape 8x256 --result-type bf16 | %{run}
// RUN: %{gen} --op dequantize --scheme mxint8 --shape 3x512 --result-type f16 | %{run}
// RUN: %{gen} --op dequantize --scheme nvfp4 --shape 8x256 --result-type bf16 | %{run}
// RUN: %{gen} --op dequantize --scheme nvfp4 --shape 3x512 --result-type f16 | %{run}
// RUN: %{gen} --op dequantize --scheme mxfp4 --shape 8x4096 --result-type bf16 --dynamic | %{run}
// RUN: %{gen} --op dequantize --scheme nvfp4 --shape 1x4096 --result-type f16 --dynamic | %{run}

// CHECK: value mismatches: 0{{$}}
