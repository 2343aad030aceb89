//===- JitModule.h - lowered IR compiled in process for Python --*- C++ -*-===//
//
// IR lowered by a pass pipeline and compiled by MLIR's ExecutionEngine, with
// the signature each public function had at the memref level (before
// func-to-llvm erased the element types and static shapes), so that Python
// can check and marshal NumPy arrays into memref descriptors itself.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_BINDINGS_PYTHON_JITMODULE_H
#define MICROSCALE_BINDINGS_PYTHON_JITMODULE_H

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mlir {
class ExecutionEngine;
} // namespace mlir

namespace mlir::microscale::python {

/// One argument or result type of a function at its C interface.
struct ValueType {
  enum class Kind { MemRef, Scalar, Unsupported };
  Kind kind;
  /// The MLIR element (memref) or scalar type: "f32", "i8", "f8E8M0FNU"...
  std::string element;
  /// Memref sizes, -1 where dynamic; empty for scalars.
  std::vector<int64_t> shape;
  /// The whole type as MLIR prints it, for messages.
  std::string text;
};

struct FunctionSignature {
  std::vector<ValueType> arguments;
  std::vector<ValueType> results;
};

class JitModule {
public:
  /// Parses `ir`, marks its public functions `llvm.emit_c_interface`, runs
  /// `pipeline` (which must end in the LLVM dialect) and compiles the result
  /// for the host CPU at `optLevel` (0-3). Throws CompileFailure.
  JitModule(const std::string &ir, const std::string &pipeline, int optLevel);
  ~JitModule();

  const std::map<std::string, FunctionSignature> &getSignatures() const {
    return signatures;
  }

  /// Address of `void _mlir__mlir_ciface_<name>(void **)`: the packed
  /// wrapper of the C interface (see ExecutionEngine::invokePacked).
  uintptr_t getPackedAddress(const std::string &name) const;

private:
  std::unique_ptr<mlir::ExecutionEngine> engine;
  std::map<std::string, FunctionSignature> signatures;
  std::map<std::string, uintptr_t> packedAddresses;
};

} // namespace mlir::microscale::python

#endif // MICROSCALE_BINDINGS_PYTHON_JITMODULE_H
