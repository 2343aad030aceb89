// RUN: mx-opt %s --convert-microscale-to-gpu=chip=sm_89 -canonicalize -split-input-file | FileCheck %s --check-prefixes=CHECK,MMA
// RUN: mx-opt %s --convert-microscale-to-gpu=chip=sm_80 -canonicalize -split-input-file | FileCheck %s --check-prefixes=CHECK,FMA,EXACT
// RUN: mx-opt %s --convert-microscale-to-gpu="chip=sm_89 inexact-tensor-cores=false" -canonicalize -split-input-file | FileCheck %s --check-prefix=EXACT
// RUN: mx-opt %s --convert-microscale-to-gpu=chip=sm_89 -canonicalize -split-input-file | FileCheck %s --check-prefix=INEXACT
// sm_90a: the wgmma kernel (MatmulWgmma.cpp; its PTX in
// test/Pipelines/gpu-matmul-wgmma-ptxas.mlir) for the E4M3-representable
// pairings, the same exactness rule.
// RUN: mx-opt %s --convert-microscale-to-gpu=chip=sm_90a -canonicalize -split-input-file | FileCheck %s --check-prefixes=CHECK,WGMMA
// RUN: mx-opt %s --convert-microscale-to-gpu="chip=sm_90a inexact-tensor-cores=false" -canonicalize -split-input-file | FileCheck %s --check-prefix=EXACT

// MXFP4: on sm_89 (target description: MmaSyncFP8) 128
// threads stage E4M3 words and f32 block scales in shared memory, then one
// mma.sync per 16 x 8 tile and K-block, scaled by sa * sb after it. On sm_80
// (FMA) 256 threads stage dequantized f32 tiles and multiply-add.
// CHECK-LABEL: func.func @mx
// CHECK: gpu.launch async
// WGMMA-SAME: threads({{.*}} = %c256,
// WGMMA-SAME: dynamic_shared_memory_size
// WGMMA-COUNT-4: nvvm.wgmma.mma_async
// MMA-SAME: threads({{.*}} = %c128,
// MMA-SAME: workgroup(%{{.*}} : memref<64x8xi32, #gpu.address_space<workgroup>>, %{{.*}} : memref<32x8xi32, #gpu.address_space<workgroup>>, %{{.*}} : memref<64x1xf32, #gpu.address_space<workgroup>>, %{{.*}} : memref<32x1xf32, #gpu.address_space<workgroup>>)
// MMA: memref.store {{.*}} : memref<64x8xi32, #gpu.address_space<workgroup>>
// MMA: gpu.barrier
// MMA-COUNT-4: llvm.call_intrinsic "llvm.nvvm.mma.m16n8k32.row.col.f32.e4m3.e4m3.f32"({{.*}}) : (i32, i32, i32, i32, i32, i32, f32, f32, f32, f32) -> !llvm.struct<(f32, f32, f32, f32)>
// FMA-SAME: threads({{.*}} = %c256,
// FMA-SAME: workgroup(%{{.*}} : memref<16x32xf32, #gpu.address_space<workgroup>>, %{{.*}} : memref<16x32xf32, #gpu.address_space<workgroup>>)
// FMA-NOT: llvm.call_intrinsic
// FMA: gpu.barrier
// FMA: arith.mulf
// FMA: arith.addf
// CHECK: gpu.memcpy
// CHECK: gpu.wait [
func.func @mx(%a: !microscale.tensor<?x256, mxfp4>, %b: !microscale.tensor<64x256, mxfp4>) -> tensor<?x64xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<?x256, mxfp4>, !microscale.tensor<64x256, mxfp4> -> tensor<?x64xf32>
  return %c : tensor<?x64xf32>
}

// -----

