// RUN: mx-opt %s --convert-microscale-to-gpu=chip=sm_89 --test-microscale-emulate-gpu-on-host -split-input-file -verify-diagnostics | FileCheck %s

// A kernel whose threads do not communicate becomes loops over blocks and
// threads; device buffers become host ones, which the pipelines'
// deallocation frees (the pass adds no dealloc).
// CHECK-LABEL: func.func @dequantize
// CHECK-NOT: gpu.
// CHECK: memref.alloc
// CHECK: memref.copy
// CHECK: scf.for %[[B:.*]] = %{{.*}} to %{{.*}} step
// CHECK: scf.for %[[T:.*]] = %{{.*}} to %{{.*}} step
// CHECK: %[[FIRST:.*]] = arith.muli %[[B]], %{{.*}}
// CHECK: arith.addi %[[FIRST]], %[[T]]
// CHECK: memref.copy
// CHECK-NOT: memref.dealloc
// CHECK-NOT: gpu.
func.func @dequantize(%q: !microscale.tensor<4x64, mxfp4>) -> tensor<4x64xf32> {
  %y = microscale.dequantize %q : !microscale.tensor<4x64, mxfp4> -> tensor<4x64xf32>
  return %y : tensor<4x64xf32>
}

// -----

// Barriers cut the FMA matmul kernel's K loop into phases: one loop over the
// threads per phase, the accumulators and the dot products that cross a
// barrier kept in per-thread host buffers, shared memory a host buffer.
// CHECK-LABEL: func.func @matmul_fma
// CHECK-NOT: gpu.
// CHECK: scf.for %[[B:.*]] = %{{.*}} to %{{.*}} step
// CHECK: memref.alloc() : memref<16x32xf32>
// CHECK: memref.alloc() : memref<16x32xf32>
// CHECK: %[[ACC:.*]] = memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK: %[[DOT:.*]] = memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK: scf.for %[[K:.*]] =
// CHECK: scf.for
// CHECK: memref.store {{.*}} : memref<16x32xf32>
// CHECK: scf.for
// CHECK: memref.load %[[ACC]]
// CHECK: memref.store {{.*}}, %[[DOT]]
// CHECK: scf.for
// CHECK: memref.load %[[DOT]]
// CHECK: memref.store {{.*}}, %[[ACC]]
// CHECK-NOT: gpu.
func.func @matmul_fma(%a: !microscale.tensor<4x64, mxfp8_e5m2>, %b: !microscale.tensor<8x64, mxfp8_e5m2>) -> tensor<4x8xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<4x64, mxfp8_e5m2>, !microscale.tensor<8x64, mxfp8_e5m2> -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
}

// -----

// The tensor-core kernel: each mma.sync is a phase of its own, run per warp
// from the fragments every lane left in per-thread buffers.
// CHECK-LABEL: func.func @matmul_mma
// CHECK-NOT: llvm.call_intrinsic
// CHECK: scf.for %[[W:.*]] = %{{.*}} to %{{.*}} step
// CHECK: scf.for %[[L:.*]] = %{{.*}} to %{{.*}} step
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK-NOT: llvm.call_intrinsic
// CHECK: return
func.func @matmul_mma(%a: !microscale.tensor<4x64, mxfp4>, %b: !microscale.tensor<8x64, mxfp4>) -> tensor<4x8xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<4x64, mxfp4>, !microscale.tensor<8x64, mxfp4> -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
}

// -----

// Any other intrinsic has no host counterpart.
func.func @other_intrinsic(%n: index, %out: memref<?xi32>) {
  %c1 = arith.constant 1 : index
  // expected-error @below {{'gpu.launch' op calls an NVVM intrinsic other than a top-level E4M3 mma.sync between barriers; it cannot run as host loops}}
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %n, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %lane = llvm.call_intrinsic "llvm.nvvm.read.ptx.sreg.laneid"() : () -> i32
    memref.store %lane, %out[%bx] : memref<?xi32>
    gpu.terminator
  }
  return
}
