// The repository's example (examples/quantized-linear.mlir: MXFP4, NVFP4 and
// MXFP8 quantize, matmul and dequantize) compiled for the Blackwell chips
// into cubins through ptxas; every kernel becomes a binary.
// REQUIRES: ptxas
// RUN: mx-opt %S/../../examples/quantized-linear.mlir --microscale-gpu-pipeline="chip=sm_100a format=bin" | FileCheck %s
// RUN: mx-opt %S/../../examples/quantized-linear.mlir --microscale-gpu-pipeline="chip=sm_103a format=bin" | FileCheck %s
// RUN: mx-opt %S/../../examples/quantized-linear.mlir --microscale-gpu-pipeline="chip=sm_120a format=bin" | FileCheck %s
// CHECK-NOT: gpu.module
// CHECK-COUNT-11: gpu.binary @{{.*}}bin = "\7FELF
// CHECK-NOT: gpu.module
