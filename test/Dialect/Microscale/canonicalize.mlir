// RUN: mx-opt %s -canonicalize -split-input-file | FileCheck %s

// unpack(pack(d, s)) -> d, s
// CHECK-LABEL: func.func @unpack_of_pack
// CHECK-SAME: (%[[D:.*]]: tensor<4x32xi8>, %[[S:.*]]: tensor<4x2xf8E8M0FNU>)
// CHECK-NOT: microscale.{{pack|unpack}}
// CHECK: return %[[D]], %[[S]]
func.func @unpack_of_pack(%d: tensor<4x32xi8>, %s: tensor<4x2xf8E8M0FNU>) -> (tensor<4x32xi8>, tensor<4x2xf8E8M0FNU>) {
  %q = microscale.pack %d, %s : tensor<4x32xi8>, tensor<4x2xf8E8M0FNU> -> !microscale.tensor<4x64, mxfp4>
  %d2, %s2 = microscale.unpack %q : !microscale.tensor<4x64, mxfp4> -> tensor<4x32xi8>, tensor<4x2xf8E8M0FNU>
  return %d2, %s2 : tensor<4x32xi8>, tensor<4x2xf8E8M0FNU>
}

// -----

// The global scale travels with the data.
// CHECK-LABEL: func.func @unpack_of_pack_global
// CHECK-SAME: (%[[D:.*]]: tensor<4x32xi8>, %[[S:.*]]: tensor<4x4xf8E4M3FN>, %[[G:.*]]: f32)
// CHECK-NOT: microscale.{{pack|unpack}}
// CHECK: return %[[D]], %[[S]], %[[G]]
func.func @unpack_of_pack_global(%d: tensor<4x32xi8>, %s: tensor<4x4xf8E4M3FN>, %g: f32) -> (tensor<4x32xi8>, tensor<4x4xf8E4M3FN>, f32) {
  %q = microscale.pack %d, %s global %g : tensor<4x32xi8>, tensor<4x4xf8E4M3FN>, f32 -> !microscale.tensor<4x64, nvfp4>
  %d2, %s2, %g2 = microscale.unpack %q : !microscale.tensor<4x64, nvfp4> -> tensor<4x32xi8>, tensor<4x4xf8E4M3FN>, f32
  return %d2, %s2, %g2 : tensor<4x32xi8>, tensor<4x4xf8E4M3FN>, f32
}

// -----

// pack(unpack(q)) -> q
// CHECK-LABEL: func.func @pack_of_unpack
// CHECK-SAME: (%[[Q:.*]]: !microscale.tensor<4x64, nvfp4>)
// CHECK-NOT: microscale.{{pack|unpack}}
// CHECK: return %[[Q]]
func.func @pack_of_unpack(%q: !microscale.tensor<4x64, nvfp4>) -> !microscale.tensor<4x64, nvfp4> {
  %d, %s, %g = microscale.unpack %q : !microscale.tensor<4x64, nvfp4> -> tensor<4x32xi8>, tensor<4x4xf8E4M3FN>, f32
  %q2 = microscale.pack %d, %s global %g : tensor<4x32xi8>, tensor<4x4xf8E4M3FN>, f32 -> !microscale.tensor<4x64, nvfp4>
  return %q2 : !microscale.tensor<4x64, nvfp4>
}

// -----

// Storage of one tensor re-viewed under another scheme with the same storage
// type (mxfp8_e4m3 and mxint8 bytes) is a reinterpretation, not an identity.
// CHECK-LABEL: func.func @pack_of_unpack_other_scheme
// CHECK: microscale.unpack
// CHECK: microscale.pack
func.func @pack_of_unpack_other_scheme(%q: !microscale.tensor<4x64, mxfp8_e4m3>) -> !microscale.tensor<4x64, mxint8> {
  %d, %s = microscale.unpack %q : !microscale.tensor<4x64, mxfp8_e4m3> -> tensor<4x64xi8>, tensor<4x2xf8E8M0FNU>
  %q2 = microscale.pack %d, %s : tensor<4x64xi8>, tensor<4x2xf8E8M0FNU> -> !microscale.tensor<4x64, mxint8>
  return %q2 : !microscale.tensor<4x64, mxint8>
}

// -----

// Data and scales from two different tensors do not fold.
// CHECK-LABEL: func.func @pack_of_two_unpacks
// CHECK-COUNT-2: microscale.unpack
// CHECK: microscale.pack
func.func @pack_of_two_unpacks(%a: !microscale.tensor<4x64, mxfp4>, %b: !microscale.tensor<4x64, mxfp4>) -> !microscale.tensor<4x64, mxfp4> {
  %da, %sa = microscale.unpack %a : !microscale.tensor<4x64, mxfp4> -> tensor<4x32xi8>, tensor<4x2xf8E8M0FNU>
  %db, %sb = microscale.unpack %b : !microscale.tensor<4x64, mxfp4> -> tensor<4x32xi8>, tensor<4x2xf8E8M0FNU>
  %q = microscale.pack %da, %sb : tensor<4x32xi8>, tensor<4x2xf8E8M0FNU> -> !microscale.tensor<4x64, mxfp4>
  return %q : !microscale.tensor<4x64, mxfp4>
}

// -----

// Unused pure ops disappear.
// CHECK-LABEL: func.func @dead
// CHECK-NEXT: return
func.func @dead(%x: tensor<4x64xf32>) {
  %q = microscale.quantize %x : tensor<4x64xf32> -> !microscale.tensor<4x64, mxfp4>
  %y = microscale.dequantize %q : !microscale.tensor<4x64, mxfp4> -> tensor<4x64xf32>
  return
}
