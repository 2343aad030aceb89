// matmul with NVFP4 operands: both scaled and weight-only.
// Each RUN line generates one complete program (kernel + checking main) with
// Inputs/gen_cpu_test.py, whose expected values come from the NumPy reference
// (python/microscale) and are cross-checked against the C++ numerics core;
// the program is lowered with --microscale-cpu-pipeline and run under
// mlir-runner. Reproduce one case with the same generator arguments:
//   python3 test/Integration/CPU/Inputs/gen_cpu_test.py ARGS > case.mlir
//   mx-opt case.mlir --microscale-cpu-pipeline | mlir-runner -e main \
//     -entry-point-result=void -shared-libs=<lib>/libmlir_runner_utils.so,<lib>/libmlir_c_runner_utils.so,<lib>/libomp.so
//
// C must lie within the Numerics §4 bound of an f64 reference computed from
// the dequantized operands: |c - ref| <= 2 (K + 5) 2^-24 (sum_k |a_k b_k| + |acc|)
// per element (see matmul_bound in the generator for the constant).
// DEFINE: %{gen} = %python %S/Inputs/gen_cpu_test.py --ccore %microscale_lib_dir/libMicroscaleFormatsCAPI%shlibext
// DEFINE: %{run} = mx-opt --microscale-cpu-pipeline | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%openmp_runtime | FileCheck %s

// nvfp4 x nvfp4: M = 1, 3, 8, 64; K from one block (16) to 8192
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 1x16x16 | %{run}
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 1x128x4096 | %{run}
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 3x32x16 --acc | %{run}
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 8x64x8192 --acc | %{run}
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 64x64x1024 | %{run}
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 8x32x4096 --dynamic | %{run}
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 64x16x256 --dynamic --acc | %{run}
// weight-only NVFP4 with f32, bf16 and f16 activations
// RUN: %{gen} --op matmul --a f32 --b nvfp4 --shape 1x256x4096 | %{run}
// RUN: %{gen} --op matmul --a f32 --b nvfp4 --shape 64x32x16 --acc | %{run}
// RUN: %{gen} --op matmul --a f32 --b nvfp4 --shape 8x32x8192 --dynamic | %{run}
// RUN: %{gen} --op matmul --a bf16 --b nvfp4 --shape 1x64x8192 --acc | %{run}
// RUN: %{gen} --op matmul --a bf16 --b nvfp4 --shape 8x64x4096 | %{run}
// RUN: %{gen} --op matmul --a bf16 --b nvfp4 --shape 3x64x1024 --dynamic --acc | %{run}
// RUN: %{gen} --op matmul --a f16 --b nvfp4 --shape 3x64x16 | %{run}
// RUN: %{gen} --op matmul --a f16 --b nvfp4 --shape 64x64x512 --acc | %{run}
// RUN: %{gen} --op matmul --a f16 --b nvfp4 --shape 8x64x4096 --dynamic | %{run}
// the quantized operand on the left
// RUN: %{gen} --op matmul --a nvfp4 --b f32 --shape 8x32x1024 | %{run}
// N that is no multiple of the register tile
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 3x17x256 --acc | %{run}
// RUN: %{gen} --op matmul --a bf16 --b nvfp4 --shape 64x13x512 | %{run}
// RUN: %{gen} --op matmul --a f32 --b nvfp4 --shape 1x5x64 | %{run}

// CHECK: bound violations: 0{{$}}
// CHECK: max error / bound:
