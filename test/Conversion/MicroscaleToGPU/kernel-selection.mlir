// The GPU kernel selection on its own: which kernel convert-microscale-to-gpu
// runs each matmul with, per chip, with and without inexact-tensor-cores.
// RUN: mx-opt %s --test-microscale-gpu-kernel-selection=chip=sm_80 -o /dev/null 2>&1 | FileCheck %s --check-prefix=SM80
// RUN: mx-opt %s --test-microscale-gpu-kernel-selection=chip=sm_89 -o /dev/null 2>&1 | FileCheck %s --check-prefix=SM89
// RUN: mx-opt %s --test-microscale-gpu-kernel-selection="chip=sm_89 inexact-tensor-cores=false" -o /dev/null 2>&1 | FileCheck %s --check-prefix=SM89X
// RUN: mx-opt %s --test-microscale-gpu-kernel-selection=chip=sm_90a -o /dev/null 2>&1 | FileCheck %s --check-prefix=SM90
// RUN: mx-opt %s --test-microscale-gpu-kernel-selection="chip=sm_90a inexact-tensor-cores=false" -o /dev/null 2>&1 | FileCheck %s --check-prefix=SM90X
// Block-scaled tensor cores apply every block's scale: the option does not
// change their choice.
// RUN: mx-opt %s --test-microscale-gpu-kernel-selection=chip=sm_100a -o /dev/null 2>&1 | FileCheck %s --check-prefix=SM100
// RUN: mx-opt %s --test-microscale-gpu-kernel-selection="chip=sm_100a inexact-tensor-cores=false" -o /dev/null 2>&1 | FileCheck %s --check-prefix=SM100
// RUN: mx-opt %s --test-microscale-gpu-kernel-selection=chip=sm_103a -o /dev/null 2>&1 | FileCheck %s --check-prefix=SM100
// RUN: mx-opt %s --test-microscale-gpu-kernel-selection=chip=sm_120a -o /dev/null 2>&1 | FileCheck %s --check-prefix=SM120
// RUN: mx-opt %s --test-microscale-gpu-kernel-selection="chip=sm_120a inexact-tensor-cores=false" -o /dev/null 2>&1 | FileCheck %s --check-prefix=SM120
// RUN: not mx-opt %s --test-microscale-gpu-kernel-selection=chip=sm_90 -o /dev/null 2>&1 | FileCheck %s --check-prefix=BADCHIP

// BADCHIP: error: unsupported chip 'sm_90'; expected one of sm_80, sm_89, sm_90a, sm_100a, sm_103a, sm_120a

// MXFP4: tensor cores on every chip that has them; E2M1 x E2M1 block sums
// are exact, so inexact-tensor-cores=false keeps them there.
// SM80: :[[@LINE+8]]:{{[0-9]+}}: remark: kernel fma
// SM89: :[[@LINE+7]]:{{[0-9]+}}: remark: kernel mma-sync-fp8
// SM89X: :[[@LINE+6]]:{{[0-9]+}}: remark: kernel mma-sync-fp8
// SM90: :[[@LINE+5]]:{{[0-9]+}}: remark: kernel wgmma-fp8
// SM90X: :[[@LINE+4]]:{{[0-9]+}}: remark: kernel wgmma-fp8
// SM100: :[[@LINE+3]]:{{[0-9]+}}: remark: kernel tcgen05-block-scale
// SM120: :[[@LINE+2]]:{{[0-9]+}}: remark: kernel mma-block-scale
func.func @mxfp4(%a: !microscale.tensor<128x4096, mxfp4>, %b: !microscale.tensor<256x4096, mxfp4>) -> tensor<128x256xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<128x4096, mxfp4>, !microscale.tensor<256x4096, mxfp4> -> tensor<128x256xf32>
  return %c : tensor<128x256xf32>
}

// NVFP4 (blocks of 16, UE4M3 scales): as MXFP4.
// SM80: :[[@LINE+8]]:{{[0-9]+}}: remark: kernel fma
// SM89: :[[@LINE+7]]:{{[0-9]+}}: remark: kernel mma-sync-fp8
// SM89X: :[[@LINE+6]]:{{[0-9]+}}: remark: kernel mma-sync-fp8
// SM90: :[[@LINE+5]]:{{[0-9]+}}: remark: kernel wgmma-fp8
// SM90X: :[[@LINE+4]]:{{[0-9]+}}: remark: kernel wgmma-fp8
// SM100: :[[@LINE+3]]:{{[0-9]+}}: remark: kernel tcgen05-block-scale
// SM120: :[[@LINE+2]]:{{[0-9]+}}: remark: kernel mma-block-scale
func.func @nvfp4(%a: !microscale.tensor<128x4096, nvfp4>, %b: !microscale.tensor<256x4096, nvfp4>) -> tensor<128x256xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<128x4096, nvfp4>, !microscale.tensor<256x4096, nvfp4> -> tensor<128x256xf32>
  return %c : tensor<128x256xf32>
}

