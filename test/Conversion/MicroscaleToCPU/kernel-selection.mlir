// The CPU kernel selection on its own: which kernel and decode strategy
// convert-microscale-to-cpu picks for each op, per target.
// RUN: mx-opt %s --test-microscale-cpu-kernel-selection="vector-bits=512 features=avx512f,avx512bf16,avx512bw,avx512vnni" -o /dev/null 2>&1 | FileCheck %s --check-prefix=ALL
// RUN: mx-opt %s --test-microscale-cpu-kernel-selection="vector-bits=512 features=avx512f" -o /dev/null 2>&1 | FileCheck %s --check-prefix=F
// RUN: mx-opt %s --test-microscale-cpu-kernel-selection="vector-bits=256 features=none" -o /dev/null 2>&1 | FileCheck %s --check-prefix=NONE

// One row: FP4 weights 128 codes per load, nibble by nibble, where AVX-512
// has table lookups; else each weight block decoded in registers.
// ALL: :[[@LINE+4]]:{{[0-9]+}}: remark: kernel lane-gemv, weights table-lookup, K in lane order
// F: :[[@LINE+3]]:{{[0-9]+}}: remark: kernel lane-gemv, weights table-lookup, K in lane order
// NONE: :[[@LINE+2]]:{{[0-9]+}}: remark: kernel fused-decode, weights arithmetic, K in element order
func.func @gemv(%x: tensor<1x4096xf32>, %w: !microscale.tensor<4096x4096, mxfp4>) -> tensor<1x4096xf32> {
  %c = microscale.matmul %x, %w : tensor<1x4096xf32>, !microscale.tensor<4096x4096, mxfp4> -> tensor<1x4096xf32>
  return %c : tensor<1x4096xf32>
}

// One row of MXFP8 (E4M3) weights: 64 codes per step, decoded in integer
// arithmetic, where AVX-512 is.
// ALL: :[[@LINE+4]]:{{[0-9]+}}: remark: kernel lane-gemv, weights arithmetic, K in lane order
// F: :[[@LINE+3]]:{{[0-9]+}}: remark: kernel lane-gemv, weights arithmetic, K in lane order
// NONE: :[[@LINE+2]]:{{[0-9]+}}: remark: kernel fused-decode, weights arithmetic, K in element order
func.func @gemv_mxfp8(%x: tensor<1x4096xf32>, %w: !microscale.tensor<4096x4096, mxfp8_e4m3>) -> tensor<1x4096xf32> {
  %c = microscale.matmul %x, %w : tensor<1x4096xf32>, !microscale.tensor<4096x4096, mxfp8_e4m3> -> tensor<1x4096xf32>
  return %c : tensor<1x4096xf32>
}

// Eight rows: fused only for table-decoded weights.
// ALL: :[[@LINE+3]]:{{[0-9]+}}: remark: kernel fused-decode, weights table-lookup, K in lookup order
// NONE: :[[@LINE+2]]:{{[0-9]+}}: remark: kernel panel-decode, weights arithmetic, K in element order
func.func @eight_rows_mxfp4(%x: tensor<8x4096xf32>, %w: !microscale.tensor<4096x4096, mxfp4>) -> tensor<8x4096xf32> {
  %c = microscale.matmul %x, %w : tensor<8x4096xf32>, !microscale.tensor<4096x4096, mxfp4> -> tensor<8x4096xf32>
  return %c : tensor<8x4096xf32>
}

// ALL: :[[@LINE+3]]:{{[0-9]+}}: remark: kernel panel-decode, weights arithmetic, K in element order
// NONE: :[[@LINE+2]]:{{[0-9]+}}: remark: kernel panel-decode, weights arithmetic, K in element order
func.func @eight_rows_mxfp8(%x: tensor<8x4096xf32>, %w: !microscale.tensor<4096x4096, mxfp8_e4m3>) -> tensor<8x4096xf32> {
  %c = microscale.matmul %x, %w : tensor<8x4096xf32>, !microscale.tensor<4096x4096, mxfp8_e4m3> -> tensor<8x4096xf32>
  return %c : tensor<8x4096xf32>
}

// Any number of rows: the outer-product panel GEMM on AVX-512.
// ALL: :[[@LINE+4]]:{{[0-9]+}}: remark: kernel float-panel-gemm, weights table-lookup, K in lookup order
// F: :[[@LINE+3]]:{{[0-9]+}}: remark: kernel float-panel-gemm, weights table-lookup, K in lookup order
// NONE: :[[@LINE+2]]:{{[0-9]+}}: remark: kernel panel-decode, weights arithmetic, K in element order
func.func @dynamic_rows(%x: tensor<?x4096xf32>, %w: !microscale.tensor<4096x4096, mxfp4>) -> tensor<?x4096xf32> {
  %c = microscale.matmul %x, %w : tensor<?x4096xf32>, !microscale.tensor<4096x4096, mxfp4> -> tensor<?x4096xf32>
  return %c : tensor<?x4096xf32>
}

