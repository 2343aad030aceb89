// RUN: mx-opt %s -split-input-file -verify-diagnostics

func.func @f(%x: tensor<8x64xf32>) {
  // expected-error @+1 {{shape of 'tensor<8x64xf32>' does not match the shape of '!microscale.tensor<4x64, mxfp4>'}}
  %q = microscale.quantize %x : tensor<8x64xf32> -> !microscale.tensor<4x64, mxfp4>
  return
}

// -----

func.func @f(%x: tensor<?x64xf32>) {
  // expected-error @+1 {{shape of 'tensor<?x64xf32>' does not match the shape of '!microscale.tensor<4x64, mxfp4>'}}
  %q = microscale.quantize %x : tensor<?x64xf32> -> !microscale.tensor<4x64, mxfp4>
  return
}

// -----

func.func @f(%x: tensor<4x64xf64>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or bfloat16 type or 16-bit float values}}
  %q = microscale.quantize %x : tensor<4x64xf64> -> !microscale.tensor<4x64, mxfp4>
  return
}

// -----

func.func @f(%x: tensor<4x64xf32>) {
  // expected-error @+1 {{'scale_rounding' applies to schemes with E8M0 block scales only, not to '!microscale.tensor<4x64, nvfp4>'}}
  %q = microscale.quantize %x scale_rounding(rceil) : tensor<4x64xf32> -> !microscale.tensor<4x64, nvfp4>
  return
}

// -----

func.func @f(%x: tensor<4x64xf32>) {
  // expected-error @+1 {{unknown scale rounding 'ceil'; expected 'floor' or 'rceil'}}
  %q = microscale.quantize %x scale_rounding(ceil) : tensor<4x64xf32> -> !microscale.tensor<4x64, mxfp4>
  return
}

// -----

func.func @f(%x: tensor<4x64xf32>, %g: f32) {
  // expected-error @+1 {{'global' is only allowed for schemes with a global scale, not for '!microscale.tensor<4x64, mxfp4>'}}
  %q = microscale.quantize %x global %g : tensor<4x64xf32>, f32 -> !microscale.tensor<4x64, mxfp4>
  return
}

// -----

func.func @f(%x: tensor<4x64xf32>, %g: f16) {
  // expected-error @+1 {{operand #1 must be 32-bit float, but got 'f16'}}
  %q = microscale.quantize %x global %g : tensor<4x64xf32>, f16 -> !microscale.tensor<4x64, nvfp4>
  return
}

// -----

func.func @f(%q: !microscale.tensor<4x64, mxfp4>) {
  // expected-error @+1 {{shape of 'tensor<4x32xf32>' does not match the shape of '!microscale.tensor<4x64, mxfp4>'}}
  %y = microscale.dequantize %q : !microscale.tensor<4x64, mxfp4> -> tensor<4x32xf32>
  return
}

// -----

func.func @f(%q: !microscale.tensor<4x64, mxfp4>) {
  // expected-error @+1 {{result #0 must be ranked tensor of 32-bit float or bfloat16 type or 16-bit float values}}
  %y = microscale.dequantize %q : !microscale.tensor<4x64, mxfp4> -> tensor<4x64xi32>
  return
}

// -----

func.func @f(%q: !microscale.tensor<4x64, mxfp4>) {
  // expected-error @+1 {{shape of '!microscale.tensor<4x64, mxfp4>' does not match the shape of '!microscale.tensor<4x128, mxfp4>'}}
  %r = microscale.requantize %q : !microscale.tensor<4x64, mxfp4> -> !microscale.tensor<4x128, mxfp4>
  return
}

// -----

func.func @f(%q: !microscale.tensor<4x64, mxfp4>) {
  // expected-error @+1 {{'scale_rounding' applies to schemes with E8M0 block scales only}}
  %r = microscale.requantize %q scale_rounding(floor) : !microscale.tensor<4x64, mxfp4> -> !microscale.tensor<4x64, nvfp4>
  return
}

// -----

func.func @f(%a: tensor<8x64xf32>, %b: tensor<16x64xf32>) {
  // expected-error @+1 {{needs at least one block-scaled operand; multiply plain tensors with linalg.matmul}}
  %c = microscale.matmul %a, %b : tensor<8x64xf32>, tensor<16x64xf32> -> tensor<8x16xf32>
  return
}

// -----

func.func @f(%a: !microscale.tensor<2x8x64, mxfp4>, %b: !microscale.tensor<16x64, mxfp4>) {
  // expected-error @+1 {{lhs must have rank 2 (M x K), got '!microscale.tensor<2x8x64, mxfp4>'}}
  %c = microscale.matmul %a, %b : !microscale.tensor<2x8x64, mxfp4>, !microscale.tensor<16x64, mxfp4> -> tensor<8x16xf32>
  return
}

