// RUN: mx-opt %s | FileCheck %s
// RUN: mx-opt %s --mlir-print-op-generic | mx-opt | FileCheck %s

// Every named scheme, bare and as a full attribute; a full attribute whose
// parameters match a named scheme prints by its name.

// CHECK-LABEL: func.func private @named
// CHECK-SAME: !microscale.tensor<4x32, mxfp8_e4m3>
// CHECK-SAME: !microscale.tensor<4x32, mxfp8_e5m2>
// CHECK-SAME: !microscale.tensor<4x32, mxfp6_e2m3>
// CHECK-SAME: !microscale.tensor<4x32, mxfp6_e3m2>
// CHECK-SAME: !microscale.tensor<4x32, mxfp4>
// CHECK-SAME: !microscale.tensor<4x32, mxint8>
// CHECK-SAME: !microscale.tensor<4x32, nvfp4>
// CHECK-SAME: !microscale.tensor<4x32, mxfp4>
// CHECK-SAME: !microscale.tensor<4x32, nvfp4>
// CHECK-SAME: !microscale.tensor<4x32, mxint8>
func.func private @named(
    !microscale.tensor<4x32, mxfp8_e4m3>, !microscale.tensor<4x32, mxfp8_e5m2>,
    !microscale.tensor<4x32, mxfp6_e2m3>, !microscale.tensor<4x32, mxfp6_e3m2>,
    !microscale.tensor<4x32, mxfp4>, !microscale.tensor<4x32, mxint8>,
    !microscale.tensor<4x32, nvfp4>,
    !microscale.tensor<4x32, #microscale.scheme<mxfp4>>,
    !microscale.tensor<4x32, #microscale.scheme<f4E2M1FN, block = 16, scale = f8E4M3FN, global>>,
    !microscale.tensor<4x32, #microscale.scheme<i8, block = 32, scale = f8E8M0FNU>>)

// CHECK-LABEL: func.func private @custom
// CHECK-SAME: !microscale.tensor<4x256, #microscale.scheme<f4E2M1FN, block = 64, scale = f8E8M0FNU>>
// CHECK-SAME: !microscale.tensor<2x256, #microscale.scheme<f6E3M2FN, block = 256, scale = f8E8M0FNU>>
// CHECK-SAME: !microscale.tensor<2x16, #microscale.scheme<f8E5M2, block = 16, scale = f8E8M0FNU>>
// CHECK-SAME: !microscale.tensor<2x128, #microscale.scheme<f4E2M1FN, block = 32, scale = f8E4M3FN, global>>
// CHECK-SAME: !microscale.tensor<2x128, #microscale.scheme<i8, block = 128, scale = f8E8M0FNU>>
func.func private @custom(
    !microscale.tensor<4x256, #microscale.scheme<f4E2M1FN, block = 64, scale = f8E8M0FNU>>,
    !microscale.tensor<2x256, #microscale.scheme<f6E3M2FN, block = 256, scale = f8E8M0FNU>>,
    !microscale.tensor<2x16, #microscale.scheme<f8E5M2, block = 16, scale = f8E8M0FNU>>,
    !microscale.tensor<2x128, #microscale.scheme<f4E2M1FN, block = 32, scale = f8E4M3FN, global>>,
    !microscale.tensor<2x128, #microscale.scheme<i8, block = 128, scale = f8E8M0FNU>>)

// CHECK-LABEL: func.func private @shapes
// CHECK-SAME: !microscale.tensor<?x4096, mxfp4>
// CHECK-SAME: !microscale.tensor<2x?x3x64, nvfp4>
// CHECK-SAME: !microscale.tensor<64, mxfp8_e4m3>
// CHECK-SAME: !microscale.tensor<0x32, mxfp4>
// CHECK-SAME: !microscale.tensor<?x64, mxfp4, layout = swizzled>
// CHECK-SAME: !microscale.tensor<8x64, mxfp4>
func.func private @shapes(
    !microscale.tensor<?x4096, mxfp4>, !microscale.tensor<2x?x3x64, nvfp4>,
    !microscale.tensor<64, mxfp8_e4m3>, !microscale.tensor<0x32, mxfp4>,
    !microscale.tensor<?x64, mxfp4, layout = swizzled>,
    !microscale.tensor<8x64, mxfp4, layout = row_major>)

// Attributes on their own.
// CHECK-LABEL: func.func private @attrs()
// CHECK-SAME: a = #microscale.scheme<nvfp4>
// CHECK-SAME: b = #microscale.scheme<f4E2M1FN, block = 128, scale = f8E8M0FNU>
// CHECK-SAME: c = #microscale<scale_layout swizzled>
// CHECK-SAME: d = #microscale<scale_rounding rceil>
func.func private @attrs() attributes {
  a = #microscale.scheme<nvfp4>,
  b = #microscale.scheme<f4E2M1FN, block = 128, scale = f8E8M0FNU>,
  c = #microscale<scale_layout swizzled>,
  d = #microscale<scale_rounding rceil>}
