// convert-microscale-to-gpu{host-data=false}: tensors are device buffers.
// Every function defined in the module takes the stream last and passes it
// on at calls; the ops order their work on it (a token cast from it), read
// their operands where they are, write their results to new device buffers
// marked for microscale-gpu-device-results, and neither copy nor wait.
// RUN: mx-opt %s --convert-microscale-to-gpu="chip=sm_90a host-data=false" | FileCheck %s
//
// Through the whole pipeline: no copy, no stream of its own, no wait; the
// results are output arguments before the stream.
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_90a format=isa host-data=false" \
// RUN:   | FileCheck %s --check-prefix=PIPE --implicit-check-not=mgpuMemcpy \
// RUN:       --implicit-check-not=mgpuStreamCreate --implicit-check-not=mgpuStreamSynchronize

// CHECK-LABEL: func.func @quantize(
// CHECK-SAME:      %[[X:.*]]: tensor<4x64xf32>, %[[S:.*]]: !llvm.ptr {microscale.stream})
// CHECK-NOT:     gpu.wait
// CHECK-NOT:     gpu.memcpy
// CHECK:         %[[T:.*]] = builtin.unrealized_conversion_cast %[[S]] : !llvm.ptr to !gpu.async.token
// CHECK:         %[[IN:.*]] = bufferization.to_buffer %[[X]]
// CHECK:         memref.collapse_shape %[[IN]]
// CHECK:         gpu.alloc async [%[[T]]] {{.*}} {bufferization.manual_deallocation, microscale.device_result} : memref<?xi8>
// CHECK:         gpu.alloc async {{.*}} {bufferization.manual_deallocation, microscale.device_result} : memref<?xf8E8M0FNU>
// CHECK:         gpu.launch async
// CHECK-NOT:     gpu.wait
// CHECK-NOT:     gpu.memcpy
// CHECK:         memref.expand_shape {{.*}} into memref<4x32xi8>
// CHECK:         memref.expand_shape {{.*}} into memref<4x2xf8E8M0FNU>
// CHECK-NOT:     gpu.wait
// CHECK:         return

// PIPE-LABEL: llvm.func @quantize(
// PIPE-SAME:      %arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: i64, %arg3: i64, %arg4: i64, %arg5: i64, %arg6: i64,
// PIPE-SAME:      %arg7: !llvm.ptr, %arg8: !llvm.ptr, %arg9: i64, %arg10: i64, %arg11: i64, %arg12: i64, %arg13: i64,
// PIPE-SAME:      %arg14: !llvm.ptr, %arg15: !llvm.ptr, %arg16: i64, %arg17: i64, %arg18: i64, %arg19: i64, %arg20: i64,
// PIPE-SAME:      %arg21: !llvm.ptr {microscale.stream}) {
// PIPE-NOT:     mgpuMemAlloc
// PIPE:         gpu.launch_func <%arg21 : !llvm.ptr>
// PIPE-SAME:      %arg8 : !llvm.ptr
// PIPE-SAME:      %arg15 : !llvm.ptr
// PIPE-NOT:     mgpuMemFree
// PIPE:         llvm.return
func.func @quantize(%x: tensor<4x64xf32>) -> (tensor<4x32xi8>, tensor<4x2xf8E8M0FNU>) {
  %q = microscale.quantize %x : tensor<4x64xf32> -> !microscale.tensor<4x64, mxfp4>
  %d, %s = microscale.unpack %q : !microscale.tensor<4x64, mxfp4> -> tensor<4x32xi8>, tensor<4x2xf8E8M0FNU>
  return %d, %s : tensor<4x32xi8>, tensor<4x2xf8E8M0FNU>
}

// CHECK-LABEL: func.func @caller(
// CHECK-SAME:      %{{.*}}: tensor<4x64xf32>, %[[S:.*]]: !llvm.ptr {microscale.stream})
// CHECK:         call @callee(%[[S]]) : (!llvm.ptr) -> ()
// CHECK:         call @external() : () -> ()
// PIPE-LABEL: llvm.func @caller(
// PIPE-SAME:      %[[S:arg[0-9]+]]: !llvm.ptr {microscale.stream})
// PIPE:         llvm.call @callee(%[[S]])
func.func @caller(%x: tensor<4x64xf32>) {
  call @callee() : () -> ()
  call @external() : () -> ()
  return
}

// CHECK-LABEL: func.func @callee(
// CHECK-SAME:      %{{.*}}: !llvm.ptr {microscale.stream})
func.func @callee() {
  return
}

// Declarations keep their signature.
// CHECK-LABEL: func.func private @external()
func.func private @external()
