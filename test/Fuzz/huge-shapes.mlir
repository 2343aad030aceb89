// Shapes whose element counts overflow 64-bit arithmetic, found by running
// hand-written inputs through mx-fuzz (test/Fuzz/regressions/huge-shape-*):
// a signed overflow computing the storage bytes, and convert-microscale-to-cpu
// and expand-strided-metadata leaving invalid IR (a static collapse_shape
// product, negative sizes). Tensors a microscale op takes or returns hold
// fewer than 2^60 elements now (8 bits each fit in 64 bits); the verifier
// says so. Exactly 2^60 was allowed at first, which mx-fuzz found in turn
// (test/Fuzz/regressions/huge-shape-bound-requantize).
// RUN: mx-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{a block-scaled tensor holds fewer than 2^60 elements (its scales included), got 4x9223372036854775776}}
func.func private @f(!microscale.tensor<4x9223372036854775776, mxfp4>)

// -----

// 2^60 elements: a rank-1 tensor of them took 2^63 bits.
// expected-error @+1 {{got 1152921504606846976}}
func.func private @f(!microscale.tensor<1152921504606846976, mxint8>)

// -----

// No elements, but rows of 2^62 bytes (test/Fuzz/regressions/huge-shape-empty-rows).
// expected-error @+1 {{got 0x4611686018427387904}}
func.func private @f(!microscale.tensor<0x4611686018427387904, mxfp8_e4m3>)

// -----

// 2^60 - 32 elements, the most there may be.
func.func private @f(!microscale.tensor<1x1152921504606846944, mxfp4>)

// -----

// expected-error @+1 {{got 1x1152921504606846976}}
func.func private @f(!microscale.tensor<1x1152921504606846976, nvfp4, layout = swizzled>)

// -----

// 2^59 elements, but the swizzled scales pad the one row to 128.
// expected-error @+1 {{got 1x576460752303423488}}
func.func private @f(!microscale.tensor<1x576460752303423488, mxfp4, layout = swizzled>)

// -----

// expected-error @+1 {{got 9223372036854775807x128}}
func.func private @f(!microscale.tensor<9223372036854775807x128, nvfp4>)

// -----

func.func @f(%a: tensor<36028797018963968x64xbf16>, %b: !microscale.tensor<4x64, mxfp4>) -> tensor<36028797018963968x4xf32> {
  // expected-error @+1 {{'microscale.matmul' op lhs 'tensor<36028797018963968x64xbf16>' has 2^60 elements or more}}
  %c = microscale.matmul %a, %b : tensor<36028797018963968x64xbf16>, !microscale.tensor<4x64, mxfp4> -> tensor<36028797018963968x4xf32>
  return %c : tensor<36028797018963968x4xf32>
}

// -----

func.func @f(%a: !microscale.tensor<2147483648x32, mxfp4>, %b: !microscale.tensor<2147483648x32, mxfp4>) -> tensor<2147483648x2147483648xf32> {
  // expected-error @+1 {{'microscale.matmul' op result 'tensor<2147483648x2147483648xf32>' has 2^60 elements or more}}
  %c = microscale.matmul %a, %b : !microscale.tensor<2147483648x32, mxfp4>, !microscale.tensor<2147483648x32, mxfp4> -> tensor<2147483648x2147483648xf32>
  return %c : tensor<2147483648x2147483648xf32>
}

// -----

// Dynamic dimensions are not bounded here.
func.func private @f(!microscale.tensor<?x?x576460752303423488, mxfp4>)
