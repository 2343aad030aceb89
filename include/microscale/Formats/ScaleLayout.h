//===- ScaleLayout.h - row_major and swizzled scale layouts -----*- C++ -*-===//
//
// Block scales are one byte per block. `row_major` is [rows, cols]. The
// swizzled "128x4" layout of cuBLAS and Blackwell's block-scaled MMA pads
// rows to a multiple of 128 and columns to a multiple of 4 (padding bytes are
// zero) and stores S[r][c] at
//   ((r / 128) * (C4 / 4) + c / 4) * 512 + (r % 32) * 16
//     + ((r % 128) / 32) * 4 + (c % 4)
// with C4 the padded column count (Numerics §5).
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_FORMATS_SCALELAYOUT_H
#define MICROSCALE_FORMATS_SCALELAYOUT_H

#include <cstddef>
#include <cstdint>

namespace microscale::formats {

inline int64_t swizzledPaddedRows(int64_t rows) { return (rows + 127) / 128 * 128; }
inline int64_t swizzledPaddedCols(int64_t cols) { return (cols + 3) / 4 * 4; }

/// Byte offset of S[r][c] in the swizzled layout with paddedCols columns.
inline int64_t swizzledScaleOffset(int64_t r, int64_t c, int64_t paddedCols) {
  return ((r / 128) * (paddedCols / 4) + c / 4) * 512 + (r % 32) * 16 +
         ((r % 128) / 32) * 4 + (c % 4);
}

/// Size of the swizzled layout of a [rows, cols] scale array, padding included.
size_t swizzledBytes(int64_t rows, int64_t cols);

/// Writes all swizzledBytes(rows, cols) bytes, padding zeroed.
void swizzleScales(const uint8_t *rowMajor, int64_t rows, int64_t cols,
                   uint8_t *swizzled);
void unswizzleScales(const uint8_t *swizzled, int64_t rows, int64_t cols,
                     uint8_t *rowMajor);

} // namespace microscale::formats

#endif // MICROSCALE_FORMATS_SCALELAYOUT_H