// MXFP8 x MXFP6: a K-block's products span more bits than the FP8 tensor
// cores keep when they sum them (14 on sm_89 / sm_90a): the tensor cores
// take it by default, the FMA kernel with inexact-tensor-cores=false.
// EXACT-LABEL: func.func @mxfp8_mxfp6
// EXACT-NOT: llvm.call_intrinsic
// EXACT: memref<16x32xf32, #gpu.address_space<workgroup>>
// EXACT-NOT: llvm.call_intrinsic
// EXACT: return
// INEXACT-LABEL: func.func @mxfp8_mxfp6
// INEXACT-COUNT-4: llvm.call_intrinsic "llvm.nvvm.mma.m16n8k32.row.col.f32.e4m3.e4m3.f32"
// WGMMA-LABEL: func.func @mxfp8_mxfp6
// WGMMA: nvgpu.tma.create.descriptor
// WGMMA-NOT: nvgpu.tma.create.descriptor
// WGMMA: nvvm.wgmma.mma_async
func.func @mxfp8_mxfp6(%a: !microscale.tensor<8x128, mxfp8_e4m3>, %b: !microscale.tensor<16x128, mxfp6_e3m2>) -> tensor<8x16xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<8x128, mxfp8_e4m3>, !microscale.tensor<16x128, mxfp6_e3m2> -> tensor<8x16xf32>
  return %c : tensor<8x16xf32>
}

// -----

// NVFP4 (blocks of 16): two mma per K step of 32, each with the other half
// of the fragments zeroed; the globals scale C in the epilogue, then the
// accumulator input is added.
// CHECK-LABEL: func.func @nvfp4
// CHECK: %{{.*}}, %{{.*}}, %[[GA:.*]] = microscale.unpack %arg0
// CHECK: %{{.*}}, %{{.*}}, %[[GB:.*]] = microscale.unpack %arg1
// WGMMA-COUNT-4: nvvm.wgmma.mma_async
// WGMMA: arith.mulf {{.*}}, %[[GA]]
// WGMMA: arith.mulf {{.*}}, %[[GB]]
// MMA: gpu.launch async {{.*}} memref<64x2xf32, #gpu.address_space<workgroup>>
// MMA-COUNT-8: llvm.call_intrinsic "llvm.nvvm.mma.m16n8k32.row.col.f32.e4m3.e4m3.f32"
// MMA: arith.mulf {{.*}}, %[[GA]]
// MMA: arith.mulf {{.*}}, %[[GB]]
// CHECK: memref.load {{.*}} : memref<?xf32>
// CHECK: arith.addf
func.func @nvfp4(%a: !microscale.tensor<3x64, nvfp4>, %b: !microscale.tensor<40x64, nvfp4>, %acc: tensor<3x40xf32>) -> tensor<3x40xf32> {
  %c = microscale.matmul %a, %b acc %acc : !microscale.tensor<3x64, nvfp4>, !microscale.tensor<40x64, nvfp4>, tensor<3x40xf32> -> tensor<3x40xf32>
  return %c : tensor<3x40xf32>
}

// -----

// Element formats the E4M3 tensor cores do not take exactly (MXINT8, E5M2)
// and float operands use the FMA kernel on every chip.
// CHECK-LABEL: func.func @weight_only
// CHECK-NOT: llvm.call_intrinsic
// CHECK: memref<16x32xf32, #gpu.address_space<workgroup>>
// CHECK: memref.load {{.*}} : memref<?xbf16>
// CHECK-NOT: llvm.call_intrinsic
// CHECK: return
// WGMMA-NOT: nvvm.wgmma.mma_async
func.func @weight_only(%a: tensor<5x64xbf16>, %b: !microscale.tensor<16x64, mxint8>) -> tensor<5x16xf32> {
  %c = microscale.matmul %a, %b : tensor<5x64xbf16>, !microscale.tensor<16x64, mxint8> -> tensor<5x16xf32>
  return %c : tensor<5x16xf32>
}

// -----

// CHECK-LABEL: func.func @e5m2
// CHECK-NOT: llvm.call_intrinsic
// CHECK: return
// WGMMA-NOT: nvvm.wgmma.mma_async
func.func @e5m2(%a: !microscale.tensor<4x64, mxfp8_e5m2>, %b: !microscale.tensor<8x64, mxfp8_e5m2>) -> tensor<4x8xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<4x64, mxfp8_e5m2>, !microscale.tensor<8x64, mxfp8_e5m2> -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
}
