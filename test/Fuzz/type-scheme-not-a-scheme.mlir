// Found by mx-fuzz (test/Fuzz/regressions/type-scheme-symbol-ref): any
// attribute in a block-scaled tensor type's scheme position was taken for a
// scheme unchecked, and its storage read as one (a crash or a nonsense
// block size). It is a diagnostic now.
// RUN: mx-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{expected a scheme name such as 'mxfp4' or a '#microscale.scheme', got @mxint8}}
func.func private @f(!microscale.tensor<4x64, @mxint8>)

// -----

// expected-error @+1 {{got true}}
func.func private @f(!microscale.tensor<4x64, true>)

// -----

// expected-error @+1 {{got 5 : i64}}
func.func private @f(!microscale.tensor<4x64, 5>)

// -----

// expected-error @+1 {{got "mxfp4"}}
func.func private @f(!microscale.tensor<4x64, "mxfp4">)

// -----

// expected-error @+1 {{got #microscale<scale_layout swizzled>}}
func.func private @f(!microscale.tensor<4x64, #microscale<scale_layout swizzled>>)

// -----

// A custom scheme spelled bare parses as a type first.
// expected-error @+1 {{got f4E2M1FN; a custom scheme is written in full, as in '#microscale.scheme<f4E2M1FN, block = 64, scale = f8E8M0FNU>'}}
func.func private @f(!microscale.tensor<4x64, f4E2M1FN, block = 64, scale = f8E8M0FNU>)
