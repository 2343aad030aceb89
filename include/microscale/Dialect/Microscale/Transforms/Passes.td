//===- Passes.td - microscale dialect-level rewrites --------*- tablegen -*-===//

#ifndef MICROSCALE_DIALECT_MICROSCALE_TRANSFORMS_PASSES_TD
#define MICROSCALE_DIALECT_MICROSCALE_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def MicroscaleExposeStorage : Pass<"microscale-expose-storage", "ModuleOp"> {
  let summary = "Turn !microscale.tensor function arguments, results and calls "
                "into their storage (data, scales, global)";
  let description = [{
    A 1:N type conversion of function signatures, calls, returns and
    structured control flow: every `!microscale.tensor` becomes, in this
    order, its packed element bytes (`tensor<...xi8>`), its block scales
    (`tensor<...xf8E8M0FNU>` or `tensor<...xf8E4M3FN>`), and an `f32`
    decode-direction global scale where the scheme has one. Inside function
    bodies the tensor is rebuilt with `microscale.pack` and taken apart with
    `microscale.unpack`; canonicalization folds the pairs away. The result is
    a plain ABI that C/C++ callers and other compilers can call.

    ```mlir
    func.func @f(%w: !microscale.tensor<4096x4096, nvfp4>) -> ...
    // becomes
    func.func @f(%d: tensor<4096x2048xi8>, %s: tensor<4096x256xf8E4M3FN>, %g: f32) -> ...
    ```
  }];
  let dependentDialects = ["::mlir::microscale::MicroscaleDialect"];
}

#endif // MICROSCALE_DIALECT_MICROSCALE_TRANSFORMS_PASSES_TD
