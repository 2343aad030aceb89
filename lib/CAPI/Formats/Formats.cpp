//===- Formats.cpp - C API of the numerics core ---------------------------===//
//
// Thin wrappers over microscale::formats: arguments are checked here (enum
// ranges, null pointers) so the C++ core can take them as preconditions, and
// failures leave their message in a thread-local string for msLastError.
//
//===----------------------------------------------------------------------===//

#include "microscale-c/Formats.h"

#include "microscale/Formats/ElementFormats.h"
#include "microscale/Formats/Packing.h"
#include "microscale/Formats/Reference.h"
#include "microscale/Formats/ScaleLayout.h"
#include "microscale/Formats/Scheme.h"

#include <optional>
#include <string>

using namespace microscale::formats;

static_assert(MS_FORMAT_E2M1 == static_cast<int>(Format::E2M1) &&
                  MS_FORMAT_E2M3 == static_cast<int>(Format::E2M3) &&
                  MS_FORMAT_E3M2 == static_cast<int>(Format::E3M2) &&
                  MS_FORMAT_E4M3 == static_cast<int>(Format::E4M3) &&
                  MS_FORMAT_E5M2 == static_cast<int>(Format::E5M2) &&
                  MS_FORMAT_INT8 == static_cast<int>(Format::Int8) &&
                  MS_FORMAT_E8M0 == static_cast<int>(Format::E8M0) &&
                  MS_FORMAT_UE4M3 == static_cast<int>(Format::UE4M3),
              "MsFormat and Format must number the formats alike");
static_assert(MS_SCALE_FLOOR == static_cast<int>(ScaleRule::Floor) &&
                  MS_SCALE_RCEIL == static_cast<int>(ScaleRule::RCeil),
              "MsScaleRule and ScaleRule must number the rules alike");

namespace {

thread_local std::string lastError;

int32_t fail(std::string message) {
  lastError = std::move(message);
  return MS_ERROR_INVALID_ARGUMENT;
}

int32_t report(const Status &status) {
  return status.ok() ? MS_OK : fail(status.message());
}

std::optional<Format> toFormat(int value) {
  if (value < 0 || value >= kNumFormats) {
    fail("unknown format " + std::to_string(value));
    return std::nullopt;
  }
  return static_cast<Format>(value);
}

std::optional<Scheme> toScheme(const MsScheme *scheme) {
  if (!scheme) {
    fail("the scheme pointer is null");
    return std::nullopt;
  }
  for (int value : {static_cast<int>(scheme->element),
                    static_cast<int>(scheme->scale)}) {
    if (value < 0 || value >= kNumFormats) {
      fail("the scheme names an unknown format " + std::to_string(value));
      return std::nullopt;
    }
  }
  Scheme result{static_cast<Format>(scheme->element), scheme->blockSize,
                static_cast<Format>(scheme->scale), scheme->hasGlobal != 0};
  if (Status status = verifyScheme(result); !status.ok()) {
    fail(status.message());
    return std::nullopt;
  }
  return result;
}

MsScheme toMsScheme(const Scheme &scheme) {
  return {static_cast<MsFormat>(scheme.element), scheme.blockSize,
          static_cast<MsFormat>(scheme.scale), scheme.hasGlobal ? 1 : 0};
}

} // namespace

