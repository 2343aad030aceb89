// RUN: mx-opt %s -convert-microscale-to-cpu="vector-bits=512 features=avx512f,avx512bf16,avx512bw,avx512vnni" -canonicalize -split-input-file | FileCheck %s
// RUN: mx-opt %s -convert-microscale-to-cpu="vector-bits=256 features=none" -canonicalize -split-input-file | FileCheck %s --check-prefix=AVX2

// With AVX-512: the block scale folded into a 16-entry table, then one
// vpermps per 16 nibbles (low nibbles, then high nibbles after a shift).
// CHECK-LABEL: func.func @dequantize
// CHECK: %[[TABLE:.*]] = arith.mulf %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK: vector.load {{.*}} : memref<2048xi8>, vector<16xi8>
// CHECK-COUNT-2: llvm.call_intrinsic "llvm.x86.avx512.permvar.sf.512"(%[[TABLE]], %{{.*}})
// CHECK: vector.interleave %{{.*}}, %{{.*}} : vector<16xf32> -> vector<32xf32>
// CHECK: vector.store {{.*}} : memref<4096xf32>, vector<32xf32>
// Without it: nibbles unpacked with a mask and a shift, decoded by integer
// arithmetic, scaled by 2^e.
// AVX2-LABEL: func.func @dequantize
// AVX2: vector.interleave {{.*}} : vector<16xi8> -> vector<32xi8>
// AVX2: arith.mulf {{.*}} : vector<32xf32>
// AVX2-NOT: llvm.call_intrinsic
func.func @dequantize(%q: !microscale.tensor<1x4096, mxfp4>) -> tensor<1x4096xf32> {
  %y = microscale.dequantize %q : !microscale.tensor<1x4096, mxfp4> -> tensor<1x4096xf32>
  return %y : tensor<1x4096xf32>
}

// -----

// One row of A: 64 bytes of each of four weight rows per step, their 32-bit
// lanes shifted by 0, 4, ..., 28 and looked up in the unscaled E2M1 table;
// the eight products of each lane are summed, then multiplied by the lane's
// block scale. A is copied once into that order.
// CHECK-LABEL: func.func @gemv
// CHECK: vector.shuffle {{.*}} : vector<128xf32>, vector<128xf32>
// CHECK: scf.for {{.*}} iter_args
// CHECK: memref.prefetch
// CHECK: vector.load {{.*}} : memref<{{.*}}xi8>, vector<64xi8>
// CHECK: vector.bitcast {{.*}} : vector<64xi8> to vector<16xi32>
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.permvar.sf.512"
// CHECK: arith.mulf {{.*}} : vector<16xf32>
// CHECK-COUNT-7: arith.shrui
// CHECK: vector.load {{.*}} : memref<{{.*}}xf8E8M0FNU>, vector<4xf8E8M0FNU>
// CHECK: vector.shuffle {{.*}} [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3] : vector<4xf32>, vector<4xf32>
// CHECK: vector.fma {{.*}} : vector<16xf32>
// CHECK: vector.reduction <add>
// Without AVX-512 the same loop decodes with integer arithmetic.
// AVX2-LABEL: func.func @gemv
// AVX2-NOT: memref.alloc() {{.*}} : memref<{{[0-9]+}}xf32>
// AVX2-NOT: llvm.call_intrinsic
// AVX2: vector.fma {{.*}} : vector<16xf32>
func.func @gemv(%x: tensor<1x4096xf32>, %w: !microscale.tensor<4096x4096, mxfp4>) -> tensor<1x4096xf32> {
  %c = microscale.matmul %x, %w : tensor<1x4096xf32>, !microscale.tensor<4096x4096, mxfp4> -> tensor<1x4096xf32>
  return %c : tensor<1x4096xf32>
}

// -----

// Many rows of A: 64 weight rows x 128 values of K decoded into an f32
// panel with K major (16 x 16 transposes), then a 6 x 64 tile: per value
// of K four panel loads, 6 broadcasts of A, 24 FMAs; C accumulated in place.
// Groups of 64 weight rows run concurrently, each with its own panel.
// CHECK-LABEL: func.func @gemm
// CHECK: scf.parallel
// CHECK: %[[PANEL:.*]] = memref.alloca() {{.*}} : memref<8192xf32>
// CHECK: scf.for
// CHECK: vector.shuffle {{.*}} : vector<16xf32>, vector<16xf32>
// CHECK: vector.store {{.*}}, %[[PANEL]]
// CHECK: vector.maskedload
// CHECK: scf.for {{.*}} iter_args
// CHECK-COUNT-24: vector.fma {{.*}} : vector<16xf32>
// CHECK: vector.maskedstore
// The deallocation pipeline frees scratch buffers, not the conversion.
// CHECK-NOT: memref.dealloc
// Without AVX-512: the general panel path.
// AVX2-LABEL: func.func @gemm
// AVX2: memref.alloca() {{.*}} : memref<16512xf32>
// AVX2-COUNT-16: vector.fma {{.*}} : vector<8xf32>
func.func @gemm(%x: tensor<?x4096xf32>, %w: !microscale.tensor<4096x4096, mxfp4>) -> tensor<?x4096xf32> {
  %c = microscale.matmul %x, %w : tensor<?x4096xf32>, !microscale.tensor<4096x4096, mxfp4> -> tensor<?x4096xf32>
  return %c : tensor<?x4096xf32>
}

// -----

