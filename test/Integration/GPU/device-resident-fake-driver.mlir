// Device-resident functions (microscale-gpu-pipeline host-data=false) on the
// driver double (test/Unit/Runtime/FakeCudaDriver.cpp) with its trace on:
// the host code's device work, call by call. Kernels are launched on the
// stream the caller passes (on the default stream for a null one), operands
// are read and results written where the caller put them: no copy, no
// stream of its own, no wait, no allocation but the intermediate between
// two microscale ops, freed after its last use.
//
// REQUIRES: cuda-runtime, ir-cc
// RUN: split-file %s %t
// RUN: mx-opt %t/kernels.mlir --microscale-gpu-pipeline="chip=sm_90a format=isa host-data=false" \
// RUN:   | mlir-translate --mlir-to-llvmir -o %t/kernels.ll
// RUN: %ir_cc -shared -fPIC -Wno-override-module %t/kernels.ll -o %t/libkernels%shlibext \
// RUN:   -L%microscale_lib_dir -lmicroscale_cuda_runtime -Wl,-rpath,%microscale_lib_dir
// RUN: mlir-opt %t/main.mlir --gpu-lower-to-nvvm-pipeline \
// RUN:   | env MICROSCALE_CUDA_DRIVER=%microscale_fake_cuda_driver MICROSCALE_FAKE_CUDA_TRACE=1 \
// RUN:     mlir-runner -e main --entry-point-result=void \
// RUN:     --shared-libs=%microscale_cuda_runtime,%t/libkernels%shlibext,%mlir_c_runner_utils 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not=cuMemcpy --implicit-check-not=cuMemHostRegister

// main's buffers, on a stream of its own (stream1).
// CHECK:      cuStreamCreate stream1
// CHECK-COUNT-6: cuMemAlloc
// CHECK:      cuStreamDestroy stream1
// CHECK-NEXT: cuStreamCreate stream2

// @matmul: one launch on the caller's stream, nothing else (the sm_90a
// wgmma kernel: two warpgroups, its ring of stages in dynamic shared memory).
// CHECK-NEXT: cuModuleGetFunction [[MATMUL:.*]]
// CHECK-NEXT: cuLaunchKernel [[MATMUL]] grid 1,1,1 block 256,1,1 smem 132128 on stream2
// CHECK-NEXT: cuStreamSynchronize stream2

// @layer: quantize into an intermediate on the device, matmul on it, the
// intermediate (data, scales) freed after its last use; the runtime's
// mgpuMemFree waits for the stream before cuMemFree.
// CHECK-NEXT: cuMemAlloc 128 bytes
// CHECK-NEXT: cuMemAlloc 8 bytes
// CHECK-NEXT: cuModuleGetFunction [[QUANTIZE:.*]]
// CHECK-NEXT: cuLaunchKernel [[QUANTIZE]] grid 1,1,1 block 256,1,1 smem 0 on stream2
// CHECK-NEXT: cuModuleGetFunction
// CHECK-NEXT: cuLaunchKernel {{.*}} block 256,1,1 smem 132128 on stream2
// CHECK-NEXT: cuStreamSynchronize stream2
// CHECK-NEXT: cuMemFree
// CHECK-NEXT: cuStreamSynchronize stream2
// CHECK-NEXT: cuMemFree
// CHECK-NEXT: cuStreamSynchronize stream2

// A null stream: the context's default stream.
// CHECK-NEXT: cuModuleGetFunction
// CHECK-NEXT: cuLaunchKernel {{.*}} on default
// CHECK-NEXT: cuStreamDestroy stream2
// CHECK-NOT:  cuLaunchKernel

//--- kernels.mlir
func.func @matmul(%a: !microscale.tensor<4x64, mxfp4>, %w: !microscale.tensor<32x64, mxfp4>) -> tensor<4x32xf32> {
  %y = microscale.matmul %a, %w : !microscale.tensor<4x64, mxfp4>, !microscale.tensor<32x64, mxfp4> -> tensor<4x32xf32>
  return %y : tensor<4x32xf32>
}

func.func @layer(%x: tensor<4x64xf32>, %w: !microscale.tensor<32x64, mxfp4>) -> tensor<4x32xf32> {
  %q = microscale.quantize %x : tensor<4x64xf32> -> !microscale.tensor<4x64, mxfp4>
  %y = microscale.matmul %q, %w : !microscale.tensor<4x64, mxfp4>, !microscale.tensor<32x64, mxfp4> -> tensor<4x32xf32>
  return %y : tensor<4x32xf32>
}

//--- main.mlir
// The ABI after the pipeline: storage of each block-scaled operand (data,
// scales), the output buffers, the stream last.
func.func private @matmul(memref<4x32xi8>, memref<4x2xf8E8M0FNU>, memref<32x32xi8>, memref<32x2xf8E8M0FNU>, memref<4x32xf32>, !llvm.ptr)
func.func private @layer(memref<4x64xf32>, memref<32x32xi8>, memref<32x2xf8E8M0FNU>, memref<4x32xf32>, !llvm.ptr)
llvm.func @mgpuStreamCreate() -> !llvm.ptr
llvm.func @mgpuStreamSynchronize(!llvm.ptr)
llvm.func @mgpuStreamDestroy(!llvm.ptr)

func.func @main() {
  %t0 = gpu.wait async
  %x, %t1 = gpu.alloc async [%t0] () : memref<4x64xf32>
  %ad, %t2 = gpu.alloc async [%t1] () : memref<4x32xi8>
  %as, %t3 = gpu.alloc async [%t2] () : memref<4x2xf8E8M0FNU>
  %wd, %t4 = gpu.alloc async [%t3] () : memref<32x32xi8>
  %ws, %t5 = gpu.alloc async [%t4] () : memref<32x2xf8E8M0FNU>
  %y, %t6 = gpu.alloc async [%t5] () : memref<4x32xf32>
  gpu.wait [%t6]

  %s = llvm.call @mgpuStreamCreate() : () -> !llvm.ptr
  func.call @matmul(%ad, %as, %wd, %ws, %y, %s) : (memref<4x32xi8>, memref<4x2xf8E8M0FNU>, memref<32x32xi8>, memref<32x2xf8E8M0FNU>, memref<4x32xf32>, !llvm.ptr) -> ()
  llvm.call @mgpuStreamSynchronize(%s) : (!llvm.ptr) -> ()
  func.call @layer(%x, %wd, %ws, %y, %s) : (memref<4x64xf32>, memref<32x32xi8>, memref<32x2xf8E8M0FNU>, memref<4x32xf32>, !llvm.ptr) -> ()
  llvm.call @mgpuStreamSynchronize(%s) : (!llvm.ptr) -> ()
  %null = llvm.mlir.zero : !llvm.ptr
  func.call @matmul(%ad, %as, %wd, %ws, %y, %null) : (memref<4x32xi8>, memref<4x2xf8E8M0FNU>, memref<32x32xi8>, memref<32x2xf8E8M0FNU>, memref<4x32xf32>, !llvm.ptr) -> ()
  llvm.call @mgpuStreamDestroy(%s) : (!llvm.ptr) -> ()
  return
}
