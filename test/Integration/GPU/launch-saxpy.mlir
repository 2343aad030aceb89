// A hand-written gpu.launch_func program, lowered by upstream passes and run
// through libmicroscale_cuda_runtime: allocation, memset, host-to-device and
// device-to-host copies, two streams of work joined through an event, a
// launch with dynamic shared memory, and deallocation.
//
// The kernel is PTX for sm_80 (cubin-format=isa), JIT-compiled by the driver,
// so any GPU from Ampere on runs it.
//
// REQUIRES: cuda-gpu, cuda-runtime
// RUN: mlir-opt %s --gpu-lower-to-nvvm-pipeline="cubin-chip=sm_80 cubin-features=+ptx80 cubin-format=isa" \
// RUN: | mlir-runner --entry-point-result=void \
// RUN:     --shared-libs=%microscale_cuda_runtime --shared-libs=%mlir_runner_utils \
// RUN: | FileCheck %s

module attributes {gpu.container_module} {
  gpu.module @kernels {
    // y[i] = a * x[i] + y[i], staged through dynamic shared memory.
    gpu.func @saxpy(%a: f32, %x: memref<16xf32>, %y: memref<16xf32>) kernel {
      %tid = gpu.thread_id x
      %bid = gpu.block_id x
      %bdim = gpu.block_dim x
      %base = arith.muli %bid, %bdim : index
      %i = arith.addi %base, %tid : index
      %smem = gpu.dynamic_shared_memory : memref<?xi8, #gpu.address_space<workgroup>>
      %c0 = arith.constant 0 : index
      %stage = memref.view %smem[%c0][] : memref<?xi8, #gpu.address_space<workgroup>> to memref<4xf32, #gpu.address_space<workgroup>>
      %xv = memref.load %x[%i] : memref<16xf32>
      memref.store %xv, %stage[%tid] : memref<4xf32, #gpu.address_space<workgroup>>
      gpu.barrier
      %xs = memref.load %stage[%tid] : memref<4xf32, #gpu.address_space<workgroup>>
      %yv = memref.load %y[%i] : memref<16xf32>
      %ax = arith.mulf %a, %xs : f32
      %r = arith.addf %ax, %yv : f32
      memref.store %r, %y[%i] : memref<16xf32>
      gpu.return
    }
  }

  func.func private @printMemrefF32(memref<*xf32>)

  func.func @main() {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %c16 = arith.constant 16 : index
    %smem_bytes = arith.constant 16 : i32
    %a = arith.constant 2.0 : f32
    %one = arith.constant 1.0 : f32

    // x[i] = i
    %hx = memref.alloc() : memref<16xf32>
    %hy = memref.alloc() : memref<16xf32>
    scf.for %i = %c0 to %c16 step %c1 {
      %ii = arith.index_cast %i : index to i32
      %f = arith.sitofp %ii : i32 to f32
      memref.store %f, %hx[%i] : memref<16xf32>
    }

    // Two independent chains (copy x, set y to 1) that the launch joins.
    %t0 = gpu.wait async
    %dx, %t1 = gpu.alloc async [%t0] () : memref<16xf32>
    %t2 = gpu.memcpy async [%t1] %dx, %hx : memref<16xf32>, memref<16xf32>
    %u0 = gpu.wait async
    %dy, %u1 = gpu.alloc async [%u0] () : memref<16xf32>
    %u2 = gpu.memset async [%u1] %dy, %one : memref<16xf32>, f32
    %joined = gpu.wait async [%t2, %u2]
    %t3 = gpu.launch_func async [%joined] @kernels::@saxpy
        blocks in (%c4, %c1, %c1) threads in (%c4, %c1, %c1)
        dynamic_shared_memory_size %smem_bytes
        args(%a : f32, %dx : memref<16xf32>, %dy : memref<16xf32>)
    %t4 = gpu.memcpy async [%t3] %hy, %dy : memref<16xf32>, memref<16xf32>
    %t5 = gpu.dealloc async [%t4] %dx : memref<16xf32>
    %t6 = gpu.dealloc async [%t5] %dy : memref<16xf32>
    gpu.wait [%t6]

    // CHECK: [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31]
    %py = memref.cast %hy : memref<16xf32> to memref<*xf32>
    call @printMemrefF32(%py) : (memref<*xf32>) -> ()
    memref.dealloc %hx : memref<16xf32>
    memref.dealloc %hy : memref<16xf32>
    return
  }
}
