//===- Oracle.h - Slow, independent restatement of Numerics.md -*- C++ -*-===//
//
// Expected values for the unit tests, derived from docs/Numerics.md's
// definitions rather than from the library: code values from the bit fields in
// long double, encoding by nearest-value search over every code with an
// explicit tie rule, scale exponents by ilogb/ldexp, packing as a little-endian
// bit stream. Only the Format enum is shared with the code under test, as a
// name.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_TEST_UNIT_FORMATS_ORACLE_H
#define MICROSCALE_TEST_UNIT_FORMATS_ORACLE_H

#include "microscale/Formats/ElementFormats.h"

#include <cstdint>
#include <string>
#include <vector>

namespace oracle {

using microscale::formats::Format;

const std::vector<Format> &allFormats();
const std::vector<Format> &elementFormats();
std::string name(Format format);

/// Numerics §1's table, typed in from docs/Numerics.md.
struct SpecRow {
  int bits;
  long double largestFinite;
  long double smallest; // smallest subnormal; E8M0: smallest value
  int emaxElem;
  int mantissaBits;
};
SpecRow specRow(Format format);

/// Exact value of a code (its low `bits` bits); NaN or +-Inf for specials.
long double value(Format format, unsigned code);
bool isNaNCode(Format format, unsigned code);

/// Codes whose value is finite and >= 0 with no sign bit set, ascending.
struct CodeValue {
  long double value;
  unsigned code;
};
const std::vector<CodeValue> &nonNegativeCodes(Format format);

/// Numerics §1 conversion of an exact real x: nearest code, ties to the
/// even code (E8M0, which has no fraction bits: to the larger power of two),
/// saturating, sign kept on zero results, the NaN rules.
unsigned encode(Format format, long double x);

/// floor / rceil scale exponents of Numerics §2.2 / §2.3 for a finite amax.
int floorScaleExponent(Format element, float amax);
int rceilScaleExponent(Format element, float amax);

/// Element i of a packed row read as a little-endian bit stream.
unsigned packedCode(Format format, const uint8_t *row, int64_t i);

/// x as a float, asserting (via a test failure) that it is exact.
float exactFloat(long double x);

} // namespace oracle

#endif // MICROSCALE_TEST_UNIT_FORMATS_ORACLE_H
