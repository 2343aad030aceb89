// convert-microscale-to-linalg with the upstream idiom (scaling-extf), then
// raise-to-microscale, gives back the matmul on the same packed bytes: the
// raise recognizes the lowering's own unpacking and packs nothing.
// RUN: mx-opt %s --convert-microscale-to-linalg="scaling-extf=true" | FileCheck %s --check-prefix=LOWERED
// RUN: mx-opt %s --convert-microscale-to-linalg="scaling-extf=true" --raise-to-microscale --canonicalize | FileCheck %s

// LOWERED-LABEL: func.func @linear
// LOWERED-NOT: microscale.
// LOWERED: arith.scaling_extf %{{.*}}, %{{.*}} : f4E2M1FN, f8E8M0FNU to f32
// LOWERED: linalg.matmul

// CHECK-LABEL: func.func @linear
// CHECK-SAME: (%[[X:.*]]: tensor<?x64xbf16>, %[[D:.*]]: tensor<16x32xi8>, %[[S:.*]]: tensor<16x2xf8E8M0FNU>)
// CHECK-NEXT: %[[W:.*]] = microscale.pack %[[D]], %[[S]] : tensor<16x32xi8>, tensor<16x2xf8E8M0FNU> -> !microscale.tensor<16x64, mxfp4>
// CHECK-NEXT: %[[C:.*]] = microscale.matmul %[[X]], %[[W]] : tensor<?x64xbf16>, !microscale.tensor<16x64, mxfp4> -> tensor<?x16xf32>
// CHECK-NEXT: return %[[C]]
func.func @linear(%x: tensor<?x64xbf16>, %w: !microscale.tensor<16x64, mxfp4>) -> tensor<?x16xf32> {
  %y = microscale.matmul %x, %w : tensor<?x64xbf16>, !microscale.tensor<16x64, mxfp4> -> tensor<?x16xf32>
  return %y : tensor<?x16xf32>
}

// Both operands block-scaled (FP6), with an accumulator.
// CHECK-LABEL: func.func @both
// CHECK: %[[A:.*]] = microscale.pack %arg0, %arg1 : tensor<?x96xi8>, tensor<?x4xf8E8M0FNU> -> !microscale.tensor<?x128, mxfp6_e3m2>
// CHECK: %[[B:.*]] = microscale.pack %arg2, %arg3 : tensor<8x96xi8>, tensor<8x4xf8E8M0FNU> -> !microscale.tensor<8x128, mxfp6_e3m2>
// CHECK: microscale.matmul %[[A]], %[[B]] acc %arg4
// CHECK-NOT: linalg
func.func @both(%a: !microscale.tensor<?x128, mxfp6_e3m2>, %b: !microscale.tensor<8x128, mxfp6_e3m2>, %acc: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %y = microscale.matmul %a, %b acc %acc : !microscale.tensor<?x128, mxfp6_e3m2>, !microscale.tensor<8x128, mxfp6_e3m2>, tensor<?x8xf32> -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}
