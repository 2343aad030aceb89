// Every scheme's quantize (both scale rules where the scheme has them, both
// scale layouts) and matmul, on each Blackwell chip, through ptxas into
// cubins: the contract of the Blackwell path (docs/GPU.md says what ran on
// hardware: none of it).
// REQUIRES: ptxas
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_100a format=bin" | FileCheck %s
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_103a format=bin" | FileCheck %s
// RUN: mx-opt %s --microscale-gpu-pipeline="chip=sm_120a format=bin" | FileCheck %s
// CHECK-NOT: gpu.module
// CHECK: gpu.binary @{{.*}}bin = "\7FELF
// CHECK-NOT: gpu.module

func.func @quantize_mxfp4(%x: tensor<130x128xf32>) -> !microscale.tensor<130x128, mxfp4> {
  %q = microscale.quantize %x : tensor<130x128xf32> -> !microscale.tensor<130x128, mxfp4>
  return %q : !microscale.tensor<130x128, mxfp4>
}

func.func @quantize_mxfp4_rceil(%x: tensor<130x128xf32>) -> !microscale.tensor<130x128, mxfp4, layout = swizzled> {
  %q = microscale.quantize %x scale_rounding(rceil) : tensor<130x128xf32> -> !microscale.tensor<130x128, mxfp4, layout = swizzled>
  return %q : !microscale.tensor<130x128, mxfp4, layout = swizzled>
}

func.func @matmul_mxfp4(%a: !microscale.tensor<130x256, mxfp4>, %b: !microscale.tensor<72x256, mxfp4>) -> tensor<130x72xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<130x256, mxfp4>, !microscale.tensor<72x256, mxfp4> -> tensor<130x72xf32>
  return %c : tensor<130x72xf32>
}

func.func @quantize_nvfp4(%x: tensor<130x128xf32>) -> !microscale.tensor<130x128, nvfp4, layout = swizzled> {
  %q = microscale.quantize %x : tensor<130x128xf32> -> !microscale.tensor<130x128, nvfp4, layout = swizzled>
  return %q : !microscale.tensor<130x128, nvfp4, layout = swizzled>
}

func.func @matmul_nvfp4(%a: !microscale.tensor<130x256, nvfp4>, %b: !microscale.tensor<72x256, nvfp4>) -> tensor<130x72xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<130x256, nvfp4>, !microscale.tensor<72x256, nvfp4> -> tensor<130x72xf32>
  return %c : tensor<130x72xf32>
}

func.func @quantize_mxfp8_e4m3(%x: tensor<130x128xf32>) -> !microscale.tensor<130x128, mxfp8_e4m3> {
  %q = microscale.quantize %x : tensor<130x128xf32> -> !microscale.tensor<130x128, mxfp8_e4m3>
  return %q : !microscale.tensor<130x128, mxfp8_e4m3>
}

func.func @quantize_mxfp8_e4m3_rceil(%x: tensor<130x128xf32>) -> !microscale.tensor<130x128, mxfp8_e4m3, layout = swizzled> {
  %q = microscale.quantize %x scale_rounding(rceil) : tensor<130x128xf32> -> !microscale.tensor<130x128, mxfp8_e4m3, layout = swizzled>
  return %q : !microscale.tensor<130x128, mxfp8_e4m3, layout = swizzled>
}

func.func @matmul_mxfp8_e4m3(%a: !microscale.tensor<130x256, mxfp8_e4m3>, %b: !microscale.tensor<72x256, mxfp8_e4m3>) -> tensor<130x72xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<130x256, mxfp8_e4m3>, !microscale.tensor<72x256, mxfp8_e4m3> -> tensor<130x72xf32>
  return %c : tensor<130x72xf32>
}

func.func @quantize_mxfp8_e5m2(%x: tensor<130x128xf32>) -> !microscale.tensor<130x128, mxfp8_e5m2> {
  %q = microscale.quantize %x : tensor<130x128xf32> -> !microscale.tensor<130x128, mxfp8_e5m2>
  return %q : !microscale.tensor<130x128, mxfp8_e5m2>
}