// MXFP8, any number of rows: the FP8 tensor cores round its block sums,
// so without inexact-tensor-cores sm_89 and sm_90a keep it on FMA; the
// block-scaled tensor cores of sm_100a and sm_120a scale per block.
// SM80: :[[@LINE+8]]:{{[0-9]+}}: remark: kernel fma
// SM89: :[[@LINE+7]]:{{[0-9]+}}: remark: kernel mma-sync-fp8
// SM89X: :[[@LINE+6]]:{{[0-9]+}}: remark: kernel fma
// SM90: :[[@LINE+5]]:{{[0-9]+}}: remark: kernel wgmma-fp8
// SM90X: :[[@LINE+4]]:{{[0-9]+}}: remark: kernel fma
// SM100: :[[@LINE+3]]:{{[0-9]+}}: remark: kernel tcgen05-block-scale
// SM120: :[[@LINE+2]]:{{[0-9]+}}: remark: kernel mma-block-scale
func.func @mxfp8_dynamic_rows(%a: !microscale.tensor<?x4096, mxfp8_e4m3>, %b: !microscale.tensor<256x4096, mxfp8_e4m3>) -> tensor<?x256xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<?x4096, mxfp8_e4m3>, !microscale.tensor<256x4096, mxfp8_e4m3> -> tensor<?x256xf32>
  return %c : tensor<?x256xf32>
}

// MXFP6 (E2M3): as MXFP8.
// SM80: :[[@LINE+8]]:{{[0-9]+}}: remark: kernel fma
// SM89: :[[@LINE+7]]:{{[0-9]+}}: remark: kernel mma-sync-fp8
// SM89X: :[[@LINE+6]]:{{[0-9]+}}: remark: kernel fma
// SM90: :[[@LINE+5]]:{{[0-9]+}}: remark: kernel wgmma-fp8
// SM90X: :[[@LINE+4]]:{{[0-9]+}}: remark: kernel fma
// SM100: :[[@LINE+3]]:{{[0-9]+}}: remark: kernel tcgen05-block-scale
// SM120: :[[@LINE+2]]:{{[0-9]+}}: remark: kernel mma-block-scale
func.func @mxfp6(%a: !microscale.tensor<128x4096, mxfp6_e2m3>, %b: !microscale.tensor<256x4096, mxfp6_e2m3>) -> tensor<128x256xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<128x4096, mxfp6_e2m3>, !microscale.tensor<256x4096, mxfp6_e2m3> -> tensor<128x256xf32>
  return %c : tensor<128x256xf32>
}

// Mixed element formats: E2M1 x E4M3 sums are rounded too.
// SM80: :[[@LINE+8]]:{{[0-9]+}}: remark: kernel fma
// SM89: :[[@LINE+7]]:{{[0-9]+}}: remark: kernel mma-sync-fp8
// SM89X: :[[@LINE+6]]:{{[0-9]+}}: remark: kernel fma
// SM90: :[[@LINE+5]]:{{[0-9]+}}: remark: kernel wgmma-fp8
// SM90X: :[[@LINE+4]]:{{[0-9]+}}: remark: kernel fma
// SM100: :[[@LINE+3]]:{{[0-9]+}}: remark: kernel tcgen05-block-scale
// SM120: :[[@LINE+2]]:{{[0-9]+}}: remark: kernel mma-block-scale
func.func @mxfp4_times_mxfp8(%a: !microscale.tensor<128x4096, mxfp4>, %b: !microscale.tensor<256x4096, mxfp8_e4m3>) -> tensor<128x256xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<128x4096, mxfp4>, !microscale.tensor<256x4096, mxfp8_e4m3> -> tensor<128x256xf32>
  return %c : tensor<128x256xf32>
}

// E5M2 does not upcast exactly to E4M3: FMA before Blackwell.
// SM80: :[[@LINE+8]]:{{[0-9]+}}: remark: kernel fma
// SM89: :[[@LINE+7]]:{{[0-9]+}}: remark: kernel fma
// SM89X: :[[@LINE+6]]:{{[0-9]+}}: remark: kernel fma
// SM90: :[[@LINE+5]]:{{[0-9]+}}: remark: kernel fma
// SM90X: :[[@LINE+4]]:{{[0-9]+}}: remark: kernel fma
// SM100: :[[@LINE+3]]:{{[0-9]+}}: remark: kernel tcgen05-block-scale
// SM120: :[[@LINE+2]]:{{[0-9]+}}: remark: kernel mma-block-scale
func.func @mxfp8_e5m2(%a: !microscale.tensor<128x4096, mxfp8_e5m2>, %b: !microscale.tensor<256x4096, mxfp8_e5m2>) -> tensor<128x256xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<128x4096, mxfp8_e5m2>, !microscale.tensor<256x4096, mxfp8_e5m2> -> tensor<128x256xf32>
  return %c : tensor<128x256xf32>
}

