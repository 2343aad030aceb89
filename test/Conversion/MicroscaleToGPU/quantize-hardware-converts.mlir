// The FP4 / UE8M0 hardware converts of sm_100a, sm_103a and sm_120a in the
// quantize kernels: the rceil scale through cvt.rp.satfinite.ue8m0x2.f32 of
// r = amax / largest, E2M1 pairs through cvt.rn.satfinite.e2m1x2.f32 with
// x[2i+1] first (its high nibble). The floor rule and chips without the
// converts keep the software conversions.
// RUN: mx-opt %s --convert-microscale-to-gpu=chip=sm_100a -split-input-file | FileCheck %s --check-prefixes=CHECK,HW
// RUN: mx-opt %s --convert-microscale-to-gpu=chip=sm_103a -split-input-file | FileCheck %s --check-prefixes=CHECK,HW
// RUN: mx-opt %s --convert-microscale-to-gpu=chip=sm_120a -split-input-file | FileCheck %s --check-prefixes=CHECK,HW
// RUN: mx-opt %s --convert-microscale-to-gpu=chip=sm_90a -split-input-file | FileCheck %s --check-prefixes=CHECK,SW

// MXFP4, rceil, swizzled scales (written through the swizzled index).
// CHECK-LABEL: func.func @mxfp4_rceil
// HW: %[[R:.*]] = arith.divf %{{.*}}, %cst{{.*}} : f32
// HW: %[[PAIR:.*]] = nvvm.convert.f32x2.to.f8x2 %[[R]], %[[R]] {rnd = #nvvm.fp_rnd_mode<rp>, sat = #nvvm.sat_mode<satfinite>} : i16(f8E8M0FNU)
// HW: arith.trunci %[[PAIR]] : i16 to i8
// HW: %[[EVEN:.*]] = arith.mulf
// HW: %[[ODD:.*]] = arith.mulf
// HW: %[[BYTE:.*]] = nvvm.convert.f32x2.to.f4x2 %[[ODD]], %[[EVEN]] : i8(f4E2M1FN)
// HW: arith.andi %[[BYTE]], %c15_i8
// HW: arith.shrui %[[BYTE]], %c4_i8
// SW-NOT: nvvm.convert
// CHECK: return
func.func @mxfp4_rceil(%x: tensor<3x64xf32>) -> !microscale.tensor<3x64, mxfp4, layout = swizzled> {
  %q = microscale.quantize %x scale_rounding(rceil) : tensor<3x64xf32> -> !microscale.tensor<3x64, mxfp4, layout = swizzled>
  return %q : !microscale.tensor<3x64, mxfp4, layout = swizzled>
}

// -----

// The floor rule: software scale and elements on every chip.
// CHECK-LABEL: func.func @mxfp4_floor
// CHECK-NOT: nvvm.convert
// CHECK: return
func.func @mxfp4_floor(%x: tensor<3x64xf32>) -> !microscale.tensor<3x64, mxfp4> {
  %q = microscale.quantize %x : tensor<3x64xf32> -> !microscale.tensor<3x64, mxfp4>
  return %q : !microscale.tensor<3x64, mxfp4>
}

// -----

// NVFP4: UE4M3 block scales in software, E2M1 pairs in hardware.
// CHECK-LABEL: func.func @nvfp4
// HW-NOT: nvvm.convert.f32x2.to.f8x2
// HW: nvvm.convert.f32x2.to.f4x2
// SW-NOT: nvvm.convert
// CHECK: return
func.func @nvfp4(%x: tensor<3x64xf32>) -> !microscale.tensor<3x64, nvfp4> {
  %q = microscale.quantize %x : tensor<3x64xf32> -> !microscale.tensor<3x64, nvfp4>
  return %q : !microscale.tensor<3x64, nvfp4>
}

// -----

// MXFP8 with rceil: the scale in hardware, the E4M3 elements in software.
// CHECK-LABEL: func.func @mxfp8_rceil
// HW: nvvm.convert.f32x2.to.f8x2 {{.*}}(f8E8M0FNU)
// HW-NOT: nvvm.convert
// SW-NOT: nvvm.convert
// CHECK: return
func.func @mxfp8_rceil(%x: tensor<3x64xf32>) -> !microscale.tensor<3x64, mxfp8_e4m3> {
  %q = microscale.quantize %x scale_rounding(rceil) : tensor<3x64xf32> -> !microscale.tensor<3x64, mxfp8_e4m3>
  return %q : !microscale.tensor<3x64, mxfp8_e4m3>
}
