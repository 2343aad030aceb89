// RUN: mx-opt %s -convert-microscale-to-cpu="vector-bits=512 features=avx512f,avx512bw,avx512vnni" -canonicalize -split-input-file | FileCheck %s
// RUN: mx-opt %s -convert-microscale-to-cpu="vector-bits=512 features=avx512f,avx512bw" -canonicalize -split-input-file | FileCheck %s --check-prefix=NOVNNI

// Both operands MXFP4, K in element order. A: nibbles to 2·E2M1 int8
// images by one vpshufb per 64 elements, per block the correction. B, 16
// rows x 64 values of K at a time: the rows' storage bytes paired into 8
// registers and transposed in three rounds of byte shuffles, each
// register's nibbles split and interleaved, then one vpshufb per 64 images
// whose table holds them plus 128 (no separate bias). A 4 x 32 tile of
// int32 accumulators (4 rows x 2 vectors) fed by vpdpbusd, 8 per group of
// 4 values of K, 8 groups per block of 32; each block's dot products
// converted exactly and scaled into f32 accumulators.
// CHECK-LABEL: func.func @mxfp4_both
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.pshuf.b.512"
// CHECK: vector.reduction <add>, %{{.*}} : vector<32xi32> into i32
// CHECK-COUNT-8: vector.shuffle %{{.*}} : vector<32xi8>, vector<32xi8>
// CHECK-COUNT-24: vector.shuffle %{{.*}} : vector<64xi8>, vector<64xi8>
// CHECK: arith.andi %{{.*}} : vector<64xi8>
// CHECK-NEXT: arith.shrui %{{.*}} : vector<64xi8>
// CHECK-NEXT: vector.shuffle %{{.*}} : vector<64xi8>, vector<64xi8>
// CHECK-NEXT: llvm.call_intrinsic "llvm.x86.avx512.pshuf.b.512"
// CHECK-NOT: arith.xori
// CHECK: scf.for {{.*}} iter_args
// CHECK-COUNT-64: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"(%{{.*}}) : (vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32>
// CHECK-COUNT-8: arith.sitofp %{{.*}} : vector<16xi32> to vector<16xf32>
// CHECK: vector.maskedstore
// Without VNNI: the f32 panel path.
// NOVNNI-LABEL: func.func @mxfp4_both
// NOVNNI-NOT: vpdpbusd
// NOVNNI: vector.fma
func.func @mxfp4_both(%a: !microscale.tensor<?x4096, mxfp4>, %w: !microscale.tensor<100x4096, mxfp4>) -> tensor<?x100xf32> {
  %c = microscale.matmul %a, %w : !microscale.tensor<?x4096, mxfp4>, !microscale.tensor<100x4096, mxfp4> -> tensor<?x100xf32>
  return %c : tensor<?x100xf32>
}

// -----

// MXINT8 activations with MXFP6 E2M3 weights (8·E2M3 is an int8): element
// order on both sides, the codes decoded generically, no byte table lookup.
// CHECK-LABEL: func.func @mxint8_e2m3
// CHECK-NOT: pshuf.b
// CHECK: arith.fptosi %{{.*}} : vector<32xf32> to vector<32xi8>
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// NOVNNI-LABEL: func.func @mxint8_e2m3
// NOVNNI-NOT: vpdpbusd
func.func @mxint8_e2m3(%a: !microscale.tensor<8x256, mxint8>, %w: !microscale.tensor<64x256, mxfp6_e2m3>, %acc: tensor<8x64xf32>) -> tensor<8x64xf32> {
  %c = microscale.matmul %a, %w acc %acc : !microscale.tensor<8x256, mxint8>, !microscale.tensor<64x256, mxfp6_e2m3>, tensor<8x64xf32> -> tensor<8x64xf32>
  return %c : tensor<8x64xf32>
}

// -----

// E4M3 values are no small integers, and f32 activations are not quantized:
// neither takes the int8 path.
// CHECK-LABEL: func.func @mxfp8_both
// CHECK-NOT: vpdpbusd
// CHECK: vector.fma
func.func @mxfp8_both(%a: !microscale.tensor<64x256, mxfp8_e4m3>, %w: !microscale.tensor<64x256, mxfp8_e4m3>) -> tensor<64x64xf32> {
  %c = microscale.matmul %a, %w : !microscale.tensor<64x256, mxfp8_e4m3>, !microscale.tensor<64x256, mxfp8_e4m3> -> tensor<64x64xf32>
  return %c : tensor<64x64xf32>
}

// -----

// CHECK-LABEL: func.func @weight_only
// CHECK-NOT: vpdpbusd
// CHECK: vector.fma
func.func @weight_only(%a: tensor<64x256xf32>, %w: !microscale.tensor<64x256, mxfp4>) -> tensor<64x64xf32> {
  %c = microscale.matmul %a, %w : tensor<64x256xf32>, !microscale.tensor<64x256, mxfp4> -> tensor<64x64xf32>
  return %c : tensor<64x64xf32>
}
