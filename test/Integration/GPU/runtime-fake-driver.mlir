// The runtime library's host side under mlir-runner, on the driver double of
// test/Unit/Runtime/FakeCudaDriver.cpp (device memory is host memory, kernels
// cannot run): what gpu-to-llvm passes through the mgpu* ABI arrives intact,
// and every failure is named.
//
// REQUIRES: cuda-runtime
// RUN: split-file %s %t
// DEFINE: %{lower} = mlir-opt --gpu-lower-to-nvvm-pipeline="cubin-chip=sm_90 cubin-features=+ptx80 cubin-format=isa"
// DEFINE: %{run} = env MICROSCALE_CUDA_DRIVER=%microscale_fake_cuda_driver mlir-runner --entry-point-result=void --shared-libs=%microscale_cuda_runtime --shared-libs=%mlir_c_runner_utils
//
// Memory: memset (32- and 16-bit), copies both ways, managed memory, host
// registration, async tokens joined through events.
// RUN: %{lower} %t/memory.mlir | %{run} | FileCheck %s --check-prefix=MEMORY
// MEMORY:      ( -1.5, -1.5, -1.5, -1.5 )
// MEMORY-NEXT: ( 0, 1, 2, 3 )
// MEMORY-NEXT: ( 7, 7, 7, 7, 7, 7 )
// MEMORY-NEXT: ( 4.25, 4.25 )
//
// A host memref with padded rows cannot be registered as one range.
// RUN: %{lower} %t/memory.mlir | not %{run} -e register_strided 2>&1 | FileCheck %s --check-prefix=STRIDED
// STRIDED: microscale-cuda-runtime: mgpuMemHostRegisterMemRef: the memref is not dense
//
// RUN: %{lower} %t/memory.mlir | env MICROSCALE_FAKE_CUDA_FAILURE=cuMemAlloc not %{run} 2>&1 | FileCheck %s --check-prefix=OOM
// OOM: microscale-cuda-runtime: cuMemAlloc failed: CUDA_ERROR_OUT_OF_MEMORY (out of memory)
// OOM-NOT: ( -1.5
//
// RUN: %{lower} %t/memory.mlir | env MICROSCALE_FAKE_CUDA_FAILURE=cuInit not %{run} 2>&1 | FileCheck %s --check-prefix=NODEVICE
// NODEVICE: microscale-cuda-runtime: cuInit failed: CUDA_ERROR_NO_DEVICE (no CUDA-capable device is detected)
//
// Modules and launches.
// RUN: %{lower} %t/launch.mlir | env MICROSCALE_FAKE_CUDA_FAILURE=cuModuleLoadDataEx not %{run} -e launch 2>&1 | FileCheck %s --check-prefix=JIT
// JIT:      microscale-cuda-runtime: cuModuleLoadDataEx failed: CUDA_ERROR_INVALID_PTX (a PTX JIT compilation failed)
// JIT-NEXT: PTX JIT log:
// JIT-NEXT: ptxas application ptx input, line 1; fatal : fake
//
// RUN: %{lower} %t/launch.mlir | env MICROSCALE_FAKE_CUDA_FAILURE=cuModuleGetFunction not %{run} -e launch 2>&1 | FileCheck %s --check-prefix=LOOKUP
// LOOKUP: microscale-cuda-runtime: cuModuleGetFunction failed: CUDA_ERROR_NOT_FOUND (named symbol not found), kernel "noop"
//
// RUN: %{lower} %t/launch.mlir | not %{run} -e launch 2>&1 | FileCheck %s --check-prefix=LAUNCH
// LAUNCH: microscale-cuda-runtime: cuLaunchKernel failed: CUDA_ERROR_NOT_SUPPORTED (operation not supported)
//
// RUN: %{lower} %t/launch.mlir | not %{run} -e launch_empty_grid 2>&1 | FileCheck %s --check-prefix=GRID
// GRID: microscale-cuda-runtime: launch: grid y 0 is outside 1..4294967295
//
// RUN: %{lower} %t/launch.mlir | not %{run} -e launch_big_smem 2>&1 | FileCheck %s --check-prefix=SMEM
// SMEM: microscale-cuda-runtime: launch: 300000 bytes of dynamic shared memory requested, the device allows at most 232448
//
// RUN: %{lower} %t/launch.mlir | not %{run} -e launch_uneven_cluster 2>&1 | FileCheck %s --check-prefix=CLUSTER
// CLUSTER: microscale-cuda-runtime: launch: grid extent 3 is not a multiple of cluster extent 2 in dimension x
//
// RUN: %{lower} %t/launch.mlir | not %{run} -e launch_cluster 2>&1 | FileCheck %s --check-prefix=NOEX
// NOEX: microscale-cuda-runtime: the CUDA driver has no cuLaunchKernelEx

