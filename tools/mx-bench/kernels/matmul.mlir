// Our kernels for mx-bench: user IR with microscale ops on tensors, compiled
// at build time by `mx-opt --microscale-cpu-pipeline`, mlir-translate and llc
// into an object linked into mx-bench (see CMakeLists.txt).
//
// ABI after the pipeline: each !microscale.tensor argument becomes its
// storage, in this order: packed data (i8, [rows, K * bits / 8]), block scales
// (the scale type, one byte each, [rows, K / block] row-major), then the f32
// global scale for nvfp4. Tensors become identity-layout memrefs; results are
// newly allocated memrefs. `llvm.emit_c_interface` gives
// `_mlir_ciface_<name>(result*, memref descriptor*..., f32 global)`.
//
// Shapes are M x N x K: C[M, N] = A[M, K] . W[N, K]^T, weights N x K.

func.func @gemv_mxfp4_f32_1x4096x4096(%a: tensor<1x4096xf32>, %w: !microscale.tensor<4096x4096, mxfp4>) -> tensor<1x4096xf32> attributes {llvm.emit_c_interface} {
  %c = microscale.matmul %a, %w : tensor<1x4096xf32>, !microscale.tensor<4096x4096, mxfp4> -> tensor<1x4096xf32>
  return %c : tensor<1x4096xf32>
}

// -----

func.func @gemv_nvfp4_f32_1x4096x4096(%a: tensor<1x4096xf32>, %w: !microscale.tensor<4096x4096, nvfp4>) -> tensor<1x4096xf32> attributes {llvm.emit_c_interface} {
  %c = microscale.matmul %a, %w : tensor<1x4096xf32>, !microscale.tensor<4096x4096, nvfp4> -> tensor<1x4096xf32>
  return %c : tensor<1x4096xf32>
}

// -----

func.func @gemv_mxfp8_f32_1x4096x4096(%a: tensor<1x4096xf32>, %w: !microscale.tensor<4096x4096, mxfp8_e4m3>) -> tensor<1x4096xf32> attributes {llvm.emit_c_interface} {
  %c = microscale.matmul %a, %w : tensor<1x4096xf32>, !microscale.tensor<4096x4096, mxfp8_e4m3> -> tensor<1x4096xf32>
  return %c : tensor<1x4096xf32>
}

// -----

func.func @gemv_mxfp4_f32_1x14336x4096(%a: tensor<1x4096xf32>, %w: !microscale.tensor<14336x4096, mxfp4>) -> tensor<1x14336xf32> attributes {llvm.emit_c_interface} {
  %c = microscale.matmul %a, %w : tensor<1x4096xf32>, !microscale.tensor<14336x4096, mxfp4> -> tensor<1x14336xf32>
  return %c : tensor<1x14336xf32>
}

// -----

func.func @gemv_nvfp4_f32_1x14336x4096(%a: tensor<1x4096xf32>, %w: !microscale.tensor<14336x4096, nvfp4>) -> tensor<1x14336xf32> attributes {llvm.emit_c_interface} {
  %c = microscale.matmul %a, %w : tensor<1x4096xf32>, !microscale.tensor<14336x4096, nvfp4> -> tensor<1x14336xf32>
  return %c : tensor<1x14336xf32>
}

// -----

func.func @gemv_mxfp8_f32_1x14336x4096(%a: tensor<1x4096xf32>, %w: !microscale.tensor<14336x4096, mxfp8_e4m3>) -> tensor<1x14336xf32> attributes {llvm.emit_c_interface} {
  %c = microscale.matmul %a, %w : tensor<1x4096xf32>, !microscale.tensor<14336x4096, mxfp8_e4m3> -> tensor<1x14336xf32>
  return %c : tensor<1x14336xf32>
}

// -----

func.func @matmul_mxfp4_f32_8x4096x4096(%a: tensor<8x4096xf32>, %w: !microscale.tensor<4096x4096, mxfp4>) -> tensor<8x4096xf32> attributes {llvm.emit_c_interface} {
  %c = microscale.matmul %a, %w : tensor<8x4096xf32>, !microscale.tensor<4096x4096, mxfp4> -> tensor<8x4096xf32>
  return %c : tensor<8x4096xf32>
}

// -----

func.func @matmul_nvfp4_f32_8x4096x4096(%a: tensor<8x4096xf32>, %w: !microscale.tensor<4096x4096, nvfp4>) -> tensor<8x4096xf32> attributes {llvm.emit_c_interface} {
  %c = microscale.matmul %a, %w : tensor<8x4096xf32>, !microscale.tensor<4096x4096, nvfp4> -> tensor<8x4096xf32>
  return %c : tensor<8x4096xf32>
}

// -----

func.func @matmul_mxfp8_f32_8x4096x4096(%a: tensor<8x4096xf32>, %w: !microscale.tensor<4096x4096, mxfp8_e4m3>) -> tensor<8x4096xf32> attributes {llvm.emit_c_interface} {
  %c = microscale.matmul %a, %w : tensor<8x4096xf32>, !microscale.tensor<4096x4096, mxfp8_e4m3> -> tensor<8x4096xf32>
  return %c : tensor<8x4096xf32>
}

// -----

func.func @gemm_mxfp4_f32_512x4096x4096(%a: tensor<512x4096xf32>, %w: !microscale.tensor<4096x4096, mxfp4>) -> tensor<512x4096xf32> attributes {llvm.emit_c_interface} {
  %c = microscale.matmul %a, %w : tensor<512x4096xf32>, !microscale.tensor<4096x4096, mxfp4> -> tensor<512x4096xf32>
  return %c : tensor<512x4096xf32>
}

