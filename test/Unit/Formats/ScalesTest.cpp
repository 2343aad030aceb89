//===- ScalesTest.cpp - E8M0 block scales and NVFP4 scales ----------------===//

#include "Oracle.h"

#include "microscale/Formats/Scales.h"

#include "gtest/gtest.h"

#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
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

/// Zero, subnormals, every power of two and its f32 neighbours, every
/// largest-finite multiple 2^k * L and its neighbours, FLT_MAX, random.
std::vector<float> amaxInputs(Format element) {
  std::vector<float> inputs = {0.0f, FLT_TRUE_MIN, fromBits(0x400000),
                               fromBits(0x7FFFFF), FLT_MIN, FLT_MAX};
  float largest = static_cast<float>(oracle::specRow(element).largestFinite);
  for (int k = -149; k <= 127; ++k) {
    for (float base : {std::ldexp(1.0f, k), std::ldexp(largest, k)}) {
      if (base == 0.0f || std::isinf(base))
        continue;
      inputs.insert(inputs.end(), {base, std::nextafter(base, 0.0f),
                                   std::nextafter(base, FLT_MAX)});
    }
  }
  std::mt19937 rng(7);
  for (int i = 0; i < 5000; ++i)
    inputs.push_back(fromBits(static_cast<uint32_t>(rng()) & 0x7F7FFFFFu));
  return inputs;
}

class E8M0ScaleTest : public ::testing::TestWithParam<Format> {};

TEST_P(E8M0ScaleTest, FloorRuleMatchesTheExponentField) {
  Format element = GetParam();
  for (float amax : amaxInputs(element)) {
    int expected = oracle::floorScaleExponent(element, amax);
    ASSERT_EQ(e8m0ScaleExponent(amax, element, ScaleRule::Floor), expected)
        << amax;
    ASSERT_EQ(e8m0ScaleCode(amax, element, ScaleRule::Floor), expected + 127);
  }
}

TEST_P(E8M0ScaleTest, RCeilRuleRoundsTheF32QuotientUp) {
  Format element = GetParam();
  for (float amax : amaxInputs(element)) {
    int expected = oracle::rceilScaleExponent(element, amax);
    ASSERT_EQ(e8m0ScaleExponent(amax, element, ScaleRule::RCeil), expected)
        << amax;
    ASSERT_EQ(e8m0ScaleCode(amax, element, ScaleRule::RCeil), expected + 127);
  }
}

TEST_P(E8M0ScaleTest, NonFiniteAmaxGivesNaNScale) {
  Format element = GetParam();
  for (ScaleRule rule : {ScaleRule::Floor, ScaleRule::RCeil}) {
    EXPECT_EQ(e8m0ScaleCode(std::numeric_limits<float>::infinity(), element,
                            rule),
              0xFF);
    EXPECT_EQ(e8m0ScaleCode(std::nanf(""), element, rule), 0xFF);
  }
}

INSTANTIATE_TEST_SUITE_P(ElementFormats, E8M0ScaleTest,
                         ::testing::ValuesIn(oracle::elementFormats()),
                         [](const ::testing::TestParamInfo<Format> &info) {
                           return oracle::name(info.param);
                         });

// Hand-derived cases: e = floor(log2 amax) - emax_elem, or
// ceil(log2(amax / largest)).
TEST(E8M0ScaleExamples, Floor) {
  auto floorE = [](float amax, Format element) {
    return e8m0ScaleExponent(amax, element, ScaleRule::Floor);
  };
  EXPECT_EQ(floorE(6.0f, Format::E2M1), 0);
  EXPECT_EQ(floorE(7.99f, Format::E2M1), 0);  // saturates its top element
  EXPECT_EQ(floorE(8.0f, Format::E2M1), 1);
  EXPECT_EQ(floorE(0.0f, Format::E2M1), -127); // -127 - 2, clamped
  EXPECT_EQ(floorE(1e-40f, Format::E4M3), -127);
  EXPECT_EQ(floorE(448.0f, Format::E4M3), 0);
  EXPECT_EQ(floorE(1.0f, Format::Int8), 0);
  EXPECT_EQ(floorE(FLT_MAX, Format::Int8), 127);
  EXPECT_EQ(floorE(FLT_MAX, Format::E5M2), 112);
  EXPECT_EQ(floorE(std::ldexp(1.0f, -120), Format::E3M2), -124);
}