//--- memory.mlir
func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %f0 = arith.constant 0.0 : f32
  %i0 = arith.constant 0 : i16
  %fill = arith.constant -1.5 : f32
  %seven = arith.constant 7 : i16

  %host = memref.alloc() : memref<4xf32>
  %t0 = gpu.wait async
  %dev, %t1 = gpu.alloc async [%t0] () : memref<4xf32>
  %t2 = gpu.memset async [%t1] %dev, %fill : memref<4xf32>, f32
  %t3 = gpu.memcpy async [%t2] %host, %dev : memref<4xf32>, memref<4xf32>
  gpu.wait [%t3]
  %v0 = vector.transfer_read %host[%c0], %f0 : memref<4xf32>, vector<4xf32>
  vector.print %v0 : vector<4xf32>

  // Host to device on one stream, back on another that waits for it.
  scf.for %i = %c0 to %c4 step %c1 {
    %ii = arith.index_cast %i : index to i32
    %f = arith.sitofp %ii : i32 to f32
    memref.store %f, %host[%i] : memref<4xf32>
  }
  %u0 = gpu.wait async
  %u1 = gpu.memcpy async [%u0] %dev, %host : memref<4xf32>, memref<4xf32>
  %back = memref.alloc() : memref<4xf32>
  %w0 = gpu.wait async
  %joined = gpu.wait async [%u1, %w0]
  %w1 = gpu.memcpy async [%joined] %back, %dev : memref<4xf32>, memref<4xf32>
  %w2 = gpu.dealloc async [%w1] %dev : memref<4xf32>
  gpu.wait [%w2]
  %v1 = vector.transfer_read %back[%c0], %f0 : memref<4xf32>, vector<4xf32>
  vector.print %v1 : vector<4xf32>

  // 16-bit memset: the count is in elements, not bytes.
  %h16 = memref.alloc() : memref<6xi16>
  %s0 = gpu.wait async
  %d16, %s1 = gpu.alloc async [%s0] () : memref<6xi16>
  %s2 = gpu.memset async [%s1] %d16, %seven : memref<6xi16>, i16
  %s3 = gpu.memcpy async [%s2] %h16, %d16 : memref<6xi16>, memref<6xi16>
  %s4 = gpu.dealloc async [%s3] %d16 : memref<6xi16>
  gpu.wait [%s4]
  %v2 = vector.transfer_read %h16[%c0], %i0 : memref<6xi16>, vector<6xi16>
  vector.print %v2 : vector<6xi16>

  // Managed memory is written and read by the host directly.
  %shared = gpu.alloc host_shared () : memref<2xf32>
  %q = arith.constant 4.25 : f32
  memref.store %q, %shared[%c0] : memref<2xf32>
  memref.store %q, %shared[%c1] : memref<2xf32>
  %v3 = vector.transfer_read %shared[%c0], %f0 : memref<2xf32>, vector<2xf32>
  vector.print %v3 : vector<2xf32>

  // Host registration of a dense memref.
  %cast = memref.cast %back : memref<4xf32> to memref<*xf32>
  gpu.host_register %cast : memref<*xf32>
  gpu.host_unregister %cast : memref<*xf32>
  memref.dealloc %host : memref<4xf32>
  memref.dealloc %back : memref<4xf32>
  memref.dealloc %h16 : memref<6xi16>
  return
}

func.func @register_strided() {
  %m = memref.alloc() : memref<4x8xf32>
  %sub = memref.subview %m[0, 0] [4, 6] [1, 1] : memref<4x8xf32> to memref<4x6xf32, strided<[8, 1]>>
  %cast = memref.cast %sub : memref<4x6xf32, strided<[8, 1]>> to memref<*xf32>
  gpu.host_register %cast : memref<*xf32>
  memref.dealloc %m : memref<4x8xf32>
  return
}

//--- launch.mlir
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @noop() kernel {
      gpu.return
    }
  }
  func.func @launch() {
    %c1 = arith.constant 1 : index
    %t0 = gpu.wait async
    %t1 = gpu.launch_func async [%t0] @kernels::@noop
        blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
    gpu.wait [%t1]
    return
  }
  func.func @launch_empty_grid() {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %t0 = gpu.wait async
    %t1 = gpu.launch_func async [%t0] @kernels::@noop
        blocks in (%c1, %c0, %c1) threads in (%c1, %c1, %c1)
    gpu.wait [%t1]
    return
  }
  func.func @launch_big_smem() {
    %c1 = arith.constant 1 : index
    %smem = arith.constant 300000 : i32
    %t0 = gpu.wait async
    %t1 = gpu.launch_func async [%t0] @kernels::@noop
        blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
        dynamic_shared_memory_size %smem
    gpu.wait [%t1]
    return
  }
  func.func @launch_uneven_cluster() {
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %t0 = gpu.wait async
    %t1 = gpu.launch_func async [%t0] @kernels::@noop
        clusters in (%c2, %c1, %c1) blocks in (%c3, %c1, %c1) threads in (%c1, %c1, %c1)
    gpu.wait [%t1]
    return
  }
  func.func @launch_cluster() {
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %t0 = gpu.wait async
    %t1 = gpu.launch_func async [%t0] @kernels::@noop
        clusters in (%c2, %c1, %c1) blocks in (%c2, %c1, %c1) threads in (%c1, %c1, %c1)
    gpu.wait [%t1]
    return
  }
}
