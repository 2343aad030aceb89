//===- MicroscaleDialect.td - microscale dialect definition -*- tablegen -*-===//
//
// The microscale dialect models block-scaled low-precision tensors (OCP MX,
// NVFP4 and custom schemes) and the operations on them.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_DIALECT_TD
#define MICROSCALE_DIALECT_TD

include "mlir/IR/OpBase.td"

def Microscale_Dialect : Dialect {
  let name = "microscale";
  let cppNamespace = "::mlir::microscale";
  let summary = "Block-scaled low-precision tensors and their operations";
  let description = [{
    A `!microscale.tensor` holds low-precision elements (FP4, FP6, FP8 or
    INT8) in blocks of consecutive elements along the innermost dimension,
    each block sharing one scale (E8M0 or UE4M3), optionally with one f32
    per-tensor scale. The operations quantize, dequantize, multiply,
    requantize and convert these tensors to and from their raw storage. The
    numerics follow the OCP Microscaling specification and NVIDIA's NVFP4
    exactly, as fixed in the project's numerics specification.
  }];
  let useDefaultAttributePrinterParser = 1;
  let useDefaultTypePrinterParser = 1;
  let extraClassDeclaration = [{
  private:
    // Defined beside the attribute and type storage classes they need.
    void registerAttributes();
    void registerTypes();
  public:
  }];
}

class Microscale_Op<string mnemonic, list<Trait> traits = []>
    : Op<Microscale_Dialect, mnemonic, traits>;

#endif // MICROSCALE_DIALECT_TD
