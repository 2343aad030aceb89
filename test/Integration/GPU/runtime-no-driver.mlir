// Without a CUDA driver the runtime library still loads into mlir-runner (it
// opens the driver only when first called), and a program that calls into it
// ends with a clear message and a non-zero exit status instead of crashing
// or printing wrong results. On a machine with a driver but no device the
// message is cuInit's error instead.
//
// REQUIRES: cuda-runtime
// UNSUPPORTED: cuda-gpu
// RUN: split-file %s %t
//
// RUN: mlir-opt %t/host-only.mlir --gpu-lower-to-nvvm-pipeline \
// RUN: | mlir-runner --entry-point-result=void \
// RUN:     --shared-libs=%microscale_cuda_runtime --shared-libs=%mlir_c_runner_utils \
// RUN: | FileCheck %s --check-prefix=LOADS
// LOADS: {{^}}42{{$}}
//
// RUN: mlir-opt %t/launch.mlir --gpu-lower-to-nvvm-pipeline="cubin-chip=sm_80 cubin-features=+ptx80 cubin-format=isa" \
// RUN: | not mlir-runner --entry-point-result=void \
// RUN:     --shared-libs=%microscale_cuda_runtime --shared-libs=%mlir_c_runner_utils 2>&1 \
// RUN: | FileCheck %s --check-prefix=FAILS
// FAILS: microscale-cuda-runtime: {{no CUDA driver \(.*libcuda.so.1.*\)|cuInit failed: CUDA_ERROR_[A-Z_]+ \(.+\)}}
// FAILS-NOT: PTX JIT
// FAILS-NOT: {{^}}1{{$}}

//--- host-only.mlir
func.func @main() {
  %v = arith.constant 42 : i32
  vector.print %v : i32
  return
}

//--- launch.mlir
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @noop() kernel {
      gpu.return
    }
  }
  func.func @main() {
    %c1 = arith.constant 1 : index
    %t0 = gpu.wait async
    %t1 = gpu.launch_func async [%t0] @kernels::@noop
        blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
    gpu.wait [%t1]
    %done = arith.constant 1 : i32
    vector.print %done : i32
    return
  }
}
