//===- ScaleLayoutTest.cpp - row_major <-> swizzled "128x4" scales --------===//
//
// The expected swizzled layout is re-derived from its structure rather than
// from the numerics reference's offset formula: the scales are cut into 128 x 4
// tiles, tiles are stored one after the other (tile rows outermost), and a tile
// is 32 lines of 16 bytes where line i holds rows i, i + 32, i + 64, i + 96 of
// the tile, four columns each. Emitting bytes in that order gives the layout.
//
//===----------------------------------------------------------------------===//

#include "microscale/Formats/ScaleLayout.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

using namespace microscale::formats;

namespace {

constexpr uint8_t kCanary = 0xAB;

struct Slot {
  int64_t r = -1, c = -1; // -1: a padding byte
};

/// The swizzled byte sequence as (row, col) slots, built by walking the tiles.
std::vector<Slot> tileWalk(int64_t rows, int64_t cols) {
  std::vector<Slot> slots;
  for (int64_t tileRow = 0; tileRow * 128 < rows; ++tileRow)
    for (int64_t tileCol = 0; tileCol * 4 < cols; ++tileCol)
      for (int64_t line = 0; line < 32; ++line)
        for (int64_t group = 0; group < 4; ++group)
          for (int64_t col = 0; col < 4; ++col) {
            int64_t r = tileRow * 128 + group * 32 + line;
            int64_t c = tileCol * 4 + col;
            slots.push_back(r < rows && c < cols ? Slot{r, c} : Slot{});
          }
  return slots;
}

std::vector<uint8_t> randomScales(int64_t rows, int64_t cols, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> scales(static_cast<size_t>(rows * cols));
  for (uint8_t &s : scales)
    s = static_cast<uint8_t>(1 + rng() % 255); // never 0, so padding shows
  return scales;
}

const std::vector<int64_t> kRows = {1, 33, 127, 128, 130, 257};
const std::vector<int64_t> kCols = {1, 3, 4, 5, 7, 8};

std::string shapeName(int64_t rows, int64_t cols) {
  return std::to_string(rows) + " x " + std::to_string(cols);
}

TEST(ScaleLayout, PaddedSizes) {
  EXPECT_EQ(swizzledPaddedRows(1), 128);
  EXPECT_EQ(swizzledPaddedRows(128), 128);
  EXPECT_EQ(swizzledPaddedRows(129), 256);
  EXPECT_EQ(swizzledPaddedCols(1), 4);
  EXPECT_EQ(swizzledPaddedCols(4), 4);
  EXPECT_EQ(swizzledPaddedCols(5), 8);
  EXPECT_EQ(swizzledBytes(1, 1), 512u);
  EXPECT_EQ(swizzledBytes(130, 5), 256u * 8u);
  EXPECT_EQ(swizzledBytes(0, 5), 0u);
  EXPECT_EQ(swizzledBytes(5, 0), 0u);
  for (int64_t rows : kRows)
    for (int64_t cols : kCols)
      EXPECT_EQ(swizzledBytes(rows, cols), tileWalk(rows, cols).size())
          << shapeName(rows, cols);
}

// A few offsets worked out by hand from the numerics reference's formula.
TEST(ScaleLayout, HandDerivedOffsets) {
  EXPECT_EQ(swizzledScaleOffset(0, 0, 4), 0);
  EXPECT_EQ(swizzledScaleOffset(0, 3, 4), 3);
  EXPECT_EQ(swizzledScaleOffset(1, 0, 4), 16);
  EXPECT_EQ(swizzledScaleOffset(31, 0, 4), 496);
  EXPECT_EQ(swizzledScaleOffset(32, 0, 4), 4);
  EXPECT_EQ(swizzledScaleOffset(97, 2, 4), 16 + 12 + 2);
  EXPECT_EQ(swizzledScaleOffset(127, 3, 4), 511);
  EXPECT_EQ(swizzledScaleOffset(0, 4, 8), 512);
  EXPECT_EQ(swizzledScaleOffset(128, 0, 8), 1024);
  EXPECT_EQ(swizzledScaleOffset(129, 5, 8), 1024 + 512 + 16 + 1);
}

TEST(ScaleLayout, OffsetFormulaMatchesTheTileWalk) {
  for (int64_t rows : kRows) {
    for (int64_t cols : kCols) {
      SCOPED_TRACE(shapeName(rows, cols));
      std::vector<Slot> slots = tileWalk(rows, cols);
      int64_t paddedCols = swizzledPaddedCols(cols);
      std::vector<int64_t> seen(static_cast<size_t>(rows * cols), 0);
      for (size_t offset = 0; offset < slots.size(); ++offset) {
        const Slot &slot = slots[offset];
        if (slot.r < 0)
          continue;
        ASSERT_EQ(swizzledScaleOffset(slot.r, slot.c, paddedCols),
                  static_cast<int64_t>(offset))
            << "S[" << slot.r << "][" << slot.c << "]";
        ++seen[static_cast<size_t>(slot.r * cols + slot.c)];
      }
      for (int64_t count : seen)
        ASSERT_EQ(count, 1); // every scale exactly once
    }
  }
}

TEST(ScaleLayout, SwizzleWritesTheTileWalkWithZeroPadding) {
  for (int64_t rows : kRows) {
    for (int64_t cols : kCols) {
      SCOPED_TRACE(shapeName(rows, cols));
      std::vector<uint8_t> scales =
          randomScales(rows, cols, static_cast<unsigned>(rows * 16 + cols));
      std::vector<Slot> slots = tileWalk(rows, cols);
      // A canary past the end, and canaries everywhere padding must clear.
      std::vector<uint8_t> swizzled(slots.size() + 16, kCanary);
      swizzleScales(scales.data(), rows, cols, swizzled.data());
      size_t padding = 0;
      for (size_t offset = 0; offset < slots.size(); ++offset) {
        const Slot &slot = slots[offset];
        uint8_t expected =
            slot.r < 0 ? 0 : scales[static_cast<size_t>(slot.r * cols + slot.c)];
        padding += slot.r < 0;
        ASSERT_EQ(swizzled[offset], expected)
            << "offset " << offset
            << (slot.r < 0 ? " (padding)" : "");
      }
      EXPECT_EQ(padding, slots.size() - static_cast<size_t>(rows * cols));
      for (size_t i = slots.size(); i < swizzled.size(); ++i)
        ASSERT_EQ(swizzled[i], kCanary) << "wrote past the layout";
    }
  }
}

TEST(ScaleLayout, RoundTripsOnOddShapes) {
  for (int64_t rows : kRows) {
    for (int64_t cols : kCols) {
      SCOPED_TRACE(shapeName(rows, cols));
      std::vector<uint8_t> scales =
          randomScales(rows, cols, static_cast<unsigned>(rows * 7 + cols * 3));
      std::vector<uint8_t> swizzled(swizzledBytes(rows, cols), kCanary);
      swizzleScales(scales.data(), rows, cols, swizzled.data());
      std::vector<uint8_t> back(scales.size() + 8, kCanary);
      unswizzleScales(swizzled.data(), rows, cols, back.data());
      EXPECT_TRUE(std::equal(scales.begin(), scales.end(), back.begin()));
      for (size_t i = scales.size(); i < back.size(); ++i)
        ASSERT_EQ(back[i], kCanary) << "unswizzle wrote past rows * cols";
    }
  }
}

TEST(ScaleLayout, UnswizzleIgnoresPaddingBytes) {
  // Whatever sits in the padding (a producer that does not clear it), the
  // row-major scales read back the same.
  const int64_t rows = 130, cols = 3;
  std::vector<uint8_t> scales = randomScales(rows, cols, 5);
  std::vector<uint8_t> swizzled(swizzledBytes(rows, cols));
  swizzleScales(scales.data(), rows, cols, swizzled.data());
  std::vector<Slot> slots = tileWalk(rows, cols);
  for (size_t offset = 0; offset < slots.size(); ++offset)
    if (slots[offset].r < 0)
      swizzled[offset] = 0xEE;
  std::vector<uint8_t> back(scales.size());
  unswizzleScales(swizzled.data(), rows, cols, back.data());
  EXPECT_EQ(back, scales);
}

} // namespace
