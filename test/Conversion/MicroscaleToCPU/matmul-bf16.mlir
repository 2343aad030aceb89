// RUN: mx-opt %s -convert-microscale-to-cpu="vector-bits=512 features=avx512f,avx512bf16" -canonicalize | FileCheck %s
// RUN: mx-opt %s -convert-microscale-to-cpu="vector-bits=512 features=avx512f" -canonicalize | FileCheck %s --check-prefix=NOBF16
// RUN: not mx-opt %s -convert-microscale-to-cpu="features=avx512f,sse9" 2>&1 | FileCheck %s --check-prefix=BAD

// bf16 activations and MXFP4 weights (E2M1 * 2^e is exact in bf16): the
// panel is stored as bf16 and a 4x4 tile of vdpbf16ps accumulators reads 32
// values of K per step.
// CHECK-LABEL: func.func @w4a16
// CHECK: memref.alloc({{.*}}) {{.*}} : memref<?xbf16>
// CHECK: arith.bitcast {{.*}} : vector<16xi16> to vector<16xbf16>
// CHECK: vector.load {{.*}} : memref<?xbf16>, vector<32xbf16>
// CHECK-COUNT-16: x86vector.avx512.dot {{.*}} : vector<32xbf16> -> vector<16xf32>
// NOBF16-LABEL: func.func @w4a16
// NOBF16-NOT: x86vector.avx512.dot
// NOBF16: vector.fma
// BAD: error: unknown CPU feature in 'avx512f,sse9'
func.func @w4a16(%x: tensor<?x4096xbf16>, %w: !microscale.tensor<4096x4096, mxfp4>) -> tensor<?x4096xf32> {
  %c = microscale.matmul %x, %w : tensor<?x4096xbf16>, !microscale.tensor<4096x4096, mxfp4> -> tensor<?x4096xf32>
  return %c : tensor<?x4096xf32>
}