// -----

func.func @f(%a: !microscale.tensor<8x64, mxfp4>, %b: tensor<64xf32>) {
  // expected-error @+1 {{rhs must have rank 2 (N x K, K-major), got 'tensor<64xf32>'}}
  %c = microscale.matmul %a, %b : !microscale.tensor<8x64, mxfp4>, tensor<64xf32> -> tensor<8x1xf32>
  return
}

// -----

func.func @f(%a: !microscale.tensor<8x64, mxfp4>, %b: !microscale.tensor<16x128, mxfp4>) {
  // expected-error @+1 {{reduction dimensions differ: lhs is M x K with K = 64, rhs is N x K with K = 128}}
  %c = microscale.matmul %a, %b : !microscale.tensor<8x64, mxfp4>, !microscale.tensor<16x128, mxfp4> -> tensor<8x16xf32>
  return
}

// -----

func.func @f(%a: tensor<8x?xbf16>, %b: !microscale.tensor<16x128, mxfp4>) {
  // expected-error @+1 {{reduction dimensions differ: lhs is M x K with K = ?, rhs is N x K with K = 128}}
  %c = microscale.matmul %a, %b : tensor<8x?xbf16>, !microscale.tensor<16x128, mxfp4> -> tensor<8x16xf32>
  return
}

// -----

func.func @f(%a: !microscale.tensor<8x64, mxfp4>, %b: !microscale.tensor<16x64, nvfp4>) {
  // expected-error @+1 {{operands must share the block size along K, got 32 and 16}}
  %c = microscale.matmul %a, %b : !microscale.tensor<8x64, mxfp4>, !microscale.tensor<16x64, nvfp4> -> tensor<8x16xf32>
  return
}

// -----

func.func @f(%a: !microscale.tensor<8x64, mxfp4>, %b: !microscale.tensor<16x64, mxfp4>) {
  // expected-error @+1 {{result must be M x N = 8x16, got 'tensor<16x8xf32>'}}
  %c = microscale.matmul %a, %b : !microscale.tensor<8x64, mxfp4>, !microscale.tensor<16x64, mxfp4> -> tensor<16x8xf32>
  return
}

// -----

func.func @f(%a: !microscale.tensor<?x64, mxfp4>, %b: !microscale.tensor<16x64, mxfp4>) {
  // expected-error @+1 {{result must be M x N = ?x16, got 'tensor<8x16xf32>'}}
  %c = microscale.matmul %a, %b : !microscale.tensor<?x64, mxfp4>, !microscale.tensor<16x64, mxfp4> -> tensor<8x16xf32>
  return
}

// -----

func.func @f(%a: !microscale.tensor<8x64, mxfp4>, %b: !microscale.tensor<16x64, mxfp4>) {
  // expected-error @+1 {{result #0 must be ranked tensor of 32-bit float values}}
  %c = microscale.matmul %a, %b : !microscale.tensor<8x64, mxfp4>, !microscale.tensor<16x64, mxfp4> -> tensor<8x16xbf16>
  return
}

// -----

func.func @f(%a: !microscale.tensor<8x64, mxfp4>, %b: !microscale.tensor<16x64, mxfp4>, %c0: tensor<?x16xf32>) {
  // expected-error @+1 {{accumulator type 'tensor<?x16xf32>' must equal the result type 'tensor<8x16xf32>'}}
  %c = microscale.matmul %a, %b acc %c0 : !microscale.tensor<8x64, mxfp4>, !microscale.tensor<16x64, mxfp4>, tensor<?x16xf32> -> tensor<8x16xf32>
  return
}

// -----

func.func @f(%a: !microscale.tensor<8x64, mxfp4>, %b: tensor<16x64xi8>) {
  // expected-error @+1 {{operand #1 must be a block-scaled tensor or a ranked tensor of f32, bf16 or f16}}
  %c = microscale.matmul %a, %b : !microscale.tensor<8x64, mxfp4>, tensor<16x64xi8> -> tensor<8x16xf32>
  return
}

// -----

func.func @f(%d: tensor<4x64xi8>, %s: tensor<4x2xf8E8M0FNU>) {
  // expected-error @+1 {{element data of '!microscale.tensor<4x64, mxfp4>' is stored as 'tensor<4x32xi8>', not 'tensor<4x64xi8>'}}
  %q = microscale.pack %d, %s : tensor<4x64xi8>, tensor<4x2xf8E8M0FNU> -> !microscale.tensor<4x64, mxfp4>
  return
}

// -----

