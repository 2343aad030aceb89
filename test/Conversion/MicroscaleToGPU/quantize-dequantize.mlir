// RUN: mx-opt %s --convert-microscale-to-gpu=chip=sm_90a -canonicalize -split-input-file | FileCheck %s

// quantize: the input copied to the device, one thread per block (amax over
// |x| bit patterns, the rule, the software element codec, nibbles packed),
// data and scales copied back, everything on one stream that is waited for
// before the result is packed.
// CHECK-LABEL: func.func @mxfp4
// CHECK: %[[T0:.*]] = gpu.wait async
// CHECK: %[[X:.*]], %[[T1:.*]] = gpu.alloc async [%[[T0]]] ({{.*}}) {bufferization.manual_deallocation} : memref<?xf32>
// CHECK: %[[T2:.*]] = gpu.memcpy async [%[[T1]]] %[[X]], %{{.*}} : memref<?xf32>, memref<?xf32>
// CHECK: %[[D:.*]], %{{.*}} = gpu.alloc async {{.*}} {bufferization.manual_deallocation} : memref<?xi8>
// CHECK: %[[S:.*]], %{{.*}} = gpu.alloc async {{.*}} : memref<?xf8E8M0FNU>
// CHECK: %[[T3:.*]] = gpu.launch async
// CHECK: scf.for {{.*}} iter_args
// CHECK: memref.load %[[X]]
// CHECK: arith.maxui
// CHECK-NOT: arith.truncf
// CHECK: memref.store {{.*}}, %[[D]]
// CHECK: memref.store {{.*}}, %[[S]]
// CHECK: gpu.terminator
// CHECK: gpu.memcpy async [%[[T3]]] %{{.*}}, %[[D]]
// CHECK: gpu.memcpy async {{.*}}, %[[S]]
// CHECK: gpu.dealloc async {{.*}} {bufferization.manual_deallocation}
// CHECK: gpu.wait [
// CHECK: microscale.pack
func.func @mxfp4(%x: tensor<?x64xf32>) -> !microscale.tensor<?x64, mxfp4> {
  %q = microscale.quantize %x scale_rounding(rceil) : tensor<?x64xf32> -> !microscale.tensor<?x64, mxfp4>
  return %q : !microscale.tensor<?x64, mxfp4>
}

// -----

// NVFP4 with the global computed from the data: a zeroed device word, an
// atomic max per block, the quantize kernel reading it; the host computes
// the decode global from the amax copied back. Swizzled scales are zeroed
// first.
// CHECK-LABEL: func.func @nvfp4
// CHECK: gpu.launch async
// CHECK: memref.store {{.*}} : memref<?xf8E4M3FN>
// CHECK: gpu.launch async
// CHECK: memref.store {{.*}} : memref<?xi32>
// CHECK: gpu.launch async
// CHECK: memref.atomic_rmw maxu
// CHECK: gpu.launch async
// CHECK: memref.load {{.*}} : memref<?xi32>
// CHECK: arith.divf
// CHECK: gpu.memcpy async {{.*}} : memref<1xi32>, memref<?xi32>
// CHECK: gpu.wait [
// CHECK: %[[AMAX:.*]] = memref.load {{.*}} : memref<1xi32>
// CHECK: %[[G:.*]] = arith.select
// CHECK: microscale.pack {{.*}} global %[[G]]
func.func @nvfp4(%x: tensor<3x32xbf16>) -> !microscale.tensor<3x32, nvfp4, layout = swizzled> {
  %q = microscale.quantize %x : tensor<3x32xbf16> -> !microscale.tensor<3x32, nvfp4, layout = swizzled>
  return %q : !microscale.tensor<3x32, nvfp4, layout = swizzled>
}

// -----

// A given global goes to the kernel as it is; no amax pass.
// CHECK-LABEL: func.func @nvfp4_given
// CHECK-NOT: atomic_rmw
// CHECK: microscale.pack {{.*}} global %arg1
func.func @nvfp4_given(%x: tensor<4x64xf32>, %g: f32) -> !microscale.tensor<4x64, nvfp4> {
  %q = microscale.quantize %x global %g : tensor<4x64xf32>, f32 -> !microscale.tensor<4x64, nvfp4>
  return %q : !microscale.tensor<4x64, nvfp4>
}

// -----

// dequantize: one thread per element; FP6 codes taken from their 24-bit
// little-endian groups, bf16 results rounded in integer arithmetic.
// CHECK-LABEL: func.func @dequantize_fp6
// CHECK: microscale.unpack
// CHECK: gpu.launch async
// CHECK: memref.load {{.*}} : memref<?xf8E8M0FNU>
// CHECK-COUNT-3: memref.load {{.*}} : memref<?xi8>
// CHECK: arith.shrui
// CHECK: arith.mulf
// CHECK: memref.store {{.*}} : memref<?xbf16>
// CHECK: gpu.memcpy async {{.*}} : memref<256xbf16>, memref<?xbf16>
// CHECK: gpu.wait [
// CHECK: bufferization.to_tensor {{.*}} : memref<4x64xbf16>
func.func @dequantize_fp6(%q: !microscale.tensor<4x64, mxfp6_e3m2>) -> tensor<4x64xbf16> {
  %y = microscale.dequantize %q : !microscale.tensor<4x64, mxfp6_e3m2> -> tensor<4x64xbf16>
  return %y : tensor<4x64xbf16>
}

// -----

// requantize: the result's blocks read by dequantizing the source element by
// element (MXFP8 blocks of 32 into NVFP4 blocks of 16).
// CHECK-LABEL: func.func @requantize
// CHECK: gpu.launch async
// CHECK: memref.atomic_rmw maxu
// CHECK: gpu.launch async
// CHECK: memref.load {{.*}} : memref<?xf8E8M0FNU>
// CHECK: memref.store {{.*}} : memref<?xf8E4M3FN>
// CHECK: microscale.pack
func.func @requantize(%q: !microscale.tensor<5x64, mxfp8_e4m3>) -> !microscale.tensor<5x64, nvfp4> {
  %r = microscale.requantize %q : !microscale.tensor<5x64, mxfp8_e4m3> -> !microscale.tensor<5x64, nvfp4>
  return %r : !microscale.tensor<5x64, nvfp4>
}
