//===- Quantize.cpp - Reference block quantization and dequantization -----===//
//
// Rows are quantized into element codes one byte each, then packed; 8-bit
// formats encode straight into the output. Every block takes one pass for
// its amax and one for its codes.
//
//===----------------------------------------------------------------------===//

#include "microscale/Formats/Packing.h"
#include "microscale/Formats/Reference.h"

#include <cstring>
#include <vector>

using namespace microscale::formats;

namespace {

float floatOf(uint32_t bits) {
  float x;
  std::memcpy(&x, &bits, sizeof(x));
  return x;
}

/// OCP MX (Numerics §2): a power-of-two scale per block; elements are encoded
/// from the exact x / 2^e.
void quantizeRowMX(const Scheme &scheme, ScaleRule rule, const float *x,
                   int64_t cols, uint8_t *codes, uint8_t *scales) {
  size_t blockSize = static_cast<size_t>(scheme.blockSize);
  for (int64_t b = 0; b < cols / scheme.blockSize; ++b) {
    const float *block = x + b * scheme.blockSize;
    uint8_t *blockCodes = codes + b * scheme.blockSize;
    uint32_t amax = absMaxBits(block, blockSize);
    if (isNonFiniteAbsBits(amax)) {
      scales[b] = kE8M0NaNCode;
      std::memset(blockCodes, 0, blockSize);
      continue;
    }
    int e = e8m0ScaleExponent(floatOf(amax), scheme.element, rule);
    scales[b] = static_cast<uint8_t>(e - kMinScaleExponent);
    encodeScaled(scheme.element, block, blockCodes, blockSize, e);
  }
}

/// NVFP4 (Numerics §3.4): s = e4m3((amax_b / 6) * g), q = e2m1(x * f) with
/// f = min(g / s, FLT_MAX).
/// `scaled` is scratch space for one block.
void quantizeRowNvfp4(const Scheme &scheme, const Nvfp4Global &global,
                      const float *x, int64_t cols, uint8_t *codes,
                      uint8_t *scales, float *scaled) {
  size_t blockSize = static_cast<size_t>(scheme.blockSize);
  for (int64_t b = 0; b < cols / scheme.blockSize; ++b) {
    const float *block = x + b * scheme.blockSize;
    uint8_t *blockCodes = codes + b * scheme.blockSize;
    uint32_t amax = absMaxBits(block, blockSize);
    uint8_t s = nvfp4BlockScaleCode(floatOf(amax), global.encode);
    scales[b] = s;
    if (isNonFiniteAbsBits(amax) || s == 0) {
      std::memset(blockCodes, 0, blockSize);
      continue;
    }
    float factor = nvfp4ElementFactor(global.encode, s);
    for (size_t i = 0; i < blockSize; ++i)
      scaled[i] = block[i] * factor;
    encode(scheme.element, scaled, blockCodes, blockSize);
  }
}

} // namespace

Status microscale::formats::quantize(const Scheme &scheme, ScaleRule rule,
                                     const float *x, int64_t rows,
                                     int64_t cols,
                                     std::optional<float> givenGlobal,
                                     uint8_t *data, uint8_t *scales,
                                     float *globalOut) {
  if (Status status = verifyShape(scheme, rows, cols); !status.ok())
    return status;
  if (givenGlobal && !scheme.hasGlobal)
    return Status::error("a given global scale applies only to schemes with "
                         "a global scale (ue4m3 scales)");
  Nvfp4Global global{1.0f, 1.0f};
  if (scheme.hasGlobal) {
    if (givenGlobal) {
      if (Status status = givenNvfp4Global(*givenGlobal, global); !status.ok())
        return status;
    } else {
      size_t count = static_cast<size_t>(rows) * static_cast<size_t>(cols);
      global = computeNvfp4Global(floatOf(absMaxBits(x, count)));
    }
  }
  if (globalOut)
    *globalOut = global.decode;

  bool packed = getFormatInfo(scheme.element).bits != 8;
  size_t rowBytes = packedBytes(scheme.element, static_cast<size_t>(cols));
  int64_t rowScales = cols / scheme.blockSize;
  std::vector<uint8_t> rowCodes(packed ? static_cast<size_t>(cols) : 0);
  std::vector<float> scaled(scheme.hasGlobal ? scheme.blockSize : 0);
  for (int64_t r = 0; r < rows; ++r) {
    uint8_t *rowData = data + r * rowBytes;
    uint8_t *codes = packed ? rowCodes.data() : rowData;
    if (scheme.hasGlobal)
      quantizeRowNvfp4(scheme, global, x + r * cols, cols, codes,
                       scales + r * rowScales, scaled.data());
    else
      quantizeRowMX(scheme, rule, x + r * cols, cols, codes,
                    scales + r * rowScales);
    if (packed) {
      if (Status status = pack(scheme.element, codes, rowData, cols);
          !status.ok())
        return status;
    }
  }
  return Status::success();
}

Status microscale::formats::dequantize(const Scheme &scheme,
                                       const uint8_t *data,
                                       const uint8_t *scales, float global,
                                       int64_t rows, int64_t cols,
                                       float *out) {
  if (Status status = verifyShape(scheme, rows, cols); !status.ok())
    return status;
  const float *values = decodeTable(scheme.element);
  const float *scaleValues = decodeTable(scheme.scale);
  bool packed = getFormatInfo(scheme.element).bits != 8;
  size_t rowBytes = packedBytes(scheme.element, static_cast<size_t>(cols));
  int64_t blockSize = scheme.blockSize;
  int64_t rowScales = cols / blockSize;
  std::vector<uint8_t> rowCodes(packed ? static_cast<size_t>(cols) : 0);
  for (int64_t r = 0; r < rows; ++r) {
    const uint8_t *codes = data + r * rowBytes;
    if (packed) {
      if (Status status = unpack(scheme.element, codes, rowCodes.data(), cols);
          !status.ok())
        return status;
      codes = rowCodes.data();
    }
    for (int64_t b = 0; b < rowScales; ++b) {
      float s = scaleValues[scales[r * rowScales + b]];
      const uint8_t *c = codes + b * blockSize;
      float *o = out + r * cols + b * blockSize;
      // Each product is one f32 multiplication, in the order of Numerics
      // §2.6 / §3.5.
      if (scheme.hasGlobal) {
        for (int64_t i = 0; i < blockSize; ++i)
          o[i] = (values[c[i]] * s) * global;
      } else {
        for (int64_t i = 0; i < blockSize; ++i)
          o[i] = values[c[i]] * s;
      }
    }
  }
  return Status::success();
}
