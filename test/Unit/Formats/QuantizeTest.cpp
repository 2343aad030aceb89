//===- QuantizeTest.cpp - Reference block quantize and dequantize ---------===//
//
// quantize and dequantize against a block-by-block restatement of Numerics
// §2 and §3 built from the oracle: the scale exponent from the
// oracle's floor / rceil rules and each element encoded from the exact
// x / 2^e (a long double ldexp, Numerics §2.5); NVFP4 with the numerics
// reference's f32 operations written out in order and the oracle's UE4M3 / E2M1
// encoders. The packed output is read back with the oracle's bit stream.
//
//===----------------------------------------------------------------------===//

#include "Oracle.h"

#include "microscale/Formats/Reference.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>
#include <ostream>
#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace microscale::formats;

namespace {

constexpr uint8_t kCanary = 0xA5;
constexpr float kInf = std::numeric_limits<float>::infinity();

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

/// Bitwise equality, any NaN matching any NaN.
bool sameFloat(float a, float b) {
  if (std::isnan(a) || std::isnan(b))
    return std::isnan(a) && std::isnan(b);
  return bitsOf(a) == bitsOf(b);
}

float value(Format format, unsigned code) {
  return oracle::exactFloat(oracle::value(format, code));
}

/// Numerics §3.1, §3.3, §3.4: an NVFP4 encode factor that overflowed is
/// FLT_MAX.
float atMostFltMax(float x) { return std::isinf(x) ? FLT_MAX : x; }

//===----------------------------------------------------------------------===//
// Schemes, typed in from docs/Numerics.md
//===----------------------------------------------------------------------===//

struct SchemeCase {
  std::string name;
  Scheme scheme;
};

Scheme mx(Format element, int32_t blockSize = 32) {
  return {element, blockSize, Format::E8M0, false};
}
Scheme nv(int32_t blockSize = 16) {
  return {Format::E2M1, blockSize, Format::UE4M3, true};
}

const std::vector<SchemeCase> &namedCases() {
  static const std::vector<SchemeCase> cases = {
      {"mxfp8_e4m3", mx(Format::E4M3)}, {"mxfp8_e5m2", mx(Format::E5M2)},
      {"mxfp6_e2m3", mx(Format::E2M3)}, {"mxfp6_e3m2", mx(Format::E3M2)},
      {"mxfp4", mx(Format::E2M1)},      {"mxint8", mx(Format::Int8)},
      {"nvfp4", nv()},
  };
  return cases;
}

std::vector<SchemeCase> allCases() {
  std::vector<SchemeCase> cases = namedCases();
  std::vector<SchemeCase> custom = {
      {"e2m1_b16", mx(Format::E2M1, 16)},   {"e2m1_b64", mx(Format::E2M1, 64)},
      {"e2m1_b128", mx(Format::E2M1, 128)}, {"e2m1_b256", mx(Format::E2M1, 256)},
      {"e4m3_b16", mx(Format::E4M3, 16)},   {"e4m3_b128", mx(Format::E4M3, 128)},
      {"e2m3_b64", mx(Format::E2M3, 64)},   {"e3m2_b16", mx(Format::E3M2, 16)},
      {"e5m2_b256", mx(Format::E5M2, 256)}, {"int8_b64", mx(Format::Int8, 64)},
      {"nvfp4_b32", nv(32)},                {"nvfp4_b64", nv(64)},
  };
  cases.insert(cases.end(), custom.begin(), custom.end());
  return cases;
}

void PrintTo(const SchemeCase &c, std::ostream *os) { *os << c.name; }

std::string caseName(const ::testing::TestParamInfo<SchemeCase> &info) {
  return info.param.name;
}

int bitsOfElement(const Scheme &scheme) {
  return oracle::specRow(scheme.element).bits;
}

//===----------------------------------------------------------------------===//
// The oracle quantizer
//===----------------------------------------------------------------------===//

struct Quantized {
  std::vector<unsigned> codes; // one per element, unpacked
  std::vector<uint8_t> scales;
  float global = 1.0f;
};

Quantized oracleQuantize(const Scheme &scheme, ScaleRule rule,
                         const std::vector<float> &x, int64_t rows,
                         int64_t cols, std::optional<float> given) {
  Quantized q;
  q.codes.assign(x.size(), 0);
  const int64_t block = scheme.blockSize;
  const int64_t blocks = rows * (cols / block);
  q.scales.assign(static_cast<size_t>(blocks), 0);

  // Numerics §3.1-3.3: the global scales g (encode) and global (decode).
  float g = 1.0f;
  if (scheme.hasGlobal) {
    if (given) {
      g = atMostFltMax(1.0f / *given);
      q.global = *given;
    } else {
      bool nonFinite = false;
      float amaxT = 0.0f;
      for (float v : x) {
        nonFinite |= !std::isfinite(v);
        if (std::isfinite(v))
          amaxT = std::max(amaxT, std::fabs(v));
      }
      if (!nonFinite && amaxT != 0.0f) {
        g = atMostFltMax(2688.0f / amaxT);
        q.global = amaxT / 2688.0f;
      }
    }
  }

  for (int64_t b = 0; b < blocks; ++b) {
    const size_t first = static_cast<size_t>(b * block);
    bool nonFinite = false;
    float amax = 0.0f;
    for (int64_t i = 0; i < block; ++i) {
      float v = x[first + i];
      nonFinite |= !std::isfinite(v);
      if (std::isfinite(v))
        amax = std::max(amax, std::fabs(v));
    }
    if (nonFinite) { // Numerics §2.4 / §3.4: codes stay 0
      q.scales[b] = scheme.hasGlobal ? 0x7F : 0xFF;
      continue;
    }
    if (scheme.hasGlobal) {
      float t = (amax / 6.0f) * g;
      unsigned s = oracle::encode(Format::UE4M3, t);
      q.scales[b] = static_cast<uint8_t>(s);
      if (s == 0)
        continue;
      float factor = atMostFltMax(g / value(Format::UE4M3, s));
      for (int64_t i = 0; i < block; ++i) {
        float scaled = x[first + i] * factor;
        q.codes[first + i] = oracle::encode(Format::E2M1, scaled);
      }
    } else {
      int e = rule == ScaleRule::Floor
                  ? oracle::floorScaleExponent(scheme.element, amax)
                  : oracle::rceilScaleExponent(scheme.element, amax);
      q.scales[b] = static_cast<uint8_t>(e + 127);
      for (int64_t i = 0; i < block; ++i)
        q.codes[first + i] = oracle::encode(
            scheme.element, std::ldexp(static_cast<long double>(x[first + i]), -e));
    }
  }
  return q;
}

/// Numerics §2.6 / §3.5 from unpacked codes.
std::vector<float> oracleDequantize(const Scheme &scheme,
                                    const std::vector<unsigned> &codes,
                                    const std::vector<uint8_t> &scales,
                                    float global) {
  std::vector<float> out(codes.size());
  for (size_t i = 0; i < codes.size(); ++i) {
    float q = value(scheme.element, codes[i]);
    float s = value(scheme.scale, scales[i / static_cast<size_t>(scheme.blockSize)]);
    if (scheme.hasGlobal) {
      float qs = q * s;
      out[i] = qs * global;
    } else {
      out[i] = q * s;
    }
  }
  return out;
}

/// The codes of the library's packed rows, read as Numerics §5 bit streams.
std::vector<unsigned> unpackRows(const Scheme &scheme, const uint8_t *data,
                                 int64_t rows, int64_t cols) {
  std::vector<unsigned> codes;
  size_t rowBytes = static_cast<size_t>(cols) * bitsOfElement(scheme) / 8;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t i = 0; i < cols; ++i)
      codes.push_back(oracle::packedCode(scheme.element, data + r * rowBytes, i));
  return codes;
}

