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
// Quantization of an f32 matrix [M, K] to MXFP4 (OCP `floor` scale rule,
// the default): the result is returned as (data, scales).

func.func @quantize_mxfp4_4096x4096(%x: tensor<4096x4096xf32>) -> !microscale.tensor<4096x4096, mxfp4> attributes {llvm.emit_c_interface} {
  %q = microscale.quantize %x : tensor<4096x4096xf32> -> !microscale.tensor<4096x4096, mxfp4>
  return %q : !microscale.tensor<4096x4096, mxfp4>
}