// bf16 activations: bf16 dot products need AVX-512 BF16; without it they
// are widened to f32 for the panel GEMM.
// ALL: :[[@LINE+4]]:{{[0-9]+}}: remark: kernel float-panel-gemm, weights table-lookup, K in lookup order, bf16 dot products
// F: :[[@LINE+3]]:{{[0-9]+}}: remark: kernel float-panel-gemm, weights table-lookup, K in lookup order
// NONE: :[[@LINE+2]]:{{[0-9]+}}: remark: kernel panel-decode, weights arithmetic, K in element order
func.func @gemm_bf16(%x: tensor<512x4096xbf16>, %w: !microscale.tensor<4096x4096, mxfp4>) -> tensor<512x4096xf32> {
  %c = microscale.matmul %x, %w : tensor<512x4096xbf16>, !microscale.tensor<4096x4096, mxfp4> -> tensor<512x4096xf32>
  return %c : tensor<512x4096xf32>
}

// Both operands FP4: exact int8 dot products with VNNI.
// ALL: :[[@LINE+4]]:{{[0-9]+}}: remark: kernel int8-dot, K in element order
// F: :[[@LINE+3]]:{{[0-9]+}}: remark: kernel panel-decode, weights table-lookup, K in lookup order
// NONE: :[[@LINE+2]]:{{[0-9]+}}: remark: kernel panel-decode, weights arithmetic, K in element order
func.func @both_mxfp4(%a: !microscale.tensor<512x4096, mxfp4>, %w: !microscale.tensor<4096x4096, mxfp4>) -> tensor<512x4096xf32> {
  %c = microscale.matmul %a, %w : !microscale.tensor<512x4096, mxfp4>, !microscale.tensor<4096x4096, mxfp4> -> tensor<512x4096xf32>
  return %c : tensor<512x4096xf32>
}

// 8-bit activations in NVFP4's blocks of 16 times NVFP4 weights: int8 dot
// products, the E4M3 scales and the global multiplying each block's sum.
// ALL: :[[@LINE+3]]:{{[0-9]+}}: remark: kernel int8-dot, K in element order
// F: :[[@LINE+2]]:{{[0-9]+}}: remark: kernel fused-decode, weights table-lookup, K in lookup order
func.func @q8_nvfp4(%a: !microscale.tensor<8x4096, #microscale.scheme<i8, block = 16, scale = f8E8M0FNU>>, %w: !microscale.tensor<4096x4096, nvfp4>) -> tensor<8x4096xf32> {
  %c = microscale.matmul %a, %w : !microscale.tensor<8x4096, #microscale.scheme<i8, block = 16, scale = f8E8M0FNU>>, !microscale.tensor<4096x4096, nvfp4> -> tensor<8x4096xf32>
  return %c : tensor<8x4096xf32>
}

// One row of each: the weights decoded in registers, A decoded once.
// ALL: :[[@LINE+2]]:{{[0-9]+}}: remark: kernel lane-gemv, weights table-lookup, K in lane order
func.func @gemv_both_mxfp4(%a: !microscale.tensor<1x4096, mxint8>, %w: !microscale.tensor<4096x4096, mxfp4>) -> tensor<1x4096xf32> {
  %c = microscale.matmul %a, %w : !microscale.tensor<1x4096, mxint8>, !microscale.tensor<4096x4096, mxfp4> -> tensor<1x4096xf32>
  return %c : tensor<1x4096xf32>
}

// NVFP4 weights (E4M3 scales: not exact in bf16) with three bf16 rows.
// ALL: :[[@LINE+3]]:{{[0-9]+}}: remark: kernel panel-decode, weights table-lookup, K in lookup order
// NONE: :[[@LINE+2]]:{{[0-9]+}}: remark: kernel panel-decode, weights arithmetic, K in element order
func.func @nvfp4_bf16(%a: tensor<3x64xbf16>, %w: !microscale.tensor<8x64, nvfp4>, %c0: tensor<3x8xf32>) -> tensor<3x8xf32> {
  %c = microscale.matmul %a, %w acc %c0 : tensor<3x64xbf16>, !microscale.tensor<8x64, nvfp4>, tensor<3x8xf32> -> tensor<3x8xf32>
  return %c : tensor<3x8xf32>
}

// ALL: :[[@LINE+3]]:{{[0-9]+}}: remark: decode table-lookup
// NONE: :[[@LINE+2]]:{{[0-9]+}}: remark: decode arithmetic
func.func @dequantize(%q: !microscale.tensor<1x4096, mxfp4>) -> tensor<1x4096xf32> {
  %y = microscale.dequantize %q : !microscale.tensor<1x4096, mxfp4> -> tensor<1x4096xf32>
  return %y : tensor<1x4096xf32>
}
