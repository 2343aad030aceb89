// GPU matmul of every scheme with itself, mixed schemes and weight-only.
// Each RUN line generates one complete program (kernel + checking main) with
// test/Integration/CPU/Inputs/gen_cpu_test.py (the programs are
// target-independent: expected values from the NumPy reference, cross-checked
// against the C++ numerics core), lowers it with --microscale-gpu-pipeline for
// this machine's GPU (%gpu_chip, see lit.local.cfg: the E4M3 mma.sync kernel
// on sm_89 and sm_90a, the block-scaled tensor cores on Blackwell) and, for
// the same-scheme cases, for sm_80 too (the FMA kernel), and runs it under
// mlir-runner with the CUDA runtime library.
// C must lie within the Numerics §4 bound of an f64 reference (see matmul_bound in the generator).
// REQUIRES: cuda-gpu, cuda-runtime
// DEFINE: %{gen} = %python %S/../../CPU/Inputs/gen_cpu_test.py --ccore %microscale_lib_dir/libMicroscaleFormatsCAPI%shlibext
// DEFINE: %{runner} = mlir-runner -e main -entry-point-result=void -shared-libs=%microscale_cuda_runtime,%mlir_runner_utils,%mlir_c_runner_utils
// DEFINE: %{run} = mx-opt --microscale-gpu-pipeline="chip=%gpu_chip format=isa" | %{runner} | FileCheck %s
// DEFINE: %{run_exact} = mx-opt --microscale-gpu-pipeline="chip=%gpu_chip format=isa inexact-tensor-cores=false" | %{runner} | FileCheck %s
// DEFINE: %{run80} = mx-opt --microscale-gpu-pipeline="chip=sm_80 format=isa" | %{runner} | FileCheck %s

