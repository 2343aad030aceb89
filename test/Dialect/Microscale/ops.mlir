// RUN: mx-opt %s | FileCheck %s
// Printing and parsing again must give the same text, in custom and generic form.
// RUN: mx-opt %s | mx-opt | FileCheck %s
// RUN: mx-opt %s --mlir-print-op-generic | mx-opt | FileCheck %s
// RUN: mx-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// CHECK-LABEL: func.func @quantize
// GENERIC-LABEL: sym_name = "quantize"
func.func @quantize(%x: tensor<256x4096xf32>, %xb: tensor<?x4096xbf16>,
                    %xs: tensor<128x64xf32>, %xh: tensor<4x64xf16>, %g: f32) {
  // CHECK: microscale.quantize %{{.*}} : tensor<256x4096xf32> -> !microscale.tensor<256x4096, mxfp4>
  // GENERIC: "microscale.quantize"(%{{.*}}) : (tensor<256x4096xf32>) -> !microscale.tensor<256x4096, mxfp4>
  %0 = microscale.quantize %x : tensor<256x4096xf32> -> !microscale.tensor<256x4096, mxfp4>
  // CHECK: microscale.quantize %{{.*}} scale_rounding(rceil) : tensor<?x4096xbf16> -> !microscale.tensor<?x4096, mxfp8_e4m3>
  // GENERIC: "microscale.quantize"(%{{.*}}) <{scale_rounding = #microscale<scale_rounding rceil>}>
  %1 = microscale.quantize %xb scale_rounding(rceil) : tensor<?x4096xbf16> -> !microscale.tensor<?x4096, mxfp8_e4m3>
  // CHECK: microscale.quantize %{{.*}} scale_rounding(floor) : tensor<?x4096xbf16> -> !microscale.tensor<?x4096, mxint8>
  %2 = microscale.quantize %xb scale_rounding(floor) : tensor<?x4096xbf16> -> !microscale.tensor<?x4096, mxint8>
  // CHECK: microscale.quantize %{{.*}} global %{{.*}} : tensor<128x64xf32>, f32 -> !microscale.tensor<128x64, nvfp4>
  // GENERIC: "microscale.quantize"(%{{.*}}, %{{.*}}) : (tensor<128x64xf32>, f32) -> !microscale.tensor<128x64, nvfp4>
  %3 = microscale.quantize %xs global %g : tensor<128x64xf32>, f32 -> !microscale.tensor<128x64, nvfp4>
  // CHECK: microscale.quantize %{{.*}} : tensor<128x64xf32> -> !microscale.tensor<128x64, nvfp4, layout = swizzled>
  %4 = microscale.quantize %xs : tensor<128x64xf32> -> !microscale.tensor<128x64, nvfp4, layout = swizzled>
  // CHECK: microscale.quantize %{{.*}} : tensor<4x64xf16> -> !microscale.tensor<4x64, mxfp6_e2m3>
  %5 = microscale.quantize %xh : tensor<4x64xf16> -> !microscale.tensor<4x64, mxfp6_e2m3>
  return
}

// CHECK-LABEL: func.func @dequantize
func.func @dequantize(%q: !microscale.tensor<256x4096, mxfp4>, %r: !microscale.tensor<?x?x64, mxfp6_e3m2>) {
  // CHECK: microscale.dequantize %{{.*}} : !microscale.tensor<256x4096, mxfp4> -> tensor<256x4096xf32>
  // GENERIC: "microscale.dequantize"(%{{.*}}) : (!microscale.tensor<256x4096, mxfp4>) -> tensor<256x4096xf32>
  %0 = microscale.dequantize %q : !microscale.tensor<256x4096, mxfp4> -> tensor<256x4096xf32>
  // CHECK: microscale.dequantize %{{.*}} : !microscale.tensor<?x?x64, mxfp6_e3m2> -> tensor<?x?x64xbf16>
  %1 = microscale.dequantize %r : !microscale.tensor<?x?x64, mxfp6_e3m2> -> tensor<?x?x64xbf16>
  return
}