TEST(E8M0ScaleExamples, RCeil) {
  auto rceilE = [](float amax, Format element) {
    return e8m0ScaleExponent(amax, element, ScaleRule::RCeil);
  };
  EXPECT_EQ(rceilE(6.0f, Format::E2M1), 0);
  EXPECT_EQ(rceilE(std::nextafter(6.0f, 7.0f), Format::E2M1), 1);
  EXPECT_EQ(rceilE(3.0f, Format::E2M1), -1);
  EXPECT_EQ(rceilE(7.99f, Format::E2M1), 1); // where floor gives 0
  EXPECT_EQ(rceilE(1.0f, Format::Int8), 0);  // 64/127 rounds up to 1
  EXPECT_EQ(rceilE(0.0f, Format::E4M3), -127);
  EXPECT_EQ(rceilE(FLT_MAX, Format::E2M1), 126);
  // The division rounds down onto a power of two: amax is just above
  // 6 * 2^-127 but amax / 6 in f32 is exactly 2^-127 (a subnormal quotient),
  // so e is -127 although the exact ratio would need -126.
  float amax = std::nextafter(std::ldexp(6.0f, -127), 1.0f);
  ASSERT_EQ(amax / 6.0f, std::ldexp(1.0f, -127));
  EXPECT_EQ(rceilE(amax, Format::E2M1), -127);
}

TEST(Nvfp4Global, ComputedFromTheTensorAmax) {
  for (float amax : {1.0f, 100.0f, 2688.0f, 3e-5f, 1e30f, 1e-30f, 1e-33f}) {
    Nvfp4Global g = computeNvfp4Global(amax);
    EXPECT_EQ(g.encode, 2688.0f / amax) << amax;
    EXPECT_EQ(g.decode, amax / 2688.0f) << amax;
    Nvfp4Global negative = computeNvfp4Global(-amax);
    EXPECT_EQ(negative.encode, g.encode);
  }
  // Numerics §3.1: below amax ~ 7.9e-36, 2688 / amax overflows and g is
  // FLT_MAX. The boundary, by bisection over the bit patterns of
  // [1e-36, 1e-35].
  uint32_t overflows = bitsOf(1e-36f), finite = bitsOf(1e-35f);
  while (finite - overflows > 1) {
    uint32_t mid = overflows + (finite - overflows) / 2;
    (std::isinf(2688.0f / fromBits(mid)) ? overflows : finite) = mid;
  }
  float smallestUnclamped = fromBits(finite);
  EXPECT_EQ(computeNvfp4Global(smallestUnclamped).encode,
            2688.0f / smallestUnclamped);
  float largestClamped = fromBits(overflows);
  for (float amax : {largestClamped, 1e-36f, 1e-38f, 1e-40f, 1e-44f,
                     FLT_TRUE_MIN}) {
    ASSERT_TRUE(std::isinf(2688.0f / amax)) << amax;
    Nvfp4Global g = computeNvfp4Global(amax);
    EXPECT_EQ(g.encode, FLT_MAX) << amax;
    EXPECT_EQ(g.decode, amax / 2688.0f) << amax;
    EXPECT_EQ(computeNvfp4Global(-amax).encode, FLT_MAX) << amax;
  }
  for (float special : {0.0f, -0.0f, std::numeric_limits<float>::infinity(),
                        std::nanf("")}) {
    Nvfp4Global g = computeNvfp4Global(special);
    EXPECT_EQ(g.encode, 1.0f);
    EXPECT_EQ(g.decode, 1.0f);
  }
}

TEST(Nvfp4Global, GivenGlobalMustBePositiveAndFinite) {
  Nvfp4Global g{0.0f, 0.0f};
  ASSERT_TRUE(givenNvfp4Global(0.25f, g).ok());
  EXPECT_EQ(g.encode, 4.0f);
  EXPECT_EQ(g.decode, 0.25f);
  ASSERT_TRUE(givenNvfp4Global(2.5e-4f, g).ok());
  EXPECT_EQ(g.encode, 1.0f / 2.5e-4f);
  // Numerics §3.3: a global below 1 / FLT_MAX (~2.9e-39, a subnormal) overflows
  // 1 / global; g is FLT_MAX.
  for (float tiny : {FLT_TRUE_MIN, 1e-45f, 1e-40f, 1e-39f}) {
    ASSERT_TRUE(std::isinf(1.0f / tiny)) << tiny;
    ASSERT_TRUE(givenNvfp4Global(tiny, g).ok());
    EXPECT_EQ(g.encode, FLT_MAX) << tiny;
    EXPECT_EQ(g.decode, tiny);
  }
  // Larger subnormals have a finite reciprocal, unchanged.
  for (float subnormal : {std::nextafter(FLT_MIN, 0.0f), 5e-39f}) {
    ASSERT_TRUE(givenNvfp4Global(subnormal, g).ok());
    EXPECT_EQ(g.encode, 1.0f / subnormal) << subnormal;
    EXPECT_TRUE(std::isfinite(g.encode)) << subnormal;
  }
  for (float bad : {0.0f, -0.0f, -1.0f, std::numeric_limits<float>::infinity(),
                    -std::numeric_limits<float>::infinity(), std::nanf("")}) {
    Status status = givenNvfp4Global(bad, g);
    EXPECT_FALSE(status.ok()) << bad;
    EXPECT_NE(status.message().find("positive and finite"), std::string::npos)
        << status.message();
  }
}