func.func @f(%d: tensor<4x64xi8>, %s: tensor<4x2xf8E8M0FNU>) {
  // expected-error @+1 {{element data of '!microscale.tensor<4x64, mxfp6_e2m3>' is stored as 'tensor<4x48xi8>'}}
  %q = microscale.pack %d, %s : tensor<4x64xi8>, tensor<4x2xf8E8M0FNU> -> !microscale.tensor<4x64, mxfp6_e2m3>
  return
}

// -----

func.func @f(%d: tensor<4x32xi8>, %s: tensor<4x4xf8E8M0FNU>) {
  // expected-error @+1 {{block scales of '!microscale.tensor<4x64, mxfp4>' are stored as 'tensor<4x2xf8E8M0FNU>', not 'tensor<4x4xf8E8M0FNU>'}}
  %q = microscale.pack %d, %s : tensor<4x32xi8>, tensor<4x4xf8E8M0FNU> -> !microscale.tensor<4x64, mxfp4>
  return
}

// -----

func.func @f(%d: tensor<4x32xi8>, %s: tensor<4x2xf8E4M3FN>) {
  // expected-error @+1 {{block scales of '!microscale.tensor<4x64, mxfp4>' are stored as 'tensor<4x2xf8E8M0FNU>', not 'tensor<4x2xf8E4M3FN>'}}
  %q = microscale.pack %d, %s : tensor<4x32xi8>, tensor<4x2xf8E4M3FN> -> !microscale.tensor<4x64, mxfp4>
  return
}

// -----

func.func @f(%d: tensor<4x32xi8>, %s: tensor<4x4xf8E4M3FN>, %g: f32) {
  // expected-error @+1 {{block scales of '!microscale.tensor<4x64, nvfp4, layout = swizzled>' are stored as 'tensor<128x4xf8E4M3FN>', not 'tensor<4x4xf8E4M3FN>'}}
  %q = microscale.pack %d, %s global %g : tensor<4x32xi8>, tensor<4x4xf8E4M3FN>, f32 -> !microscale.tensor<4x64, nvfp4, layout = swizzled>
  return
}

// -----

func.func @f(%d: tensor<4x32xi8>, %s: tensor<4x4xf8E4M3FN>) {
  // expected-error @+1 {{scheme of '!microscale.tensor<4x64, nvfp4>' has a global scale: expected an f32 global operand}}
  %q = microscale.pack %d, %s : tensor<4x32xi8>, tensor<4x4xf8E4M3FN> -> !microscale.tensor<4x64, nvfp4>
  return
}

// -----

func.func @f(%d: tensor<4x32xi8>, %s: tensor<4x2xf8E8M0FNU>, %g: f32) {
  // expected-error @+1 {{scheme of '!microscale.tensor<4x64, mxfp4>' has no global scale, but an f32 global operand was given}}
  %q = microscale.pack %d, %s global %g : tensor<4x32xi8>, tensor<4x2xf8E8M0FNU>, f32 -> !microscale.tensor<4x64, mxfp4>
  return
}

// -----

func.func @f(%d: tensor<4x32xui8>, %s: tensor<4x2xf8E8M0FNU>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 8-bit signless integer values}}
  %q = microscale.pack %d, %s : tensor<4x32xui8>, tensor<4x2xf8E8M0FNU> -> !microscale.tensor<4x64, mxfp4>
  return
}

// -----

func.func @f(%q: !microscale.tensor<4x64, nvfp4>) {
  // expected-error @+1 {{scheme of '!microscale.tensor<4x64, nvfp4>' has a global scale: expected an f32 global result}}
  %d, %s = microscale.unpack %q : !microscale.tensor<4x64, nvfp4> -> tensor<4x32xi8>, tensor<4x4xf8E4M3FN>
  return
}

// -----

func.func @f(%q: !microscale.tensor<4x64, mxfp4>) {
  // expected-error @+1 {{scheme of '!microscale.tensor<4x64, mxfp4>' has no global scale, but an f32 global result was given}}
  %d, %s, %g = microscale.unpack %q : !microscale.tensor<4x64, mxfp4> -> tensor<4x32xi8>, tensor<4x2xf8E8M0FNU>, f32
  return
}

// -----

func.func @f(%q: !microscale.tensor<?x64, mxfp4>) {
  // expected-error @+1 {{element data of '!microscale.tensor<?x64, mxfp4>' is stored as 'tensor<?x32xi8>', not 'tensor<4x32xi8>'}}
  %d, %s = microscale.unpack %q : !microscale.tensor<?x64, mxfp4> -> tensor<4x32xi8>, tensor<4x2xf8E8M0FNU>
  return
}
