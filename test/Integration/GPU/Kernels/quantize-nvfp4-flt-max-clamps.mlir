// GPU quantize to NVFP4 where the encode scales overflow f32 (Numerics §3.1,
// §3.3, §3.4: g and g / s clamped to FLT_MAX) on this machine's GPU (%gpu_chip,
// see lit.local.cfg): the program and its expected codes are the CPU test's.
// REQUIRES: cuda-gpu, cuda-runtime
// DEFINE: %{prog} = %S/../../CPU/quantize-nvfp4-flt-max-clamps.mlir
// RUN: mx-opt %{prog} --microscale-gpu-pipeline="chip=%gpu_chip format=isa" | mlir-runner -e main -entry-point-result=void -shared-libs=%microscale_cuda_runtime,%mlir_runner_utils,%mlir_c_runner_utils | FileCheck %{prog}
