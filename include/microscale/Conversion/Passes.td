//===- Passes.td - microscale target conversions ------------*- tablegen -*-===//

#ifndef MICROSCALE_CONVERSION_PASSES_TD
#define MICROSCALE_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertMicroscaleToCPU : Pass<"convert-microscale-to-cpu", "ModuleOp"> {
  let summary = "Lower microscale quantize, dequantize, requantize and matmul "
                "to vectorized loops on buffers";
  let description = [{
    Rewrites the microscale compute ops into `scf.for` loops over `vector`
    operations on buffers taken from the tensors with `bufferization`
    ops: element conversions are exact integer/float arithmetic following
    the project's SPEC (not `arith-expand`), one block per vector; matmul
    decodes the weights a small panel at a time and multiplies it with a
    register-tiled FMA kernel (bf16 dot products for bf16 activations
    where AVX-512 BF16 is available, exact int8 dot products with AVX-512
    VNNI when both operands hold small integers). The vector width and the instruction
    sets come from `vector-bits` and `features` (default: the host's). `microscale.pack`/`unpack` stay and fold away in
    canonicalization.
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "unsigned", /*default=*/"0",
           "Vector register width in bits to shape the loops for "
           "(0: the host's: 512 with AVX-512F, 256 with AVX2, else 128)">,
    Option<"features", "features", "std::string", /*default=*/"\"host\"",
           "Instruction sets the generated code may use: 'host' (this "
           "machine's), or a comma-separated list of avx512f, avx512bf16, "
           "avx512bw, avx512vnni ('none' for none of them)">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::microscale::MicroscaleDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect",
    "::mlir::x86vector::X86VectorDialect",
  ];
}

#endif // MICROSCALE_CONVERSION_PASSES_TD
