//===- StorageTensors.h - block-scaled storage as tensors -----*- C++ -*-===//
//
// Between microscale's packed storage (Numerics §5) and tensors holding one
// code or one scale per element or block, row-major, which the lowerings
// compute with and upstream IR holds. Every conversion is one
// `linalg.generic`. Shared by convert-microscale-to-linalg,
// raise-to-microscale, which recognizes its own unpacking to reuse the
// packed bytes, and convert-microscale-to-cpu, which recognizes the packing
// to do it with vectors.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_CONVERSION_MICROSCALETOLINALG_STORAGETENSORS_H
#define MICROSCALE_CONVERSION_MICROSCALETOLINALG_STORAGETENSORS_H

#include "microscale/Dialect/Microscale/IR/MicroscaleDialect.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"

namespace mlir::microscale::linalg_lowering {

/// The storage values of one block-scaled tensor and its type.
struct Storage {
  QuantizedTensorType type;
  Value data, scales, global;
};

/// The sizes of `tensor`'s dynamic dimensions among its first `count`.
SmallVector<Value> dynamicSizes(OpBuilder &b, Location loc, Value tensor,
                                int64_t count);

/// An empty tensor of `shape` and `element`, sized by `dynamic` (one value
/// per dynamic dimension, in order).
Value emptyTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                  Type element, ValueRange dynamic);

/// A `linalg.generic` with all loops parallel but the `reductions` last ones
/// and one result, `init`'s type.
using BodyBuilder = function_ref<Value(OpBuilder &, Location, ValueRange)>;
Value buildGeneric(OpBuilder &b, Location loc, ValueRange inputs, Value init,
                   ArrayRef<AffineMap> maps, BodyBuilder body,
                   int64_t reductions = 0);

/// The element codes of `storage`, one per element (`[..., K]`), in the low
/// bits of each i8, or as `codeType` (the element's float type) when given.
Value unpackCodes(OpBuilder &b, Location loc, const Storage &storage,
                  Type codeType = {});

/// Packed storage bytes of `codes` (`[..., K]`, one code per element: i8
/// with the code in the low bits, or the element's float type).
Value packCodes(OpBuilder &b, Location loc, QuantizedTensorType type,
                Value codes);

/// The packed bytes `codes` were unpacked from, when `codes` is exactly
/// unpackCodes's generic for `type` (the round trip), else null.
Value unpackedSource(Value codes, QuantizedTensorType type);

/// The codes `data` was packed from, when `data` is exactly packCodes's
/// generic for `type` (the raise's packing of upstream element tensors),
/// else null.
Value packedSource(Value data, QuantizedTensorType type);

/// The block scales of `storage` as `[..., K / block]`, row-major.
Value rowMajorScales(OpBuilder &b, Location loc, const Storage &storage);

/// Row-major block scales laid out as `type`'s storage (swizzled: rows
/// padded to 128 and columns to 4, padding bytes zero).
Value storedScales(OpBuilder &b, Location loc, QuantizedTensorType type,
                   Value rowMajor);

/// An identity map and the map of a block's scale, `(..., k) -> (..., k
/// floordiv block)`, over `rank` loops.
AffineMap identityMap(MLIRContext *context, int64_t rank);
AffineMap blockMap(MLIRContext *context, int64_t rank, int64_t block);

} // namespace mlir::microscale::linalg_lowering

#endif // MICROSCALE_CONVERSION_MICROSCALETOLINALG_STORAGETENSORS_H
