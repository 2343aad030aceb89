// sm_120a's warp-level block-scaled matmul kernel (nvvm.mma.block_scale:
// m16n8k64 kind::mxf4nvf4 with 2X ue8m0 or 4X ue4m3 scales, m16n8k32
// kind::mxf8f6f4 with 1X ue8m0) checked without a GPU: the host emulation runs
// the kernel's IR phase by phase and computes each MMA per warp from the
// fragments and scale registers its lanes staged, by the PTX ISA's layouts
// (EmulateBlockScaleMma.cpp). This checks the kernel's staging (packed E2M1
// words, one byte per element with FP4 in bits [5:2] and FP6 in [5:0],
// scale words per K-chunk), fragment and scale-lane indexing and epilogue;
// the emulation sums in f32, so the tensor core's own precision is not
// modelled, and no sm_120a GPU has run the kernel. C must lie within the
// Numerics §4 bound of an f64 reference.
// DEFINE: %{gen} = %python %S/../../CPU/Inputs/gen_cpu_test.py --ccore %microscale_lib_dir/libMicroscaleFormatsCAPI%shlibext
// DEFINE: %{run} = mx-opt --test-microscale-gpu-emulation-pipeline="chip=sm_120a" | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | FileCheck %s

// kind::mxf4nvf4: MXFP4 (2X ue8m0) and NVFP4 (4X ue4m3, globals in the
// epilogue), odd M and N over several 64 x 32 tiles, M = 1, K to 8192, an
// accumulator, dynamic M
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 67x40x256 --acc | %{run}
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 1x64x8192 --dynamic | %{run}
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 13x33x64 --acc | %{run}
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 3x64x2048 | %{run}
// kind::mxf8f6f4: FP8, FP6, mixed pairings, MXFP4 with K = 32 mod 64
// RUN: %{gen} --op matmul --a mxfp8_e4m3 --b mxfp6_e3m2 --shape 5x24x96 --acc | %{run}
// RUN: %{gen} --op matmul --a mxfp6_e2m3 --b mxfp4 --shape 7x17x1024 | %{run}
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 9x10x96 | %{run}
// RUN: %{gen} --op matmul --a mxfp8_e5m2 --b mxfp8_e5m2 --shape 70x35x160 | %{run}

// CHECK: bound violations: 0{{$}}
