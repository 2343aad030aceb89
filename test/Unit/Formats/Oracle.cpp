//===- Oracle.cpp - Slow, independent restatement of Numerics.md ---------===//

#include "Oracle.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace oracle {

namespace {

/// Bit fields of the floating-point formats (Numerics §1).
struct Layout {
  bool isFloat;
  bool hasSign; // UE4M3 codes keep E4M3's sign bit position
  int exponentBits;
  int mantissaBits;
  int bias;
};

Layout layout(Format format) {
  switch (format) {
  case Format::E2M1:
    return {true, true, 2, 1, 1};
  case Format::E2M3:
    return {true, true, 2, 3, 1};
  case Format::E3M2:
    return {true, true, 3, 2, 3};
  case Format::E4M3:
  case Format::UE4M3:
    return {true, true, 4, 3, 7};
  case Format::E5M2:
    return {true, true, 5, 2, 15};
  case Format::E8M0:
    return {true, false, 8, 0, 127};
  case Format::Int8:
    return {false, true, 0, 0, 0};
  }
  return {};
}

int bitsOf(Format format) { return specRow(format).bits; }

bool isUnsignedScale(Format format) {
  return format == Format::E8M0 || format == Format::UE4M3;
}

} // namespace

const std::vector<Format> &allFormats() {
  static const std::vector<Format> formats = {
      Format::E2M1, Format::E2M3, Format::E3M2, Format::E4M3,
      Format::E5M2, Format::Int8, Format::E8M0, Format::UE4M3};
  return formats;
}

const std::vector<Format> &elementFormats() {
  static const std::vector<Format> formats = {Format::E2M1, Format::E2M3,
                                              Format::E3M2, Format::E4M3,
                                              Format::E5M2, Format::Int8};
  return formats;
}

std::string name(Format format) {
  switch (format) {
  case Format::E2M1:
    return "E2M1";
  case Format::E2M3:
    return "E2M3";
  case Format::E3M2:
    return "E3M2";
  case Format::E4M3:
    return "E4M3";
  case Format::E5M2:
    return "E5M2";
  case Format::Int8:
    return "INT8";
  case Format::E8M0:
    return "E8M0";
  case Format::UE4M3:
    return "UE4M3";
  }
  return "?";
}

SpecRow specRow(Format format) {
  switch (format) {
  case Format::E2M1:
    return {4, 6.0L, 0.5L, 2, 1};
  case Format::E2M3:
    return {6, 7.5L, 0.125L, 2, 3};
  case Format::E3M2:
    return {6, 28.0L, 0.0625L, 4, 2};
  case Format::E4M3:
  case Format::UE4M3:
    return {8, 448.0L, std::ldexp(1.0L, -9), 8, 3};
  case Format::E5M2:
    return {8, 57344.0L, std::ldexp(1.0L, -16), 15, 2};
  case Format::Int8:
    return {8, 127.0L / 64, 1.0L / 64, 0, 0};
  case Format::E8M0:
    return {8, std::ldexp(1.0L, 127), std::ldexp(1.0L, -127), 127, 0};
  }
  return {};
}

bool isNaNCode(Format format, unsigned code) {
  return std::isnan(value(format, code));
}

long double value(Format format, unsigned code) {
  const long double nan = std::numeric_limits<long double>::quiet_NaN();
  code &= (1u << bitsOf(format)) - 1;
  if (format == Format::Int8)
    return (code >= 128 ? static_cast<long double>(code) - 256 : code) / 64.0L;
  Layout l = layout(format);
  bool negative = l.hasSign && (code >> (bitsOf(format) - 1)) != 0;
  unsigned field = (code >> l.mantissaBits) & ((1u << l.exponentBits) - 1);
  unsigned frac = code & ((1u << l.mantissaBits) - 1);
  unsigned allOnes = (1u << l.exponentBits) - 1;
  long double v;
  if (format == Format::E8M0) {
    if (code == 0xFF)
      return nan;
    v = std::ldexp(1.0L, static_cast<int>(code) - 127);
  } else if ((format == Format::E4M3 || format == Format::UE4M3) &&
             field == allOnes && frac == (1u << l.mantissaBits) - 1) {
    return nan; // S.1111.111
  } else if (format == Format::E5M2 && field == allOnes) {
    if (frac != 0)
      return nan;
    v = std::numeric_limits<long double>::infinity();
  } else if (field == 0) {
    v = std::ldexp(static_cast<long double>(frac),
                   1 - l.bias - l.mantissaBits);
  } else {
    v = std::ldexp(static_cast<long double>((1u << l.mantissaBits) + frac),
                   static_cast<int>(field) - l.bias - l.mantissaBits);
  }
  return negative ? -v : v;
}

