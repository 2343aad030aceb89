// A matmul with custom blocks of 2^20 elements ran the CPU pipeline out of
// memory (test/Fuzz/regressions/cpu-huge-block-matmul; blocks of 65536
// took 43 s and 4.8 GB): the lowering holds a block in one vector. Found by
// running hand-written inputs through mx-fuzz. Blocks of more than 1024
// elements are a diagnostic of convert-microscale-to-cpu now; the GPU
// lowering takes them.
// RUN: mx-opt %s -split-input-file -convert-microscale-to-cpu -verify-diagnostics | FileCheck %s

func.func @matmul(%a: !microscale.tensor<1x1048576, #microscale.scheme<f4E2M1FN, block = 1048576, scale = f8E8M0FNU>>, %b: !microscale.tensor<1x1048576, #microscale.scheme<f8E4M3FN, block = 1048576, scale = f8E8M0FNU>>) -> tensor<1x1xf32> {
  // expected-error @+1 {{'microscale.matmul' op has blocks of more than 1024 elements, which convert-microscale-to-cpu does not take (it holds a block in one vector)}}
  %r = microscale.matmul %a, %b : !microscale.tensor<1x1048576, #microscale.scheme<f4E2M1FN, block = 1048576, scale = f8E8M0FNU>>, !microscale.tensor<1x1048576, #microscale.scheme<f8E4M3FN, block = 1048576, scale = f8E8M0FNU>> -> tensor<1x1xf32>
  return %r : tensor<1x1xf32>
}

// -----

func.func @weights_only(%a: tensor<2x2048xbf16>, %b: !microscale.tensor<3x2048, #microscale.scheme<f4E2M1FN, block = 2048, scale = f8E8M0FNU>>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'microscale.matmul' op has blocks of more than 1024 elements}}
  %r = microscale.matmul %a, %b : tensor<2x2048xbf16>, !microscale.tensor<3x2048, #microscale.scheme<f4E2M1FN, block = 2048, scale = f8E8M0FNU>> -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// -----

func.func @requantize(%q: !microscale.tensor<2x2048, mxfp8_e4m3>) -> !microscale.tensor<2x2048, #microscale.scheme<i8, block = 2048, scale = f8E8M0FNU>> {
  // expected-error @+1 {{'microscale.requantize' op has blocks of more than 1024 elements}}
  %r = microscale.requantize %q : !microscale.tensor<2x2048, mxfp8_e4m3> -> !microscale.tensor<2x2048, #microscale.scheme<i8, block = 2048, scale = f8E8M0FNU>>
  return %r : !microscale.tensor<2x2048, #microscale.scheme<i8, block = 2048, scale = f8E8M0FNU>>
}

// -----

// Blocks of 1024 are the largest it takes.
// CHECK-LABEL: func.func @largest
// CHECK-NOT: microscale.quantize
// CHECK-NOT: microscale.dequantize
func.func @largest(%x: tensor<2x1024xf32>) -> tensor<2x1024xf32> {
  %q = microscale.quantize %x : tensor<2x1024xf32> -> !microscale.tensor<2x1024, #microscale.scheme<f6E3M2FN, block = 1024, scale = f8E8M0FNU>>
  %y = microscale.dequantize %q : !microscale.tensor<2x1024, #microscale.scheme<f6E3M2FN, block = 1024, scale = f8E8M0FNU>> -> tensor<2x1024xf32>
  return %y : tensor<2x1024xf32>
}
