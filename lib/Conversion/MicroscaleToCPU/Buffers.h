//===- Buffers.h - flat buffer views of the lowered operands ----*- C++ -*-===//
//
// The CPU lowering works on buffers: each tensor operand is taken to a
// memref with `bufferization.to_buffer`, each result is a fresh allocation
// returned through `bufferization.to_tensor`, and every buffer is seen as
// rows x cols, flattened to one dimension. Block-scaled operands are their
// storage (Numerics §5): packed element bytes, scales in their layout,
// global; how their blocks are decoded is BlockDecoders.h's concern.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_BUFFERS_H
#define MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_BUFFERS_H

#include "microscale/Conversion/Codecs/OperandStorage.h"
#include "microscale/Conversion/MicroscaleToCPU/MicroscaleToCPU.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleDialect.h"

#include "mlir/IR/Builders.h"

#include <optional>

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
  Value data; // flattened, memref<? x i8>: packed element bytes (null
              // where `codes` stands in for them)
  /// FP4 or FP8 codes one per byte (flattened, memref<? x element>) that
  /// packCodes's generic (raise-to-microscale's form) packed into the
  /// storage bytes: read in their place and packed in registers, so that
  /// the packed copy is never made. Null otherwise.
  Value codes;
  Value scales; // flattened, memref<? x scale type>, in the type's layout
  Value global; // f32, or null without a global scale
  /// E4M3 scales: the module declares the table loadScale reads.
  bool e4m3Table = false;
  Value rows;                      // index
  SmallVector<Value> dynamicSizes; // of the tensor (outer dimensions only)

  SchemeAttr getScheme() const { return type.getScheme(); }
  int64_t getBlockSize() const { return getScheme().getBlockSize(); }
  int64_t getCols() const { return type.getBlockedDimSize(); }
  int64_t getBlocksPerRow() const { return type.getBlocksPerRow(); }

  /// `count` storage bytes from byte `offset` on: vector<count x i8>.
  Value loadBytes(OpBuilder &b, Location loc, Value offset,
                  int64_t count) const;
  /// The element codes of one block: vector<block x i8>.
  Value loadCodes(OpBuilder &b, Location loc, Value row, Value block) const;
  void storeCodes(OpBuilder &b, Location loc, Value codes, Value row,
                  Value block) const;
  /// The scale code of one block, as i32.
  Value loadScaleCode(OpBuilder &b, Location loc, Value row, Value block) const;
  /// The f32 value of one block's scale (Numerics §1): 2^e for E8M0; for
  /// E4M3 a load from a 256-entry table of the codes' values, a constant
  /// global of the module (a dozen scalar instructions per block otherwise,
  /// one block per 16 NVFP4 values), where getQuantizedBuffers declared it.
  Value loadScale(OpBuilder &b, Location loc, Value row, Value block) const;
  /// The f32 values of `count` consecutive blocks' scales of `row` from
  /// `firstBlock` on, vector<count x f32>, decoded as one vector: one load
  /// for row-major scales, a load per block for swizzled ones.
  Value loadScales(OpBuilder &b, Location loc, Value row, Value firstBlock,
                   int64_t count) const;
  void storeScaleCode(OpBuilder &b, Location loc, Value code, Value row,
                      Value block) const;
  /// Asks the cache for the element bytes `bytesAhead` past the start of a
  /// block (clamped to the buffer): streams of several weight rows at once
  /// defeat the hardware prefetcher.
  void prefetchAhead(OpBuilder &b, Location loc, Value row, Value block,
                     int64_t bytesAhead) const;

private:
  Value scaleOffset(OpBuilder &b, Location loc, Value row, Value block) const;
};

/// A flat scratch buffer of `size` elements, aligned for the widest vector
/// loads; the pipelines' deallocation frees it after its last use.
Value allocScratch(OpBuilder &b, Location loc, Value size, Type element);

/// A rank-1 view of a contiguous memref.
Value flatten(OpBuilder &b, Location loc, Value memref);

/// The rows of `source` (`cols` values each, a multiple of 16) converted to
/// f32 in a new flat scratch buffer; rows concurrently with `parallel`.
Value copyRowsAsF32(OpBuilder &b, Location loc, const FloatBuffer &source,
                    int64_t cols, bool parallel);

/// Stores one finished dot product `sum` as C[row, col] of `out`: times
/// `global` (a deferred global scale) where given, then plus `acc`'s
/// element where given.
void storeDotProduct(OpBuilder &b, Location loc, const FloatBuffer &out,
                     const std::optional<FloatBuffer> &acc, Value global,
                     Value row, Value col, Value sum);

/// Views a float tensor as a flat read-only buffer.
FloatBuffer getFloatBuffer(OpBuilder &b, Location loc, Value tensor);
/// Allocates a float result of `type` with the given dynamic sizes.
FloatBuffer allocFloatBuffer(OpBuilder &b, Location loc, RankedTensorType type,
                             ValueRange dynamicSizes);
/// The storage of a block-scaled value: the operands of the `pack` that made
/// it (with `codes` where they are packCodes's packing of FP4 or FP8 codes),
/// or a new `unpack` (folded away once its producer is lowered).
QuantizedBuffers getQuantizedBuffers(OpBuilder &b, Location loc, Value tensor);
/// Allocates the storage of a block-scaled result; swizzled scales are
/// zero-filled (Numerics §5: padding bytes are zero).
QuantizedBuffers allocQuantizedBuffers(OpBuilder &b, Location loc,
                                       QuantizedTensorType type,
                                       ValueRange dynamicSizes);

/// The tensor behind an allocated result buffer.
Value toTensor(OpBuilder &b, Location loc, const FloatBuffer &buffer);
/// `microscale.pack` of allocated result buffers (with `global`, if any).
Value toQuantizedTensor(OpBuilder &b, Location loc,
                        const QuantizedBuffers &buffers);

} // namespace mlir::microscale::cpu

#endif // MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_BUFFERS_H