const std::vector<CodeValue> &nonNegativeCodes(Format format) {
  static std::map<Format, std::vector<CodeValue>> cache;
  std::vector<CodeValue> &codes = cache[format];
  if (!codes.empty())
    return codes;
  unsigned count = 1u << bitsOf(format);
  for (unsigned code = 0; code < count; ++code) {
    long double v = value(format, code);
    bool signBit = format != Format::E8M0 && (code >> (bitsOf(format) - 1));
    if (signBit || std::isnan(v) || std::isinf(v))
      continue;
    codes.push_back({v, code});
  }
  for (size_t i = 1; i < codes.size(); ++i)
    EXPECT_LT(codes[i - 1].value, codes[i].value) << name(format);
  return codes;
}

unsigned encode(Format format, long double x) {
  int bits = bitsOf(format);
  bool negative = std::signbit(x);
  if (std::isnan(x)) {
    switch (format) {
    case Format::E4M3:
      return negative ? 0xFF : 0x7F;
    case Format::E5M2:
      return negative ? 0xFE : 0x7E;
    case Format::E8M0:
      return 0xFF;
    case Format::UE4M3:
      return 0x7F;
    default:
      return 0;
    }
  }
  long double mag = std::fabs(x);
  const std::vector<CodeValue> &codes = nonNegativeCodes(format);
  size_t i = std::lower_bound(codes.begin(), codes.end(), mag,
                              [](const CodeValue &c, long double v) {
                                return c.value < v;
                              }) -
             codes.begin();
  CodeValue chosen;
  if (i == codes.size()) {
    chosen = codes.back(); // saturation, +-Inf included
  } else if (codes[i].value == mag || i == 0) {
    chosen = codes[i];
  } else {
    const CodeValue &lo = codes[i - 1], &hi = codes[i];
    long double mid = (lo.value + hi.value) / 2; // exact: few bits
    if (mag < mid)
      chosen = lo;
    else if (mag > mid)
      chosen = hi;
    else if (format == Format::E8M0)
      chosen = hi;
    else
      chosen = lo.code % 2 == 0 ? lo : hi;
  }
  if (format == Format::Int8)
    return negative && chosen.code != 0 ? 256 - chosen.code : chosen.code;
  if (negative && !isUnsignedScale(format))
    return chosen.code | 1u << (bits - 1);
  return chosen.code;
}

int floorScaleExponent(Format element, float amax) {
  long double a = std::fabs(static_cast<long double>(amax));
  int log2Amax = a < std::ldexp(1.0L, -126) ? -127 : std::ilogb(a);
  int e = log2Amax - specRow(element).emaxElem;
  return std::min(127, std::max(-127, e));
}

int rceilScaleExponent(Format element, float amax) {
  float largest = static_cast<float>(specRow(element).largestFinite);
  float r = std::fabs(amax) / largest; // Numerics §2.3's one f32 division
  if (r == 0.0f)
    return -127;
  int e = -160;
  while (std::ldexp(1.0L, e) < r)
    ++e;
  return std::min(127, std::max(-127, e));
}

unsigned packedCode(Format format, const uint8_t *row, int64_t i) {
  int bits = bitsOf(format);
  unsigned code = 0;
  for (int b = 0; b < bits; ++b) {
    int64_t bit = i * bits + b;
    code |= ((row[bit / 8] >> (bit % 8)) & 1u) << b;
  }
  return code;
}

float exactFloat(long double x) {
  float f = static_cast<float>(x);
  EXPECT_TRUE(std::isnan(x) || static_cast<long double>(f) == x)
      << "not exact in f32: " << static_cast<double>(x);
  return f;
}

} // namespace oracle
