// matmul with both operands block-scaled (OCP MX schemes).
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
// Pairs of E2M1, E2M3 and INT8 elements take exact int8 dot products where
// the host has AVX-512 VNNI; these keep the f32 path of such pairs tested.
// DEFINE: %{run-f32} = mx-opt --microscale-cpu-pipeline="features=avx512f,avx512bf16" | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils,%openmp_runtime | FileCheck %s

// each scheme with itself on three of the four shapes M = 1, 3, 8, 64 (K = 4096,
// one block, 8192, 256), rotating, the middle one with acc
// RUN: %{gen} --op matmul --a mxfp8_e4m3 --b mxfp8_e4m3 --shape 1x64x4096 | %{run}
// RUN: %{gen} --op matmul --a mxfp8_e4m3 --b mxfp8_e4m3 --shape 3x16x32 --acc | %{run}
// RUN: %{gen} --op matmul --a mxfp8_e4m3 --b mxfp8_e4m3 --shape 8x32x8192 | %{run}
// RUN: %{gen} --op matmul --a mxfp8_e5m2 --b mxfp8_e5m2 --shape 3x16x32 | %{run}
// RUN: %{gen} --op matmul --a mxfp8_e5m2 --b mxfp8_e5m2 --shape 8x32x8192 --acc | %{run}
// RUN: %{gen} --op matmul --a mxfp8_e5m2 --b mxfp8_e5m2 --shape 64x64x256 | %{run}
// RUN: %{gen} --op matmul --a mxfp6_e2m3 --b mxfp6_e2m3 --shape 8x32x8192 | %{run}
// RUN: %{gen} --op matmul --a mxfp6_e2m3 --b mxfp6_e2m3 --shape 64x64x256 --acc | %{run}
// RUN: %{gen} --op matmul --a mxfp6_e2m3 --b mxfp6_e2m3 --shape 1x64x4096 | %{run}
// RUN: %{gen} --op matmul --a mxfp6_e3m2 --b mxfp6_e3m2 --shape 64x64x256 | %{run}
// RUN: %{gen} --op matmul --a mxfp6_e3m2 --b mxfp6_e3m2 --shape 1x64x4096 --acc | %{run}
// RUN: %{gen} --op matmul --a mxfp6_e3m2 --b mxfp6_e3m2 --shape 3x16x32 | %{run}
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 1x64x4096 | %{run}
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 3x16x32 --acc | %{run}
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 8x32x8192 | %{run}
// RUN: %{gen} --op matmul --a mxint8 --b mxint8 --shape 3x16x32 | %{run}
// RUN: %{gen} --op matmul --a mxint8 --b mxint8 --shape 8x32x8192 --acc | %{run}
// RUN: %{gen} --op matmul --a mxint8 --b mxint8 --shape 64x64x256 | %{run}
// dynamic M
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 8x32x4096 --dynamic --acc | %{run}
// RUN: %{gen} --op matmul --a mxfp8_e4m3 --b mxfp8_e4m3 --shape 3x32x1024 --dynamic | %{run}
// RUN: %{gen} --op matmul --a mxint8 --b mxint8 --shape 64x16x512 --dynamic | %{run}
// mixed element formats sharing the block size
// RUN: %{gen} --op matmul --a mxfp8_e4m3 --b mxfp4 --shape 8x64x4096 | %{run}
// RUN: %{gen} --op matmul --a mxfp8_e5m2 --b mxfp6_e3m2 --shape 3x32x1024 --acc | %{run}
// RUN: %{gen} --op matmul --a mxint8 --b mxfp6_e2m3 --shape 64x32x256 --dynamic | %{run}
// RUN: %{gen} --op matmul --a mxfp4 --b mxint8 --shape 1x64x2048 | %{run}
// the panel GEMM path at M = 64, and N that is no multiple of the register tile
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 64x64x4096 | %{run}
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 3x17x256 --acc | %{run}
// RUN: %{gen} --op matmul --a mxfp8_e4m3 --b mxfp8_e4m3 --shape 64x13x512 | %{run}
// RUN: %{gen} --op matmul --a mxfp6_e3m2 --b mxfp6_e3m2 --shape 1x5x64 | %{run}
// the int8 path's edges: K past whole chunks of 64 (96) and past a whole
// panel depth of 512 (544), M and N no multiple of the 4 x 32 tile, NaN
// blocks (A's first row, B's last row: a NaN row and column of C)
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 5x40x96 --nonfinite | %{run}
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 6x33x544 --acc | %{run}
// RUN: %{gen} --op matmul --a mxint8 --b mxint8 --shape 9x20x608 --nonfinite --dynamic | %{run}
// RUN: %{gen} --op matmul --a mxfp6_e2m3 --b mxint8 --shape 2x16x64 --nonfinite | %{run}
// RUN: %{gen} --op matmul --a mxfp8_e4m3 --b mxfp8_e4m3 --shape 3x16x64 --nonfinite | %{run}
// INT8 and E2M3 activations times E2M1 weights (ggml's q8_0 x mxfp4 in OCP
// form): A's images rearranged into the weights' table lookup order
// RUN: %{gen} --op matmul --a mxint8 --b mxfp4 --shape 8x40x608 --nonfinite | %{run}
// RUN: %{gen} --op matmul --a mxint8 --b mxfp4 --shape 5x33x96 --acc --dynamic | %{run}
// RUN: %{gen} --op matmul --a mxfp6_e2m3 --b mxfp4 --shape 3x16x544 | %{run}
// NVFP4 weights (E4M3 scales, global) on the int8 path, with 8-bit
// activations in blocks of 16 or NVFP4 ones
// RUN: %{gen} --op matmul --a mxint8:16 --b nvfp4 --shape 8x40x608 --nonfinite | %{run}
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 5x33x96 --acc --dynamic | %{run}
// RUN: %{gen} --op matmul --a mxint8:16 --b nvfp4 --shape 1x24x256 --nonfinite | %{run}
// one or two rows, K a multiple of 64 bytes of weights: A dequantized,
// E2M1 or E4M3 weights 64 bytes per step (NaN blocks in A's first row and
// B's last row)
// RUN: %{gen} --op matmul --a mxint8 --b mxfp4 --shape 1x40x256 --nonfinite | %{run}
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 2x19x384 --nonfinite --acc | %{run}
// RUN: %{gen} --op matmul --a mxfp8_e4m3 --b mxfp8_e4m3 --shape 1x24x192 --nonfinite | %{run}
// the same pairs on the f32 path
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 5x40x96 --nonfinite | %{run-f32}
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 64x64x4096 | %{run-f32}
// RUN: %{gen} --op matmul --a mxint8 --b mxfp6_e2m3 --shape 9x20x608 --acc --dynamic | %{run-f32}
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 1x64x256 --nonfinite | %{run-f32}

// CHECK: bound violations: 0{{$}}
// CHECK: max error / bound:
