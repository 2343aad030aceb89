// The GPU's FMA matmul kernel (sm_80, and every chip for the formats its
// tensor cores do not sum exactly) checked without a GPU: the host emulation runs
// each block's threads phase by phase between the kernel's barriers
// (test-microscale-emulate-gpu-on-host) on the very IR the chip would get. The
// programs come from test/Integration/CPU/Inputs/gen_cpu_test.py; C must lie
// within the Numerics §4 bound of an f64 reference. ../Kernels runs them
// (and the tensor-core kernel, which has no host counterpart) on a real GPU.
// DEFINE: %{gen} = %python %S/../../CPU/Inputs/gen_cpu_test.py --ccore %microscale_lib_dir/libMicroscaleFormatsCAPI%shlibext
// DEFINE: %{run} = mx-opt --test-microscale-gpu-emulation-pipeline="chip=sm_80" | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils | FileCheck %s

// every scheme; odd M and N, M = 1, K of one block to a few hundred blocks;
// an accumulator; dynamic M
// RUN: %{gen} --op matmul --a mxfp8_e4m3 --b mxfp8_e4m3 --shape 7x24x1024 --acc | %{run}
// RUN: %{gen} --op matmul --a mxfp8_e5m2 --b mxfp8_e5m2 --shape 1x16x32 | %{run}
// RUN: %{gen} --op matmul --a mxfp6_e2m3 --b mxfp6_e3m2 --shape 3x17x256 --dynamic | %{run}
// RUN: %{gen} --op matmul --a mxfp4 --b mxfp4 --shape 13x40x8192 --acc | %{run}
// RUN: %{gen} --op matmul --a mxint8 --b mxint8 --shape 5x8x128 | %{run}
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 3x17x48 --acc | %{run}
// RUN: %{gen} --op matmul --a nvfp4 --b nvfp4 --shape 1x32x2048 | %{run}
// weight-only: float activations or weights
// RUN: %{gen} --op matmul --a bf16 --b mxfp4 --shape 1x128x512 | %{run}
// RUN: %{gen} --op matmul --a f16 --b nvfp4 --shape 7x64x256 --acc | %{run}
// RUN: %{gen} --op matmul --a mxfp8_e4m3 --b f32 --shape 3x8x64 --dynamic | %{run}

// CHECK: bound violations: 0{{$}}
