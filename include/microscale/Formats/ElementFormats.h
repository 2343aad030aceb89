//===- ElementFormats.h - Element and scale formats, f32 codecs -*- C++ -*-===//
//
// The formats of Numerics §1 and their conversions from and to f32.
// A code is one byte holding the format's bits in its low bits, the sign (if
// any) in the format's top bit.
//
// Encoding is exact integer arithmetic on the f32 bit pattern: round to
// nearest, ties to even; magnitudes past the largest finite value, +-Inf
// included, saturate to it; the sign is kept on results that round to zero;
// NaN becomes the format's NaN with its sign, or +0 where there is none.
// INT8 (MXINT8) has an implicit scale 2^-6, clamps to [-127, 127] and encodes
// zero as +0. The scale formats E8M0 and UE4M3 are unsigned and encode |x|;
// E8M0 has no zero (anything below 2^-127 gives 0x00) and rounds a tie
// between two powers of two up, the tie-to-even of a significand without
// fraction bits.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_FORMATS_ELEMENTFORMATS_H
#define MICROSCALE_FORMATS_ELEMENTFORMATS_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace microscale::formats {

/// The numbering matches MsFormat of the C API.
enum class Format : uint8_t {
  E2M1 = 0,
  E2M3 = 1,
  E3M2 = 2,
  E4M3 = 3,
  E5M2 = 4,
  Int8 = 5,
  E8M0 = 6,
  UE4M3 = 7,
};
constexpr int kNumFormats = 8;

/// Static description of a format.
struct FormatInfo {
  const char *name;  // "e2m1", ..., "int8", "e8m0", "ue4m3"
  int bits;          // storage bits: 4, 6 or 8
  int mantissaBits;  // fraction bits (0 for INT8 and E8M0)
  int exponentBias;  // 0 for INT8
  int minExponent;   // unbiased exponent of the smallest normal binade
  bool isSigned;     // false for the scale formats, which encode |x|
  bool isInteger;    // the MXINT8 element
  uint8_t maxCode;   // code of the largest finite magnitude
  int nanCode;       // code of +NaN, or -1 where NaN encodes to +0
  int emaxElem;      // largest binade's exponent (Numerics §2.2); E8M0: 127
  float largestFinite;
};

const FormatInfo &getFormatInfo(Format format);

/// The format called `name` ("e2m1", "int8", "ue4m3"...), if any.
std::optional<Format> lookupFormat(std::string_view name);

/// True for the formats a block may hold as elements (not E8M0 or UE4M3).
bool isElementFormat(Format format);

/// Elements per storage unit: 2 for 4-bit, 4 (in 3 bytes) for 6-bit, else 1.
int packingUnit(Format format);

/// Encodes one f32 value.
uint8_t encode(Format format, float x);
/// Encodes the exact value x / 2^exponentShift (no rounded f32 intermediate,
/// so quotients below the f32 normal range are rounded only once).
uint8_t encodeScaled(Format format, float x, int exponentShift);
/// The f32 value of a code; bits above the format's width are ignored.
float decode(Format format, uint8_t code);

/// 256 f32 values indexed by a whole byte (bits above the format's width are
/// ignored), so a decode is one load.
const float *decodeTable(Format format);

void encode(Format format, const float *in, uint8_t *codes, size_t n);
void encodeScaled(Format format, const float *in, uint8_t *codes, size_t n,
                  int exponentShift);
void decode(Format format, const uint8_t *codes, float *out, size_t n);

} // namespace microscale::formats

#endif // MICROSCALE_FORMATS_ELEMENTFORMATS_H