//===----------------------------------------------------------------------===//
// Inputs
//===----------------------------------------------------------------------===//

/// Random blocks whose magnitudes span 2^loExp .. 2^hiExp (one magnitude per
/// block) and, with `specials`, the first blocks replaced by edge cases.
std::vector<float> makeInput(const Scheme &scheme, int64_t rows, int64_t cols,
                             unsigned seed, double loExp, double hiExp,
                             bool specials) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  std::uniform_real_distribution<double> exponent(loExp, hiExp);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  const int64_t block = scheme.blockSize;
  const int64_t blocks = rows * (cols / block);
  std::vector<float> x(static_cast<size_t>(rows * cols));
  for (int64_t b = 0; b < blocks; ++b) {
    float scale = static_cast<float>(std::exp2(exponent(rng)));
    for (int64_t i = 0; i < block; ++i)
      x[b * block + i] = normal(rng) * scale;
  }
  if (!specials)
    return x;

  const float largest =
      static_cast<float>(oracle::specRow(scheme.element).largestFinite);
  const std::vector<oracle::CodeValue> &codes =
      oracle::nonNegativeCodes(scheme.element);
  auto fill = [&](int64_t b, auto element) {
    if (b >= blocks)
      return;
    for (int64_t i = 0; i < block; ++i)
      x[b * block + i] = element(i);
  };
  auto randomBelow = [&](float top) {
    return [&, top](int64_t i) { return i == 0 ? top : uniform(rng) * top * 0.75f; };
  };
  fill(0, [](int64_t) { return 0.0f; });
  fill(1, [&](int64_t i) { return i == block / 2 ? std::nanf("") : normal(rng); });
  fill(2, [&](int64_t i) { return i == 0 ? -kInf : normal(rng); });
  fill(3, [&](int64_t) { return normal(rng) * std::ldexp(1.0f, -135); });
  fill(4, [&](int64_t) { return uniform(rng) * std::ldexp(1.0f, 127); });
  // Ties: amax is largest * 8, so both rules give e = 3 and every other
  // element is a midpoint between two codes, times 8.
  fill(5, [&](int64_t i) {
    if (i == 0)
      return largest * 8.0f;
    size_t k = rng() % (codes.size() - 1);
    float mid = oracle::exactFloat((codes[k].value + codes[k + 1].value) / 2);
    return (rng() & 1 ? -mid : mid) * 8.0f;
  });
  fill(6, randomBelow(std::nextafter(largest * 8.0f, 0.0f)));
  fill(7, randomBelow(std::nextafter(largest * 8.0f, kInf)));
  fill(8, [&](int64_t) { return -std::fabs(normal(rng)); });
  fill(9, [&](int64_t) { return normal(rng) * std::ldexp(1.0f, -149); });
  // rceil: amax / largest rounds down onto 2^-127 (Numerics §2.3's rare case).
  fill(10, [&](int64_t i) {
    return i == 0 ? std::nextafter(std::ldexp(largest, -127), 1.0f)
                  : std::ldexp(1.0f, -130);
  });
  fill(11, [](int64_t) { return -0.0f; });
  fill(12, [&](int64_t i) { return i == block - 1 ? kInf : normal(rng); });
  fill(13, randomBelow(16.0f));
  fill(14, [&](int64_t i) { return i % 3 ? FLT_MAX : -FLT_MAX; });
  fill(15, [&](int64_t i) { return i == 1 ? fromBits(0xFFC00001u) : normal(rng); });
  return x;
}

//===----------------------------------------------------------------------===//
// Running the library
//===----------------------------------------------------------------------===//

struct LibraryResult {
  std::vector<uint8_t> data, scales;
  float global = 0.0f;
};

