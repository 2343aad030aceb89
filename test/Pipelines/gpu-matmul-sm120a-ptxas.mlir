// sm_120a's warp-level block-scaled MMA in PTX (format=isa: the exact
// instruction per scheme) and assembled by ptxas into cubins (format=bin).
// No sm_120a GPU has run these kernels (docs/GPU.md).
// REQUIRES: ptxas
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_120a format=isa" | FileCheck %s
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_120a format=bin" | FileCheck %s --check-prefix=BIN

// BIN-COUNT-6: gpu.binary @{{.*}} [#gpu.object<#nvvm.target<{{.*}}bin = "\7FELF

// CHECK: gpu.binary @mxfp4_kernel
// CHECK-SAME: .version 8.7
// CHECK-SAME: .target sm_120a
// CHECK-SAME: mma.sync.aligned.m16n8k64.row.col.kind::mxf4nvf4.block_scale.scale_vec::2X.f32.e2m1.e2m1.f32.ue8m0
func.func @mxfp4(%a: !microscale.tensor<?x256, mxfp4>, %b: !microscale.tensor<64x256, mxfp4>) -> tensor<?x64xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<?x256, mxfp4>, !microscale.tensor<64x256, mxfp4> -> tensor<?x64xf32>
  return %c : tensor<?x64xf32>
}

// CHECK: gpu.binary @nvfp4_kernel
// CHECK-SAME: mma.sync.aligned.m16n8k64.row.col.kind::mxf4nvf4.block_scale.scale_vec::4X.f32.e2m1.e2m1.f32.ue4m3
func.func @nvfp4(%a: !microscale.tensor<3x64, nvfp4>, %b: !microscale.tensor<40x64, nvfp4>, %acc: tensor<3x40xf32>) -> tensor<3x40xf32> {
  %c = microscale.matmul %a, %b acc %acc : !microscale.tensor<3x64, nvfp4>, !microscale.tensor<40x64, nvfp4>, tensor<3x40xf32> -> tensor<3x40xf32>
  return %c : tensor<3x40xf32>
}

// CHECK: gpu.binary @mxfp8_kernel
// CHECK-SAME: mma.sync.aligned.m16n8k32.row.col.kind::mxf8f6f4.block_scale.scale_vec::1X.f32.e4m3.e4m3.f32.ue8m0
func.func @mxfp8(%a: !microscale.tensor<8x4096, mxfp8_e4m3>, %b: !microscale.tensor<64x4096, mxfp8_e4m3>) -> tensor<8x64xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<8x4096, mxfp8_e4m3>, !microscale.tensor<64x4096, mxfp8_e4m3> -> tensor<8x64xf32>
  return %c : tensor<8x64xf32>
}

// CHECK: gpu.binary @mxfp6_kernel
// CHECK-SAME: mma.sync.aligned.m16n8k32.row.col.kind::mxf8f6f4.block_scale.scale_vec::1X.f32.e2m3.e3m2.f32.ue8m0
func.func @mxfp6(%a: !microscale.tensor<5x64, mxfp6_e2m3>, %b: !microscale.tensor<9x64, mxfp6_e3m2>) -> tensor<5x9xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<5x64, mxfp6_e2m3>, !microscale.tensor<9x64, mxfp6_e3m2> -> tensor<5x9xf32>
  return %c : tensor<5x9xf32>
}

// CHECK: gpu.binary @mxfp8_e5m2_mxfp4_kernel
// CHECK-SAME: mma.sync.aligned.m16n8k32.row.col.kind::mxf8f6f4.block_scale.scale_vec::1X.f32.e5m2.e2m1.f32.ue8m0
func.func @mxfp8_e5m2_mxfp4(%a: !microscale.tensor<4x64, mxfp8_e5m2>, %b: !microscale.tensor<8x64, mxfp4>) -> tensor<4x8xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<4x64, mxfp8_e5m2>, !microscale.tensor<8x64, mxfp4> -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
}

// MXINT8 has no block-scaled kind: the FMA kernel.
// CHECK: gpu.binary @mxint8_kernel
// CHECK-NOT: block_scale
// CHECK-SAME: mul.rn.f32
func.func @mxint8(%a: !microscale.tensor<4x64, mxint8>, %b: !microscale.tensor<8x64, mxint8>) -> tensor<4x8xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<4x64, mxint8>, !microscale.tensor<8x64, mxint8> -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
}
