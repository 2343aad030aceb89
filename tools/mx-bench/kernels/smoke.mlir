// Small shapes for the mx-bench smoke test (`mx-bench --smoke`): the same
// ops as matmul.mlir and quantize.mlir, compiled the same way.

// -----

func.func @smoke_gemv_mxfp4_f32_1x64x256(%a: tensor<1x256xf32>, %w: !microscale.tensor<64x256, mxfp4>) -> tensor<1x64xf32> attributes {llvm.emit_c_interface} {
  %c = microscale.matmul %a, %w : tensor<1x256xf32>, !microscale.tensor<64x256, mxfp4> -> tensor<1x64xf32>
  return %c : tensor<1x64xf32>
}

// -----

func.func @smoke_gemv_nvfp4_f32_1x64x256(%a: tensor<1x256xf32>, %w: !microscale.tensor<64x256, nvfp4>) -> tensor<1x64xf32> attributes {llvm.emit_c_interface} {
  %c = microscale.matmul %a, %w : tensor<1x256xf32>, !microscale.tensor<64x256, nvfp4> -> tensor<1x64xf32>
  return %c : tensor<1x64xf32>
}

// -----

func.func @smoke_gemv_mxfp8_f32_1x64x256(%a: tensor<1x256xf32>, %w: !microscale.tensor<64x256, mxfp8_e4m3>) -> tensor<1x64xf32> attributes {llvm.emit_c_interface} {
  %c = microscale.matmul %a, %w : tensor<1x256xf32>, !microscale.tensor<64x256, mxfp8_e4m3> -> tensor<1x64xf32>
  return %c : tensor<1x64xf32>
}

// -----

func.func @smoke_gemm_mxfp4_f32_16x64x256(%a: tensor<16x256xf32>, %w: !microscale.tensor<64x256, mxfp4>) -> tensor<16x64xf32> attributes {llvm.emit_c_interface} {
  %c = microscale.matmul %a, %w : tensor<16x256xf32>, !microscale.tensor<64x256, mxfp4> -> tensor<16x64xf32>
  return %c : tensor<16x64xf32>
}

// -----

func.func @smoke_gemm_mxfp4_bf16_16x64x256(%a: tensor<16x256xbf16>, %w: !microscale.tensor<64x256, mxfp4>) -> tensor<16x64xf32> attributes {llvm.emit_c_interface} {
  %c = microscale.matmul %a, %w : tensor<16x256xbf16>, !microscale.tensor<64x256, mxfp4> -> tensor<16x64xf32>
  return %c : tensor<16x64xf32>
}

// -----

func.func @smoke_gemm_mxfp4_mxfp4_16x64x256(%a: !microscale.tensor<16x256, mxfp4>, %w: !microscale.tensor<64x256, mxfp4>) -> tensor<16x64xf32> attributes {llvm.emit_c_interface} {
  %c = microscale.matmul %a, %w : !microscale.tensor<16x256, mxfp4>, !microscale.tensor<64x256, mxfp4> -> tensor<16x64xf32>
  return %c : tensor<16x64xf32>
}

// -----

func.func @smoke_quantize_mxfp4_64x256(%x: tensor<64x256xf32>) -> !microscale.tensor<64x256, mxfp4> attributes {llvm.emit_c_interface} {
  %q = microscale.quantize %x : tensor<64x256xf32> -> !microscale.tensor<64x256, mxfp4>
  return %q : !microscale.tensor<64x256, mxfp4>
}

// -----

func.func @smoke_gemv_mxfp4_q8_1x64x256(%a: tensor<1x256xf32>, %w: !microscale.tensor<64x256, mxfp4>) -> tensor<1x64xf32> attributes {llvm.emit_c_interface} {
  %q = microscale.quantize %a : tensor<1x256xf32> -> !microscale.tensor<1x256, mxint8>
  %c = microscale.matmul %q, %w : !microscale.tensor<1x256, mxint8>, !microscale.tensor<64x256, mxfp4> -> tensor<1x64xf32>
  return %c : tensor<1x64xf32>
}
