// microscale-gpu-pipeline with format=bin: every chip's kernels assembled by
// ptxas into a cubin (an ELF object in gpu.binary), host code loading it.
// REQUIRES: ptxas
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_80 format=bin" | FileCheck %s
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_89 format=bin" | FileCheck %s
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_90a format=bin" | FileCheck %s
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_100a format=bin" | FileCheck %s
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_103a format=bin" | FileCheck %s
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_120a format=bin" | FileCheck %s
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_90a format=bin" | mlir-translate --mlir-to-llvmir | FileCheck %s --check-prefix=LLVMIR

// CHECK-COUNT-5: gpu.binary @{{.*}} [#gpu.object<#nvvm.target<{{.*}}bin = "\7FELF
// LLVMIR: call ptr @mgpuModuleLoad(ptr @quantize_mxfp6_kernel_binary

// Every scheme's quantize kernel (with NVFP4's amax pass) and dequantize.
func.func @quantize_mxfp6(%x: tensor<3x64xf32>) -> !microscale.tensor<3x64, mxfp6_e2m3> {
  %q = microscale.quantize %x : tensor<3x64xf32> -> !microscale.tensor<3x64, mxfp6_e2m3>
  return %q : !microscale.tensor<3x64, mxfp6_e2m3>
}

func.func @quantize_nvfp4(%x: tensor<3x64xbf16>) -> !microscale.tensor<3x64, nvfp4> {
  %q = microscale.quantize %x : tensor<3x64xbf16> -> !microscale.tensor<3x64, nvfp4>
  return %q : !microscale.tensor<3x64, nvfp4>
}

func.func @dequantize_mxint8(%q: !microscale.tensor<2x64, mxint8>) -> tensor<2x64xf32> {
  %y = microscale.dequantize %q : !microscale.tensor<2x64, mxint8> -> tensor<2x64xf32>
  return %y : tensor<2x64xf32>
}
