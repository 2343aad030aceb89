// microscale-gpu-pipeline with format=isa: PTX text at the PTX version the
// target description gives each chip (never the backend's default), kernels
// free of libdevice calls, host code calling the mgpu* runtime ABI; and
// mlir-translate turns the result into an LLVM IR host module that loads
// the PTX and launches the kernels.
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_80 format=isa" | FileCheck %s --check-prefixes=CHECK,SM80
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_89 format=isa" | FileCheck %s --check-prefixes=CHECK,SM89
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_90a format=isa" | FileCheck %s --check-prefixes=CHECK,SM90A
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_100a format=isa" | FileCheck %s --check-prefixes=CHECK,SM100A
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_103a format=isa" | FileCheck %s --check-prefixes=CHECK,SM103A
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_120a format=isa" | FileCheck %s --check-prefixes=CHECK,SM120A
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_90a format=isa" | mlir-translate --mlir-to-llvmir | FileCheck %s --check-prefix=LLVMIR

// CHECK-NOT: __nv_
// CHECK-LABEL: llvm.func @quantize(
// CHECK: llvm.call @mgpuStreamCreate
// CHECK: llvm.call @mgpuMemAlloc
// CHECK: llvm.call @mgpuMemcpy
// CHECK: gpu.launch_func <%{{.*}} : !llvm.ptr> @quantize_kernel::@quantize_kernel
// CHECK: llvm.call @mgpuMemFree
// CHECK: llvm.call @mgpuStreamSynchronize
// CHECK: gpu.binary @quantize_kernel
// SM80-SAME: #nvvm.target<chip = "sm_80", features = "+ptx70">
// SM80-SAME: .version 7.0
// SM80-SAME: .target sm_80
// SM89-SAME: #nvvm.target<chip = "sm_89", features = "+ptx84">
// SM89-SAME: .version 8.4
// SM89-SAME: .target sm_89
// SM90A-SAME: #nvvm.target<chip = "sm_90a", features = "+ptx84">
// SM90A-SAME: .version 8.4
// SM90A-SAME: .target sm_90a
// SM100A-SAME: .version 8.8
// SM100A-SAME: .target sm_100a
// SM103A-SAME: .version 8.8
// SM103A-SAME: .target sm_103a
// SM120A-SAME: .version 8.7
// SM120A-SAME: .target sm_120a
// CHECK-SAME: .entry quantize_kernel(
// CHECK-LABEL: llvm.func @dequantize(
// CHECK: gpu.launch_func <%{{.*}} : !llvm.ptr> @dequantize_kernel::@dequantize_kernel
// CHECK: gpu.binary @dequantize_kernel
// CHECK-SAME: .entry dequantize_kernel(
// CHECK-NOT: __nv_

// The PTX is embedded, loaded (JIT-compiled by the driver) by a global
// constructor, and the kernel launched on the op's stream.
// LLVMIR: @quantize_kernel_binary = internal constant [{{[0-9]+}} x i8] c"{{.*}}.version 8.4\0A.target sm_90a
// LLVMIR: @llvm.global_ctors = {{.*}} @quantize_kernel_load
// LLVMIR-LABEL: define {{.*}} @quantize(
// LLVMIR: call ptr @mgpuStreamCreate()
// LLVMIR: call ptr @mgpuModuleGetFunction(
// LLVMIR: call void @mgpuLaunchKernel(
// LLVMIR: call void @mgpuStreamSynchronize(
// LLVMIR-LABEL: define internal void @quantize_kernel_load()
// LLVMIR: call ptr @mgpuModuleLoadJIT(ptr @quantize_kernel_binary
func.func @quantize(%x: tensor<?x64xf32>) -> !microscale.tensor<?x64, mxfp4> {
  %q = microscale.quantize %x scale_rounding(rceil) : tensor<?x64xf32> -> !microscale.tensor<?x64, mxfp4>
  return %q : !microscale.tensor<?x64, mxfp4>
}

func.func @dequantize(%q: !microscale.tensor<4x64, nvfp4>) -> tensor<4x64xf16> {
  %y = microscale.dequantize %q : !microscale.tensor<4x64, nvfp4> -> tensor<4x64xf16>
  return %y : tensor<4x64xf16>
}
