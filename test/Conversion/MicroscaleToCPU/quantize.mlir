// RUN: mx-opt %s -convert-microscale-to-cpu="vector-bits=512 features=avx512f,avx512bf16,avx512bw,avx512vnni" -canonicalize -split-input-file | FileCheck %s

// Sixteen blocks at a time: amaxes as unsigned maxima over |x| bit
// patterns, reduced together into one vector (lane u: block u) by shuffles,
// the floor rule on the exponent fields of that vector, then per block an
// exact multiplication by 2^-e, the element codec as integer arithmetic
// (never arith.truncf to f4E2M1FN), and nibbles packed element 2i low.
// Rows run concurrently.
// CHECK-LABEL: func.func @mxfp4
// CHECK: scf.parallel
// CHECK: scf.for {{.*}} step %c16
// CHECK: %[[X:.*]] = vector.load {{.*}} : memref<8192xf32>, vector<32xf32>
// CHECK-COUNT-30: vector.shuffle {{.*}} : vector<16xi32>, vector<16xi32>
// CHECK: arith.maxui {{.*}} : vector<16xi32>
// CHECK: arith.shrui {{.*}} : vector<16xi32>
// CHECK: arith.mulf %[[X]], %{{.*}} : vector<32xf32>
// Subnormal codes: quanta rounded half to even by one vector instruction.
// CHECK: math.roundeven %{{.*}} : vector<32xf32>
// CHECK-NOT: arith.truncf
// CHECK: vector.deinterleave %{{.*}} : vector<32xi8> -> vector<16xi8>
// CHECK: vector.store {{.*}} : memref<4096xi8>, vector<16xi8>
// CHECK: memref.store {{.*}} : memref<256xf8E8M0FNU>
// CHECK: microscale.pack
func.func @mxfp4(%x: tensor<2x4096xf32>) -> !microscale.tensor<2x4096, mxfp4> {
  %q = microscale.quantize %x : tensor<2x4096xf32> -> !microscale.tensor<2x4096, mxfp4>
  return %q : !microscale.tensor<2x4096, mxfp4>
}

// -----

// Rows of fewer than 16 blocks: one block per step, its amax by a
// horizontal reduction.
// CHECK-LABEL: func.func @mxfp4_short_rows
// CHECK: %[[X:.*]] = vector.load {{.*}} : memref<512xf32>, vector<32xf32>
// CHECK: %[[AMAX:.*]] = vector.reduction <maxui>, %{{.*}} : vector<32xi32> into i32
// CHECK: arith.shrui %[[AMAX]]
// CHECK: arith.mulf %[[X]], %{{.*}} : vector<32xf32>
// CHECK: memref.store {{.*}} : memref<16xf8E8M0FNU>
func.func @mxfp4_short_rows(%x: tensor<2x256xf32>) -> !microscale.tensor<2x256, mxfp4> {
  %q = microscale.quantize %x : tensor<2x256xf32> -> !microscale.tensor<2x256, mxfp4>
  return %q : !microscale.tensor<2x256, mxfp4>
}

// -----

// rceil: one f32 division by the largest element value, rounded up.
// CHECK-LABEL: func.func @rceil_bf16
// CHECK: vector.load {{.*}} : memref<?xbf16>, vector<32xbf16>
// CHECK: arith.extf {{.*}} : vector<32xbf16> to vector<32xf32>
// CHECK: arith.divf %{{.*}}, %{{.*}} : f32
func.func @rceil_bf16(%x: tensor<?x64xbf16>) -> !microscale.tensor<?x64, mxfp8_e4m3> {
  %q = microscale.quantize %x scale_rounding(rceil) : tensor<?x64xbf16> -> !microscale.tensor<?x64, mxfp8_e4m3>
  return %q : !microscale.tensor<?x64, mxfp8_e4m3>
}

// -----

// FP6: four 6-bit fields per 24-bit group, three bytes stored per group.
// CHECK-LABEL: func.func @mxfp6
// CHECK-COUNT-3: vector.deinterleave
// CHECK: vector.bitcast {{.*}} : vector<8xi32> to vector<32xi8>
// CHECK: vector.shuffle {{.*}} : vector<32xi8>, vector<32xi8>
// CHECK: vector.store {{.*}} vector<24xi8>
func.func @mxfp6(%x: tensor<4x32xf32>) -> !microscale.tensor<4x32, mxfp6_e3m2> {
  %q = microscale.quantize %x : tensor<4x32xf32> -> !microscale.tensor<4x32, mxfp6_e3m2>
  return %q : !microscale.tensor<4x32, mxfp6_e3m2>
}

// -----

// NVFP4 reduces the tensor's amax first, then computes 2688 / amax.
// CHECK-LABEL: func.func @nvfp4
// CHECK: scf.for {{.*}} iter_args
// CHECK: arith.maxui
// CHECK: arith.divf %{{.*}}, %{{.*}} : f32
// CHECK: microscale.pack {{.*}} global
func.func @nvfp4(%x: tensor<4x64xf32>) -> !microscale.tensor<4x64, nvfp4> {
  %q = microscale.quantize %x : tensor<4x64xf32> -> !microscale.tensor<4x64, nvfp4>
  return %q : !microscale.tensor<4x64, nvfp4>
}

// -----

// A given global replaces the reduction.
// CHECK-LABEL: func.func @nvfp4_given
// CHECK-NOT: arith.maxui
// CHECK: microscale.pack {{.*}} global %arg1
func.func @nvfp4_given(%x: tensor<4x64xf32>, %g: f32) -> !microscale.tensor<4x64, nvfp4> {
  %q = microscale.quantize %x global %g : tensor<4x64xf32>, f32 -> !microscale.tensor<4x64, nvfp4>
  return %q : !microscale.tensor<4x64, nvfp4>
}

// -----

// Swizzled scales: zero-filled padding, the 128x4 tile offsets.
// CHECK-LABEL: func.func @swizzled
// CHECK: memref.alloc() {{.*}} : memref<128x4xf8E4M3FN>
// CHECK: arith.remui %{{.*}}, %c32
// CHECK: arith.muli %{{.*}}, %c16
func.func @swizzled(%x: tensor<4x64xf32>) -> !microscale.tensor<4x64, nvfp4, layout = swizzled> {
  %q = microscale.quantize %x : tensor<4x64xf32> -> !microscale.tensor<4x64, nvfp4, layout = swizzled>
  return %q : !microscale.tensor<4x64, nvfp4, layout = swizzled>
}
