// sm_100a (target description: Tcgen05BlockScale): one CTA of 128 threads
// per 128 x 128 tile of C, the accumulator in Tensor Memory, operands
// staged with cp.async in two buffers, scales moved to Tensor Memory with
// tcgen05.cp, block-scaled tcgen05.mma issued by thread 0 and committed to
// an mbarrier, tcgen05.ld epilogue.
// RUN: mx-opt %s --convert-microscale-to-gpu=chip=sm_100a -canonicalize -split-input-file | FileCheck %s

// NVFP4: kind::mxf4nvf4 block16 (UE4M3 scales); two MMAs per stage of 128
// elements, each with its own 128x4 scale tile (columns 128 and 132 for A,
// 136 and 140 for B); the globals scale D in the epilogue.
// CHECK-LABEL: func.func @nvfp4
// CHECK: %{{.*}}, %{{.*}}, %[[GA:.*]] = microscale.unpack %arg0
// CHECK: %{{.*}}, %{{.*}}, %[[GB:.*]] = microscale.unpack %arg1
// CHECK: gpu.launch async
// CHECK-SAME: threads({{.*}} = %c128,
// CHECK-SAME: workgroup(%{{.*}} : memref<4614xi64, #gpu.address_space<workgroup>>)
// CHECK: nvvm.mbarrier.init
// CHECK: nvvm.mbarrier.init
// CHECK: nvvm.fence.mbarrier.init
// CHECK: nvvm.tcgen05.alloc %{{.*}}, %c256_i32 : !llvm.ptr<3>, i32
// CHECK: nvvm.tcgen05.relinquish_alloc_permit
// CHECK: nvvm.tcgen05.fence <before>
// CHECK: gpu.barrier
// CHECK: nvvm.tcgen05.fence <after>
// CHECK: nvvm.cp.async.shared.global {{.*}}, 4, cache =  ca, {{.*}} : !llvm.ptr<3>, !llvm.ptr<1>, i32
// CHECK: nvvm.cp.async.shared.global
// CHECK: nvvm.cp.async.commit.group
// CHECK: nvvm.cp.async.wait.group 0
// CHECK: nvvm.fence.proxy {kind = #nvvm.proxy_kind<async.shared>, space = #nvvm.shared_space<cta>}
// CHECK: gpu.barrier
// CHECK-COUNT-4: nvvm.tcgen05.cp {{.*}} {multicast = #nvvm.tcgen05_cp_multicast<warpx4>, shape = #nvvm.tcgen05_cp_shape<shape_32x128b>}
// The operands' descriptors: leading byte offset 2048 (128 encoded), stride
// byte offset 128 (8 encoded). The idesc 0x08200480: M 128, N 128, E2M1 x
// E2M1, UE4M3 scales, scale IDs 0.
// CHECK: nvvm.tcgen05.mma_smem_desc(%{{.*}}, %c128_i32, %c8_i32, %c0_i8, %false, %c0_i8) : (i32, i32, i32, i8, i1, i8) -> i64
// CHECK: nvvm.tcgen05.mma.block_scale %{{.*}}, %{{.*}}, %{{.*}}, %c136316032_i32, %false, {{.*}} {blockScale = #nvvm.tcgen05_mma_block_scale<block16>, ctaGroup = #nvvm.cta_group<cta_1>, kind = #nvvm.block_scale_kind<mxf4nvf4>}
// CHECK: nvvm.tcgen05.mma.block_scale %{{.*}}, %{{.*}}, %{{.*}}, %c136316032_i32, %true, {{.*}} {blockScale = #nvvm.tcgen05_mma_block_scale<block16>, ctaGroup = #nvvm.cta_group<cta_1>, kind = #nvvm.block_scale_kind<mxf4nvf4>}
// CHECK: nvvm.tcgen05.commit
// CHECK: nvvm.mbarrier.try_wait.parity
// CHECK: nvvm.tcgen05.fence <after>
// CHECK: nvvm.tcgen05.ld {{.*}} {shape = #nvvm.tcgen05_ldst_shape<shape_32x32b>} : vector<16xi32>
// CHECK: nvvm.tcgen05.wait <load>
// CHECK: arith.mulf {{.*}}, %[[GA]]
// CHECK: arith.mulf {{.*}}, %[[GB]]
// CHECK: nvvm.tcgen05.fence <before>
// CHECK: gpu.barrier
// CHECK: nvvm.tcgen05.dealloc %{{.*}}, %c256_i32
func.func @nvfp4(%a: !microscale.tensor<3x64, nvfp4>, %b: !microscale.tensor<40x64, nvfp4>, %acc: tensor<3x40xf32>) -> tensor<3x40xf32> {
  %c = microscale.matmul %a, %b acc %acc : !microscale.tensor<3x64, nvfp4>, !microscale.tensor<40x64, nvfp4>, tensor<3x40xf32> -> tensor<3x40xf32>
  return %c : tensor<3x40xf32>
}

