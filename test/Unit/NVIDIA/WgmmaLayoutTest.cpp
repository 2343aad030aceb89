//===- WgmmaLayoutTest.cpp - wgmma descriptors and fragments --------------===//
//
// Expected words are summed by hand from the fields of the PTX ISA's wgmma
// matrix descriptor table (shown per case); positions from its swizzle and
// accumulator fragment figures.
//
//===----------------------------------------------------------------------===//

#include "microscale/Target/NVIDIA/WgmmaLayout.h"

#include <gtest/gtest.h>

#include <set>
#include <utility>

using namespace microscale::nvidia;

namespace {
uint64_t encodeOrFail(const WgmmaSmemMatrix &matrix) {
  uint64_t descriptor = 0;
  Status status = encodeWgmmaSmemDescriptor(matrix, descriptor);
  EXPECT_TRUE(status.ok()) << status.message();
  return descriptor;
}

std::string errorOf(const WgmmaSmemMatrix &matrix) {
  uint64_t descriptor = 0;
  Status status = encodeWgmmaSmemDescriptor(matrix, descriptor);
  EXPECT_FALSE(status.ok());
  return status.message();
}
} // namespace

TEST(WgmmaDescriptorTest, Swizzle128BKMajorTile) {
  // start 0x400 >> 4 = 0x40; LBO 16 >> 4 = 1 -> 0x1'0000;
  // SBO 1024 >> 4 = 0x40 -> 0x40'0000'0000; swizzle 1 << 62.
  uint64_t d = 0;
  ASSERT_TRUE(encodeWgmmaKMajorSwizzle128B(0x400, 0, d).ok());
  EXPECT_EQ(d, 0x4000004000010040ull);
}

TEST(WgmmaDescriptorTest, Swizzle128BFourthKStep) {
  // The K slice at byte 96 of tile 0x8000: start 0x8060 >> 4 = 0x806.
  uint64_t d = 0;
  ASSERT_TRUE(encodeWgmmaKMajorSwizzle128B(0x8000, 96, d).ok());
  EXPECT_EQ(d, 0x4000004000010806ull);
}

TEST(WgmmaDescriptorTest, NoSwizzleCoreMatrices) {
  // Core matrices 128 bytes apart along K, 256 along M: start 0x100 >> 4 =
  // 0x10; LBO 128 >> 4 = 8 -> 0x8'0000; SBO 256 >> 4 = 0x10 -> 0x10'0000'0000.
  WgmmaSmemMatrix m;
  m.startAddress = 0x100;
  m.leadingByteOffset = 128;
  m.strideByteOffset = 256;
  EXPECT_EQ(encodeOrFail(m), 0x0000001000080010ull);
}

TEST(WgmmaDescriptorTest, BaseOffsetAndOtherSwizzles) {
  // base offset 5 << 49 = 0xA'0000'0000'0000; 32B swizzle 3 << 62.
  WgmmaSmemMatrix m;
  m.baseOffset = 5;
  m.swizzle = WgmmaSwizzle::Swizzle32B;
  EXPECT_EQ(encodeOrFail(m), 0xC00A000000000000ull);
  m.baseOffset = 0;
  m.swizzle = WgmmaSwizzle::Swizzle64B;
  EXPECT_EQ(encodeOrFail(m), 0x8000000000000000ull);
}

TEST(WgmmaDescriptorTest, RejectsWhatTheFieldsCannotHold) {
  WgmmaSmemMatrix m;
  m.startAddress = 0x408;
  EXPECT_NE(errorOf(m).find("start address 1032 is not 16-byte aligned"),
            std::string::npos);
  m.startAddress = 1u << 18;
  EXPECT_NE(errorOf(m).find("does not fit the descriptor's 18 address bits"),
            std::string::npos);
  m.startAddress = 0;
  m.baseOffset = 8;
  EXPECT_NE(errorOf(m).find("base offset 8"), std::string::npos);
  m.baseOffset = 0;
  m.swizzle = static_cast<WgmmaSwizzle>(4);
  EXPECT_NE(errorOf(m).find("swizzle mode 4"), std::string::npos);

  uint64_t d = 0;
  Status s = encodeWgmmaKMajorSwizzle128B(0x410, 0, d);
  EXPECT_NE(s.message().find("not 1024-byte aligned"), std::string::npos);
  s = encodeWgmmaKMajorSwizzle128B(0x400, 48, d);
  EXPECT_NE(s.message().find("not a multiple of 32 below 128"),
            std::string::npos);
  s = encodeWgmmaKMajorSwizzle128B(0x400, 128, d);
  EXPECT_FALSE(s.ok());
}

TEST(WgmmaSwizzleTest, Swizzle128BPositions) {
  // Chunk c of row r at chunk c ^ (r % 8) of that row.
  EXPECT_EQ(swizzle128BOffset(0, 0), 0u);
  EXPECT_EQ(swizzle128BOffset(0, 17), 17u);              // chunk 1 stays 1
  EXPECT_EQ(swizzle128BOffset(1, 0), 128u + 16u);        // chunk 0 -> 1
  EXPECT_EQ(swizzle128BOffset(3, 37), 384u + 16 + 5);    // chunk 2 -> 1
  EXPECT_EQ(swizzle128BOffset(7, 112), 896u + 0);        // chunk 7 -> 0
  EXPECT_EQ(swizzle128BOffset(9, 127), 1152u + 96 + 15); // chunk 7 -> 6
}

TEST(WgmmaFragmentTest, AccumulatorElementsOfM64N128) {
  // Thread 0: rows 0 and 8, columns 0, 1, then 8, 9, ...
  EXPECT_EQ(wgmmaAccumulatorElement(0, 0).row, 0u);
  EXPECT_EQ(wgmmaAccumulatorElement(0, 1).col, 1u);
  EXPECT_EQ(wgmmaAccumulatorElement(0, 2).row, 8u);
  EXPECT_EQ(wgmmaAccumulatorElement(0, 3).col, 1u);
  EXPECT_EQ(wgmmaAccumulatorElement(0, 4).col, 8u);
  // Thread 5: lane 5 = 4 * 1 + 1: row 1, columns 2, 3.
  EXPECT_EQ(wgmmaAccumulatorElement(5, 0).row, 1u);
  EXPECT_EQ(wgmmaAccumulatorElement(5, 0).col, 2u);
  // Thread 37: warp 1, group 1, tig 1; register 63: row 16 + 1 + 8,
  // column 8 * 15 + 2 + 1.
  EXPECT_EQ(wgmmaAccumulatorElement(37, 63).row, 25u);
  EXPECT_EQ(wgmmaAccumulatorElement(37, 63).col, 123u);
  // Thread 127: warp 3, group 7, tig 3; register 2: row 48 + 7 + 8.
  EXPECT_EQ(wgmmaAccumulatorElement(127, 2).row, 63u);
  EXPECT_EQ(wgmmaAccumulatorElement(127, 2).col, 6u);

  // The 128 threads' 64 registers cover the 64 x 128 tile once each.
  std::set<std::pair<uint32_t, uint32_t>> seen;
  for (uint32_t t = 0; t < 128; ++t)
    for (uint32_t r = 0; r < 64; ++r) {
      WgmmaElement e = wgmmaAccumulatorElement(t, r);
      EXPECT_LT(e.row, 64u);
      EXPECT_LT(e.col, 128u);
      seen.insert({e.row, e.col});
    }
  EXPECT_EQ(seen.size(), 64u * 128u);
}
