//===- ElementCodecTest.cpp - Element and scale format codecs -------------===//

#include "Oracle.h"

#include "microscale/Formats/ElementFormats.h"

#include "gtest/gtest.h"

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace microscale::formats;

namespace {

uint32_t bitsOf(float x) {
  uint32_t bits;
  std::memcpy(&bits, &x, sizeof(bits));
  return bits;
}

float fromBits(uint32_t bits) {
  float x;
  std::memcpy(&x, &bits, sizeof(x));
  return x;
}

std::string describe(float x) {
  char text[64];
  std::snprintf(text, sizeof(text), "%a (0x%08x)", static_cast<double>(x),
                bitsOf(x));
  return text;
}

/// Every representable magnitude, every midpoint, values below the smallest
/// and past the largest, and the f32 neighbours of all of them.
std::vector<float> edgeInputs(Format format) {
  const std::vector<oracle::CodeValue> &codes = oracle::nonNegativeCodes(format);
  std::vector<long double> exact;
  for (size_t i = 0; i < codes.size(); ++i) {
    exact.push_back(codes[i].value);
    if (i + 1 < codes.size())
      exact.push_back((codes[i].value + codes[i + 1].value) / 2);
  }
  long double smallest = codes[0].value != 0 ? codes[0].value : codes[1].value;
  exact.push_back(smallest / 4);
  exact.push_back(smallest / 2);
  long double largest = codes.back().value;
  long double step = largest - codes[codes.size() - 2].value;
  for (long double above : {largest + step / 4, largest + step / 2,
                            largest + step, largest * 2, largest * 1024})
    if (above <= FLT_MAX)
      exact.push_back(above);

  std::vector<float> inputs;
  const float inf = std::numeric_limits<float>::infinity();
  for (long double value : exact) {
    float x = oracle::exactFloat(value);
    inputs.insert(inputs.end(), {x, std::nextafter(x, 0.0f),
                                 std::nextafter(x, inf)});
  }
  inputs.insert(inputs.end(), {0.0f, FLT_TRUE_MIN, FLT_MIN,
                               std::nextafter(FLT_MIN, 0.0f), FLT_MAX, inf});
  for (uint32_t frac : {2u, 3u, 0x400000u, 0x5FFFFFu, 0x600000u, 0x600001u,
                        0x7FFFFFu})
    inputs.push_back(fromBits(frac)); // f32 subnormals
  size_t n = inputs.size();
  for (size_t i = 0; i < n; ++i)
    inputs.push_back(-inputs[i]);
  return inputs;
}

std::vector<float> randomInputs(Format format, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<float> inputs;
  // Any bit pattern: mostly huge or tiny magnitudes, some NaNs.
  for (int i = 0; i < 20000; ++i)
    inputs.push_back(fromBits(static_cast<uint32_t>(rng())));
  // Log-uniform magnitudes around the format's range, random signs.
  oracle::SpecRow row = oracle::specRow(format);
  double lo = std::log2(static_cast<double>(row.smallest)) - 4;
  double hi = std::min(std::log2(static_cast<double>(row.largestFinite)) + 4,
                       127.9);
  std::uniform_real_distribution<double> exponent(lo, hi);
  for (int i = 0; i < 60000; ++i) {
    float x = static_cast<float>(std::exp2(exponent(rng)));
    inputs.push_back(rng() & 1 ? -x : x);
  }
  return inputs;
}

class ElementCodecTest : public ::testing::TestWithParam<Format> {};

TEST_P(ElementCodecTest, DecodesEveryCodeFromTheDefinition) {
  Format format = GetParam();
  std::vector<uint8_t> codes(256);
  std::vector<float> bulk(256);
  for (unsigned byte = 0; byte < 256; ++byte)
    codes[byte] = static_cast<uint8_t>(byte);
  decode(format, codes.data(), bulk.data(), codes.size());
  for (unsigned byte = 0; byte < 256; ++byte) {
    // Bits above the format's width are ignored, by the oracle as well.
    long double expected = oracle::value(format, byte);
    float got = decode(format, static_cast<uint8_t>(byte));
    SCOPED_TRACE("code " + std::to_string(byte));
    if (std::isnan(expected)) {
      EXPECT_TRUE(std::isnan(got));
      EXPECT_TRUE(std::isnan(bulk[byte]));
    } else {
      EXPECT_EQ(bitsOf(got), bitsOf(oracle::exactFloat(expected)))
          << describe(got);
      EXPECT_EQ(bitsOf(bulk[byte]), bitsOf(got));
    }
    EXPECT_EQ(bitsOf(decodeTable(format)[byte]), bitsOf(got));
  }
}

TEST_P(ElementCodecTest, DescriptionMatchesSpecTable) {
  Format format = GetParam();
  const FormatInfo &info = getFormatInfo(format);
  oracle::SpecRow row = oracle::specRow(format);
  EXPECT_EQ(info.bits, row.bits);
  EXPECT_EQ(info.mantissaBits, row.mantissaBits);
  EXPECT_EQ(static_cast<long double>(info.largestFinite), row.largestFinite);
  EXPECT_EQ(static_cast<long double>(decode(format, info.maxCode)),
            row.largestFinite);
  if (format != Format::E8M0 && format != Format::UE4M3)
    EXPECT_EQ(info.emaxElem, row.emaxElem);
  const std::vector<oracle::CodeValue> &codes = oracle::nonNegativeCodes(format);
  long double smallest = codes[0].value != 0 ? codes[0].value : codes[1].value;
  EXPECT_EQ(smallest, row.smallest);
  EXPECT_EQ(codes.back().value, row.largestFinite);
  EXPECT_EQ(packingUnit(format), row.bits == 4 ? 2 : row.bits == 6 ? 4 : 1);
  EXPECT_EQ(lookupFormat(info.name), format);
  EXPECT_EQ(isElementFormat(format),
            format != Format::E8M0 && format != Format::UE4M3);
}

TEST_P(ElementCodecTest, EncodesEdgeValuesLikeTheOracle) {
  Format format = GetParam();
  for (float x : edgeInputs(format))
    EXPECT_EQ(encode(format, x), oracle::encode(format, x)) << describe(x);
}

TEST_P(ElementCodecTest, EncodesNaNByTheSpecRules) {
  Format format = GetParam();
  for (uint32_t bits : {0x7FC00000u, 0x7F800001u, 0x7FFFFFFFu, 0xFFC00000u,
                        0xFF800001u}) {
    float nan = fromBits(bits);
    EXPECT_EQ(encode(format, nan), oracle::encode(format, nan))
        << describe(nan);
  }
}

TEST_P(ElementCodecTest, EncodesRandomValuesLikeTheOracle) {
  Format format = GetParam();
  std::vector<float> inputs =
      randomInputs(format, 1234 + static_cast<unsigned>(format));
  std::vector<uint8_t> bulk(inputs.size());
  encode(format, inputs.data(), bulk.data(), inputs.size());
  int failures = 0;
  for (size_t i = 0; i < inputs.size() && failures < 10; ++i) {
    unsigned expected = oracle::encode(format, inputs[i]);
    if (bulk[i] != expected || encode(format, inputs[i]) != expected) {
      ++failures;
      ADD_FAILURE() << describe(inputs[i]) << ": bulk " << int(bulk[i])
                    << ", expected " << expected;
    }
  }
}

TEST_P(ElementCodecTest, EncodeScaledDividesExactly) {
  Format format = GetParam();
  std::mt19937 rng(99 + static_cast<unsigned>(format));
  std::uniform_int_distribution<int> shifts(-300, 300);
  std::vector<float> inputs =
      randomInputs(format, 4321 + static_cast<unsigned>(format));
  for (size_t i = 0; i < inputs.size(); i += 7) {
    int shift = shifts(rng);
    long double exact = std::ldexp(static_cast<long double>(inputs[i]), -shift);
    ASSERT_EQ(encodeScaled(format, inputs[i], shift),
              oracle::encode(format, exact))
        << describe(inputs[i]) << " / 2^" << shift;
  }
}

// Every midpoint and its f32 neighbours, reached through every shift that
// keeps the dividend an f32: with a dividend near 2^-149 an f32 ldexp would
// round once more and turn "just below a tie" into the tie itself.
TEST_P(ElementCodecTest, EncodeScaledRoundsTiesOnce) {
  Format format = GetParam();
  const std::vector<oracle::CodeValue> &codes = oracle::nonNegativeCodes(format);
  std::vector<uint8_t> bulk(3);
  for (size_t i = 0; i + 1 < codes.size(); ++i) {
    long double mid = (codes[i].value + codes[i + 1].value) / 2;
    for (int shift = -150; shift <= 150; ++shift) {
      long double dividend = std::ldexp(mid, shift);
      float x = static_cast<float>(dividend);
      if (static_cast<long double>(x) != dividend)
        continue;
      float xs[3] = {x, std::nextafter(x, 0.0f), std::nextafter(x, FLT_MAX)};
      encodeScaled(format, xs, bulk.data(), 3, shift);
      for (int j = 0; j < 3; ++j) {
        long double exact = std::ldexp(static_cast<long double>(xs[j]), -shift);
        unsigned expected = oracle::encode(format, exact);
        ASSERT_EQ(bulk[j], expected) << describe(xs[j]) << " / 2^" << shift;
        ASSERT_EQ(encodeScaled(format, -xs[j], shift),
                  oracle::encode(format, -exact))
            << describe(-xs[j]) << " / 2^" << shift;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllFormats, ElementCodecTest,
                         ::testing::ValuesIn(oracle::allFormats()),
                         [](const ::testing::TestParamInfo<Format> &info) {
                           return oracle::name(info.param);
                         });

// The numerics reference's own examples and the behaviours it calls out, by
// hand.
TEST(ElementCodecSpecExamples, E2M1) {
  EXPECT_EQ(encode(Format::E2M1, -0.2f), 0x8); // sign kept on zero
  EXPECT_EQ(encode(Format::E2M1, -0.4f), 0x9); // -0.5, not +0.5
  EXPECT_EQ(encode(Format::E2M1, 2.5f), 0x4);  // tie to even: 2, not 3
  EXPECT_EQ(encode(Format::E2M1, 5.0f), 0x6);  // tie to even: 4, not 6
  EXPECT_EQ(encode(Format::E2M1, 0.25f), 0x0);
  EXPECT_EQ(encode(Format::E2M1, 0.75f), 0x2);
  EXPECT_EQ(encode(Format::E2M1, 7.0f), 0x7);
  EXPECT_EQ(encode(Format::E2M1, -1e30f), 0xF);
  EXPECT_EQ(encode(Format::E2M1, std::nanf("")), 0x0);
  const float values[16] = {0, 0.5, 1, 1.5, 2, 3, 4, 6,
                            -0.0f, -0.5, -1, -1.5, -2, -3, -4, -6};
  for (unsigned code = 0; code < 16; ++code)
    EXPECT_EQ(bitsOf(decode(Format::E2M1, static_cast<uint8_t>(code))),
              bitsOf(values[code]));
}

TEST(ElementCodecSpecExamples, SaturationAndNaN) {
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(encode(Format::E4M3, inf), 0x7E);
  EXPECT_EQ(encode(Format::E4M3, -inf), 0xFE);
  EXPECT_EQ(encode(Format::E4M3, 480.0f), 0x7E);
  EXPECT_EQ(encode(Format::E4M3, std::nanf("")), 0x7F);
  EXPECT_EQ(encode(Format::E4M3, -std::nanf("")), 0xFF);
  EXPECT_EQ(encode(Format::E5M2, inf), 0x7B); // satfinite
  EXPECT_EQ(encode(Format::E5M2, -inf), 0xFB);
  EXPECT_EQ(encode(Format::E5M2, 61440.0f), 0x7B);
  EXPECT_EQ(encode(Format::E5M2, std::nanf("")), 0x7E);
  EXPECT_EQ(encode(Format::E5M2, -std::nanf("")), 0xFE);
  EXPECT_EQ(encode(Format::E3M2, -inf), 0x3F);
  EXPECT_EQ(encode(Format::E2M3, -std::nanf("")), 0x00);
}

TEST(ElementCodecSpecExamples, Int8) {
  EXPECT_EQ(encode(Format::Int8, 1.0f), 0x40);
  EXPECT_EQ(encode(Format::Int8, -1.0f), 0xC0);
  EXPECT_EQ(encode(Format::Int8, -0.0f), 0x00); // zero is +0
  EXPECT_EQ(encode(Format::Int8, -1e-3f), 0x00);
  EXPECT_EQ(encode(Format::Int8, 3.0f), 0x7F);
  EXPECT_EQ(encode(Format::Int8, -3.0f), 0x81); // never 0x80
  EXPECT_EQ(encode(Format::Int8, 0.5f / 64), 0x00); // half to even
  EXPECT_EQ(encode(Format::Int8, 1.5f / 64), 0x02);
  EXPECT_EQ(encode(Format::Int8, -2.5f / 64), 0xFE);
  EXPECT_EQ(encode(Format::Int8, std::nanf("")), 0x00);
  EXPECT_EQ(decode(Format::Int8, 0x80), -2.0f);
}

TEST(ElementCodecSpecExamples, ScaleFormats) {
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(encode(Format::E8M0, 0.0f), 0x00); // no zero: 2^-127
  EXPECT_EQ(encode(Format::E8M0, 1.0f), 0x7F);
  EXPECT_EQ(encode(Format::E8M0, 1.5f), 0x80); // ties go up
  EXPECT_EQ(encode(Format::E8M0, 3.0f), 0x81);
  EXPECT_EQ(encode(Format::E8M0, -4.0f), 0x81); // magnitude
  EXPECT_EQ(encode(Format::E8M0, inf), 0xFE);
  EXPECT_EQ(encode(Format::E8M0, std::nanf("")), 0xFF);
  EXPECT_EQ(encode(Format::E8M0, std::ldexp(1.4f, -127)), 0x00);
  EXPECT_EQ(encode(Format::UE4M3, -1.0f), 0x38);
  EXPECT_EQ(encode(Format::UE4M3, -std::nanf("")), 0x7F);
  EXPECT_EQ(encode(Format::UE4M3, 1e9f), 0x7E);
  EXPECT_TRUE(std::isnan(decode(Format::E8M0, 0xFF)));
  EXPECT_EQ(decode(Format::E8M0, 0x00), std::ldexp(1.0f, -127));
}

} // namespace
