// RUN: mx-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{unknown scheme 'mxfp5'; expected one of mxfp8_e4m3, mxfp8_e5m2, mxfp6_e2m3, mxfp6_e3m2, mxfp4, mxint8, nvfp4, or a custom scheme}}
func.func private @f(!microscale.tensor<4x32, mxfp5>)

// -----

// expected-error @+1 {{unknown scheme 'mxfp5'}}
func.func private @f(!microscale.tensor<4x32, #microscale.scheme<mxfp5>>)

// -----

// expected-error @+1 {{element type 'f32' is not a microscaling element format}}
func.func private @f(!microscale.tensor<4x32, #microscale.scheme<f32, block = 32, scale = f8E8M0FNU>>)

// -----

// expected-error @+1 {{scale type 'f8E5M2' is not a block scale format}}
func.func private @f(!microscale.tensor<4x32, #microscale.scheme<f4E2M1FN, block = 32, scale = f8E5M2>>)

// -----

// expected-error @+1 {{f8E4M3FN block scales (NVFP4 two-level scaling) are defined for f4E2M1FN elements only, not 'f8E4M3FN'}}
func.func private @f(!microscale.tensor<4x32, #microscale.scheme<f8E4M3FN, block = 16, scale = f8E4M3FN, global>>)

// -----

// expected-error @+1 {{a global scale goes with f8E4M3FN block scales and only with them; this scheme has 'f8E8M0FNU' scales and a global}}
func.func private @f(!microscale.tensor<4x32, #microscale.scheme<f4E2M1FN, block = 32, scale = f8E8M0FNU, global>>)

// -----

// expected-error @+1 {{this scheme has 'f8E4M3FN' scales and no global}}
func.func private @f(!microscale.tensor<4x32, #microscale.scheme<f4E2M1FN, block = 16, scale = f8E4M3FN>>)

// -----

// expected-error @+1 {{block size must be a power of two and a multiple of the packing unit of 'f4E2M1FN' (2), got 24}}
func.func private @f(!microscale.tensor<4x48, #microscale.scheme<f4E2M1FN, block = 24, scale = f8E8M0FNU>>)

// -----

// expected-error @+1 {{block size must be a power of two and a multiple of the packing unit of 'f6E2M3FN' (4), got 2}}
func.func private @f(!microscale.tensor<4x32, #microscale.scheme<f6E2M3FN, block = 2, scale = f8E8M0FNU>>)

// -----

// expected-error @+1 {{got 0}}
func.func private @f(!microscale.tensor<4x32, #microscale.scheme<i8, block = 0, scale = f8E8M0FNU>>)

// -----

// expected-error @+1 {{unknown format type 'f8E4M3'}}
func.func private @f(!microscale.tensor<4x32, #microscale.scheme<f4E2M1FN, block = 32, scale = f8E4M3>>)

// -----

// expected-error @+1 {{expected 'block'}}
func.func private @f(!microscale.tensor<4x32, #microscale.scheme<f4E2M1FN, blocks = 32, scale = f8E8M0FNU>>)

// -----

// expected-error @+1 {{the innermost dimension (48) must be a positive multiple of the block size (32); nothing is padded implicitly}}
func.func private @f(!microscale.tensor<4x48, mxfp4>)

// -----

// expected-error @+1 {{the innermost dimension (8) must be a positive multiple of the block size (16)}}
func.func private @f(!microscale.tensor<4x8, nvfp4>)

// -----

// expected-error @+1 {{the innermost dimension is blocked and must be static}}
func.func private @f(!microscale.tensor<4x?, mxfp4>)

// -----

// expected-error @+1 {{the swizzled scale layout is defined for rank-2 tensors, got rank 3}}
func.func private @f(!microscale.tensor<2x4x32, mxfp4, layout = swizzled>)

// -----

// expected-error @+1 {{unknown scale layout 'tiled'; expected 'row_major' or 'swizzled'}}
func.func private @f(!microscale.tensor<4x32, mxfp4, layout = tiled>)

// -----

// expected-error @+1 {{expected 'layout'}}
func.func private @f(!microscale.tensor<4x32, mxfp4, swizzled>)

// -----

// expected-error @+1 {{expected '>'}}
func.func private @f(!microscale.tensor<4x32, mxfp4 mxfp4>)