extern "C" {

int32_t msSchemeByName(const char *name, MsScheme *out) {
  if (!name || !out)
    return fail("msSchemeByName needs a name and an output scheme");
  std::optional<Scheme> scheme = lookupScheme(name);
  if (!scheme) {
    std::string known;
    for (const NamedScheme &named : namedSchemes())
      known += (known.empty() ? "" : ", ") + std::string(named.name);
    return fail("unknown scheme '" + std::string(name) + "'; expected one of " +
                known);
  }
  *out = toMsScheme(*scheme);
  return MS_OK;
}

int32_t msSchemeVerify(const MsScheme *scheme) {
  return toScheme(scheme) ? MS_OK : MS_ERROR_INVALID_ARGUMENT;
}

int32_t msFormatBits(MsFormat format) {
  std::optional<Format> f = toFormat(format);
  return f ? getFormatInfo(*f).bits : MS_ERROR_INVALID_ARGUMENT;
}

int32_t msFormatPackingUnit(MsFormat format) {
  std::optional<Format> f = toFormat(format);
  return f ? packingUnit(*f) : MS_ERROR_INVALID_ARGUMENT;
}

void msEncode(MsFormat format, const float *in, uint8_t *codes, size_t n) {
  if (std::optional<Format> f = toFormat(format))
    encode(*f, in, codes, n);
}

void msDecode(MsFormat format, const uint8_t *codes, float *out, size_t n) {
  if (std::optional<Format> f = toFormat(format))
    decode(*f, codes, out, n);
}

int32_t msPack(MsFormat format, const uint8_t *codes, uint8_t *packed,
               size_t n) {
  std::optional<Format> f = toFormat(format);
  return f ? report(pack(*f, codes, packed, n)) : MS_ERROR_INVALID_ARGUMENT;
}

int32_t msUnpack(MsFormat format, const uint8_t *packed, uint8_t *codes,
                 size_t n) {
  std::optional<Format> f = toFormat(format);
  return f ? report(unpack(*f, packed, codes, n)) : MS_ERROR_INVALID_ARGUMENT;
}

size_t msDataBytes(const MsScheme *scheme, int64_t rows, int64_t cols) {
  std::optional<Scheme> s = toScheme(scheme);
  return s ? dataBytes(*s, rows, cols) : 0;
}

size_t msScaleBytes(const MsScheme *scheme, int64_t rows, int64_t cols) {
  std::optional<Scheme> s = toScheme(scheme);
  return s ? scaleBytes(*s, rows, cols) : 0;
}

int32_t msQuantize(const MsScheme *scheme, MsScaleRule rule, const float *x,
                   int64_t rows, int64_t cols, const float *givenGlobal,
                   uint8_t *data, uint8_t *scales, float *globalOut) {
  std::optional<Scheme> s = toScheme(scheme);
  if (!s)
    return MS_ERROR_INVALID_ARGUMENT;
  if (rule != MS_SCALE_FLOOR && rule != MS_SCALE_RCEIL)
    return fail("unknown scale rule " + std::to_string(rule));
  std::optional<float> given;
  if (givenGlobal)
    given = *givenGlobal;
  return report(quantize(*s, static_cast<ScaleRule>(rule), x, rows, cols,
                         given, data, scales, globalOut));
}

int32_t msDequantize(const MsScheme *scheme, const uint8_t *data,
                     const uint8_t *scales, float global, int64_t rows,
                     int64_t cols, float *out) {
  std::optional<Scheme> s = toScheme(scheme);
  if (!s)
    return MS_ERROR_INVALID_ARGUMENT;
  return report(dequantize(*s, data, scales, global, rows, cols, out));
}

size_t msSwizzledBytes(int64_t rows, int64_t cols) {
  return swizzledBytes(rows, cols);
}

void msSwizzleScales(const uint8_t *rowMajor, int64_t rows, int64_t cols,
                     uint8_t *swizzled) {
  swizzleScales(rowMajor, rows, cols, swizzled);
}

void msUnswizzleScales(const uint8_t *swizzled, int64_t rows, int64_t cols,
                       uint8_t *rowMajor) {
  unswizzleScales(swizzled, rows, cols, rowMajor);
}

int32_t msMatmul(const MsScheme *schemeA, const uint8_t *dataA,
                 const uint8_t *scalesA, float globalA,
                 const MsScheme *schemeB, const uint8_t *dataB,
                 const uint8_t *scalesB, float globalB, int64_t m, int64_t n,
                 int64_t k, const float *acc, float *c) {
  std::optional<Scheme> a = toScheme(schemeA);
  if (!a)
    return MS_ERROR_INVALID_ARGUMENT;
  std::optional<Scheme> b = toScheme(schemeB);
  if (!b)
    return MS_ERROR_INVALID_ARGUMENT;
  return report(matmul(MatmulOperand::quantized(*a, dataA, scalesA, globalA),
                       MatmulOperand::quantized(*b, dataB, scalesB, globalB),
                       m, n, k, acc, c));
}

const char *msLastError(void) { return lastError.c_str(); }

} // extern "C"
