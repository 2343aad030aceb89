//===- PackingTest.cpp - Storage packing of element codes (Numerics §5) ---===//
//
// Expected bytes are derived by hand from the text of Numerics §5 (FP4
// element 2i in bits [3:0], FP6 element j of a group at bits [6j, 6j+6) of a
// little-endian 24-bit word) or read back with the oracle's little-endian bit
// stream.
//
//===----------------------------------------------------------------------===//

#include "Oracle.h"

#include "microscale/Formats/Packing.h"

#include "gtest/gtest.h"

#include <random>
#include <string>
#include <vector>

using namespace microscale::formats;

namespace {

constexpr uint8_t kCanary = 0xA5;

std::vector<uint8_t> packOrFail(Format format, const std::vector<uint8_t> &codes) {
  std::vector<uint8_t> packed(packedBytes(format, codes.size()), kCanary);
  Status status = pack(format, codes.data(), packed.data(), codes.size());
  EXPECT_TRUE(status.ok()) << status.message();
  return packed;
}

std::vector<uint8_t> unpackOrFail(Format format, const std::vector<uint8_t> &packed,
                                  size_t n) {
  std::vector<uint8_t> codes(n, kCanary);
  Status status = unpack(format, packed.data(), codes.data(), n);
  EXPECT_TRUE(status.ok()) << status.message();
  return codes;
}

unsigned widthMask(Format format) {
  return (1u << oracle::specRow(format).bits) - 1;
}

//===----------------------------------------------------------------------===//
// Hand-derived bytes
//===----------------------------------------------------------------------===//

TEST(PackingFP4, ElementTwoIGoesToTheLowNibble) {
  // Pairs (x[2i], x[2i+1]) -> byte x[2i] | x[2i+1] << 4.
  std::vector<uint8_t> codes = {0x1, 0x2, 0x3, 0x4, 0xF, 0x8, 0x0, 0x7};
  std::vector<uint8_t> expected = {0x21, 0x43, 0x8F, 0x70};
  EXPECT_EQ(packOrFail(Format::E2M1, codes), expected);
  EXPECT_EQ(unpackOrFail(Format::E2M1, expected, codes.size()), codes);
}

TEST(PackingFP4, SpecValuesInPyTorchOrder) {
  // E2M1 codes of (1.0, -6.0) = (0x2, 0xF): the first element is the low
  // nibble, so the byte is 0xF2 (not 0x2F, NVIDIA's cvt operand order).
  std::vector<uint8_t> codes = {encode(Format::E2M1, 1.0f),
                                encode(Format::E2M1, -6.0f)};
  ASSERT_EQ(codes[0], 0x2);
  ASSERT_EQ(codes[1], 0xF);
  EXPECT_EQ(packOrFail(Format::E2M1, codes), std::vector<uint8_t>{0xF2});
}

TEST(PackingFP4, BitsAboveTheWidthAreDropped) {
  std::vector<uint8_t> codes = {0xF1, 0xA2};
  EXPECT_EQ(packOrFail(Format::E2M1, codes), std::vector<uint8_t>{0x21});
}

TEST(PackingFP4, UnpackSplitsNibbles) {
  std::vector<uint8_t> packed = {0xA5, 0x0F, 0xF0};
  std::vector<uint8_t> expected = {0x5, 0xA, 0xF, 0x0, 0x0, 0xF};
  EXPECT_EQ(unpackOrFail(Format::E2M1, packed, 6), expected);
}

class PackingFP6 : public ::testing::TestWithParam<Format> {};

TEST_P(PackingFP6, EachElementOfAGroupAtItsSixBits) {
  // One-hot groups: 0x3F at element j is 0x3F << 6j in the 24-bit word.
  const std::vector<uint8_t> expected[4] = {{0x3F, 0x00, 0x00},
                                            {0xC0, 0x0F, 0x00},
                                            {0x00, 0xF0, 0x03},
                                            {0x00, 0x00, 0xFC}};
  for (int j = 0; j < 4; ++j) {
    std::vector<uint8_t> codes(4, 0);
    codes[j] = 0x3F;
    EXPECT_EQ(packOrFail(GetParam(), codes), expected[j]) << "element " << j;
    EXPECT_EQ(unpackOrFail(GetParam(), expected[j], 4), codes) << "element " << j;
  }
}

TEST_P(PackingFP6, LittleEndianWordOfTwoGroups) {
  // Group 0: 1 | 2 << 6 | 3 << 12 | 4 << 18 = 0x103081 -> 81 30 10.
  // Group 1: 0x15 | 0x2A << 6 | 0x3F << 12 | 0x01 << 18 = 0x07FA95 -> 95 FA 07.
  std::vector<uint8_t> codes = {0x01, 0x02, 0x03, 0x04, 0x15, 0x2A, 0x3F, 0x01};
  std::vector<uint8_t> expected = {0x81, 0x30, 0x10, 0x95, 0xFA, 0x07};
  EXPECT_EQ(packOrFail(GetParam(), codes), expected);
  EXPECT_EQ(unpackOrFail(GetParam(), expected, codes.size()), codes);
}

TEST_P(PackingFP6, BitsAboveTheWidthAreDropped) {
  std::vector<uint8_t> codes = {0xC1, 0x40, 0xFF, 0x80};
  // Low six bits: 0x01, 0x00, 0x3F, 0x00 -> word 0x03F001.
  EXPECT_EQ(packOrFail(GetParam(), codes),
            (std::vector<uint8_t>{0x01, 0xF0, 0x03}));
}

INSTANTIATE_TEST_SUITE_P(SixBitFormats, PackingFP6,
                         ::testing::Values(Format::E2M3, Format::E3M2),
                         [](const ::testing::TestParamInfo<Format> &info) {
                           return oracle::name(info.param);
                         });

TEST(PackingSizes, PackedBytesFollowTheWidth) {
  EXPECT_EQ(packedBytes(Format::E2M1, 34), 17u);
  EXPECT_EQ(packedBytes(Format::E2M3, 20), 15u);
  EXPECT_EQ(packedBytes(Format::E3M2, 4), 3u);
  EXPECT_EQ(packedBytes(Format::E4M3, 7), 7u);
  EXPECT_EQ(packedBytes(Format::E5M2, 7), 7u);
  EXPECT_EQ(packedBytes(Format::Int8, 7), 7u);
  EXPECT_EQ(packedBytes(Format::E2M1, 0), 0u);
}

TEST(PackingSizes, CountsOffThePackingUnitAreErrors) {
  uint8_t codes[8] = {};
  uint8_t packed[8] = {};
  for (auto [format, n] : {std::pair{Format::E2M1, size_t{1}},
                           std::pair{Format::E2M1, size_t{7}},
                           std::pair{Format::E2M3, size_t{2}},
                           std::pair{Format::E3M2, size_t{6}}}) {
    SCOPED_TRACE(oracle::name(format) + " n = " + std::to_string(n));
    Status packStatus = pack(format, codes, packed, n);
    EXPECT_FALSE(packStatus.ok());
    EXPECT_NE(packStatus.message().find("multiple of"), std::string::npos)
        << packStatus.message();
    Status unpackStatus = unpack(format, packed, codes, n);
    EXPECT_FALSE(unpackStatus.ok());
    EXPECT_NE(unpackStatus.message().find("multiple of"), std::string::npos)
        << unpackStatus.message();
  }
  EXPECT_TRUE(pack(Format::E2M1, codes, packed, 0).ok());
  EXPECT_TRUE(pack(Format::E4M3, codes, packed, 3).ok());
}

//===----------------------------------------------------------------------===//
// Random round trips and the bit-stream definition
//===----------------------------------------------------------------------===//

class PackingRoundTrip : public ::testing::TestWithParam<Format> {};

// Sizes with an odd number of packing units, so the last unit is not part of
// any larger aligned word.
std::vector<size_t> oddSizes(Format format) {
  size_t unit = static_cast<size_t>(packingUnit(format));
  std::vector<size_t> sizes;
  for (size_t units : {1, 3, 5, 17, 33, 251})
    sizes.push_back(units * unit);
  return sizes;
}

TEST_P(PackingRoundTrip, RandomCodesMatchTheBitStreamAndRoundTrip) {
  Format format = GetParam();
  unsigned mask = widthMask(format);
  std::mt19937 rng(31 + static_cast<unsigned>(format));
  for (size_t n : oddSizes(format)) {
    SCOPED_TRACE("n = " + std::to_string(n));
    std::vector<uint8_t> codes(n);
    for (uint8_t &code : codes)
      code = static_cast<uint8_t>(rng()); // stray high bits included
    // One spare byte after the packed data must stay untouched.
    size_t bytes = packedBytes(format, n);
    ASSERT_EQ(bytes * 8, n * static_cast<size_t>(oracle::specRow(format).bits));
    std::vector<uint8_t> packed(bytes + 1, kCanary);
    ASSERT_TRUE(pack(format, codes.data(), packed.data(), n).ok());
    EXPECT_EQ(packed[bytes], kCanary) << "pack wrote past its output";
    for (size_t i = 0; i < n; ++i)
      ASSERT_EQ(oracle::packedCode(format, packed.data(), static_cast<int64_t>(i)),
                codes[i] & mask)
          << "element " << i;

    std::vector<uint8_t> unpacked(n + 1, kCanary);
    ASSERT_TRUE(unpack(format, packed.data(), unpacked.data(), n).ok());
    EXPECT_EQ(unpacked[n], kCanary) << "unpack wrote past its output";
    for (size_t i = 0; i < n; ++i)
      ASSERT_EQ(unpacked[i], codes[i] & mask) << "element " << i;

    // And the other way: any bytes unpack and pack back to themselves.
    std::vector<uint8_t> bytesIn(bytes);
    for (uint8_t &byte : bytesIn)
      byte = static_cast<uint8_t>(rng());
    std::vector<uint8_t> repacked =
        packOrFail(format, unpackOrFail(format, bytesIn, n));
    ASSERT_EQ(repacked, bytesIn);
  }
}

INSTANTIATE_TEST_SUITE_P(ElementFormats, PackingRoundTrip,
                         ::testing::ValuesIn(oracle::elementFormats()),
                         [](const ::testing::TestParamInfo<Format> &info) {
                           return oracle::name(info.param);
                         });

class PackingIdentity : public ::testing::TestWithParam<Format> {};

TEST_P(PackingIdentity, EightBitCodesAreTheirOwnStorage) {
  Format format = GetParam();
  std::vector<uint8_t> codes(256);
  for (unsigned byte = 0; byte < 256; ++byte)
    codes[byte] = static_cast<uint8_t>(255 - byte);
  EXPECT_EQ(packedBytes(format, codes.size()), codes.size());
  EXPECT_EQ(packOrFail(format, codes), codes);
  EXPECT_EQ(unpackOrFail(format, codes, codes.size()), codes);
  // Odd counts are fine: the packing unit is 1.
  std::vector<uint8_t> three(codes.begin(), codes.begin() + 3);
  EXPECT_EQ(packOrFail(format, three), three);
}

INSTANTIATE_TEST_SUITE_P(EightBitFormats, PackingIdentity,
                         ::testing::Values(Format::E4M3, Format::E5M2,
                                           Format::Int8),
                         [](const ::testing::TestParamInfo<Format> &info) {
                           return oracle::name(info.param);
                         });

} // namespace
