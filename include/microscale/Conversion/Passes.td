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
    register-tiled FMA kernel. The vector width comes from `vector-bits`
    (0: the host's widest). `microscale.pack`/`unpack` stay and fold away in
    canonicalization.
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "unsigned", /*default=*/"0",
           "Vector register width in bits to shape the loops for "
           "(0: the host's: 512 with AVX-512F, 256 with AVX2, else 128)">
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
  ];
}

#endif // MICROSCALE_CONVERSION_PASSES_TD
