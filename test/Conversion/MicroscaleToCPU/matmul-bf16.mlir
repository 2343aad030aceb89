// RUN: mx-opt %s -convert-microscale-to-cpu="vector-bits=512 features=avx512f,avx512bf16" -canonicalize -split-input-file | FileCheck %s
// RUN: mx-opt %s -convert-microscale-to-cpu="vector-bits=512 features=avx512f" -canonicalize -split-input-file | FileCheck %s --check-prefix=NOBF16
// RUN: not mx-opt %s -convert-microscale-to-cpu="features=avx512f,sse9" 2>&1 | FileCheck %s --check-prefix=BAD

// bf16 activations and MXFP4 weights (E2M1 * 2^e is exact in bf16), many
// rows of A: 64 weight rows x 256 values of K decoded into a bf16 panel of
// (even, odd) pairs of K, 16 x 16 transposes, then a 6 x 64 tile of
// vdpbf16ps accumulators fed by broadcast bf16 pairs of A.
// CHECK-LABEL: func.func @w4a16
// CHECK: %[[PANEL:.*]] = memref.alloca() {{.*}} : memref<16384xbf16>
// CHECK: vector.shuffle {{.*}} : vector<16xf32>, vector<16xf32>
// CHECK: vector.interleave {{.*}} : vector<16xbf16> -> vector<32xbf16>
// CHECK: vector.store {{.*}}, %[[PANEL]]{{.*}} : memref<16384xbf16>, vector<32xbf16>
// CHECK: scf.for {{.*}} iter_args
// CHECK: vector.load %[[PANEL]]{{.*}} : memref<16384xbf16>, vector<32xbf16>
// CHECK-COUNT-24: x86vector.avx512.dot {{.*}} : vector<32xbf16> -> vector<16xf32>
// CHECK: vector.maskedstore
// NOBF16-LABEL: func.func @w4a16
// NOBF16-NOT: x86vector.avx512.dot
// NOBF16: vector.fma
// BAD: error: unknown CPU feature in 'avx512f,sse9'
func.func @w4a16(%x: tensor<?x4096xbf16>, %w: !microscale.tensor<4096x4096, mxfp4>) -> tensor<?x4096xf32> {
  %c = microscale.matmul %x, %w : tensor<?x4096xbf16>, !microscale.tensor<4096x4096, mxfp4> -> tensor<?x4096xf32>
  return %c : tensor<?x4096xf32>
}

// -----

// Few rows of A (static M = 8): the general panel path, a 4 x 4 tile of
// vdpbf16ps accumulators along K, reduced at the end.
// CHECK-LABEL: func.func @w4a16_eight_rows
// CHECK: memref.alloc() {{.*}} : memref<32768xbf16>
// CHECK: memref.alloca() {{.*}} : memref<16512xbf16>
// CHECK: vector.load {{.*}} : memref<16512xbf16>, vector<32xbf16>
// CHECK-COUNT-16: x86vector.avx512.dot {{.*}} : vector<32xbf16> -> vector<16xf32>
// CHECK: vector.reduction <add>
// NOBF16-LABEL: func.func @w4a16_eight_rows
// NOBF16-NOT: x86vector.avx512.dot
// NOBF16: vector.fma
func.func @w4a16_eight_rows(%x: tensor<8x4096xbf16>, %w: !microscale.tensor<4096x4096, mxfp4>) -> tensor<8x4096xf32> {
  %c = microscale.matmul %x, %w : tensor<8x4096xbf16>, !microscale.tensor<4096x4096, mxfp4> -> tensor<8x4096xf32>
  return %c : tensor<8x4096xf32>
}
