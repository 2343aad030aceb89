// sm_120a (target description: MmaBlockScale): warp-level nvvm.mma.block_scale,
// the scales applied by the tensor cores. 128 threads stage 8 words per row
// of A (64 rows) and B (32 rows) and one word of scale codes per row.
// RUN: mx-opt %s --convert-microscale-to-gpu=chip=sm_120a -canonicalize -split-input-file | FileCheck %s

// MXFP4, K a multiple of 64: m16n8k64 kind::mxf4nvf4, 2X ue8m0; the packed
// E2M1 bytes are the registers (four byte loads per word, no decoding).
// CHECK-LABEL: func.func @mxfp4
// CHECK: gpu.launch async
// CHECK-SAME: threads({{.*}} = %c128,
// CHECK-SAME: workgroup(%{{.*}} : memref<64x8xi32, #gpu.address_space<workgroup>>, %{{.*}} : memref<32x8xi32, #gpu.address_space<workgroup>>, %{{.*}} : memref<64x1xi32, #gpu.address_space<workgroup>>, %{{.*}} : memref<32x1xi32, #gpu.address_space<workgroup>>)
// CHECK: scf.for {{.*}} step %c64
// CHECK: gpu.barrier
// CHECK-COUNT-4: nvvm.mma.block_scale {{.*}} {blockScaleFormat = #nvvm.block_scale_format<ue8m0>, kind = #nvvm.block_scale_kind<mxf4nvf4>, multiplicandAPtxType = #nvvm.mma_type<e2m1>, multiplicandBPtxType = #nvvm.mma_type<e2m1>, scaleVecSize = #nvvm.scale_vec_size<x2>, shape = #nvvm.shape<m = 16, n = 8, k = 64>}
// CHECK-NOT: llvm.call_intrinsic
func.func @mxfp4(%a: !microscale.tensor<?x256, mxfp4>, %b: !microscale.tensor<64x256, mxfp4>) -> tensor<?x64xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<?x256, mxfp4>, !microscale.tensor<64x256, mxfp4> -> tensor<?x64xf32>
  return %c : tensor<?x64xf32>
}

// -----

// NVFP4: m16n8k64 kind::mxf4nvf4, 4X ue4m3 (block16); the globals scale C
// in the epilogue, then the accumulator input is added.
// CHECK-LABEL: func.func @nvfp4
// CHECK: %{{.*}}, %{{.*}}, %[[GA:.*]] = microscale.unpack %arg0
// CHECK: %{{.*}}, %{{.*}}, %[[GB:.*]] = microscale.unpack %arg1
// CHECK-COUNT-4: nvvm.mma.block_scale {{.*}} {blockScaleFormat = #nvvm.block_scale_format<ue4m3>, kind = #nvvm.block_scale_kind<mxf4nvf4>, multiplicandAPtxType = #nvvm.mma_type<e2m1>, multiplicandBPtxType = #nvvm.mma_type<e2m1>, scaleVecSize = #nvvm.scale_vec_size<x4>, shape = #nvvm.shape<m = 16, n = 8, k = 64>}
// CHECK: arith.mulf {{.*}}, %[[GA]]
// CHECK: arith.mulf {{.*}}, %[[GB]]
// CHECK: memref.load {{.*}} : memref<?xf32>
// CHECK: arith.addf
func.func @nvfp4(%a: !microscale.tensor<3x64, nvfp4>, %b: !microscale.tensor<40x64, nvfp4>, %acc: tensor<3x40xf32>) -> tensor<3x40xf32> {
  %c = microscale.matmul %a, %b acc %acc : !microscale.tensor<3x64, nvfp4>, !microscale.tensor<40x64, nvfp4>, tensor<3x40xf32> -> tensor<3x40xf32>
  return %c : tensor<3x40xf32>
}

// -----

// MXFP8 x MXFP6: m16n8k32 kind::mxf8f6f4, 1X ue8m0, each operand with its
// own element type; FP6 codes go one to a byte.
// CHECK-LABEL: func.func @mxfp8_mxfp6
// CHECK: scf.for {{.*}} step %c32
// CHECK-COUNT-4: nvvm.mma.block_scale {{.*}} {blockScaleFormat = #nvvm.block_scale_format<ue8m0>, kind = #nvvm.block_scale_kind<mxf8f6f4>, multiplicandAPtxType = #nvvm.mma_type<e4m3>, multiplicandBPtxType = #nvvm.mma_type<e3m2>, scaleVecSize = #nvvm.scale_vec_size<x1>, shape = #nvvm.shape<m = 16, n = 8, k = 32>}
func.func @mxfp8_mxfp6(%a: !microscale.tensor<8x128, mxfp8_e4m3>, %b: !microscale.tensor<16x128, mxfp6_e3m2>) -> tensor<8x16xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<8x128, mxfp8_e4m3>, !microscale.tensor<16x128, mxfp6_e3m2> -> tensor<8x16xf32>
  return %c : tensor<8x16xf32>
}

// -----

// MXFP4 with K = 96 (not a multiple of 64): kind::mxf8f6f4 with E2M1 codes
// one to a byte, in bits [5:2] (shifted left by 2).
// CHECK-LABEL: func.func @mxfp4_k96
// CHECK: arith.shli %{{.*}}, %c2_i32
// CHECK-COUNT-4: nvvm.mma.block_scale {{.*}}kind = #nvvm.block_scale_kind<mxf8f6f4>, multiplicandAPtxType = #nvvm.mma_type<e2m1>, multiplicandBPtxType = #nvvm.mma_type<e2m1>, scaleVecSize = #nvvm.scale_vec_size<x1>, shape = #nvvm.shape<m = 16, n = 8, k = 32>}
func.func @mxfp4_k96(%a: !microscale.tensor<4x96, mxfp4>, %b: !microscale.tensor<8x96, mxfp4>) -> tensor<4x8xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<4x96, mxfp4>, !microscale.tensor<8x96, mxfp4> -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
}

// -----

// MXFP8 E5M2 x E5M2 as well.
// CHECK-LABEL: func.func @e5m2
// CHECK-COUNT-4: nvvm.mma.block_scale {{.*}}multiplicandAPtxType = #nvvm.mma_type<e5m2>, multiplicandBPtxType = #nvvm.mma_type<e5m2>
func.func @e5m2(%a: !microscale.tensor<4x64, mxfp8_e5m2>, %b: !microscale.tensor<8x64, mxfp8_e5m2>) -> tensor<4x8xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<4x64, mxfp8_e5m2>, !microscale.tensor<8x64, mxfp8_e5m2> -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
}

// -----

// What no block-scaled kind multiplies takes the FMA kernel: MXINT8, float
// operands, NVFP4 with K not a multiple of 64.
// CHECK-LABEL: func.func @fallbacks
// CHECK-NOT: nvvm.mma.block_scale
// CHECK: return
func.func @fallbacks(%x: tensor<5x64xbf16>, %i8: !microscale.tensor<16x64, mxint8>,
                     %n32: !microscale.tensor<4x32, nvfp4>, %n32b: !microscale.tensor<8x32, nvfp4>)
    -> (tensor<5x16xf32>, tensor<4x8xf32>) {
  %0 = microscale.matmul %x, %i8 : tensor<5x64xbf16>, !microscale.tensor<16x64, mxint8> -> tensor<5x16xf32>
  %1 = microscale.matmul %n32, %n32b : !microscale.tensor<4x32, nvfp4>, !microscale.tensor<8x32, nvfp4> -> tensor<4x8xf32>
  return %0, %1 : tensor<5x16xf32>, tensor<4x8xf32>
}
