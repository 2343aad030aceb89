//===- CompilerSession.h - parse and lower IR for Python --------*- C++ -*-===//
//
// One compilation: an MLIR context holding the microscale dialects, the
// source text, and every diagnostic emitted while parsing and running a pass
// pipeline, so that a failure can be reported with its locations.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_BINDINGS_PYTHON_COMPILERSESSION_H
#define MICROSCALE_BINDINGS_PYTHON_COMPILERSESSION_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <stdexcept>
#include <string>

namespace mlir {
class PassManager;
} // namespace mlir

namespace mlir::microscale::python {

/// A failed compilation; what() holds the diagnostics, one
/// `<input>:line:col: error: ...` entry each (with the source line).
class CompileFailure : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Parses IR and runs pass pipelines in a private context; every failure
/// throws CompileFailure carrying the diagnostics collected so far.
class CompilerSession {
public:
  /// `withLLVMTranslation` also registers the builtin and LLVM dialect
  /// translations to LLVM IR (what the JIT needs).
  explicit CompilerSession(bool withLLVMTranslation = false);

  mlir::MLIRContext &getContext() { return context; }

  /// Parses `ir` (named `<input>` in diagnostics) into a module.
  mlir::OwningOpRef<mlir::ModuleOp> parse(const std::string &ir);

  /// Parses a textual pipeline into `pm`: either a list of module-level
  /// passes and pipelines ("microscale-cpu-pipeline", "canonicalize,cse") or
  /// the anchored form "builtin.module(...)".
  void parsePipeline(const std::string &pipeline, mlir::PassManager &pm);

  /// Runs `pm` on `module`.
  void run(mlir::PassManager &pm, mlir::ModuleOp module);

  /// Throws CompileFailure with `what` followed by the diagnostics so far.
  [[noreturn]] void fail(const std::string &what);

private:
  mlir::MLIRContext context;
  llvm::SourceMgr sourceMgr;
  std::string diagnostics;
  llvm::raw_string_ostream diagnosticStream{diagnostics};
  mlir::SourceMgrDiagnosticHandler diagnosticHandler{sourceMgr, &context,
                                                      diagnosticStream};
};

/// Parses `ir`, runs `pipeline` on it and returns the printed result.
std::string compileToString(const std::string &ir, const std::string &pipeline);

} // namespace mlir::microscale::python

#endif // MICROSCALE_BINDINGS_PYTHON_COMPILERSESSION_H