func.func @quantize_mxfp8_e5m2_rceil(%x: tensor<130x128xf32>) -> !microscale.tensor<130x128, mxfp8_e5m2, layout = swizzled> {
  %q = microscale.quantize %x scale_rounding(rceil) : tensor<130x128xf32> -> !microscale.tensor<130x128, mxfp8_e5m2, layout = swizzled>
  return %q : !microscale.tensor<130x128, mxfp8_e5m2, layout = swizzled>
}

func.func @matmul_mxfp8_e5m2(%a: !microscale.tensor<130x256, mxfp8_e5m2>, %b: !microscale.tensor<72x256, mxfp8_e5m2>) -> tensor<130x72xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<130x256, mxfp8_e5m2>, !microscale.tensor<72x256, mxfp8_e5m2> -> tensor<130x72xf32>
  return %c : tensor<130x72xf32>
}

func.func @quantize_mxfp6_e2m3(%x: tensor<130x128xf32>) -> !microscale.tensor<130x128, mxfp6_e2m3> {
  %q = microscale.quantize %x : tensor<130x128xf32> -> !microscale.tensor<130x128, mxfp6_e2m3>
  return %q : !microscale.tensor<130x128, mxfp6_e2m3>
}

func.func @quantize_mxfp6_e2m3_rceil(%x: tensor<130x128xf32>) -> !microscale.tensor<130x128, mxfp6_e2m3, layout = swizzled> {
  %q = microscale.quantize %x scale_rounding(rceil) : tensor<130x128xf32> -> !microscale.tensor<130x128, mxfp6_e2m3, layout = swizzled>
  return %q : !microscale.tensor<130x128, mxfp6_e2m3, layout = swizzled>
}

func.func @matmul_mxfp6_e2m3(%a: !microscale.tensor<130x256, mxfp6_e2m3>, %b: !microscale.tensor<72x256, mxfp6_e2m3>) -> tensor<130x72xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<130x256, mxfp6_e2m3>, !microscale.tensor<72x256, mxfp6_e2m3> -> tensor<130x72xf32>
  return %c : tensor<130x72xf32>
}

func.func @quantize_mxfp6_e3m2(%x: tensor<130x128xf32>) -> !microscale.tensor<130x128, mxfp6_e3m2> {
  %q = microscale.quantize %x : tensor<130x128xf32> -> !microscale.tensor<130x128, mxfp6_e3m2>
  return %q : !microscale.tensor<130x128, mxfp6_e3m2>
}

func.func @quantize_mxfp6_e3m2_rceil(%x: tensor<130x128xf32>) -> !microscale.tensor<130x128, mxfp6_e3m2, layout = swizzled> {
  %q = microscale.quantize %x scale_rounding(rceil) : tensor<130x128xf32> -> !microscale.tensor<130x128, mxfp6_e3m2, layout = swizzled>
  return %q : !microscale.tensor<130x128, mxfp6_e3m2, layout = swizzled>
}

func.func @matmul_mxfp6_e3m2(%a: !microscale.tensor<130x256, mxfp6_e3m2>, %b: !microscale.tensor<72x256, mxfp6_e3m2>) -> tensor<130x72xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<130x256, mxfp6_e3m2>, !microscale.tensor<72x256, mxfp6_e3m2> -> tensor<130x72xf32>
  return %c : tensor<130x72xf32>
}

func.func @quantize_mxint8(%x: tensor<130x128xf32>) -> !microscale.tensor<130x128, mxint8> {
  %q = microscale.quantize %x : tensor<130x128xf32> -> !microscale.tensor<130x128, mxint8>
  return %q : !microscale.tensor<130x128, mxint8>
}

func.func @quantize_mxint8_rceil(%x: tensor<130x128xf32>) -> !microscale.tensor<130x128, mxint8, layout = swizzled> {
  %q = microscale.quantize %x scale_rounding(rceil) : tensor<130x128xf32> -> !microscale.tensor<130x128, mxint8, layout = swizzled>
  return %q : !microscale.tensor<130x128, mxint8, layout = swizzled>
}

func.func @matmul_mxint8(%a: !microscale.tensor<130x256, mxint8>, %b: !microscale.tensor<72x256, mxint8>) -> tensor<130x72xf32> {
  %c = microscale.matmul %a, %b : !microscale.tensor<130x256, mxint8>, !microscale.tensor<72x256, mxint8> -> tensor<130x72xf32>
  return %c : tensor<130x72xf32>
}
