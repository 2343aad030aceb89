// sm_90a's matmul on wgmma (lib/Conversion/MicroscaleToGPU/MatmulWgmma.cpp):
// the instructions it is made of, its host side (a TMA tensor map per E4M3
// operand, 256 threads, the dynamic shared memory of the ring), and ptxas
// assembling it for MXFP8 (TMA), MXFP4, NVFP4 and MXFP6 (upcast by the
// threads), a mixed pairing, static and dynamic shapes, partial tiles along
// M, N and K, an accumulator, and device-resident functions.
// REQUIRES: ptxas
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_90a format=bin" | FileCheck %s --check-prefix=BIN
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_90a format=bin host-data=false" | FileCheck %s --check-prefix=BIN
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_90a format=isa" | FileCheck %s
// With inexact-tensor-cores=false the E4M3 K-block sums, which the tensor
// cores round, stay on the FMA kernel (the exactness rule of GPUTarget).
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_90a format=isa inexact-tensor-cores=false" | FileCheck %s --check-prefix=EXACT

// BIN-COUNT-7: gpu.binary @{{.*}} [#gpu.object<#nvvm.target<chip = "sm_90a", features = "+ptx84">{{.*}}bin = "\7FELF

// Host: one tensor map per operand, 256 threads, 128 KiB of stages + the
// barriers + 1 KiB to align the ring to the 128-byte swizzle's pattern.
// CHECK-LABEL: llvm.func @square(
// CHECK-DAG:     %[[SMEM:.*]] = llvm.mlir.constant(132128 : i32) : i32
// CHECK-DAG:     %[[THREADS:.*]] = llvm.mlir.constant(256 : index) : i64
// CHECK:         llvm.call @mgpuTensorMapEncodeTiledMemref(
// CHECK:         llvm.call @mgpuTensorMapEncodeTiledMemref(
// CHECK:         gpu.launch_func {{.*}} threads in (%[[THREADS]], {{.*}}) : i64 dynamic_shared_memory_size %[[SMEM]]

// Device: barriers set up once, the ring filled by TMA on them, then per
// stage a wait on its barrier and four wgmma, each waited for before its
// K-block is scaled.
// CHECK:      gpu.binary @square_kernel
// CHECK-SAME: .version 8.4
// CHECK-SAME: .target sm_90a
// CHECK-SAME: mbarrier.init.shared.b64
// CHECK-SAME: fence.mbarrier_init.release.cluster
// CHECK-SAME: mbarrier.arrive.expect_tx.shared.b64
// CHECK-SAME: cp.async.bulk.tensor.2d.shared::cluster.global.tile.mbarrier::complete_tx::bytes
// CHECK-SAME: mbarrier.try_wait.parity.shared.b64
// CHECK-SAME: bar.sync
// CHECK-SAME: wgmma.fence.sync.aligned
// CHECK-SAME: wgmma.mma_async.sync.aligned.m64n128k32.f32.e4m3.e4m3
// CHECK-SAME: wgmma.commit_group.sync.aligned
// CHECK-SAME: wgmma.wait_group.sync.aligned \090;
// CHECK-NOT:  mma.sync
func.func @square(%a: !microscale.tensor<256x1024, mxfp8_e4m3>, %b: !microscale.tensor<256x1024, mxfp8_e4m3>) -> tensor<256x256xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<256x1024, mxfp8_e4m3>, !microscale.tensor<256x1024, mxfp8_e4m3> -> tensor<256x256xf32>
  return %c : tensor<256x256xf32>
}

// EXACT-LABEL: gpu.binary @square_kernel
// EXACT-NOT:   wgmma
// EXACT-SAME:  mul.rn.f32

// Partial tiles: 200 rows, 136 columns, K = 96 (one stage, three blocks).
// CHECK-LABEL: gpu.binary @partial_kernel
// CHECK-SAME:  wgmma.mma_async.sync.aligned.m64n128k32.f32.e4m3.e4m3
func.func @partial(%a: !microscale.tensor<200x96, mxfp8_e4m3>, %b: !microscale.tensor<136x96, mxfp8_e4m3>, %acc: tensor<200x136xf32>) -> tensor<200x136xf32> {
  %c = microscale.matmul %a, %b acc %acc : !microscale.tensor<200x96, mxfp8_e4m3>, !microscale.tensor<136x96, mxfp8_e4m3>, tensor<200x136xf32> -> tensor<200x136xf32>
  return %c : tensor<200x136xf32>
}

