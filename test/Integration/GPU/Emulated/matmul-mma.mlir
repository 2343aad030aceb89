// The GPU's warp-level tensor-core matmul kernel (E4M3 mma.sync.m16n8k32:
// sm_89, and sm_90a for blocks other than 16 and 32; sm_90a's wgmma kernel
// is beyond the emulation, emulate-on-host-wgmma.mlir) checked without a GPU: the host emulation runs the kernel's IR phase by
// phase between its barriers and computes each mma.sync per warp from the
// fragments its lanes staged, by the PTX ISA's fragment layout
// (test-microscale-emulate-gpu-on-host). This checks the kernel's staging, exact
// FP4/FP6 upcast, fragment indexing, per-K-block scaling and epilogue; the
// emulation sums a K-block's products in f32, so the tensor cores' own
// rounding of MXFP6/MXFP8 K-block sums is not modelled:
// ../Kernels runs the same programs on a real GPU. The programs come from
// test/Integration/CPU/Inputs/gen_cpu_test.py; C must lie within the Numerics
// §4 bound of an f64 reference.
// DEFINE: %{gen} = %python %S/../../CPU/Inputs/gen_cpu_test.py --ccore %microscale_lib_dir/libMicroscaleFormatsCAPI%shlibext
// DEFINE: %{run} = mx-opt --test-microscale-gpu-emulation-pipeline="chip=sm_89" | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | FileCheck %s

// MXFP4 and NVFP4 (blocks of 16: two mma per K step, halves zeroed, globals
// in the epilogue): odd M and N over several 64 x 32 tiles, M = 1, K of one
// block to 8192, an accumulator, dynamic M
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 67x40x256 --acc | %{run}
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 1x64x8192 --dynamic | %{run}
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 13x33x32 --acc | %{run}
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 3x64x2048 | %{run}
// every other element format the kernel upcasts
// RUN: %{gen} --op matmul --a mxfp8_e4m3 --b mxfp6_e3m2 --shape 5x24x96 --acc | %{run}
// RUN: %{gen} --op matmul --a mxfp6_e2m3 --b mxfp4 --shape 7x17x1024 | %{run}

// CHECK: bound violations: 0{{$}}
