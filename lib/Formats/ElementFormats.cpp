//===- ElementFormats.cpp - Element and scale format codecs ---------------===//
//
// Encoding splits an f32 into sign, integer exponent and a 24-bit significand
// (f32 subnormals normalised), so that |x| / 2^shift = sig * 2^(exp - 23)
// exactly for any shift. The significand is then shifted right to the
// target's quantum with round to nearest even in integer arithmetic and added
// to the biased exponent field: a round-up that carries out of the fraction
// lands in the next binade by itself, and subnormal targets come out of the
// same formula because their quantum is that of the smallest normal binade.
// Decoding is a table per format, computed at compile time from the format
// definition.
//
//===----------------------------------------------------------------------===//

#include "microscale/Formats/ElementFormats.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

using namespace microscale::formats;

namespace {

constexpr std::array<FormatInfo, kNumFormats> kFormatInfos = {{
    {"e2m1", 4, 1, 1, 0, true, false, 0x07, -1, 2, 6.0f},
    {"e2m3", 6, 3, 1, 0, true, false, 0x1F, -1, 2, 7.5f},
    {"e3m2", 6, 2, 3, -2, true, false, 0x1F, -1, 4, 28.0f},
    {"e4m3", 8, 3, 7, -6, true, false, 0x7E, 0x7F, 8, 448.0f},
    {"e5m2", 8, 2, 15, -14, true, false, 0x7B, 0x7E, 15, 57344.0f},
    {"int8", 8, 0, 0, 0, true, true, 0x7F, -1, 0, 127.0f / 64.0f},
    // E8M0 has no subnormals: code 0x00 is the normal 2^-127.
    {"e8m0", 8, 0, 127, -127, false, false, 0xFE, 0xFF, 127, 0x1p127f},
    {"ue4m3", 8, 3, 7, -6, false, false, 0x7E, 0x7F, 8, 448.0f},
}};

constexpr const FormatInfo &info(Format format) {
  return kFormatInfos[static_cast<size_t>(format)];
}

//===----------------------------------------------------------------------===//
// Decode tables
//===----------------------------------------------------------------------===//

constexpr double pow2(int e) {
  double r = 1.0;
  for (; e > 0; --e)
    r *= 2.0;
  for (; e < 0; ++e)
    r /= 2.0;
  return r;
}

constexpr float codeValue(Format format, unsigned byte) {
  const FormatInfo &f = info(format);
  unsigned code = byte & ((1u << f.bits) - 1);
  constexpr float nan = std::numeric_limits<float>::quiet_NaN();
  if (f.isInteger)
    return static_cast<float>(static_cast<int>(code) - (code >= 128 ? 256 : 0)) /
           64.0f;
  if (format == Format::E8M0)
    return code == 0xFF ? nan : static_cast<float>(pow2(int(code) - 127));
  // UE4M3 shares E4M3's layout: a set top bit reads as the E4M3 sign.
  unsigned magnitude = code & ((1u << (f.bits - 1)) - 1);
  bool negative = code != magnitude;
  unsigned field = magnitude >> f.mantissaBits;
  unsigned frac = magnitude & ((1u << f.mantissaBits) - 1);
  if ((format == Format::E4M3 || format == Format::UE4M3) && magnitude == 0x7F)
    return nan;
  if (format == Format::E5M2 && field == 31) {
    if (frac != 0)
      return nan;
    return negative ? -std::numeric_limits<float>::infinity()
                    : std::numeric_limits<float>::infinity();
  }
  double value =
      field == 0
          ? frac * pow2(f.minExponent - f.mantissaBits)
          : ((1u << f.mantissaBits) + frac) *
                pow2(int(field) - f.exponentBias - f.mantissaBits);
  return static_cast<float>(negative ? -value : value);
}

using DecodeTable = std::array<float, 256>;

constexpr DecodeTable makeDecodeTable(Format format) {
  DecodeTable table{};
  for (unsigned byte = 0; byte < 256; ++byte)
    table[byte] = codeValue(format, byte);
  return table;
}

constexpr std::array<DecodeTable, kNumFormats> kDecodeTables = {{
    makeDecodeTable(Format::E2M1),
    makeDecodeTable(Format::E2M3),
    makeDecodeTable(Format::E3M2),
    makeDecodeTable(Format::E4M3),
    makeDecodeTable(Format::E5M2),
    makeDecodeTable(Format::Int8),
    makeDecodeTable(Format::E8M0),
    makeDecodeTable(Format::UE4M3),
}};

//===----------------------------------------------------------------------===//
// Encoding
//===----------------------------------------------------------------------===//

// Exponents given to zeros and infinities: far enough out that any clamped
// shift still rounds zeros to 0 and saturates infinities.
constexpr int32_t kZeroExponent = -(1 << 20);
constexpr int32_t kInfExponent = 1 << 20;
// Shifts beyond this already zero or saturate every f32; clamping keeps the
// exponent arithmetic far from int overflow.
constexpr int kMaxExponentShift = 1 << 16;

/// sig / 2^shift rounded to nearest, ties to even, for shift in [1, 25] and
/// sig < 2^24 (the sum cannot overflow 32 bits).
inline uint32_t roundShiftEven(uint32_t sig, int32_t shift) {
  return (sig + (1u << (shift - 1)) - 1 + ((sig >> shift) & 1)) >> shift;
}

template <Format F> inline uint8_t encodeBits(uint32_t bits, int32_t shift) {
  constexpr FormatInfo f = info(F);
  uint32_t sign = bits >> 31;
  uint32_t field = (bits >> 23) & 0xFF;
  uint32_t frac = bits & 0x7FFFFF;
  // |x| = sig * 2^(exp - 23), sig in [2^23, 2^24) unless x is 0.
  uint32_t sig = frac | 0x800000;
  int32_t exp = static_cast<int32_t>(field) - 127;
  if (field == 0) {
    int lead = frac == 0 ? 0 : __builtin_clz(frac) - 8;
    sig = frac << lead;
    exp = frac == 0 ? kZeroExponent : -126 - lead;
  } else if (field == 0xFF) {
    exp = kInfExponent;
  }
  int32_t e = exp - shift;

  uint8_t code;
  if constexpr (f.isInteger) {
    // Quantum 2^-6: |x| * 64 = sig / 2^(17 - e). A shift below 1 means
    // |x| >= 2^16, far past saturation, so clamping it changes nothing.
    int32_t rshift = std::clamp(17 - e, 1, 25);
    uint32_t mag = std::min<uint32_t>(roundShiftEven(sig, rshift), f.maxCode);
    code = static_cast<uint8_t>(sign ? 0u - mag : mag);
  } else {
    // Quantum 2^(max(e, minExponent) - mantissaBits); shifts past 25 leave
    // less than half a quantum, so they all round to 0.
    int32_t ebase = std::max(e, f.minExponent);
    int32_t rshift = std::min(23 - f.mantissaBits + (ebase - e), 25);
    int32_t mag = (ebase + f.exponentBias - 1) * (1 << f.mantissaBits) +
                  static_cast<int32_t>(roundShiftEven(sig, rshift));
    // Clamping saturates; its low end is E8M0's: below 2^-127 is code 0x00.
    mag = std::clamp(mag, 0, static_cast<int32_t>(f.maxCode));
    uint32_t signBit = f.isSigned ? sign << (f.bits - 1) : 0;
    code = static_cast<uint8_t>(static_cast<uint32_t>(mag) | signBit);
  }
  if (field == 0xFF && frac != 0) {
    if constexpr (f.nanCode < 0)
      code = 0;
    else
      code = static_cast<uint8_t>(f.nanCode |
                                  (f.isSigned ? sign << (f.bits - 1) : 0));
  }
  return code;
}

template <Format F>
void encodeLoop(const float *in, uint8_t *codes, size_t n, int32_t shift) {
  for (size_t i = 0; i < n; ++i) {
    uint32_t bits;
    std::memcpy(&bits, &in[i], sizeof(bits));
    codes[i] = encodeBits<F>(bits, shift);
  }
}

using EncodeLoop = void (*)(const float *, uint8_t *, size_t, int32_t);
constexpr std::array<EncodeLoop, kNumFormats> kEncodeLoops = {{
    encodeLoop<Format::E2M1>,
    encodeLoop<Format::E2M3>,
    encodeLoop<Format::E3M2>,
    encodeLoop<Format::E4M3>,
    encodeLoop<Format::E5M2>,
    encodeLoop<Format::Int8>,
    encodeLoop<Format::E8M0>,
    encodeLoop<Format::UE4M3>,
}};

} // namespace

