//===- Tcgen05ScaleTile.h - 128x4 scale tiles into Tensor Memory -*- C++ -*-=//
//
// Block-scaled tcgen05.mma reads its scale factors from Tensor Memory. The
// project stores scales in the swizzled "128x4" layout (Numerics §5; the layout
// of cuBLAS and CUTLASS): every 128-row x 4-column tile is one contiguous
// 512-byte block in which S[r][c] sits at
//   (r % 32) * 16 + (r / 32) * 4 + c.
// Read as 32 rows of 128 bits, a tile is exactly the source shape of
//   tcgen05.cp.cta_group::1.32x128b.warpx4 [taddr], sdesc;
// (PTX ISA, the tcgen05.cp instruction and its shapes: .32x128b.warpx4 copies
// 32 rows of 128 bits into each of the four 32-lane quarters of the warpgroup's
// Tensor Memory): source row i goes to lane i of every quarter, its bytes
// 4j..4j+3 to column taddr + j.
//
// The MMA side (PTX ISA 9.7.16.10.7 "Block Scaling"): the scales of row r of
// A (column r of B) are read from lane r % 32 of a quarter ("scale factors
// ... need to be duplicated to all 32 lane partitions of tensor memory"),
// column r / 32 of the scale address, and from byte SF_ID + chunk of that
// 32-bit column for K-chunk `chunk` of the MMA (SF_ID = the scale factor A/B
// ID of the instruction descriptor). So one tile feeds 4 chunks: one MMA of
// kind::mxf4nvf4 with block16 (4 chunks), two of an mxf4 kind with block32
// (IDs 0 and 2), four of kind::mxf8f6f4 (IDs 0..3).
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_TARGET_NVIDIA_TCGEN05SCALETILE_H
#define MICROSCALE_TARGET_NVIDIA_TCGEN05SCALETILE_H

#include "microscale/Target/NVIDIA/Tcgen05SmemDescriptor.h"

#include <cstdint>

namespace microscale::nvidia {

inline constexpr int kScaleTileRows = 128;
inline constexpr int kScaleTileCols = 4;
inline constexpr int kScaleTileBytes = 512;

/// A byte of Tensor Memory relative to a scale tile's address: lane
/// `laneInQuarter` of every 32-lane quarter (the copy writes all four),
/// 32-bit column `column` after the address, byte `byte` of that column.
struct TmemScaleByte {
  int laneInQuarter;
  int column;
  int byte;
  bool operator==(const TmemScaleByte &o) const {
    return laneInQuarter == o.laneInQuarter && column == o.column &&
           byte == o.byte;
  }
};

/// Where tcgen05.cp .32x128b.warpx4 puts byte `offset` (< 512) of its source.
TmemScaleByte tcgen05CopyWarpx4Destination(int offset);

/// Where a block-scaled tcgen05.mma reads the scale of row `row` (< 128) of
/// its M (or N) dimension for K-chunk `chunk`, given the SF ID of the
/// instruction descriptor; `scaleId + chunk` must stay below 4.
TmemScaleByte tcgen05MmaScaleSource(int row, int chunk, int scaleId);

/// The shared memory descriptor tcgen05.cp .32x128b.warpx4 takes for a tile
/// at `smemAddress`: the tile is the canonical K-major layout without
/// swizzle (PTX ISA, tcgen05 shared memory layouts: core matrices of 8 rows
/// x 16 bytes), one core matrix wide, so the stride byte offset between
/// 8-row groups is 128 and the leading byte offset (next core matrix along
/// K) is never used; it is set to 128 too.
Tcgen05SmemMatrix scaleTileCopySource(uint32_t smemAddress);

/// A tile holds 4 scales per row. An MMA consuming `chunksPerMma` of them
/// (1: kind::mxf8f6f4; 2: mxf4 kinds with block32; 4: mxf4nvf4 with block16)
/// uses the tile for 4 / chunksPerMma consecutive K-steps, step s with scale
/// factor ID s * chunksPerMma.
int tcgen05KStepsPerScaleTile(int chunksPerMma);
int tcgen05ScaleIdForKStep(int chunksPerMma, int kStep);

/// Byte offset, in a swizzled scale array with `paddedCols` columns (a
/// multiple of 4), of the 512-byte tile holding rows 128 * rowTile.. and
/// columns 4 * colTile..: the source address of one tcgen05.cp.
int64_t scaleTileOffset(int64_t rowTile, int64_t colTile, int64_t paddedCols);

} // namespace microscale::nvidia

#endif // MICROSCALE_TARGET_NVIDIA_TCGEN05SCALETILE_H
