//===- Tcgen05ScaleTileTest.cpp - 128x4 scale tiles into Tensor Memory ----===//

#include "microscale/Target/NVIDIA/Tcgen05ScaleTile.h"

#include "microscale/Formats/ScaleLayout.h"

#include <gtest/gtest.h>

using namespace microscale::nvidia;

TEST(Tcgen05ScaleTileTest, CopyWarpx4PlacesSixteenByteRowsInLanes) {
  EXPECT_EQ(tcgen05CopyWarpx4Destination(0), (TmemScaleByte{0, 0, 0}));
  EXPECT_EQ(tcgen05CopyWarpx4Destination(15), (TmemScaleByte{0, 3, 3}));
  EXPECT_EQ(tcgen05CopyWarpx4Destination(16), (TmemScaleByte{1, 0, 0}));
  EXPECT_EQ(tcgen05CopyWarpx4Destination(86), (TmemScaleByte{5, 1, 2}));
  EXPECT_EQ(tcgen05CopyWarpx4Destination(511), (TmemScaleByte{31, 3, 3}));
}

TEST(Tcgen05ScaleTileTest, MmaReadsRowModulo32ColumnRowDiv32) {
  EXPECT_EQ(tcgen05MmaScaleSource(0, 0, 0), (TmemScaleByte{0, 0, 0}));
  EXPECT_EQ(tcgen05MmaScaleSource(37, 0, 2), (TmemScaleByte{5, 1, 2}));
  EXPECT_EQ(tcgen05MmaScaleSource(37, 1, 2), (TmemScaleByte{5, 1, 3}));
  EXPECT_EQ(tcgen05MmaScaleSource(127, 3, 0), (TmemScaleByte{31, 3, 3}));
}

// S[37][2] in a 128x4 tile: (37 % 32) * 16 + (37 / 32) * 4 + 2 = 86
// (Numerics §5), which the copy puts at lane 5, column 1, byte 2: where the
// MMA reads row 37, K-chunk 2.
TEST(Tcgen05ScaleTileTest, SwizzledTileCopiedIsWhatTheMmaReads) {
  EXPECT_EQ(microscale::formats::swizzledScaleOffset(37, 2, 4), 86);
  for (int r = 0; r < kScaleTileRows; ++r)
    for (int c = 0; c < kScaleTileCols; ++c) {
      int64_t offset = microscale::formats::swizzledScaleOffset(r, c, 4);
      ASSERT_LT(offset, kScaleTileBytes);
      EXPECT_EQ(tcgen05CopyWarpx4Destination(static_cast<int>(offset)),
                tcgen05MmaScaleSource(r, c, 0))
          << "S[" << r << "][" << c << "]";
    }
}

TEST(Tcgen05ScaleTileTest, TileOffsets) {
  // 12 padded columns: 3 tiles per 128-row band, 512 bytes each.
  EXPECT_EQ(scaleTileOffset(0, 0, 12), 0);
  EXPECT_EQ(scaleTileOffset(0, 2, 12), 1024);
  EXPECT_EQ(scaleTileOffset(1, 2, 12), 2560);
}

TEST(Tcgen05ScaleTileTest, CopySourceDescriptor) {
  // 0x2000 >> 4 = 0x200; LBO 128 -> 8 << 16 = 0x80000;
  // SBO 128 -> 8 << 32 = 0x8'0000'0000; version 1 << 46; no swizzle.
  uint64_t descriptor = 0;
  ASSERT_TRUE(
      encodeTcgen05SmemDescriptor(scaleTileCopySource(0x2000), descriptor)
          .ok());
  EXPECT_EQ(descriptor, 0x0000400800080200ull);
}

TEST(Tcgen05ScaleTileTest, ScaleIdsPerKStep) {
  // kind::mxf8f6f4: four MMAs per tile with IDs 0, 1, 2, 3.
  EXPECT_EQ(tcgen05KStepsPerScaleTile(1), 4);
  EXPECT_EQ(tcgen05ScaleIdForKStep(1, 3), 3);
  // mxf4 kinds, block32: two MMAs, IDs 0 and 2.
  EXPECT_EQ(tcgen05KStepsPerScaleTile(2), 2);
  EXPECT_EQ(tcgen05ScaleIdForKStep(2, 1), 2);
  // mxf4nvf4, block16: one MMA, ID 0.
  EXPECT_EQ(tcgen05KStepsPerScaleTile(4), 1);
  EXPECT_EQ(tcgen05ScaleIdForKStep(4, 0), 0);
}

// MatmulTcgen05.cpp stages two MMAs per step and writes the scale of row r
// and chunk q of the step (MMA q / chunks, its chunk q % chunks) at byte
// 512 * (q / 4) + (r % 32) * 16 + (r / 32) * 4 + q % 4 of the step's tiles;
// MMA j reads tile j / tcgen05KStepsPerScaleTile(chunks) with scale ID
// tcgen05ScaleIdForKStep(chunks, j % steps). Through tcgen05.cp that byte
// must be the one the MMA reads for (r, chunk), for every kind.
TEST(Tcgen05ScaleTileTest, KernelStagingIsWhatEachMmaReads) {
  for (int chunks : {1, 2, 4}) {
    int steps = tcgen05KStepsPerScaleTile(chunks);
    for (int j = 0; j < 2; ++j)
      for (int c = 0; c < chunks; ++c)
        for (int r = 0; r < kScaleTileRows; ++r) {
          int q = j * chunks + c;
          int tile = q / 4;
          int offset = (r % 32) * 16 + (r / 32) * 4 + q % 4;
          EXPECT_EQ(tile, j / steps);
          EXPECT_EQ(tcgen05CopyWarpx4Destination(offset),
                    tcgen05MmaScaleSource(
                        r, c, tcgen05ScaleIdForKStep(chunks, j % steps)))
              << "chunks " << chunks << " mma " << j << " chunk " << c
              << " row " << r;
        }
  }
}