/// Quantizes with canaries after both outputs, checking they stay intact.
LibraryResult runQuantize(const Scheme &scheme, ScaleRule rule,
                          const std::vector<float> &x, int64_t rows,
                          int64_t cols, std::optional<float> given) {
  LibraryResult result;
  size_t dataSize = dataBytes(scheme, rows, cols);
  size_t scaleSize = scaleBytes(scheme, rows, cols);
  EXPECT_EQ(dataSize * 8, static_cast<size_t>(rows * cols) * bitsOfElement(scheme));
  EXPECT_EQ(scaleSize, static_cast<size_t>(rows * (cols / scheme.blockSize)));
  result.data.assign(dataSize + 8, kCanary);
  result.scales.assign(scaleSize + 8, kCanary);
  Status status = quantize(scheme, rule, x.data(), rows, cols, given,
                           result.data.data(), result.scales.data(),
                           &result.global);
  EXPECT_TRUE(status.ok()) << status.message();
  for (size_t i = dataSize; i < result.data.size(); ++i)
    EXPECT_EQ(result.data[i], kCanary) << "quantize wrote past its data";
  for (size_t i = scaleSize; i < result.scales.size(); ++i)
    EXPECT_EQ(result.scales[i], kCanary) << "quantize wrote past its scales";
  result.data.resize(dataSize);
  result.scales.resize(scaleSize);
  return result;
}

std::vector<float> runDequantize(const Scheme &scheme, const LibraryResult &q,
                                 int64_t rows, int64_t cols) {
  std::vector<float> out(static_cast<size_t>(rows * cols) + 4, 1234.5f);
  Status status = dequantize(scheme, q.data.data(), q.scales.data(), q.global,
                             rows, cols, out.data());
  EXPECT_TRUE(status.ok()) << status.message();
  for (size_t i = static_cast<size_t>(rows * cols); i < out.size(); ++i)
    EXPECT_EQ(out[i], 1234.5f) << "dequantize wrote past its output";
  out.resize(static_cast<size_t>(rows * cols));
  return out;
}

/// quantize and dequantize agree with the oracle bit for bit.
void checkAgainstOracle(const Scheme &scheme, ScaleRule rule,
                        const std::vector<float> &x, int64_t rows,
                        int64_t cols, std::optional<float> given = {}) {
  LibraryResult lib = runQuantize(scheme, rule, x, rows, cols, given);
  Quantized want = oracleQuantize(scheme, rule, x, rows, cols, given);
  EXPECT_TRUE(sameFloat(lib.global, want.global))
      << lib.global << " vs " << want.global;

  int failures = 0;
  for (size_t b = 0; b < want.scales.size() && failures < 10; ++b)
    if (lib.scales[b] != want.scales[b]) {
      ++failures;
      ADD_FAILURE() << "scale of block " << b << ": " << int(lib.scales[b])
                    << ", expected " << int(want.scales[b]);
    }
  std::vector<unsigned> codes = unpackRows(scheme, lib.data.data(), rows, cols);
  for (size_t i = 0; i < codes.size() && failures < 10; ++i)
    if (codes[i] != want.codes[i]) {
      ++failures;
      ADD_FAILURE() << "code of element " << i << " (block "
                    << i / scheme.blockSize << ", x = " << x[i]
                    << "): " << codes[i] << ", expected " << want.codes[i];
    }

  std::vector<float> got = runDequantize(scheme, lib, rows, cols);
  std::vector<float> expected =
      oracleDequantize(scheme, want.codes, want.scales, want.global);
  for (size_t i = 0; i < got.size() && failures < 10; ++i)
    if (!sameFloat(got[i], expected[i])) {
      ++failures;
      ADD_FAILURE() << "dequantized element " << i << ": " << got[i]
                    << ", expected " << expected[i];
    }
}

//===----------------------------------------------------------------------===//
// Against the oracle, every scheme
//===----------------------------------------------------------------------===//

TEST(QuantizeSchemes, NamedSchemesAreTheSpecOnes) {
  for (const SchemeCase &c : namedCases()) {
    std::optional<Scheme> scheme = lookupScheme(c.name);
    ASSERT_TRUE(scheme.has_value()) << c.name;
    EXPECT_TRUE(*scheme == c.scheme) << c.name;
    EXPECT_TRUE(verifyScheme(c.scheme).ok()) << c.name;
  }
  EXPECT_EQ(namedSchemes().size(), namedCases().size());
  EXPECT_FALSE(lookupScheme("mxfp5").has_value());
}

class QuantizeScheme : public ::testing::TestWithParam<SchemeCase> {};

TEST_P(QuantizeScheme, MatchesTheBlockOracleWithSpecialBlocks) {
  const Scheme &scheme = GetParam().scheme;
  const int64_t rows = 5, cols = scheme.blockSize * std::max(4, 256 / scheme.blockSize);
  std::vector<float> x = makeInput(scheme, rows, cols, 17 + scheme.blockSize,
                                   -140.0, 120.0, /*specials=*/true);
  for (ScaleRule rule : {ScaleRule::Floor, ScaleRule::RCeil}) {
    SCOPED_TRACE(rule == ScaleRule::Floor ? "floor" : "rceil");
    checkAgainstOracle(scheme, rule, x, rows, cols);
  }
}

TEST_P(QuantizeScheme, MatchesTheBlockOracleOnFiniteData) {
  // No NaN or Inf anywhere, so NVFP4 computes its global from the data.
  const Scheme &scheme = GetParam().scheme;
  const int64_t rows = 7, cols = scheme.blockSize * std::max(3, 192 / scheme.blockSize);
  std::vector<float> x = makeInput(scheme, rows, cols, 23 + scheme.blockSize,
                                   -24.0, 8.0, /*specials=*/false);
  for (ScaleRule rule : {ScaleRule::Floor, ScaleRule::RCeil}) {
    SCOPED_TRACE(rule == ScaleRule::Floor ? "floor" : "rceil");
    checkAgainstOracle(scheme, rule, x, rows, cols);
  }
}

