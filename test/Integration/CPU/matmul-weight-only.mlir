// weight-only matmul: f32, bf16 and f16 activations, OCP MX weights.
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

// f32 activations: every OCP MX scheme, M = 1, 3, 8, 64 rotating, half with acc
// RUN: %{gen} --op matmul --a f32 --b mxfp8_e4m3 --shape 1x128x4096 | %{run}
// RUN: %{gen} --op matmul --a f32 --b mxfp8_e5m2 --shape 3x32x32 --acc | %{run}
// RUN: %{gen} --op matmul --a f32 --b mxfp6_e2m3 --shape 8x64x8192 | %{run}
// RUN: %{gen} --op matmul --a f32 --b mxfp6_e3m2 --shape 64x64x256 --acc | %{run}
// RUN: %{gen} --op matmul --a f32 --b mxfp4 --shape 1x128x4096 | %{run}
// RUN: %{gen} --op matmul --a f32 --b mxint8 --shape 3x32x32 --acc | %{run}
// RUN: %{gen} --op matmul --a f32 --b mxfp4 --shape 8x64x4096 --dynamic --acc | %{run}
// RUN: %{gen} --op matmul --a f32 --b mxfp8_e4m3 --shape 3x32x1024 --dynamic | %{run}
// bf16 activations: every OCP MX scheme, M = 1, 3, 8, 64 rotating, half with acc
// RUN: %{gen} --op matmul --a bf16 --b mxfp8_e4m3 --shape 3x32x32 --acc | %{run}
// RUN: %{gen} --op matmul --a bf16 --b mxfp8_e5m2 --shape 8x64x8192 | %{run}
// RUN: %{gen} --op matmul --a bf16 --b mxfp6_e2m3 --shape 64x64x256 --acc | %{run}
// RUN: %{gen} --op matmul --a bf16 --b mxfp6_e3m2 --shape 1x128x4096 | %{run}
// RUN: %{gen} --op matmul --a bf16 --b mxfp4 --shape 3x32x32 --acc | %{run}
// RUN: %{gen} --op matmul --a bf16 --b mxint8 --shape 8x64x8192 | %{run}
// RUN: %{gen} --op matmul --a bf16 --b mxfp4 --shape 8x64x4096 --dynamic --acc | %{run}
// RUN: %{gen} --op matmul --a bf16 --b mxfp8_e4m3 --shape 3x32x1024 --dynamic | %{run}
// f16 activations: every OCP MX scheme, M = 1, 3, 8, 64 rotating, half with acc
// RUN: %{gen} --op matmul --a f16 --b mxfp8_e4m3 --shape 8x64x8192 | %{run}
// RUN: %{gen} --op matmul --a f16 --b mxfp8_e5m2 --shape 64x64x256 --acc | %{run}
// RUN: %{gen} --op matmul --a f16 --b mxfp6_e2m3 --shape 1x128x4096 | %{run}
// RUN: %{gen} --op matmul --a f16 --b mxfp6_e3m2 --shape 3x32x32 --acc | %{run}
// RUN: %{gen} --op matmul --a f16 --b mxfp4 --shape 8x64x8192 | %{run}
// RUN: %{gen} --op matmul --a f16 --b mxint8 --shape 64x64x256 --acc | %{run}
// RUN: %{gen} --op matmul --a f16 --b mxfp4 --shape 8x64x4096 --dynamic --acc | %{run}
// RUN: %{gen} --op matmul --a f16 --b mxfp8_e4m3 --shape 3x32x1024 --dynamic | %{run}
// Dynamic rows, one at run time: the one-row branch of the lowering.
// RUN: %{gen} --op matmul --a f32 --b mxfp4 --shape 1x64x4096 --dynamic | %{run}
// RUN: %{gen} --op matmul --a bf16 --b nvfp4 --shape 1x20x256 --dynamic --acc | %{run}
// RUN: %{gen} --op matmul --a f16 --b mxfp6_e2m3 --shape 1x32x512 --dynamic | %{run}
// the quantized operand on the left
// RUN: %{gen} --op matmul --a mxfp4 --b f32 --shape 3x64x1024 | %{run}
// RUN: %{gen} --op matmul --a mxfp8_e4m3 --b bf16 --shape 8x32x256 --acc | %{run}
// the panel GEMM path at M = 64, and N that is no multiple of the register tile
// RUN: %{gen} --op matmul --a f32 --b mxfp4 --shape 64x64x4096 | %{run}
// RUN: %{gen} --op matmul --a bf16 --b mxfp4 --shape 64x64x4096 --acc | %{run}
// RUN: %{gen} --op matmul --a f16 --b mxfp4 --shape 64x48x2048 | %{run}
// the 6 x 64 outer-product tiles: M past whole tiles of 6 and 2, N no
// multiple of 64, K past whole panel depths (128 for f32, 256 for bf16),
// NVFP4's blocks of 16 and global scale
// RUN: %{gen} --op matmul --a f32 --b mxfp4 --shape 17x100x288 --acc | %{run}
// RUN: %{gen} --op matmul --a bf16 --b mxfp4 --shape 29x33x544 --dynamic | %{run}
// RUN: %{gen} --op matmul --a f32 --b nvfp4 --shape 16x20x160 --acc | %{run}
// RUN: %{gen} --op matmul --a bf16 --b mxfp8_e4m3 --shape 21x50x1056 --acc | %{run}
// up to 8 static rows of f32 activations with table-decoded FP4 weights:
// blocks decoded in registers once for all rows, pairs of weight rows
// RUN: %{gen} --op matmul --a f32 --b mxfp4 --shape 5x37x96 --acc | %{run}
// RUN: %{gen} --op matmul --a f32 --b nvfp4 --shape 7x10x64 --acc | %{run}
// RUN: %{gen} --op matmul --a f32 --b mxfp4 --shape 3x17x256 --acc | %{run}
// RUN: %{gen} --op matmul --a bf16 --b mxfp4 --shape 1x5x64 | %{run}
// RUN: %{gen} --op matmul --a bf16 --b mxfp8_e4m3 --shape 8x13x512 | %{run}
// one or two rows times E2M1 or E4M3 weights, K a multiple of 64 bytes of
// weights: 64 bytes per step, each lane's block scale applied to its summed
// products; weight rows past whole groups of 4
// RUN: %{gen} --op matmul --a f32 --b nvfp4 --shape 1x37x512 --acc | %{run}
// RUN: %{gen} --op matmul --a bf16 --b mxfp4 --shape 2x22x384 | %{run}
// RUN: %{gen} --op matmul --a f16 --b nvfp4 --shape 2x9x128 --dynamic --acc | %{run}
// RUN: %{gen} --op matmul --a bf16 --b mxfp8_e4m3 --shape 2x19x320 --acc | %{run}
// RUN: %{gen} --op matmul --a f32 --b mxfp8_e4m3 --shape 1x37x64 | %{run}

// CHECK: bound violations: 0{{$}}
// CHECK: max error / bound:
