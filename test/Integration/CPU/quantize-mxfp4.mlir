// quantize to MXFP4 (E2M1 elements), both scale rules.
// Each RUN line generates one complete program (kernel + checking main) with
// Inputs/gen_cpu_test.py, whose expected values come from the NumPy reference
// (python/microscale) and are cross-checked against the C++ numerics core;
// the program is lowered with --microscale-cpu-pipeline and run under
// mlir-runner. Reproduce one case with the same generator arguments:
//   python3 test/Integration/CPU/Inputs/gen_cpu_test.py ARGS > case.mlir
//   mx-opt case.mlir --microscale-cpu-pipeline | mlir-runner -e main \
//     -entry-point-result=void -shared-libs=<lib>/libmlir_runner_utils.so,<lib>/libmlir_c_runner_utils.so,<lib>/libomp.so
//
// quantize: packed data and E8M0 scale bytes must be bit-exact.
// DEFINE: %{gen} = %python %S/Inputs/gen_cpu_test.py --ccore %microscale_lib_dir/libMicroscaleFormatsCAPI%shlibext
// DEFINE: %{run} = mx-opt --microscale-cpu-pipeline | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%openmp_runtime | FileCheck %s

// mxfp4: about 100,000 values per rule with every numerics edge case (zeros, subnormals,
// powers of two, ties, saturation, NaN/Inf blocks, amax around powers of two)
// RUN: %{gen} --op quantize --scheme mxfp4 --rule floor --shape 13x4096 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp4 --rule rceil --shape 13x4096 | %{run}
// one block; no attribute means floor
// RUN: %{gen} --op quantize --scheme mxfp4 --shape 1x32 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp4 --rule rceil --shape 3x8192 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp4 --rule floor --shape 64x256 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp4 --rule rceil --shape 8x1024 --input-type bf16 | %{run}
// RUN: %{gen} --op quantize --scheme mxfp4 --rule floor --shape 64x64 --input-type f16 | %{run}
// dynamic M: the kernel takes tensor<?x4096x...>
// RUN: %{gen} --op quantize --scheme mxfp4 --rule rceil --shape 3x4096 --dynamic | %{run}
// RUN: %{gen} --op quantize --scheme mxfp4 --rule floor --shape 8x4096 --dynamic | %{run}
// swizzled (128x4) scale layout: rows padded to 128, scale columns to 4
// RUN: %{gen} --op quantize --scheme mxfp4 --rule rceil --shape 130x64 --layout swizzled | %{run}
// RUN: %{gen} --op quantize --scheme mxfp4 --shape 1x4096 --layout swizzled --input-type bf16 | %{run}

// CHECK: data mismatches: 0{{$}}
// CHECK: scale mismatches: 0{{$}}