TEST_P(QuantizeScheme, DequantizesArbitraryBytesLikeTheOracle) {
  const Scheme &scheme = GetParam().scheme;
  const int64_t rows = 3, cols = scheme.blockSize * 6;
  std::mt19937 rng(41 + scheme.blockSize);
  LibraryResult q;
  q.data.resize(dataBytes(scheme, rows, cols));
  q.scales.resize(scaleBytes(scheme, rows, cols));
  for (uint8_t &byte : q.data)
    byte = static_cast<uint8_t>(rng());
  // E8M0 scales take every code, 0x00 and 0xFF included; UE4M3 ones are
  // unsigned, sign bit clear.
  for (uint8_t &byte : q.scales)
    byte = static_cast<uint8_t>(rng() & (scheme.hasGlobal ? 0x7F : 0xFF));
  q.scales[0] = scheme.hasGlobal ? 0x7F : 0xFF;
  q.scales[1] = 0x00;
  q.global = scheme.hasGlobal ? 0.0123f : 1.0f;
  std::vector<float> got = runDequantize(scheme, q, rows, cols);
  std::vector<float> expected =
      oracleDequantize(scheme, unpackRows(scheme, q.data.data(), rows, cols),
                       q.scales, q.global);
  for (size_t i = 0; i < got.size(); ++i)
    ASSERT_TRUE(sameFloat(got[i], expected[i]))
        << "element " << i << ": " << got[i] << ", expected " << expected[i];
}

TEST_P(QuantizeScheme, ZeroRowsIsANoOp) {
  const Scheme &scheme = GetParam().scheme;
  uint8_t data[4] = {kCanary, kCanary, kCanary, kCanary};
  uint8_t scales[4] = {kCanary, kCanary, kCanary, kCanary};
  float x[1] = {1.0f};
  float global = 0.0f;
  EXPECT_TRUE(quantize(scheme, ScaleRule::Floor, x, 0, scheme.blockSize, {},
                       data, scales, &global)
                  .ok());
  EXPECT_EQ(data[0], kCanary);
  EXPECT_EQ(scales[0], kCanary);
  EXPECT_EQ(global, 1.0f); // nothing to take an amax of
  float out[1] = {5.0f};
  EXPECT_TRUE(dequantize(scheme, data, scales, 1.0f, 0, scheme.blockSize, out).ok());
  EXPECT_EQ(out[0], 5.0f);
}

// dequantize(quantize(x)) within the rounding error the element format allows
// at the block's scale (Gaussian data at moderate magnitudes).
TEST_P(QuantizeScheme, RoundTripErrorWithinTheFormatBound) {
  const Scheme &scheme = GetParam().scheme;
  const int64_t rows = 16, cols = scheme.blockSize * std::max(4, 512 / scheme.blockSize);
  std::mt19937 rng(5 + scheme.blockSize);
  std::normal_distribution<float> normal;
  std::uniform_real_distribution<float> rowExponent(-8.0f, 8.0f);
  std::vector<float> x(static_cast<size_t>(rows * cols));
  for (int64_t r = 0; r < rows; ++r) {
    // NVFP4's global follows the tensor amax: rows of one magnitude keep
    // every block scale a normal UE4M3 value.
    float scale = scheme.hasGlobal ? 1.0f : std::exp2(rowExponent(rng));
    for (int64_t i = 0; i < cols; ++i)
      x[r * cols + i] = normal(rng) * scale;
  }
  const oracle::SpecRow spec = oracle::specRow(scheme.element);
  const long double largest = spec.largestFinite;
  const long double smallest = spec.smallest; // the subnormal quantum
  const int m = spec.mantissaBits;

  for (ScaleRule rule : {ScaleRule::Floor, ScaleRule::RCeil}) {
    SCOPED_TRACE(rule == ScaleRule::Floor ? "floor" : "rceil");
    LibraryResult q = runQuantize(scheme, rule, x, rows, cols, {});
    std::vector<float> back = runDequantize(scheme, q, rows, cols);
    size_t saturated = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      uint8_t s = q.scales[i / static_cast<size_t>(scheme.blockSize)];
      long double xi = x[i];
      long double err = std::fabs(static_cast<long double>(back[i]) - xi);
      // y: the element in units of the block scale, as rounded to a code.
      long double unit, y;
      if (scheme.hasGlobal) {
        long double sv = oracle::value(Format::UE4M3, s);
        ASSERT_GE(s, 0x08) << "block scales here are normal UE4M3 values";
        unit = sv * static_cast<long double>(q.global);
        // One UE4M3 rounding (relative 2^-4) keeps the block's scaled amax at
        // most 6 * (1 + 2^-4), plus f32 slack for g and g / s.
        y = std::fabs(xi) / unit;
        ASSERT_LE(y, 6.375L * (1 + 0x1p-20L)) << "element " << i;
      } else {
        ASSERT_NE(s, 0xFF);
        unit = std::ldexp(1.0L, static_cast<int>(s) - 127);
        y = std::fabs(xi) / unit;
        if (rule == ScaleRule::Floor)
          ASSERT_LT(y, std::ldexp(1.0L, spec.emaxElem + 1)) << "element " << i;
      }
      long double bound;
      if (y > largest) {
        // Saturated: the error is what lies above the largest value.
        ++saturated;
        bound = (y - largest) * unit;
      } else if (spec.mantissaBits == 0) {
        bound = smallest / 2 * unit; // INT8: a fixed quantum of 2^-6
      } else {
        // Half an ulp of y, or half the subnormal quantum below the normals.
        bound = std::max(std::ldexp(y, -(m + 1)), smallest / 2) * unit;
      }
      // NVFP4's g, g / s and the dequantize products are rounded f32 values.
      long double slack = scheme.hasGlobal ? std::fabs(xi) * 0x1p-20L : 0.0L;
      ASSERT_LE(err, bound + slack)
          << "element " << i << ": x = " << x[i] << ", back " << back[i];
    }
    // rceil leaves no room to saturate on this data (Numerics §2.3).
    if (!scheme.hasGlobal && rule == ScaleRule::RCeil)
      EXPECT_EQ(saturated, 0u);
  }
}

INSTANTIATE_TEST_SUITE_P(AllSchemes, QuantizeScheme,
                         ::testing::ValuesIn(allCases()), caseName);

//===----------------------------------------------------------------------===//
// Special blocks, by hand
//===----------------------------------------------------------------------===//

class QuantizeMX : public ::testing::TestWithParam<SchemeCase> {};

TEST_P(QuantizeMX, NaNAndInfBlocksGetTheNaNScaleAndZeroCodes) {
  const Scheme &scheme = GetParam().scheme;
  const int64_t cols = 4 * scheme.blockSize;
  std::vector<float> x(static_cast<size_t>(cols), 1.0f);
  x[5] = std::nanf("");                      // block 0
  x[scheme.blockSize + 1] = kInf;            // block 1
  x[2 * scheme.blockSize] = -kInf;           // block 2
  // Block 3: all 1.0, which every element format holds exactly at any e.
  for (ScaleRule rule : {ScaleRule::Floor, ScaleRule::RCeil}) {
    LibraryResult q = runQuantize(scheme, rule, x, 1, cols, {});
    EXPECT_EQ(q.global, 1.0f);
    EXPECT_EQ(q.scales[0], 0xFF);
    EXPECT_EQ(q.scales[1], 0xFF);
    EXPECT_EQ(q.scales[2], 0xFF);
    EXPECT_NE(q.scales[3], 0xFF);
    std::vector<unsigned> codes = unpackRows(scheme, q.data.data(), 1, cols);
    for (int64_t i = 0; i < 3 * scheme.blockSize; ++i)
      ASSERT_EQ(codes[i], 0u) << "element " << i;
    std::vector<float> back = runDequantize(scheme, q, 1, cols);
    for (int64_t i = 0; i < cols; ++i) {
      if (i < 3 * scheme.blockSize)
        ASSERT_TRUE(std::isnan(back[i])) << "element " << i;
      else
        ASSERT_EQ(back[i], 1.0f) << "element " << i;
    }
  }
}

TEST_P(QuantizeMX, ZeroBlocksGetTheSmallestScaleAndZeroCodes) {
  const Scheme &scheme = GetParam().scheme;
  const int64_t cols = 2 * scheme.blockSize;
  std::vector<float> x(static_cast<size_t>(cols), 0.0f);
  std::fill(x.begin() + scheme.blockSize, x.end(), -0.0f); // block 1: -0
  // A signed zero keeps its sign (Numerics §1), except in MXINT8 where zero is
  // +0.
  const unsigned negativeZero =
      scheme.element == Format::Int8 ? 0u : 1u << (bitsOfElement(scheme) - 1);
  for (ScaleRule rule : {ScaleRule::Floor, ScaleRule::RCeil}) {
    LibraryResult q = runQuantize(scheme, rule, x, 1, cols, {});
    // floor: -127 - emax_elem clamps to -127; rceil: r = 0 gives -127.
    EXPECT_EQ(q.scales[0], 0x00);
    EXPECT_EQ(q.scales[1], 0x00);
    for (int64_t i = 0; i < scheme.blockSize * bitsOfElement(scheme) / 8; ++i)
      ASSERT_EQ(q.data[i], 0x00) << "byte " << i;
    std::vector<unsigned> codes = unpackRows(scheme, q.data.data(), 1, cols);
    for (int64_t i = scheme.blockSize; i < cols; ++i)
      ASSERT_EQ(codes[i], negativeZero) << "element " << i;
    std::vector<float> back = runDequantize(scheme, q, 1, cols);
    for (int64_t i = 0; i < cols; ++i) {
      ASSERT_EQ(back[i], 0.0f) << "element " << i;
      ASSERT_EQ(std::signbit(back[i]), i >= scheme.blockSize && negativeZero != 0)
          << "element " << i;
    }
  }
}

TEST_P(QuantizeMX, GivenGlobalIsRejected) {
  const Scheme &scheme = GetParam().scheme;
  std::vector<float> x(static_cast<size_t>(scheme.blockSize), 1.0f);
  std::vector<uint8_t> data(dataBytes(scheme, 1, scheme.blockSize));
  uint8_t scale = 0;
  Status status = quantize(scheme, ScaleRule::Floor, x.data(), 1,
                           scheme.blockSize, 0.5f, data.data(), &scale, nullptr);
  EXPECT_FALSE(status.ok());
  EXPECT_FALSE(status.message().empty());
}

std::vector<SchemeCase> mxCases() {
  std::vector<SchemeCase> cases;
  for (const SchemeCase &c : namedCases())
    if (!c.scheme.hasGlobal)
      cases.push_back(c);
  return cases;
}

INSTANTIATE_TEST_SUITE_P(NamedMX, QuantizeMX, ::testing::ValuesIn(mxCases()),
                         caseName);

//===----------------------------------------------------------------------===//
// NVFP4
//===----------------------------------------------------------------------===//

TEST(QuantizeNvfp4, NaNAndInfBlocksGetTheNaNScaleAndGlobalOne) {
  const Scheme scheme = nv();
  std::vector<float> x(64, 3.0f);
  x[3] = -std::nanf("");  // block 0
  x[16] = kInf;           // block 1
  x[47] = -kInf;          // block 2; block 3 all 3.0
  LibraryResult q = runQuantize(scheme, ScaleRule::Floor, x, 1, 64, {});
  EXPECT_EQ(q.global, 1.0f); // Numerics §3.1: g = 1 if an element is NaN / Inf
  EXPECT_EQ(q.scales[0], 0x7F);
  EXPECT_EQ(q.scales[1], 0x7F);
  EXPECT_EQ(q.scales[2], 0x7F);
  // Block 3: s = e4m3(3 / 6 * 1) = 0.5 (0x30), q = e2m1(3 * (1 / 0.5)) = 6.
  EXPECT_EQ(q.scales[3], 0x30);
  for (int i = 0; i < 24; ++i)
    ASSERT_EQ(q.data[i], 0x00) << "byte " << i;
  for (int i = 24; i < 32; ++i)
    ASSERT_EQ(q.data[i], 0x77) << "byte " << i;
  std::vector<float> back = runDequantize(scheme, q, 1, 64);
  for (int i = 0; i < 64; ++i) {
    if (i < 48)
      ASSERT_TRUE(std::isnan(back[i])) << "element " << i;
    else
      ASSERT_EQ(back[i], 3.0f) << "element " << i;
  }
}

TEST(QuantizeNvfp4, GlobalIsComputedFromTheTensorAmax) {
  const Scheme scheme = nv();
  // amax_t = 12: g = 2688 / 12 = 224 and the stored global is 12 / 2688.
  std::vector<float> x(32, 0.0f);
  x[0] = -12.0f;
  x[1] = 3.0f;
  for (int i = 16; i < 32; ++i)
    x[i] = 1.5f;
  LibraryResult q = runQuantize(scheme, ScaleRule::Floor, x, 1, 32, {});
  EXPECT_EQ(q.global, 12.0f / 2688.0f);
  // Block 0: s = e4m3(12 / 6 * 224) = 448 (0x7E); g / s = 0.5, so -12 -> -6
  // (0xF), 3 -> 1.5 (0x3), zeros -> 0.
  EXPECT_EQ(q.scales[0], 0x7E);
  EXPECT_EQ(q.data[0], 0x3F);
  for (int i = 1; i < 8; ++i)
    EXPECT_EQ(q.data[i], 0x00) << "byte " << i;
  // Block 1: s = e4m3(1.5 / 6 * 224) = 56 = 1.75 * 2^5 (0x66);
  // 1.5 * (224 / 56) = 6.
  EXPECT_EQ(q.scales[1], 0x66);
  for (int i = 8; i < 16; ++i)
    EXPECT_EQ(q.data[i], 0x77) << "byte " << i;
  checkAgainstOracle(scheme, ScaleRule::Floor, x, 1, 32);

  // The stored global is amax_t / 2688 as one f32 division, over any range.
  std::mt19937 rng(9);
  std::uniform_real_distribution<float> exponent(-100.0f, 100.0f);
  std::uniform_real_distribution<float> fraction(0.0f, 0.5f);
  for (int trial = 0; trial < 300; ++trial) {
    float amax = std::exp2(exponent(rng));
    std::vector<float> t(16);
    for (float &v : t)
      v = amax * fraction(rng);
    t[trial % 16] = trial % 2 ? amax : -amax;
    LibraryResult r = runQuantize(scheme, ScaleRule::Floor, t, 1, 16, {});
    ASSERT_EQ(bitsOf(r.global), bitsOf(amax / 2688.0f)) << amax;
  }
}

// Elements that land exactly on an E2M1 midpoint after x * (g / s) round to
// the even code: the quotient g / s must be the one f32 division Numerics §3.4
// computes (a product with a rounded 1 / s lands elsewhere).
TEST(QuantizeNvfp4, ElementTiesAfterTheBlockQuotientRoundToEven) {
  const Scheme scheme = nv();
  const float mids[7] = {0.25f, 0.75f, 1.25f, 1.75f, 2.5f, 3.5f, 5.0f};
  const unsigned evenCodes[7] = {0x0, 0x2, 0x2, 0x4, 0x4, 0x6, 0x6};
  const int64_t rows = 128, cols = 16;
  std::mt19937 rng(77);
  std::uniform_real_distribution<float> exponent(0.0f, 8.7f);
  std::uniform_real_distribution<float> small(-0.2f, 0.2f);
  std::uniform_real_distribution<float> mantissa(1.0f, 2.0f);
  // Several globals, since g / s and a rounded alternative such as
  // 1 / (s / g) coincide for many (g, s) pairs.
  for (int tensor = 0; tensor < 8; ++tensor) {
    const float given = std::ldexp(mantissa(rng), -12 + tensor);
    const float g = 1.0f / given;
    SCOPED_TRACE("given global " + std::to_string(given));
    std::vector<float> x(static_cast<size_t>(rows * cols));
    std::vector<int> tieAt(x.size(), -1); // index into mids, or -1
    for (int64_t r = 0; r < rows; ++r) {
      float *row = &x[r * cols];
      // t = (amax / 6) * g in [1, 416]: a normal UE4M3 block scale.
      float amax = 6.0f * given * std::exp2(exponent(rng));
      unsigned s = oracle::encode(Format::UE4M3, (amax / 6.0f) * g);
      float factor = g / value(Format::UE4M3, s);
      row[0] = amax;
      for (int64_t i = 1; i < cols; ++i)
        row[i] = small(rng) / factor;
      for (int j = 0; j < 7; ++j) {
        float target = ((r + j) % 2 ? -1.0f : 1.0f) * mids[j];
        float guess = target / factor;
        for (float candidate : {guess, std::nextafter(guess, 0.0f),
                                std::nextafter(guess, 2 * guess)}) {
          if (candidate * factor == target) {
            row[1 + j] = candidate;
            tieAt[r * cols + 1 + j] = j;
            break;
          }
        }
      }
    }
    LibraryResult q = runQuantize(scheme, ScaleRule::Floor, x, rows, cols, given);
    std::vector<unsigned> codes = unpackRows(scheme, q.data.data(), rows, cols);
    int ties = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      if (tieAt[i] < 0)
        continue;
      ++ties;
      unsigned expected = evenCodes[tieAt[i]] | (x[i] < 0 ? 0x8u : 0x0u);
      ASSERT_EQ(codes[i], expected) << "row " << i / cols << ", x = " << x[i]
                                    << ", a tie at " << mids[tieAt[i]];
    }
    EXPECT_GT(ties, rows * 7 / 4) << "too few exact ties to test anything";
    checkAgainstOracle(scheme, ScaleRule::Floor, x, rows, cols, given);
  }
}

