// gpu-module-to-binary format=bin runs ptxas: with the `ptxas` feature the
// toolkit is reachable from the tests, and a kernel compiles to a cubin (an
// ELF image) without a GPU. The host side is lowered to mgpuModuleLoad with
// the image's size, the call libmicroscale_cuda_runtime answers.
//
// REQUIRES: ptxas
// RUN: mlir-opt %s --gpu-lower-to-nvvm-pipeline="cubin-chip=sm_90a cubin-features=+ptx80 cubin-format=bin" \
// RUN: | FileCheck %s --check-prefix=BINARY
// BINARY: gpu.binary @kernels [#gpu.object<#nvvm.target<chip = "sm_90a", features = "+ptx80">, {{.*}}bin = "\7FELF
//
// RUN: mlir-opt %s --gpu-lower-to-nvvm-pipeline="cubin-chip=sm_90a cubin-features=+ptx80 cubin-format=bin" \
// RUN: | mlir-translate --mlir-to-llvmir | FileCheck %s --check-prefix=HOST
// HOST-DAG: call ptr @mgpuModuleLoad(ptr @kernels_binary, i64 {{[1-9][0-9]*}})
// HOST-DAG: call ptr @mgpuModuleGetFunction(ptr %{{.*}}, ptr @kernels_scale_name)
// HOST-DAG: call void @mgpuLaunchKernel(

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @scale(%x: memref<16xf32>, %a: f32) kernel {
      %i = gpu.thread_id x
      %v = memref.load %x[%i] : memref<16xf32>
      %r = arith.mulf %v, %a : f32
      memref.store %r, %x[%i] : memref<16xf32>
      gpu.return
    }
  }

  func.func @main(%x: memref<16xf32>, %a: f32) {
    %c1 = arith.constant 1 : index
    %c16 = arith.constant 16 : index
    %t0 = gpu.wait async
    %t1 = gpu.launch_func async [%t0] @kernels::@scale
        blocks in (%c1, %c1, %c1) threads in (%c16, %c1, %c1)
        args(%x : memref<16xf32>, %a : f32)
    gpu.wait [%t1]
    return
  }
}