TEST(Nvfp4BlockScale, IsE4M3OfAmaxOverSixTimesG) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> exponent(-30.0f, 30.0f);
  for (int i = 0; i < 20000; ++i) {
    float amax = std::exp2(exponent(rng));
    float g = std::exp2(exponent(rng));
    float t = (amax / 6.0f) * g; // Numerics §3.4's f32 operations, in order
    ASSERT_EQ(nvfp4BlockScaleCode(amax, g), oracle::encode(Format::UE4M3, t))
        << amax << " " << g;
  }
  EXPECT_EQ(nvfp4BlockScaleCode(6.0f, 1.0f), 0x38);      // 1.0
  EXPECT_EQ(nvfp4BlockScaleCode(2688.0f, 1.0f), 0x7E);   // 448
  EXPECT_EQ(nvfp4BlockScaleCode(1e9f, 1.0f), 0x7E);      // saturates
  EXPECT_EQ(nvfp4BlockScaleCode(0.0f, 1.0f), 0x00);
  EXPECT_EQ(nvfp4BlockScaleCode(std::nanf(""), 1.0f), 0x7F);
  EXPECT_EQ(nvfp4BlockScaleCode(-std::numeric_limits<float>::infinity(), 1.0f),
            0x7F);
}

TEST(Nvfp4ElementFactor, IsGOverSClampedToFltMax) {
  EXPECT_EQ(nvfp4ElementFactor(4.0f, 0x38), 4.0f);        // s = 1
  EXPECT_EQ(nvfp4ElementFactor(224.0f, 0x66), 4.0f);      // s = 56
  EXPECT_EQ(nvfp4ElementFactor(1.0f, 0x01), 512.0f);      // s = 2^-9
  EXPECT_EQ(nvfp4ElementFactor(FLT_MAX, 0x7E), FLT_MAX / 448.0f);
  // Numerics §3.4: g / s overflows for s < 1; the factor is FLT_MAX.
  EXPECT_EQ(nvfp4ElementFactor(FLT_MAX, 0x01), FLT_MAX);
  EXPECT_EQ(nvfp4ElementFactor(FLT_MAX, 0x37), FLT_MAX); // s = 0.9375
  EXPECT_EQ(nvfp4ElementFactor(std::ldexp(1.0f, 117), 0x01),
            std::ldexp(1.0f, 126)); // exact, no clamp
  // Every finite scale code with g = FLT_MAX: finite and one f32 division.
  for (unsigned code = 1; code < 0x7F; ++code) {
    float quotient = FLT_MAX / oracle::exactFloat(
                                   oracle::value(Format::UE4M3, code));
    float expected = std::isinf(quotient) ? FLT_MAX : quotient;
    ASSERT_EQ(nvfp4ElementFactor(FLT_MAX, static_cast<uint8_t>(code)),
              expected)
        << code;
  }
}

TEST(AbsMax, OrdersNaNAndInfAboveFiniteValues) {
  const float x[] = {1.0f, -3.0f, 2.0f};
  EXPECT_EQ(fromBits(absMaxBits(x, 3)), 3.0f);
  const float withInf[] = {1.0f, -std::numeric_limits<float>::infinity()};
  EXPECT_TRUE(isNonFiniteAbsBits(absMaxBits(withInf, 2)));
  const float withNaN[] = {std::nanf(""), 1e38f};
  EXPECT_TRUE(isNonFiniteAbsBits(absMaxBits(withNaN, 2)));
  EXPECT_EQ(absMaxBits(x, 0), 0u);
}

} // namespace
