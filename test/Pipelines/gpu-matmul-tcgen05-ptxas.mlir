// The block-scaled tcgen05.mma kernel of sm_100a and sm_103a in PTX
// (format=isa: the exact instructions per scheme; sm_103a's kernels call the
// intrinsics directly and come out the same) and assembled by ptxas into
// cubins (format=bin). No Blackwell GPU has run these kernels (docs/GPU.md).
// REQUIRES: ptxas
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_100a format=isa" | FileCheck %s -DCHIP=sm_100a
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_103a format=isa" | FileCheck %s -DCHIP=sm_103a
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_100a format=bin" | FileCheck %s --check-prefix=BIN
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_103a format=bin" | FileCheck %s --check-prefix=BIN

// BIN-COUNT-5: gpu.binary @{{.*}} [#gpu.object<#nvvm.target<{{.*}}bin = "\7FELF

// CHECK: gpu.binary @nvfp4_kernel
// CHECK-SAME: .version 8.8
// CHECK-SAME: .target [[CHIP]]
// CHECK-SAME: mbarrier.init.shared.b64
// CHECK-SAME: tcgen05.alloc.cta_group::1.sync.aligned.shared::cta.b32
// CHECK-SAME: cp.async.ca.shared.global
// CHECK-SAME: cp.async.commit_group
// CHECK-SAME: fence.proxy.async.shared::cta
// CHECK-SAME: tcgen05.cp.cta_group::1.32x128b.warpx4
// CHECK-SAME: tcgen05.mma.cta_group::1.kind::mxf4nvf4.block_scale.block16
// CHECK-SAME: tcgen05.commit.cta_group::1.mbarrier::arrive::one
// CHECK-SAME: mbarrier.try_wait.parity.shared.b64
// CHECK-SAME: tcgen05.ld.sync.aligned.32x32b.x16.b32
// CHECK-SAME: tcgen05.wait::ld.sync.aligned
// CHECK-SAME: tcgen05.dealloc.cta_group::1.sync.aligned.b32
func.func @nvfp4(%a: !microscale.tensor<3x64, nvfp4>, %b: !microscale.tensor<40x64, nvfp4>, %acc: tensor<3x40xf32>) -> tensor<3x40xf32> {
  %c = microscale.matmul %a, %b acc %acc : !microscale.tensor<3x64, nvfp4>, !microscale.tensor<40x64, nvfp4>, tensor<3x40xf32> -> tensor<3x40xf32>
  return %c : tensor<3x40xf32>
}

// CHECK: gpu.binary @mxfp4_kernel
// CHECK-SAME: tcgen05.mma.cta_group::1.kind::mxf4nvf4.block_scale.block32
func.func @mxfp4(%a: !microscale.tensor<?x256, mxfp4>, %b: !microscale.tensor<64x256, mxfp4>) -> tensor<?x64xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<?x256, mxfp4>, !microscale.tensor<64x256, mxfp4> -> tensor<?x64xf32>
  return %c : tensor<?x64xf32>
}

// CHECK: gpu.binary @mxfp8_kernel
// CHECK-SAME: tcgen05.mma.cta_group::1.kind::mxf8f6f4.block_scale.block32
func.func @mxfp8(%a: !microscale.tensor<8x4096, mxfp8_e4m3>, %b: !microscale.tensor<64x4096, mxfp8_e4m3>) -> tensor<8x64xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<8x4096, mxfp8_e4m3>, !microscale.tensor<64x4096, mxfp8_e4m3> -> tensor<8x64xf32>
  return %c : tensor<8x64xf32>
}

// CHECK: gpu.binary @mxfp6_kernel
// CHECK-SAME: tcgen05.mma.cta_group::1.kind::mxf8f6f4.block_scale.block32
func.func @mxfp6(%a: !microscale.tensor<5x64, mxfp6_e2m3>, %b: !microscale.tensor<9x64, mxfp6_e3m2>) -> tensor<5x9xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<5x64, mxfp6_e2m3>, !microscale.tensor<9x64, mxfp6_e3m2> -> tensor<5x9xf32>
  return %c : tensor<5x9xf32>
}

// MXINT8 has no block-scaled kind: the FMA kernel.
// CHECK: gpu.binary @mxint8_kernel
// CHECK-NOT: tcgen05
// CHECK-SAME: mul.rn.f32
func.func @mxint8(%a: !microscale.tensor<4x64, mxint8>, %b: !microscale.tensor<8x64, mxint8>) -> tensor<4x8xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<4x64, mxint8>, !microscale.tensor<8x64, mxint8> -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
}
