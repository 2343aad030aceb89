//===- Passes.h - microscale dialect-level rewrites -------------*- C++ -*-===//

#ifndef MICROSCALE_DIALECT_MICROSCALE_TRANSFORMS_PASSES_H
#define MICROSCALE_DIALECT_MICROSCALE_TRANSFORMS_PASSES_H

#include "microscale/Dialect/Microscale/IR/MicroscaleDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::microscale {

#define GEN_PASS_DECL
#include "microscale/Dialect/Microscale/Transforms/Passes.h.inc"

/// Converts every `!microscale.tensor` to its storage types: data, scales
/// and, where the scheme has one, the f32 global. Materializes with
/// `microscale.pack` / `microscale.unpack`.
class StorageTypeConverter : public TypeConverter {
public:
  StorageTypeConverter();
};

#define GEN_PASS_REGISTRATION
#include "microscale/Dialect/Microscale/Transforms/Passes.h.inc"

} // namespace mlir::microscale

#endif // MICROSCALE_DIALECT_MICROSCALE_TRANSFORMS_PASSES_H