// Eight rows of A, table-decoded weights: each block of two weight rows is
// looked up in registers once and used by all eight rows (16 accumulators,
// 32 FMAs per block), no panel.
// CHECK-LABEL: func.func @gemm_eight_rows
// CHECK-NOT: memref<16512xf32>
// CHECK: scf.for {{.*}} iter_args
// CHECK-COUNT-2: llvm.call_intrinsic "llvm.x86.avx512.permvar.sf.512"
// CHECK-COUNT-16: vector.fma {{.*}} : vector<16xf32>
// CHECK-COUNT-2: llvm.call_intrinsic "llvm.x86.avx512.permvar.sf.512"
// CHECK-COUNT-16: vector.fma {{.*}} : vector<16xf32>
// CHECK: vector.reduction <add>
// AVX2-LABEL: func.func @gemm_eight_rows
// AVX2: memref.alloca() {{.*}} : memref<16512xf32>
func.func @gemm_eight_rows(%x: tensor<8x4096xf32>, %w: !microscale.tensor<4096x4096, mxfp4>) -> tensor<8x4096xf32> {
  %c = microscale.matmul %x, %w : tensor<8x4096xf32>, !microscale.tensor<4096x4096, mxfp4> -> tensor<8x4096xf32>
  return %c : tensor<8x4096xf32>
}

// -----

// Eight rows of A, MXFP8 weights (decoded by arithmetic): a panel of four
// weight rows is decoded into a small buffer once and multiplied with every
// row of A by a 4 x 4 tile of accumulators along K.
// CHECK-LABEL: func.func @gemm_eight_rows_mxfp8
// CHECK: scf.parallel
// CHECK: %[[PANEL:.*]] = memref.alloca() {{.*}} : memref<16512xf32>
// CHECK: scf.for
// CHECK: vector.store {{.*}}, %[[PANEL]]
// CHECK: scf.for {{.*}} iter_args
// CHECK-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// CHECK: vector.reduction <add>
// CHECK-NOT: memref.dealloc
// AVX2-LABEL: func.func @gemm_eight_rows_mxfp8
// AVX2: memref.alloca() {{.*}} : memref<16512xf32>
func.func @gemm_eight_rows_mxfp8(%x: tensor<8x4096xf32>, %w: !microscale.tensor<4096x4096, mxfp8_e4m3>) -> tensor<8x4096xf32> {
  %c = microscale.matmul %x, %w : tensor<8x4096xf32>, !microscale.tensor<4096x4096, mxfp8_e4m3> -> tensor<8x4096xf32>
  return %c : tensor<8x4096xf32>
}

// -----

// bf16 activations are widened once; the accumulator is added at the end.
// CHECK-LABEL: func.func @weight_only_acc
// CHECK: arith.extf {{.*}} : vector<{{16|32}}xbf16> to vector<{{16|32}}xf32>
// CHECK: vector.fma
// CHECK: memref.load %{{.*}} : memref<24xf32>
// CHECK: arith.addf
func.func @weight_only_acc(%a: tensor<3x64xbf16>, %w: !microscale.tensor<8x64, nvfp4>, %c0: tensor<3x8xf32>) -> tensor<3x8xf32> {
  %c = microscale.matmul %a, %w acc %c0 : tensor<3x64xbf16>, !microscale.tensor<8x64, nvfp4>, tensor<3x8xf32> -> tensor<3x8xf32>
  return %c : tensor<3x8xf32>
}

// -----

// Requantize decodes blocks and quantizes them again, with no f32 tensor.
// CHECK-LABEL: func.func @requantize
// CHECK-NOT: memref<{{.*}}xf32>
// CHECK: vector.reduction <maxui>
// CHECK: microscale.pack
func.func @requantize(%q: !microscale.tensor<4x64, mxfp8_e4m3>) -> !microscale.tensor<4x64, mxfp4> {
  %r = microscale.requantize %q : !microscale.tensor<4x64, mxfp8_e4m3> -> !microscale.tensor<4x64, mxfp4>
  return %r : !microscale.tensor<4x64, mxfp4>
}

// -----

// NVFP4 with one row: each lane pair holds one block of 16, eight E4M3
// scales per step; the global multiplies each dot product once.
// CHECK-LABEL: func.func @gemv_nvfp4
// CHECK: vector.load {{.*}} : memref<{{.*}}xf8E4M3FN>, vector<8xf8E4M3FN>
// CHECK: vector.shuffle {{.*}} [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7] : vector<8xf32>, vector<8xf32>
// CHECK: vector.reduction <add>
// CHECK: arith.mulf %{{.*}}, %{{.*}} : f32
func.func @gemv_nvfp4(%x: tensor<1x256xf32>, %w: !microscale.tensor<64x256, nvfp4>) -> tensor<1x64xf32> {
  %c = microscale.matmul %x, %w : tensor<1x256xf32>, !microscale.tensor<64x256, nvfp4> -> tensor<1x64xf32>
  return %c : tensor<1x64xf32>
}

// -----

// NVFP4 where K is no multiple of 128: blocks of 16 go in pairs, one
// 16-byte load, one table per block, two-table lookups (vpermi2ps); the
// global multiplies each dot product once. Each E4M3 block scale is a load
// from the module's table of the 256 codes' values.
// CHECK: memref.global "private" constant @__microscale_e4m3_values : memref<256xf32>
// CHECK-LABEL: func.func @gemv_nvfp4_k96
// CHECK: memref.get_global @__microscale_e4m3_values
// CHECK-COUNT-2: llvm.call_intrinsic "llvm.x86.avx512.vpermi2var.ps.512"
// CHECK: vector.reduction <add>
// CHECK: arith.mulf %{{.*}}, %{{.*}} : f32
func.func @gemv_nvfp4_k96(%x: tensor<1x96xf32>, %w: !microscale.tensor<64x96, nvfp4>) -> tensor<1x64xf32> {
  %c = microscale.matmul %x, %w : tensor<1x96xf32>, !microscale.tensor<64x96, nvfp4> -> tensor<1x64xf32>
  return %c : tensor<1x64xf32>
}