// CHECK-LABEL: func.func @matmul
func.func @matmul(%a: !microscale.tensor<8x4096, mxfp4>, %b: !microscale.tensor<1024x4096, mxfp4>,
                  %ab: tensor<8x4096xbf16>, %bn: !microscale.tensor<1024x4096, nvfp4>,
                  %c0: tensor<8x1024xf32>, %ad: !microscale.tensor<?x4096, mxfp8_e4m3>,
                  %wf: tensor<1024x4096xf32>) {
  // CHECK: microscale.matmul %{{.*}}, %{{.*}} : !microscale.tensor<8x4096, mxfp4>, !microscale.tensor<1024x4096, mxfp4> -> tensor<8x1024xf32>
  %0 = microscale.matmul %a, %b : !microscale.tensor<8x4096, mxfp4>, !microscale.tensor<1024x4096, mxfp4> -> tensor<8x1024xf32>
  // CHECK: microscale.matmul %{{.*}}, %{{.*}} acc %{{.*}} : tensor<8x4096xbf16>, !microscale.tensor<1024x4096, nvfp4>, tensor<8x1024xf32> -> tensor<8x1024xf32>
  // GENERIC: "microscale.matmul"(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<8x4096xbf16>, !microscale.tensor<1024x4096, nvfp4>, tensor<8x1024xf32>) -> tensor<8x1024xf32>
  %1 = microscale.matmul %ab, %bn acc %c0 : tensor<8x4096xbf16>, !microscale.tensor<1024x4096, nvfp4>, tensor<8x1024xf32> -> tensor<8x1024xf32>
  // Mixed schemes sharing a block size, dynamic M.
  // CHECK: microscale.matmul %{{.*}}, %{{.*}} : !microscale.tensor<?x4096, mxfp8_e4m3>, !microscale.tensor<1024x4096, mxfp4> -> tensor<?x1024xf32>
  %2 = microscale.matmul %ad, %b : !microscale.tensor<?x4096, mxfp8_e4m3>, !microscale.tensor<1024x4096, mxfp4> -> tensor<?x1024xf32>
  // The quantized operand may be either one.
  // CHECK: microscale.matmul %{{.*}}, %{{.*}} : !microscale.tensor<8x4096, mxfp4>, tensor<1024x4096xf32> -> tensor<8x1024xf32>
  %3 = microscale.matmul %a, %wf : !microscale.tensor<8x4096, mxfp4>, tensor<1024x4096xf32> -> tensor<8x1024xf32>
  return
}

