// The matmul kernels of every chip through ptxas (format=bin): the E4M3
// mma.sync of sm_89 and later assembles at the PTX version the target
// description gives each chip; so do the FMA kernels (sm_80, and the
// weight-only and MXINT8 / E5M2 cases everywhere).
// REQUIRES: ptxas
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_80 format=bin" | FileCheck %s
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_89 format=bin" | FileCheck %s
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_90a format=bin" | FileCheck %s
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_100a format=bin" | FileCheck %s
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_103a format=bin" | FileCheck %s
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_120a format=bin" | FileCheck %s
// The E4M3 mma.sync kernel for MXFP8 x MXFP4 as well.
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_89 format=bin inexact-tensor-cores=true" | FileCheck %s
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_90a format=bin inexact-tensor-cores=true" | FileCheck %s
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_100a format=bin inexact-tensor-cores=true" | FileCheck %s
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_103a format=bin inexact-tensor-cores=true" | FileCheck %s
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_120a format=bin inexact-tensor-cores=true" | FileCheck %s

// CHECK-COUNT-4: gpu.binary @{{.*}} [#gpu.object<#nvvm.target<{{.*}}bin = "\7FELF
func.func @mx(%a: !microscale.tensor<?x256, mxfp8_e4m3>, %b: !microscale.tensor<64x256, mxfp4>) -> tensor<?x64xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<?x256, mxfp8_e4m3>, !microscale.tensor<64x256, mxfp4> -> tensor<?x64xf32>
  return %c : tensor<?x64xf32>
}

func.func @nvfp4(%a: !microscale.tensor<3x64, nvfp4>, %b: !microscale.tensor<40x64, nvfp4>, %acc: tensor<3x40xf32>) -> tensor<3x40xf32> {
  %c = microscale.matmul %a, %b acc %acc : !microscale.tensor<3x64, nvfp4>, !microscale.tensor<40x64, nvfp4>, tensor<3x40xf32> -> tensor<3x40xf32>
  return %c : tensor<3x40xf32>
}

func.func @weight_only(%a: tensor<5x64xbf16>, %b: !microscale.tensor<16x64, mxint8>) -> tensor<5x16xf32> {
  %c = microscale.matmul %a, %b : tensor<5x64xbf16>, !microscale.tensor<16x64, mxint8> -> tensor<5x16xf32>
  return %c : tensor<5x16xf32>
}

func.func @e5m2(%a: !microscale.tensor<4x64, mxfp8_e5m2>, %b: !microscale.tensor<8x64, mxfp8_e5m2>) -> tensor<4x8xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<4x64, mxfp8_e5m2>, !microscale.tensor<8x64, mxfp8_e5m2> -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
}