TEST(QuantizeNvfp4, ZeroTensorAndZeroBlocks) {
  const Scheme scheme = nv();
  std::vector<float> zeros(48, 0.0f);
  zeros[20] = -0.0f;
  LibraryResult q = runQuantize(scheme, ScaleRule::Floor, zeros, 1, 48, {});
  EXPECT_EQ(q.global, 1.0f);
  for (uint8_t s : q.scales)
    EXPECT_EQ(s, 0x00);
  for (uint8_t byte : q.data)
    EXPECT_EQ(byte, 0x00); // s = 0: every code is 0x0, -0 included
  for (float v : runDequantize(scheme, q, 1, 48)) {
    EXPECT_EQ(v, 0.0f);
    EXPECT_FALSE(std::signbit(v));
  }

  // A block far below the tensor amax: its scale underflows UE4M3 to 0.
  std::vector<float> x(32, -0.0f);
  x[0] = 1000.0f;
  for (int i = 16; i < 32; ++i)
    x[i] = 1e-4f * (i - 20);
  LibraryResult small = runQuantize(scheme, ScaleRule::Floor, x, 1, 32, {});
  EXPECT_EQ(small.scales[1], 0x00);
  for (int i = 8; i < 16; ++i)
    EXPECT_EQ(small.data[i], 0x00) << "byte " << i;
  checkAgainstOracle(scheme, ScaleRule::Floor, x, 1, 32);
}

/// Blocks around a tensor amax of `amax`: the amax itself beside signed
/// zeros, blocks 2^-4 .. 2^-40 below it (down to f32 subnormals and zero),
/// an all-zero and an all -0 block, and random blocks.
std::vector<float> tinyTensor(float amax, int64_t rows, int64_t cols,
                              unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<float> x(static_cast<size_t>(rows * cols));
  for (size_t b = 0; b < x.size() / 16; ++b) {
    float top = std::ldexp(amax, -4 * static_cast<int>(b % 11));
    for (size_t i = 0; i < 16; ++i)
      x[b * 16 + i] = uniform(rng) * top;
    x[b * 16] = top;
  }
  for (size_t i = 0; i < 16; ++i) {
    x[i] = i == 0 ? -amax : (i % 2 ? 0.0f : -0.0f); // the amax among zeros
    x[16 + i] = 0.0f;
    x[32 + i] = -0.0f;
  }
  return x;
}

/// Numerics §3.4: with g or g / s clamped to FLT_MAX a finite block never
/// yields a NaN product, so zeros encode to 0x0 / 0x8 (every code 0x0 in a
/// block whose scale is 0), never to -6 (0xF).
void expectZerosStayZeros(const Scheme &scheme, const std::vector<float> &x,
                          const LibraryResult &q, int64_t rows, int64_t cols) {
  std::vector<unsigned> codes = unpackRows(scheme, q.data.data(), rows, cols);
  for (size_t i = 0; i < x.size(); ++i) {
    if (x[i] != 0.0f)
      continue;
    bool zeroScale = q.scales[i / static_cast<size_t>(scheme.blockSize)] == 0;
    unsigned expected = std::signbit(x[i]) && !zeroScale ? 0x8u : 0x0u;
    ASSERT_EQ(codes[i], expected)
        << "element " << i << " is " << (std::signbit(x[i]) ? "-0" : "+0");
  }
}

TEST(QuantizeNvfp4, TinyTensorAmaxClampsTheEncodeScales) {
  const Scheme scheme = nv();
  const int64_t rows = 4, cols = 64;
  // The code of the tensor's -amax, worked out by hand. Down to ~7.9e-36
  // g = 2688 / amax is finite, s = 448 and -amax * g / 448 = -6. Below, g is
  // FLT_MAX: 1e-36 gives s = e4m3(56.7) = 56 and -amax * FLT_MAX / 56 = -6.1;
  // 1e-38 gives s = 0.5625, g / s clamps to FLT_MAX and -amax * FLT_MAX =
  // -3.4 -> -3 (0xD); 1e-40: -0.034 -> -0 (0x8); 1e-44: s = 0, code 0x0.
  const struct {
    float amax;
    unsigned code;
  } cases[] = {{1e-30f, 0xF}, {1e-33f, 0xF}, {1e-36f, 0xF},
               {1e-38f, 0xD}, {1e-40f, 0x8}, {1e-44f, 0x0}};
  for (const auto &c : cases) {
    SCOPED_TRACE("tensor amax " + std::to_string(c.amax));
    std::vector<float> x = tinyTensor(c.amax, rows, cols, 5);
    checkAgainstOracle(scheme, ScaleRule::Floor, x, rows, cols);
    LibraryResult q = runQuantize(scheme, ScaleRule::Floor, x, rows, cols, {});
    EXPECT_EQ(q.global, c.amax / 2688.0f);
    expectZerosStayZeros(scheme, x, q, rows, cols);
    EXPECT_EQ(unpackRows(scheme, q.data.data(), rows, cols)[0], c.code);
  }
}

TEST(QuantizeNvfp4, SubnormalGivenGlobalClampsTheEncodeScale) {
  const Scheme scheme = nv();
  // Numerics §3.3 / §3.4 on [1, 0 x 15] with global 1e-40: g = FLT_MAX,
  // s = 448 (saturated), f = FLT_MAX / 448, codes [6, 0 x 15].
  std::vector<float> one(16, 0.0f);
  one[0] = 1.0f;
  one[5] = -0.0f;
  LibraryResult q = runQuantize(scheme, ScaleRule::Floor, one, 1, 16, 1e-40f);
  EXPECT_EQ(q.scales[0], 0x7E);
  EXPECT_EQ(q.data[0], 0x07);
  EXPECT_EQ(q.data[2], 0x80); // element 5 is -0
  for (int i : {1, 3, 4, 5, 6, 7})
    EXPECT_EQ(q.data[i], 0x00) << "byte " << i;
  for (float given : {1e-40f, 1e-45f, FLT_TRUE_MIN, 1e-38f}) {
    SCOPED_TRACE("given global " + std::to_string(given));
    for (float amax : {1.0f, 1e-30f, 1e-40f}) {
      std::vector<float> x = tinyTensor(amax, 4, 64, 6);
      checkAgainstOracle(scheme, ScaleRule::Floor, x, 4, 64, given);
      LibraryResult r = runQuantize(scheme, ScaleRule::Floor, x, 4, 64, given);
      expectZerosStayZeros(scheme, x, r, 4, 64);
    }
  }
}