// CHECK-LABEL: func.func @pack_unpack
func.func @pack_unpack(%d: tensor<256x2048xi8>, %s: tensor<256x128xf8E8M0FNU>,
                       %s4: tensor<256x256xf8E4M3FN>, %g: f32,
                       %d6: tensor<2x48xi8>, %s6: tensor<2x2xf8E8M0FNU>,
                       %dsw: tensor<130x32xi8>, %ssw: tensor<256x4xf8E4M3FN>) {
  // CHECK: microscale.pack %{{.*}}, %{{.*}} : tensor<256x2048xi8>, tensor<256x128xf8E8M0FNU> -> !microscale.tensor<256x4096, mxfp4>
  %0 = microscale.pack %d, %s : tensor<256x2048xi8>, tensor<256x128xf8E8M0FNU> -> !microscale.tensor<256x4096, mxfp4>
  // CHECK: microscale.pack %{{.*}}, %{{.*}} global %{{.*}} : tensor<256x2048xi8>, tensor<256x256xf8E4M3FN>, f32 -> !microscale.tensor<256x4096, nvfp4>
  // GENERIC: "microscale.pack"(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<256x2048xi8>, tensor<256x256xf8E4M3FN>, f32) -> !microscale.tensor<256x4096, nvfp4>
  %1 = microscale.pack %d, %s4 global %g : tensor<256x2048xi8>, tensor<256x256xf8E4M3FN>, f32 -> !microscale.tensor<256x4096, nvfp4>
  // FP6: four elements in three bytes.
  // CHECK: microscale.pack %{{.*}}, %{{.*}} : tensor<2x48xi8>, tensor<2x2xf8E8M0FNU> -> !microscale.tensor<2x64, mxfp6_e2m3>
  %2 = microscale.pack %d6, %s6 : tensor<2x48xi8>, tensor<2x2xf8E8M0FNU> -> !microscale.tensor<2x64, mxfp6_e2m3>
  // Swizzled scales: rows padded to 128, scale columns to 4.
  // CHECK: microscale.pack %{{.*}}, %{{.*}} global %{{.*}} : tensor<130x32xi8>, tensor<256x4xf8E4M3FN>, f32 -> !microscale.tensor<130x64, nvfp4, layout = swizzled>
  %3 = microscale.pack %dsw, %ssw global %g : tensor<130x32xi8>, tensor<256x4xf8E4M3FN>, f32 -> !microscale.tensor<130x64, nvfp4, layout = swizzled>
  // CHECK: %{{.*}}, %{{.*}} = microscale.unpack %{{.*}} : !microscale.tensor<256x4096, mxfp4> -> tensor<256x2048xi8>, tensor<256x128xf8E8M0FNU>
  // GENERIC: "microscale.unpack"(%{{.*}}) : (!microscale.tensor<256x4096, mxfp4>) -> (tensor<256x2048xi8>, tensor<256x128xf8E8M0FNU>)
  %4:2 = microscale.unpack %0 : !microscale.tensor<256x4096, mxfp4> -> tensor<256x2048xi8>, tensor<256x128xf8E8M0FNU>
  // CHECK: %{{.*}}, %{{.*}}, %{{.*}} = microscale.unpack %{{.*}} : !microscale.tensor<256x4096, nvfp4> -> tensor<256x2048xi8>, tensor<256x256xf8E4M3FN>, f32
  %5:3 = microscale.unpack %1 : !microscale.tensor<256x4096, nvfp4> -> tensor<256x2048xi8>, tensor<256x256xf8E4M3FN>, f32
  return
}

// CHECK-LABEL: func.func @requantize
func.func @requantize(%q: !microscale.tensor<256x4096, mxfp8_e4m3>, %n: !microscale.tensor<?x64, nvfp4>,
                      %m: !microscale.tensor<128x64, nvfp4>) {
  // CHECK: microscale.requantize %{{.*}} : !microscale.tensor<256x4096, mxfp8_e4m3> -> !microscale.tensor<256x4096, mxfp4>
  // GENERIC: "microscale.requantize"(%{{.*}}) : (!microscale.tensor<256x4096, mxfp8_e4m3>) -> !microscale.tensor<256x4096, mxfp4>
  %0 = microscale.requantize %q : !microscale.tensor<256x4096, mxfp8_e4m3> -> !microscale.tensor<256x4096, mxfp4>
  // CHECK: microscale.requantize %{{.*}} scale_rounding(rceil) : !microscale.tensor<?x64, nvfp4> -> !microscale.tensor<?x64, mxfp6_e3m2>
  %1 = microscale.requantize %n scale_rounding(rceil) : !microscale.tensor<?x64, nvfp4> -> !microscale.tensor<?x64, mxfp6_e3m2>
  // CHECK: microscale.requantize %{{.*}} : !microscale.tensor<128x64, nvfp4> -> !microscale.tensor<128x64, nvfp4, layout = swizzled>
  %2 = microscale.requantize %m : !microscale.tensor<128x64, nvfp4> -> !microscale.tensor<128x64, nvfp4, layout = swizzled>
  return
}