// -----

// MXFP4, K = 512: kind::mxf4nvf4 block32 (E8M0 scales, idesc bit 23), one
// scale tile per stage read by both MMAs (scale IDs 0 and 2); 4 stages, the
// next stage's copies issued before the MMAs of this one, the buffer reused
// after its mbarrier phase completed.
// CHECK-LABEL: func.func @mxfp4
// CHECK: scf.for
// CHECK: scf.if
// CHECK: nvvm.mbarrier.try_wait.parity
// CHECK: nvvm.cp.async.commit.group
// CHECK: nvvm.cp.async.wait.group 1
// CHECK: } else {
// CHECK: nvvm.cp.async.wait.group 0
// CHECK-COUNT-2: nvvm.tcgen05.cp
// CHECK-NOT: nvvm.tcgen05.cp
// CHECK: nvvm.tcgen05.mma.block_scale {{.*}}, %c144704640_i32, {{.*}}blockScale = #nvvm.tcgen05_mma_block_scale<block32>{{.*}}kind = #nvvm.block_scale_kind<mxf4nvf4>
// CHECK: nvvm.tcgen05.mma.block_scale {{.*}}, %c1218446496_i32, {{.*}}blockScale = #nvvm.tcgen05_mma_block_scale<block32>{{.*}}kind = #nvvm.block_scale_kind<mxf4nvf4>
// CHECK: nvvm.tcgen05.commit
func.func @mxfp4(%a: !microscale.tensor<?x512, mxfp4>, %b: !microscale.tensor<256x512, mxfp4>) -> tensor<?x256xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<?x512, mxfp4>, !microscale.tensor<256x512, mxfp4> -> tensor<?x256xf32>
  return %c : tensor<?x256xf32>
}

// -----

// MXFP8 x MXFP6: kind::mxf8f6f4 block32, E4M3 (code 0) x E3M2 (code 4).
// CHECK-LABEL: func.func @mxfp8_mxfp6
// CHECK: nvvm.tcgen05.mma.block_scale {{.*}}blockScale = #nvvm.tcgen05_mma_block_scale<block32>{{.*}}kind = #nvvm.block_scale_kind<mxf8f6f4>
func.func @mxfp8_mxfp6(%a: !microscale.tensor<8x128, mxfp8_e4m3>, %b: !microscale.tensor<16x128, mxfp6_e3m2>) -> tensor<8x16xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<8x128, mxfp8_e4m3>, !microscale.tensor<16x128, mxfp6_e3m2> -> tensor<8x16xf32>
  return %c : tensor<8x16xf32>
}

// -----

// No block-scaled kind: the FMA kernel.
// CHECK-LABEL: func.func @mxint8
// CHECK-NOT: nvvm.tcgen05
// CHECK: return
func.func @mxint8(%a: !microscale.tensor<4x64, mxint8>, %b: !microscale.tensor<8x64, mxint8>) -> tensor<4x8xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<4x64, mxint8>, !microscale.tensor<8x64, mxint8> -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
}
