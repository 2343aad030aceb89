//===- StorageIndexing.h - where a block's bytes live in storage -*- C++
//-*-===//
//
// Index arithmetic over the storage of a block-scaled tensor (Numerics §5),
// seen as flat buffers: the byte offset of a block's packed elements and the
// offset of its scale in the row-major or swizzled (128x4) layout. Shared by
// the CPU and GPU lowerings.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_CONVERSION_CODECS_STORAGEINDEXING_H
#define MICROSCALE_CONVERSION_CODECS_STORAGEINDEXING_H

#include "microscale/Dialect/Microscale/IR/MicroscaleDialect.h"

#include "mlir/IR/Builders.h"

namespace mlir::microscale {

/// Offset (index) of the scale of block `block` of row `row` in the flat
/// scale buffer of `type`, in its layout.
Value scaleOffset(OpBuilder &b, Location loc, QuantizedTensorType type,
                  Value row, Value block);

/// Byte offset (index) of the first packed element of block `block` of row
/// `row` in the flat data buffer of `type`.
Value blockByteOffset(OpBuilder &b, Location loc, QuantizedTensorType type,
                      Value row, Value block);

} // namespace mlir::microscale

#endif // MICROSCALE_CONVERSION_CODECS_STORAGEINDEXING_H
