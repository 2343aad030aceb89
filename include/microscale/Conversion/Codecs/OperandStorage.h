//===- OperandStorage.h - what lowerings read of their operands -*- C++ -*-===//
//
// Shared by the CPU and GPU lowerings: the storage values of a block-scaled
// operand (Numerics §5) and the sizes of the buffers behind tensors.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_CONVERSION_CODECS_OPERANDSTORAGE_H
#define MICROSCALE_CONVERSION_CODECS_OPERANDSTORAGE_H

#include "mlir/IR/Builders.h"

namespace mlir::microscale {

/// The storage of a block-scaled value: element bytes, scales and (NVFP4)
/// the f32 global.
struct StorageValues {
  Value data, scales, global;
};

/// The operands of the `microscale.pack` that made `tensor`, or the results
/// of a new `microscale.unpack` (folded away once its producer is lowered).
StorageValues getStorageValues(OpBuilder &b, Location loc, Value tensor);

/// An index constant.
Value indexConstant(OpBuilder &b, Location loc, int64_t value);

/// The product of all dimensions of a memref but the innermost (index).
Value outerSize(OpBuilder &b, Location loc, Value memref);

/// The dynamic sizes of a memref's dimensions in order (`outerOnly`: all but
/// the innermost).
SmallVector<Value> dynamicSizesOf(OpBuilder &b, Location loc, Value memref,
                                  bool outerOnly);

} // namespace mlir::microscale

#endif // MICROSCALE_CONVERSION_CODECS_OPERANDSTORAGE_H
