//===- IntegerImages.h - block-scaled elements as exact int8 ----*- C++ -*-===//
//
// E2M1, E2M3 and INT8 elements are small integers times a fixed power of
// two (Numerics §1): 2·E2M1 ∈ [-12, 12], 8·E2M3 ∈ [-60, 60], INT8 codes are
// the integers of value · 2^6. Their "integer images" are exact int8, so a
// block's dot product is an exact int32 sum that the block scales (and the
// fixed factors) multiply once (Numerics §4).
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_INTEGERIMAGES_H
#define MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_INTEGERIMAGES_H

#include "Buffers.h"

#include <optional>

namespace mlir::microscale::cpu {

/// Elements a chunk of integer images covers: one 64-byte vector.
constexpr int64_t kImageChunk = 64;

/// log2 of the factor that makes every value of `element` an integer
/// within int8, or nullopt where there is none.
std::optional<int64_t> integerImageShift(Type element);

/// The integer images of elements [first, first + count) of `row`:
/// vector<64xi8> in element order, zero past `count`. `first` is a multiple
/// of 64 and `count` (<= 64) of the block size, which divides 64. E2M1
/// codes are decoded by one byte table lookup per 64.
Value loadIntegerImages(OpBuilder &b, Location loc,
                        const QuantizedBuffers &buffers, Value row, Value first,
                        int64_t count);

/// Rows of B that loadE2M1Groups rearranges at once: one int32 lane each.
constexpr int64_t kGroupRows = 16;

/// E2M1 rows `rows` (kGroupRows of them) over values [first, first + count)
/// of K in `vpdpbusd` order: one vector<64xi8> per group of 4 values of K
/// (16, of which count / 4 hold values), with each row's 4 images plus
/// `bias` in its 32-bit lane, in element order. The rows' storage bytes are
/// transposed before they are decoded, half the bytes the images take,
/// then one table lookup decodes 64 images.
SmallVector<Value> loadE2M1Groups(OpBuilder &b, Location loc,
                                  const QuantizedBuffers &buffers,
                                  ArrayRef<Value> rows, Value first,
                                  int64_t count, int64_t bias);

} // namespace mlir::microscale::cpu

#endif // MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_INTEGERIMAGES_H
