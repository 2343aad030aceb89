// The PTX of the matmul kernels per chip (format=isa): E4M3 mma.sync on
// sm_89, wgmma on sm_90a (gpu-matmul-wgmma-ptxas.mlir has every scheme), the block-scaled tcgen05.mma of sm_100a and
// sm_103a and mma.sync of sm_120a (gpu-matmul-tcgen05-ptxas.mlir and
// gpu-matmul-sm120a-ptxas.mlir have every scheme),
// dequantized tiles and FMA on sm_80, at each chip's PTX version.
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_80 format=isa" | FileCheck %s --check-prefix=SM80
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_89 format=isa" | FileCheck %s --check-prefixes=MMA -DVERSION=8.4 -DCHIP=sm_89
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_90a format=isa" | FileCheck %s --check-prefixes=SM90A
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_100a format=isa" | FileCheck %s --check-prefixes=SM100 -DCHIP=sm_100a
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_103a format=isa" | FileCheck %s --check-prefixes=SM100 -DCHIP=sm_103a
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_120a format=isa" | FileCheck %s --check-prefixes=SM120
// MXFP8 goes to the FP8 tensor cores by default (sm_89: mma.sync, sm_90a:
// wgmma, gpu-matmul-wgmma-ptxas.mlir); inexact-tensor-cores=false keeps it
// on the FMA kernel (the tensor cores round its K-block sums).
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_90a format=isa inexact-tensor-cores=false" | FileCheck %s --check-prefix=EXACT
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_89 format=isa" | FileCheck %s --check-prefix=INEXACT
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_90a format=isa" | FileCheck %s --check-prefix=WGMMA

// SM80: gpu.binary @matmul_kernel
// SM80-SAME: .version 7.0
// SM80-SAME: .target sm_80
// SM80-SAME: .shared .align 4 .b8
// SM80-NOT: mma.sync
// SM80-SAME: bar.sync
// SM80-SAME: mul.rn.f32
// SM80-SAME: add.rn.f32

// MMA: gpu.binary @matmul_kernel
// MMA-SAME: .version [[VERSION]]
// MMA-SAME: .target [[CHIP]]
// MMA-SAME: bar.sync
// MMA-SAME: mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32
// SM90A: gpu.binary @matmul_kernel
// SM90A-SAME: .version 8.4
// SM90A-SAME: .target sm_90a
// SM90A-SAME: wgmma.mma_async.sync.aligned.m64n128k32.f32.e4m3.e4m3
// SM100: gpu.binary @matmul_kernel
// SM100-SAME: .version 8.8
// SM100-SAME: .target [[CHIP]]
// SM100-SAME: tcgen05.mma.cta_group::1.kind::mxf4nvf4.block_scale.block32
// SM120: gpu.binary @matmul_kernel
// SM120-SAME: .version 8.7
// SM120-SAME: .target sm_120a
// SM120-SAME: mma.sync.aligned.m16n8k64.row.col.kind::mxf4nvf4.block_scale.scale_vec::2X.f32.e2m1.e2m1.f32.ue8m0
func.func @matmul(%a: !microscale.tensor<?x256, mxfp4>, %b: !microscale.tensor<64x256, mxfp4>) -> tensor<?x64xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<?x256, mxfp4>, !microscale.tensor<64x256, mxfp4> -> tensor<?x64xf32>
  return %c : tensor<?x64xf32>
}

// EXACT: gpu.binary @mxfp8_kernel
// EXACT-NOT: mma.sync
// EXACT-SAME: mul.rn.f32
// INEXACT: gpu.binary @mxfp8_kernel
// INEXACT-SAME: mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32
// WGMMA: gpu.binary @mxfp8_kernel
// WGMMA-NOT: mma.sync
// WGMMA-SAME: wgmma.mma_async.sync.aligned.m64n128k32.f32.e4m3.e4m3
func.func @mxfp8(%a: !microscale.tensor<8x4096, mxfp8_e4m3>, %b: !microscale.tensor<64x4096, mxfp8_e4m3>) -> tensor<8x64xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<8x4096, mxfp8_e4m3>, !microscale.tensor<64x4096, mxfp8_e4m3> -> tensor<8x64xf32>
  return %c : tensor<8x64xf32>
}
