//===- ScaleLayout.cpp - row_major <-> swizzled scale layouts -------------===//

#include "microscale/Formats/ScaleLayout.h"

#include <cstring>

using namespace microscale::formats;

size_t microscale::formats::swizzledBytes(int64_t rows, int64_t cols) {
  if (rows <= 0 || cols <= 0)
    return 0;
  return static_cast<size_t>(swizzledPaddedRows(rows) *
                             swizzledPaddedCols(cols));
}

void microscale::formats::swizzleScales(const uint8_t *rowMajor, int64_t rows,
                                        int64_t cols, uint8_t *swizzled) {
  size_t bytes = swizzledBytes(rows, cols);
  if (bytes == 0)
    return;
  std::memset(swizzled, 0, bytes);
  int64_t paddedCols = swizzledPaddedCols(cols);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      swizzled[swizzledScaleOffset(r, c, paddedCols)] = rowMajor[r * cols + c];
}

void microscale::formats::unswizzleScales(const uint8_t *swizzled, int64_t rows,
                                          int64_t cols, uint8_t *rowMajor) {
  if (swizzledBytes(rows, cols) == 0)
    return;
  int64_t paddedCols = swizzledPaddedCols(cols);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      rowMajor[r * cols + c] = swizzled[swizzledScaleOffset(r, c, paddedCols)];
}
