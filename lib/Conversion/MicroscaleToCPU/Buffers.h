//===- Buffers.h - flat buffer views of the lowered operands ----*- C++ -*-===//
//
// The CPU lowering works on buffers: each tensor operand is taken to a
// memref with `bufferization.to_buffer`, each result is a fresh allocation
// returned through `bufferization.to_tensor`, and every buffer is seen as
// rows x cols, flattened to one dimension. Block-scaled operands are their
// storage (SPEC 5): packed element bytes, scales in their layout, global.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_BUFFERS_H
#define MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_BUFFERS_H

#include "microscale/Conversion/MicroscaleToCPU/MicroscaleToCPU.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleDialect.h"

#include "mlir/IR/Builders.h"

namespace mlir::microscale::cpu {

/// A float tensor (f32, bf16 or f16) as a flat buffer of rows x cols.
struct FloatBuffer {
  RankedTensorType type;
  Value shaped; // the memref in the tensor's shape
  Value memref; // the same, flattened: memref<? x element>, row-major
  Value rows;   // index: the product of the outer dimensions
  Value cols;   // index: the innermost dimension
  SmallVector<Value> dynamicSizes; // of the tensor, in shape order

  Type getElementType() const { return type.getElementType(); }
  /// `width` consecutive values of a row, converted to f32.
  Value loadF32(OpBuilder &b, Location loc, Value row, Value col,
                int64_t width) const;
  /// Stores f32 values, rounded to the element type.
  void storeF32(OpBuilder &b, Location loc, Value values, Value row,
                Value col) const;
  /// Asks the cache for each 64-byte line of values [col, col + width) of
  /// `row`, `bytesAhead` further on (clamped to the buffer).
  void prefetchAhead(OpBuilder &b, Location loc, Value row, Value col,
                     int64_t width, int64_t bytesAhead) const;
};

/// A block-scaled tensor as its storage buffers.
struct QuantizedBuffers {
  QuantizedTensorType type;
  Value shapedData, shapedScales; // in the storage tensors' shapes
  Value data;   // flattened, memref<? x i8>: packed element bytes
  Value scales; // flattened, memref<? x scale type>, in the type's layout
  Value global; // f32, or null without a global scale
  Value rows;   // index
  SmallVector<Value> dynamicSizes; // of the tensor (outer dimensions only)
  /// Decode FP4 blocks by AVX-512 table lookups (see TableDecode.h).
  bool tableDecode = false;

  SchemeAttr getScheme() const { return type.getScheme(); }
  int64_t getBlockSize() const { return getScheme().getBlockSize(); }
  int64_t getCols() const { return type.getBlockedDimSize(); }
  int64_t getBlocksPerRow() const { return type.getBlocksPerRow(); }

  /// The element codes of one block: vector<block x i8>.
  Value loadCodes(OpBuilder &b, Location loc, Value row, Value block) const;
  void storeCodes(OpBuilder &b, Location loc, Value codes, Value row,
                  Value block) const;
  /// The scale code of one block, as i32.
  Value loadScaleCode(OpBuilder &b, Location loc, Value row, Value block) const;
  void storeScaleCode(OpBuilder &b, Location loc, Value code, Value row,
                      Value block) const;
  /// One block dequantized to f32 (SPEC 2.6, 3.5): vector<block x f32>.
  Value dequantizeBlock(OpBuilder &b, Location loc, Value row,
                        Value block) const;
  /// For E8M0 scales: one block's element values before scaling
  /// (vector<block x f32>) and its scale (f32), whose product is
  /// dequantizeBlock's result, for a caller that scales a block's partial
  /// dot product once instead of every element.
  std::pair<Value, Value> decodeBlockUnscaled(OpBuilder &b, Location loc,
                                              Value row, Value block) const;