// MXINT8: no tensor-core kernel takes int8 elements.
// SM80: :[[@LINE+8]]:{{[0-9]+}}: remark: kernel fma
// SM89: :[[@LINE+7]]:{{[0-9]+}}: remark: kernel fma
// SM89X: :[[@LINE+6]]:{{[0-9]+}}: remark: kernel fma
// SM90: :[[@LINE+5]]:{{[0-9]+}}: remark: kernel fma
// SM90X: :[[@LINE+4]]:{{[0-9]+}}: remark: kernel fma
// SM100: :[[@LINE+3]]:{{[0-9]+}}: remark: kernel fma
// SM120: :[[@LINE+2]]:{{[0-9]+}}: remark: kernel fma
func.func @mxint8(%a: !microscale.tensor<128x4096, mxint8>, %b: !microscale.tensor<256x4096, mxint8>) -> tensor<128x256xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<128x4096, mxint8>, !microscale.tensor<256x4096, mxint8> -> tensor<128x256xf32>
  return %c : tensor<128x256xf32>
}

// A float operand: every tensor-core kernel needs both block-scaled.
// SM80: :[[@LINE+8]]:{{[0-9]+}}: remark: kernel fma
// SM89: :[[@LINE+7]]:{{[0-9]+}}: remark: kernel fma
// SM89X: :[[@LINE+6]]:{{[0-9]+}}: remark: kernel fma
// SM90: :[[@LINE+5]]:{{[0-9]+}}: remark: kernel fma
// SM90X: :[[@LINE+4]]:{{[0-9]+}}: remark: kernel fma
// SM100: :[[@LINE+3]]:{{[0-9]+}}: remark: kernel fma
// SM120: :[[@LINE+2]]:{{[0-9]+}}: remark: kernel fma
func.func @float_activations(%a: tensor<128x4096xf32>, %b: !microscale.tensor<256x4096, mxfp4>) -> tensor<128x256xf32> {
  %c = microscale.matmul %a, %b : tensor<128x4096xf32>, !microscale.tensor<256x4096, mxfp4> -> tensor<128x256xf32>
  return %c : tensor<128x256xf32>
}

// Blocks of 128: one wgmma sums one block of at most 32, so sm_90a
// falls back to mma.sync; the block-scaled kinds read 32-element chunks.
// SM80: :[[@LINE+8]]:{{[0-9]+}}: remark: kernel fma
// SM89: :[[@LINE+7]]:{{[0-9]+}}: remark: kernel mma-sync-fp8
// SM89X: :[[@LINE+6]]:{{[0-9]+}}: remark: kernel mma-sync-fp8
// SM90: :[[@LINE+5]]:{{[0-9]+}}: remark: kernel mma-sync-fp8
// SM90X: :[[@LINE+4]]:{{[0-9]+}}: remark: kernel mma-sync-fp8
// SM100: :[[@LINE+3]]:{{[0-9]+}}: remark: kernel tcgen05-block-scale
// SM120: :[[@LINE+2]]:{{[0-9]+}}: remark: kernel mma-block-scale
func.func @blocks128(%a: !microscale.tensor<128x4096, #microscale.scheme<f4E2M1FN, block = 128, scale = f8E8M0FNU>>, %b: !microscale.tensor<256x4096, #microscale.scheme<f4E2M1FN, block = 128, scale = f8E8M0FNU>>) -> tensor<128x256xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<128x4096, #microscale.scheme<f4E2M1FN, block = 128, scale = f8E8M0FNU>>, !microscale.tensor<256x4096, #microscale.scheme<f4E2M1FN, block = 128, scale = f8E8M0FNU>> -> tensor<128x256xf32>
  return %c : tensor<128x256xf32>
}

