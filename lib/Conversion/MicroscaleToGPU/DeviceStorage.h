//===- DeviceStorage.h - kernel-side access to operand storage --*- C++ -*-===//
//
// Inside a kernel, one value at a time: float tensors and the storage of
// block-scaled tensors (Numerics §5) as flat device buffers, with the element
// codes unpacked and packed and the values decoded and encoded by the
// shared codecs (the same arithmetic as the CPU lowering, on scalars).
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_DEVICESTORAGE_H
#define MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_DEVICESTORAGE_H

#include "microscale/Dialect/Microscale/IR/MicroscaleDialect.h"

#include "mlir/IR/Builders.h"

namespace mlir::microscale::nvvm {

/// A float tensor (f32, bf16 or f16) in a flat device buffer, rows x cols.
struct DeviceFloats {
  Value memref; // memref<? x element>
  Value cols;   // index

  Type getElementType() const;
  /// The value at (row, col) as f32 (exact).
  Value load(OpBuilder &b, Location loc, Value row, Value col) const;
  /// Stores an f32 value rounded to the element type (nearest even).
  void store(OpBuilder &b, Location loc, Value value, Value row,
             Value col) const;
};

/// The storage of a block-scaled tensor in flat device buffers.
struct DeviceQuantized {
  QuantizedTensorType type;
  Value data;   // memref<? x i8>: packed element codes
  Value scales; // memref<? x scale type>, in the type's layout
  Value global; // f32 (a kernel argument), or null

  SchemeAttr getScheme() const { return type.getScheme(); }
  int64_t getBlockSize() const { return getScheme().getBlockSize(); }
  int64_t getBlocksPerRow() const { return type.getBlocksPerRow(); }
  int64_t getCols() const { return type.getBlockedDimSize(); }

  /// The code (i8, in the low bits) of element (row, col).
  Value loadCode(OpBuilder &b, Location loc, Value row, Value col) const;
  /// The E4M3 code (i32, low 8 bits) of element (row, col): its code
  /// upcast exactly, for element formats whose values are all E4M3 values
  /// (E2M1, E2M3, E3M2, E4M3), what the FP8 tensor cores read.
  Value loadE4M3Code(OpBuilder &b, Location loc, Value row, Value col) const;
  /// Stores the codes of one packing unit (2 for FP4, 4 for FP6, else 1)
  /// starting at element (row, col).
  void storeUnit(OpBuilder &b, Location loc, ArrayRef<Value> codes, Value row,
                 Value col) const;
  /// The scale code (i32) of block (row, block).
  Value loadScaleCode(OpBuilder &b, Location loc, Value row, Value block) const;
  void storeScaleCode(OpBuilder &b, Location loc, Value code, Value row,
                      Value block) const;
  /// The f32 value of a scale code: 2^e (NaN for 0xFF), or UE4M3's value.
  Value scaleValue(OpBuilder &b, Location loc, Value code) const;
  /// Element (row, col) dequantized (Numerics §2.6, §3.5).
  Value dequantize(OpBuilder &b, Location loc, Value row, Value col) const;
};

class DeviceSession;

/// The storage of a block-scaled host operand copied to the device (the
/// operands of the `pack` that made it, or of a new `unpack`). `rows` and
/// `outerSizes`, if given, receive its row count and the dynamic sizes of
/// its outer dimensions.
DeviceQuantized copyInQuantized(OpBuilder &b, Location loc,
                                DeviceSession &session, Value tensor,
                                Value *rows = nullptr,
                                SmallVectorImpl<Value> *outerSizes = nullptr);

} // namespace mlir::microscale::nvvm

#endif // MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_DEVICESTORAGE_H
