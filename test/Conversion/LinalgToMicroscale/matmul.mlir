// RUN: mx-opt %s --raise-to-microscale -split-input-file | FileCheck %s

#id = affine_map<(n, k) -> (n, k)>
#blk32 = affine_map<(n, k) -> (n, k floordiv 32)>
#mm_a = affine_map<(m, n, k) -> (m, k)>
#mm_b = affine_map<(m, n, k) -> (n, k)>
#mm_c = affine_map<(m, n, k) -> (m, n)>

// Weight-only, B transposed through the maps, dynamic M, zero init: no acc.
// CHECK-LABEL: func.func @weight_only
// CHECK-SAME: (%[[X:.*]]: tensor<?x64xf32>, %[[W:.*]]: tensor<16x64xf4E2M1FN>, %[[S:.*]]: tensor<16x2xf8E8M0FNU>)
// CHECK: %[[D:.*]] = linalg.generic
// CHECK-SAME: ins(%[[W]], %[[W]] : tensor<16x64xf4E2M1FN>, tensor<16x64xf4E2M1FN>) outs(%{{.*}} : tensor<16x32xi8>)
// CHECK: %[[P:.*]] = microscale.pack %[[D]], %[[S]] : tensor<16x32xi8>, tensor<16x2xf8E8M0FNU> -> !microscale.tensor<16x64, mxfp4>
// CHECK: %[[C:.*]] = microscale.matmul %[[X]], %[[P]] : tensor<?x64xf32>, !microscale.tensor<16x64, mxfp4> -> tensor<?x16xf32>
// CHECK-NOT: linalg.matmul
// CHECK: return %[[C]]
func.func @weight_only(%x: tensor<?x64xf32>, %w: tensor<16x64xf4E2M1FN>, %s: tensor<16x2xf8E8M0FNU>) -> tensor<?x16xf32> {
  %e = tensor.empty() : tensor<16x64xf32>
  %wd = linalg.generic {indexing_maps = [#id, #blk32, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s : tensor<16x64xf4E2M1FN>, tensor<16x2xf8E8M0FNU>) outs(%e : tensor<16x64xf32>) {
    ^bb0(%q: f4E2M1FN, %sc: f8E8M0FNU, %o: f32):
      %v = arith.scaling_extf %q, %sc : f4E2M1FN, f8E8M0FNU to f32
      linalg.yield %v : f32
  } -> tensor<16x64xf32>
  %c0 = arith.constant 0 : index
  %m = tensor.dim %x, %c0 : tensor<?x64xf32>
  %zero = arith.constant 0.0 : f32
  %ce = tensor.empty(%m) : tensor<?x16xf32>
  %cz = linalg.fill ins(%zero : f32) outs(%ce : tensor<?x16xf32>) -> tensor<?x16xf32>
  %c = linalg.matmul indexing_maps = [#mm_a, #mm_b, #mm_c]
      ins(%x, %wd : tensor<?x64xf32>, tensor<16x64xf32>) outs(%cz : tensor<?x16xf32>) -> tensor<?x16xf32>
  return %c : tensor<?x16xf32>
}

// -----

#id = affine_map<(n, k) -> (n, k)>
#blk64k = affine_map<(k, n) -> (k floordiv 64, n)>

// B given K x N (plain linalg.matmul maps), blocks of 64 along K (dim 0),
// FP8 elements, bf16 activations, an init that is no zero fill: transposed
// elements and scales, the init becomes acc.
// CHECK-LABEL: func.func @k_by_n
// CHECK-SAME: (%[[X:.*]]: tensor<4x128xbf16>, %[[W:.*]]: tensor<128x8xf8E4M3FN>, %[[S:.*]]: tensor<2x8xf8E8M0FNU>, %[[ACC:.*]]: tensor<4x8xf32>)
// CHECK-DAG: %[[WT:.*]] = linalg.transpose ins(%[[W]] : tensor<128x8xf8E4M3FN>) outs(%{{.*}} : tensor<8x128xf8E4M3FN>) permutation = [1, 0]
// CHECK-DAG: %[[ST:.*]] = linalg.transpose ins(%[[S]] : tensor<2x8xf8E8M0FNU>) outs(%{{.*}} : tensor<8x2xf8E8M0FNU>) permutation = [1, 0]
// CHECK: %[[D:.*]] = linalg.generic {{.*}} ins(%[[WT]] : tensor<8x128xf8E4M3FN>)
// CHECK: %[[P:.*]] = microscale.pack %[[D]], %[[ST]] : tensor<8x128xi8>, tensor<8x2xf8E8M0FNU> -> !microscale.tensor<8x128, #microscale.scheme<f8E4M3FN, block = 64, scale = f8E8M0FNU>>
// CHECK: microscale.matmul %[[X]], %[[P]] acc %[[ACC]]
func.func @k_by_n(%x: tensor<4x128xbf16>, %w: tensor<128x8xf8E4M3FN>, %s: tensor<2x8xf8E8M0FNU>, %acc: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %e = tensor.empty() : tensor<128x8xf32>
  %wd = linalg.generic {indexing_maps = [#id, #blk64k, #id], iterator_types = ["parallel", "parallel"]}
      ins(%w, %s : tensor<128x8xf8E4M3FN>, tensor<2x8xf8E8M0FNU>) outs(%e : tensor<128x8xf32>) {
    ^bb0(%q: f8E4M3FN, %sc: f8E8M0FNU, %o: f32):
      %v = arith.scaling_extf %q, %sc : f8E4M3FN, f8E8M0FNU to f32
      linalg.yield %v : f32
  } -> tensor<128x8xf32>
  %c = linalg.matmul ins(%x, %wd : tensor<4x128xbf16>, tensor<128x8xf32>) outs(%acc : tensor<4x8xf32>) -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
}

// -----

#a = affine_map<(m, n, k) -> (m, k)>
#as = affine_map<(m, n, k) -> (m, k floordiv 32)>
#b = affine_map<(m, n, k) -> (n, k)>
#bs = affine_map<(m, n, k) -> (n, k floordiv 32)>
#c = affine_map<(m, n, k) -> (m, n)>

// Both operands scaled, dequantized inside the contraction (fused), FP6.
// CHECK-LABEL: func.func @fused_both
// CHECK: %[[PA:.*]] = microscale.pack %{{.*}}, %{{.*}} : tensor<?x48xi8>, tensor<?x2xf8E8M0FNU> -> !microscale.tensor<?x64, mxfp6_e2m3>
// CHECK: %[[PB:.*]] = microscale.pack %{{.*}}, %{{.*}} : tensor<8x48xi8>, tensor<8x2xf8E8M0FNU> -> !microscale.tensor<8x64, mxfp6_e2m3>
// CHECK: microscale.matmul %[[PA]], %[[PB]] : !microscale.tensor<?x64, mxfp6_e2m3>, !microscale.tensor<8x64, mxfp6_e2m3> -> tensor<?x8xf32>
func.func @fused_both(%aq: tensor<?x64xf6E2M3FN>, %as: tensor<?x2xf8E8M0FNU>, %bq: tensor<8x64xf6E2M3FN>, %bs: tensor<8x2xf8E8M0FNU>, %init: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %zero = arith.constant 0.0 : f32
  %cz = linalg.fill ins(%zero : f32) outs(%init : tensor<?x8xf32>) -> tensor<?x8xf32>
  %r = linalg.generic {indexing_maps = [#a, #as, #b, #bs, #c], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%aq, %as, %bq, %bs : tensor<?x64xf6E2M3FN>, tensor<?x2xf8E8M0FNU>, tensor<8x64xf6E2M3FN>, tensor<8x2xf8E8M0FNU>) outs(%cz : tensor<?x8xf32>) {
    ^bb0(%x: f6E2M3FN, %xs: f8E8M0FNU, %y: f6E2M3FN, %ys: f8E8M0FNU, %o: f32):
      %xv = arith.scaling_extf %x, %xs : f6E2M3FN, f8E8M0FNU to f32
      %yv = arith.scaling_extf %y, %ys : f6E2M3FN, f8E8M0FNU to f32
      %p = arith.mulf %xv, %yv : f32
      %s = arith.addf %o, %p : f32
      linalg.yield %s : f32
  } -> tensor<?x8xf32>
  return %r : tensor<?x8xf32>
}

// -----

#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (n, k)>
#bs = affine_map<(m, n, k) -> (n, k floordiv 32)>
#c = affine_map<(m, n, k) -> (m, n)>

// Fused weight-only with f16 activations through arith.extf, operands of the
// product in either order.
// CHECK-LABEL: func.func @fused_weight_only_f16
// CHECK: microscale.matmul %{{.*}}, %{{.*}} acc %{{.*}} : tensor<2x32xf16>, !microscale.tensor<4x32, mxfp8_e5m2>, tensor<2x4xf32> -> tensor<2x4xf32>
func.func @fused_weight_only_f16(%x: tensor<2x32xf16>, %bq: tensor<4x32xf8E5M2>, %bs: tensor<4x1xf8E8M0FNU>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %r = linalg.generic {indexing_maps = [#a, #b, #bs, #c], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %bq, %bs : tensor<2x32xf16>, tensor<4x32xf8E5M2>, tensor<4x1xf8E8M0FNU>) outs(%acc : tensor<2x4xf32>) {
    ^bb0(%xv: f16, %y: f8E5M2, %ys: f8E8M0FNU, %o: f32):
      %xf = arith.extf %xv : f16 to f32
      %yv = arith.scaling_extf %y, %ys : f8E5M2, f8E8M0FNU to f32
      %p = arith.mulf %yv, %xf : f32
      %s = arith.addf %p, %o : f32
      linalg.yield %s : f32
  } -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}