  /// With `tableDecode`: one block dequantized to f32 in lookup order, 16
  /// values per vector. Blocks of 32 or more come as each 32 elements' even
  /// ones then odd ones (the low and high nibbles, no interleave needed);
  /// blocks of 16 in element order.
  /// `withGlobal` false leaves the global scale out, for a caller that
  /// applies it once to a whole dot product.
  SmallVector<Value> dequantizeBlockInLookupOrder(OpBuilder &b, Location loc,
                                                  Value row, Value block,
                                                  bool withGlobal = true) const;
  /// Asks the cache for the element bytes `bytesAhead` past the start of a
  /// block (clamped to the buffer): streams of several weight rows at once
  /// defeat the hardware prefetcher.
  void prefetchAhead(OpBuilder &b, Location loc, Value row, Value block,
                     int64_t bytesAhead) const;
  /// Whether lookup order differs from element order.
  bool isLookupOrderPermuted() const { return getBlockSize() % 32 == 0; }

  /// The unit matmul decodes at once with `tableDecode`: a block, or a pair
  /// of blocks of 16 (one 16-byte load, two tables).
  int64_t getLookupUnit() const {
    return std::max<int64_t>(getBlockSize(), 32);
  }
  /// With `tableDecode`: unit `unit` dequantized in lookup order, each 32
  /// elements' even ones then odd ones, 16 values per vector.
  SmallVector<Value> dequantizeUnitInLookupOrder(OpBuilder &b, Location loc,
                                                 Value row, Value unit,
                                                 bool withGlobal) const;
  /// Unit `unit` (getLookupUnit() elements) dequantized as each 32
  /// elements' even ones, then their odd ones, 16 values per vector: the
  /// lookup order, by table lookups with `tableDecode`, else by decoding
  /// whole blocks and deinterleaving them. `withGlobal` false (table
  /// lookups only) leaves the global scale out.
  SmallVector<Value> dequantizeUnitAsHalves(OpBuilder &b, Location loc,
                                            Value row, Value unit,
                                            bool withGlobal) const;

private:
  Value scaleOffset(OpBuilder &b, Location loc, Value row, Value block) const;
  Value buildTable(OpBuilder &b, Location loc, Value scaleCode,
                   bool withGlobal) const;
};

/// A flat scratch buffer of `size` elements, aligned for the widest vector
/// loads; the pipelines' deallocation frees it after its last use.
Value allocScratch(OpBuilder &b, Location loc, Value size, Type element);

/// Views a float tensor as a flat read-only buffer.
FloatBuffer getFloatBuffer(OpBuilder &b, Location loc, Value tensor);
/// Allocates a float result of `type` with the given dynamic sizes.
FloatBuffer allocFloatBuffer(OpBuilder &b, Location loc, RankedTensorType type,
                             ValueRange dynamicSizes);
/// The storage of a block-scaled value: the operands of the `pack` that made
/// it, or a new `unpack` (folded away once its producer is lowered).
QuantizedBuffers getQuantizedBuffers(OpBuilder &b, Location loc, Value tensor,
                                     const CPUTarget &target);
/// Allocates the storage of a block-scaled result; swizzled scales are
/// zero-filled (SPEC 5: padding bytes are zero).
QuantizedBuffers allocQuantizedBuffers(OpBuilder &b, Location loc,
                                       QuantizedTensorType type,
                                       ValueRange dynamicSizes);

/// The tensor behind an allocated result buffer.
Value toTensor(OpBuilder &b, Location loc, const FloatBuffer &buffer);
/// `microscale.pack` of allocated result buffers (with `global`, if any).
Value toQuantizedTensor(OpBuilder &b, Location loc,
                        const QuantizedBuffers &buffers);

/// Each 32 of `values` (a vector of a multiple of 32) as its even
/// elements, then its odd ones: 16 values per vector.
SmallVector<Value> splitEvenOdd(OpBuilder &b, Location loc, Value values);

/// An index constant.
Value indexConstant(OpBuilder &b, Location loc, int64_t value);

} // namespace mlir::microscale::cpu

#endif // MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_BUFFERS_H
