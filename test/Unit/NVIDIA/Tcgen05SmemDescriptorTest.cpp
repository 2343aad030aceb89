//===- Tcgen05SmemDescriptorTest.cpp - shared memory descriptor -----------===//
//
// Expected words are summed by hand from Table 40's fields (shown per case).
//
//===----------------------------------------------------------------------===//

#include "microscale/Target/NVIDIA/Tcgen05SmemDescriptor.h"

#include <gtest/gtest.h>

using namespace microscale::nvidia;

namespace {
uint64_t encodeOrFail(const Tcgen05SmemMatrix &matrix) {
  uint64_t descriptor = 0;
  Status status = encodeTcgen05SmemDescriptor(matrix, descriptor);
  EXPECT_TRUE(status.ok()) << status.message();
  return descriptor;
}

std::string errorOf(const Tcgen05SmemMatrix &matrix) {
  uint64_t descriptor = 0;
  Status status = encodeTcgen05SmemDescriptor(matrix, descriptor);
  EXPECT_FALSE(status.ok());
  return status.message();
}
} // namespace

TEST(Tcgen05SmemDescriptorTest, Swizzle128BKMajor) {
  // start 0x400 >> 4 = 0x40; LBO 16 >> 4 = 1 -> 0x10000;
  // SBO 1024 >> 4 = 64 -> 0x40'0000'0000; version 1<<46 = 0x4000'0000'0000;
  // swizzle 2<<61 = 0x4000'0000'0000'0000.
  Tcgen05SmemMatrix m;
  m.startAddress = 0x400;
  m.leadingByteOffset = 16;
  m.strideByteOffset = 1024;
  m.swizzle = Tcgen05Swizzle::Swizzle128B;
  EXPECT_EQ(encodeOrFail(m), 0x4000404000010040ull);
}

TEST(Tcgen05SmemDescriptorTest, NoSwizzleInterleaved) {
  // 0x1230 >> 4 = 0x123; LBO 128 -> 8 << 16 = 0x80000;
  // SBO 256 -> 16 << 32 = 0x10'0000'0000; version 0x4000'0000'0000.
  Tcgen05SmemMatrix m;
  m.startAddress = 0x1230;
  m.leadingByteOffset = 128;
  m.strideByteOffset = 256;
  EXPECT_EQ(encodeOrFail(m), 0x0000401000080123ull);
}

TEST(Tcgen05SmemDescriptorTest, AllHighFields) {
  // 0x3FFF0 >> 4 = 0x3FFF; base offset 5<<49 = 0xA'0000'0000'0000;
  // absolute LBO 1<<52 = 0x10'0000'0000'0000; version 0x4000'0000'0000;
  // 32B swizzle 6<<61 = 0xC000'0000'0000'0000.
  Tcgen05SmemMatrix m;
  m.startAddress = 0x3FFF0;
  m.swizzle = Tcgen05Swizzle::Swizzle32B;
  m.baseOffset = 5;
  m.leadingIsAbsolute = true;
  EXPECT_EQ(encodeOrFail(m), 0xC01A400000003FFFull);
}

TEST(Tcgen05SmemDescriptorTest, SwizzleCodes) {
  const std::pair<Tcgen05Swizzle, uint64_t> codes[] = {
      {Tcgen05Swizzle::None, 0},
      {Tcgen05Swizzle::Swizzle128BAtom32B, 1},
      {Tcgen05Swizzle::Swizzle128B, 2},
      {Tcgen05Swizzle::Swizzle64B, 4},
      {Tcgen05Swizzle::Swizzle32B, 6}};
  for (auto [swizzle, code] : codes) {
    Tcgen05SmemMatrix m;
    m.swizzle = swizzle;
    EXPECT_EQ(encodeOrFail(m) >> 61, code);
  }
}

TEST(Tcgen05SmemDescriptorTest, BaseOffsetOfMisalignedPatterns) {
  // Table 41: on the boundary 0, else (address >> 7) & 7.
  EXPECT_EQ(tcgen05SwizzleBaseOffset(Tcgen05Swizzle::Swizzle128B, 0x1000), 0u);
  EXPECT_EQ(tcgen05SwizzleBaseOffset(Tcgen05Swizzle::Swizzle128B, 0x1180), 3u);
  EXPECT_EQ(tcgen05SwizzleBaseOffset(Tcgen05Swizzle::Swizzle64B, 0x600), 0u);
  EXPECT_EQ(tcgen05SwizzleBaseOffset(Tcgen05Swizzle::Swizzle64B, 0x680), 5u);
  EXPECT_EQ(tcgen05SwizzleBaseOffset(Tcgen05Swizzle::Swizzle32B, 0x380), 7u);
  EXPECT_EQ(tcgen05SwizzleBaseOffset(Tcgen05Swizzle::None, 0x180), 0u);
}

TEST(Tcgen05SmemDescriptorTest, RejectsBadFields) {
  Tcgen05SmemMatrix m;
  m.startAddress = 0x408;
  EXPECT_NE(errorOf(m).find("16-byte aligned"), std::string::npos);
  m = {};
  m.strideByteOffset = 0x40000;
  EXPECT_NE(errorOf(m).find("18 address bits"), std::string::npos);
  m = {};
  m.swizzle = static_cast<Tcgen05Swizzle>(3);
  EXPECT_NE(errorOf(m).find("swizzle mode 3"), std::string::npos);
  m = {};
  m.baseOffset = 8;
  EXPECT_NE(errorOf(m).find("base offset 8"), std::string::npos);
}
