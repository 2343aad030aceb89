// RUN: mx-opt %s -microscale-expose-storage -canonicalize -split-input-file | FileCheck %s

// Arguments and results become data, scales, global in that order; inside,
// the tensor is rebuilt with pack and taken apart with unpack.
// CHECK-LABEL: func.func @signature
// CHECK-SAME: (%[[X:.*]]: tensor<4x64xf32>, %[[D:.*]]: tensor<8x32xi8>, %[[S:.*]]: tensor<8x4xf8E4M3FN>, %[[G:.*]]: f32)
// CHECK-SAME: -> (tensor<4x32xi8>, tensor<4x2xf8E8M0FNU>, tensor<4x8xf32>)
// CHECK: %[[W:.*]] = microscale.pack %[[D]], %[[S]] global %[[G]]
// CHECK: %[[Q:.*]] = microscale.quantize %[[X]]
// CHECK: %[[QD:.*]], %[[QS:.*]] = microscale.unpack %[[Q]]
// CHECK: %[[C:.*]] = microscale.matmul %[[X]], %[[W]]
// CHECK: return %[[QD]], %[[QS]], %[[C]]
func.func @signature(%x: tensor<4x64xf32>, %w: !microscale.tensor<8x64, nvfp4>) -> (!microscale.tensor<4x64, mxfp4>, tensor<4x8xf32>) {
  %q = microscale.quantize %x : tensor<4x64xf32> -> !microscale.tensor<4x64, mxfp4>
  %c = microscale.matmul %x, %w : tensor<4x64xf32>, !microscale.tensor<8x64, nvfp4> -> tensor<4x8xf32>
  return %q, %c : !microscale.tensor<4x64, mxfp4>, tensor<4x8xf32>
}

// -----

// Passing a tensor through leaves nothing behind once pack/unpack fold.
// CHECK-LABEL: func.func @identity
// CHECK-SAME: (%[[D:.*]]: tensor<?x32xi8>, %[[S:.*]]: tensor<?x4xf8E4M3FN>, %[[G:.*]]: f32)
// CHECK-NEXT: return %[[D]], %[[S]], %[[G]]
func.func @identity(%w: !microscale.tensor<?x64, nvfp4>) -> !microscale.tensor<?x64, nvfp4> {
  return %w : !microscale.tensor<?x64, nvfp4>
}

// -----

// Calls and declarations follow the same ABI.
// CHECK: func.func private @external(tensor<8x32xi8>, tensor<8x1xf8E8M0FNU>) -> (tensor<8x32xi8>, tensor<8x1xf8E8M0FNU>)
// CHECK-LABEL: func.func @caller
// CHECK-SAME: (%[[D:.*]]: tensor<8x32xi8>, %[[S:.*]]: tensor<8x1xf8E8M0FNU>)
// CHECK: %[[R:.*]]:2 = call @external(%[[D]], %[[S]])
// CHECK: return %[[R]]#0, %[[R]]#1
func.func private @external(!microscale.tensor<8x32, mxfp8_e4m3>) -> !microscale.tensor<8x32, mxfp8_e4m3>
func.func @caller(%q: !microscale.tensor<8x32, mxfp8_e4m3>) -> !microscale.tensor<8x32, mxfp8_e4m3> {
  %r = call @external(%q) : (!microscale.tensor<8x32, mxfp8_e4m3>) -> !microscale.tensor<8x32, mxfp8_e4m3>
  return %r : !microscale.tensor<8x32, mxfp8_e4m3>
}

// -----

// Structured control flow carries the storage too.
// CHECK-LABEL: func.func @loop
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (tensor<8x24xi8>, tensor<8x1xf8E8M0FNU>)
func.func @loop(%q: !microscale.tensor<8x32, mxfp6_e2m3>, %n: index) -> !microscale.tensor<8x32, mxfp6_e2m3> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %q) -> !microscale.tensor<8x32, mxfp6_e2m3> {
    %next = microscale.requantize %acc : !microscale.tensor<8x32, mxfp6_e2m3> -> !microscale.tensor<8x32, mxfp6_e2m3>
    scf.yield %next : !microscale.tensor<8x32, mxfp6_e2m3>
  }
  return %r : !microscale.tensor<8x32, mxfp6_e2m3>
}