TEST(QuantizeNvfp4, GivenGlobalMatchesTheOracle) {
  for (const Scheme &scheme : {nv(), nv(32)}) {
    const int64_t rows = 6, cols = 8 * scheme.blockSize;
    std::vector<float> x = makeInput(scheme, rows, cols, 3, -10.0, 6.0, false);
    // A calibrated global, one so small every scale saturates at 448, one so
    // large most scales underflow.
    for (float given : {0.01f, 0.37f, 1e-7f, 30.0f}) {
      SCOPED_TRACE("given global " + std::to_string(given));
      checkAgainstOracle(scheme, ScaleRule::Floor, x, rows, cols, given);
      LibraryResult q = runQuantize(scheme, ScaleRule::Floor, x, rows, cols, given);
      EXPECT_EQ(q.global, given); // stored as given, decode direction
    }
    // With special blocks: the given global is used regardless of NaN / Inf.
    std::vector<float> special = makeInput(scheme, rows, cols, 4, -10.0, 6.0, true);
    checkAgainstOracle(scheme, ScaleRule::Floor, special, rows, cols, 0.05f);
  }
}

TEST(QuantizeNvfp4, GivenGlobalMustBePositiveAndFinite) {
  const Scheme scheme = nv();
  std::vector<float> x(16, 1.0f);
  uint8_t data[8], scale[1];
  for (float bad : {0.0f, -0.0f, -0.5f, kInf, -kInf, std::nanf("")}) {
    float global = 123.0f;
    Status status = quantize(scheme, ScaleRule::Floor, x.data(), 1, 16, bad,
                             data, scale, &global);
    EXPECT_FALSE(status.ok()) << bad;
    EXPECT_NE(status.message().find("positive and finite"), std::string::npos)
        << status.message();
  }
}

//===----------------------------------------------------------------------===//
// Shape and scheme errors
//===----------------------------------------------------------------------===//

TEST(QuantizeErrors, ColsNotAMultipleOfTheBlockAreAnError) {
  // Buffers large enough for any of the calls, so a missing check shows as a
  // failed expectation rather than a crash.
  std::vector<float> x(4096, 1.0f);
  std::vector<uint8_t> data(4096), scales(256);
  std::vector<float> out(4096);
  struct Bad {
    Scheme scheme;
    int64_t cols;
  };
  for (const Bad &bad : {Bad{mx(Format::E2M1), 48}, Bad{mx(Format::E4M3), 33},
                         Bad{mx(Format::E2M3), 40}, Bad{mx(Format::Int8), 1},
                         Bad{nv(), 24}, Bad{nv(), 8}, Bad{mx(Format::E2M1, 64), 96}}) {
    SCOPED_TRACE("block " + std::to_string(bad.scheme.blockSize) + ", cols " +
                 std::to_string(bad.cols));
    Status q = quantize(bad.scheme, ScaleRule::Floor, x.data(), 2, bad.cols, {},
                        data.data(), scales.data(), nullptr);
    EXPECT_FALSE(q.ok());
    EXPECT_NE(q.message().find("multiple of the block size"), std::string::npos)
        << q.message();
    Status d = dequantize(bad.scheme, data.data(), scales.data(), 1.0f, 2,
                          bad.cols, out.data());
    EXPECT_FALSE(d.ok());
    EXPECT_NE(d.message().find("multiple of the block size"), std::string::npos)
        << d.message();
  }
}

TEST(QuantizeErrors, BadSchemesAndNegativeSizesAreAnError) {
  std::vector<float> x(4096, 1.0f);
  std::vector<uint8_t> data(4096), scales(256);
  std::vector<float> out(4096);
  const Scheme badSchemes[] = {
      mx(Format::E2M1, 3),                        // splits a byte
      mx(Format::E2M3, 6),                        // splits an FP6 group
      mx(Format::E4M3, 0),                        // empty blocks
      mx(Format::E4M3, -32),
      {Format::E4M3, 16, Format::UE4M3, true},    // UE4M3 is for E2M1 only
      {Format::E2M1, 16, Format::UE4M3, false},   // UE4M3 without a global
      {Format::E2M1, 32, Format::E8M0, true},     // a global without UE4M3
      mx(Format::E8M0),                           // not an element format
      {Format::E2M1, 32, Format::E4M3, false},    // not a scale format
  };
  for (const Scheme &scheme : badSchemes) {
    SCOPED_TRACE("element " + std::to_string(int(scheme.element)) + ", block " +
                 std::to_string(scheme.blockSize));
    EXPECT_FALSE(verifyScheme(scheme).ok());
    Status q = quantize(scheme, ScaleRule::Floor, x.data(), 1, 96, {},
                        data.data(), scales.data(), nullptr);
    EXPECT_FALSE(q.ok());
    EXPECT_FALSE(q.message().empty());
    EXPECT_FALSE(
        dequantize(scheme, data.data(), scales.data(), 1.0f, 1, 96, out.data()).ok());
  }
  Status negative = quantize(mx(Format::E2M1), ScaleRule::Floor, x.data(), -1,
                             32, {}, data.data(), scales.data(), nullptr);
  EXPECT_FALSE(negative.ok());
  EXPECT_FALSE(dequantize(mx(Format::E2M1), data.data(), scales.data(), 1.0f, 1,
                          -32, out.data())
                   .ok());
}

} // namespace
