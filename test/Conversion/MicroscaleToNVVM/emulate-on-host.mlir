// RUN: mx-opt %s --convert-microscale-to-gpu=chip=sm_90a --microscale-emulate-gpu-on-host -split-input-file -verify-diagnostics | FileCheck %s

// A kernel whose threads do not communicate becomes loops over blocks and
// threads; device buffers become host ones.
// CHECK-LABEL: func.func @dequantize
// CHECK-NOT: gpu.
// CHECK: memref.alloc
// CHECK: memref.copy
// CHECK: scf.for %[[B:.*]] = %{{.*}} to %{{.*}} step
// CHECK: scf.for %[[T:.*]] = %{{.*}} to %{{.*}} step
// CHECK: %[[FIRST:.*]] = arith.muli %[[B]], %{{.*}}
// CHECK: arith.addi %[[FIRST]], %[[T]]
// CHECK: memref.copy
// CHECK: memref.dealloc
// CHECK-NOT: gpu.
func.func @dequantize(%q: !microscale.tensor<4x64, mxfp4>) -> tensor<4x64xf32> {
  %y = microscale.dequantize %q : !microscale.tensor<4x64, mxfp4> -> tensor<4x64xf32>
  return %y : tensor<4x64xf32>
}

// -----

// The matmul kernels share tiles through shared memory and barriers.
func.func @matmul(%a: !microscale.tensor<4x64, mxfp4>, %b: !microscale.tensor<8x64, mxfp4>) -> tensor<4x8xf32> {
  // expected-error @below {{'gpu.launch' op has threads that communicate (barrier or shared memory); it cannot run as sequential host loops}}
  %c = microscale.matmul %a, %b : !microscale.tensor<4x64, mxfp4>, !microscale.tensor<8x64, mxfp4> -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
}