// RUN: %{gen} --op matmul --a mxfp8_e4m3 --b mxfp8_e4m3 --shape 1x64x4096 --acc | %{run_exact}
// RUN: %{gen} --op matmul --a mxfp8_e4m3 --b mxfp8_e4m3 --shape 1x64x4096 --acc | %{run80}
// RUN: %{gen} --op matmul --a mxfp8_e4m3 --b mxfp8_e4m3 --shape 3x16x32 | %{run_exact}
// RUN: %{gen} --op matmul --a mxfp8_e4m3 --b mxfp8_e4m3 --shape 3x16x32 | %{run80}
// RUN: %{gen} --op matmul --a mxfp8_e4m3 --b mxfp8_e4m3 --shape 13x40x8192 --dynamic | %{run}
// RUN: %{gen} --op matmul --a mxfp8_e4m3 --b mxfp8_e4m3 --shape 13x40x8192 --dynamic | %{run80}
// RUN: %{gen} --op matmul --a mxfp8_e4m3 --b mxfp8_e4m3 --shape 64x64x256 --acc | %{run}
// RUN: %{gen} --op matmul --a mxfp8_e4m3 --b mxfp8_e4m3 --shape 64x64x256 --acc | %{run80}
// RUN: %{gen} --op matmul --a mxfp8_e5m2 --b mxfp8_e5m2 --shape 1x64x4096 | %{run}
// RUN: %{gen} --op matmul --a mxfp8_e5m2 --b mxfp8_e5m2 --shape 1x64x4096 | %{run80}
// RUN: %{gen} --op matmul --a mxfp8_e5m2 --b mxfp8_e5m2 --shape 3x16x32 | %{run}
// RUN: %{gen} --op matmul --a mxfp8_e5m2 --b mxfp8_e5m2 --shape 3x16x32 | %{run80}
// RUN: %{gen} --op matmul --a mxfp8_e5m2 --b mxfp8_e5m2 --shape 13x40x8192 --acc | %{run}
// RUN: %{gen} --op matmul --a mxfp8_e5m2 --b mxfp8_e5m2 --shape 13x40x8192 --acc | %{run80}
// RUN: %{gen} --op matmul --a mxfp8_e5m2 --b mxfp8_e5m2 --shape 64x64x256 | %{run}
// RUN: %{gen} --op matmul --a mxfp8_e5m2 --b mxfp8_e5m2 --shape 64x64x256 | %{run80}
// RUN: %{gen} --op matmul --a mxfp6_e2m3 --b mxfp6_e2m3 --shape 1x64x4096 | %{run}
// RUN: %{gen} --op matmul --a mxfp6_e2m3 --b mxfp6_e2m3 --shape 1x64x4096 | %{run80}
// RUN: %{gen} --op matmul --a mxfp6_e2m3 --b mxfp6_e2m3 --shape 3x16x32 --acc | %{run}
// RUN: %{gen} --op matmul --a mxfp6_e2m3 --b mxfp6_e2m3 --shape 3x16x32 --acc | %{run80}
// RUN: %{gen} --op matmul --a mxfp6_e2m3 --b mxfp6_e2m3 --shape 13x40x8192 --dynamic | %{run}
// RUN: %{gen} --op matmul --a mxfp6_e2m3 --b mxfp6_e2m3 --shape 13x40x8192 --dynamic | %{run80}
// RUN: %{gen} --op matmul --a mxfp6_e2m3 --b mxfp6_e2m3 --shape 64x64x256 | %{run}
// RUN: %{gen} --op matmul --a mxfp6_e2m3 --b mxfp6_e2m3 --shape 64x64x256 | %{run80}
// RUN: %{gen} --op matmul --a mxfp6_e3m2 --b mxfp6_e3m2 --shape 1x64x4096 --acc | %{run}
// RUN: %{gen} --op matmul --a mxfp6_e3m2 --b mxfp6_e3m2 --shape 1x64x4096 --acc | %{run80}
// RUN: %{gen} --op matmul --a mxfp6_e3m2 --b mxfp6_e3m2 --shape 3x16x32 | %{run}
// RUN: %{gen} --op matmul --a mxfp6_e3m2 --b mxfp6_e3m2 --shape 3x16x32 | %{run80}
// RUN: %{gen} --op matmul --a mxfp6_e3m2 --b mxfp6_e3m2 --shape 13x40x8192 | %{run}
// RUN: %{gen} --op matmul --a mxfp6_e3m2 --b mxfp6_e3m2 --shape 13x40x8192 | %{run80}
// RUN: %{gen} --op matmul --a mxfp6_e3m2 --b mxfp6_e3m2 --shape 64x64x256 --acc | %{run}
// RUN: %{gen} --op matmul --a mxfp6_e3m2 --b mxfp6_e3m2 --shape 64x64x256 --acc | %{run80}
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 1x64x4096 | %{run}
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 1x64x4096 | %{run80}
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 3x16x32 | %{run}
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 3x16x32 | %{run80}
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 13x40x8192 --acc --dynamic | %{run}
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 13x40x8192 --acc --dynamic | %{run80}
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 64x64x256 | %{run}
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 64x64x256 | %{run80}
// RUN: %{gen} --op matmul --a mxint8 --b mxint8 --shape 1x64x4096 | %{run}
// RUN: %{gen} --op matmul --a mxint8 --b mxint8 --shape 1x64x4096 | %{run80}
// RUN: %{gen} --op matmul --a mxint8 --b mxint8 --shape 3x16x32 --acc | %{run}
// RUN: %{gen} --op matmul --a mxint8 --b mxint8 --shape 3x16x32 --acc | %{run80}
// RUN: %{gen} --op matmul --a mxint8 --b mxint8 --shape 13x40x8192 | %{run}
// RUN: %{gen} --op matmul --a mxint8 --b mxint8 --shape 13x40x8192 | %{run80}
// RUN: %{gen} --op matmul --a mxint8 --b mxint8 --shape 64x64x256 | %{run}
// RUN: %{gen} --op matmul --a mxint8 --b mxint8 --shape 64x64x256 | %{run80}
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 1x64x4096 --acc | %{run}
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 1x64x4096 --acc | %{run80}
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 3x16x16 | %{run}
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 3x16x16 | %{run80}
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 13x40x8192 --dynamic | %{run}
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 13x40x8192 --dynamic | %{run80}
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 64x64x256 --acc | %{run}
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 64x64x256 --acc | %{run80}
// MXFP8 / MXFP6 on the tensor cores (the default), which round each
// K-block's sum to 14 bits; for K this long the Numerics §4 bound admits that
// rounding. Short K and mixed schemes above use inexact-tensor-cores=false
// (the FMA kernel), which the bound holds for at every K.
// RUN: %{gen} --op matmul --a mxfp8_e4m3 --b mxfp8_e4m3 --shape 13x40x8192 | %{run}
// RUN: %{gen} --op matmul --a mxfp6_e2m3 --b mxfp8_e4m3 --shape 3x64x8192 --acc | %{run}
// mixed schemes, K of a few blocks, odd N
// RUN: %{gen} --op matmul --a mxfp8_e4m3 --b mxfp4 --shape 7x24x96 | %{run_exact}
// RUN: %{gen} --op matmul --a mxfp6_e3m2 --b mxfp6_e2m3 --shape 5x33x2048 --acc | %{run_exact}
// NVFP4 with K not a multiple of 32 (the FMA kernel on every chip)
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 3x17x48 --acc | %{run}
// weight-only: float activations
// RUN: %{gen} --op matmul --a bf16 --b mxfp4 --shape 1x128x4096 | %{run}
// RUN: %{gen} --op matmul --a f16 --b nvfp4 --shape 7x64x1024 --acc | %{run}
// RUN: %{gen} --op matmul --a f32 --b mxfp8_e4m3 --shape 3x32x8192 --dynamic | %{run}
// RUN: %{gen} --op matmul --a mxfp4 --b bf16 --shape 5x16x256 | %{run}

// CHECK: bound violations: 0{{$}}
