// RUN: mx-opt %s --convert-microscale-to-linalg -split-input-file -verify-diagnostics --allow-unregistered-dialect | FileCheck %s

// Signatures take the storage; pack/unpack forward it; no microscale op,
// no arith.truncf to a low-precision type is left.
// CHECK-LABEL: func.func @requantize
// CHECK-SAME: (%{{.*}}: tensor<4x32xi8>, %{{.*}}: tensor<4x1xf8E8M0FNU>) -> (tensor<4x16xi8>, tensor<4x2xf8E4M3FN>, f32)
// CHECK-NOT: microscale.
// CHECK-NOT: arith.truncf
// CHECK: linalg.generic
// CHECK: return
func.func @requantize(%q: !microscale.tensor<4x32, mxfp8_e4m3>) -> !microscale.tensor<4x32, nvfp4> {
  %r = microscale.requantize %q : !microscale.tensor<4x32, mxfp8_e4m3> -> !microscale.tensor<4x32, nvfp4>
  return %r : !microscale.tensor<4x32, nvfp4>
}

// -----

// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[X:.*]]: tensor<?x64xf32>, %[[D:.*]]: tensor<8x32xi8>, %[[S:.*]]: tensor<8x2xf8E8M0FNU>)
// CHECK: %[[W:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[S]] : tensor<8x64xi8>, tensor<8x2xf8E8M0FNU>)
// CHECK: linalg.matmul indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}] ins(%[[X]], %[[W]] : tensor<?x64xf32>, tensor<8x64xf32>)
func.func @matmul(%x: tensor<?x64xf32>, %w: !microscale.tensor<8x64, mxfp4>) -> tensor<?x8xf32> {
  %y = microscale.matmul %x, %w : tensor<?x64xf32>, !microscale.tensor<8x64, mxfp4> -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

// An op of another dialect consuming a !microscale.tensor cannot take its
// storage: the conversion fails there, with a diagnostic.
func.func @opaque_use(%x: tensor<4x32xf32>) {
  %q = microscale.quantize %x : tensor<4x32xf32> -> !microscale.tensor<4x32, mxfp4>
  // expected-error @below {{failed to legalize operation 'test.opaque'}}
  "test.opaque"(%q) : (!microscale.tensor<4x32, mxfp4>) -> ()
  return
}
