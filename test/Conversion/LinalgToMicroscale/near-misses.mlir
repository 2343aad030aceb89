// Forms that look like block-scaled matmuls but are not (or not ones
// microscale.matmul computes) stay exactly as they are.
// RUN: mx-opt %s --raise-to-microscale -split-input-file | FileCheck %s

#id = affine_map<(n, k) -> (n, k)>
#blkn = affine_map<(n, k) -> (n floordiv 32, k)>
#mm_a = affine_map<(m, n, k) -> (m, k)>
#mm_b = affine_map<(m, n, k) -> (n, k)>
#mm_c = affine_map<(m, n, k) -> (m, n)>

// Blocks along N, not along the reduction dimension K.
// CHECK-LABEL: func.func @blocks_along_n
// CHECK-NOT: microscale
// CHECK: arith.scaling_extf
// CHECK: linalg.matmul
func.func @blocks_along_n(%x: tensor<2x64xf32>, %w: tensor<64x64xf4E2M1FN>, %s: tensor<2x64xf8E8M0FNU>, %c: tensor<2x64xf32>) -> tensor<2x64xf32> {
  %e = tensor.empty() : tensor<64x64xf32>
  %wd = linalg.generic {indexing_maps = [#id, #blkn, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s : tensor<64x64xf4E2M1FN>, tensor<2x64xf8E8M0FNU>) outs(%e : tensor<64x64xf32>) {
    ^bb0(%q: f4E2M1FN, %sc: f8E8M0FNU, %o: f32):
      %v = arith.scaling_extf %q, %sc : f4E2M1FN, f8E8M0FNU to f32
      linalg.yield %v : f32
  } -> tensor<64x64xf32>
  %r = linalg.matmul indexing_maps = [#mm_a, #mm_b, #mm_c]
      ins(%x, %wd : tensor<2x64xf32>, tensor<64x64xf32>) outs(%c : tensor<2x64xf32>) -> tensor<2x64xf32>
  return %r : tensor<2x64xf32>
}

// -----

#id = affine_map<(n, k) -> (n, k)>
#blk24 = affine_map<(n, k) -> (n, k floordiv 24)>
#mm_a = affine_map<(m, n, k) -> (m, k)>
#mm_b = affine_map<(m, n, k) -> (n, k)>
#mm_c = affine_map<(m, n, k) -> (m, n)>

// A block of 24 is no power of two: no microscale scheme has it.
// CHECK-LABEL: func.func @block_not_power_of_two
// CHECK-NOT: microscale
// CHECK: linalg.matmul
func.func @block_not_power_of_two(%x: tensor<2x48xf32>, %w: tensor<4x48xf8E4M3FN>, %s: tensor<4x2xf8E8M0FNU>, %c: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %e = tensor.empty() : tensor<4x48xf32>
  %wd = linalg.generic {indexing_maps = [#id, #blk24, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s : tensor<4x48xf8E4M3FN>, tensor<4x2xf8E8M0FNU>) outs(%e : tensor<4x48xf32>) {
    ^bb0(%q: f8E4M3FN, %sc: f8E8M0FNU, %o: f32):
      %v = arith.scaling_extf %q, %sc : f8E4M3FN, f8E8M0FNU to f32
      linalg.yield %v : f32
  } -> tensor<4x48xf32>
  %r = linalg.matmul indexing_maps = [#mm_a, #mm_b, #mm_c]
      ins(%x, %wd : tensor<2x48xf32>, tensor<4x48xf32>) outs(%c : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// -----

#id = affine_map<(n, k) -> (n, k)>
#blk32 = affine_map<(n, k) -> (n, k floordiv 32)>
#mm_a = affine_map<(m, n, k) -> (m, k)>
#mm_b = affine_map<(m, n, k) -> (n, k)>
#mm_c = affine_map<(m, n, k) -> (m, n)>

// The dequantization does more than scale (a bias added): not a pure
// dequantize, so not a microscale operand.
// CHECK-LABEL: func.func @dequantize_plus_bias
// CHECK-NOT: microscale
// CHECK: linalg.matmul
func.func @dequantize_plus_bias(%x: tensor<2x32xf32>, %w: tensor<4x32xf4E2M1FN>, %s: tensor<4x1xf8E8M0FNU>, %c: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %e = tensor.empty() : tensor<4x32xf32>
  %wd = linalg.generic {indexing_maps = [#id, #blk32, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s : tensor<4x32xf4E2M1FN>, tensor<4x1xf8E8M0FNU>) outs(%e : tensor<4x32xf32>) {
    ^bb0(%q: f4E2M1FN, %sc: f8E8M0FNU, %o: f32):
      %v = arith.scaling_extf %q, %sc : f4E2M1FN, f8E8M0FNU to f32
      %one = arith.constant 1.0 : f32
      %b = arith.addf %v, %one : f32
      linalg.yield %b : f32
  } -> tensor<4x32xf32>
  %r = linalg.matmul indexing_maps = [#mm_a, #mm_b, #mm_c]
      ins(%x, %wd : tensor<2x32xf32>, tensor<4x32xf32>) outs(%c : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// -----

#a = affine_map<(m, n, k) -> (m, k)>
#as = affine_map<(m, n, k) -> (m, k floordiv 32)>
#b = affine_map<(m, n, k) -> (n, k)>
#bs = affine_map<(m, n, k) -> (n, k floordiv 64)>
#c = affine_map<(m, n, k) -> (m, n)>

// Both operands scaled, but in blocks of different sizes.
// CHECK-LABEL: func.func @blocks_differ
// CHECK-NOT: microscale
// CHECK: linalg.generic
func.func @blocks_differ(%aq: tensor<2x64xf4E2M1FN>, %as: tensor<2x2xf8E8M0FNU>, %bq: tensor<4x64xf4E2M1FN>, %bs: tensor<4x1xf8E8M0FNU>, %c: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %r = linalg.generic {indexing_maps = [#a, #as, #b, #bs, #c], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%aq, %as, %bq, %bs : tensor<2x64xf4E2M1FN>, tensor<2x2xf8E8M0FNU>, tensor<4x64xf4E2M1FN>, tensor<4x1xf8E8M0FNU>) outs(%c : tensor<2x4xf32>) {
    ^bb0(%x: f4E2M1FN, %xs: f8E8M0FNU, %y: f4E2M1FN, %ys: f8E8M0FNU, %o: f32):
      %xv = arith.scaling_extf %x, %xs : f4E2M1FN, f8E8M0FNU to f32
      %yv = arith.scaling_extf %y, %ys : f4E2M1FN, f8E8M0FNU to f32
      %p = arith.mulf %xv, %yv : f32
      %s = arith.addf %o, %p : f32
      linalg.yield %s : f32
  } -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// -----

#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (n, k)>
#bs = affine_map<(m, n, k) -> (n, k floordiv 32)>
#c = affine_map<(m, n, k) -> (m, n)>

// Not a sum of products (max-plus): not a matmul.
// CHECK-LABEL: func.func @max_plus
// CHECK-NOT: microscale
// CHECK: arith.maximumf
func.func @max_plus(%x: tensor<2x32xf32>, %bq: tensor<4x32xf4E2M1FN>, %bs: tensor<4x1xf8E8M0FNU>, %c: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %r = linalg.generic {indexing_maps = [#a, #b, #bs, #c], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %bq, %bs : tensor<2x32xf32>, tensor<4x32xf4E2M1FN>, tensor<4x1xf8E8M0FNU>) outs(%c : tensor<2x4xf32>) {
    ^bb0(%xv: f32, %y: f4E2M1FN, %ys: f8E8M0FNU, %o: f32):
      %yv = arith.scaling_extf %y, %ys : f4E2M1FN, f8E8M0FNU to f32
      %p = arith.addf %xv, %yv : f32
      %s = arith.maximumf %o, %p : f32
      linalg.yield %s : f32
  } -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// -----

#mm_a = affine_map<(m, n, k) -> (m, k)>
#mm_b = affine_map<(m, n, k) -> (n, k)>
#mm_c = affine_map<(m, n, k) -> (m, n)>

// No block-scaled operand at all.
// CHECK-LABEL: func.func @plain
// CHECK-NOT: microscale
// CHECK: linalg.matmul
func.func @plain(%x: tensor<2x32xf32>, %w: tensor<4x32xf32>, %c: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %r = linalg.matmul indexing_maps = [#mm_a, #mm_b, #mm_c]
      ins(%x, %w : tensor<2x32xf32>, tensor<4x32xf32>) outs(%c : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}
