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

// S[37][2] in a 128x4 tile: (37 % 32) * 16 + (37 / 32) * 4 + 2 = 86 (SPEC 5),
// which the copy puts at lane 5, column 1, byte 2: where the MMA reads row 37,
// K-chunk 2.
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
