//===- Scales.h - Block scale rules (E8M0, UE4M3, NVFP4 global) -*- C++ -*-===//
//
// OCP MX power-of-two block scales (Numerics §2.2-2.4) and NVFP4's two-level
// scales (Numerics §3). Every step those sections state in f32 is one f32
// operation here, in their order.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_FORMATS_SCALES_H
#define MICROSCALE_FORMATS_SCALES_H

#include "microscale/Formats/ElementFormats.h"
#include "microscale/Formats/Status.h"

#include <cstddef>
#include <cstdint>

namespace microscale::formats {

/// How an E8M0 block scale exponent is derived from the block's amax.
/// The numbering matches MsScaleRule of the C API.
enum class ScaleRule : uint8_t {
  Floor = 0, // OCP MX v1.0: exponent of amax minus emax_elem
  RCeil = 1, // amax / largest finite, rounded up to a power of two
};

constexpr int kMinScaleExponent = -127;
constexpr int kMaxScaleExponent = 127;
constexpr uint8_t kE8M0NaNCode = 0xFF;  // scale of a block holding NaN/Inf
constexpr uint8_t kUE4M3NaNCode = 0x7F; // the same for NVFP4
/// 448 * 6: largest UE4M3 scale times largest E2M1 element.
constexpr float kNvfp4Range = 2688.0f;

/// The f32 bit pattern of max |x_i|. Comparing |x| bit patterns as integers
/// orders finite values like floats and puts Inf and NaN above them all.
uint32_t absMaxBits(const float *x, size_t n);
/// True for the bit pattern of |x| when x is NaN or +-Inf.
inline bool isNonFiniteAbsBits(uint32_t absBits) {
  return absBits >= 0x7F800000u;
}

/// The scale exponent e in [-127, 127] of a block with finite amax >= 0.
int e8m0ScaleExponent(float amax, Format element, ScaleRule rule);
/// The E8M0 scale code (e + 127) of a block; 0xFF when amax is NaN or Inf.
uint8_t e8m0ScaleCode(float amax, Format element, ScaleRule rule);

/// NVFP4's tensor scales: `encode` multiplies inside quantization (g of
/// Numerics §3.1), `decode` is the global the project stores (amax_t / 2688).
struct Nvfp4Global {
  float encode;
  float decode;
};
/// From the tensor's amax (Numerics §3.1-3.2): g = min(2688 / amax, FLT_MAX);
/// both 1 when amax is 0, NaN or Inf.
Nvfp4Global computeNvfp4Global(float tensorAmax);
/// From a given decode-direction global (Numerics §3.3), which must be positive
/// and finite; g = min(1 / global, FLT_MAX).
Status givenNvfp4Global(float global, Nvfp4Global &out);
/// The UE4M3 block scale code e4m3((amax_b / 6) * g); 0x7F for NaN/Inf amax.
uint8_t nvfp4BlockScaleCode(float blockAmax, float encodeScale);
/// What a block's elements are multiplied by before E2M1 rounding:
/// min(g / float(s), FLT_MAX) for a finite, nonzero block scale code s
/// (Numerics §3.4). Always finite, so a zero element stays a zero.
float nvfp4ElementFactor(float encodeScale, uint8_t scaleCode);

} // namespace microscale::formats

#endif // MICROSCALE_FORMATS_SCALES_H
