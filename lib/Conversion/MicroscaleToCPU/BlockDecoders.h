//===- BlockDecoders.h - block-scaled storage to f32 values -----*- C++ -*-===//
//
// Decoding a block-scaled operand's blocks into f32 vectors, by the
// strategy its consumer chose (KernelSelection.h): the shared arithmetic
// codecs (with an integer fast path for E4M3 blocks of normal numbers), or
// AVX-512 table lookups for FP4 (TableDecode.h), which give each 32
// elements' even ones, then their odd ones (the "lookup order").
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_BLOCKDECODERS_H
#define MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_BLOCKDECODERS_H

#include "Buffers.h"

#include "microscale/Conversion/MicroscaleToCPU/KernelSelection.h"

namespace mlir::microscale::cpu {

/// Decodes the blocks of one block-scaled operand.
struct BlockDecoder {
  QuantizedBuffers storage;
  BlockDecode strategy = BlockDecode::Arithmetic;

  SchemeAttr getScheme() const { return storage.getScheme(); }
  int64_t getBlockSize() const { return storage.getBlockSize(); }
  bool usesTables() const { return strategy == BlockDecode::TableLookup; }

  /// One block dequantized to f32 (Numerics §2.6, §3.5): vector<block x f32>.
  Value dequantizeBlock(OpBuilder &b, Location loc, Value row,
                        Value block) const;
  /// For E8M0 scales: one block's element values before scaling
  /// (vector<block x f32>) and its scale (f32), whose product is
  /// dequantizeBlock's result, for a caller that scales a block's partial
  /// dot product once instead of every element.
  std::pair<Value, Value> decodeBlockUnscaled(OpBuilder &b, Location loc,
                                              Value row, Value block) const;

  /// With table lookups: one block dequantized to f32 in lookup order, 16
  /// values per vector. Blocks of 32 or more come as each 32 elements' even
  /// ones then odd ones (the low and high nibbles, no interleave needed);
  /// blocks of 16 in element order. `withGlobal` false leaves the global
  /// scale out, for a caller that applies it once to a whole dot product.
  SmallVector<Value> dequantizeBlockInLookupOrder(OpBuilder &b, Location loc,
                                                  Value row, Value block,
                                                  bool withGlobal = true) const;
  /// Whether lookup order differs from element order.
  bool isLookupOrderPermuted() const { return getBlockSize() % 32 == 0; }
  /// The unit matmul decodes at once with table lookups: a block, or a
  /// pair of blocks of 16 (one 16-byte load, two tables).
  int64_t getLookupUnit() const {
    return std::max<int64_t>(getBlockSize(), 32);
  }
  /// With table lookups: unit `unit` dequantized in lookup order, each 32
  /// elements' even ones then odd ones, 16 values per vector.
  SmallVector<Value> dequantizeUnitInLookupOrder(OpBuilder &b, Location loc,
                                                 Value row, Value unit,
                                                 bool withGlobal) const;
  /// Unit `unit` (getLookupUnit() elements) dequantized as each 32
  /// elements' even ones, then their odd ones, 16 values per vector: the
  /// lookup order, by table lookups or by decoding whole blocks and
  /// deinterleaving them. `withGlobal` false (table lookups only) leaves
  /// the global scale out.
  SmallVector<Value> dequantizeUnitAsHalves(OpBuilder &b, Location loc,
                                            Value row, Value unit,
                                            bool withGlobal) const;

private:
  /// The E2M1 table times the f32 block `scale` (and the global).
  Value buildTable(OpBuilder &b, Location loc, Value scale,
                   bool withGlobal) const;
};

/// The decoder of a block-scaled operand's storage, by the strategy
/// selectBlockDecode gives its type on `target`.
BlockDecoder getBlockDecoder(OpBuilder &b, Location loc, Value tensor,
                             const CPUTarget &target);

/// Whether any of the E4M3 `codes` (vector of i8) is a zero, a subnormal or
/// NaN (i1): the codes e4m3NormalsToF32 does not take.
Value anyE4M3Special(OpBuilder &b, Location loc, Value codes);
/// E4M3 normal numbers as f32: each i32 lane of `fields` holds a code's
/// sign at bit 31 and its other 7 bits at bits 26..20 (the rest ignored).
/// Integer arithmetic only, which leaves the FMA and permute pipes to the
/// dot products.
Value e4m3NormalsToF32(OpBuilder &b, Location loc, Value fields);

/// Each 32 of `values` (a vector of a multiple of 32) as its even
/// elements, then its odd ones: 16 values per vector (the lookup order).
SmallVector<Value> splitEvenOdd(OpBuilder &b, Location loc, Value values);

} // namespace mlir::microscale::cpu

#endif // MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_BLOCKDECODERS_H
