//===- Tcgen05ScaleTile.cpp - 128x4 scale tiles into Tensor Memory --------===//

#include "microscale/Target/NVIDIA/Tcgen05ScaleTile.h"

#include "microscale/Formats/ScaleLayout.h"

#include <cassert>

namespace microscale::nvidia {

TmemScaleByte tcgen05CopyWarpx4Destination(int offset) {
  assert(offset >= 0 && offset < kScaleTileBytes);
  // 32 source rows of 16 bytes; a row lands in one lane, 4 bytes a column.
  return {offset / 16, (offset % 16) / 4, offset % 4};
}

TmemScaleByte tcgen05MmaScaleSource(int row, int chunk, int scaleId) {
  assert(row >= 0 && row < kScaleTileRows && chunk >= 0 && scaleId >= 0 &&
         scaleId + chunk < 4);
  return {row % 32, row / 32, scaleId + chunk};
}

int64_t scaleTileOffset(int64_t rowTile, int64_t colTile, int64_t paddedCols) {
  assert(paddedCols % kScaleTileCols == 0);
  // The first byte of the tile: S[128 * rowTile][4 * colTile].
  return formats::swizzledScaleOffset(rowTile * kScaleTileRows,
                                      colTile * kScaleTileCols, paddedCols);
}

} // namespace microscale::nvidia

namespace microscale::nvidia {

Tcgen05SmemMatrix scaleTileCopySource(uint32_t smemAddress) {
  Tcgen05SmemMatrix matrix;
  matrix.startAddress = smemAddress;
  matrix.leadingByteOffset = 128;
  matrix.strideByteOffset = 128;
  matrix.swizzle = Tcgen05Swizzle::None;
  return matrix;
}

int tcgen05KStepsPerScaleTile(int chunksPerMma) {
  assert(chunksPerMma == 1 || chunksPerMma == 2 || chunksPerMma == 4);
  return kScaleTileCols / chunksPerMma;
}

int tcgen05ScaleIdForKStep(int chunksPerMma, int kStep) {
  assert(kStep >= 0 && kStep < tcgen05KStepsPerScaleTile(chunksPerMma));
  return kStep * chunksPerMma;
}

} // namespace microscale::nvidia
