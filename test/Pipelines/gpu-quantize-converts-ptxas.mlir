// The quantize kernels with the FP4 / UE8M0 hardware converts in PTX and
// through ptxas, for every chip that has them. No Blackwell GPU has run
// them (docs/GPU.md).
// REQUIRES: ptxas
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_100a format=isa" | FileCheck %s
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_103a format=isa" | FileCheck %s
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_120a format=isa" | FileCheck %s
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_100a format=bin" | FileCheck %s --check-prefix=BIN
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_103a format=bin" | FileCheck %s --check-prefix=BIN
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_120a format=bin" | FileCheck %s --check-prefix=BIN

// The swizzled scales are zeroed and NVFP4 reduces its amax first (one
// kernel each).
// BIN-COUNT-6: gpu.binary @{{.*}} [#gpu.object<#nvvm.target<{{.*}}bin = "\7FELF

// CHECK: gpu.binary @mxfp4_rceil_kernel_0
// CHECK-SAME: cvt.rp.satfinite.ue8m0x2.f32
// CHECK-SAME: cvt.rn.satfinite.e2m1x2.f32
func.func @mxfp4_rceil(%x: tensor<3x64xf32>) -> !microscale.tensor<3x64, mxfp4, layout = swizzled> {
  %q = microscale.quantize %x scale_rounding(rceil) : tensor<3x64xf32> -> !microscale.tensor<3x64, mxfp4, layout = swizzled>
  return %q : !microscale.tensor<3x64, mxfp4, layout = swizzled>
}

// CHECK: gpu.binary @mxfp4_floor_kernel
// CHECK-NOT: cvt.{{r[np]}}.satfinite
// CHECK-SAME: st.global.b8
func.func @mxfp4_floor(%x: tensor<3x64xf32>) -> !microscale.tensor<3x64, mxfp4> {
  %q = microscale.quantize %x : tensor<3x64xf32> -> !microscale.tensor<3x64, mxfp4>
  return %q : !microscale.tensor<3x64, mxfp4>
}

// CHECK: gpu.binary @nvfp4_kernel_2
// CHECK-SAME: cvt.rn.satfinite.e2m1x2.f32
func.func @nvfp4(%x: tensor<3x64xbf16>) -> !microscale.tensor<3x64, nvfp4> {
  %q = microscale.quantize %x : tensor<3x64xbf16> -> !microscale.tensor<3x64, nvfp4>
  return %q : !microscale.tensor<3x64, nvfp4>
}