// CHECK-LABEL: gpu.binary @dynamic_kernel
// CHECK-SAME:  wgmma.mma_async.sync.aligned.m64n128k32.f32.e4m3.e4m3
func.func @dynamic(%a: !microscale.tensor<?x4096, mxfp8_e4m3>, %b: !microscale.tensor<?x4096, mxfp8_e4m3>) -> tensor<?x?xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<?x4096, mxfp8_e4m3>, !microscale.tensor<?x4096, mxfp8_e4m3> -> tensor<?x?xf32>
  return %c : tensor<?x?xf32>
}

// FP4 and FP6 operands are upcast by the threads (no tensor map, no
// barrier), fenced for the tensor cores' proxy; MXFP4 x MXFP4 sums exactly
// and keeps the tensor cores with inexact-tensor-cores=false too.
// CHECK-LABEL: llvm.func @mxfp4(
// CHECK-NOT:     mgpuTensorMapEncodeTiledMemref
// CHECK:         llvm.return
// CHECK-LABEL: gpu.binary @mxfp4_kernel
// CHECK-NOT:   cp.async.bulk
// CHECK-SAME:  fence.proxy.async.shared::cta
// CHECK-SAME:  bar.sync
// CHECK-SAME:  wgmma.mma_async.sync.aligned.m64n128k32.f32.e4m3.e4m3
// EXACT-LABEL: gpu.binary @mxfp4_kernel
// EXACT-SAME:  wgmma.mma_async.sync.aligned.m64n128k32.f32.e4m3.e4m3
func.func @mxfp4(%a: !microscale.tensor<64x256, mxfp4>, %b: !microscale.tensor<64x256, mxfp4>) -> tensor<64x64xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<64x256, mxfp4>, !microscale.tensor<64x256, mxfp4> -> tensor<64x64xf32>
  return %c : tensor<64x64xf32>
}

// NVFP4: blocks of 16, each in the first half of a 32-byte K slice.
// CHECK-LABEL: gpu.binary @nvfp4_kernel
// CHECK-SAME:  fence.proxy.async.shared::cta
// CHECK-SAME:  wgmma.mma_async.sync.aligned.m64n128k32.f32.e4m3.e4m3
func.func @nvfp4(%a: !microscale.tensor<200x96, nvfp4>, %b: !microscale.tensor<136x96, nvfp4>, %acc: tensor<200x136xf32>) -> tensor<200x136xf32> {
  %c = microscale.matmul %a, %b acc %acc : !microscale.tensor<200x96, nvfp4>, !microscale.tensor<136x96, nvfp4>, tensor<200x136xf32> -> tensor<200x136xf32>
  return %c : tensor<200x136xf32>
}

// MXFP8 x MXFP6: A by TMA (one tensor map), B upcast.
// CHECK-LABEL: llvm.func @mixed(
// CHECK:         llvm.call @mgpuTensorMapEncodeTiledMemref(
// CHECK-NOT:     llvm.call @mgpuTensorMapEncodeTiledMemref(
// CHECK:         llvm.return
// CHECK-LABEL: gpu.binary @mixed_kernel
// CHECK-SAME:  cp.async.bulk.tensor.2d.shared::cluster.global.tile.mbarrier::complete_tx::bytes
// CHECK-SAME:  fence.proxy.async.shared::cta
// CHECK-SAME:  mbarrier.try_wait.parity.shared.b64
// CHECK-SAME:  wgmma.mma_async.sync.aligned.m64n128k32.f32.e4m3.e4m3
func.func @mixed(%a: !microscale.tensor<200x256, mxfp8_e4m3>, %b: !microscale.tensor<136x256, mxfp6_e3m2>) -> tensor<200x136xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<200x256, mxfp8_e4m3>, !microscale.tensor<136x256, mxfp6_e3m2> -> tensor<200x136xf32>
  return %c : tensor<200x136xf32>
}

// Blocks of 128 span four wgmma: the warp-level kernel takes them.
// CHECK-LABEL: gpu.binary @blocks128_kernel
// CHECK-NOT:   wgmma
// CHECK-SAME:  mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32
func.func @blocks128(%a: !microscale.tensor<64x256, #microscale.scheme<f4E2M1FN, block = 128, scale = f8E8M0FNU>>, %b: !microscale.tensor<64x256, #microscale.scheme<f4E2M1FN, block = 128, scale = f8E8M0FNU>>) -> tensor<64x64xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<64x256, #microscale.scheme<f4E2M1FN, block = 128, scale = f8E8M0FNU>>, !microscale.tensor<64x256, #microscale.scheme<f4E2M1FN, block = 128, scale = f8E8M0FNU>> -> tensor<64x64xf32>
  return %c : tensor<64x64xf32>
}
