//===- Scales.cpp - Block scale rules -------------------------------------===//

#include "microscale/Formats/Scales.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

using namespace microscale::formats;

namespace {

uint32_t bitsOf(float x) {
  uint32_t bits;
  std::memcpy(&bits, &x, sizeof(bits));
  return bits;
}

float floatOf(uint32_t bits) {
  float x;
  std::memcpy(&x, &bits, sizeof(x));
  return x;
}

/// Numerics §3.1, §3.3, §3.4: NVFP4's encode-direction factors never become
/// +Inf, which would turn 0 * g into NaN and a tiny element into +-6.
float clampToFltMax(float x) {
  return std::min(x, std::numeric_limits<float>::max());
}

/// floor(log2(x)) of a finite f32 x >= 0 read from its exponent field;
/// Numerics §2.2 gives subnormals and zero -127.
int floorExponent(uint32_t absBits) {
  int field = static_cast<int>(absBits >> 23);
  return field == 0 ? -127 : field - 127;
}

/// ceil(log2(x)) of a finite f32 x > 0, exactly, subnormals included.
int ceilLog2(uint32_t absBits) {
  uint32_t field = absBits >> 23;
  uint32_t frac = absBits & 0x7FFFFF;
  if (field != 0)
    return static_cast<int>(field) - 127 + (frac != 0);
  // x = frac * 2^-149: ceil(log2(frac)) is 0 for frac 1.
  int ceilLog2Frac = frac == 1 ? 0 : 32 - __builtin_clz(frac - 1);
  return ceilLog2Frac - 149;
}

} // namespace

uint32_t microscale::formats::absMaxBits(const float *x, size_t n) {
  uint32_t amax = 0;
  for (size_t i = 0; i < n; ++i) {
    uint32_t bits;
    std::memcpy(&bits, &x[i], sizeof(bits));
    amax = std::max(amax, bits & 0x7FFFFFFFu);
  }
  return amax;
}

int microscale::formats::e8m0ScaleExponent(float amax, Format element,
                                           ScaleRule rule) {
  uint32_t absBits = bitsOf(amax) & 0x7FFFFFFFu;
  const FormatInfo &f = getFormatInfo(element);
  int e;
  if (rule == ScaleRule::Floor) {
    e = floorExponent(absBits) - f.emaxElem;
  } else {
    // One f32 division, as the hardware convert sees it (Numerics §2.3).
    float r = floatOf(absBits) / f.largestFinite;
    uint32_t rBits = bitsOf(r);
    e = rBits == 0 ? kMinScaleExponent : ceilLog2(rBits);
  }
  return std::clamp(e, kMinScaleExponent, kMaxScaleExponent);
}

uint8_t microscale::formats::e8m0ScaleCode(float amax, Format element,
                                           ScaleRule rule) {
  if (isNonFiniteAbsBits(bitsOf(amax) & 0x7FFFFFFFu))
    return kE8M0NaNCode;
  return static_cast<uint8_t>(e8m0ScaleExponent(amax, element, rule) + 127);
}

Nvfp4Global microscale::formats::computeNvfp4Global(float tensorAmax) {
  uint32_t absBits = bitsOf(tensorAmax) & 0x7FFFFFFFu;
  if (absBits == 0 || isNonFiniteAbsBits(absBits))
    return {1.0f, 1.0f};
  float amax = floatOf(absBits);
  // Below amax ~ 7.9e-36 the division overflows.
  return {clampToFltMax(kNvfp4Range / amax), amax / kNvfp4Range};
}

Status microscale::formats::givenNvfp4Global(float global, Nvfp4Global &out) {
  if (!(global > 0.0f) || std::isinf(global)) {
    char message[128];
    std::snprintf(message, sizeof(message),
                  "the given global scale must be positive and finite, got %.9g",
                  static_cast<double>(global));
    return Status::error(message);
  }
  // A subnormal global overflows 1 / global.
  out = {clampToFltMax(1.0f / global), global};
  return Status::success();
}

uint8_t microscale::formats::nvfp4BlockScaleCode(float blockAmax,
                                                 float encodeScale) {
  uint32_t absBits = bitsOf(blockAmax) & 0x7FFFFFFFu;
  if (isNonFiniteAbsBits(absBits))
    return kUE4M3NaNCode;
  return encode(Format::UE4M3, (floatOf(absBits) / 6.0f) * encodeScale);
}

float microscale::formats::nvfp4ElementFactor(float encodeScale,
                                              uint8_t scaleCode) {
  // g <= FLT_MAX over s >= 2^-9 may still overflow.
  return clampToFltMax(encodeScale / decode(Format::UE4M3, scaleCode));
}