// Blocks of 8: smaller than any tensor-core kernel's K step or scale chunk.
// SM80: :[[@LINE+8]]:{{[0-9]+}}: remark: kernel fma
// SM89: :[[@LINE+7]]:{{[0-9]+}}: remark: kernel fma
// SM89X: :[[@LINE+6]]:{{[0-9]+}}: remark: kernel fma
// SM90: :[[@LINE+5]]:{{[0-9]+}}: remark: kernel fma
// SM90X: :[[@LINE+4]]:{{[0-9]+}}: remark: kernel fma
// SM100: :[[@LINE+3]]:{{[0-9]+}}: remark: kernel fma
// SM120: :[[@LINE+2]]:{{[0-9]+}}: remark: kernel fma
func.func @blocks8(%a: !microscale.tensor<128x4096, #microscale.scheme<f8E4M3FN, block = 8, scale = f8E8M0FNU>>, %b: !microscale.tensor<256x4096, #microscale.scheme<f8E4M3FN, block = 8, scale = f8E8M0FNU>>) -> tensor<128x256xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<128x4096, #microscale.scheme<f8E4M3FN, block = 8, scale = f8E8M0FNU>>, !microscale.tensor<256x4096, #microscale.scheme<f8E4M3FN, block = 8, scale = f8E8M0FNU>> -> tensor<128x256xf32>
  return %c : tensor<128x256xf32>
}

// E4M3 in blocks of 16: wgmma pads a block to 32 and mma.sync takes two
// per step (their sums inexact, as MXFP8's); kind::mxf8f6f4 has one scale
// per 32 elements.
// SM80: :[[@LINE+8]]:{{[0-9]+}}: remark: kernel fma
// SM89: :[[@LINE+7]]:{{[0-9]+}}: remark: kernel mma-sync-fp8
// SM89X: :[[@LINE+6]]:{{[0-9]+}}: remark: kernel fma
// SM90: :[[@LINE+5]]:{{[0-9]+}}: remark: kernel wgmma-fp8
// SM90X: :[[@LINE+4]]:{{[0-9]+}}: remark: kernel fma
// SM100: :[[@LINE+3]]:{{[0-9]+}}: remark: kernel fma
// SM120: :[[@LINE+2]]:{{[0-9]+}}: remark: kernel fma
func.func @e4m3_blocks16(%a: !microscale.tensor<128x4096, #microscale.scheme<f8E4M3FN, block = 16, scale = f8E8M0FNU>>, %b: !microscale.tensor<256x4096, #microscale.scheme<f8E4M3FN, block = 16, scale = f8E8M0FNU>>) -> tensor<128x256xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<128x4096, #microscale.scheme<f8E4M3FN, block = 16, scale = f8E8M0FNU>>, !microscale.tensor<256x4096, #microscale.scheme<f8E4M3FN, block = 16, scale = f8E8M0FNU>> -> tensor<128x256xf32>
  return %c : tensor<128x256xf32>
}

// K = 48: a multiple of neither mma.sync's step of 32 nor the FP4 kind's
// 64, but a whole number of wgmma's blocks of 16.
// SM80: :[[@LINE+8]]:{{[0-9]+}}: remark: kernel fma
// SM89: :[[@LINE+7]]:{{[0-9]+}}: remark: kernel fma
// SM89X: :[[@LINE+6]]:{{[0-9]+}}: remark: kernel fma
// SM90: :[[@LINE+5]]:{{[0-9]+}}: remark: kernel wgmma-fp8
// SM90X: :[[@LINE+4]]:{{[0-9]+}}: remark: kernel wgmma-fp8
// SM100: :[[@LINE+3]]:{{[0-9]+}}: remark: kernel fma
// SM120: :[[@LINE+2]]:{{[0-9]+}}: remark: kernel fma
func.func @nvfp4_k48(%a: !microscale.tensor<128x48, nvfp4>, %b: !microscale.tensor<256x48, nvfp4>) -> tensor<128x256xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<128x48, nvfp4>, !microscale.tensor<256x48, nvfp4> -> tensor<128x256xf32>
  return %c : tensor<128x256xf32>
}

// MXFP4 with K = 96, not a multiple of 64: kind::mxf8f6f4 on Blackwell.
// SM80: :[[@LINE+8]]:{{[0-9]+}}: remark: kernel fma
// SM89: :[[@LINE+7]]:{{[0-9]+}}: remark: kernel mma-sync-fp8
// SM89X: :[[@LINE+6]]:{{[0-9]+}}: remark: kernel mma-sync-fp8
// SM90: :[[@LINE+5]]:{{[0-9]+}}: remark: kernel wgmma-fp8
// SM90X: :[[@LINE+4]]:{{[0-9]+}}: remark: kernel wgmma-fp8
// SM100: :[[@LINE+3]]:{{[0-9]+}}: remark: kernel tcgen05-block-scale
// SM120: :[[@LINE+2]]:{{[0-9]+}}: remark: kernel mma-block-scale
func.func @mxfp4_k96(%a: !microscale.tensor<128x96, mxfp4>, %b: !microscale.tensor<256x96, mxfp4>) -> tensor<128x256xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<128x96, mxfp4>, !microscale.tensor<256x96, mxfp4> -> tensor<128x256xf32>
  return %c : tensor<128x256xf32>
}