const FormatInfo &microscale::formats::getFormatInfo(Format format) {
  return info(format);
}

std::optional<Format> microscale::formats::lookupFormat(std::string_view name) {
  for (int i = 0; i < kNumFormats; ++i)
    if (name == kFormatInfos[i].name)
      return static_cast<Format>(i);
  return std::nullopt;
}

bool microscale::formats::isElementFormat(Format format) {
  return format != Format::E8M0 && format != Format::UE4M3;
}

int microscale::formats::packingUnit(Format format) {
  switch (info(format).bits) {
  case 4:
    return 2;
  case 6:
    return 4;
  default:
    return 1;
  }
}

uint8_t microscale::formats::encode(Format format, float x) {
  uint8_t code;
  encodeScaled(format, &x, &code, 1, 0);
  return code;
}

uint8_t microscale::formats::encodeScaled(Format format, float x,
                                          int exponentShift) {
  uint8_t code;
  encodeScaled(format, &x, &code, 1, exponentShift);
  return code;
}

float microscale::formats::decode(Format format, uint8_t code) {
  return kDecodeTables[static_cast<size_t>(format)][code];
}

const float *microscale::formats::decodeTable(Format format) {
  return kDecodeTables[static_cast<size_t>(format)].data();
}

void microscale::formats::encode(Format format, const float *in,
                                 uint8_t *codes, size_t n) {
  encodeScaled(format, in, codes, n, 0);
}

void microscale::formats::encodeScaled(Format format, const float *in,
                                       uint8_t *codes, size_t n,
                                       int exponentShift) {
  int32_t shift =
      std::clamp(exponentShift, -kMaxExponentShift, kMaxExponentShift);
  kEncodeLoops[static_cast<size_t>(format)](in, codes, n, shift);
}

void microscale::formats::decode(Format format, const uint8_t *codes,
                                 float *out, size_t n) {
  const float *table = decodeTable(format);
  for (size_t i = 0; i < n; ++i)
    out[i] = table[codes[i]];
}