// -----

func.func @gemm_mxfp4_bf16_512x4096x4096(%a: tensor<512x4096xbf16>, %w: !microscale.tensor<4096x4096, mxfp4>) -> tensor<512x4096xf32> attributes {llvm.emit_c_interface} {
  %c = microscale.matmul %a, %w : tensor<512x4096xbf16>, !microscale.tensor<4096x4096, mxfp4> -> tensor<512x4096xf32>
  return %c : tensor<512x4096xf32>
}

// -----

func.func @gemm_mxfp4_mxfp4_512x4096x4096(%a: !microscale.tensor<512x4096, mxfp4>, %w: !microscale.tensor<4096x4096, mxfp4>) -> tensor<512x4096xf32> attributes {llvm.emit_c_interface} {
  %c = microscale.matmul %a, %w : !microscale.tensor<512x4096, mxfp4>, !microscale.tensor<4096x4096, mxfp4> -> tensor<512x4096xf32>
  return %c : tensor<512x4096xf32>
}

// -----

// Activations quantized to MXINT8 in the call (timed), then exact int8 dot
// products where both operands allow them: ggml's q8_0 x mxfp4 in OCP form.

func.func @gemv_mxfp4_q8_1x4096x4096(%a: tensor<1x4096xf32>, %w: !microscale.tensor<4096x4096, mxfp4>) -> tensor<1x4096xf32> attributes {llvm.emit_c_interface} {
  %q = microscale.quantize %a : tensor<1x4096xf32> -> !microscale.tensor<1x4096, mxint8>
  %c = microscale.matmul %q, %w : !microscale.tensor<1x4096, mxint8>, !microscale.tensor<4096x4096, mxfp4> -> tensor<1x4096xf32>
  return %c : tensor<1x4096xf32>
}

// -----

func.func @matmul_mxfp4_q8_8x4096x4096(%a: tensor<8x4096xf32>, %w: !microscale.tensor<4096x4096, mxfp4>) -> tensor<8x4096xf32> attributes {llvm.emit_c_interface} {
  %q = microscale.quantize %a : tensor<8x4096xf32> -> !microscale.tensor<8x4096, mxint8>
  %c = microscale.matmul %q, %w : !microscale.tensor<8x4096, mxint8>, !microscale.tensor<4096x4096, mxfp4> -> tensor<8x4096xf32>
  return %c : tensor<8x4096xf32>
}

// -----

func.func @gemm_mxfp4_q8_512x4096x4096(%a: tensor<512x4096xf32>, %w: !microscale.tensor<4096x4096, mxfp4>) -> tensor<512x4096xf32> attributes {llvm.emit_c_interface} {
  %q = microscale.quantize %a : tensor<512x4096xf32> -> !microscale.tensor<512x4096, mxint8>
  %c = microscale.matmul %q, %w : !microscale.tensor<512x4096, mxint8>, !microscale.tensor<4096x4096, mxfp4> -> tensor<512x4096xf32>
  return %c : tensor<512x4096xf32>
}

// -----

func.func @gemv_nvfp4_q8_1x4096x4096(%a: tensor<1x4096xf32>, %w: !microscale.tensor<4096x4096, nvfp4>) -> tensor<1x4096xf32> attributes {llvm.emit_c_interface} {
  %q = microscale.quantize %a : tensor<1x4096xf32> -> !microscale.tensor<1x4096, #microscale.scheme<i8, block = 16, scale = f8E8M0FNU>>
  %c = microscale.matmul %q, %w : !microscale.tensor<1x4096, #microscale.scheme<i8, block = 16, scale = f8E8M0FNU>>, !microscale.tensor<4096x4096, nvfp4> -> tensor<1x4096xf32>
  return %c : tensor<1x4096xf32>
}

// -----

func.func @matmul_nvfp4_q8_8x4096x4096(%a: tensor<8x4096xf32>, %w: !microscale.tensor<4096x4096, nvfp4>) -> tensor<8x4096xf32> attributes {llvm.emit_c_interface} {
  %q = microscale.quantize %a : tensor<8x4096xf32> -> !microscale.tensor<8x4096, #microscale.scheme<i8, block = 16, scale = f8E8M0FNU>>
  %c = microscale.matmul %q, %w : !microscale.tensor<8x4096, #microscale.scheme<i8, block = 16, scale = f8E8M0FNU>>, !microscale.tensor<4096x4096, nvfp4> -> tensor<8x4096xf32>
  return %c : tensor<8x4096xf32>
}

// -----

func.func @gemm_nvfp4_q8_512x4096x4096(%a: tensor<512x4096xf32>, %w: !microscale.tensor<4096x4096, nvfp4>) -> tensor<512x4096xf32> attributes {llvm.emit_c_interface} {
  %q = microscale.quantize %a : tensor<512x4096xf32> -> !microscale.tensor<512x4096, #microscale.scheme<i8, block = 16, scale = f8E8M0FNU>>
  %c = microscale.matmul %q, %w : !microscale.tensor<512x4096, #microscale.scheme<i8, block = 16, scale = f8E8M0FNU>>, !microscale.tensor<4096x4096, nvfp4> -> tensor<512x4096xf32>
  return %c : tensor<512x4096xf32>
}
